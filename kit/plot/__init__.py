"""Figures: each function takes a tidy DataFrame (and an optional Axes) and
returns a matplotlib Figure drawn in the kit's house style.

Layer: plot.
"""
from kit.plot.bars import frequency_bars
from kit.plot.style import (
    DOUBLE_COLUMN,
    ONE_AND_HALF_COLUMN,
    PALETTE,
    SEED,
    SINGLE_COLUMN,
    apply_house_style,
)

__all__ = [
    "frequency_bars",
    "apply_house_style",
    "PALETTE",
    "SEED",
    "SINGLE_COLUMN",
    "ONE_AND_HALF_COLUMN",
    "DOUBLE_COLUMN",
]
