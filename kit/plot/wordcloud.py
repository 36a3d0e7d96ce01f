"""Word clouds: of counts, and a comparison of two sides.

Layer: plot.  The words are given whole to wordcloud (lexicon entries stay
one word), drawn with the kit's CJK font, laid out from the kit's seed, and
every character is checked against the font before drawing.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kit.fonts import resolve_cjk_font, single_face_file
from kit.plot.keyness import _notes, drawn_keywords
from kit.plot.labels import fit_title
from kit.plot.style import DOUBLE_COLUMN, PALETTE, SEED, SINGLE_COLUMN, add_caption, apply_house_style, colour_scheme, counting_rule

SIZE_BY = ("log_ratio", "frequency")


def comparison_cloud(table: pd.DataFrame, n: int = 40, size_by: str = "log_ratio",
                     alpha: float | None = 0.05, target_label: str | None = None,
                     reference_label: str | None = None, title: str | None = None,
                     width: int = 900, height: int = 700):
    """Two word clouds side by side: the items more used in the target, and in the reference.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.keyness`: columns item, log_ratio,
        freq_target, freq_reference (and p_adjusted when ``alpha`` is set).
    n : int
        Items per cloud: the ``n`` largest Log Ratios on each side
        (:func:`kit.analysis.top_keywords` after the ``alpha`` filter).
    size_by : {"log_ratio", "frequency"}
        Word size: |Log Ratio|, or the frequency on the word's own side.
        wordcloud scales sizes relative to the largest word of each cloud.
    alpha : float or None
        Keep only items with ``p_adjusted`` ≤ alpha; None keeps all.
    target_label, reference_label : str, optional
        Default ``table.attrs["target"]``, ``["reference"]``.
    title : str, optional
    width, height : int
        Pixels of each cloud.

    Returns
    -------
    matplotlib.figure.Figure
        Left: the target's cloud (blue); right: the reference's (orange).
        A side without items says so.

    Raises
    ------
    kit.fonts.MissingGlyphError
        If the font lacks a character of a word: it would be a box.

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["群众", "经济"], "log_ratio": [2.0, -1.5],
    ...                   "freq_target": [5, 0], "freq_reference": [1, 9], "p_adjusted": [0.01, 0.01]})
    >>> fig = comparison_cloud(t)
    """
    from wordcloud import WordCloud

    needed = ["item", "log_ratio", "freq_target", "freq_reference"] + (["p_adjusted"] if alpha is not None else [])
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise KeyError(f"comparison_cloud: the table has no column(s) {missing}; pass a table from "
                       f"kit.analysis.keyness (it has {list(table.columns)})")
    if size_by not in SIZE_BY:
        raise ValueError(f"comparison_cloud: size_by={size_by!r} is not one of {list(SIZE_BY)}")
    rows = table if alpha is None else table[table["p_adjusted"] <= alpha]
    ranked = drawn_keywords(rows, n)
    side = ranked["direction"] if "direction" in ranked else np.sign(ranked["log_ratio"])
    sides = [
        (ranked[side > 0], "freq_target", PALETTE[0],
         target_label or str(table.attrs.get("target", "target"))),
        (ranked[side < 0], "freq_reference", PALETTE[1],
         reference_label or str(table.attrs.get("reference", "reference"))),
    ]
    font = resolve_cjk_font()
    font.require("".join(ranked["item"].astype(str)))
    font_path = str(single_face_file(font))
    apply_house_style()
    fig, axes = plt.subplots(1, 2, figsize=(DOUBLE_COLUMN, DOUBLE_COLUMN * 0.5 * height / width + 0.3))
    for ax, (side, freq_column, colour, label) in zip(axes, sides):
        ax.set_axis_off()
        ax.set_title(f"more in {label}", loc="left", color=colour)
        weights = side["log_ratio"].abs() if size_by == "log_ratio" else side[freq_column]
        frequencies = {str(w): float(v) for w, v in zip(side["item"], weights) if v > 0}
        if not frequencies:
            ax.text(0.5, 0.5, "no items", ha="center", va="center", transform=ax.transAxes,
                    color="#555555")
            continue
        cloud = WordCloud(font_path=font_path, width=width, height=height, background_color="white",
                          random_state=SEED, prefer_horizontal=1.0, max_words=len(frequencies),
                          color_func=_single_colour(colour), relative_scaling=0.6,
                          collocations=False, margin=4)
        cloud.generate_from_frequencies(frequencies)
        ax.imshow(np.asarray(cloud.to_array()), interpolation="bilinear")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=9)
    target_name, reference_name = sides[0][3], sides[1][3]
    notes = [f"word size: {'|Log Ratio|' if size_by == 'log_ratio' else 'frequency on the word’s side'}, "
             f"the {n} strongest items of each side",
             (f"items with adjusted p ≤ {alpha} ({table.attrs.get('p_adjust', 'adjusted')})" if alpha is not None
              else "no significance filter: every item that passed the frequency and range filters")]
    notes += _notes(ranked.attrs, target_name, reference_name)
    add_caption(fig, "; ".join(notes))
    return fig


def word_cloud(table: pd.DataFrame, word: str = "entry", weight: str = "frequency", colour_by: str | None = "category",
               n: int = 60, title: str | None = None, width: int = 900, height: int = 600):
    """A word cloud of counts: lexicon entries kept whole, coloured by category or group.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per word, e.g. from :func:`kit.count` or :func:`kit.keyness`.
    word : str
        Column with the words (phrases are drawn whole, never split).
    weight : str
        Column with the sizes (rows with a weight ≤ 0 are left out).
    colour_by : str or None
        Column whose values colour the words (category, group …), listed in
        a legend.  The bundled lexicon's categories get their family colour,
        the same in every figure; other values get the kit's colour-blind
        safe palette by total weight, and beyond six values the rest are
        drawn in grey as "other" (see :func:`kit.plot.style.colour_scheme`).
        None draws every word in one colour.
    n : int
        The ``n`` heaviest words.
    title : str, optional
    width, height : int
        Pixels of the cloud.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    kit.fonts.MissingGlyphError
        If the font lacks a character of a word: it would be drawn as a box.

    Examples
    --------
    >>> t = pd.DataFrame({"entry": ["党建引领", "急难愁盼"], "frequency": [6, 3], "category": ["党建", "民生"]})
    >>> fig = word_cloud(t)
    """
    from matplotlib.patches import Patch
    from wordcloud import WordCloud

    needed = [word, weight] + ([colour_by] if colour_by else [])
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise KeyError(f"word_cloud: the table has no column(s) {missing} (it has {list(table.columns)})")
    rows = table[table[weight] > 0].sort_values([weight, word], ascending=[False, True], kind="mergesort").head(n)
    if rows.empty:
        raise ValueError(f"word_cloud: no row has a positive {weight!r}")
    if rows[word].duplicated().any():
        raise ValueError(f"word_cloud: words repeat in {word!r}; sum them per word first (e.g. count without by=)")
    font = resolve_cjk_font()
    font.require("".join(rows[word].astype(str)))
    legend_rows = []
    if colour_by:
        groups = rows[colour_by].fillna("—").astype(str)
        mapping, legend_rows = colour_scheme(groups, rows[weight])
        word_colour = dict(zip(rows[word].astype(str), groups.map(mapping)))
    else:
        word_colour = {}

    def colour_func(w, *args, **kwargs):
        return word_colour.get(w, PALETTE[0])

    apply_house_style()
    cloud = WordCloud(font_path=str(single_face_file(font)), width=width, height=height, background_color="white",
                      random_state=SEED, prefer_horizontal=1.0, max_words=len(rows), color_func=colour_func,
                      relative_scaling=0.6, collocations=False, margin=4)
    cloud.generate_from_frequencies({str(w): float(v) for w, v in zip(rows[word], rows[weight])})
    fig, ax = plt.subplots(figsize=(SINGLE_COLUMN * 1.6, SINGLE_COLUMN * 1.6 * height / width + 0.4))
    ax.imshow(np.asarray(cloud.to_array()), interpolation="bilinear")
    ax.set_axis_off()
    if legend_rows:
        ax.legend(handles=[Patch(color=c, label=v) for v, c in legend_rows], loc="upper center",
                  bbox_to_anchor=(0.5, 0.0), ncols=min(4, len(legend_rows)), frameon=False)
    if title:
        fit_title(ax, title)
    rule = counting_rule(table, weight)
    if rule:
        add_caption(fig, f"word size: {weight}; {rule}")
    return fig


def _single_colour(colour: str):
    def colour_func(*args, **kwargs):
        return colour

    return colour_func
