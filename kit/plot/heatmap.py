"""A clustered heatmap of entry × entry association (from :func:`kit.cooccurrence`).

Layer: plot.  Plot functions draw what an analysis computed; they compute
nothing but the order of rows and columns, which is part of the picture.
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kit.plot.labels import MEASURE_NAMES, fit_title
from kit.plot.style import DOUBLE_COLUMN, SINGLE_COLUMN, apply_house_style


def cooccurrence_heatmap(pairs: pd.DataFrame, measure: str = "log_dice", cluster: bool = True,
                         min_joint: int = 1, ax=None, title: str | None = None, max_entries: int | None = 30):
    """Draw the measure for every pair of entries as a symmetric matrix.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`kit.cooccurrence`: entry_a, entry_b, joint and the measure.
    measure : str
        The column shown (larger = stronger attraction for every score of
        :func:`kit.stats.association_scores`).
    cluster : bool
        Order entries by average-linkage hierarchical clustering
        (scipy.cluster.hierarchy, optimal leaf ordering) on the distance
        (max − value) / (max − min) of the measure; pairs never seen together
        (empty cells) count as distance 1.5, farther than any seen pair.
        False orders entries by code point.
    min_joint : int
        Show only pairs sharing at least this many units.
    max_entries : int or None
        Show at most this many entries: those in the most units of the pairs
        shown (their ``joint`` summed; ties by entry); the x label says how
        many are shown, so that labels keep a legible size.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Cells are coloured with the cividis colour map; empty cells (pairs
        not listed, and the diagonal) are light grey.

    Examples
    --------
    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"entry_a": ["久久为功", "久久为功"], "entry_b": ["急难愁盼", "获得感"],
    ...                       "joint": [3, 1], "log_dice": [11.2, 9.5]})
    >>> fig = cooccurrence_heatmap(pairs)
    """
    if not isinstance(pairs, pd.DataFrame):
        raise TypeError(f"cooccurrence_heatmap: pairs must be the DataFrame of kit.cooccurrence, "
                        f"got {type(pairs).__name__}")
    missing = [c for c in ("entry_a", "entry_b", "joint", measure) if c not in pairs.columns]
    if missing:
        raise KeyError(f"cooccurrence_heatmap: pairs has no column {missing}; it has {list(pairs.columns)}")
    shown = pairs[(pairs["joint"] >= min_joint) & np.isfinite(pairs[measure].to_numpy(dtype=float))]
    if shown.empty:
        raise ValueError(f"cooccurrence_heatmap: no pair has joint ≥ {min_joint} and a finite {measure}")
    entries = sorted(set(shown["entry_a"]) | set(shown["entry_b"]))
    all_entries = len(entries)
    if max_entries is not None and all_entries > max_entries:
        weight = pd.concat([shown[["entry_a", "joint"]].set_axis(["entry", "joint"], axis=1),
                            shown[["entry_b", "joint"]].set_axis(["entry", "joint"], axis=1)])
        weight = weight.groupby("entry")["joint"].sum()
        kept = set(sorted(entries, key=lambda e: (-weight[e], e))[:max_entries])
        shown = shown[shown["entry_a"].isin(kept) & shown["entry_b"].isin(kept)]
        entries = sorted(set(shown["entry_a"]) | set(shown["entry_b"]))
    index = {e: i for i, e in enumerate(entries)}
    matrix = np.full((len(entries), len(entries)), np.nan)
    a = shown["entry_a"].map(index).to_numpy()
    b = shown["entry_b"].map(index).to_numpy()
    matrix[a, b] = matrix[b, a] = shown[measure].to_numpy(dtype=float)
    order = _cluster_order(matrix) if cluster and len(entries) > 2 else np.arange(len(entries))
    matrix = matrix[np.ix_(order, order)]
    labels = [entries[i] for i in order]

    apply_house_style()
    if ax is None:
        side = min(DOUBLE_COLUMN, max(SINGLE_COLUMN, 0.16 * len(entries) + 1.2))
        fig, ax = plt.subplots(figsize=(side + 0.7, side))
    else:
        fig = ax.figure
    cmap = mpl.colormaps["cividis"].with_extremes(bad="#e6e6e6")
    image = ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, interpolation="nearest", aspect="equal")
    font = 7 if len(entries) <= 25 else max(4.0, 7 - 0.06 * (len(entries) - 25))
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=font)
    ax.set_yticks(range(len(labels)), labels, fontsize=font)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if len(entries) < all_entries:
        ax.set_xlabel(f"{len(entries)} of {all_entries} entries shown (in the most units)", fontsize=6.5)
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    bar.set_label(MEASURE_NAMES.get(measure, measure))
    bar.outline.set_visible(False)
    if title:
        fit_title(ax, title)
    return fig


def _cluster_order(matrix: np.ndarray) -> np.ndarray:
    """Leaf order of average-linkage clustering on a [0, 1.5] distance from the measure."""
    # imported here: scipy.cluster takes 0.14 s, and most notebooks draw no heatmap
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    values = matrix[np.isfinite(matrix)]
    low, high = values.min(), values.max()
    spread = high - low if high > low else 1.0
    distance = np.where(np.isfinite(matrix), (high - matrix) / spread, 1.5)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    return leaves_list(tree)
