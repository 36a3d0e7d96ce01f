"""Figures of discovered candidates: the top of each kind, and their spread over documents.

Layer: plot.  Plot functions draw what an analysis computed; they compute
nothing (choosing the top rows of a ranked table is part of the picture).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from kit.plot.labels import fit_title
from kit.plot.style import DOUBLE_COLUMN, PALETTE, apply_house_style

KIND_LABELS = {
    "quoted": "quoted expressions 引号语",
    "numbered": "numbered formulas 数字化提法",
    "template": "template instances 框架",
    "cohesive": "cohesive strings 高凝固度串",
}


def top_candidates(table: pd.DataFrame, n: int = 10, value: str = "hits",
                   kinds=None, ncols: int = 2, title: str | None = None):
    """Small multiples of horizontal bars: the ``n`` best candidates of each kind.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.discover` (columns kind, rank,
        candidate and ``value``).  Rows are taken in rank order.
    n : int
        Bars per panel.
    value : str
        The bar length: ``hits`` (times the kind's rule found it),
        ``frequency``, ``log_ratio`` …
    kinds : list of str, optional
        Panels, in order; default the kinds present, in the table's order.
    ncols : int
        Panels per row.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["quoted"], "rank": [1], "candidate": ["最后一米"],
    ...                   "hits": [1]})
    >>> fig = top_candidates(t)
    """
    for column in ("kind", "rank", "candidate", value):
        if column not in table.columns:
            raise KeyError(f"top_candidates: no column {column!r}; the table has "
                           f"{list(table.columns)}")
    if table.empty:
        raise ValueError("top_candidates: the table is empty; there is nothing to draw")
    if n < 1:
        raise ValueError(f"top_candidates: n must be ≥ 1, got {n}")
    kinds = list(dict.fromkeys(table["kind"])) if kinds is None else list(kinds)
    apply_house_style()
    nrows = int(np.ceil(len(kinds) / ncols))
    height = max(2.0, nrows * (0.22 * n + 0.7))
    fig, axes = plt.subplots(nrows, ncols, figsize=(DOUBLE_COLUMN, height), squeeze=False)
    for i, (ax, kind) in enumerate(zip(axes.flat, kinds)):
        rows = table[table["kind"] == kind].sort_values("rank", kind="mergesort").head(n)
        ax.set_title(KIND_LABELS.get(kind, kind), loc="left")
        if rows.empty:
            ax.text(0.5, 0.5, "none found", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        rows = rows.iloc[::-1]
        labels = [_short(c) for c in rows["candidate"]]
        bars = ax.barh(range(len(rows)), rows[value].to_numpy(dtype=float),
                       color=PALETTE[i % len(PALETTE)], height=0.65)
        ax.set_yticks(range(len(rows)), labels)
        ax.bar_label(bars, fmt="%.3g", padding=2, fontsize=6.5)
        ax.set_xlabel(value)
        if np.all(np.mod(rows[value].to_numpy(dtype=float), 1) == 0):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.15)
    for ax in list(axes.flat)[len(kinds):]:
        ax.set_axis_off()
    if title:
        fig.suptitle(title, x=0.01, ha="left")
    fig.tight_layout()
    return fig


def candidate_barcode(dispersion: pd.DataFrame, doc_labels: pd.Series | None = None,
                      ax=None, title: str | None = None):
    """A document × candidate barcode: one row per candidate, one cell per document.

    Cells are shaded by the candidate's frequency in the document (white for
    none); the right margin gives the number of documents holding it (range)
    and Gries's DP (0 = even, near 1 = concentrated).

    Parameters
    ----------
    dispersion : pandas.DataFrame
        From :func:`kit.analysis.candidate_dispersion` (columns
        candidate, doc_index, frequency, range, dp), candidates in the order
        they should be drawn, top to bottom.
    doc_labels : pandas.Series, optional
        Labels of the documents, by doc_index; default the indices 1, 2 …
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> d = pd.DataFrame({"candidate": ["微心愿"] * 2, "doc_index": [0, 1],
    ...                   "frequency": [2, 0], "range": [1.0] * 2, "dp": [0.5] * 2})
    >>> fig = candidate_barcode(d)
    """
    for column in ("candidate", "doc_index", "frequency", "range", "dp"):
        if column not in dispersion.columns:
            raise KeyError(f"candidate_barcode: no column {column!r}; the table has "
                           f"{list(dispersion.columns)}")
    if dispersion.empty:
        raise ValueError("candidate_barcode: the table is empty; there is nothing to draw")
    apply_house_style()
    order = list(dict.fromkeys(dispersion["candidate"]))
    n_docs = int(dispersion["doc_index"].max()) + 1
    grid = (dispersion.pivot_table(index="candidate", columns="doc_index", values="frequency",
                                   aggfunc="sum", fill_value=0)
            .reindex(index=order, columns=range(n_docs), fill_value=0))
    summary = dispersion.drop_duplicates("candidate").set_index("candidate").loc[order]
    if ax is None:
        width = min(DOUBLE_COLUMN, 2.2 + 0.22 * n_docs)
        fig, ax = plt.subplots(figsize=(max(width, 3.2), 0.6 + 0.2 * len(order)))
    else:
        fig = ax.figure
    values = grid.to_numpy(dtype=float)
    top = max(values.max(), 1.0)
    shades = ListedColormap(["#ffffff"] + [_blend(PALETTE[0], k / 4) for k in range(1, 5)])
    # 0 → white; 1 … max → four steps of the palette's blue
    levels = np.where(values > 0, 1 + np.minimum(3, np.floor(3 * (values - 1) / max(top - 1, 1))), 0)
    ax.imshow(levels, aspect="auto", cmap=shades, vmin=0, vmax=4, interpolation="nearest")
    ax.set_yticks(range(len(order)), [_short(c) for c in order])
    labels = (doc_labels.reindex(range(n_docs)).astype(str).tolist() if doc_labels is not None
              else [str(i + 1) for i in range(n_docs)])
    ax.set_xticks(range(n_docs), labels, rotation=90 if n_docs > 12 else 0)
    ax.set_xlabel("document")
    ax.set_xticks(np.arange(-0.5, n_docs, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(order), 1), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.4)
    ax.tick_params(which="minor", length=0)
    for y, (rng, dp) in enumerate(zip(summary["range"], summary["dp"])):
        ax.text(n_docs - 0.3, y, f" {int(rng)} docs, DP {dp:.2f}", va="center", fontsize=6.5)
    ax.set_xlim(-0.5, n_docs - 0.5)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        fit_title(ax, title)
    return fig


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _blend(colour: str, weight: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 + (c - 255) * weight) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)
