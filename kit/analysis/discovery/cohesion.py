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

import functools
from dataclasses import dataclass

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
    check_ngram_settings(min_length, max_length, min_frequency)
    counter = NgramCounter(texts)
    # one set of texts: what is rare here is rare everywhere, so each level is pruned as it is counted
    return statistics_by_level(functools.partial(counter.tally_after, prune=min_frequency),
                               min_length, max_length, min_frequency)


def check_ngram_settings(min_length: int, max_length: int, min_frequency: int) -> None:
    """Raise ValueError for lengths or a frequency :func:`ngram_statistics` cannot use."""
    if not 1 <= min_length <= max_length:
        raise ValueError(f"need 1 ≤ min_length ≤ max_length, got {min_length} and {max_length}")
    if min_frequency < 1:
        raise ValueError(f"min_frequency must be ≥ 1, got {min_frequency}")


def statistics_by_level(tally_after, min_length: int, max_length: int,
                        min_frequency: int) -> pd.DataFrame:
    """The table of :func:`ngram_statistics` from level-by-level tallies.

    Parameters
    ----------
    tally_after : callable
        ``tally_after(chain)`` returns the :class:`LevelTally` of the n-grams
        of length ``len(chain) + 1`` whose (n − 1)-prefix is frequent, where
        ``chain[k]`` holds the sorted keys of the frequent (k + 1)-grams.  It
        may count one set of texts, or add up the tallies of many partitions
        (:func:`merge_tallies`): the table is the same.
    min_length, max_length, min_frequency : int
        As for :func:`ngram_statistics`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`ngram_statistics`.

    Examples
    --------
    >>> counter = NgramCounter(["甲乙丙，甲乙丁。"])
    >>> statistics_by_level(counter.tally_after, 2, 8, 2)["ngram"].tolist()
    ['甲乙']
    """
    frequency: dict[str, int] = {}
    levels, chain, strings, n_han = [], [], [], 0
    for length in range(1, max_length + 1):
        tally = tally_after(chain)
        if length == 1:
            n_han = tally.n_han
        if tally.keys.size == 0:
            break
        frequent = tally.counts >= min_frequency
        if not frequent.any():
            break
        keys = tally.keys[frequent]
        if length == 1:
            strings = [chr(k) for k in keys.tolist()]
        else:
            strings = [strings[k // _BASE] + chr(k % _BASE) for k in keys.tolist()]
        frequency.update(zip(strings, tally.counts[frequent].tolist()))
        if length >= min_length:
            levels.append(_level_table(length, tally, frequent, strings))
        chain.append(keys)
    if not levels:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            NGRAM_COLUMNS, (object, "int64", "int64", "int64", float, float, float, "int64", "int64"))})
    table = pd.concat(levels, ignore_index=True)
    table["cohesion"] = [_cohesion(s, frequency, n_han) for s in table["ngram"]]
    return table[list(NGRAM_COLUMNS)].sort_values(["length", "ngram"], kind="mergesort") \
        .reset_index(drop=True)


@dataclass
class LevelTally:
    """The n-grams of one length in some texts: counts, first occurrences and neighbours.

    Gram ``i`` is ``keys[i]``: its code point for a single character, else
    ``prefix_id · 0x110000 + last code point``, where ``prefix_id`` is the
    rank of its (n − 1)-prefix among the frequent (n − 1)-grams.  Neighbours
    are pairs (gram, code point, count); an occurrence at the edge of a run
    of Chinese characters counts in ``left_edges`` / ``right_edges`` instead.
    Documents are numbered from 0 in the texts counted (``n_docs`` of them).

    Examples
    --------
    >>> t = NgramCounter(["甲乙，甲丙"]).tally_after([])
    >>> "".join(map(chr, t.keys)), t.counts.tolist(), t.right_edges.tolist()
    ('丙乙甲', [1, 1, 2], [1, 1, 0])
    """

    keys: np.ndarray
    counts: np.ndarray
    docs: np.ndarray
    first_doc: np.ndarray
    first_start: np.ndarray
    left_pairs: tuple
    left_edges: np.ndarray
    right_pairs: tuple
    right_edges: np.ndarray
    n_docs: int
    n_han: int


def merge_tallies(earlier: LevelTally, later: LevelTally) -> LevelTally:
    """The tally of two sets of texts, ``later``'s documents numbered after ``earlier``'s.

    Examples
    --------
    >>> a, b = NgramCounter(["甲乙"]).tally_after([]), NgramCounter(["乙丙"]).tally_after([])
    >>> m = merge_tallies(a, b)
    >>> "".join(map(chr, m.keys)), m.counts.tolist(), m.first_doc.tolist(), m.n_docs
    ('丙乙甲', [1, 2, 1], [1, 0, 0], 2)
    """
    keys = np.concatenate([earlier.keys, later.keys])
    merged, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    n = merged.size

    def added(a, b):
        return np.bincount(inverse, weights=np.concatenate([a, b]), minlength=n).astype(np.int64)

    def pairs(a, b):
        grams = np.concatenate([inverse[a[0]], inverse[earlier.keys.size + b[0]]])
        key = grams * np.int64(_BASE) + np.concatenate([a[1], b[1]])
        unique, where = np.unique(key, return_inverse=True)
        counts = np.bincount(where, weights=np.concatenate([a[2], b[2]])).astype(np.int64)
        return unique // _BASE, unique % _BASE, counts

    return LevelTally(
        keys=merged,
        counts=added(earlier.counts, later.counts),
        docs=added(earlier.docs, later.docs),
        # the earlier texts come first, so a gram's first occurrence is theirs when they hold it
        first_doc=np.concatenate([earlier.first_doc, later.first_doc + earlier.n_docs])[first],
        first_start=np.concatenate([earlier.first_start, later.first_start])[first],
        left_pairs=pairs(earlier.left_pairs, later.left_pairs),
        left_edges=added(earlier.left_edges, later.left_edges),
        right_pairs=pairs(earlier.right_pairs, later.right_pairs),
        right_edges=added(earlier.right_edges, later.right_edges),
        n_docs=earlier.n_docs + later.n_docs,
        n_han=earlier.n_han + later.n_han,
    )


class NgramCounter:
    """The character n-grams of one set of texts, counted one length after another.

    Parameters
    ----------
    texts : sequence of str
        One text per document.

    Examples
    --------
    >>> counter = NgramCounter(["甲乙丙，甲乙丁。"])
    >>> first = counter.tally_after([], prune=2)
    >>> [chr(k) for k in first.keys]
    ['乙', '甲']
    >>> counter.tally_after([first.keys], prune=2).counts.tolist()
    [2]
    """

    def __init__(self, texts) -> None:
        texts = list(texts)
        self.n_docs = len(texts)
        big = "\n".join(texts)
        self.codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        n_chars = self.codes.size
        self.han = han_mask(self.codes)
        self.n_han = int(self.han.sum())
        # run_end[i]: first non-Chinese position at or after i
        breaks = np.append(np.flatnonzero(~self.han), n_chars)
        positions_all = np.arange(n_chars)
        self.run_end = breaks[np.searchsorted(breaks, positions_all)]
        self.doc_starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).astype(np.int64)
        self.doc_of = np.searchsorted(self.doc_starts, positions_all, side="right") - 1
        self.level = 0
        self.pos = np.flatnonzero(self.han)  # where a frequent gram of the current level starts
        self.gid = None  # its rank among the frequent grams of that level
        self._next = None

    def _next_level(self):
        """(positions, keys) of the grams one character longer than the current level's."""
        if self._next is None or self._next[0] != self.level:
            length = self.level + 1
            if length == 1:
                pos, key = self.pos, self.codes[self.pos]
            else:
                keep = self.pos + length <= self.run_end[self.pos]
                pos = self.pos[keep]
                key = self.gid[keep] * _BASE + self.codes[pos + length - 1]
            self._next = (self.level, pos, key)
        return self._next[1], self._next[2]

    def advance(self, frequent_keys: np.ndarray) -> None:
        """Go one level up, keeping the occurrences of ``frequent_keys`` (sorted)."""
        pos, key = self._next_level()
        at = np.searchsorted(frequent_keys, key)
        found = at < frequent_keys.size
        found[found] = frequent_keys[at[found]] == key[found]
        self.pos, self.gid = pos[found], at[found]
        self.level += 1

    def tally_after(self, chain, prune: int = 1) -> LevelTally:
        """The :class:`LevelTally` of the grams of length ``len(chain) + 1``.

        Parameters
        ----------
        chain : list of numpy.ndarray
            The sorted keys of the frequent grams of each shorter length.
        prune : int
            Leave out grams seen fewer times here (only right when these
            texts are the whole corpus; 1 keeps every gram).
        """
        for keys in chain[self.level:]:
            self.advance(keys)
        pos, key = self._next_level()
        if pos.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return LevelTally(empty, empty, empty, empty, empty, (empty, empty, empty), empty,
                              (empty, empty, empty), empty, self.n_docs, self.n_han)
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        kept = counts >= prune
        dense = np.cumsum(kept) - 1
        occurs = kept[inverse]
        pos, gid = pos[occurs], dense[inverse[occurs]]
        n_grams = int(kept.sum())
        length = len(chain) + 1
        first = np.full(n_grams, self.codes.size, dtype=np.int64)
        np.minimum.at(first, gid, pos)
        first_doc = self.doc_of[first] if n_grams else np.zeros(0, dtype=np.int64)
        in_docs, _ = _pair_counts(gid, self.doc_of[pos], max(self.n_docs, 1))
        left_pos = np.maximum(pos - 1, 0)
        has_left = (pos >= 1) & self.han[left_pos]
        right_pos = np.minimum(pos + length, self.codes.size - 1)
        has_right = pos + length < self.run_end[pos]
        return LevelTally(
            keys=uniq[kept], counts=counts[kept].astype(np.int64),
            docs=np.bincount(in_docs, minlength=n_grams).astype(np.int64),
            first_doc=first_doc.astype(np.int64),
            first_start=(first - self.doc_starts[first_doc]).astype(np.int64),
            left_pairs=_neighbour_pairs(gid[has_left], self.codes[left_pos[has_left]]),
            left_edges=np.bincount(gid[~has_left], minlength=n_grams).astype(np.int64),
            right_pairs=_neighbour_pairs(gid[has_right], self.codes[right_pos[has_right]]),
            right_edges=np.bincount(gid[~has_right], minlength=n_grams).astype(np.int64),
            n_docs=self.n_docs, n_han=self.n_han)


def _neighbour_pairs(gid, codes):
    """(gram, code point, count) of each distinct neighbour, sorted by gram then code point."""
    keys, counts = np.unique(gid * np.int64(_BASE) + codes, return_counts=True)
    return keys // _BASE, keys % _BASE, counts.astype(np.int64)


def _level_table(length, tally: LevelTally, frequent, strings):
    n_grams = int(frequent.sum())
    freq = tally.counts[frequent]
    return pd.DataFrame({
        "ngram": pd.Series(strings, dtype=object),
        "length": np.full(n_grams, length, dtype=np.int64),
        "frequency": freq.astype(np.int64),
        "doc_frequency": tally.docs[frequent],
        "left_entropy": _entropies(tally.left_pairs, tally.left_edges, frequent, freq),
        "right_entropy": _entropies(tally.right_pairs, tally.right_edges, frequent, freq),
        "doc": tally.first_doc[frequent],
        "start": tally.first_start[frequent],
    })


def _pair_counts(gid, other, width):
    """Distinct (gid, other) pairs: the gid of each pair and how often it occurs."""
    keys, counts = np.unique(gid * np.int64(width) + other, return_counts=True)
    return keys // width, counts


def _entropies(pairs, edges, frequent, freq):
    """Branching entropy of each frequent gram from its neighbour pairs and edge occurrences."""
    rank = np.cumsum(frequent) - 1
    grams, _, counts = pairs
    chosen = frequent[grams]
    edge_grams = np.flatnonzero(frequent)
    # each edge occurrence is a neighbour of its own (count 1); the terms are added in the
    # order of the one-pass count: a gram's letters by code point, then its edges
    groups = np.concatenate([rank[grams[chosen]], np.repeat(rank[edge_grams], edges[edge_grams])])
    counts = np.concatenate([counts[chosen], np.ones(int(edges[edge_grams].sum()), dtype=np.int64)])
    order = np.argsort(groups, kind="stable")
    groups, counts = groups[order], counts[order]
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
