"""kit.analysis.keyness: tables checked against kit.stats on counts written by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from kit.analysis._keyness import (group_sides, is_number, keyness, keyness_one_vs_rest, log_ratio_ci,
                                   top_keywords)
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.stats import adjust_p, dispersion_scores, keyness_scores

# target: t1 = 群众 群众 治理 的 。 2026 ; t2 = 群众 服务 。
# reference: r1 = 经济 经济 治理 的 。 ; r2 = 经济 服务 。 ; r3 = 治理 群众 。
TARGET_DOCS = {"t1": ["群众", "群众", "治理", "的", "。", "2026"], "t2": ["群众", "服务", "。"]}
REFERENCE_DOCS = {"r1": ["经济", "经济", "治理", "的", "。"], "r2": ["经济", "服务", "。"],
                  "r3": ["治理", "群众", "。"]}
# By hand, punctuation out of the sizes (c = 5 + 2, d = 4 + 2 + 2), 的 and 2026 out of the items:
C, D = 7, 8
HAND = {"群众": (3, 1), "治理": (1, 2), "服务": (1, 1), "经济": (0, 3)}


def corpus_of(docs, name):
    frame = pd.DataFrame({"doc_id": list(docs), "title": "", "text": ["".join(t) for t in docs.values()]})
    return Corpus(frame, name=name)


def tokens_of(docs):
    return pd.DataFrame([(doc, tok) for doc, toks in docs.items() for tok in toks],
                        columns=["doc_id", "token"])


LEXICON = Lexicon.from_entries([
    {"phrase": "群众服务", "category": "民生", "gloss": "service to the masses"},
    {"phrase": "经济", "category": "经济", "gloss": "economy"},
])


@pytest.fixture
def pair():
    return (corpus_of(TARGET_DOCS, "target"), corpus_of(REFERENCE_DOCS, "reference"),
            tokens_of(TARGET_DOCS), tokens_of(REFERENCE_DOCS))


def run(pair, **options):
    """keyness on the hand-counted pair; every item kept unless a test asks for the range filter."""
    target, reference, tt, rt = pair
    options.setdefault("min_range", 1)
    return keyness(target, reference, tokens=tt, reference_tokens=rt, lexicon=LEXICON, **options)


def test_table_matches_kit_stats_on_hand_counts(pair):
    table = run(pair).set_index("item")
    assert sorted(table.index) == sorted(HAND)
    items = list(HAND)
    a = [HAND[i][0] for i in items]
    b = [HAND[i][1] for i in items]
    expected = keyness_scores(a, b, C, D)
    expected.index = items
    got = table.loc[items]
    assert (got["freq_target"] == a).all() and (got["freq_reference"] == b).all()
    assert (got["size_target"] == C).all() and (got["size_reference"] == D).all()
    for column in expected.columns:
        np.testing.assert_allclose(got[column].to_numpy(), expected[column].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(got["rel_target"], np.array(a) / C * 10_000)
    np.testing.assert_allclose(got["rel_reference"], np.array(b) / D * 10_000)
    np.testing.assert_allclose(got["p_adjusted"], adjust_p(expected["p_value"].to_numpy()))
    assert (got["kind"] == "token").all()
    # category and gloss come from the lexicon for a token that spells an entry
    assert table.loc["经济", "gloss"] == "economy" and pd.isna(table.loc["群众", "gloss"])


def test_ranges_and_dispersion_by_hand(pair):
    table = run(pair).set_index("item")
    assert table.loc["群众", ["range_target", "range_reference"]].tolist() == [2, 1]
    assert table.loc["经济", ["range_target", "range_reference"]].tolist() == [0, 2]
    # part sizes in tokens, punctuation out: t1 5, t2 2; r1 4, r2 2, r3 2
    dp_t = dispersion_scores([2, 1], [5, 2])["dp"].iloc[0]
    dp_r = dispersion_scores([0, 0, 1], [4, 2, 2])["dp"].iloc[0]
    assert table.loc["群众", "dp_target"] == pytest.approx(dp_t)
    assert table.loc["群众", "dp_reference"] == pytest.approx(dp_r)
    assert math.isnan(table.loc["经济", "dp_target"])


def test_sorted_by_log_ratio_positive_first(pair):
    assert run(pair)["item"].tolist() == ["群众", "服务", "治理", "经济"]


def test_sort_by_signed_g2(pair):
    table = run(pair, sort="g2")
    signed = (table["g2"] * table["direction"]).to_numpy()
    assert (np.diff(signed) <= 0).all()


def test_log_ratio_ci_by_hand():
    # a=4 of 20, b=1 of 40: Log Ratio = log2(8) = 3; SE = sqrt(1/4 + 1) / ln 2
    half = 1.959963984540054 * math.sqrt(1.25) / math.log(2)
    got = log_ratio_ci([4], [1], 20, 40).iloc[0]
    assert got["log_ratio"] == pytest.approx(3.0)
    assert got["log_ratio_ci_low"] == pytest.approx(3.0 - half)
    assert got["log_ratio_ci_high"] == pytest.approx(3.0 + half)
    assert half == pytest.approx(3.16139, abs=1e-5)
    # a zero frequency counts as 0.5, as for the Log Ratio itself
    zero = log_ratio_ci([0], [2], 10, 10).iloc[0]
    assert zero["log_ratio"] == pytest.approx(math.log2(0.25))
    assert zero["log_ratio_ci_high"] - zero["log_ratio"] == pytest.approx(
        1.959963984540054 * math.sqrt(2 + 0.5) / math.log(2))
    ninety = log_ratio_ci([4], [1], 20, 40, confidence=0.90).iloc[0]
    assert ninety["log_ratio_ci_high"] - 3 == pytest.approx(1.6448536 * math.sqrt(1.25) / math.log(2))


def test_table_carries_ci(pair):
    table = run(pair).set_index("item")
    row = table.loc["群众"]
    half = 1.959963984540054 * math.sqrt(1 / 3 + 1 / 1) / math.log(2)
    assert row["log_ratio_ci_low"] == pytest.approx(row["log_ratio"] - half)


@pytest.mark.parametrize("options, expected", [
    ({"min_freq": 2}, {"群众", "治理", "经济"}),
    ({"min_freq": 2, "min_freq_in": "target"}, {"群众"}),
    ({"min_freq": 1, "min_freq_in": "both"}, {"群众", "治理", "服务"}),
    ({"min_range": 2}, {"群众", "治理", "经济"}),  # 服务 is positive but in one target document
    ({"direction": "positive"}, {"群众", "服务"}),
    ({"direction": "negative"}, {"治理", "经济"}),
])
def test_filters(pair, options, expected):
    assert set(run(pair, **options)["item"]) == expected


def test_negative_direction_lists_strongest_first(pair):
    assert run(pair, direction="negative")["item"].tolist() == ["经济", "治理"]


def test_max_p_filters_on_adjusted_p(pair):
    items = list(HAND)
    p = keyness_scores([HAND[i][0] for i in items], [HAND[i][1] for i in items], C, D)["p_value"]
    adjusted = dict(zip(items, adjust_p(p.to_numpy())))
    threshold = sorted(adjusted.values())[1]
    expected = {i for i, v in adjusted.items() if v <= threshold}
    assert set(run(pair, max_p=threshold)["item"]) == expected
    bonferroni = dict(zip(items, adjust_p(p.to_numpy(), method="bonferroni")))
    table = run(pair, p_adjust="bonferroni").set_index("item")
    assert table.loc["群众", "p_adjusted"] == pytest.approx(bonferroni["群众"])


def test_stopword_number_and_punctuation_switches(pair):
    with_stop = run(pair, remove_stopwords=False).set_index("item")
    assert with_stop.loc["的", ["freq_target", "freq_reference"]].tolist() == [1, 1]
    assert with_stop["size_target"].iloc[0] == C  # stopwords stay in the size
    with_numbers = run(pair, remove_numbers=False).set_index("item")
    assert with_numbers.loc["2026", "freq_target"] == 1
    with_punct = run(pair, remove_punct=False).set_index("item")
    assert with_punct.loc["。", ["freq_target", "freq_reference"]].tolist() == [2, 3]
    assert with_punct["size_target"].iloc[0] == C + 2 and with_punct["size_reference"].iloc[0] == D + 3


def test_is_number():
    assert is_number(["1998年", "１２月", "一九九八年", "三十", "50%", "2.5", "群众", "一老一小", "年"]).tolist() == [
        True, True, True, True, True, True, False, False, False]


def test_entries_counted_on_characters_with_token_sizes(pair):
    table = run(pair, unit="entry").set_index("item")
    # 群众服务 in t2's text "群众服务。"; 经济 twice in r1 and once in r2
    assert table.loc["群众服务", ["freq_target", "freq_reference"]].tolist() == [1, 0]
    assert table.loc["经济", ["freq_target", "freq_reference"]].tolist() == [0, 3]
    expected = keyness_scores([1, 0], [0, 3], C, D)
    np.testing.assert_allclose(table.loc[["群众服务", "经济"], "g2"], expected["g2"])
    assert (table["kind"] == "entry").all()
    assert table.loc["群众服务", "category"] == "民生"


def test_entries_take_their_sizes_from_the_punctuation_the_tokens_mark(pair):
    # tokens from the kit carry is_punct; counting entries then reads no token text at all, so a
    # token marked as punctuation leaves the size even when it is not (2026 here)
    target, reference, tt, rt = pair
    marked = [frame.assign(is_punct=frame["token"].isin(["。", "2026"])) for frame in (tt, rt)]
    table = keyness(target, reference, tokens=marked[0], reference_tokens=marked[1], lexicon=LEXICON,
                    unit="entry", min_range=1).set_index("item")
    assert table["size_target"].iloc[0] == C - 1 and table["size_reference"].iloc[0] == D
    assert table.loc["经济", ["freq_target", "freq_reference"]].tolist() == [0, 3]


def test_both_units_stacked_with_kind(pair):
    table = run(pair, unit="both")
    assert set(table["kind"]) == {"token", "entry"}
    assert len(table) == len(HAND) + 2
    assert table.loc[table["kind"] == "entry", "size_target"].iloc[0] == C


def test_groups_of_one_corpus_match_two_corpora(pair):
    docs = {**TARGET_DOCS, **REFERENCE_DOCS}
    corpus = corpus_of(docs, "all")
    corpus.docs["genre"] = ["news", "news", "commentary", "commentary", "feature"]
    by_group = keyness(corpus, by="genre", group="news", tokens=tokens_of(docs), lexicon=LEXICON,
                       min_range=1)
    direct = run(pair)
    pd.testing.assert_frame_equal(by_group.reset_index(drop=True), direct.reset_index(drop=True))
    assert by_group.attrs["target"] == "genre=news"
    only = keyness(corpus, by="genre", group="news", reference_group="feature",
                   tokens=tokens_of(docs), lexicon=LEXICON).set_index("item")
    assert only.loc["群众", ["freq_target", "freq_reference"]].tolist() == [3, 1]
    assert only["size_reference"].iloc[0] == 2


def test_the_sides_of_many_documents_are_those_of_their_doc_ids():
    # 12,000 documents in shuffled order, ids of mixed scripts (an ideograph beyond the BMP sorts after a
    # full-width letter by code point, before it in UTF-16): target in document order, the rest in doc_id
    # order, as the set difference of the ids gives them; with reference_group, in document order
    rng = np.random.default_rng(16)
    n = 12_000
    starts = ["a", "Z", "中", "Ａ", "\U00020000", "é"]
    ids = [f"{starts[i % len(starts)]}{i:05d}" for i in rng.permutation(n)]
    values = rng.choice(np.array(["x", "y", "w", None], dtype=object), size=n)
    docs = pd.DataFrame({"doc_id": ids, "half": values})
    with pytest.warns(UserWarning, match="have no 'half' value"):
        target, reference, undefined = group_sides(docs, "half", "x", None, "many")
    assert target.tolist() == [i for i in range(n) if values[i] == "x"]
    rest = sorted({ids[i] for i in range(n) if values[i] is not None} - {ids[i] for i in target})
    assert [ids[i] for i in reference] == rest
    assert undefined == sum(v is None for v in values)
    with pytest.warns(UserWarning):
        target, reference, _ = group_sides(docs, "half", ["x", "w"], "y", "many")
    assert target.tolist() == [i for i in range(n) if values[i] in ("x", "w")]
    assert reference.tolist() == [i for i in range(n) if values[i] == "y"]
    with pytest.raises(ValueError, match="share documents"):
        group_sides(docs, "half", ["x", "y"], "y", "many")


def test_a_doc_id_repeated_in_two_partitions_is_named():
    docs = pd.DataFrame({"doc_id": ["p1-a", "p1-b", "p1-a"], "half": ["x", "y", "y"]})
    with pytest.raises(ValueError, match="doc_id 'p1-a' occurs more than once in 'lazy'"):
        group_sides(docs, "half", "x", None, "lazy")


def test_one_vs_rest_hand_counts():
    docs = {"d1": ["群众", "群众", "治理"], "d2": ["群众"], "d3": ["经济", "治理"], "d4": ["文化", "群众"],
            "d5": ["群众"]}
    corpus = corpus_of(docs, "c")
    corpus.docs["genre"] = ["a", "a", "b", "c", None]
    with pytest.warns(UserWarning, match="1 document"):
        table = keyness_one_vs_rest(corpus, "genre", tokens=tokens_of(docs), lexicon=LEXICON, min_range=1)
    # each group against the sum of the others (d5, without a genre, is in neither)
    hand = {
        "a": ({"群众": (3, 1), "治理": (1, 1), "经济": (0, 1), "文化": (0, 1)}, 4, 4),
        "b": ({"经济": (1, 0), "治理": (1, 1), "群众": (0, 4), "文化": (0, 1)}, 2, 6),
        "c": ({"文化": (1, 0), "群众": (1, 3), "治理": (0, 2), "经济": (0, 1)}, 2, 6),
    }
    assert list(dict.fromkeys(table["group"])) == ["a", "b", "c"]
    for group, (counts, c, d) in hand.items():
        block = table[table["group"] == group].set_index("item")
        assert set(block.index) == set(counts)
        items = list(counts)
        assert block.loc[items, "freq_target"].tolist() == [counts[i][0] for i in items]
        assert block.loc[items, "freq_reference"].tolist() == [counts[i][1] for i in items]
        assert (block["size_target"] == c).all() and (block["size_reference"] == d).all()
        expected = keyness_scores([counts[i][0] for i in items], [counts[i][1] for i in items], c, d)
        np.testing.assert_allclose(block.loc[items, "log_ratio"], expected["log_ratio"])
        np.testing.assert_allclose(block.loc[items, "p_adjusted"], adjust_p(expected["p_value"].to_numpy()))
    assert table.attrs["groups"]["a"] == {"documents": 2, "tokens": 4}


def test_clear_errors(pair):
    target, reference, tt, rt = pair
    with pytest.raises(ValueError, match="reference corpus"):
        keyness(target, tokens=tt, lexicon=LEXICON)
    with pytest.raises(ValueError, match="unit"):
        run(pair, unit="word")
    with pytest.raises(ValueError, match="direction"):
        run(pair, direction="up")
    with pytest.raises(ValueError, match="max_p"):
        run(pair, max_p=5)
    with pytest.raises(ValueError, match="not in corpus"):
        keyness(target, reference, tokens=rt, reference_tokens=rt, lexicon=LEXICON)
    with pytest.raises(ValueError, match="both tokens"):
        keyness(target, reference, tokens=tt, lexicon=LEXICON)
    with pytest.raises(KeyError, match="genre"):
        keyness(target, by="genre", group="news", tokens=tt, lexicon=LEXICON)
    target.docs["genre"] = ["news", "news"]
    with pytest.raises(ValueError, match="no document"):
        keyness(target, by="genre", group="sport", tokens=tt, lexicon=LEXICON)
    with pytest.raises(ValueError, match="reference side has no documents"):
        keyness(target, by="genre", group="news", tokens=tt, lexicon=LEXICON)
    with pytest.raises(ValueError, match="at least two groups"):
        keyness_one_vs_rest(target, "genre", tokens=tt, lexicon=LEXICON)


def test_real_tokenizer_on_two_sentences():
    lexicon = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"}])
    target = Corpus.from_texts(["打通服务群众最后一米。"], name="t")
    reference = Corpus.from_texts(["经济发展取得新成就。"], name="r")
    table = keyness(target, reference, lexicon=lexicon, unit="both").set_index(["kind", "item"])
    # the phrase is kept whole by the tokenizer, and found on characters
    assert table.loc[("token", "最后一米"), "freq_target"] == 1
    assert table.loc[("entry", "最后一米"), "freq_target"] == 1
    assert ("token", "。") not in table.index
    assert table.loc[("token", "最后一米"), "freq_reference"] == 0


def test_by_default_one_document_items_stay_out_and_the_range_is_recorded(pair):
    target, reference, tt, rt = pair
    table = keyness(target, reference, tokens=tt, reference_tokens=rt, lexicon=LEXICON)
    # the same as asking for a range of two documents on the item's own side
    assert set(table["item"]) == set(run(pair, min_range=2)["item"])
    assert "服务" not in set(table["item"])  # positive, but in one target document only
    assert (table.attrs["min_range"], table.attrs["min_range_target"], table.attrs["min_range_reference"]) == (2, 2, 2)


def test_a_side_of_one_document_asks_for_one():
    docs = {"d1": ["群众", "群众", "服务"], "d2": ["经济", "治理"], "d3": ["经济", "文化"]}
    corpus = corpus_of(docs, "c")
    corpus.docs["genre"] = ["a", "b", "b"]
    table = keyness(corpus, by="genre", group="a", tokens=tokens_of(docs), lexicon=LEXICON)
    assert set(table["item"]) == {"群众", "服务", "经济"}  # 治理 and 文化: one reference document each
    assert (table.attrs["min_range_target"], table.attrs["min_range_reference"]) == (1, 2)


def test_top_keywords_never_draws_a_bar_against_its_direction():
    # a tiny target: an item it never uses gets a positive Log Ratio from the 0.5 rule
    table = pd.DataFrame({"item": ["甲", "乙", "丙"], "freq_target": [5, 0, 0],
                          "freq_reference": [1, 27, 400], "size_target": 2500, "size_reference": 925_000})
    scores = keyness_scores(table["freq_target"], table["freq_reference"], 2500, 925_000)
    table = table.assign(log_ratio=scores["log_ratio"], direction=scores["direction"])
    assert table.set_index("item").loc["乙", "log_ratio"] > 0 > table.set_index("item").loc["乙", "direction"]
    rows = top_keywords(table, 5)
    assert np.all(np.sign(rows["log_ratio"]) == rows["direction"])
    assert rows.attrs["not_drawn"] == {"乙": "absent from the target"}
    assert rows["item"].tolist() == ["甲", "丙"]


def test_warns_when_the_reference_holds_documents_of_the_target(pair):
    from kit.analysis._validate import SharedDocumentsWarning

    target, reference, tt, rt = pair
    # the reference holds t2 (spaced differently) beside its own documents
    docs = {**REFERENCE_DOCS, "copy": TARGET_DOCS["t2"]}
    widened = pd.DataFrame({"doc_id": list(docs), "title": "", "text": [" ".join(t) for t in docs.values()]})
    with pytest.warns(SharedDocumentsWarning, match=r"1 of 2 documents of 'target' also stand in the reference"):
        keyness(target, Corpus(widened, name="reference"), tokens=tt, reference_tokens=tokens_of(docs),
                lexicon=LEXICON, min_range=1)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", SharedDocumentsWarning)
        run(pair)  # distinct corpora: no warning
