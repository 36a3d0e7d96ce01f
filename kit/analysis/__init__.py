"""Analyses over a Corpus (and its Tokens): each returns a tidy pandas DataFrame.

Layer: analysis.
"""
from kit.analysis.collocates import collocates
from kit.analysis.cooccurrence import cooccurrence
from kit.analysis.count import category_totals, count, count_tokens, disagreements
from kit.analysis.eras import AnachronismWarning, anachronisms, era_profile, life_course
from kit.analysis.discover import candidate_dispersion, discover, lexicon_from_candidates
from kit.analysis.find import find
from kit.analysis.keyness import keyness, keyness_one_vs_rest, log_ratio_ci, top_keywords
from kit.analysis.kwic import Concordance, kwic
from kit.analysis.positions import occurrence_positions
from kit.analysis.trend import UndatedDocumentsWarning, suggest_period, trend

__all__ = [
    "AnachronismWarning",
    "anachronisms",
    "era_profile",
    "life_course",
    "Concordance",
    "UndatedDocumentsWarning",
    "candidate_dispersion",
    "category_totals",
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
    "lexicon_from_candidates",
    "log_ratio_ci",
    "occurrence_positions",
    "suggest_period",
    "top_keywords",
    "trend",
]
