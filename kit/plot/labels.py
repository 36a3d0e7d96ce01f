"""Labels for points that do not overlap, placed deterministically.

Layer: plot.
"""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects


def place_labels(ax, points, texts, colours=None, fontsize: float = 6.5,
                 obstacles=None) -> list[str]:
    """Label points without overlaps, deterministically; return the labels left out.

    A greedy pass, written here rather than taken from a library so that the
    result depends on nothing but the input order: each label, in order, is
    tried at eight positions around its point (right, left, above, below and
    the diagonals) at two distances.  Positions whose box leaves the axes or
    overlaps a label already placed are refused; among the others the one
    covering the fewest ``obstacles`` (other points) wins, the first in that
    order on a tie.  A label with no allowed position is left out.  Labels
    get a thin white outline so that they stay legible over points.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    points : list of (x, y) in data coordinates
    texts : list of str
    colours : list of colours, optional
    fontsize : float
    obstacles : array of shape (n, 2), optional
        Points (data coordinates) that labels should avoid covering.

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
    for (px, py), text, colour in zip(points, texts, colours):
        best = None
        for scale in (1.0, 2.5, 4.5):
            for dx, dy, ha, va in offsets:
                label = ax.annotate(text, (px, py), xytext=(dx * scale, dy * scale),
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
                    best = (covered, dx * scale, dy * scale, ha, va, box)
        if best is None:
            hidden.append(text)
            continue
        _, dx, dy, ha, va, box = best
        ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    fontsize=fontsize, color=colour, path_effects=outline)
        placed.append(box)
    return hidden
