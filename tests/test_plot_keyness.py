"""Keyness, trend and word-cloud figures: Figures, deterministic bytes, no boxes for Chinese."""
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kit.fonts import MissingGlyphError
from kit.plot.keyness import keyness_bars, keyness_groups, keyness_scatter, place_labels
from kit.plot.trend import trend_lines
from kit.plot.wordcloud import comparison_cloud

ITEMS = ["群众", "急难愁盼", "久久为功", "治理", "服务", "经济", "改革", "发展", "企业", "国家"]


def keyness_table():
    freq_t = np.array([30, 12, 9, 8, 5, 1, 0, 2, 0, 1])
    freq_r = np.array([10, 0, 1, 9, 6, 40, 30, 25, 12, 9])
    c, d = 2_000, 20_000
    log_ratio = np.log2((np.where(freq_t == 0, 0.5, freq_t) / c) / (np.where(freq_r == 0, 0.5, freq_r) / d))
    table = pd.DataFrame({
        "item": ITEMS, "kind": "token", "freq_target": freq_t, "freq_reference": freq_r,
        "size_target": c, "size_reference": d, "log_ratio": log_ratio,
        "log_ratio_ci_low": log_ratio - 1.0, "log_ratio_ci_high": log_ratio + 1.0,
        "p_adjusted": [0.001, 0.002, 0.01, 0.3, 0.5, 0.001, 0.01, 0.2, 0.04, 0.6],
        "gloss": [None, "pressing worries", "sustained effort", None, None, None, None, None, None, None],
    })
    table.attrs.update({"target": "吕梁日报", "reference": "人民日报"})
    return table


def png_bytes(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def trend_table():
    periods = pd.to_datetime(["1998-01-01", "1998-01-02", "1998-01-03"])
    table = pd.DataFrame({
        "period": list(periods) * 2, "entry": ["改革"] * 3 + ["发展"] * 3,
        "gloss": ["reform"] * 3 + ["development"] * 3,
        "per_10k_chars": [1.0, np.nan, 2.0, 0.5, np.nan, 0.7], "documents": [3, 0, 4] * 2,
    })
    table.attrs["undated_documents"] = 15
    return table


FIGURES = {
    "bars": lambda: keyness_bars(keyness_table(), n=5, gloss=True),
    "scatter": lambda: keyness_scatter(keyness_table(), n_labels=8, gloss=True),
    "groups": lambda: keyness_groups(pd.concat([keyness_table().assign(group="news"),
                                                keyness_table().assign(group="commentary")]), n=4),
    "trend": lambda: trend_lines(trend_table(), gloss=True, title="改革与发展"),
    "cloud": lambda: comparison_cloud(keyness_table(), n=10, alpha=None),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_deterministic_and_glyph_safe(name):
    # the suite turns matplotlib's "Glyph … missing" warning into an error
    first = FIGURES[name]()
    assert isinstance(first, matplotlib.figure.Figure)
    assert png_bytes(first) == png_bytes(FIGURES[name]())


def test_bars_pick_top_positive_and_negative_and_mark_significance():
    fig = keyness_bars(keyness_table(), n=2)
    ax = fig.axes[0]
    # top to bottom: largest Log Ratio first, most negative last
    table = keyness_table().sort_values("log_ratio", ascending=False)
    expected = table["item"].head(2).tolist() + table["item"].tail(2).tolist()
    shown = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    assert shown == expected
    filled = [p.get_facecolor() != (1.0, 1.0, 1.0, 1.0) for p in ax.patches[:4]]
    significant = [p <= 0.05 for p in keyness_table().set_index("item").loc[expected, "p_adjusted"]]
    assert filled == significant
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("not significant" in t for t in legend)
    plt.close(fig)


def test_scatter_labels_do_not_overlap():
    fig = keyness_scatter(keyness_table(), n_labels=10)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labelled = [t for t in ax.texts if t.get_text() in ITEMS]
    # labels go to the significant items only when there are any (six here)
    significant = set(keyness_table().query("p_adjusted <= 0.05")["item"])
    assert {t.get_text() for t in labelled} | set(fig.kit_hidden_labels) == significant
    boxes = [t.get_window_extent(renderer) for t in labelled]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1:])
    plt.close(fig)


def test_place_labels_hides_what_cannot_fit():
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    hidden = place_labels(ax, [(0.5, 0.5)] * 30, [f"标签{i}" for i in range(30)])
    assert 0 < len(hidden) < 30
    plt.close(fig)


def test_cloud_refuses_characters_the_font_lacks():
    table = keyness_table()
    table.loc[0, "item"] = "群众\U0001F600"
    with pytest.raises(MissingGlyphError):
        comparison_cloud(table)


def test_clear_errors():
    with pytest.raises(KeyError, match="log_ratio"):
        keyness_bars(pd.DataFrame({"item": ["群众"]}))
    with pytest.raises(ValueError, match="empty"):
        keyness_scatter(keyness_table().iloc[0:0])
    with pytest.raises(ValueError, match="size_by"):
        comparison_cloud(keyness_table(), size_by="colour")
    with pytest.raises(KeyError, match="documents"):
        trend_lines(pd.DataFrame({"period": [], "entry": [], "per_10k_chars": []}))


def test_group_panels_name_the_size_of_each_side():
    from kit.analysis._keyness import keyness_one_vs_rest
    from kit.corpus import Corpus

    texts = ["群众路线 群众 服务 群众。", "群众 服务 基层 群众。", "经济 发展 经济 增长。", "经济 增长 改革。", "经济 改革 开放。"]
    corpus = Corpus.from_texts(texts, genre=["通讯", "通讯", "评论", "评论", "评论"])
    table = keyness_one_vs_rest(corpus, "genre", min_range=1, min_freq=1)
    fig = keyness_groups(table, n=3)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titles == ["评论 (3 documents) vs rest (2)", "通讯 (2 documents) vs rest (3)"]
    plt.close(fig)


def test_the_rows_drawn_are_top_keywords_with_their_attrs():
    from kit.analysis import top_keywords
    from kit.plot.keyness import drawn_keywords

    table = keyness_table().assign(direction=[1, 1, 1, -1, -1, -1, -1, -1, -1, 1])  # 治理 and 服务 point the wrong way
    table.attrs["min_range_target"] = 2
    expected, drawn = top_keywords(table, 3), drawn_keywords(table, 3)
    pd.testing.assert_frame_equal(drawn, expected)
    assert drawn.attrs == expected.attrs
    assert drawn.attrs["not_drawn"] == {"治理": "Log Ratio against the direction", "服务": "Log Ratio against the direction"}
    assert table.attrs == {"target": "吕梁日报", "reference": "人民日报", "min_range_target": 2}, "the input is untouched"


@pytest.mark.parametrize("rows", [4, 60])
@pytest.mark.parametrize("gloss", [False, True])
def test_keyword_bars_legend_sits_just_under_the_axis_label_however_tall_the_chart(rows, gloss):
    items = [f"词{i}" for i in range(rows)]
    table = pd.DataFrame({"item": items, "kind": "token", "log_ratio": np.linspace(3, -3, rows),
                          "p_adjusted": 0.01, "freq_target": 5, "freq_reference": 5,
                          "gloss": "a gloss" if gloss else None})
    fig = keyness_bars(table, n=rows, gloss=gloss)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    label_bottom = ax.xaxis.label.get_window_extent(renderer).y0
    legend_top = ax.get_legend().get_window_extent(renderer).y1
    gap_points = (label_bottom - legend_top) * 72 / fig.dpi
    plt.close(fig)
    assert 0 <= gap_points <= 12, f"{gap_points:.1f} pt between the axis label and the legend"
