"""Cohesive strings: character n-grams that hold together inside and vary outside.

Layer: analysis (pure numpy/pandas; no I/O).

A formula that no lexicon lists still behaves like a word: its characters
occur together far more often than chance (cohesion), and the characters on
either side of it vary freely (branching entropy).  This module scores every
character n-gram of Chinese characters in a set of texts by both measures, in
the manner of HanLP's new-word discovery (``NewWordDiscover``) and of Feng et
al. (2004) and Jin & Tanaka-Ishii (2006), but for strings up to 8 characters,
so that multi-word formulas (邓小平理论, 有中国特色社会主义) come out too.

Definitions (all logarithms base 2, so scores are in bits)
----------------------------------------------------------
Only runs of Chinese characters (CJK unified ideographs, extension A and 〇)
are counted: an n-gram never crosses punctuation, a digit, a Latin letter, a
space or a line break.  Let ``N`` be the number of Chinese characters in the
texts and ``f(x)`` the number of (overlapping) occurrences of string ``x``;
``P(x) = f(x) / N``.

cohesion
    For ``w`` of length n ≥ 2, the minimum over the n − 1 split points of
    pointwise mutual information between the two parts::

        cohesion(w) = min_k log2( P(w) / (P(w[:k]) · P(w[k:])) )
                    = min_k log2( f(w) · N / (f(w[:k]) · f(w[k:])) )

    For a bigram this is ordinary PMI; for longer strings it is the weakest
    joint, so a string is cohesive only if no split of it is a chance meeting.
left_entropy, right_entropy
    Shannon entropy of the characters adjacent on the left (right) over all
    occurrences of ``w``: ``H = −Σ p(c) log2 p(c)``.  Where an occurrence
    stands at the edge of a run (next to punctuation, a digit, the start or
    end of a text) that neighbour counts as a symbol of its own, different
    from every other: a string that is followed by punctuation is free on
    that side, and the rule rewards it (HanLP instead drops such
    occurrences, which punishes exactly the quoted slogans the kit looks for).

The counting is level-wise (Apriori): an n-gram can occur ``min_frequency``
times only if its (n − 1)-character prefix does, so only extensions of
frequent prefixes are counted.  Every substring of a frequent string is then
frequent too, which makes every ``f`` that cohesion needs available.  This is
written by hand on purpose: general n-gram counters neither stop at the runs
of Chinese characters nor give the neighbour distributions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Columns of :func:`ngram_statistics`.
NGRAM_COLUMNS = ("ngram", "length", "frequency", "doc_frequency", "cohesion",
                 "left_entropy", "right_entropy", "doc", "start")

_BASE = 0x110000  # one more than the largest code point


def han_mask(codes: np.ndarray) -> np.ndarray:
    """True where a code point is a Chinese character (CJK unified, extension A, 〇)."""
    return (((codes >= 0x4E00) & (codes <= 0x9FFF))
            | ((codes >= 0x3400) & (codes <= 0x4DBF))
            | (codes == 0x3007))


def branching_entropy(counts) -> float:
    """Shannon entropy (bits) of a distribution of neighbour counts.

    Parameters
    ----------
    counts : sequence of int
        How often each distinct neighbour occurs (a boundary occurrence is a
        neighbour of its own, count 1).

    Returns
    -------
    float
        ``−Σ p log2 p`` with ``p = count / total``; 0.0 for an empty sequence.

    Examples
    --------
    >>> branching_entropy([2, 1, 1])
    1.5
    """
    counts = np.asarray(counts, dtype=float)
    counts = counts[counts > 0]
    if counts.size == 0:
        return 0.0
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum() + 0.0)


def ngram_statistics(texts, min_length: int = 2, max_length: int = 8,
                     min_frequency: int = 2) -> pd.DataFrame:
    """Frequency, cohesion and branching entropy of every frequent character n-gram.

    Parameters
    ----------
    texts : sequence of str
        One text per document.
    min_length, max_length : int
        Lengths of the n-grams reported, in characters (1 ≤ min ≤ max).
    min_frequency : int
        Only n-grams occurring at least this often (overlapping occurrences)
        are reported.

    Returns
    -------
    pandas.DataFrame
        One row per n-gram, sorted by length then n-gram, with columns

        ngram : str
        length : int
        frequency : int
            Occurrences, overlapping ones included (哈哈哈 holds 哈哈 twice).
        doc_frequency : int
            Documents holding it.
        cohesion : float
            Minimum split-point PMI in bits (NaN for single characters).
        left_entropy, right_entropy : float
            Branching entropy in bits (see the module notes for boundaries).
        doc, start : int
            Index of the document and offset of the first occurrence.

    Examples
    --------
    >>> t = ngram_statistics(["甲乙丙，甲乙丁。"], min_length=2, min_frequency=2)
    >>> t[["ngram", "frequency", "right_entropy"]].values.tolist()
    [['甲乙', 2, 1.0]]
    """
    texts = list(texts)
    if not 1 <= min_length <= max_length:
        raise ValueError(f"need 1 ≤ min_length ≤ max_length, got {min_length} and {max_length}")
    if min_frequency < 1:
        raise ValueError(f"min_frequency must be ≥ 1, got {min_frequency}")
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
        NGRAM_COLUMNS, (object, "int64", "int64", "int64", float, float, float, "int64", "int64"))})
    big = "\n".join(texts)
    if not big:
        return empty
    codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    n_chars = codes.size
    han = han_mask(codes)
    n_han = int(han.sum())
    if n_han == 0:
        return empty
    # run_end[i]: first non-Chinese position at or after i
    breaks = np.append(np.flatnonzero(~han), n_chars)
    positions_all = np.arange(n_chars)
    run_end = breaks[np.searchsorted(breaks, positions_all)]
    doc_starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    doc_of = np.searchsorted(doc_starts, positions_all, side="right") - 1

    frequency: dict[str, int] = {}
    levels = []
    pos = np.flatnonzero(han)
    key = codes[pos]
    for length in range(1, max_length + 1):
        if length > 1:
            keep = pos + length <= run_end[pos]
            pos, prev = pos[keep], prev_id[keep]
            if pos.size == 0:
                break
            key = prev * _BASE + codes[pos + length - 1]
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        frequent = counts >= min_frequency
        if not frequent.any():
            break
        # dense ids of the frequent grams; occurrences of rare ones are dropped
        dense = np.cumsum(frequent) - 1
        occ = frequent[inverse]
        pos, gid = pos[occ], dense[inverse[occ]]
        freq = counts[frequent]
        first = np.full(freq.size, n_chars, dtype=np.int64)
        np.minimum.at(first, gid, pos)
        strings = [big[p:p + length] for p in first]
        frequency.update(zip(strings, freq.tolist()))
        if length >= min_length:
            levels.append(_level_table(length, pos, gid, freq, first, strings, codes, han,
                                       run_end, doc_of))
        prev_id = gid
    if not levels:
        return empty
    table = pd.concat(levels, ignore_index=True)
    table["cohesion"] = [_cohesion(s, frequency, n_han) for s in table["ngram"]]
    return table[list(NGRAM_COLUMNS)].sort_values(["length", "ngram"], kind="mergesort") \
        .reset_index(drop=True)


def _level_table(length, pos, gid, freq, first, strings, codes, han, run_end, doc_of):
    n_grams = freq.size
    n_chars = codes.size
    left_pos = np.maximum(pos - 1, 0)
    has_left = (pos >= 1) & han[left_pos]
    # a boundary neighbour is a symbol of its own: a number no character has
    left = np.where(has_left, codes[left_pos], _BASE + pos)
    right_pos = np.minimum(pos + length, n_chars - 1)
    has_right = pos + length < run_end[pos]
    right = np.where(has_right, codes[right_pos], _BASE + pos)
    groups, _ = _pair_counts(gid, doc_of[pos], int(doc_of[-1]) + 1)
    doc_start = np.flatnonzero(np.diff(doc_of, prepend=-1))
    first_doc = doc_of[first]
    return pd.DataFrame({
        "ngram": pd.Series(strings, dtype=object),
        "length": np.full(n_grams, length, dtype=np.int64),
        "frequency": freq.astype(np.int64),
        "doc_frequency": np.bincount(groups, minlength=n_grams).astype(np.int64),
        "left_entropy": _entropies(gid, left, freq, _BASE + n_chars),
        "right_entropy": _entropies(gid, right, freq, _BASE + n_chars),
        "doc": first_doc.astype(np.int64),
        "start": (first - doc_start[first_doc]).astype(np.int64),
    })


def _pair_counts(gid, other, width):
    """Distinct (gid, other) pairs: the gid of each pair and how often it occurs."""
    keys, counts = np.unique(gid * np.int64(width) + other, return_counts=True)
    return keys // width, counts


def _entropies(gid, neighbour, freq, width):
    groups, counts = _pair_counts(gid, neighbour, width)
    p = counts / freq[groups]
    h = np.zeros(freq.size)
    np.add.at(h, groups, -p * np.log2(p))
    return np.abs(h)  # no -0.0


def _cohesion(ngram: str, frequency: dict, n_han: int) -> float:
    if len(ngram) < 2:
        return float("nan")
    f = frequency[ngram]
    return float(min(
        np.log2(f * n_han / (frequency[ngram[:k]] * frequency[ngram[k:]]))
        for k in range(1, len(ngram))))
