"""The rules behind :func:`kit.analysis.discover`, one module per kind.

Layer: analysis.

- :mod:`.quoted`: quoted expressions, told apart from quoted speech;
- :mod:`.numbered`: numbered formulas (数字化提法) and their expansions;
- :mod:`.templates`: productive shapes (一X一Y, 以X为Y …) and their instances;
- :mod:`.cohesion`: character n-grams scored by cohesion and branching entropy;
- :mod:`.novelty`: keyness of candidates against a reference corpus;
- :mod:`.datelines`: pieces of news datelines and bylines (据新华社, 本报记者),
  which discovery drops from every kind.
"""
from kit.analysis.discovery.cohesion import branching_entropy, ngram_statistics
from kit.analysis.discovery.datelines import dateline_fragments
from kit.analysis.discovery.novelty import novelty_scores
from kit.analysis.discovery.occurrences import occurrence_counts
from kit.analysis.discovery.numbered import chinese_numeral_value, numbered_candidates
from kit.analysis.discovery.quoted import quoted_candidates, quoted_spans
from kit.analysis.discovery.templates import template_candidates

__all__ = [
    "branching_entropy", "chinese_numeral_value", "dateline_fragments", "occurrence_counts", "ngram_statistics",
    "novelty_scores", "numbered_candidates", "quoted_candidates", "quoted_spans",
    "template_candidates",
]
