"""kit.cooccurrence: unit counts against brute force, scores against kit.stats."""
from itertools import combinations
import random
import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

from kit.analysis._cooccurrence import PAIR_COLUMNS, cooccurrence
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.stats import adjust_p, association_scores

ENTRIES = {"急难愁盼": "民生", "获得感": "民生", "久久为功": "作风", "最后一米": "民生", "基层治理": "治理"}
FILLER = ["群众", "服务", "推动", "落实", "工作", "社区", "我们"]


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.from_entries([{"phrase": p, "category": c} for p, c in ENTRIES.items()])


def random_corpus(seed=7, docs=6):
    """Documents of paragraphs (lines) of sentences (ending 。), no quotes: the units
    are plain to split by hand."""
    rng = random.Random(seed)
    texts = []
    for _ in range(docs):
        paragraphs = []
        for _ in range(rng.randint(1, 4)):
            sentences = []
            for _ in range(rng.randint(1, 4)):
                words = [rng.choice(list(ENTRIES) + FILLER * 2) for _ in range(rng.randint(1, 6))]
                sentences.append("".join(words) + "。")
            paragraphs.append("".join(sentences))
        texts.append("\n".join(paragraphs))
    return Corpus.from_texts(texts, name="toy")


def brute_units(texts, unit):
    units = []
    for text in texts:
        if unit == "document":
            units.append(text)
        elif unit == "paragraph":
            units.extend(line for line in text.split("\n") if line.strip())
        else:
            units.extend(s for s in re.split(r"(?<=。)|\n", text) if s.strip())
    return units


def brute_pairs(units, entries):
    rows = {}
    for a, b in combinations(sorted(entries), 2):
        joint = count_a = count_b = 0
        for u in units:
            joint += (a in u) and (b in u)
            count_a += a in u
            count_b += b in u
        if joint:
            rows[(a, b)] = (joint, count_a, count_b)
    return rows


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_match_brute_force(lexicon, unit, seed):
    corpus = random_corpus(seed)
    units = brute_units(corpus.texts, unit)
    expected = brute_pairs(units, ENTRIES)
    result = cooccurrence(corpus, lexicon, unit=unit)
    got = {(r.entry_a, r.entry_b): (r.joint, r.count_a, r.count_b) for r in result.itertuples()}
    assert got == expected
    assert (result["n_units"] == len(units)).all()


def test_hand_example_sentence_and_paragraph(lexicon):
    corpus = Corpus.from_texts(["急难愁盼获得感。久久为功\n急难愁盼久久为功。", "获得感，久久为功"])
    by_sentence = cooccurrence(corpus, lexicon, unit="sentence")
    # sentences: [急难愁盼 获得感] [久久为功] [急难愁盼 久久为功] [获得感 久久为功]
    assert by_sentence[["entry_a", "entry_b", "joint", "count_a", "count_b", "n_units"]].values.tolist() == [
        ["久久为功", "急难愁盼", 1, 3, 2, 4],
        ["久久为功", "获得感", 1, 3, 2, 4],
        ["急难愁盼", "获得感", 1, 2, 2, 4],
    ]
    by_paragraph = cooccurrence(corpus, lexicon, unit="paragraph")
    # paragraphs: [急难愁盼 获得感 久久为功] [急难愁盼 久久为功] [获得感 久久为功]
    assert by_paragraph[["joint", "count_a", "count_b", "n_units"]].values.tolist() == [
        [2, 3, 2, 3], [2, 3, 2, 3], [1, 2, 2, 3]]


def test_presence_not_occurrences(lexicon):
    corpus = Corpus.from_texts(["急难愁盼急难愁盼获得感。获得感。"])
    row = cooccurrence(corpus, lexicon).iloc[0]
    assert (row["joint"], row["count_a"], row["count_b"], row["n_units"]) == (1, 1, 2, 2)


def test_association_columns_equal_kit_stats(lexicon):
    result = cooccurrence(random_corpus(5, docs=10), lexicon, unit="sentence")
    assert len(result) >= 3
    expected = association_scores(result["joint"], result["count_a"], result["count_b"], result["n_units"])
    pd.testing.assert_frame_equal(result[list(expected.columns)], expected, check_exact=False, rtol=1e-12)
    np.testing.assert_allclose(result["p_value"], chi2.sf(result["g2"], 1))
    # BH over all C(k, 2) pairs of occurring entries, unlisted pairs at p = 1
    occurring = 5
    padded = np.r_[result["p_value"].to_numpy(), np.ones(occurring * 4 // 2 - len(result))]
    np.testing.assert_allclose(result["p_adjusted"], adjust_p(padded)[:len(result)])
    assert list(result.columns) == list(PAIR_COLUMNS)


def test_order_and_min_count(lexicon):
    corpus = random_corpus(4, docs=12)
    result = cooccurrence(corpus, lexicon, unit="paragraph")
    keys = list(zip(result["entry_a"], result["entry_b"]))
    assert keys == sorted(keys) and all(a < b for a, b in keys)
    high = cooccurrence(corpus, lexicon, unit="paragraph", min_count=3)
    assert high.equals(result[result["joint"] >= 3].reset_index(drop=True))


def toy_tokens(docs):
    """A token table from lists of tokens, one character offset per token character."""
    rows = []
    for doc_id, words in docs.items():
        start = 0
        for position, word in enumerate(words):
            rows.append((doc_id, word, start, start + len(word), position))
            start += len(word)
    return pd.DataFrame(rows, columns=["doc_id", "token", "start", "end", "position"])


def brute_windows(docs, k, entries):
    """Windows of k + 1 positions w-k .. w for w = 0 .. L-1+k, per document."""
    units = []
    for words in docs.values():
        for w in range(len(words) + k):
            units.append({words[p] for p in range(w - k, w + 1) if 0 <= p < len(words)})
    return units, brute_pairs(units, entries)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_window_matches_brute_force(lexicon, k):
    rng = random.Random(k)
    docs = {f"toy-{i:04d}": [rng.choice(list(ENTRIES) + FILLER * 3) for _ in range(rng.randint(3, 25))]
            for i in range(1, 6)}
    corpus = Corpus.from_texts(["".join(words) for words in docs.values()], name="toy")
    units, expected = brute_windows(docs, k, ENTRIES)
    result = cooccurrence(corpus, lexicon, unit="window", window=k, tokens=toy_tokens(docs))
    got = {(r.entry_a, r.entry_b): (r.joint, r.count_a, r.count_b) for r in result.itertuples()}
    assert got == expected
    assert (result["n_units"] == len(units)).all()


def test_window_distance_by_hand(lexicon):
    words = ["急难愁盼", "群众", "群众", "获得感"]  # distance 3
    docs = {"toy-0001": words}
    corpus = Corpus.from_texts(["".join(words)], name="toy")
    assert cooccurrence(corpus, lexicon, unit="window", window=2, tokens=toy_tokens(docs)).empty
    near = cooccurrence(corpus, lexicon, unit="window", window=4, tokens=toy_tokens(docs))
    # shared windows: k + 1 - d = 2; each entry lies in k + 1 = 5 windows; 4 + 4 windows
    assert near[["joint", "count_a", "count_b", "n_units"]].values.tolist() == [[2, 5, 5, 8]]


def test_bad_input(lexicon):
    corpus = random_corpus(1)
    with pytest.raises(ValueError, match="unit must be one of"):
        cooccurrence(corpus, lexicon, unit="clause")
    with pytest.raises(ValueError, match="needs window=k"):
        cooccurrence(corpus, lexicon, unit="window", window=3)
    with pytest.raises(ValueError, match="window must be a whole number"):
        cooccurrence(corpus, lexicon, unit="window", window=0, tokens=toy_tokens({"toy-0001": ["群众"]}))
    with pytest.raises(ValueError, match='applies to unit="window" only'):
        cooccurrence(corpus, lexicon, unit="sentence", window=3)
    with pytest.raises(ValueError, match="min_count"):
        cooccurrence(corpus, lexicon, min_count=0)
    with pytest.raises(TypeError, match="kit Corpus"):
        cooccurrence(["急难愁盼"], lexicon)
    with pytest.raises(ValueError, match="not in the corpus"):
        cooccurrence(corpus, lexicon, unit="window", window=2, tokens=toy_tokens({"other-1": ["群众"]}))


def test_fewer_than_two_entries_warns(lexicon):
    with pytest.warns(UserWarning, match="a pair needs two"):
        result = cooccurrence(Corpus.from_texts(["只有急难愁盼。"]), lexicon)
    assert result.empty and list(result.columns) == list(PAIR_COLUMNS)
