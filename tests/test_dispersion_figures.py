"""Dispersion figures read as a researcher reads them: one label per point, barcode rows spent on
documents that have occurrences, and a caption that says what was left out."""
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kit.analysis import occurrence_positions
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.plot import dispersion_plot, dispersion_scatter
from kit.plot.layout import layout_problems

LEXICON = Lexicon.from_entries([
    {"phrase": "党建引领", "category": "党建"},
    {"phrase": "急难愁盼", "category": "民生"},
])


def _caption(fig) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in fig.texts)


def _point_labels(fig) -> list[str]:
    return sorted(t.get_text() for t in fig.axes[0].texts)


def test_labels_of_coincident_points_are_merged():
    table = pd.DataFrame({"entry": ["甲", "乙", "丙", "丁", "戊", "己", "庚"],
                          "frequency": [9, 9, 9, 5, 5, 5, 5], "dp": [0.3, 0.3, 0.3, 0.8, 0.8, 0.8, 0.8]})
    fig = dispersion_scatter(table, label_top=10)
    # entries in order of frequency, then name (乙 < 丙 < 甲 and 丁 < 己 < 庚 < 戊 in code points)
    assert _point_labels(fig) == sorted(["丙, 乙, 甲", "丁, 己 +2 more"])
    assert layout_problems(fig).empty
    plt.close(fig)


def test_points_apart_keep_their_own_labels():
    table = pd.DataFrame({"entry": ["甲", "乙"], "frequency": [9, 9], "dp": [0.3, 0.6]})
    fig = dispersion_scatter(table)
    assert _point_labels(fig) == ["乙", "甲"]
    plt.close(fig)


@pytest.fixture(scope="module")
def positions():
    """Eight documents: 0 and 5 with two occurrences, 3 with one, the rest with none."""
    texts = ["党建引领。急难愁盼。", "无关。", "无关。", "急难愁盼。", "无关。", "党建引领党建引领。", "无关。", "无关。"]
    return occurrence_positions(Corpus.from_texts(texts, titles=[f"文{i}" for i in range(8)]), LEXICON)


def _rows(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def test_truncated_barcode_draws_no_document_without_occurrences(positions):
    fig = dispersion_plot(positions, max_documents=5)
    assert _rows(fig) == ["文0", "文3", "文5"], "three documents have occurrences; the room left is not filled"
    assert "5 of 8 documents not drawn: they have no occurrence" in _caption(fig)
    assert layout_problems(fig).empty
    plt.close(fig)


def test_truncated_barcode_says_which_rule_cut_it(positions):
    fig = dispersion_plot(positions, max_documents=2)
    assert _rows(fig) == ["文0", "文5"]
    caption = _caption(fig)
    assert caption.startswith("6 of 8 documents not drawn: only the 2 with the most occurrences")
    assert "5 of those left out have none" in caption
    plt.close(fig)
    fig = dispersion_plot(positions, max_documents=1)
    caption = _caption(fig)
    assert "only the document with the most occurrences of these entries is" in caption
    assert "1 docs" not in caption and "1 documents" not in caption
    plt.close(fig)


def test_count_column_has_a_header(positions):
    fig = dispersion_plot(positions, max_documents=5)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["2", "1", "2", "hits"]
    renderer = fig.canvas.get_renderer()
    header = ax.texts[-1].get_window_extent(renderer)
    assert header.y0 >= ax.texts[0].get_window_extent(renderer).y1, "the header stands above the column"
    plt.close(fig)


def test_untruncated_barcode_keeps_every_document_and_has_no_caption(positions):
    fig = dispersion_plot(positions)
    assert len(_rows(fig)) == 8 and _caption(fig) == ""
    plt.close(fig)


def test_barcode_of_one_document_is_legible():
    one = occurrence_positions(Corpus.from_texts(["党建引领。急难愁盼。"], titles=["唯一的一篇"]), LEXICON)
    fig = dispersion_plot(one, title="一篇文章")
    assert layout_problems(fig).empty
    plt.close(fig)


def test_truncated_barcode_without_any_occurrence_is_a_clear_error():
    none = occurrence_positions(Corpus.from_texts(["无关。"] * 3), LEXICON)
    with pytest.raises(ValueError, match="nothing to draw"):
        dispersion_plot(none, entries=["党建引领"], max_documents=2)
