"""A table of counts drawn as a grid: entries × documents (or groups).

Layer: plot.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kit.plot.labels import fit_title
from kit.plot.style import DOUBLE_COLUMN, add_caption, apply_house_style, counting_rule


def count_matrix(table: pd.DataFrame, row: str = "entry", column: str = "doc_id", value: str = "frequency",
                 column_labels: dict | None = None, top: int | None = 20, max_columns: int | None = 20,
                 ax=None, title: str | None = None):
    """Counts of each row item in each column, as a shaded grid with the numbers written in.

    Parameters
    ----------
    table : pandas.DataFrame
        Long format, e.g. ``kit.count(corpus, lexicon, by="doc_id")``.
    row, column, value : str
        Columns giving the grid's rows (entries), columns (documents or
        groups) and cell values.
    column_labels : dict, optional
        Labels for the columns' values (e.g. doc_id → short title).
    top : int or None
        Keep the ``top`` rows with the largest totals (None: all rows with a
        non-zero total).
    max_columns : int or None
        Keep at most this many columns: those with the largest totals over
        the rows shown (ties in the table's order), so that forty documents
        do not crowd one axis; the x label says how many are shown.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Rows sorted by total (largest first), columns in the table's order;
        empty cells are left blank.  Column labels stand upright (rotated a
        quarter turn), so that neighbours never overlap; keep them short
        (:func:`kit.plot.labels.short_labels`) and put the full text in the
        figure's table.

    Examples
    --------
    >>> t = pd.DataFrame({"entry": ["党建引领", "党建引领", "急难愁盼"], "doc_id": ["a", "b", "a"],
    ...                   "frequency": [2, 1, 1]})
    >>> fig = count_matrix(t)
    """
    for name in (row, column, value):
        if name not in table.columns:
            raise KeyError(f"count_matrix: no column {name!r}; the table has {list(table.columns)}")
    grid = table.pivot_table(index=row, columns=column, values=value, aggfunc="sum", fill_value=0, sort=False)
    grid = grid.reindex(columns=pd.unique(table[column]))
    totals = grid.sum(axis=1)
    order = pd.DataFrame({"total": totals, "name": grid.index}).sort_values(["total", "name"], ascending=[False, True])
    order = order[order["total"] > 0]
    if top is not None:
        order = order.head(top)
    if order.empty:
        raise ValueError("count_matrix: every count is zero; there is nothing to draw")
    grid = grid.loc[order.index]
    n_columns = grid.shape[1]
    if max_columns is not None and n_columns > max_columns:
        totals = grid.sum(axis=0)
        keep = totals.reset_index(drop=True).sort_values(ascending=False, kind="mergesort").index[:max_columns]
        grid = grid.iloc[:, sorted(keep)]
        grid = grid[grid.sum(axis=1) > 0]  # rows whose occurrences all lay in the columns left out
    apply_house_style()
    if ax is None:
        width = min(DOUBLE_COLUMN, 1.6 + 0.45 * grid.shape[1])
        fig, ax = plt.subplots(figsize=(max(width, 3.0), 0.6 + 0.22 * grid.shape[0]))
        own_figure = True
    else:
        fig, own_figure = ax.figure, False
    values = grid.to_numpy(dtype=float)
    shown = np.where(values > 0, values, np.nan)
    ax.imshow(shown, aspect="auto", cmap="cividis_r", vmin=0, vmax=np.nanmax(shown))
    for (i, j), v in np.ndenumerate(values):
        if v > 0:
            dark = v > 0.55 * np.nanmax(shown)
            ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=6.5, color="white" if dark else "black")
    labels = [str((column_labels or {}).get(c, c)) for c in grid.columns]
    ax.set_xticks(range(grid.shape[1]), labels, rotation=90, ha="center")
    if grid.shape[1] < n_columns:
        what = "documents" if column == "doc_id" else f"{column} values"
        ax.set_xlabel(f"{grid.shape[1]} of {n_columns} {what} shown: those with the most occurrences",
                      fontsize=6.5)
    ax.set_yticks(range(grid.shape[0]), [str(i) for i in grid.index])
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if title:
        fit_title(ax, title)
    rule = counting_rule(table, value)
    if rule and own_figure:
        add_caption(fig, rule)
    return fig
