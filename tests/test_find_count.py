"""find and count: hand counts on the sample page, overlap rules, groups, tokens."""
from __future__ import annotations

import random
import types

import numpy as np
import pandas as pd
import pytest

from kit.analysis import category_totals, count, count_tokens, disagreements, find
from kit.analysis.matching import Matcher
from kit.corpus import Corpus
from kit.lexicon import Lexicon, load_lexicon
from kit.paths import data_dir

PAGE = data_dir() / "raw" / "lvliang-daily-2026-01-page.md"


def lex(*entries):
    """A lexicon from (phrase, category[, variants]) or dicts."""
    rows = []
    for e in entries:
        if isinstance(e, dict):
            rows.append(e)
        else:
            rows.append({"phrase": e[0], "category": e[1],
                         "variants": list(e[2]) if len(e) > 2 else []})
    return Lexicon.from_entries(rows)


@pytest.fixture(scope="module")
def page_text():
    return PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page_counts(page_text):
    # The whole page as one document: hand counts below are over the whole file.
    corpus = Corpus.from_texts([page_text], name="page")
    return count(corpus, load_lexicon()).set_index("entry")


# -- hand counts on the sample page ------------------------------------------
# Counted by reading data/raw/lvliang-daily-2026-01-page.md:
#   急难愁盼: 靶向解决群众急难愁盼 / 群众急难愁盼问题125个 / 工作中的急难愁盼  -> 3
#   最后一米: 打通服务群众“最后一米”                                        -> 1
#   久久为功: title 民生服务需久久为功 / 用久久为功的坚守                       -> 2
#   党建引领: 牢牢把握党建引领 / 让党建引领下 / 党建引领基层治理的成效 /
#             党建引领迎新春 / 深化党建引领 / 发挥了党建引领作用                 -> 6
#   一社一品: 以“一社一品”为抓手 -> 1;  一站一品: 构建“一站一品” -> 1
#   新就业群体: 组织新就业群体 / 为新就业群体量身定制 / 直击新就业群体 /
#             新就业群体工作节奏快 / “新就业群体优先窗口” / 打破了新就业群体 /
#             更多新就业群体纳入                                             -> 7
#   挥毫泼墨: 一同挥毫泼墨 / 学生书法爱好者挥毫泼墨 / 挥毫泼墨满足大家       -> 3
HAND_COUNTS = {"急难愁盼": 3, "最后一米": 1, "久久为功": 2, "党建引领": 6,
               "一社一品": 1, "一站一品": 1, "新就业群体": 7, "挥毫泼墨": 3}


@pytest.mark.parametrize("entry, expected", sorted(HAND_COUNTS.items()))
def test_sample_page_hand_counts(page_counts, entry, expected):
    assert page_counts.loc[entry, "frequency"] == expected


def test_sample_page_nested_entries_two_counts(page_counts):
    # 赋能 appears 4 times as characters: 为基层减负赋能 / 铸魂、赋能、提质 /
    # “赋能行动” / 以文化之力赋能社区治理.  The inclusive count says 4; under
    # leftmost-longest the first belongs to 减负赋能, so 赋能 counts 3.
    assert page_counts.loc["赋能", "frequency"] == 4
    assert page_counts.loc["赋能", "frequency_longest"] == 3
    assert page_counts.loc["减负赋能", ["frequency", "frequency_longest"]].tolist() == [1, 1]


def test_sample_page_variants_count_for_their_entry(page_counts, page_text):
    # 持续提升群众的获得感、幸福感和安全感: a variant of 获得感、幸福感、安全感 -> 1.
    # 让居民的幸福感和获得感持续提升: 获得感 on its own -> 1 under leftmost-longest,
    # 2 inclusive (it also stands inside the three-part formula).
    assert page_counts.loc["获得感、幸福感、安全感", "frequency"] == 1
    assert page_counts.loc["获得感", ["frequency", "frequency_longest"]].tolist() == [2, 1]
    hits = find(Corpus.from_texts([page_text]), load_lexicon())
    assert hits.loc[hits["entry"] == "获得感、幸福感、安全感", "matched"].tolist() == [
        "获得感、幸福感和安全感"]


def test_sample_page_patterns(page_text):
    hits = find(Corpus.from_texts([page_text]), load_lexicon())
    # quoted numbered formulas, by reading: “四双”, “三优先” (twice), “五老”
    numbered = hits[hits["entry"] == "“N+X”数字化提法"]
    assert numbered["matched"].tolist() == ["四双", "三优先", "三优先", "五老"]
    shift = hits[hits["entry"] == "从“X”向“Y”转变"]
    assert shift["matched"].tolist() == ["从“被动应对”向“主动治理”转变"]
    # 一X一品 is a pattern, but 一站一品 and 一社一品 are literal entries of the
    # same span: the literal wins, so the template counts none on the page ...
    assert (hits["entry"] == "一X一品").sum() == 0
    # ... while overlap="all" reports it at both places.
    every = find(Corpus.from_texts([page_text]), load_lexicon(), overlap="all")
    assert sorted(every.loc[every["entry"] == "一X一品", "matched"]) == ["一社一品", "一站一品"]


def test_sample_page_zero_count_entries_present(page_counts):
    # The page has 共建共治 and 共建共享 but never 共建共治共享.
    assert page_counts.loc["共建共治共享", "frequency"] == 0
    assert page_counts.loc["最后一公里", "frequency"] == 0
    assert len(page_counts) == len(load_lexicon())
    assert np.isnan(page_counts.loc["最后一公里", "dp"])


def test_per_10k_chars_and_columns(page_counts, page_text):
    assert page_counts.loc["党建引领", "per_10k_chars"] == pytest.approx(6 / len(page_text) * 10_000)
    assert list(page_counts.reset_index().columns) == [
        "entry", "category", "gloss", "frequency", "frequency_longest", "per_10k_chars", "doc_freq",
        "range", "dp", "dp_norm", "anachronistic"]
    assert page_counts.loc["急难愁盼", "category"] == "民生"


# -- overlap rules on hand-made texts ----------------------------------------
def test_leftmost_longest_and_all():
    lexicon = lex(("最后一米", "民生"), ("一米", "隐喻"), ("最后", "隐喻"))
    corpus = Corpus.from_texts(["打通最后一米，一米阳光，最后冲刺"])
    longest = count(corpus, lexicon).set_index("entry")["frequency_longest"]
    assert longest.to_dict() == {"最后一米": 1, "一米": 1, "最后": 1}
    inclusive = count(corpus, lexicon).set_index("entry")["frequency"]
    assert inclusive.to_dict() == {"最后一米": 1, "一米": 2, "最后": 2}
    every = count(corpus, lexicon, overlap="all").set_index("entry")["frequency"]
    assert every.to_dict() == {"最后一米": 1, "一米": 2, "最后": 2}


def test_leftmost_beats_longer_match_starting_later():
    lexicon = lex(("为基层减负", "作风"), ("减负赋能", "治理"), ("赋能", "隐喻"))
    hits = find(Corpus.from_texts(["为基层减负赋能"]), lexicon)
    assert hits[["entry", "start", "end"]].values.tolist() == [
        ["为基层减负", 0, 5], ["赋能", 5, 7]]


def test_literal_beats_pattern_on_equal_span_and_earlier_pattern_beats_literal():
    lexicon = lex(("一站一品", "党建"), ("最后一公里", "隐喻"),
                  {"phrase": "一X一品", "pattern": "一[\u4e00-\u9fff]一品", "category": "党建"},
                  {"phrase": "打通…最后一公里", "pattern": "打通[^，。]{0,10}?最后一公里",
                   "category": "隐喻"})
    text = "一站一品、一村一品，打通服务群众最后一公里，走好最后一公里"
    got = count(Corpus.from_texts([text]), lexicon).set_index("entry")["frequency_longest"].to_dict()
    assert got == {"一站一品": 1, "一X一品": 1, "打通…最后一公里": 1, "最后一公里": 1}
    inclusive = count(Corpus.from_texts([text]), lexicon).set_index("entry")["frequency"].to_dict()
    assert inclusive == {"一站一品": 1, "一X一品": 2, "打通…最后一公里": 1, "最后一公里": 2}
    every = count(Corpus.from_texts([text]), lexicon, overlap="all").set_index("entry")
    assert every.loc["最后一公里", "frequency"] == 2 and every.loc["一X一品", "frequency"] == 2


def test_automaton_agrees_with_a_brute_force_leftmost_longest_scan():
    """The fast path (the automaton's own rule) against a plain scan written here."""
    rng = random.Random(7)
    alphabet = "治理党建一米最后"
    for _ in range(30):
        phrases = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
                          for _ in range(8)})
        text = "".join(rng.choice(alphabet) for _ in range(200))
        expected, pos = [], 0
        while pos < len(text):
            here = [p for p in phrases if text.startswith(p, pos)]
            if here:
                best = max(here, key=len)
                expected.append((best, pos, pos + len(best)))
                pos += len(best)
            else:
                pos += 1
        lexicon = lex(*[(p, "治理") for p in phrases])
        matcher = Matcher(lexicon)
        found = matcher.find(text)
        got = [(matcher.entries[i], s, e) for i, s, e in zip(found.entry_id, found.start, found.end)]
        assert got == expected


def test_find_rows_offsets_and_sentences():
    corpus = Corpus.from_texts(["第一句。急难愁盼要解决。第三句也有急难愁盼！", "没有"])
    hits = find(corpus, lex(("急难愁盼", "民生")))
    text = corpus.texts[0]
    assert list(hits.columns) == ["doc_id", "field", "entry", "category", "matched", "start", "end",
                                  "sentence"]
    assert hits["sentence"].tolist() == [1, 2]
    assert hits["start"].tolist() == [4, 17]
    assert all(text[s:e] == m for s, e, m in zip(hits["start"], hits["end"], hits["matched"]))


# -- count: groups, dispersion, zeros ----------------------------------------
def test_count_by_group_with_dispersion():
    corpus = Corpus.from_texts(
        ["久久为功久久为功", "没有这个提法的文本", "久久为功，急难愁盼"],
        genre=["news", "news", "commentary"])
    lexicon = lex(("久久为功", "作风"), ("急难愁盼", "民生"), ("最后一米", "民生"))
    table = count(corpus, lexicon, by="genre")
    assert list(table.columns[:2]) == ["genre", "entry"]
    assert len(table) == 2 * 3  # every entry in every group
    news = table[table["genre"] == "news"].set_index("entry")
    # news: doc 1 (8 chars) has 久久为功 twice, doc 2 (9 chars) none.
    assert news.loc["久久为功", "frequency"] == 2
    assert news.loc["久久为功", "doc_freq"] == 1 == news.loc["久久为功", "range"]
    assert news.loc["久久为功", "per_10k_chars"] == pytest.approx(2 / 17 * 10_000)
    # DP = ½(|1 − 8/17| + |0 − 9/17|) = 9/17; DPnorm = DP / (1 − 8/17) = 1
    assert news.loc["久久为功", "dp"] == pytest.approx(9 / 17)
    assert news.loc["久久为功", "dp_norm"] == pytest.approx(1.0)
    assert news.loc["急难愁盼", "frequency"] == 0
    commentary = table[table["genre"] == "commentary"].set_index("entry")
    assert commentary.loc["急难愁盼", "frequency"] == 1
    assert np.isnan(commentary.loc["急难愁盼", "dp"])  # one document: no dispersion


def test_count_even_spread_has_dp_zero_and_is_sorted_and_deterministic():
    corpus = Corpus.from_texts(["赋能一", "赋能二", "赋能三"])
    lexicon = lex(("赋能", "隐喻"), ("急难愁盼", "民生"))
    table = count(corpus, lexicon)
    assert table["entry"].tolist() == ["赋能", "急难愁盼"]  # frequency descending
    assert table.loc[0, "dp"] == pytest.approx(0.0)
    assert table.loc[0, "doc_freq"] == 3
    pd.testing.assert_frame_equal(table, count(corpus, lexicon))


def test_count_uses_bundled_lexicon_by_default():
    table = count(Corpus.from_texts(["久久为功"]))
    assert len(table) == len(load_lexicon())


def test_count_errors_are_clear():
    corpus = Corpus.from_texts(["久久为功"], genre=["news"])
    lexicon = lex(("久久为功", "作风"))
    with pytest.raises(KeyError, match="no metadata column"):
        count(corpus, lexicon, by="section")
    with pytest.raises(ValueError, match="overlap must be one of"):
        count(corpus, lexicon, overlap="longest")
    with pytest.raises(TypeError, match="expected a kit Corpus"):
        count(["久久为功"], lexicon)
    with pytest.raises(TypeError, match="Lexicon"):
        count(corpus, ["久久为功"])
    empty = Corpus(pd.DataFrame({"doc_id": [], "title": [], "text": []}))
    with pytest.raises(ValueError, match="no documents"):
        count(empty, lexicon)


# -- counting on tokens --------------------------------------------------------
def token_frame(doc_id, tokens, punct=()):
    starts = np.cumsum([0] + [len(t) for t in tokens[:-1]]).tolist()
    return pd.DataFrame({"doc_id": doc_id, "token": tokens, "start": starts,
                         "end": [s + len(t) for s, t in zip(starts, tokens)],
                         "is_punct": [t in punct for t in tokens]})


def test_count_tokens_needs_token_boundaries():
    lexicon = lex(("最后一米", "民生"), ("减负赋能", "治理"), ("久久为功", "作风"))
    # 最后一米 spelled by three consecutive tokens: counts.  In d2 (joined:
    # 久久为功久久为功久) 久久为功 occurs twice as characters, but only the first
    # (久久+为功) starts and ends at token boundaries; the second ends inside 功久.
    tokens = pd.concat([
        token_frame("d1", ["打通", "最后", "一", "米", "，", "减负赋能"], punct="，"),
        token_frame("d2", ["久久", "为功", "久久为", "功久"]),
    ])
    table = count_tokens(tokens, lexicon).set_index("entry")
    assert table["token_frequency"].to_dict() == {"最后一米": 1, "减负赋能": 1, "久久为功": 1}
    assert table.loc["久久为功", "doc_freq"] == 1


def test_count_with_tokens_reports_disagreements_and_rate_per_tokens():
    corpus = Corpus.from_texts(["打通最后一米，久久为功"])
    doc = corpus.docs["doc_id"][0]
    # the tokenizer glued 通最 together: 最后一米 is not at a token boundary
    tokens = token_frame(doc, ["打", "通最", "后一米", "，", "久久为功"], punct="，")
    lexicon = lex(("最后一米", "民生"), ("久久为功", "作风"))
    table = count(corpus, lexicon, tokens=tokens).set_index("entry")
    assert table.loc["最后一米", "frequency"] == 1
    assert table.loc["最后一米", "token_frequency"] == 0
    assert not table.loc["最后一米", "agrees"] and table.loc["久久为功", "agrees"]
    # 4 tokens once the punctuation token is left out
    assert table.loc["久久为功", "per_10k_tokens"] == pytest.approx(1 / 4 * 10_000)
    diff = disagreements(corpus, tokens, lexicon)
    assert diff[["entry", "frequency", "token_frequency", "difference"]].values.tolist() == [
        ["最后一米", 1, 0, -1]]
    # a Tokens-like object with a .frame works the same
    wrapped = types.SimpleNamespace(frame=tokens)
    assert count(corpus, lexicon, tokens=wrapped).equals(count(corpus, lexicon, tokens=tokens))


def test_tokens_of_another_corpus_are_refused():
    corpus = Corpus.from_texts(["久久为功"])
    with pytest.raises(ValueError, match="not in corpus"):
        count(corpus, lex(("久久为功", "作风")), tokens=token_frame("other-1", ["久久为功"]))


def test_many_documents_match_as_each_alone_even_when_a_pattern_could_span_two():
    """find_many joins documents for speed; it must equal document-by-document finding."""
    lexicon = lex(("最后一公里", "隐喻"), ("一站一品", "党建"), ("一米", "隐喻"),
                  {"phrase": "打通…最后一公里", "pattern": "打通[^，。]{0,10}?最后一公里",
                   "category": "隐喻"},
                  {"phrase": "一X一品", "pattern": "一[\u4e00-\u9fff]一品", "category": "党建"})
    # Joined, 打通服务 + 最后一公里 would look like one template match across documents.
    texts = ["要打通服务", "最后一公里，一站一品", "", "一村一品，打通群众最后一公里的一米"]
    matcher = Matcher(lexicon)
    for overlap in ("leftmost-longest", "all"):
        doc, entry, start, end = matcher.find_many(texts, overlap)
        joined = list(zip(doc.tolist(), entry.tolist(), start.tolist(), end.tolist()))
        alone = []
        for d, text in enumerate(texts):
            found = matcher.find(text, overlap)
            alone += [(d, int(i), int(s), int(e))
                      for i, s, e in zip(found.entry_id, found.start, found.end)]
        assert joined == sorted(alone, key=lambda r: (r[0], r[2], r[3], r[1]))
    hits = find(Corpus.from_texts(texts), lexicon)
    assert hits.loc[hits["doc_id"].str.endswith("0001"), "entry"].tolist() == []
    assert hits.loc[hits["doc_id"].str.endswith("0004"), "entry"].tolist() == [
        "一X一品", "打通…最后一公里", "一米"]


# -- two honest counts ------------------------------------------------------------
def test_inclusive_and_leftmost_longest_counts_on_constructed_text():
    """新时代 inside 新时代文明实践: every occurrence, and each stretch once."""
    lexicon = lex(("新时代", "党建"), ("新时代文明实践", "文化"), ("获得感", "民生"),
                  {"phrase": "获得感、幸福感、安全感", "category": "民生",
                   "variants": ["获得感、幸福感和安全感"]},
                  {"phrase": "两个维护", "category": "党建", "variants": ["做到“两个维护”"]})
    texts = ["建好新时代文明实践中心。" * 16 + "奋进新时代。" * 8,
             "持续提升获得感、幸福感和安全感，增强获得感。", "坚决做到“两个维护”。"]
    table = count(Corpus.from_texts(texts), lexicon).set_index("entry")
    # counted by hand: 新时代 stands 16 + 8 = 24 times, 8 of them outside 新时代文明实践
    assert table.loc["新时代", ["frequency", "frequency_longest"]].tolist() == [24, 8]
    assert table.loc["新时代文明实践", ["frequency", "frequency_longest"]].tolist() == [16, 16]
    assert table.loc["获得感", ["frequency", "frequency_longest"]].tolist() == [2, 1]
    # a variant that holds the phrase is one occurrence of its entry, not two
    assert table.loc["两个维护", ["frequency", "frequency_longest"]].tolist() == [1, 1]
    # the inclusive count is what a plain substring count says for these forms
    assert table.loc["新时代", "frequency"] == sum(t.count("新时代") for t in texts)
    assert table.attrs["count"] == {"frequency": "inclusive", "frequency_longest": "leftmost-longest"}


def test_inclusive_rule_agrees_with_a_brute_force_scan():
    rng = random.Random(11)
    alphabet = "新时代文明实践"
    for _ in range(30):
        phrases = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(6)})
        lexicon = lex(*[(p, "党建") for p in phrases])
        text = "".join(rng.choice(alphabet) for _ in range(150))
        got = count(Corpus.from_texts([text]), lexicon).set_index("entry")["frequency"].to_dict()
        # each phrase counted on its own, non-overlapping, leftmost first: str.count does exactly that
        assert got == {p: text.count(p) for p in phrases}


def test_category_totals_sum_leftmost_longest_occurrences():
    lexicon = lex(("获得感", "民生"), {"phrase": "获得感、幸福感、安全感", "category": "民生"})
    table = count(Corpus.from_texts(["提升获得感、幸福感、安全感"]), lexicon)
    assert table["frequency"].sum() == 2  # the inclusive counts nest ...
    totals = category_totals(table).set_index("category")
    assert totals.loc["民生", "frequency"] == 1  # ... the category counts the stretch once


# -- anachronisms ----------------------------------------------------------------------
def test_formulas_before_their_time_are_reported_not_counted_silently():
    from kit.analysis.eras import AnachronismWarning, anachronisms

    lexicon = Lexicon.from_entries([
        {"phrase": "新时代", "category": "理论", "since": 2017},
        {"phrase": "三个代表", "category": "理论", "since": "c. 2000"},
        {"phrase": "改革开放", "category": "政策", "since": 1978},
        {"phrase": "实事求是", "category": "理论", "since": "before 1949"},
    ])
    corpus = Corpus.from_texts(
        ["跨入新时代，坚持改革开放，实事求是。", "学习三个代表。", "贯彻三个代表。", "新时代新征程。"],
        date=pd.to_datetime(["1998-01-05", "1996-06-01", "1998-03-01", "2021-07-01"]))
    with pytest.warns(AnachronismWarning, match="新时代 \\(1×\\)"):
        table = count(corpus, lexicon).set_index("entry")
    # 新时代 in 1998 is before 2017; 三个代表 (c. 2000: two years' grace) in 1996 is, in 1998 is not
    assert table.loc["新时代", ["frequency", "anachronistic"]].tolist() == [2, 1]
    assert table.loc["三个代表", ["frequency", "anachronistic"]].tolist() == [2, 1]
    assert table.loc["改革开放", "anachronistic"] == 0 and table.loc["实事求是", "anachronistic"] == 0
    listed = anachronisms(corpus, lexicon, warn=False).set_index("entry")
    assert listed.loc["三个代表", "first_year"] == 1996 and listed.loc["新时代", "doc_ids"] == "corpus-0001"
    # undated corpora cannot say: NA, not 0
    assert count(Corpus.from_texts(["新时代"]), lexicon)["anachronistic"].isna().all()


def test_keyness_marks_anachronistic_entries():
    from kit.analysis._keyness import keyness

    lexicon = Lexicon.from_entries([{"phrase": "新时代", "category": "理论", "since": 2017},
                                    {"phrase": "改革开放", "category": "政策", "since": 1978}])
    target = Corpus.from_texts(["新时代新征程。", "新时代。"], name="t",
                               date=pd.to_datetime(["2021-07-01", "2022-01-01"]))
    reference = Corpus.from_texts(["跨入新时代，改革开放。", "改革开放。"], name="r",
                                  date=pd.to_datetime(["1998-01-05", "1998-01-06"]))
    tokens = lambda c: pd.DataFrame([(d, ch) for d, t in zip(c.docs["doc_id"], c.texts) for ch in t],
                                    columns=["doc_id", "token"])
    table = keyness(target, reference, lexicon=lexicon, unit="both", tokens=tokens(target),
                    reference_tokens=tokens(reference), min_range=1).set_index(["kind", "item"])
    assert table.loc[("entry", "新时代"), "anachronistic"] == 1
    assert table.loc[("entry", "改革开放"), "anachronistic"] == 0
    assert table.xs("token")["anachronistic"].isna().all()
