"""The legibility check: it finds the collisions a reader sees, and only those."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from kit.plot.layout import layout_problems  # noqa: E402
import pytest  # noqa: E402

from kit.plot.style import add_caption, apply_house_style  # noqa: E402


@pytest.fixture(autouse=True)
def house_style():
    # figures are saved with a tight box, as the kit saves them
    apply_house_style()


def test_two_texts_in_one_place_overlap():
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "获得感")
    ax.text(0.5, 0.5, "幸福感")
    problems = layout_problems(fig)
    assert problems["kind"].tolist() == ["overlap"]
    assert set(problems[["text", "other"]].iloc[0]) == {"获得感", "幸福感"}
    plt.close(fig)


def test_a_caption_under_the_axes_clashes_with_nothing():
    # matplotlib keeps tick objects beyond the view limits (-0.2 and 1.2 here) with stale positions;
    # they are not drawn and must not count as text under the axes
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    add_caption(fig, "3 of 24 documents are in Traditional characters and count apart " * 3)
    assert layout_problems(fig).empty
    plt.close(fig)


def test_an_axes_turned_off_has_no_tick_labels_to_collide():
    fig, axes = plt.subplots(1, 2)
    for ax in axes:
        ax.imshow([[0, 1], [1, 0]], extent=(0, 900, 700, 0))
        ax.set_axis_off()
    fig.text(0.02, 0.5, "word size: frequency on the word’s side " * 3, fontsize=12)
    assert layout_problems(fig).empty
    plt.close(fig)


def test_a_drawn_tick_label_under_a_text_is_still_found():
    fig, ax = plt.subplots()
    ax.set_xlim(0, 1)
    ax.set_xticks([0.5])
    ax.figure.canvas.draw()
    label = ax.xaxis.get_major_ticks()[0].label1
    ax.annotate("覆盖", xy=(0.5, 0), xycoords=label, ha="center", va="bottom",
                annotation_clip=False)
    problems = layout_problems(fig)
    assert "overlap" in problems["kind"].tolist()
    assert set(problems.loc[problems["kind"] == "overlap", ["text", "other"]].iloc[0]) == {"0.5", "覆盖"}
    plt.close(fig)
