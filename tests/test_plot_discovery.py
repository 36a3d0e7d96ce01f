"""Discovery figures: what the bars, shades and texts say, and that they stay legible on odd input."""
import warnings

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kit.analysis.discovery._discover import candidate_dispersion, discover
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.plot.discovery import (
    KIND_COLOURS, KNOWN_LABEL, candidate_barcode, frequency_bins, plural, top_candidates,
)
from kit.plot.layout import layout_problems
from kit.plot.style import OTHER_COLOUR

PAGE = ["该县落实“四双”机制，通过“需求—资源—项目”三清单精准对接，打通服务群众“最后一米”，以党建为引领。",
        "各社区以“一社一品”为抓手。闫强说：“没事儿，习惯了。”打通“最后一米”。"]
LONG = "以党建引领基层治理体系和治理能力现代化建设为抓手全面推进"


@pytest.fixture(scope="module")
def page_table():
    lexicon = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"}])
    return discover(Corpus.from_texts(PAGE), lexicon=lexicon, kinds=["quoted", "numbered", "template"])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def ranked(n, known=(), log_ratio=np.nan, kinds=("quoted", "cohesive"), name="微心愿"):
    """A discover-like table: ``n`` candidates of each kind, rank r has hits 100 − r."""
    rows = [{"kind": kind, "rank": r, "candidate": f"{name}{r}", "hits": 100 - r, "frequency": 100 - r,
             "in_lexicon": r in known, "log_ratio": log_ratio}
            for kind in kinds for r in range(1, n + 1)]
    return pd.DataFrame(rows)


def texts_of(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text()]


def legend_texts(fig) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


def drawn_bars(ax):
    """(label, facecolour as hex, hatch) of an axes' bars, top to bottom."""
    labels = [t.get_text() for t in ax.get_yticklabels()]
    bars = sorted(ax.patches, key=lambda p: p.get_y())
    return [(label, mcolors.to_hex(bar.get_facecolor()), bar.get_hatch())
            for label, bar in zip(labels, bars)][::-1]


# -- top candidates --------------------------------------------------------------
def test_discovery_figures_draw_chinese(page_table):
    c = Corpus.from_texts(PAGE)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing")
        fig = top_candidates(page_table, n=3)
        assert len([ax for ax in fig.axes if ax.axison]) == 3
        fig.canvas.draw()
        fig2 = candidate_barcode(candidate_dispersion(c, page_table))
        fig2.canvas.draw()
    assert [tick.get_text() for tick in fig2.axes[0].get_yticklabels()][0] == page_table["candidate"].iloc[0]
    with pytest.raises(KeyError, match="rank"):
        top_candidates(page_table.drop(columns="rank"))
    with pytest.raises(ValueError, match="empty"):
        top_candidates(page_table.iloc[:0])


def test_candidates_in_the_lexicon_are_grey_hatched_and_in_the_legend():
    fig = top_candidates(ranked(4, known={2}), n=4)
    quoted, cohesive = fig.axes[:2]
    quoted_colour = mcolors.to_hex(KIND_COLOURS["quoted"])
    assert drawn_bars(quoted) == [("微心愿1", quoted_colour, None), ("微心愿2", OTHER_COLOUR.lower(), "////"),
                                  ("微心愿3", quoted_colour, None), ("微心愿4", quoted_colour, None)]
    assert drawn_bars(cohesive)[1][1:] == (OTHER_COLOUR.lower(), "////")
    assert drawn_bars(cohesive)[0][1] == mcolors.to_hex(KIND_COLOURS["cohesive"])
    assert legend_texts(fig) == [KNOWN_LABEL] == ["already in the lexicon"]


def test_no_legend_when_no_candidate_drawn_is_in_the_lexicon():
    # 微心愿5 is in the lexicon but not among the 4 drawn
    fig = top_candidates(ranked(5, known={5}), n=4)
    assert fig.legends == []
    assert all(hatch is None for ax in fig.axes[:2] for _, _, hatch in drawn_bars(ax))


def test_on_the_page_the_known_formula_is_hatched(page_table):
    fig = top_candidates(page_table, n=5)
    quoted = drawn_bars(fig.axes[0])
    assert [hatch for label, _, hatch in quoted if label == "最后一米"] == ["////"]
    assert all(hatch is None for label, _, hatch in quoted if label != "最后一米")


def test_subtitle_says_how_the_bars_are_ordered():
    with_reference = texts_of(top_candidates(ranked(3, log_ratio=4.0), n=3, title="Candidates · 样本"))
    assert any("ordered by novelty against the reference (Log Ratio" in t for t in with_reference)
    assert not any("ordered by hits" in t for t in with_reference)
    without = texts_of(top_candidates(ranked(3).drop(columns="log_ratio"), n=3))
    assert any("ordered by hits" in t for t in without)
    assert not any("novelty" in t for t in without)
    # an all-NaN log_ratio column (discover without a reference) is no reference
    assert any("ordered by hits" in t for t in texts_of(top_candidates(ranked(3), n=3)))


def test_bars_are_drawn_in_rank_order_best_on_top():
    table = ranked(4).sample(frac=1, random_state=3)  # shuffled rows; rank decides
    labels = [t.get_text() for t in top_candidates(table, n=4).axes[0].get_yticklabels()][::-1]
    assert labels == ["微心愿1", "微心愿2", "微心愿3", "微心愿4"]


def test_caption_names_the_dateline_fragments_dropped():
    table = ranked(3)
    table.attrs["datelines"] = {"据新华社": "agency: 新华社", "本报记者": "own paper: 本报"}
    caption = [t for t in texts_of(top_candidates(table, n=3)) if t.startswith("Not shown")]
    assert len(caption) == 1
    assert "2 dateline and byline fragments" in caption[0].replace("\n", " ")
    assert "据新华社、本报记者" in caption[0].replace("\n", "")
    table.attrs["datelines"] = {"据新华社": "agency: 新华社"}
    caption = [t for t in texts_of(top_candidates(table, n=3)) if t.startswith("Not shown")]
    assert "1 dateline or byline fragment " in caption[0].replace("\n", " ")
    table.attrs["datelines"] = {}
    assert not [t for t in texts_of(top_candidates(table, n=3)) if t.startswith("Not shown")]


# -- barcode -----------------------------------------------------------------------
def test_barcode_legend_names_the_shade_of_each_frequency():
    texts = ["微心愿" * k + "。" for k in (0, 1, 2, 3, 5, 6)]
    d = candidate_dispersion(Corpus.from_texts(texts), pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"]}))
    fig = candidate_barcode(d)
    (legend,) = fig.legends
    assert legend.get_title().get_text() == "occurrences in the document"
    assert [t.get_text() for t in legend.get_texts()] == ["0", "1–2", "3", "4–5", "6"]
    # the shade of each cell is the shade its frequency's legend entry shows
    image = fig.axes[0].images[0]
    cells = image.to_rgba(image.get_array())[0]
    swatches = {t.get_text(): mcolors.to_hex(h.get_facecolor()) for t, h in
                zip(legend.get_texts(), legend.legend_handles)}
    expected = ["0", "1–2", "1–2", "3", "4–5", "6"]
    assert [mcolors.to_hex(c) for c in cells] == [swatches[e] for e in expected]
    assert len(set(swatches.values())) == 5


def test_barcode_counts_documents_in_the_singular_and_plural():
    texts = ["微心愿", "微心愿，最后一米", "无"]
    rows = pd.DataFrame({"kind": ["quoted"] * 3, "candidate": ["微心愿", "最后一米", "积分超市"]})
    fig = candidate_barcode(candidate_dispersion(Corpus.from_texts(texts), rows))
    margin = [t.get_text() for t in fig.axes[0].texts]  # the right margin, top to bottom
    assert [t.split(",")[0].strip() for t in margin] == ["2 documents", "1 document", "0 documents"]
    assert not any("docs" in t for t in margin)


def test_barcode_of_one_document_gives_no_dp():
    d = candidate_dispersion(Corpus.from_texts(["微心愿，微心愿"]),
                             pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"]}))
    fig = candidate_barcode(d, title="one document")
    assert " 1 document" in texts_of(fig)
    assert not any("DP" in t for t in texts_of(fig))


@pytest.mark.parametrize("count, noun, expected", [(1, "document", "1 document"), (0, "document", "0 documents"),
                                                   (3, "document", "3 documents")])
def test_plural(count, noun, expected):
    assert plural(count, noun) == expected


@pytest.mark.parametrize("top", range(0, 40))
def test_frequency_bins_cover_every_frequency_once(top):
    bins = frequency_bins(top)
    covered = [v for lo, hi in bins for v in range(lo, hi + 1)]
    assert covered == list(range(1, top + 1))
    assert len(bins) == min(4, top)


# -- legible on odd input ------------------------------------------------------------
def _forty_documents():
    c = Corpus.from_texts([f"第{i}篇。" + "微心愿，" * (i % 7) + "最后一米。" for i in range(40)])
    rows = pd.DataFrame({"kind": ["quoted"] * 30, "candidate": ["最后一米", "微心愿"] + [f"候选{i}" for i in range(28)]})
    return candidate_dispersion(c, rows)


FIGURES = {
    "page bars": lambda t: top_candidates(t, n=12, title="Candidate formulas · 吕梁日报 2026"),
    "page barcode": lambda t: candidate_barcode(candidate_dispersion(Corpus.from_texts(PAGE), t),
                                                title="Where the top candidates occur · 吕梁日报 2026"),
    "30 candidates": lambda t: top_candidates(ranked(30, known={3, 7}, log_ratio=9.0,
                                                     kinds=("quoted", "numbered", "template", "cohesive")),
                                              n=30, title="Candidate formulas · " + "一个很长的语料名称" * 8),
    "long candidates": lambda t: top_candidates(ranked(10, known={1}, name=LONG), n=10),
    "one candidate": lambda t: top_candidates(ranked(1, kinds=("numbered",)), n=1),
    "empty panel": lambda t: top_candidates(ranked(2), n=2, kinds=["quoted", "numbered", "cohesive"]),
    "many datelines": lambda t: top_candidates(ranked(3).pipe(
        lambda x: x.attrs.update(datelines={f"新华社{'北京' * k}": "agency: 新华社" for k in range(40)}) or x), n=3),
    "barcode 40 documents, 30 candidates": lambda t: candidate_barcode(
        _forty_documents(), title="Where · " + "很长的语料名称" * 6),
    "barcode long labels": lambda t: candidate_barcode(
        _forty_documents().query("doc_index < 8"),
        doc_labels=pd.Series([f"第{i}篇关于基层治理的很长的文章标题" for i in range(8)])),
    "barcode long candidate": lambda t: candidate_barcode(candidate_dispersion(
        Corpus.from_texts([LONG, "无"]), pd.DataFrame({"kind": ["cohesive"], "candidate": [LONG]}))),
    "barcode one document": lambda t: candidate_barcode(candidate_dispersion(
        Corpus.from_texts(["微心愿，微心愿"]), pd.DataFrame({"kind": ["quoted"] * 2, "candidate": ["微心愿", LONG]})),
        title="one document"),
    "barcode in a given axes": lambda t: candidate_barcode(
        candidate_dispersion(Corpus.from_texts(PAGE), t), ax=plt.subplots(figsize=(6, 4))[1]),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_figures_are_legible(name, page_table):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a tight layout that cannot be applied is a failure too
        fig = FIGURES[name](page_table)
        problems = layout_problems(fig)
    assert problems.empty, problems.to_string()
