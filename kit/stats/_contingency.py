"""Test statistics of 2×2 contingency tables, vectorised over many tables.

Keyness (word × corpus) and association (word × word) both reduce to a 2×2
table [[o11, o12], [o21, o22]]; the statistics below are shared by both.
The caller masks tables with an empty row or column (an expected count of 0)
beforehand: these functions assume every marginal total is positive.
"""

from __future__ import annotations

import numpy as np


def _cells_and_expected(o11, o12, o21, o22):
    row1, row2 = o11 + o12, o21 + o22
    col1, col2 = o11 + o21, o12 + o22
    n = row1 + row2
    observed = (o11, o12, o21, o22)
    expected = (row1 * col1 / n, row1 * col2 / n, row2 * col1 / n, row2 * col2 / n)
    # O − E has the same size in all four cells: ±(o11·o22 − o12·o21)/N.
    # Taking it from the cross product avoids subtracting two large, nearly
    # equal numbers.
    delta = (o11 * o22 - o12 * o21) / n
    deviations = (delta, -delta, -delta, delta)
    return observed, expected, deviations


def log_likelihood_g2(o11, o12, o21, o22):
    """Dunning's G² = 2 Σ O ln(O/E) over the four cells, with 0·ln 0 = 0.

    Each cell contributes E·((1+t)·ln(1+t) − t) with t = (O − E)/E: the same
    sum (the added Σ(E − O) is zero), but every term is non-negative, so the
    result is ≥ 0 and accurate when O is close to E.

    Examples
    --------
    >>> round(float(log_likelihood_g2(110., 2442., 111., 29114.)), 2)
    270.72
    """
    observed, expected, deviations = _cells_and_expected(o11, o12, o21, o22)
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e, dev in zip(observed, expected, deviations):
            t = dev / e
            term = np.where(o > 0, e * ((1.0 + t) * np.log1p(t) - t), e)
            total = total + term
    return np.maximum(2.0 * total, 0.0)


def pearson_chi2(o11, o12, o21, o22, yates: bool = False):
    """Pearson's X² = Σ (O − E)²/E over the four cells.

    With ``yates=True`` every |O − E| is first reduced by 0.5, but not below
    zero (Yates 1934; the rule scipy.stats.chi2_contingency applies).

    Examples
    --------
    >>> float(pearson_chi2(10., 10., 10., 10.))
    0.0
    """
    _, expected, deviations = _cells_and_expected(o11, o12, o21, o22)
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for e, dev in zip(expected, deviations):
            size = np.abs(dev)
            if yates:
                size = np.maximum(size - 0.5, 0.0)
            total = total + size * size / e
    return total
