"""Co-occurrence figures: they draw, deterministically, with every glyph."""
import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kit.plot.collocates import collocates_chart
from kit.plot.heatmap import _cluster_order, cooccurrence_heatmap
from kit.plot.network import cooccurrence_network
from kit.plot.style import category_colour, category_legend

matplotlib.use("Agg")

ENTRIES = [("急难愁盼", "民生"), ("获得感", "民生"), ("久久为功", "作风"), ("最后一米", "民生"),
           ("基层治理", "治理"), ("全过程人民民主", "政策"), ("网格化管理", "治理"), ("为民服务", "作风")]


def pairs_table():
    rows = []
    rng = np.random.default_rng(3)
    for i, (a, ca) in enumerate(ENTRIES):
        for b, cb in ENTRIES[i + 1:]:
            (a2, c2), (b2, d2) = sorted([(a, ca), (b, cb)])
            joint = int(rng.integers(0, 6))
            if joint:
                rows.append((a2, b2, c2, d2, joint, 10 + len(a2), 10 + len(b2), float(rng.uniform(6, 13))))
    return pd.DataFrame(rows, columns=["entry_a", "entry_b", "category_a", "category_b", "joint",
                                       "count_a", "count_b", "log_dice"])


def collocates_table():
    words = ["服务", "广大", "人民", "利益", "密切", "联系", "解决", "困难"]
    return pd.DataFrame({"node": "群众", "collocate": words, "joint": range(20, 12, -1),
                         "left": range(10, 2, -1), "right": [10] * 8,
                         "log_dice": np.linspace(10, 7, 8)})


def png_bytes(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


DRAWINGS = {
    "network": lambda: cooccurrence_network(pairs_table(), min_joint=1),
    "network_gloss": lambda: cooccurrence_network(
        pairs_table(), min_joint=2, top=6, gloss={e: f"gloss of {e}" for e, _ in ENTRIES}),
    "heatmap": lambda: cooccurrence_heatmap(pairs_table()),
    "collocates": lambda: collocates_chart(collocates_table(), top=5),
}


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_figure_is_deterministic_and_glyph_safe(name):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")
        first = DRAWINGS[name]()
        assert isinstance(first, matplotlib.figure.Figure)
        second = DRAWINGS[name]()
        assert png_bytes(first) == png_bytes(second)


def test_network_thresholds_and_legend():
    pairs = pairs_table()
    fig = cooccurrence_network(pairs, min_joint=3, top=4)
    ax = fig.axes[0]
    drawn = {t.get_text() for t in ax.texts}
    kept = pairs[pairs["joint"] >= 3].sort_values(["log_dice", "entry_a", "entry_b"],
                                                   ascending=[False, True, True]).head(4)
    assert drawn >= set(kept["entry_a"]) | set(kept["entry_b"])
    assert ax.collections[0].get_segments().__len__() == 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    categories = set(kept["category_a"]) | set(kept["category_b"])
    # the bundled lexicon's categories, one legend row per family, in the families' order
    assert sorted("/".join(legend).replace(" ", "").split("/")) == sorted(categories)
    assert legend == [label for label, _ in category_legend(categories)]
    plt.close(fig)


def test_network_colours_a_category_as_every_figure_does():
    fig = cooccurrence_network(pairs_table(), min_joint=1)
    ax = fig.axes[0]
    nodes = sorted(set(pairs_table()["entry_a"]) | set(pairs_table()["entry_b"]))
    faces = [matplotlib.colors.to_hex(c) for c in ax.collections[1].get_facecolors()]
    category = dict(ENTRIES)
    assert faces == [category_colour(category[n]).lower() for n in nodes]
    plt.close(fig)


def test_network_caption_lists_unlabelled_entries_without_glosses():
    # a cramped figure: some labels find no room, and the caption names them, entries only
    fig, ax = plt.subplots(figsize=(1.6, 1.2))
    fig = cooccurrence_network(pairs_table(), min_joint=1, ax=ax,
                               gloss={e: "a very long gloss that takes room" for e, _ in ENTRIES})
    caption = [t.get_text() for t in fig.texts if "node area" in t.get_text()]
    assert len(caption) == 1
    text = caption[0].replace("\n", " ")
    assert "unlabelled for lack of room: " in text
    listed = text.split("unlabelled for lack of room: ")[1]
    assert "gloss" not in listed and "、" not in listed
    drawn = {t.get_text().split("\n")[0] for t in ax.texts}
    assert {e for e, _ in ENTRIES if e in listed.replace(" ", "")} == {e for e, _ in ENTRIES} - drawn
    plt.close(fig)


def test_network_labels_do_not_overlap():
    fig = cooccurrence_network(pairs_table(), min_joint=1)
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if t.get_text() in dict(ENTRIES)]
    boxes = [t.get_window_extent(renderer) for t in labels]
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert overlaps == []
    plt.close(fig)


def test_network_bad_input():
    with pytest.raises(ValueError, match="lower min_joint"):
        cooccurrence_network(pairs_table(), min_joint=99)
    with pytest.raises(KeyError, match="no column"):
        cooccurrence_network(pairs_table(), measure="g2")
    with pytest.raises(KeyError, match="gloss=True"):
        cooccurrence_network(pairs_table(), gloss=True)


def test_heatmap_is_symmetric_and_clustered():
    fig = cooccurrence_heatmap(pairs_table(), cluster=True)
    ax = fig.axes[0]
    matrix = ax.images[0].get_array()
    assert np.ma.allequal(matrix, matrix.T)
    assert fig.axes[1].get_ylabel() == "logDice"
    assert ax.images[0].get_cmap().name.startswith("cividis")
    plt.close(fig)
    # two tight blocks {A, B} and {C, D}, weakly linked: clustering keeps each block together
    pairs = pd.DataFrame({"entry_a": ["A", "C", "A", "B"], "entry_b": ["B", "D", "C", "D"],
                          "joint": [5, 5, 1, 1], "log_dice": [12.0, 12.0, 2.0, 2.0]})
    order = [list("ABCD")[i] for i in _cluster_order(
        np.array([[np.nan, 12, 2, np.nan], [12, np.nan, np.nan, 2], [2, np.nan, np.nan, 12], [np.nan, 2, 12, np.nan]]))]
    assert {frozenset(order[:2]), frozenset(order[2:])} == {frozenset("AB"), frozenset("CD")}
    fig = cooccurrence_heatmap(pairs, cluster=False)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == list("ABCD")
    plt.close(fig)


def test_collocates_chart_order_and_labels():
    fig = collocates_chart(collocates_table(), top=3)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["人民", "广大", "服务"]  # strongest on top
    assert "20 (L10 R10)" in [t.get_text() for t in ax.texts]
    assert ax.get_title(loc="left") == "Collocates of 群众"
    assert ax.get_xlabel() == "logDice"
    plt.close(fig)
    with pytest.raises(ValueError, match="no collocate"):
        collocates_chart(collocates_table().iloc[:0])


def test_collocates_caption_states_window_and_sides():
    from kit.analysis import collocates
    from kit.corpus import Corpus
    from kit.plot.layout import layout_problems

    corpus = Corpus.from_texts(["服务群众，密切联系群众，为群众解决困难，服务群众。"] * 3)
    table = collocates(corpus, "群众", window=3, min_freq=1, min_joint=2)
    fig = collocates_chart(table)
    caption = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
    assert "within 3 tokens of the node" in caption and "L + R can exceed joint" in caption
    assert "joint ≥ 2" in caption
    assert layout_problems(fig).empty
    plt.close(fig)


NETWORK_SCRIPT = """
import hashlib, io, sys
import matplotlib; matplotlib.use("Agg")
import pandas as pd
from kit.plot import cooccurrence_network
# One large component and two small ones: small components are where a
# subgraph's node order used to follow the hash seed.
rows = [("党建引领", "急难愁盼"), ("党建引领", "最后一米"), ("急难愁盼", "最后一米"), ("党建引领", "赋能"),
        ("跃然纸上", "龙马精神"), ("跃然纸上", "寓意吉祥"), ("龙马精神", "寓意吉祥"),
        ("挥毫泼墨", "翰墨飘香"), ("挥毫泼墨", "笔走龙蛇"), ("笔走龙蛇", "翰墨飘香")]
pairs = pd.DataFrame({"entry_a": [a for a, _ in rows], "entry_b": [b for _, b in rows],
                      "category_a": "党建", "category_b": "党建", "joint": 2, "count_a": 3, "count_b": 3,
                      "log_dice": [10.0 + i / 10 for i in range(len(rows))]})
buffer = io.BytesIO()
cooccurrence_network(pairs, min_joint=1).savefig(buffer, format="png", metadata={"Software": None})
print(hashlib.sha256(buffer.getvalue()).hexdigest())
"""


def test_network_is_the_same_under_any_hash_seed():
    import os
    import subprocess
    import sys

    digests = {
        subprocess.run([sys.executable, "-c", NETWORK_SCRIPT], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1, "the picture must not depend on the process's string hashing"


def test_network_leaders_join_only_labels_that_stand_off_their_node():
    from kit.plot.layout import layout_problems

    fig = cooccurrence_network(pairs_table(), min_joint=1, gloss={e: f"gloss of {e}" for e, _ in ENTRIES})
    labels = [t for t in fig.axes[0].texts if hasattr(t, "kit_marker_radius")]
    assert len(labels) >= 4
    for label in labels:
        gap = float(np.hypot(*label.xyann)) - label.kit_marker_radius  # points beyond the marker's edge
        if label.arrow_patch is not None:
            assert gap > 6, label.get_text()  # no stub of a line on a label that touches its node
        else:
            assert gap <= 6, label.get_text()
    assert layout_problems(fig).empty
    plt.close(fig)
