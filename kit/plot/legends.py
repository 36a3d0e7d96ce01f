"""A legend under an axes' tick labels and axis label, that stays there when the figure is saved.

Layer: plot.  A legend placed at a fraction of the axes' height below it
(``bbox_to_anchor=(0.5, -0.18)``) lands on the axis label when the axes is
short (a barcode of one document), and a figure legend anchored to the
figure's lower edge follows that edge when a tight bounding box enlarges the
saved figure, onto any caption beneath.  :func:`legend_below` measures the
axis instead and anchors the legend to the axes, a fixed distance under it.
"""
from __future__ import annotations

from matplotlib.transforms import ScaledTranslation

#: Points between the lowest text of the x axis and the legend's top.
GAP = 4.0


def legend_below(ax, handles=None, labels=None, columns=(4,), fontsize: float = 6.5):
    """Put a legend under everything the x axis draws (tick labels, offset text, axis label).

    The legend is centred on the axes and set in the first number of
    ``columns`` whose legend is no wider than the figure.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    handles, labels : lists, optional
        Default: the axes' own (:meth:`~matplotlib.axes.Axes.get_legend_handles_labels`).
    columns : tuple of int
        Numbers of columns to try, in order (each capped at the number of entries).
    fontsize : float

    Returns
    -------
    matplotlib.legend.Legend

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], label="a line"); _ = ax.set_xlabel("position")
    >>> legend = legend_below(ax)
    >>> renderer = fig.canvas.get_renderer()
    >>> bool(legend.get_window_extent(renderer).y1 < ax.xaxis.label.get_window_extent(renderer).y0)
    True
    """
    fig = ax.figure
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    legend = None
    for count in columns:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        axis = ax.xaxis.get_tightbbox(renderer)
        below = ax.get_window_extent(renderer).y0 - axis.y0 if axis is not None else 0.0  # pixels
        drop = ScaledTranslation(0, -(below * 72 / fig.dpi + GAP) / 72, fig.dpi_scale_trans)
        legend = ax.legend(handles, labels, frameon=False, fontsize=fontsize, loc="upper center",
                           bbox_to_anchor=(0.5, 0), bbox_transform=ax.transAxes + drop,
                           ncols=max(1, min(count, len(handles))), borderaxespad=0)
        fig.canvas.draw()
        if legend.get_window_extent(fig.canvas.get_renderer()).width <= fig.bbox.width:
            break
    return legend
