"""The kit's citable statistics: pure, vectorised functions over numbers.

Each function takes frequencies (scalars, lists, numpy arrays or pandas
Series; scalars broadcast) and returns a pandas DataFrame with one row per
item and documented columns, except :func:`adjust_p`, which returns an array
because it transforms one column. Every formula and its source are given in
the function's docstring; the tests check them against scipy, NLTK and the
worked examples of the papers that defined them.

This package is the kit's bottom layer: it imports only numpy, scipy and
pandas.

Examples
--------
>>> from kit.stats import keyness_scores
>>> keyness_scores(110, 111, 2552, 29225)["g2"].round(2).tolist()
[270.72]
"""

from kit.stats.adjust import adjust_p
from kit.stats.association import association_scores
from kit.stats.dispersion import dispersion_scores
from kit.stats.keyness import keyness_scores, log_ratio_ci

__all__ = ["keyness_scores", "log_ratio_ci", "association_scores", "dispersion_scores", "adjust_p"]
