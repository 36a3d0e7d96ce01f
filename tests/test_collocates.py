"""kit.collocates: window counts by hand and by brute force; scores from kit.stats."""
import random
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from kit.analysis._validate import BadOptionError, ForeignTokensError

from kit.analysis._collocates import COLLOCATE_COLUMNS, collocates
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.stats import association_scores

PUNCT = {"。", "，"}


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.from_entries([
        {"phrase": "急难愁盼", "category": "民生", "variants": ["急难愁盼事"]},
        {"phrase": "获得感", "category": "民生"},
        {"phrase": "久久为功", "category": "作风"},
    ])


def token_table(docs, stopwords=("的",)):
    rows = []
    for doc_id, words in docs.items():
        start = 0
        for position, word in enumerate(words):
            rows.append((doc_id, word, start, start + len(word), position, word in PUNCT, word in stopwords))
            start += len(word)
    return pd.DataFrame(rows, columns=["doc_id", "token", "start", "end", "position", "is_punct", "is_stopword"])


def corpus_of(docs):
    return Corpus.from_texts(["".join(w) for w in docs.values()], name="toy")


HAND = {
    "toy-0001": ["解决", "群众", "急难愁盼", "，", "服务", "群众", "。"],
    "toy-0002": ["群众", "的", "急难愁盼", "服务", "解决", "。"],
}


def test_hand_count(lexicon):
    # punctuation removed: doc1 = 解决 群众 [急难愁盼] 服务 群众; doc2 = 群众 的 [急难愁盼] 服务 解决
    # window 2: doc1 slots 0,1 (left) 3,4 (right); doc2 slots 0,1 (left) 3,4 (right)
    table = collocates(corpus_of(HAND), "急难愁盼", window=2, tokens=token_table(HAND), lexicon=lexicon,
                       min_freq=1, min_joint=1, measure="joint")
    got = {r.collocate: (r.joint, r.left, r.right, r.freq) for r in table.itertuples()}
    assert got == {"群众": (3, 2, 1, 3), "解决": (2, 1, 1, 2), "服务": (2, 0, 2, 2), "的": (1, 1, 0, 1)}
    assert set(table["node_freq"]) == {2} and set(table["window_slots"]) == {8} and set(table["n"]) == {10}
    # sorted by joint (descending) then collocate (code point)
    assert table["collocate"].tolist() == ["群众", "服务", "解决", "的"]
    np.testing.assert_allclose(table["expected"], 8 * table["freq"] / 10)


def test_scores_equal_kit_stats(lexicon):
    table = collocates(corpus_of(HAND), "急难愁盼", window=2, tokens=token_table(HAND), lexicon=lexicon,
                       min_freq=1, min_joint=1)
    expected = association_scores(table["joint"], table["window_slots"], table["freq"], table["n"])
    pd.testing.assert_frame_equal(table[list(expected.columns)], expected, check_exact=False, rtol=1e-12)
    assert list(table.columns) == list(COLLOCATE_COLUMNS)
    log_dice = table["log_dice"].to_numpy()
    assert (np.diff(log_dice) <= 0).all()


def test_thresholds_and_stopwords(lexicon):
    tokens = token_table(HAND)
    table = collocates(corpus_of(HAND), "急难愁盼", window=2, tokens=tokens, lexicon=lexicon,
                       min_freq=3, min_joint=1)
    assert table["collocate"].tolist() == ["群众"]
    table = collocates(corpus_of(HAND), "急难愁盼", window=2, tokens=tokens, lexicon=lexicon,
                       min_freq=1, min_joint=1, remove_stopwords=True)
    # without 的, doc2 = 群众 [急难愁盼] 服务 解决: 群众 left once more... window slots 0 (left), 2,3 (right)
    got = {r.collocate: (r.joint, r.left, r.right) for r in table.itertuples()}
    assert got == {"群众": (3, 2, 1), "解决": (2, 1, 1), "服务": (2, 0, 2)}
    assert set(table["window_slots"]) == {7}


def test_variants_are_the_node_and_windows_stop_at_documents(lexicon):
    docs = {"toy-0001": ["甲", "急难愁盼事", "乙"], "toy-0002": ["丙", "急难愁盼", "丁"]}
    table = collocates(corpus_of(docs), "急难愁盼", window=3, tokens=token_table(docs), lexicon=lexicon,
                       min_freq=1, min_joint=1)
    assert set(table["node_freq"]) == {2}
    assert sorted(table["collocate"]) == ["丁", "丙", "乙", "甲"]
    assert set(table["window_slots"]) == {4}


def test_overlapping_windows_count_a_token_once(lexicon):
    docs = {"toy-0001": ["急难愁盼", "群众", "急难愁盼", "甲"]}
    table = collocates(corpus_of(docs), "急难愁盼", window=2, tokens=token_table(docs), lexicon=lexicon,
                       min_freq=1, min_joint=1)
    got = {r.collocate: (r.joint, r.left, r.right) for r in table.itertuples()}
    assert got == {"群众": (1, 1, 1), "甲": (1, 0, 1)}
    assert set(table["window_slots"]) == {2}


def brute_force(docs, node_forms, window):
    """Nested loops: every node token, every position in its window (same document)."""
    joint, freq, slots, n = Counter(), Counter(), 0, 0
    for words in docs.values():
        words = [w for w in words if w not in PUNCT]
        n += len(words)
        freq.update(words)
        inside = set()
        for i, word in enumerate(words):
            if word in node_forms:
                for j in range(i - window, i + window + 1):
                    if 0 <= j < len(words) and words[j] not in node_forms:
                        inside.add(j)
        slots += len(inside)
        joint.update(words[j] for j in inside)
    return joint, freq, slots, n


@pytest.mark.parametrize("window", [1, 3, 5])
def test_brute_force_random(lexicon, window):
    rng = random.Random(window)
    vocabulary = ["群众", "服务", "解决", "的", "。", "，", "社区", "急难愁盼", "获得感"]
    docs = {f"toy-{i:04d}": [rng.choice(vocabulary) for _ in range(rng.randint(5, 40))] for i in range(1, 9)}
    table = collocates(corpus_of(docs), "急难愁盼", window=window, tokens=token_table(docs, ()),
                       lexicon=lexicon, min_freq=1, min_joint=1)
    joint, freq, slots, n = brute_force(docs, {"急难愁盼", "急难愁盼事"}, window)
    got = {r.collocate: (r.joint, r.freq) for r in table.itertuples()}
    assert got == {w: (joint[w], freq[w]) for w in joint}
    assert set(table["window_slots"]) == {slots} and set(table["n"]) == {n}


def test_any_word_as_node(lexicon):
    table = collocates(corpus_of(HAND), "服务", window=1, tokens=token_table(HAND), lexicon=lexicon,
                       min_freq=1, min_joint=1)
    got = {r.collocate: r.joint for r in table.itertuples()}
    assert got == {"急难愁盼": 2, "群众": 1, "解决": 1}


def test_node_not_found_warns_and_returns_empty(lexicon):
    with pytest.warns(UserWarning, match="does not occur in the text"):
        table = collocates(corpus_of(HAND), "最后一米", tokens=token_table(HAND), lexicon=lexicon)
    assert table.empty and list(table.columns) == list(COLLOCATE_COLUMNS)
    # in the text, but not a whole token
    with pytest.warns(UserWarning, match="never as a whole token"):
        collocates(corpus_of(HAND), "众急", tokens=token_table(HAND), lexicon=lexicon)


def test_bad_input(lexicon):
    corpus, tokens = corpus_of(HAND), token_table(HAND)
    with pytest.raises(BadOptionError, match="measure='lod_dice' is not one of"):
        collocates(corpus, "群众", tokens=tokens, lexicon=lexicon, measure="lod_dice")
    with pytest.raises(ValueError, match="window must be"):
        collocates(corpus, "群众", window=0, tokens=tokens, lexicon=lexicon)
    with pytest.raises(ValueError, match="node must be"):
        collocates(corpus, "", tokens=tokens, lexicon=lexicon)
    with pytest.raises(ForeignTokensError, match="not in corpus"):
        collocates(corpus, "群众", tokens=token_table({"x-1": ["群众"]}), lexicon=lexicon)
    with pytest.raises(ValueError, match="missing"):
        collocates(corpus, "群众", tokens=tokens.drop(columns="is_punct"), lexicon=lexicon)
    pattern_lexicon = Lexicon.from_entries([{"phrase": "打通……最后一米", "category": "民生",
                                            "pattern": "打通.{1,3}最后一米"}])
    with pytest.raises(ValueError, match="pattern entry"):
        collocates(corpus, "打通……最后一米", tokens=tokens, lexicon=pattern_lexicon)
