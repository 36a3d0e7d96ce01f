"""Bar charts of counts.

Layer: plot.  Plot functions draw what an analysis computed; they compute nothing.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from kit.plot.labels import fit_title
from kit.plot.style import PALETTE, SINGLE_COLUMN, add_caption, apply_house_style, counting_rule


GLOSS_WIDTH = 28  # characters per line of an English gloss under a label
GLOSS_LINES = 2  # lines of gloss at most: the rest is cut with … (the full gloss is in the table)
LINE_HEIGHT = 0.135  # inches per line of a tick label at the house style's size


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
        wrapped = rows[gloss].fillna("").astype(str).map(
            lambda g: "\n".join(textwrap.wrap(g, GLOSS_WIDTH, max_lines=GLOSS_LINES, placeholder=" …")))
        labels = labels + "\n" + wrapped
    if ax is None:
        # Bars are evenly spaced, so every row needs the room of the tallest label.
        lines = int(labels.str.count("\n").max()) + 1
        height = max(1.2, len(rows) * (LINE_HEIGHT * lines + 0.06) + 0.7)
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN, height))
        own_figure = True
    else:
        fig, own_figure = ax.figure, False
    bars = ax.barh(range(len(rows)), rows[value].to_numpy(), color=PALETTE[0], height=0.65)
    ax.set_yticks(range(len(rows)), labels)
    ax.bar_label(bars, fmt="%g", padding=2, fontsize=7)
    ax.set_xlabel(xlabel or value)
    if np.all(np.mod(rows[value].to_numpy(dtype=float), 1) == 0):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.12)
    if title:
        fit_title(ax, title)
    rule = counting_rule(table, value)
    if rule and own_figure:  # a figure composed by the caller gets its caption there
        add_caption(fig, rule)
    return fig


def field_bars(table: pd.DataFrame, label: str = "entry", value: str = "frequency", field: str = "field",
               ax=None, title: str | None = None, xlabel: str | None = None):
    """Paired bars: each entry's count in the headlines beside its count in the texts.

    Parameters
    ----------
    table : pandas.DataFrame
        From ``kit.count(corpus, lexicon, fields=("title", "text"), by="field")``:
        one row per field and entry.
    label, value, field : str
        Columns of the entry, the count and the field.
    ax : matplotlib.axes.Axes, optional
    title, xlabel : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One pair of bars per entry (headline above, text below), entries
        ordered by their total, largest at the top; each bar is labelled
        with its count.

    Examples
    --------
    >>> t = pd.DataFrame({"field": ["title", "text"], "entry": ["急难愁盼", "急难愁盼"], "frequency": [2, 1]})
    >>> fig = field_bars(t)
    """
    for column in (label, value, field):
        if column not in table.columns:
            raise KeyError(f"field_bars: no column {column!r}; the table has {list(table.columns)}")
    if table.empty:
        raise ValueError("field_bars: the table is empty; there is nothing to draw")
    apply_house_style()
    grid = table.pivot_table(index=label, columns=field, values=value, aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=[c for c in ("title", "text") if c in grid.columns])
    order = pd.DataFrame({"total": grid.sum(axis=1), "name": grid.index}).sort_values(
        ["total", "name"], ascending=[True, False], kind="mergesort")
    grid = grid.loc[order.index]
    if ax is None:
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN, max(1.4, 0.3 * len(grid) + 0.9)))
        own_figure = True
    else:
        fig, own_figure = ax.figure, False
    names = {"title": "in headlines", "text": "in texts"}
    colours = {"title": PALETTE[1], "text": PALETTE[0]}
    height = 0.8 / max(len(grid.columns), 1)
    for k, column in enumerate(grid.columns):
        offset = (len(grid.columns) - 1) / 2 - k
        values = grid[column].to_numpy()
        bars = ax.barh(np.arange(len(grid)) + offset * height, values, height=height * 0.95,
                       color=colours.get(column, PALETTE[2]), label=names.get(column, column))
        ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in values], padding=2, fontsize=6.5)
    ax.set_yticks(range(len(grid)), [str(i) for i in grid.index])
    ax.set_xlabel(xlabel or "occurrences")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.15)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=6.5)
    if title:
        fit_title(ax, title)
    rule = counting_rule(table, value)
    if rule and own_figure:
        add_caption(fig, rule)
    return fig
