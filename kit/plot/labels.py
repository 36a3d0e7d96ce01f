"""Labels for points that do not overlap, placed deterministically.

Layer: plot.
"""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects


#: How a figure names an association measure: the names of the literature, not the column names.
MEASURE_NAMES = {"pmi": "MI (PMI)", "mi3": "MI³", "t_score": "t-score", "z_score": "z-score", "dice": "Dice",
                 "log_dice": "logDice", "delta_p": "ΔP", "delta_p_reverse": "ΔP (reverse)",
                 "g2": "log-likelihood (G²)", "chi2": "χ²", "joint": "joint frequency", "freq": "frequency"}


def place_labels(ax, points, texts, colours=None, fontsize: float = 6.5,
                 obstacles=None, radii=None) -> list[str]:
    """Label points without overlaps, deterministically; return the labels left out.

    A greedy pass, written here rather than taken from a library so that the
    result depends on nothing but the input order: each label, in order, is
    tried at eight positions around its point (right, left, above, below and
    the diagonals) at three distances, nearest first.  Positions whose box
    leaves the axes or overlaps a label already placed are refused; among
    the others the one covering the fewest ``obstacles`` (other points)
    wins, the nearest and first in that order on a tie.  A label placed away
    from its point is joined to it by a thin leader line.  A label with no
    allowed position is left out.  Labels get a thin white outline so that
    they stay legible over points.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    points : list of (x, y) in data coordinates
    texts : list of str
    colours : list of colours, optional
    fontsize : float
    obstacles : array of shape (n, 2), optional
        Points (data coordinates) that labels should avoid covering.
    radii : list of float, optional
        The radius in points of each point's marker: its label starts beyond it.

    Returns
    -------
    list of str
        The labels that found no free position.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    placed, hidden = [], []
    offsets = [(4, 0, "left", "center"), (-4, 0, "right", "center"), (0, 4, "center", "bottom"),
               (0, -4, "center", "top"), (3, 3, "left", "bottom"), (-3, 3, "right", "bottom"),
               (3, -3, "left", "top"), (-3, -3, "right", "top")]
    colours = colours or ["#222222"] * len(texts)
    screen = (ax.transData.transform(np.asarray(obstacles, dtype=float))
              if obstacles is not None and len(obstacles) else np.empty((0, 2)))
    outline = [patheffects.withStroke(linewidth=1.6, foreground="white")]
    radii = list(radii) if radii is not None else [0.0] * len(texts)
    for (px, py), text, colour, radius in zip(points, texts, colours, radii):
        best = None
        for scale in (1.0, 2.5, 4.5):
            for dx, dy, ha, va in offsets:
                # beyond the marker's edge, along the direction of the offset
                reach = dx * scale + np.sign(dx) * radius * (0.71 if dy else 1.0)
                rise = dy * scale + np.sign(dy) * radius * (0.71 if dx else 1.0)
                label = ax.annotate(text, (px, py), xytext=(reach, rise),
                                    textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                                    color=colour, path_effects=outline)
                box = label.get_window_extent(renderer).expanded(1.05, 1.1)
                label.remove()
                inside = (box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1
                          and box.y0 >= axes_box.y0 and box.y1 <= axes_box.y1)
                if not inside or any(box.overlaps(other) for other in placed):
                    continue
                covered = int(((screen[:, 0] >= box.x0) & (screen[:, 0] <= box.x1)
                               & (screen[:, 1] >= box.y0) & (screen[:, 1] <= box.y1)).sum())
                if best is None or covered < best[0]:
                    best = (covered, reach, rise, ha, va, box, scale)
        if best is None:
            hidden.append(text)
            continue
        _, dx, dy, ha, va, box, scale = best
        # A label more than a few points beyond its marker's edge is joined to it; one that
        # touches the marker needs no line (a stub of a line there reads as a tick mark).
        leader = (dict(arrowstyle="-", color=colour, linewidth=0.4, shrinkA=0, shrinkB=radius + 1.0)
                  if np.hypot(dx, dy) - radius > 6 else None)
        label = ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                            fontsize=fontsize, color=colour, path_effects=outline, arrowprops=leader)
        # the layout check measures a label's distance from its marker's edge, not its centre
        label.kit_marker_radius = float(radius)
        placed.append(box)
    return hidden


def short_labels(docs, key: str = "doc_id", text: str = "title", max_chars: int = 10) -> dict:
    """Short, distinct labels for documents: each title cut to ``max_chars``.

    A long axis label is shortened here and the figure's CSV carries the full
    text.  A document without a title is named by its ``key``; two labels
    that would read alike get their document's position (·2, ·3 …).

    Parameters
    ----------
    docs : pandas.DataFrame
        ``corpus.docs``.
    key, text : str
        The id column and the column to shorten.
    max_chars : int

    Returns
    -------
    dict
        key value → label.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"doc_id": ["a", "b", "c"], "title": ["汾阳市文峰街道社区治理成效显著", "", "汾阳市文峰街道社区治理再上台阶"]})
    >>> short_labels(d, max_chars=6)
    {'a': '汾阳市文峰…', 'b': 'b', 'c': '汾阳市文峰…·3'}
    """
    labels, seen = {}, set()
    for position, (value, title) in enumerate(zip(docs[key].astype(str), docs[text].fillna("").astype(str)), 1):
        label = title.strip() or value
        if len(label) > max_chars:
            label = label[: max_chars - 1] + "…"
        if label in seen:
            label = f"{label}·{position}"
        seen.add(label)
        labels[value] = label
    return labels


def fit_title(ax, title: str, **options):
    r"""Set an axes' title at its left, wrapped so that it is no wider than the axes.

    A title names the corpus (``… · 吕梁日报 2026``), and a researcher's
    corpus label can be long: a title wider than its axes runs over a colour
    bar or a legend beside them.  The title is broken first at its " · "
    separators, then between characters.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    title : str
    **options
        Passed to :meth:`matplotlib.axes.Axes.set_title`.

    Returns
    -------
    matplotlib.text.Text

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 2))
    >>> "\n" in fit_title(ax, "Formulas sharing a paragraph · a very long corpus label indeed").get_text()
    True
    """
    text = ax.set_title(title, loc="left", **options)
    renderer = ax.figure.canvas.get_renderer()
    limit = ax.get_window_extent(renderer).width

    def width(candidate: str) -> float:
        text.set_text(candidate)
        return text.get_window_extent(renderer).width

    if width(title) <= limit:
        return text
    # Whole " · " parts first (a corpus label stays in one piece when it fits);
    # a part too wide on its own is broken between words and CJK characters.
    lines, current = [], ""
    for k, part in enumerate(title.split(" · ")):
        joiner = " · " if current else ""
        if width(current + joiner + part) <= limit:
            current += joiner + part
            continue
        if current:
            lines.append(current)
            current = ""
        if width(part) <= limit:
            current = part
            continue
        for piece in _pieces(part):
            if current and width((current + piece).strip()) > limit:
                lines.append(current.strip())
                current = piece.lstrip()
            else:
                current += piece
    lines.append(current.strip())
    text.set_text("\n".join(line for line in lines if line))
    return text


def _pieces(text: str) -> list[str]:
    """Pieces a line may break between: words (with their space) and single CJK characters."""
    import re

    return re.findall(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+\s*|\s+", text)