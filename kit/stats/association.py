"""Association (collocation) measures: how strongly two items attract each other."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.stats._contingency import log_likelihood_g2, pearson_chi2
from kit.stats._inputs import broadcast_columns, require_at_most, require_nonnegative

ASSOCIATION_COLUMNS = (
    "pmi",
    "mi3",
    "t_score",
    "z_score",
    "dice",
    "log_dice",
    "delta_p",
    "delta_p_reverse",
    "g2",
    "chi2",
)


def association_scores(o11, r1, c1, n) -> pd.DataFrame:
    """Association measures of item pairs from their joint and separate frequencies.

    Each pair gives the 2×2 table::

                         second      not second
        first            O11         O12 = R1 − O11       | R1
        not first        O21         O22                  | R2 = N − R1
                         C1          C2 = N − C1          | N

    with O21 = C1 − O11 and expected joint frequency E11 = R1·C1/N.

    Parameters
    ----------
    o11 : array_like or pandas.Series
        Joint frequency of the pair (co-occurrences).
    r1 : array_like or pandas.Series
        Frequency of the first item.
    c1 : array_like or pandas.Series
        Frequency of the second item.
    n : array_like or scalar
        Sample size (number of co-occurrence opportunities, e.g. bigrams).

    Scalars broadcast against arrays.

    Returns
    -------
    pandas.DataFrame
        One row per pair, indexed like the Series among the inputs (else
        0, 1, …), with these float columns, in this order:

        pmi
            Pointwise mutual information log2(O11/E11) (Church & Hanks 1990).
        mi3
            log2(O11³/E11) (Daille 1994), which favours frequent pairs.
        t_score
            (O11 − E11)/√O11 (Church et al. 1991).
        z_score
            (O11 − E11)/√E11.
        dice
            2·O11/(R1 + C1) (Dice 1945), in [0, 1].
        log_dice
            14 + log2 Dice (Rychlý 2008); at most 14.
        delta_p
            ΔP of the second item given the first: O11/R1 − O21/R2, that is
            P(second | first) − P(second | not first) (Ellis 2007; Gries 2013).
        delta_p_reverse
            ΔP of the first given the second: O11/C1 − O12/C2.
        g2
            Log-likelihood G² = 2 Σ O ln(O/E) over the four cells, 0·ln 0 = 0
            (Dunning 1993).
        chi2
            Pearson's X² over the four cells, no continuity correction.

    Missing and undefined values
        A NaN in any input gives NaN in every column of that row. If either
        item never occurs (R1 = 0 or C1 = 0, including N = 0) E11 is zero and
        no measure is defined: the whole row is NaN. A pair that never
        co-occurs (O11 = 0, R1, C1 > 0) gets pmi, mi3, log_dice and t_score of
        −inf: the logarithm of zero and a division by √0, the true limits, which
        sort such pairs last; dice is 0 and the other columns are finite.
        If an item fills the whole sample (R1 = N or C1 = N) the table has an
        empty row or column: g2 and chi2 are NaN, delta_p is NaN when R2 = 0,
        delta_p_reverse when C2 = 0. No warnings are emitted.

    Raises
    ------
    ValueError
        If an argument is non-numeric or infinite, a frequency is negative,
        o11 exceeds r1 or c1, r1 or c1 exceeds n, or r1 + c1 − o11 > n (a
        negative O22).

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. Computational Linguistics, 16(1), 22–29.

    Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in
    lexical analysis. In U. Zernik (ed.), Lexical Acquisition: Exploiting
    On-Line Resources to Build a Lexicon, 115–164. Hillsdale, NJ: Lawrence
    Erlbaum.

    Daille, B. (1994). Approche mixte pour l'extraction automatique de
    terminologie : statistiques lexicales et filtres linguistiques. PhD
    thesis, Université Paris 7.

    Dice, L. R. (1945). Measures of the amount of ecologic association
    between species. Ecology, 26(3), 297–302.

    Rychlý, P. (2008). A lexicographer-friendly association score. In
    Proceedings of Recent Advances in Slavonic Natural Language Processing
    (RASLAN 2008), 6–9. Brno: Masaryk University.

    Ellis, N. C. (2007). Blocking and learned attention in language
    acquisition. In D. S. McNamara & J. G. Trafton (eds.), Proceedings of the
    29th Annual Conference of the Cognitive Science Society, 965–970.

    Gries, S. Th. (2013). 50-something years of work on collocations: what is
    or should be next. International Journal of Corpus Linguistics, 18(1),
    137–165.

    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics, 19(1), 61–74.

    Examples
    --------
    >>> scores = association_scores(8, 8, 8, 1024)
    >>> float(scores.loc[0, "pmi"])
    7.0
    >>> float(scores.loc[0, "dice"]), float(scores.loc[0, "log_dice"])
    (1.0, 14.0)
    """
    (o11, r1, c1, n), index = broadcast_columns(o11=o11, r1=r1, c1=c1, n=n)
    for name, values in (("o11", o11), ("r1", r1), ("c1", c1), ("n", n)):
        require_nonnegative(name, values)
    require_at_most("o11", o11, "r1", r1)
    require_at_most("o11", o11, "c1", c1)
    require_at_most("r1", r1, "n", n)
    require_at_most("c1", c1, "n", n)
    require_at_most("r1 + c1 - o11", r1 + c1 - o11, "n", n)

    undefined = np.isnan(o11) | np.isnan(r1) | np.isnan(c1) | np.isnan(n) | (r1 == 0) | (c1 == 0)
    o11, r1, c1, n = (np.where(undefined, fill, x) for x, fill in ((o11, 1.0), (r1, 2.0), (c1, 2.0), (n, 4.0)))
    o12, o21 = r1 - o11, c1 - o11
    o22 = n - r1 - c1 + o11
    r2, c2 = n - r1, n - c1

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        e11 = r1 * c1 / n
        pmi = np.log2(o11) - np.log2(e11)
        mi3 = 3.0 * np.log2(o11) - np.log2(e11)
        t_score = np.where(o11 > 0, (o11 - e11) / np.sqrt(o11), -np.inf)
        z_score = (o11 - e11) / np.sqrt(e11)
        dice = 2.0 * o11 / (r1 + c1)
        log_dice = 14.0 + np.log2(dice)
        delta_p = np.where(r2 > 0, o11 / r1 - o21 / np.where(r2 > 0, r2, 1.0), np.nan)
        delta_p_reverse = np.where(c2 > 0, o11 / c1 - o12 / np.where(c2 > 0, c2, 1.0), np.nan)
        degenerate_table = (r2 == 0) | (c2 == 0)
        g2 = np.where(degenerate_table, np.nan, log_likelihood_g2(o11, o12, o21, o22))
        chi2 = np.where(degenerate_table, np.nan, pearson_chi2(o11, o12, o21, o22))

    columns = {
        "pmi": pmi,
        "mi3": mi3,
        "t_score": t_score,
        "z_score": z_score,
        "dice": dice,
        "log_dice": log_dice,
        "delta_p": delta_p,
        "delta_p_reverse": delta_p_reverse,
        "g2": g2,
        "chi2": chi2,
    }
    frame = pd.DataFrame(
        {name: np.where(undefined, np.nan, np.asarray(values, dtype=np.float64)) for name, values in columns.items()},
        index=index,
    )
    return frame[list(ASSOCIATION_COLUMNS)]
