"""How often each of many strings occurs in a corpus, and in how many texts.

Layer: analysis.  Shared by candidate counting and novelty scoring: a
candidate list can hold thousands of strings and the reference corpus
millions of characters, so the text's character pairs are sorted once and
each string costs a binary search (hand-written: no library counts
non-overlapping occurrences of many strings with their text frequency).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

_BASE = 0x110000  # one more than the largest code point


def occurrence_counts(strings, texts) -> pd.DataFrame:
    """Occurrences of each string in the texts, and the number of texts holding it.

    Parameters
    ----------
    strings : sequence of str
    texts : sequence of str

    Returns
    -------
    pandas.DataFrame
        Columns frequency (non-overlapping occurrences, as :meth:`str.count`
        counts them, summed over texts) and doc_frequency, one row per string.

    Examples
    --------
    >>> occurrence_counts(["一米"], ["最后一米，一米", "无"]).values.tolist()
    [[2, 1]]
    """
    texts = list(texts)
    strings = list(strings)
    joined = "\x00".join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    n = codes.size
    # Every occurrence begins with one of the text's character pairs: sort the
    # pairs once, then each string costs a binary search and a check of its
    # remaining characters, instead of a scan of the whole text.
    pair_keys = codes[:-1] * _BASE + codes[1:]
    order = np.argsort(pair_keys, kind="stable")
    sorted_keys = pair_keys[order]
    frequency, doc_frequency = [], []
    for s in strings:
        if not s:
            frequency.append(0)
            doc_frequency.append(0)
            continue
        chars = [ord(c) for c in s]
        if len(chars) == 1:
            pos = np.flatnonzero(codes == chars[0])
        else:
            key = chars[0] * _BASE + chars[1]
            lo, hi = np.searchsorted(sorted_keys, [key, key + 1])
            pos = order[lo:hi]
            pos = pos[pos + len(chars) <= n]
            for j in range(2, len(chars)):
                pos = pos[codes[pos + j] == chars[j]]
        kept, end = [], -1
        for p in pos.tolist():  # non-overlapping, left to right, as str.count counts
            if p >= end:
                kept.append(p)
                end = p + len(chars)
        frequency.append(len(kept))
        doc_frequency.append(len(set(np.searchsorted(starts, kept, side="right").tolist())))
    return pd.DataFrame({"frequency": np.array(frequency, dtype=np.int64),
                         "doc_frequency": np.array(doc_frequency, dtype=np.int64)})
