"""Correct p-values for testing many items at once."""

from __future__ import annotations

import numpy as np

from kit.stats._inputs import as_float_array

ADJUST_METHODS = ("fdr_bh", "bonferroni")


def adjust_p(p, method: str = "fdr_bh") -> np.ndarray:
    """Adjust p-values for multiple comparisons.

    A keyness or collocation table tests thousands of items at once; at
    p < 0.05 one item in twenty would be "significant" by chance alone.

    Parameters
    ----------
    p : array_like or pandas.Series, 1-D
        p-values in [0, 1]; NaN marks an untested item.
    method : {"fdr_bh", "bonferroni"}, default "fdr_bh"
        ``"fdr_bh"``: Benjamini–Hochberg step-up adjustment, which controls
        the false discovery rate. With the m non-NaN p-values sorted,
        p_(1) ≤ … ≤ p_(m), the adjusted value of p_(i) is
        min over k ≥ i of min(1, m·p_(k)/k), so adjusted values keep the
        order of the raw ones. An item is a discovery at level q when its
        adjusted value is ≤ q.
        ``"bonferroni"``: min(1, m·p), which controls the family-wise error
        rate.

    Returns
    -------
    numpy.ndarray of float64
        The adjusted p-values, in the input's order and of its length. This
        is the one function of ``kit.stats`` that returns an array rather
        than a DataFrame: it transforms a column, e.g.
        ``scores["p_adjusted"] = adjust_p(scores["p_value"])``. NaN inputs
        stay NaN in place and are not counted in m.

    Raises
    ------
    ValueError
        If p is not numeric, not 1-D, has values outside [0, 1], or the
        method is unknown.

    References
    ----------
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery
    rate: a practical and powerful approach to multiple testing. Journal of
    the Royal Statistical Society, Series B, 57(1), 289–300.

    Examples
    --------
    >>> adjust_p([0.01, 0.04, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    >>> adjust_p([0.01, float("nan"), 0.2], method="bonferroni").tolist()
    [0.02, nan, 0.4]
    """
    if method not in ADJUST_METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, ADJUST_METHODS))}; got {method!r}")
    values, _ = as_float_array("p", p)
    values = np.atleast_1d(values)
    if values.ndim != 1:
        raise ValueError(f"p must be 1-D; got shape {values.shape}")
    if ((values < 0) | (values > 1)).any():
        raise ValueError("p must contain probabilities between 0 and 1 (or NaN)")

    adjusted = np.full(values.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(values))
    m = tested.size
    if m == 0:
        return adjusted
    observed = values[tested]
    if method == "bonferroni":
        adjusted[tested] = np.minimum(observed * m, 1.0)
        return adjusted

    order = np.argsort(observed, kind="stable")
    ranks = np.arange(1, m + 1)
    scaled = observed[order] * m / ranks
    # Step-up: each value is capped by every larger-ranked one.
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(monotone, 1.0)
    adjusted[tested] = result
    return adjusted
