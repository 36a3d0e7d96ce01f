"""Check that a figure is legible: no label over another, none cut off, none adrift.

Layer: plot.  A figure drawn from a researcher's own corpus has labels the
kit's authors never saw: forty article titles on one axis, glosses of
unusual length, scatter labels crowding one corner.  :func:`layout_problems`
draws the figure and measures every visible piece of text, so that
:func:`kit.save_figure` can record (and the tests can refuse) a figure whose
text collides.  Written by hand on purpose: matplotlib offers the boxes but
no such check.
"""
from __future__ import annotations

import warnings

import matplotlib as mpl
import matplotlib.text
import numpy as np
import pandas as pd

#: Pixels (at the figure's dpi) two boxes may share before they count as overlapping.
OVERLAP_TOLERANCE = 2.0
#: Points a label may stand from its point without a leader line.
MAX_LABEL_DISTANCE = 12.0

PROBLEM_COLUMNS = ("kind", "text", "other", "detail")


def layout_problems(fig) -> pd.DataFrame:
    """Every place where a figure's text is not legible.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    pandas.DataFrame
        One row per problem, columns:

        kind : str
            ``overlap`` (two texts share space), ``outside`` (a text runs
            out of the area that is saved, or out of the axes that clip
            it), ``adrift`` (an annotation stands more than
            :data:`MAX_LABEL_DISTANCE` points from the point it labels, or
            from the edge of its marker when it records the marker's radius
            as ``kit_marker_radius``, with no leader line).
        text, other : str
            The text concerned, and the other text of an overlap ("" else).
        detail : str
            Pixels of overlap, or the distance.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.text(0.5, 0.5, "群众"); _ = ax.text(0.5, 0.5, "服务")
    >>> layout_problems(fig)["kind"].tolist()
    ['overlap']
    """
    if fig.stale:  # drawn already and unchanged since (save_figure draws it to read its text)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
            fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    undrawn = _undrawn_tick_labels(fig)
    texts = [t for t in fig.findobj(matplotlib.text.Text) if _shown(t) and id(t) not in undrawn]
    boxes = np.array([_box(t, renderer) for t in texts]).reshape(-1, 4)
    rows = []
    rows += _overlaps(texts, boxes)
    rows += _outside(fig, texts, boxes, renderer)
    rows += _adrift(fig, texts, boxes)
    return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))


def _shown(text) -> bool:
    if not text.get_visible() or not text.get_text().strip():
        return False
    if text.get_alpha() == 0:
        return False
    parent = text.axes
    if parent is not None and not parent.get_visible():
        return False
    return True


def _undrawn_tick_labels(fig) -> set:
    """The ids of tick labels matplotlib keeps but does not draw.

    An axis holds tick objects beyond its view limits (a "-0.2" left of a
    scale that starts at 0) and keeps every tick of an axes turned off; they
    are visible Text objects all the same, with stale positions.  Only the
    ticks ``Axis._update_ticks`` returns are drawn (a private method, stable
    since matplotlib 3.1, the version is pinned).
    """
    undrawn = set()
    for ax in fig.get_axes():
        for axis in ax._axis_map.values():
            ticks = axis.majorTicks + axis.minorTicks
            drawn = set(map(id, axis._update_ticks())) if ax.axison and axis.get_visible() else set()
            undrawn.update(id(label) for tick in ticks if id(tick) not in drawn
                           for label in (tick.label1, tick.label2))
    return undrawn


def _box(text, renderer):
    # The text alone: an annotation's own extent also covers its leader line.
    box = matplotlib.text.Text.get_window_extent(text, renderer)
    return box.x0, box.y0, box.x1, box.y1


def _overlaps(texts, boxes) -> list:
    if len(texts) < 2:
        return []
    x0, y0, x1, y1 = (boxes[:, i][:, None] for i in range(4))
    width = np.minimum(x1, x1.T) - np.maximum(x0, x0.T)
    height = np.minimum(y1, y1.T) - np.maximum(y0, y0.T)
    clash = (width > OVERLAP_TOLERANCE) & (height > OVERLAP_TOLERANCE)
    rows = []
    for i, j in zip(*np.nonzero(np.triu(clash, k=1))):
        rows.append(("overlap", _name(texts[i]), _name(texts[j]),
                     f"{width[i, j]:.0f} × {height[i, j]:.0f} px"))
    return rows


def _outside(fig, texts, boxes, renderer) -> list:
    rows = []
    if mpl.rcParams["savefig.bbox"] != "tight":  # with a tight box every text is saved
        area = fig.bbox
        for text, (x0, y0, x1, y1) in zip(texts, boxes):
            if x0 < area.x0 - 1 or y0 < area.y0 - 1 or x1 > area.x1 + 1 or y1 > area.y1 + 1:
                rows.append(("outside", _name(text), "", "beyond the figure"))
    for text, (x0, y0, x1, y1) in zip(texts, boxes):
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None and (x0 < clip.x0 - 1 or x1 > clip.x1 + 1 or y0 < clip.y0 - 1 or y1 > clip.y1 + 1):
            rows.append(("outside", _name(text), "", "cut off by its axes"))
    return rows


def _adrift(fig, texts, boxes) -> list:
    rows = []
    points_per_pixel = 72.0 / fig.dpi
    for text, (x0, y0, x1, y1) in zip(texts, boxes):
        if not isinstance(text, matplotlib.text.Annotation) or text.arrow_patch is not None:
            continue
        if text.xycoords != "data" or text.axes is None:
            continue
        px, py = text.axes.transData.transform(text.xy)
        dx = max(x0 - px, 0, px - x1)
        dy = max(y0 - py, 0, py - y1)
        # from the edge of the point's marker when the label knows it (kit.plot.labels.place_labels)
        distance = float(np.hypot(dx, dy)) * points_per_pixel - getattr(text, "kit_marker_radius", 0.0)
        if distance > MAX_LABEL_DISTANCE:
            rows.append(("adrift", _name(text), "", f"{distance:.0f} pt from its point"))
    return rows


def _name(text) -> str:
    return text.get_text().replace("\n", " ")[:60]
