"""Formulas in time: the era profile of corpora, and the life course of one formula.

Layer: plot.  Takes the tables of :mod:`kit.analysis.eras`; computes nothing.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from kit.plot.labels import fit_title
from kit.plot.style import DOUBLE_COLUMN, PALETTE, apply_house_style
from kit.plot.trend import period_middles, trend_lines

# One colour per era, oldest first (Okabe–Ito, yellow left out for contrast with white labels).
_ERA_COLOURS = ("#999999", "#D55E00", "#E69F00", "#009E73", "#0072B2", "#CC79A7", "#000000")


def era_bars(table: pd.DataFrame, group: str = "corpus", title: str | None = None):
    """One horizontal bar per corpus (or period), divided by the share of each era's formulas.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of :func:`kit.analysis.eras.era_profile`, stacked with a column
        ``group`` that names the bar (a corpus label, or a year).
    group : str
        The column naming each bar; bars in the table's order, the first at the top.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Each bar spans 100% of the formula occurrences of its corpus; a
        segment's share is written in it when it has room (≥ 8%); the
        number of occurrences behind each bar is written at its right.

    Examples
    --------
    >>> t = pd.DataFrame({"corpus": ["a", "a"], "era": ["1990s", "2020s"], "frequency": [3, 1],
    ...                   "share": [0.75, 0.25]})
    >>> fig = era_bars(t)
    """
    for column in (group, "era", "share", "frequency"):
        if column not in table.columns:
            raise KeyError(f"era_bars: no column {column!r}; the table has {list(table.columns)}")
    if table.empty:
        raise ValueError("era_bars: the table is empty; there is nothing to draw")
    apply_house_style()
    groups = list(dict.fromkeys(table[group].astype(str)))
    eras = list(dict.fromkeys(table["era"]))
    colour = {era: _ERA_COLOURS[i % len(_ERA_COLOURS)] for i, era in enumerate(eras)}
    fig, ax = plt.subplots(figsize=(DOUBLE_COLUMN * 0.8, 0.45 * len(groups) + 1.3))
    for y, name in enumerate(groups):
        rows = table[table[group].astype(str) == name].set_index("era")
        left = 0.0
        for era in eras:
            share = float(rows["share"].get(era, 0.0) or 0.0)
            if share <= 0 or np.isnan(share):
                continue
            ax.barh(y, share, left=left, color=colour[era], height=0.6, edgecolor="white", linewidth=0.5)
            if share >= 0.08:
                ax.text(left + share / 2, y, f"{share:.0%}", ha="center", va="center", fontsize=6.5,
                        color="white")
            left += share
        total = int(rows["frequency"].sum())
        ax.text(1.01, y, f"{total:,} occurrences", va="center", fontsize=6.5, transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(groups)), groups)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("share of formula occurrences (leftmost-longest), by the era the formula was first put forward")
    ax.legend(handles=[Patch(color=colour[e], label=e) for e in eras], loc="upper center",
              bbox_to_anchor=(0.5, -0.35 if len(groups) < 3 else -0.2), ncols=min(len(eras), 7), frameon=False,
              fontsize=6.5)
    if title:
        fit_title(ax, title)
    return fig


def life_course_chart(table: pd.DataFrame, title: str | None = None):
    """A formula's rate over time, with its first appearance, its peak and its ``since`` marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.eras.life_course` (its ``attrs`` give first,
        peak and since).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`kit.plot.trend_lines` (rate above, documents
        below), with the first and the peak period marked (named in the
        legend), and a dashed line at the year the formula was first put
        forward when that year lies within the dates drawn.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2014-01-01", "2015-01-01"]), "period_label": ["2014", "2015"],
    ...                   "entry": "久久为功", "per_10k_chars": [2.0, 1.0], "frequency": [2, 1], "documents": [1, 1]})
    >>> t.attrs = {"first": "2014", "peak": "2014", "last": "2015", "since": 2013}
    >>> fig = life_course_chart(t)
    """
    fig = trend_lines(table, title=title)
    ax = fig.axes[0]
    rows = table.assign(period=period_middles(table)).set_index("period_label")  # on the line's points
    marks = []
    for key, marker, name in (("first", "^", "first appearance"), ("peak", "*", "peak")):
        label = table.attrs.get(key)
        if label is not None and label in rows.index:
            row = rows.loc[label]
            handle, = ax.plot([row["period"]], [row["per_10k_chars"]], linestyle="", marker=marker,
                              markersize=9 if marker == "*" else 6, color="#333333", zorder=4,
                              label=f"{name}: {label}")
            marks.append(handle)
    since = table.attrs.get("since")
    if since is not None:
        start = pd.Timestamp(int(since), 1, 1)
        if table["period"].min() <= start <= table["period"].max():
            line = ax.axvline(start, color="#666666", linewidth=0.6, linestyle="--",
                              label=f"first put forward: {since}")
            marks.append(line)
    if marks:
        # The marks are named in the legend, beside the entry: no text over the line.
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=handles, frameon=False, fontsize=6.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
