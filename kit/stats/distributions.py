"""The two distribution functions the kit's tests of significance need.

Deliberately written on :mod:`scipy.special` (the functions ``scipy.stats``
itself evaluates) rather than on ``scipy.stats``: importing ``scipy.stats``
takes about 1.5 s, which every notebook, command and worker process would
pay even when it never computes a p-value.  The values are those of
``scipy.stats.chi2.sf(x, 1)`` and ``scipy.stats.norm.ppf(q)`` to the bit;
``tests/test_stats_distributions.py`` checks it.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def chi2_sf_one_df(statistic):
    """Upper tail of the chi-squared distribution with one degree of freedom.

    Parameters
    ----------
    statistic : float or array-like
        Values of a G² or X² statistic; below 0 (a rounding error of a zero
        statistic) counts as 0.

    Returns
    -------
    numpy.ndarray or float
        P(X ≥ statistic), as ``scipy.stats.chi2.sf(statistic, 1)``; NaN stays NaN.

    Examples
    --------
    >>> round(float(chi2_sf_one_df(3.841458820694124)), 6)
    0.05
    >>> float(chi2_sf_one_df(-1e-12))
    1.0
    """
    values = np.asarray(statistic, dtype=float)
    tail = special.chdtrc(1, np.where(values < 0, 0.0, values))
    return tail if tail.ndim else float(tail)


def normal_quantile(probability):
    """The standard normal distribution's quantile function.

    Parameters
    ----------
    probability : float or array-like
        In [0, 1].

    Returns
    -------
    numpy.ndarray or float
        z with P(Z ≤ z) = probability, as ``scipy.stats.norm.ppf``.

    Examples
    --------
    >>> round(float(normal_quantile(0.975)), 4)
    1.96
    """
    values = np.asarray(probability, dtype=float)
    quantile = special.ndtri(values)
    return quantile if quantile.ndim else float(quantile)
