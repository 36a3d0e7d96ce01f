"""Figures: each function takes a tidy DataFrame (and an optional Axes) and
returns a matplotlib Figure drawn in the kit's house style.

Layer: plot.
"""
from kit.plot.bars import field_bars, frequency_bars
from kit.plot.collocates import collocates_chart
from kit.plot.discovery import candidate_barcode, top_candidates
from kit.plot.dispersion import dispersion_plot, dispersion_scatter
from kit.plot.eras import era_bars, life_course_chart
from kit.plot.heatmap import cooccurrence_heatmap
from kit.plot.labels import short_labels
from kit.plot.layout import layout_problems
from kit.plot.keyness import keyness_bars, keyness_groups, keyness_scatter
from kit.plot.matrix import count_matrix
from kit.plot.network import cooccurrence_network
from kit.plot.style import (
    DOUBLE_COLUMN,
    ONE_AND_HALF_COLUMN,
    PALETTE,
    SEED,
    SINGLE_COLUMN,
    apply_house_style,
)
from kit.plot.trend import trend_lines
from kit.plot.wordcloud import comparison_cloud, word_cloud

__all__ = [
    "apply_house_style",
    "candidate_barcode",
    "collocates_chart",
    "comparison_cloud",
    "cooccurrence_heatmap",
    "cooccurrence_network",
    "count_matrix",
    "dispersion_plot",
    "dispersion_scatter",
    "era_bars",
    "life_course_chart",
    "field_bars",
    "layout_problems",
    "short_labels",
    "frequency_bars",
    "keyness_bars",
    "keyness_groups",
    "keyness_scatter",
    "top_candidates",
    "trend_lines",
    "word_cloud",
    "PALETTE",
    "SEED",
    "SINGLE_COLUMN",
    "ONE_AND_HALF_COLUMN",
    "DOUBLE_COLUMN",
]
