"""Keyness: how much more (or less) frequent an item is in a target corpus than in a reference."""

from __future__ import annotations

import numpy as np
import pandas as pd
from kit.stats.distributions import chi2_sf_one_df, normal_quantile

from kit.stats._contingency import log_likelihood_g2, pearson_chi2
from kit.stats._inputs import broadcast_columns, require_at_most, require_nonnegative

KEYNESS_COLUMNS = (
    "g2",
    "ll_2term",
    "chi2",
    "chi2_yates",
    "log_ratio",
    "pct_diff",
    "odds_ratio",
    "bic",
    "p_value",
    "direction",
)

#: Frequency put in place of a zero frequency for Log Ratio (Hardie 2014).
LOG_RATIO_ZERO_FREQUENCY = 0.5
#: Normalised reference frequency (per million tokens) put in place of zero for %DIFF.
PCT_DIFF_ZERO_PER_MILLION = 1e-18
#: Added to all four cells of a table with a zero cell for the odds ratio (Haldane 1956).
ODDS_RATIO_HALDANE = 0.5


def keyness_scores(a, b, c, d) -> pd.DataFrame:
    """Keyness statistics of items in a target corpus against a reference corpus.

    Each item gives the 2×2 table::

                         target     reference
        item             a          b
        other tokens     c − a      d − b

    Parameters
    ----------
    a : array_like or pandas.Series
        Frequency of each item in the target corpus.
    b : array_like or pandas.Series
        Frequency of each item in the reference corpus.
    c : array_like or scalar
        Size of the target corpus in tokens.
    d : array_like or scalar
        Size of the reference corpus in tokens.

    Scalars broadcast against arrays (typically scalar ``c`` and ``d``).
    Frequencies need not be integers (weighted counts are accepted).

    Returns
    -------
    pandas.DataFrame
        One row per item, indexed like the Series among the inputs (else
        0, 1, …), with these float columns, in this order:

        g2
            Dunning's log-likelihood G² = 2 Σ O ln(O/E) over all four cells,
            with 0·ln 0 = 0; always ≥ 0.
        ll_2term
            The two-term form of the UCREL log-likelihood calculator
            (Rayson & Garside 2000): 2·(a ln(a/E1) + b ln(b/E2)), with
            E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d) and 0·ln 0 = 0.
        chi2
            Pearson's X² over the four cells, no continuity correction.
        chi2_yates
            X² with Yates's correction: each |O − E| reduced by 0.5, not
            below 0 (as in scipy.stats.chi2_contingency).
        log_ratio
            Hardie's Log Ratio, log2((a/c)/(b/d)); a zero frequency (a or b)
            is replaced by 0.5, so the value is always finite.
        pct_diff
            %DIFF (Gabrielatos & Marchi 2012): (a/c − b/d)/(b/d)·100. When
            b = 0 the reference's normalised frequency is taken as 1e-18
            per million tokens (a very small number in place of zero, the
            practice of Gabrielatos & Marchi), which gives a finite but
            huge %DIFF that still ranks such items by their target frequency.
        odds_ratio
            a(d − b)/(b(c − a)). If any of the four cells is zero, 0.5 is
            added to every cell of that table first (the Haldane–Anscombe
            correction), so the value is finite and positive.
        bic
            Bayes factor approximation BIC = G² − ln N, N = c + d (Wilson
            2013; one degree of freedom). Positive values favour a real
            difference; above 2, 6 and 10 the evidence is positive, strong
            and very strong.
        p_value
            Upper-tail probability of G² under χ² with 1 degree of freedom.
            Not corrected for multiple testing: see :func:`kit.stats.adjust_p`.
        direction
            +1 where a/c > b/d (overused in the target), −1 where less, 0
            where the rates are equal (computed exactly as the sign of
            a·d − b·c). Float so that NaN can mark undefined rows.

    Missing and undefined values
        A NaN in any input gives NaN in every column of that row. A table
        with an empty row or column has no expected frequencies to compare
        with, so every column is NaN as well. This covers: an item absent
        from both corpora (a = b = 0: no evidence either way, so it is not a
        keyword with any score); an empty corpus (c = 0 or d = 0: no rate);
        and an item that makes up both corpora entirely (a = c and b = d).
        No warnings are emitted.

    Raises
    ------
    ValueError
        If an argument is non-numeric or infinite, a frequency or size is
        negative, a > c or b > d, or the shapes cannot be broadcast.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics, 19(1), 61–74.

    Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
    profiling. In Proceedings of the Workshop on Comparing Corpora, ACL 2000,
    1–6. (Two-term form as in the UCREL log-likelihood calculator,
    https://ucrel.lancs.ac.uk/llwizard.html.)

    Hardie, A. (2014). Log Ratio – an informal introduction. Lancaster
    University ESRC Centre for Corpus Approaches to Social Science (CASS)
    blog, 28 April 2014.

    Gabrielatos, C. & Marchi, A. (2012). Keyness: Appropriate metrics and
    practical issues. CADS International Conference 2012, University of
    Bologna, 13–14 September 2012.

    Wilson, A. (2013). Embracing Bayes factors for key item analysis in
    corpus linguistics. In M. Bieswanger & A. Koll-Stobbe (eds.), New
    Approaches to the Study of Linguistic Variability, 3–11. Frankfurt:
    Peter Lang.

    Haldane, J. B. S. (1956). The estimation and significance of the
    logarithm of a ratio of frequencies. Annals of Human Genetics, 20(4),
    309–311.

    Examples
    --------
    Dunning's (1993) table of bigrams, row "the swiss", read as keyness:

    >>> scores = keyness_scores([110, 20], [111, 229], 2552, 29225)
    >>> scores["g2"].round(2).tolist()
    [270.72, 0.0]
    >>> scores["direction"].tolist()
    [1.0, 1.0]
    """
    (a, b, c, d), index = broadcast_columns(a=a, b=b, c=c, d=d)
    for name, values in (("a", a), ("b", b), ("c", c), ("d", d)):
        require_nonnegative(name, values)
    require_at_most("a", a, "c", c)
    require_at_most("b", b, "d", d)

    undefined = (
        np.isnan(a) | np.isnan(b) | np.isnan(c) | np.isnan(d)
        | (c == 0) | (d == 0) | (a + b == 0) | ((a == c) & (b == d))
    )
    # Computations run on a harmless stand-in table where undefined, then masked.
    a, b, c, d = (np.where(undefined, fill, x) for x, fill in ((a, 1.0), (b, 1.0), (c, 2.0), (d, 2.0)))

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        g2 = log_likelihood_g2(a, b, c - a, d - b)
        chi2 = pearson_chi2(a, b, c - a, d - b)
        chi2_yates = pearson_chi2(a, b, c - a, d - b, yates=True)

        n = c + d
        e1 = c * (a + b) / n
        e2 = d * (a + b) / n
        ll_2term = 2.0 * (_x_log_x_over_y(a, e1) + _x_log_x_over_y(b, e2))

        a_lr = np.where(a == 0, LOG_RATIO_ZERO_FREQUENCY, a)
        b_lr = np.where(b == 0, LOG_RATIO_ZERO_FREQUENCY, b)
        log_ratio = np.log2((a_lr * d) / (b_lr * c))

        target_rate = a / c
        reference_rate = np.where(b == 0, PCT_DIFF_ZERO_PER_MILLION / 1e6, b / d)
        pct_diff = (target_rate - reference_rate) / reference_rate * 100.0

        other_a, other_b = c - a, d - b
        has_zero_cell = (a == 0) | (b == 0) | (other_a == 0) | (other_b == 0)
        shift = np.where(has_zero_cell, ODDS_RATIO_HALDANE, 0.0)
        odds_ratio = ((a + shift) * (other_b + shift)) / ((b + shift) * (other_a + shift))

        bic = g2 - np.log(n)
        p_value = chi2_sf_one_df(g2)
        direction = np.sign(a * d - b * c)

    columns = {
        "g2": g2,
        "ll_2term": ll_2term,
        "chi2": chi2,
        "chi2_yates": chi2_yates,
        "log_ratio": log_ratio,
        "pct_diff": pct_diff,
        "odds_ratio": odds_ratio,
        "bic": bic,
        "p_value": p_value,
        "direction": direction,
    }
    frame = pd.DataFrame(
        {name: np.where(undefined, np.nan, np.asarray(values, dtype=np.float64)) for name, values in columns.items()},
        index=index,
    )
    return frame[list(KEYNESS_COLUMNS)]


def _x_log_x_over_y(x, y):
    """x·ln(x/y) with the convention 0·ln 0 = 0."""
    return np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0) / y), 0.0)


def log_ratio_ci(a, b, c, d, confidence: float = 0.95) -> pd.DataFrame:
    """Confidence interval of Hardie's Log Ratio.

    Log Ratio = log2((a/c)/(b/d)).  Treating a and b as Poisson counts, the
    natural log of the ratio of rates has standard error √(1/a + 1/b)
    (the delta method); on the log2 scale that is √(1/a + 1/b) / ln 2.  A
    zero frequency is replaced by 0.5 (as for the Log Ratio itself).

    Parameters
    ----------
    a, b : array_like
        Frequencies in the target and the reference.
    c, d : array_like or scalar
        Sizes of the target and the reference.
    confidence : float
        Level, e.g. 0.95 (z = 1.959964).

    Returns
    -------
    pandas.DataFrame
        Columns log_ratio, log_ratio_ci_low, log_ratio_ci_high (float).

    Examples
    --------
    >>> log_ratio_ci([10], [10], [1000], [1000]).round(3).values.tolist()
    [[0.0, -1.265, 1.265]]
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    c = np.asarray(c, dtype=float)
    d = np.asarray(d, dtype=float)
    a_lr = np.where(a == 0, LOG_RATIO_ZERO_FREQUENCY, a)
    b_lr = np.where(b == 0, LOG_RATIO_ZERO_FREQUENCY, b)
    z = normal_quantile(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log2((a_lr / c) / (b_lr / d))
        half = z * np.sqrt(1 / a_lr + 1 / b_lr) / np.log(2)
    return pd.DataFrame({"log_ratio": ratio, "log_ratio_ci_low": ratio - half,
                         "log_ratio_ci_high": ratio + half})
