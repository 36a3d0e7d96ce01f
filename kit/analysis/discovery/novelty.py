"""Novelty: how much more frequent a candidate is here than in a reference corpus.

Layer: analysis.

A candidate that is frequent in the target and rare in a reference of the
genre is new (or newly fashionable); one that is as frequent in the
reference is merely common.  Each candidate string is counted in the raw
text of the reference (non-overlapping occurrences, :meth:`str.count`, over
every document), and :func:`kit.stats.keyness_scores` compares the two
rates with corpus sizes in characters.  Characters, not tokens, because a
candidate the tokenizer splits or does not know must still be counted.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis.discovery.occurrences import occurrence_counts

from kit.stats import keyness_scores

#: Columns added by :func:`novelty_scores`.
NOVELTY_COLUMNS = ("ref_frequency", "log_ratio", "g2", "p_value")




def novelty_scores(candidates, frequency, target_size: int, reference_texts) -> pd.DataFrame:
    """Keyness of each candidate against a reference corpus.

    Parameters
    ----------
    candidates : sequence of str
    frequency : sequence of int
        Each candidate's frequency in the target.
    target_size : int
        Characters in the target corpus.
    reference_texts : sequence of str

    Returns
    -------
    pandas.DataFrame
        One row per candidate, in order, with columns ref_frequency (int),
        log_ratio (Hardie's Log Ratio, 0.5 for a zero frequency), g2 and
        p_value (Dunning's log-likelihood and its χ²(1) p-value, not corrected
        for multiple testing).

    Examples
    --------
    >>> t = novelty_scores(["微心愿"], [2], 1000, ["没有这个词。" * 100])
    >>> t["ref_frequency"].tolist(), bool(t["log_ratio"].iloc[0] > 0)
    ([0], True)
    """
    reference_texts = list(reference_texts)
    ref = occurrence_counts(list(candidates), reference_texts)["frequency"].to_numpy()
    return novelty_table(frequency, ref, target_size, sum(len(t) for t in reference_texts))


def novelty_table(frequency, ref_frequency, target_size: int, ref_size: int) -> pd.DataFrame:
    """The table of :func:`novelty_scores` from the candidates' counts in the reference.

    Parameters
    ----------
    frequency, ref_frequency : sequence of int
        Each candidate's frequency in the target and in the reference.
    target_size, ref_size : int
        Characters in the target and in the reference.

    Examples
    --------
    >>> novelty_table([2], [0], 1000, 600)["ref_frequency"].tolist()
    [0]
    """
    ref = np.asarray(ref_frequency, dtype=np.int64)
    if ref_size == 0:
        raise ValueError("the reference corpus has no text")
    scores = keyness_scores(np.asarray(frequency, dtype=float), ref.astype(float),
                            float(target_size), float(ref_size))
    return pd.DataFrame({
        "ref_frequency": ref,
        "log_ratio": scores["log_ratio"].to_numpy(),
        "g2": scores["g2"].to_numpy(),
        "p_value": scores["p_value"].to_numpy(),
    })
