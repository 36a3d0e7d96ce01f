"""Bar charts of counts.

Layer: plot.  Plot functions draw what an analysis computed; they compute nothing.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from kit.plot.style import PALETTE, SINGLE_COLUMN, apply_house_style


GLOSS_WIDTH = 28  # characters per line of an English gloss under a label


def frequency_bars(
    table: pd.DataFrame,
    label: str = "entry",
    value: str = "frequency",
    gloss: str | None = None,
    ax=None,
    title: str | None = None,
    xlabel: str | None = None,
):
    """A horizontal bar chart, one bar per row of ``table``, largest at the top.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per bar.
    label : str
        Column with the bar labels (Chinese text is drawn with the kit's CJK font).
    value : str
        Column with the bar lengths.
    gloss : str, optional
        Column with an English gloss, added below each label.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes; by default a new single-column figure.
    title, xlabel : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> fig = frequency_bars(pd.DataFrame({"entry": ["急难愁盼"], "frequency": [4]}))
    """
    for column in (label, value) + ((gloss,) if gloss else ()):
        if column not in table.columns:
            raise KeyError(f"frequency_bars: no column {column!r}; the table has {list(table.columns)}")
    if table.empty:
        raise ValueError("frequency_bars: the table is empty; there is nothing to draw")
    apply_house_style()
    rows = table.sort_values([value, label], ascending=[True, False], kind="mergesort")
    labels = rows[label].astype(str)
    if gloss:
        wrapped = rows[gloss].fillna("").astype(str).map(lambda g: "\n".join(textwrap.wrap(g, GLOSS_WIDTH)))
        labels = labels + "\n" + wrapped
    if ax is None:
        lines = labels.str.count("\n").to_numpy() + 1
        height = max(1.2, 0.16 * lines.sum() + 0.12 * len(rows) + 0.6)
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN, height))
    else:
        fig = ax.figure
    bars = ax.barh(range(len(rows)), rows[value].to_numpy(), color=PALETTE[0], height=0.65)
    ax.set_yticks(range(len(rows)), labels)
    ax.bar_label(bars, fmt="%g", padding=2, fontsize=7)
    ax.set_xlabel(xlabel or value)
    if np.all(np.mod(rows[value].to_numpy(dtype=float), 1) == 0):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.12)
    if title:
        ax.set_title(title, loc="left")
    return fig
