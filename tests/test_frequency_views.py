"""Category totals, occurrence positions, and the charts of notebook 02."""
import io

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kit.analysis import category_totals, count, occurrence_positions
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.plot import count_matrix, dispersion_plot, dispersion_scatter, frequency_bars, word_cloud
from kit.plot.style import category_colour

LEXICON = Lexicon.from_entries([
    {"phrase": "党建引领", "category": "党建"},
    {"phrase": "急难愁盼", "category": "民生"},
    {"phrase": "最后一米", "category": "民生"},
    {"phrase": "久久为功", "category": "作风"},
])
# Positions counted by hand in the first text (21 characters):
# 党建引领 0-3 | 解决 4-5 | 急难愁盼 6-9 | 问题。 10-12 | 坚持 13-14 | 党建引领 15-18 | ，好 19-20;
# 急难愁盼 at 0 of the 5-character second text; the third text has none.
TEXTS = ["党建引领解决急难愁盼问题。坚持党建引领，好", "急难愁盼。", "无关的文字"]


def corpus():
    return Corpus.from_texts(TEXTS, titles=["一", "二", "三"])


def test_category_totals_by_hand():
    table = category_totals(count(corpus(), LEXICON)).set_index("category")
    # 民生: 急难愁盼 2 + 最后一米 0; 党建: 党建引领 2; 作风: 0
    assert table.loc["民生", "frequency"] == 2 and table.loc["民生", "entries"] == 2
    assert table.loc["民生", "entries_found"] == 1
    assert table.loc["党建", "frequency"] == 2 and table.loc["作风", "frequency"] == 0
    assert list(table.index[-1:]) == ["作风"], "sorted by frequency, zeros last"


def test_category_totals_keep_groups():
    c = Corpus.from_texts(TEXTS, genre=["news", "news", "commentary"])
    table = category_totals(count(c, LEXICON, by="genre"))
    news = table[(table["genre"] == "news") & (table["category"] == "民生")]
    assert news["frequency"].tolist() == [2]


def test_occurrence_positions_by_hand():
    table = occurrence_positions(corpus(), LEXICON)
    rows = table[["doc_index", "entry", "start", "relative_position"]].values.tolist()
    assert rows == [[0, "党建引领", 0, 0.0], [0, "急难愁盼", 6, 6 / 21], [0, "党建引领", 15, 15 / 21],
                    [1, "急难愁盼", 0, 0.0]]
    assert table.attrs["documents"]["doc_chars"].tolist() == [21, 5, 5]


def test_occurrence_positions_refuses_unknown_entries():
    with pytest.raises(KeyError, match="不存在"):
        occurrence_positions(corpus(), LEXICON, ["不存在"])


def _png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def test_charts_are_deterministic_figures():
    c = corpus()
    counts = count(c, LEXICON)
    per_doc = count(c, LEXICON, by="doc_id")
    positions = occurrence_positions(c, LEXICON)
    makers = [
        lambda: count_matrix(per_doc),
        lambda: dispersion_plot(positions),
        lambda: dispersion_scatter(counts),
        lambda: word_cloud(counts),
    ]
    for make in makers:
        assert _png(make()) == _png(make())


def test_dispersion_plot_keeps_empty_documents_and_counts_ticks():
    fig = dispersion_plot(occurrence_positions(corpus(), LEXICON))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["一", "二", "三"]
    counts = [t.get_text() for t in fig.axes[0].texts]
    assert counts == ["3", "1", "0", "hits"], "one count per row, under a header"
    plt.close(fig)


def test_word_cloud_lumps_categories_beyond_the_palette():
    table = pd.DataFrame({"entry": [f"词{i}" for i in range(10)], "frequency": range(10, 0, -1),
                          "category": [f"类{i}" for i in range(10)]})
    fig = word_cloud(table)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # six palette colours (yellow is too faint for words on white), then grey for the rest
    assert legend == [f"类{i}" for i in range(6)] + ["other"]
    plt.close(fig)


def test_word_cloud_gives_bundled_categories_their_family_colour():
    table = pd.DataFrame({"entry": ["党建引领", "急难愁盼", "基层治理"], "frequency": [3, 9, 5],
                          "category": ["党建", "民生", "治理"]})
    fig = word_cloud(table)
    legend = fig.axes[0].get_legend()
    rows = {t.get_text(): matplotlib.colors.to_hex(h.get_facecolor())
            for t, h in zip(legend.get_texts(), legend.legend_handles)}
    assert rows == {c: category_colour(c).lower() for c in ("党建", "民生", "治理")}
    plt.close(fig)


def test_empty_inputs_are_clear_errors():
    zero = count(Corpus.from_texts(["无关"]), LEXICON)
    with pytest.raises(ValueError, match="nothing to draw"):
        count_matrix(count(Corpus.from_texts(["无关"]), LEXICON, by="doc_id"))
    with pytest.raises(ValueError, match="positive"):
        word_cloud(zero)


def test_word_cloud_of_every_lexicon_entry_has_its_glyphs():
    """Issue 8: every lexicon entry a cloud may draw has its glyphs in the
    kit's font, and a word the font cannot draw stops the cloud."""
    from kit.fonts import MissingGlyphError, resolve_cjk_font
    from kit.lexicon import load_lexicon

    entries = load_lexicon().entries
    literal = entries[~entries["is_pattern"]]
    assert resolve_cjk_font().missing("".join(literal["entry"])) == []
    table = pd.DataFrame({"entry": literal["entry"], "frequency": range(len(literal), 0, -1),
                          "category": literal["category"]})
    plt.close(word_cloud(table, n=len(table)))
    bad = pd.DataFrame({"entry": ["党建\U00013000"], "frequency": [1], "category": ["党建"]})
    with pytest.raises(MissingGlyphError):
        word_cloud(bad)


@pytest.mark.parametrize("value,expected", [("frequency", "counted: every occurrence"),
                                            ("frequency_longest", "counted: leftmost-longest")])
def test_count_figures_say_which_count_they_draw(value, expected):
    lexicon = Lexicon.from_entries([{"phrase": "新时代", "category": "理论"},
                                    {"phrase": "新时代文明实践", "category": "治理"}])
    corpus = Corpus.from_texts(["新时代文明实践中心。新时代。", "新时代文明实践站。"])
    table = count(corpus, lexicon)
    assert dict(zip(table["entry"], table["frequency"]))["新时代"] == 3
    assert dict(zip(table["entry"], table["frequency_longest"]))["新时代"] == 1
    for fig in (frequency_bars(table, value=value), word_cloud(table, weight=value, colour_by=None)):
        captions = [t.get_text().replace("\n", " ") for t in fig.texts]
        assert sum(c.startswith(expected) or expected in c for c in captions) == 1, captions
        plt.close(fig)


def test_token_frequency_figures_need_no_counting_rule():
    table = pd.DataFrame({"token": ["群众", "发展"], "frequency": [5, 3]})
    fig = frequency_bars(table, label="token")
    assert not [t for t in fig.texts if "counted" in t.get_text()]
    plt.close(fig)
