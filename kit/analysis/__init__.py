"""Analyses over a Corpus (and its Tokens): each returns a tidy pandas DataFrame.

Layer: analysis.
"""
from kit.analysis._collocates import collocates
from kit.analysis._cooccurrence import cooccurrence
from kit.analysis._count import category_totals, count, count_tokens, disagreements
from kit.analysis.eras import AnachronismWarning, anachronisms, era_profile, life_course
from kit.analysis.discovery._discover import candidate_dispersion, discover, lexicon_from_candidates
from kit.analysis._find import find
from kit.analysis._keyness import keyness, keyness_one_vs_rest, log_ratio_ci, top_keywords
from kit.analysis._kwic import Concordance, kwic
from kit.analysis.positions import occurrence_positions
from kit.analysis.choice import leading_formulas
from kit.analysis._trend import PeriodChoice, UndatedDocumentsWarning, choose_period, suggest_period, trend

__all__ = [
    "AnachronismWarning",
    "anachronisms",
    "era_profile",
    "life_course",
    "Concordance",
    "PeriodChoice",
    "UndatedDocumentsWarning",
    "candidate_dispersion",
    "category_totals",
    "choose_period",
    "collocates",
    "cooccurrence",
    "count",
    "count_tokens",
    "disagreements",
    "discover",
    "find",
    "keyness",
    "keyness_one_vs_rest",
    "kwic",
    "leading_formulas",
    "lexicon_from_candidates",
    "log_ratio_ci",
    "occurrence_positions",
    "suggest_period",
    "top_keywords",
    "trend",
]
