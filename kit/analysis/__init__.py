"""Analyses over a Corpus (and its Tokens): each returns a tidy pandas DataFrame.

Layer: analysis.
"""
from kit.analysis.count import count, count_tokens, disagreements
from kit.analysis.find import find
from kit.analysis.kwic import Concordance, kwic

__all__ = ["Concordance", "count", "count_tokens", "disagreements", "find", "kwic"]
