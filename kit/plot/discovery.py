"""Figures of discovered candidates: the top of each kind, and their spread over documents.

Layer: plot.  Plot functions draw what an analysis computed; they compute
nothing (choosing the top rows of a ranked table is part of the picture).
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from kit.plot.labels import fit_title
from kit.plot.style import DOUBLE_COLUMN, OTHER_COLOUR, PALETTE, add_caption, apply_house_style

KIND_LABELS = {
    "quoted": "quoted expressions 引号语",
    "numbered": "numbered formulas 数字化提法",
    "template": "template instances 框架",
    "cohesive": "cohesive strings 高凝固度串",
}
#: One colour per kind, the same whichever kinds a figure shows.
KIND_COLOURS = {"quoted": PALETTE[0], "numbered": PALETTE[1], "template": PALETTE[2],
                "cohesive": PALETTE[3]}
#: Bars of candidates the lexicon already has: grey and hatched, named in the legend.
KNOWN_STYLE = {"facecolor": OTHER_COLOUR, "hatch": "////", "hatchcolor": "white",
               "edgecolor": OTHER_COLOUR, "linewidth": 0}
KNOWN_LABEL = "already in the lexicon"
#: What a bar's length means, for the subtitle.
VALUE_LABELS = {
    "hits": "hits (times the kind's rule found it)",
    "frequency": "frequency (occurrences in the texts)",
    "doc_frequency": "documents holding it",
    "log_ratio": "Log Ratio against the reference",
}


def top_candidates(table: pd.DataFrame, n: int = 10, value: str = "hits",
                   kinds=None, ncols: int = 2, title: str | None = None):
    """Small multiples of horizontal bars: the ``n`` best candidates of each kind.

    Each panel lists its kind's candidates in rank order, best at the top; a
    subtitle says what the rank is (novelty against the reference, when the
    table has one, else hits) and what the bars measure.  Bars are in the
    colour of their kind, except those of candidates the lexicon already has
    (``in_lexicon``), which are grey and hatched and named in the legend.
    When discovery dropped dateline and byline fragments
    (``table.attrs["datelines"]``), a caption says how many and names the
    most frequent.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.discover` (columns kind, rank,
        candidate and ``value``; in_lexicon and log_ratio when present).
        Rows are taken in rank order.
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
    ...                   "hits": [1], "in_lexicon": [True]})
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
    any_known = False
    for i, (ax, kind) in enumerate(zip(axes.flat, kinds)):
        rows = table[table["kind"] == kind].sort_values("rank", kind="mergesort").head(n)
        ax.set_title(KIND_LABELS.get(kind, kind), loc="left")
        if rows.empty:
            ax.text(0.5, 0.5, "none found", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        rows = rows.iloc[::-1]
        known = (rows["in_lexicon"].fillna(False).astype(bool).to_numpy() if "in_lexicon" in rows
                 else np.zeros(len(rows), dtype=bool))
        any_known |= bool(known.any())
        bars = ax.barh(range(len(rows)), rows[value].to_numpy(dtype=float),
                       color=KIND_COLOURS.get(kind, PALETTE[i % len(PALETTE)]), height=0.65)
        for bar, is_known in zip(bars, known):
            if is_known:
                bar.set(**KNOWN_STYLE)
        ax.set_yticks(range(len(rows)), [_short(c) for c in rows["candidate"]])
        ax.bar_label(bars, fmt="%.3g", padding=2, fontsize=6.5)
        ax.set_xlabel(value)
        if np.all(np.mod(rows[value].to_numpy(dtype=float), 1) == 0):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.15)
    for ax in list(axes.flat)[len(kinds):]:
        ax.set_axis_off()
    top = _header(fig, title, _order_note(table, n, value))
    fig.tight_layout(rect=(0, 0, 1, top))
    if any_known:
        area = fig.get_tightbbox(fig.canvas.get_renderer()).transformed(fig.dpi_scale_trans)
        _legend_under(fig, area, [Patch(label=KNOWN_LABEL, **KNOWN_STYLE)])
    note = _datelines_note(table.attrs.get("datelines") or {})
    if note:
        add_caption(fig, note)
    return fig


def candidate_barcode(dispersion: pd.DataFrame, doc_labels: pd.Series | None = None,
                      ax=None, title: str | None = None):
    """A document × candidate barcode: one row per candidate, one cell per document.

    Cells are shaded by the candidate's frequency in the document, in up to
    four steps named in a legend under the plot (white for none); the right
    margin gives the number of documents holding it (range) and Gries's DP
    (0 = even, near 1 = concentrated; not given for a corpus of one
    document).

    Parameters
    ----------
    dispersion : pandas.DataFrame
        From :func:`kit.analysis.candidate_dispersion` (columns
        candidate, doc_index, frequency, range, dp), candidates in the order
        they should be drawn, top to bottom.
    doc_labels : pandas.Series, optional
        Labels of the documents, by doc_index; default the indices 1, 2 …
        Labels longer than fourteen characters are cut.
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
    own_figure = ax is None
    labels = ([_short(str(label)) for label in doc_labels.reindex(range(n_docs)).astype(str)]
              if doc_labels is not None else [str(i + 1) for i in range(n_docs)])
    upright = n_docs <= 12 and max(len(label) for label in labels) <= 3
    if own_figure:
        # inches: candidate labels (about 0.11 a character), cells, the range and DP column
        width = 0.11 * max(len(_short(c)) for c in order) + max(0.25 * n_docs, 0.8) + 1.5
        height = (1.0 + 0.2 * len(order) + (0.35 if title else 0)
                  + (0 if upright else 0.08 * max(len(label) for label in labels)))
        fig, ax = plt.subplots(figsize=(min(max(width, 3.2), DOUBLE_COLUMN), height))
    else:
        fig = ax.figure
    values = grid.to_numpy(dtype=np.int64)
    bins = frequency_bins(int(values.max()))
    shades = [_blend(PALETTE[0], (k + 1) / len(bins)) for k in range(len(bins))]
    uppers = np.array([hi for _, hi in bins])
    levels = np.where(values > 0, np.searchsorted(uppers, values) + 1, 0)
    ax.imshow(levels, aspect="auto", cmap=ListedColormap(["#ffffff"] + shades),
              norm=BoundaryNorm(np.arange(-0.5, len(bins) + 1), len(bins) + 1),
              interpolation="nearest")
    ax.set_yticks(range(len(order)), [_short(c) for c in order])
    ax.set_xticks(range(n_docs), labels, rotation=0 if upright else 90)
    ax.set_xlabel("document")
    ax.set_xticks(np.arange(-0.5, n_docs, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(order), 1), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.4)
    ax.tick_params(which="minor", length=0)
    for y, (rng, dp) in enumerate(zip(summary["range"], summary["dp"])):
        spread = "" if pd.isna(dp) else f", DP {dp:.2f}"  # no DP over a single document
        ax.text(n_docs - 0.3, y, f" {plural(int(rng), 'document')}{spread}", va="center",
                fontsize=6.5)
    ax.set_xlim(-0.5, n_docs - 0.5)
    ax.spines[["top", "right"]].set_visible(False)
    if own_figure:
        fig.tight_layout()  # first, so that the title is fitted to the axes' final width
    if title:
        fit_title(ax, title)
        if own_figure:
            fig.tight_layout()
    handles = [Patch(facecolor="#ffffff", edgecolor="#bbbbbb", linewidth=0.5, label="0")]
    handles += [Patch(facecolor=shade, label=str(lo) if lo == hi else f"{lo}–{hi}")
                for (lo, hi), shade in zip(bins, shades)]
    _legend_under(fig, ax.get_tightbbox(fig.canvas.get_renderer()), handles,
                  title="occurrences in the document")
    return fig


def frequency_bins(top: int, steps: int = 4) -> list[tuple[int, int]]:
    """Up to ``steps`` ranges of whole numbers, of near-equal width, that cover 1 … ``top``.

    Parameters
    ----------
    top : int
        The largest frequency to show (0 gives no range).
    steps : int

    Returns
    -------
    list of (lowest, highest), both inclusive.

    Examples
    --------
    >>> frequency_bins(10)
    [(1, 3), (4, 5), (6, 8), (9, 10)]
    >>> frequency_bins(2)
    [(1, 1), (2, 2)]
    >>> frequency_bins(0)
    []
    """
    if top < 1:
        return []
    k = min(steps, top)
    edges = np.unique(np.floor(np.linspace(0, top, k + 1) + 0.5).astype(int))  # halves round up
    return [(int(lo) + 1, int(hi)) for lo, hi in zip(edges[:-1], edges[1:])]


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """A count with its noun, singular for one: ``1 document``, ``3 documents``.

    Examples
    --------
    >>> plural(1, "document"), plural(0, "document"), plural(2, "entry", "entries")
    ('1 document', '0 documents', '2 entries')
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def _order_note(table: pd.DataFrame, n: int, value: str) -> str:
    """The subtitle: how each panel's candidates are ordered, and what the bars show."""
    by_novelty = "log_ratio" in table.columns and table["log_ratio"].notna().any()
    hits = "hits" if value == "hits" else "hits (times the kind's rule found it)"  # said once
    order = ("ordered by novelty against the reference (Log Ratio, highest first), then hits"
             if by_novelty else f"ordered by {hits}, then documents")
    best = "The best candidate" if n == 1 else f"The best candidates (up to {n})"
    return f"{best} of each kind, {order}; bars show {VALUE_LABELS.get(value, value)}."


def _datelines_note(datelines: dict) -> str:
    """A caption naming the dateline and byline fragments discovery dropped ("" for none)."""
    if not datelines:
        return ""
    shown = list(datelines)[:6]
    more = len(datelines) - len(shown)
    return (f"Not shown: {plural(len(datelines), 'dateline or byline fragment', 'dateline and byline fragments')}"
            f" dropped as news boilerplate, e.g. {'、'.join(shown)}"
            + (f" and {more} more" if more else "") + " (table.attrs['datelines']).")


def _header(fig, title: str | None, subtitle: str) -> float:
    """Title and subtitle at the top left, wrapped to the figure's width.

    Returns the figure fraction under them, the top of the area left for the axes.
    """
    renderer = fig.canvas.get_renderer()
    limit = fig.bbox.width * 0.97
    y = 1 - 4 / 72 / fig.get_figheight()
    pieces = []
    if title:
        pieces.append(fig.suptitle(title, x=0.01, y=y, ha="left", va="top", fontsize=9))
    pieces.append(fig.text(0.01, y, subtitle, ha="left", va="top", fontsize=7, color="#444444"))
    for piece in pieces:
        piece.set_y(y)
        _wrap(piece, limit, renderer)
        y -= piece.get_window_extent(renderer).height / fig.bbox.height + 3 / 72 / fig.get_figheight()
    return y


def _wrap(text, limit: float, renderer) -> None:
    """Wrap a text artist until it is no wider than ``limit`` pixels (measured, not counted:
    a Chinese character is twice a letter's width)."""
    raw = text.get_text()
    width = max(20, len(raw))
    while text.get_window_extent(renderer).width > limit and width > 10:
        width = int(width * 0.85)
        text.set_text("\n".join(textwrap.wrap(raw, width, break_long_words=True)))


def _legend_under(fig, area, handles, title: str | None = None):
    """A one-row legend under ``area`` (a bounding box in display pixels), at its left."""
    x, y = fig.transFigure.inverted().transform((area.x0, area.y0))
    return fig.legend(handles=handles, loc="upper left", ncols=len(handles), frameon=False,
                      fontsize=6.5, title=title, title_fontsize=6.5, handlelength=1.4,
                      columnspacing=1.0, alignment="left",
                      bbox_to_anchor=(x, y - 2 / 72 / fig.get_figheight()))


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _blend(colour: str, weight: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 + (c - 255) * weight) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)
