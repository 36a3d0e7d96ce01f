"""The trend chart read as a researcher reads it: legend off the data, short labels that say what is
dated, a time axis that spans the data, gaps where there are no documents, legible on odd input."""
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kit.analysis._trend import UndatedDocumentsWarning, trend
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.plot.layout import layout_problems
from kit.plot.trend import GLOSS_CHARS, short_gloss, trend_lines

WORDS = ["改革开放", "久久为功", "急难愁盼", "党建引领", "最后一米", "新时代",
         "人民群众", "高质量发展", "共同富裕", "一带一路", "脱贫攻坚", "乡村振兴"]
LONG_GLOSS = "a gloss of unusual length that runs on and on (with its explanation in parentheses)"
LEXICON = Lexicon.from_entries([{"phrase": w, "category": "理论", "gloss": f"{LONG_GLOSS} {i}"}
                                for i, w in enumerate(WORDS)])


def _texts(n: int, seed: int = 0) -> list[str]:
    """n short texts, each with three of the entries."""
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(WORDS, 3)) + "其他的文字" for _ in range(n)]


def _dates(n: int, start: str, end: str, seed: int = 0) -> pd.DatetimeIndex:
    rng = np.random.default_rng(seed)
    low, high = pd.Timestamp(start).value // 10**9, pd.Timestamp(end).value // 10**9
    return pd.to_datetime(rng.integers(low, high, n), unit="s").normalize()


def _trend(corpus, entries, period):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndatedDocumentsWarning)
        return trend(corpus, entries, period=period, lexicon=LEXICON)


@pytest.fixture(scope="module")
def monthly_with_undated():
    """Three months of documents, one month empty between them, and two undated documents."""
    dates = pd.Series(pd.to_datetime(["2024-01-05", "2024-01-09", "2024-03-02", "2024-03-20", "2024-04-11",
                                      None, None]))
    texts = ["久久为功。改革开放。", "久久为功。", "改革开放。", "久久为功。", "其他。", "久久为功。", "其他。"]
    return _trend(Corpus.from_texts(texts, date=dates), ["久久为功", "改革开放"], "month")


def _legend_texts(fig):
    legend = next(a.get_legend() for a in fig.axes if a.get_legend() is not None)
    return legend, [t.get_text() for t in legend.get_texts()]


def _caption(fig) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in fig.texts)


def _disjoint(a, b) -> bool:
    return a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


@pytest.mark.parametrize("n_series", [2, 12])
def test_legend_stands_off_the_data(n_series):
    corpus = Corpus.from_texts(_texts(120), date=_dates(120, "2010-01-01", "2016-01-01"))
    fig = trend_lines(_trend(corpus, WORDS[:n_series], "year"), gloss=True)
    renderer = fig.canvas.get_renderer()
    legend, labels = _legend_texts(fig)
    assert len(labels) == n_series
    box = legend.get_window_extent(renderer)
    for ax in fig.axes:  # neither the lines nor the bars of documents are covered
        assert _disjoint(box, ax.get_window_extent(renderer))
    assert layout_problems(fig).empty
    plt.close(fig)


def test_legend_labels_are_short_and_count_what_is_dated(monthly_with_undated):
    fig = trend_lines(monthly_with_undated, gloss=True)
    _, labels = _legend_texts(fig)
    # 久久为功: four occurrences, one in an undated document; 改革开放: both dated
    assert labels == [f"久久为功 ({short_gloss(LONG_GLOSS + ' 1')})\n3 of 4 occurrences dated",
                      f"改革开放 ({short_gloss(LONG_GLOSS + ' 0')})\n2 occurrences"]
    for label in labels:
        gloss = label.split("\n")[0].split(" (", 1)[1][:-1]
        assert len(gloss) <= GLOSS_CHARS and gloss.endswith("…") and "(" not in gloss
    plt.close(fig)


def test_short_gloss_cuts_at_the_first_parenthesis_of_either_width():
    assert short_gloss("sustained effort (a formula of the 2010s)") == "sustained effort"
    assert short_gloss("持续用力（2010年代提法）") == "持续用力"
    assert short_gloss(None) == ""
    cut = short_gloss("x" * 60)
    assert len(cut) == GLOSS_CHARS and cut.endswith("…")


def test_time_axis_spans_the_periods_with_documents(monthly_with_undated):
    fig = trend_lines(monthly_with_undated)
    low, high = fig.axes[0].get_xlim()
    # January (first month with documents) to the end of April (the last)
    assert (mdates.num2date(low).date().isoformat(), mdates.num2date(high).date().isoformat()) == \
        ("2024-01-01", "2024-05-01")
    plt.close(fig)


def test_periods_without_documents_are_gaps_and_the_caption_says_so(monthly_with_undated):
    fig = trend_lines(monthly_with_undated)
    line = fig.axes[0].get_lines()[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 4 and np.isnan(y[1]) and not np.isnan(y[[0, 2, 3]]).any(), "February has no documents"
    caption = _caption(fig)
    assert "1 of 4 months has no documents" in caption
    assert "2 undated documents" in caption
    plt.close(fig)


def test_no_caption_of_gaps_when_every_period_has_documents():
    corpus = Corpus.from_texts(["久久为功。"] * 3, date=pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]))
    fig = trend_lines(_trend(corpus, ["久久为功"], "year"))
    assert "no documents" not in _caption(fig)
    _, labels = _legend_texts(fig)
    assert labels == ["久久为功\n3 occurrences"]
    plt.close(fig)


def _odd_cases():
    many_years = _dates(200, "2000-01-01", "2020-01-01")
    mixed = Corpus.from_texts(_texts(60), date=pd.Series(many_years[:60]),
                              date_precision=["day"] * 40 + ["year"] * 10 + ["month"] * 10)
    undated = Corpus.from_texts(_texts(60), date=pd.Series(list(many_years[:50]) + [pd.NaT] * 10))
    return {
        "12 series, daily over 20 years": (Corpus.from_texts(_texts(200), date=many_years), WORDS, "day"),
        "12 series, monthly over 20 years": (Corpus.from_texts(_texts(200), date=many_years), WORDS, "month"),
        "one document": (Corpus.from_texts(_texts(1), date=pd.to_datetime(["2020-05-01"])), WORDS[:2], "month"),
        "mixed precision": (mixed, WORDS[:4], "month"),
        "undated documents": (undated, WORDS[:4], "month"),
    }


@pytest.mark.parametrize("case", list(_odd_cases()))
def test_legible_on_odd_input(case):
    corpus, entries, period = _odd_cases()[case]
    fig = trend_lines(_trend(corpus, entries, period), gloss=True, title="一个很长的标题 " * 6)
    problems = layout_problems(fig)
    assert problems.empty, problems.to_dict("records")
    ticks = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
    assert len(ticks) >= 1
    plt.close(fig)


def test_daily_ticks_over_many_years_are_more_than_one():
    corpus = Corpus.from_texts(_texts(200), date=_dates(200, "2000-01-01", "2020-01-01"))
    fig = trend_lines(_trend(corpus, WORDS[:2], "day"))
    ax = fig.axes[-1]
    low, high = ax.get_xlim()
    shown = [t.get_text() for t, x in zip(ax.get_xticklabels(), ax.get_xticks()) if low <= x <= high]
    assert len(shown) >= 4, shown
    plt.close(fig)
