"""A chart of a node's collocates (from :func:`kit.collocates`).

Layer: plot.  Plot functions draw what an analysis computed; they compute nothing.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kit.plot.labels import MEASURE_NAMES, fit_title
from kit.plot.style import PALETTE, SINGLE_COLUMN, add_caption, apply_house_style


def collocates_chart(collocates: pd.DataFrame, measure: str = "log_dice", top: int = 20, ax=None,
                     title: str | None = None):
    """Horizontal bars of the strongest collocates, strongest at the top.

    Each bar is annotated with how often the collocate stood in the node's
    windows, and on which side: ``12 (L5 R7)``.  Bars read better in print
    than a radial GraphColl-style plot, whose distances are hard to compare.

    Parameters
    ----------
    collocates : pandas.DataFrame
        From :func:`kit.collocates`: node, collocate, joint, left, right and
        the measure.
    measure : str
        Bar length; rows are ranked by it (ties by collocate).
    top : int
        Bars drawn.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
        Defaults to "Collocates of NODE".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"node": "群众", "collocate": ["服务", "广大"], "joint": [12, 9],
    ...                       "left": [5, 9], "right": [7, 0], "log_dice": [9.1, 8.7]})
    >>> fig = collocates_chart(table)
    """
    if not isinstance(collocates, pd.DataFrame):
        raise TypeError(f"collocates_chart: expected the DataFrame of kit.collocates, got {type(collocates).__name__}")
    missing = [c for c in ("collocate", "joint", measure) if c not in collocates.columns]
    if missing:
        raise KeyError(f"collocates_chart: no column {missing}; the table has {list(collocates.columns)}")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(f"collocates_chart: top must be a whole number ≥ 1, got {top!r}")
    rows = collocates[np.isfinite(collocates[measure].to_numpy(dtype=float))]
    if rows.empty:
        raise ValueError("collocates_chart: the table has no collocate to draw (is the node in the corpus? "
                         "lower min_freq / min_joint in kit.collocates)")
    rows = rows.sort_values([measure, "collocate"], ascending=[False, True], kind="mergesort").head(top)
    rows = rows.iloc[::-1]  # barh draws bottom-up

    apply_house_style()
    if ax is None:
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN, max(1.4, 0.2 * len(rows) + 0.7)))
    else:
        fig = ax.figure
    values = rows[measure].to_numpy(dtype=float)
    bars = ax.barh(range(len(rows)), values, color=PALETTE[0], height=0.7)
    ax.set_yticks(range(len(rows)), rows["collocate"].astype(str))
    if {"left", "right"} <= set(rows.columns):
        notes = [f"{j} (L{l} R{r})" for j, l, r in zip(rows["joint"], rows["left"], rows["right"])]
    else:
        notes = [str(j) for j in rows["joint"]]
    ax.bar_label(bars, labels=notes, padding=2, fontsize=6.5, color="#333333")
    ax.set_xlabel(MEASURE_NAMES.get(measure, measure))
    if values.min() < 0:
        ax.axvline(0, color="#444444", linewidth=0.6)
    ax.margins(x=0.28)
    ax.tick_params(axis="y", length=0)
    if title is None and "node" in rows.columns and len(rows):
        title = f"Collocates of {rows['node'].iloc[0]}"
    if title:
        fit_title(ax, title)
    call = collocates.attrs.get("call") or {}
    span = f"{call['window']} tokens" if isinstance(call.get("window"), int) else "the window"
    add_caption(fig, f"bar labels: joint (L left, R right): the collocate's tokens within {span} of the node, and "
                     "of those, before / after it; a token between two nearby nodes is on both sides, so L + R "
                     "can exceed joint"
                + (f"; pairs with joint ≥ {call['min_joint']}" if isinstance(call.get("min_joint"), int) else ""))
    return fig
