"""A network of formulas that travel together (from :func:`kit.cooccurrence`).

Layer: plot.  Plot functions draw what an analysis computed; they compute nothing.
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from kit.plot.labels import MEASURE_NAMES, fit_title, place_labels
from kit.plot.style import DOUBLE_COLUMN, SEED, add_caption, apply_house_style, colour_scheme

_EDGE_WIDTH = (0.4, 3.2)   # points
_NODE_AREA = (20.0, 260.0)  # points²
_COUNT_COLUMNS = ("frequency", "count", "units")


def cooccurrence_network(pairs: pd.DataFrame, counts: pd.DataFrame | None = None, measure: str = "log_dice",
                         min_joint: int = 2, top: int | None = None, gloss=False, ax=None,
                         title: str | None = None, max_nodes: int | None = 40):
    """Draw entries as nodes and their co-occurrences as edges.

    Parameters
    ----------
    pairs : pandas.DataFrame
        From :func:`kit.cooccurrence`: entry_a, entry_b, joint, the measure,
        and category_a / category_b (and count_a / count_b when ``counts`` is
        not given).
    counts : pandas.DataFrame, optional
        One row per entry: ``entry`` and a size column (``frequency``, as
        :func:`kit.count` gives, else ``count`` or ``units``); optional
        ``category`` and ``gloss``.  By default nodes are sized by the units
        holding each entry (count_a / count_b of ``pairs``).
    measure : str
        The column that sets edge width (larger = thicker) and, with
        ``top``, which edges are kept.
    min_joint : int
        Draw only pairs sharing at least this many units.
    top : int, optional
        Keep the ``top`` strongest edges by ``measure`` (ties by entry).
    gloss : bool or mapping
        Add an English gloss under each label: True takes ``counts["gloss"]``;
        a mapping (entry → gloss) is used as given.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    max_nodes : int or None
        Draw at most this many entries: those held by the most units (ties
        by entry), with the edges among them; the caption says how many are
        shown.  A network of hundreds of labelled nodes is not legible.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    The layout is networkx's spring layout (Fruchterman–Reingold) started
    from :data:`kit.plot.style.SEED`, one connected component at a time, the
    components placed on a grid, largest first; edge weights = the measure
    rescaled to [0.1, 1], positions rounded to 4 decimals: the same table
    gives the same picture.  Distances in the picture are only roughly meaningful; read the
    numbers in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"entry_a": ["久久为功"], "entry_b": ["急难愁盼"], "category_a": ["作风"],
    ...                       "category_b": ["民生"], "joint": [3], "count_a": [5], "count_b": [4],
    ...                       "log_dice": [11.2]})
    >>> fig = cooccurrence_network(pairs, min_joint=1)
    """
    edges = _edges(pairs, measure, min_joint, top)
    nodes = sorted(set(edges["entry_a"]) | set(edges["entry_b"]))
    size, size_label = _node_sizes(pairs, counts, nodes)
    all_nodes = len(nodes)
    if max_nodes is not None and all_nodes > max_nodes:
        kept = set(sorted(nodes, key=lambda n: (-size[n], n))[:max_nodes])
        edges = edges[edges["entry_a"].isin(kept) & edges["entry_b"].isin(kept)].reset_index(drop=True)
        nodes = sorted(set(edges["entry_a"]) | set(edges["entry_b"]))
        size = {n: size[n] for n in nodes}
    category = _node_categories(pairs, counts, nodes)
    labels = _labels(nodes, gloss, counts)

    apply_house_style()
    if ax is None:
        fig, ax = plt.subplots(figsize=(DOUBLE_COLUMN, DOUBLE_COLUMN * 0.72))
    else:
        fig = ax.figure
    position = _layout(nodes, edges, measure)

    strength = _rescale(edges[measure].to_numpy(dtype=float))
    segments = [(position[a], position[b]) for a, b in zip(edges["entry_a"], edges["entry_b"])]
    ax.add_collection(LineCollection(segments, linewidths=_EDGE_WIDTH[0] + strength * np.ptp(_EDGE_WIDTH),
                                     colors="#8a8a8a", alpha=0.7, zorder=1))

    # The bundled lexicon's categories keep their family colour in every figure;
    # other values are coloured by rank (see colour_scheme).
    colour, legend_rows = colour_scheme([category[n] for n in nodes], [size[n] for n in nodes])
    xy = np.array([position[n] for n in nodes])
    area = _NODE_AREA[0] + np.sqrt(_rescale(np.array([size[n] for n in nodes], dtype=float))) * np.ptp(_NODE_AREA)
    ax.scatter(xy[:, 0], xy[:, 1], s=area, c=[colour[category[n]] for n in nodes],
               edgecolors="white", linewidths=0.6, zorder=2)
    radius = np.sqrt(area) / 2  # points
    ax.set_aspect("equal")
    ax.axis("off")
    ax.margins(0.12)
    ax.autoscale_view()
    fig.canvas.draw()  # labels are placed in screen space, once the limits are final
    # Largest nodes first: when room runs out, the smallest go unlabelled (the caption names them).
    order = sorted(range(len(nodes)), key=lambda i: (-size[nodes[i]], nodes[i]))
    hidden = place_labels(ax, [position[nodes[i]] for i in order], [labels[nodes[i]] for i in order],
                          fontsize=7 if gloss is False else 6.5, obstacles=xy,
                          radii=[radius[i] for i in order])

    handles = [Line2D([], [], marker="o", linestyle="", markersize=6, markerfacecolor=c,
                      markeredgecolor="white", label=label) for label, c in legend_rows]
    legend = ax.legend(handles=handles, title="category", loc="upper left", bbox_to_anchor=(1.0, 1.0),
                       frameon=False, borderaxespad=0.2)
    legend.get_title().set_fontsize(7.5)
    if title:
        fit_title(ax, title)
    unlabelled = [text.split("\n")[0] for text in hidden]  # the entry, without its gloss
    add_caption(fig, f"node area: {size_label}; edge width: {MEASURE_NAMES.get(measure, measure)}; pairs with joint ≥ {min_joint}"
                + (f", top {top}" if top else "")
                + (f"; {len(nodes)} of {all_nodes} entries shown (held by the most units)"
                   if len(nodes) < all_nodes else "")
                + (f"; unlabelled for lack of room: {'; '.join(unlabelled)}" if unlabelled else ""))
    return fig


def _edges(pairs, measure, min_joint, top) -> pd.DataFrame:
    if not isinstance(pairs, pd.DataFrame):
        raise TypeError(f"cooccurrence_network: pairs must be the DataFrame of kit.cooccurrence, "
                        f"got {type(pairs).__name__}")
    needed = ["entry_a", "entry_b", "joint", measure]
    missing = [c for c in needed if c not in pairs.columns]
    if missing:
        raise KeyError(f"cooccurrence_network: pairs has no column {missing}; it has {list(pairs.columns)} "
                       "(pass the table of kit.cooccurrence, measure= one of its score columns)")
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise ValueError(f"cooccurrence_network: top must be a whole number ≥ 1 or None, got {top!r}")
    keep = (pairs["joint"] >= min_joint) & np.isfinite(pairs[measure].to_numpy(dtype=float))
    edges = pairs[keep].sort_values([measure, "entry_a", "entry_b"], ascending=[False, True, True],
                                    kind="mergesort")
    if top is not None:
        edges = edges.head(top)
    if edges.empty:
        raise ValueError(f"cooccurrence_network: no pair has joint ≥ {min_joint} and a finite {measure}; "
                         f"lower min_joint (the largest joint is {int(pairs['joint'].max()) if len(pairs) else 0})")
    return edges.sort_values(["entry_a", "entry_b"], kind="mergesort").reset_index(drop=True)


def _node_sizes(pairs, counts, nodes) -> tuple[dict, str]:
    if counts is not None:
        column = next((c for c in _COUNT_COLUMNS if c in counts.columns), None)
        if "entry" not in counts.columns or column is None:
            raise KeyError(f"cooccurrence_network: counts needs 'entry' and one of {list(_COUNT_COLUMNS)}; "
                           f"it has {list(counts.columns)}")
        values = dict(zip(counts["entry"], counts[column]))
        missing = [n for n in nodes if n not in values]
        if missing:
            raise KeyError(f"cooccurrence_network: counts has no row for {missing[:5]}")
        return {n: float(values[n]) for n in nodes}, column
    for column in ("count_a", "count_b"):
        if column not in pairs.columns:
            raise KeyError(f"cooccurrence_network: pairs has no {column!r}; pass counts= (e.g. kit.count)")
    values = dict(zip(pairs["entry_a"], pairs["count_a"]))
    values.update(zip(pairs["entry_b"], pairs["count_b"]))
    return {n: float(values[n]) for n in nodes}, "units holding the entry"


def _node_categories(pairs, counts, nodes) -> dict:
    if counts is not None and "category" in counts.columns:
        found = dict(zip(counts["entry"], counts["category"].astype(str)))
    elif {"category_a", "category_b"} <= set(pairs.columns):
        found = dict(zip(pairs["entry_a"], pairs["category_a"].astype(str)))
        found.update(zip(pairs["entry_b"], pairs["category_b"].astype(str)))
    else:
        found = {}
    return {n: found.get(n, "—") for n in nodes}


def _labels(nodes, gloss, counts) -> dict:
    if gloss is False or gloss is None:
        return {n: n for n in nodes}
    if gloss is True:
        if counts is None or "gloss" not in counts.columns:
            raise KeyError("cooccurrence_network: gloss=True takes the glosses from counts['gloss']; "
                           "pass counts=kit.count(corpus, lexicon) or gloss={entry: gloss}")
        glosses = dict(zip(counts["entry"], counts["gloss"]))
    elif isinstance(gloss, Mapping):
        glosses = dict(gloss)
    else:
        raise TypeError(f"cooccurrence_network: gloss must be True, False or a mapping, got {type(gloss).__name__}")
    return {n: f"{n}\n{_short(glosses.get(n))}" if _short(glosses.get(n)) else n for n in nodes}


def _short(text, limit: int = 28) -> str:
    if not isinstance(text, str) or not text.strip():
        return ""
    text = text.split("(")[0].strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _rescale(values: np.ndarray) -> np.ndarray:
    """Map values linearly onto [0, 1] (all 1 when they are equal)."""
    low, high = np.min(values), np.max(values)
    if high - low <= 0:
        return np.ones_like(values)
    return (values - low) / (high - low)


def _layout(nodes, edges, measure) -> dict:
    """Spring layout per connected component, components laid out on a grid
    (largest first): a spring layout of the whole graph would push separate
    components to the edges and crowd each into a corner."""
    import networkx as nx  # here, not at the top: most notebooks draw no network (0.13 s to import)

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    weight = 0.1 + 0.9 * _rescale(edges[measure].to_numpy(dtype=float))
    graph.add_weighted_edges_from(zip(edges["entry_a"], edges["entry_b"], weight))
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    # Shelf packing: each component gets a square cell in proportion to its
    # size, largest first, rows as wide as the largest cell allows (a grid of
    # equal cells would squeeze a large component into the room of a pair).
    radii = [0.75 * np.sqrt(len(c)) + 0.5 for c in components]
    # rows about 1.4 times as wide as the packing is tall: the figure is landscape
    row_width = max(4.4 * radii[0], np.sqrt(1.6 * sum((2 * r) ** 2 for r in radii)))
    position, x, y, row_height = {}, 0.0, 0.0, 0.0
    for members, radius in zip(components, radii):
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        centre = np.array([x + radius, y - radius])
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
        if len(members) == 1:
            local = {members[0]: np.zeros(2)}
        elif len(members) == 2:
            local = {members[0]: np.array([-0.5, 0.0]), members[1]: np.array([0.5, 0.0])}
        else:
            # A new graph with its nodes in sorted order: a subgraph view of a
            # small component iterates a set, whose order changes with every
            # process's hash seed, and the seeded layout would change with it.
            sub = nx.Graph()
            sub.add_nodes_from(members)
            sub.add_edges_from(graph.edges(members, data=True))
            # Kamada–Kawai spreads a dense component more evenly than a spring
            # layout and needs no random start; a seeded spring layout starts it.
            start = nx.spring_layout(sub, k=3.0 / np.sqrt(len(members)), weight="weight",
                                     iterations=100, seed=SEED)
            local = nx.kamada_kawai_layout(sub, pos=start, weight=None, scale=radius - 0.5)
        for n in members:
            px, py = centre + np.asarray(local[n], dtype=float)
            position[n] = (round(float(px), 4), round(float(py), 4))
    return position
