"""Keyness figures: diverging Log Ratio bars, a target-against-reference scatter,
and small multiples of the keywords of each group.

Layer: plot.  Each function takes a table from :func:`kit.analysis.keyness`
(or :func:`kit.analysis.keyness_one_vs_rest`), chooses the rows to show and
draws them; it computes no statistic.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kit.analysis._keyness import top_keywords
from kit.plot.labels import fit_title, place_labels
from kit.plot.legends import legend_below
from kit.plot.style import DOUBLE_COLUMN, PALETTE, SINGLE_COLUMN, add_caption, apply_house_style

TARGET_COLOUR = PALETTE[0]     # blue: overused in the target
REFERENCE_COLOUR = PALETTE[1]  # orange: overused in the reference
NEUTRAL_COLOUR = "#999999"

_BAR_COLUMNS = ("item", "log_ratio", "p_adjusted")
_SCATTER_COLUMNS = ("item", "freq_target", "freq_reference", "size_target", "size_reference",
                    "log_ratio", "p_adjusted")


def keyness_bars(table: pd.DataFrame, n: int = 10, alpha: float = 0.05, gloss: bool = False,
                 target_label: str | None = None, reference_label: str | None = None,
                 title: str | None = None, ax=None):
    """Diverging bars of the top positive and negative items by Log Ratio.

    The ``n`` items with the largest Log Ratio (positive) and the ``n`` with
    the smallest (negative) are drawn (:func:`kit.analysis.top_keywords`:
    the rows to save with the figure), one bar each, with the confidence
    interval as a whisker when the table has ``log_ratio_ci_low/high``.  A
    filled bar is significant (``p_adjusted`` ≤ ``alpha``), a hollow bar is
    not; the legend says so.  No bar is drawn on the side opposite to the
    item's observed relative frequencies (an item absent from a small
    target, whose 0.5-rule Log Ratio is positive): the legend names such
    items instead, and states the minimum range of the table.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.keyness`: columns item, log_ratio,
        p_adjusted (and optionally log_ratio_ci_low, log_ratio_ci_high, gloss).
    n : int
        Items on each side.
    alpha : float
        Significance level on ``p_adjusted``.
    gloss : bool
        Add the English gloss (the ``gloss`` column) under each label.
    target_label, reference_label : str, optional
        Names for the two sides; default ``table.attrs["target"]`` and
        ``["reference"]``.
    title : str, optional
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["群众", "经济"], "log_ratio": [2.0, -1.5],
    ...                   "p_adjusted": [0.01, 0.3]})
    >>> fig = keyness_bars(t)
    """
    _require(table, _BAR_COLUMNS, "keyness_bars")
    rows = _top_both(table, n)
    apply_house_style()
    target_label, reference_label = _side_labels(table, target_label, reference_label)
    labels = _labels(rows, gloss)
    if ax is None:
        height = max(1.6, 0.22 * len(rows) * (1.7 if gloss else 1.0) + 0.9)
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN * 1.15, height))
    else:
        fig = ax.figure
    y = np.arange(len(rows))[::-1]
    values = rows["log_ratio"].to_numpy()
    significant = (rows["p_adjusted"] <= alpha).to_numpy()
    # coloured by direction: a Log Ratio with the 0.5 rule can point the other way
    more_in_target = (rows["direction"] > 0).to_numpy() if "direction" in rows else values >= 0
    colours = np.where(more_in_target, TARGET_COLOUR, REFERENCE_COLOUR)
    for yi, value, colour, filled in zip(y, values, colours, significant):
        ax.barh(yi, value, height=0.7, color=colour if filled else "white",
                edgecolor=colour, linewidth=0.9)
    if {"log_ratio_ci_low", "log_ratio_ci_high"} <= set(rows.columns):
        low = values - rows["log_ratio_ci_low"].to_numpy()
        high = rows["log_ratio_ci_high"].to_numpy() - values
        ax.errorbar(values, y, xerr=np.vstack([low, high]), fmt="none", ecolor="#333333",
                    elinewidth=0.6, capsize=1.5)
    ax.axvline(0, color="#333333", linewidth=0.6)
    ax.set_yticks(y, labels)
    ax.set_xlabel(f"Log Ratio = log2(rate in {target_label} ÷ rate in {reference_label})"
                  if _drawable("÷") else f"Log Ratio ({target_label} / {reference_label})")
    legend = [Patch(facecolor=TARGET_COLOUR, edgecolor=TARGET_COLOUR, label=f"more in {target_label}"),
              Patch(facecolor=REFERENCE_COLOUR, edgecolor=REFERENCE_COLOUR,
                    label=f"more in {reference_label}"),
              Patch(facecolor="white", edgecolor="#333333",
                    label=f"hollow: not significant (adjusted p > {alpha:g})")]
    if {"log_ratio_ci_low", "log_ratio_ci_high"} <= set(rows.columns):
        legend.append(Line2D([], [], color="#333333", linewidth=0.6, label="95% confidence interval"))
    # a fixed distance under the axis label: a fraction of the axes' height left a
    # wide empty band under a tall chart
    legend_below(ax, legend, [handle.get_label() for handle in legend], columns=(1,))
    if title:
        fit_title(ax, title)
    notes = _notes(rows.attrs, target_label, reference_label)
    if notes:
        add_caption(fig, "; ".join(notes) + ".")
    return fig


def keyness_scatter(table: pd.DataFrame, n_labels: int = 12, alpha: float = 0.05,
                    gloss: bool = False, target_label: str | None = None,
                    reference_label: str | None = None, title: str | None = None, ax=None):
    """Relative frequency in the target against the reference, on log scales.

    Each item is a point at (per 10,000 tokens in the reference, per 10,000
    tokens in the target); the diagonal is equal use.  A zero frequency is
    drawn at 0.5 occurrences (the rule of the Log Ratio), so items absent
    from one side sit on a line at the edge instead of vanishing from a log
    axis.  Significant items (``p_adjusted`` ≤ ``alpha``) are coloured by
    side; the rest are grey.  The ``n_labels`` most distinctive items
    (largest |Log Ratio| among the significant ones, else among all; half
    on each side) are labelled, placed by a deterministic pass that tries
    eight positions around each point and skips a label that would overlap
    another; ``fig.kit_hidden_labels`` lists the skipped ones.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.keyness`.
    n_labels : int
    alpha : float
    gloss : bool
        Add the gloss after the label (entries of the lexicon only).
    target_label, reference_label, title : str, optional
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["群众", "经济"], "freq_target": [5, 0], "freq_reference": [1, 9],
    ...                   "size_target": 100, "size_reference": 200, "log_ratio": [3.3, -4.2],
    ...                   "p_adjusted": [0.01, 0.01]})
    >>> fig = keyness_scatter(t)
    """
    _require(table, _SCATTER_COLUMNS, "keyness_scatter")
    if table.empty:
        raise ValueError("keyness_scatter: the table is empty; loosen the keyness filters")
    apply_house_style()
    target_label, reference_label = _side_labels(table, target_label, reference_label)
    # the 0.5 rule of the Log Ratio, so that zeros have a place on a log axis
    x = np.maximum(table["freq_reference"], 0.5) / table["size_reference"] * 10_000
    y = np.maximum(table["freq_target"], 0.5) / table["size_target"] * 10_000
    significant = (table["p_adjusted"] <= alpha).to_numpy()
    positive = ((table["direction"] > 0) if "direction" in table else (table["log_ratio"] > 0)).to_numpy()
    colours = np.where(~significant, NEUTRAL_COLOUR, np.where(positive, TARGET_COLOUR, REFERENCE_COLOUR))
    if ax is None:
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN * 1.3, SINGLE_COLUMN * 1.2))
    else:
        fig = ax.figure
    # An item absent from one side is drawn hollow at 0.5 occurrences: it must not
    # look like a keyword of the side it never occurs on.
    absent = ((table["freq_target"] == 0) | (table["freq_reference"] == 0)).to_numpy()
    order = np.argsort(significant, kind="stable")  # significant points drawn on top
    for hollow in (False, True):
        picked = order[absent[order] == hollow]
        ax.scatter(x.to_numpy()[picked], y.to_numpy()[picked], s=9 if hollow else 7,
                   facecolors="none" if hollow else colours[picked],
                   edgecolors=colours[picked] if hollow else "none", linewidths=0.6 if hollow else 0,
                   alpha=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x.min() / 2, x.max() * 2)
    ax.set_ylim(y.min() / 2, y.max() * 2)
    low, high = min(x.min(), y.min()) / 2, max(x.max(), y.max()) * 2
    ax.plot([low, high], [low, high], color="#333333", linewidth=0.6, linestyle="--")
    ax.set_xlabel(f"per 10,000 tokens in {reference_label}")
    ax.set_ylabel(f"per 10,000 tokens in {target_label}")

    chosen = _label_choice(table, significant, n_labels)
    # items at one point share one label ("党建引领 / 离石区"), so no label hides another
    at_point: dict = {}
    for i in chosen:
        at_point.setdefault((round(float(x[i]), 9), round(float(y[i]), 9)), []).append(i)
    groups = list(at_point.values())
    texts = [" / ".join(_label_text(table.loc[i], gloss) for i in group) for group in groups]
    points = [(x[group[0]], y[group[0]]) for group in groups]
    colours_chosen = [colours[table.index.get_loc(group[0])] for group in groups]
    fig.kit_hidden_labels = place_labels(ax, points, texts, colours_chosen,
                                         obstacles=np.column_stack([x, y]))
    legend = [Line2D([], [], marker="o", linestyle="", color=TARGET_COLOUR, markersize=3,
                     label=f"more in {target_label}"),
              Line2D([], [], marker="o", linestyle="", color=REFERENCE_COLOUR, markersize=3,
                     label=f"more in {reference_label}"),
              Line2D([], [], marker="o", linestyle="", color=NEUTRAL_COLOUR, markersize=3,
                     label=f"not significant (adjusted p > {alpha:g})"),
              Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="#333333",
                     markersize=3, label="hollow: absent from one side, drawn at 0.5 occurrences"),
              Line2D([], [], color="#333333", linestyle="--", linewidth=0.6, label="equal use")]
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=1,
              frameon=False, fontsize=6)
    if title:
        fit_title(ax, title)
    notes = _notes(table.attrs, target_label, reference_label, drawn=False)
    if fig.kit_hidden_labels:
        notes.append(f"{len(fig.kit_hidden_labels)} label(s) left out for lack of room: "
                     + "; ".join(_cut(t) for t in fig.kit_hidden_labels[:6]))
    if notes:
        add_caption(fig, "; ".join(notes) + ".")
    return fig


def keyness_groups(table: pd.DataFrame, n: int = 8, alpha: float = 0.05, gloss: bool = False,
                   ncols: int = 2, title: str | None = None):
    """Small multiples: the top positive items of each group against the rest.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.keyness_one_vs_rest` (a ``group`` column).
    n : int
        Items per group (largest Log Ratio among the positive ones).
    alpha : float
        Hollow bars for items with ``p_adjusted`` > ``alpha``.
    gloss : bool
    ncols : int
        Panels per row.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One panel per group, in the table's group order, sharing the x axis.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["a", "b"], "item": ["群众", "经济"],
    ...                   "log_ratio": [2.0, 1.5], "p_adjusted": [0.01, 0.3]})
    >>> fig = keyness_groups(t)
    """
    _require(table, ("group",) + _BAR_COLUMNS, "keyness_groups")
    if table.empty:
        raise ValueError("keyness_groups: the table is empty; loosen the keyness filters")
    apply_house_style()
    groups = list(dict.fromkeys(table["group"]))
    ncols = max(1, min(ncols, len(groups)))
    nrows = int(np.ceil(len(groups) / ncols))
    per_row = 0.2 * n * (1.7 if gloss else 1.0) + 0.5
    fig, axes = plt.subplots(nrows, ncols, figsize=(DOUBLE_COLUMN, per_row * nrows + 0.4),
                             sharex=True, squeeze=False)
    positive = table[table["log_ratio"] > 0]
    sizes = table.attrs.get("groups") or {}
    total = sum(int(v.get("documents", 0)) for v in sizes.values()) if sizes else None
    for k, group in enumerate(groups):
        ax = axes[k // ncols][k % ncols]
        rows = (positive[positive["group"] == group]
                .sort_values(["log_ratio", "item"], ascending=[False, True], kind="mergesort")
                .head(n))
        colour = PALETTE[k % len(PALETTE)] if PALETTE[k % len(PALETTE)] != "#F0E442" else PALETTE[7]
        y = np.arange(len(rows))[::-1]
        significant = (rows["p_adjusted"] <= alpha).to_numpy()
        for yi, value, filled in zip(y, rows["log_ratio"], significant):
            ax.barh(yi, value, height=0.7, color=colour if filled else "white", edgecolor=colour,
                    linewidth=0.9)
        if {"log_ratio_ci_low", "log_ratio_ci_high"} <= set(rows.columns) and len(rows):
            values = rows["log_ratio"].to_numpy()
            ax.errorbar(values, y, xerr=np.vstack([values - rows["log_ratio_ci_low"].to_numpy(),
                                                   rows["log_ratio_ci_high"].to_numpy() - values]),
                        fmt="none", ecolor="#333333", elinewidth=0.6, capsize=1.5)
        ax.set_yticks(y, _labels(rows, gloss))
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_title(_group_title(group, sizes.get(group), total), loc="left")
        if not len(rows):
            ax.text(0.5, 0.5, "no positive items", transform=ax.transAxes, ha="center",
                    color="#555555")
        ax.axvline(0, color="#333333", linewidth=0.6)
    for k in range(len(groups), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("Log Ratio (group ÷ rest)" if _drawable("÷") else "Log Ratio")
    fig.legend(handles=[Patch(facecolor="#666666", edgecolor="#666666", label=f"adjusted p ≤ {alpha:g}"),
                        Patch(facecolor="white", edgecolor="#666666", label="not significant"),
                        Line2D([], [], color="#333333", linewidth=0.6, label="95% confidence interval")],
               loc="lower center", ncol=3, frameon=False, fontsize=6.5, bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.04, 1, 0.97 if title else 1))
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=9)
    return fig




# -- helpers ---------------------------------------------------------------------
def _group_title(group, size, total) -> str:
    """A panel's title: the group, and how many documents stand on each side.

    A group of 3 articles against 400 gives large Log Ratios on thin evidence:
    the reader must see the sides' sizes beside the bars.
    """
    if not size or total is None:
        return f"{group} vs rest"
    own = int(size.get("documents", 0))
    return f"{group} ({own} {'document' if own == 1 else 'documents'}) vs rest ({total - own})"


def _require(table, columns, name):
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name}: expected a DataFrame from kit.analysis._keyness, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise KeyError(f"{name}: the table has no column(s) {missing}; pass a table from "
                       f"kit.analysis.keyness (it has {list(table.columns)})")


def drawn_keywords(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """:func:`kit.analysis.top_keywords`, the same rows and ``attrs``, faster.

    pandas deep-copies a table's ``attrs`` into every row and column taken
    from it, and top_keywords walks the rows it leaves out (thousands with
    a small target); on a frame without attrs that walk takes a fraction
    of the time, and the attrs are put back on the result.
    """
    rows = top_keywords(pd.DataFrame(table), n)  # pd.DataFrame(table): the same columns, no attrs
    rows.attrs = {**table.attrs, **rows.attrs}
    return rows


def _top_both(table: pd.DataFrame, n: int) -> pd.DataFrame:
    rows = drawn_keywords(table, n)
    if rows.empty:
        raise ValueError("keyness_bars: no item with a non-zero Log Ratio; there is nothing to draw")
    return rows


def _notes(attrs: dict, target_label: str, reference_label: str, drawn: bool = True) -> list[str]:
    """What a keyness chart must say about its table: the range filter, and
    (for bars) the items left out because their Log Ratio points the wrong way."""
    notes = []
    low, high = attrs.get("min_range_target"), attrs.get("min_range_reference")
    if low is not None and high is not None and max(low, high) > 1:
        where = (f"≥ {low} documents of their side" if low == high else
                 f"≥ {low} document(s) of {target_label} / ≥ {high} of {reference_label}")
        notes.append(f"items found in {where}")
    not_drawn = attrs.get("not_drawn") or {}
    if drawn and not_drawn:
        count = int(attrs.get("not_drawn_count", len(not_drawn)))
        absent = [item for item, why in not_drawn.items() if why == "absent from the target"]
        shown = "; ".join(_cut(item) for item in (absent or list(not_drawn))[:4])
        more = f" and {count - min(4, len(absent or not_drawn))} more" if count > min(4, len(absent or not_drawn)) else ""
        notes.append(f"not drawn: {count} item(s) whose 0.5-rule Log Ratio points against the side they "
                     f"are more frequent on, e.g. {shown}{more} (absent from {target_label}; see the table)")
    return notes


def _cut(item: str, limit: int = 12) -> str:
    """An item cut to ``limit`` characters, for a list in a note."""
    item = str(item)
    return item if len(item) <= limit else item[: limit - 1] + "…"


def _note(text: str):
    """A legend row of text alone (an invisible handle)."""
    return Line2D([], [], linestyle="", marker="", label=text)


def _side_labels(table, target_label, reference_label):
    return (target_label or str(table.attrs.get("target", "target")),
            reference_label or str(table.attrs.get("reference", "reference")))


def _label_text(row, gloss: bool) -> str:
    text = str(row["item"])
    if gloss and "gloss" in row.index and isinstance(row["gloss"], str) and row["gloss"]:
        text += "\n" + textwrap.shorten(row["gloss"], 38, placeholder="…")
    return text


def _labels(rows: pd.DataFrame, gloss: bool) -> list[str]:
    return [_label_text(row, gloss) for _, row in rows.iterrows()]


def _label_choice(table: pd.DataFrame, significant: np.ndarray, n_labels: int) -> list:
    pool = table[significant] if significant.any() else table
    ranked = pool.sort_values(["log_ratio", "item"], ascending=[False, True], kind="mergesort")
    side = ranked["direction"] if "direction" in ranked else np.sign(ranked["log_ratio"])
    top = ranked[side > 0].head((n_labels + 1) // 2)
    bottom = ranked[side < 0].tail(n_labels // 2).iloc[::-1]
    # alternate the sides so that neither side takes all the free space first
    chosen = []
    for pair in zip(list(top.index) + [None] * len(bottom), list(bottom.index) + [None] * len(top)):
        chosen.extend(i for i in pair if i is not None)
    return list(dict.fromkeys(chosen))


def _drawable(chars: str) -> bool:
    from kit.fonts import resolve_cjk_font

    return not resolve_cjk_font().missing(chars)
