"""kit.analysis.trend: entries per period on dated fixtures, counted by hand."""
import numpy as np
import pandas as pd
import pytest

from kit.analysis._trend import UndatedDocumentsWarning, choose_period, suggest_period, trend
from kit.corpus import Corpus
from kit.lexicon import Lexicon

LEXICON = Lexicon.from_entries([
    {"phrase": "久久为功", "category": "作风", "gloss": "sustained effort"},
    {"phrase": "急难愁盼", "category": "民生"},
])
TEXTS = ["久久为功。久久为功", "急难愁盼", "要久久为功", "久久为功急难愁盼"]
# lengths by hand: 9, 4, 5, 8 characters
DATES = pd.to_datetime(["2026-01-03", "2026-01-20", "2026-03-02", None])


def corpus():
    return Corpus.from_texts(TEXTS, name="fixture", date=DATES)


def test_monthly_counts_by_hand():
    with pytest.warns(UndatedDocumentsWarning, match="1 of 4 documents"):
        table = trend(corpus(), ["久久为功", "急难愁盼"], period="month", lexicon=LEXICON)
    assert table["period_label"].unique().tolist() == ["2026-01", "2026-02", "2026-03"]
    gong = table[table["entry"] == "久久为功"]
    assert gong["frequency"].tolist() == [2, 0, 1]
    assert gong["documents"].tolist() == [2, 0, 1]
    assert gong["characters"].tolist() == [13, 0, 5]
    np.testing.assert_allclose(gong["per_10k_chars"].to_numpy(), [2 / 13 * 1e4, np.nan, 1 / 5 * 1e4])
    pan = table[table["entry"] == "急难愁盼"]
    assert pan["frequency"].tolist() == [1, 0, 0]
    assert gong["gloss"].iloc[0] == "sustained effort"
    assert table["period"].iloc[0] == pd.Timestamp("2026-01-01")


def test_undated_documents_reported_not_dropped_silently():
    with pytest.warns(UndatedDocumentsWarning):
        table = trend(corpus(), ["久久为功", "急难愁盼"], lexicon=LEXICON)
    assert table.attrs["undated_documents"] == 1
    assert table.attrs["dated_documents"] == 3
    assert table.attrs["undated_characters"] == 8
    assert table.attrs["undated_frequency"] == {"久久为功": 1, "急难愁盼": 1}
    # every occurrence, dated or not: 久久为功 2 + 1 dated and 1 undated, 急难愁盼 1 dated and 1 undated
    assert table.attrs["total_frequency"] == {"久久为功": 4, "急难愁盼": 2}


def test_daily_and_yearly_periods():
    with pytest.warns(UndatedDocumentsWarning):
        daily = trend(corpus(), "久久为功", period="day", lexicon=LEXICON)
    # every day from 3 January to 2 March 2026: 29 + 28 + 2
    assert len(daily) == 59
    assert daily.loc[daily["period_label"] == "2026-01-03", "frequency"].item() == 2
    assert daily["frequency"].sum() == 3
    with pytest.warns(UndatedDocumentsWarning):
        yearly = trend(corpus(), "久久为功", period="year", lexicon=LEXICON)
    assert yearly[["period_label", "frequency", "documents", "characters"]].values.tolist() == [
        ["2026", 3, 3, 18]]


def test_default_entries_are_the_whole_lexicon_and_order_kept():
    c = Corpus.from_texts(TEXTS[:3], date=DATES[:3])
    table = trend(c, ["急难愁盼", "久久为功"], lexicon=LEXICON)
    assert list(dict.fromkeys(table["entry"])) == ["急难愁盼", "久久为功"]
    assert set(trend(c, lexicon=LEXICON)["entry"]) == {"久久为功", "急难愁盼"}


def test_clear_errors():
    with pytest.raises(ValueError, match="period"):
        trend(corpus(), "久久为功", period="week", lexicon=LEXICON)
    with pytest.raises(KeyError, match="not an entry"):
        trend(corpus(), "最后一米", lexicon=LEXICON)
    undated = Corpus.from_texts(TEXTS, date=[pd.NaT] * 4)
    with pytest.raises(ValueError, match="no document"):
        trend(undated, "久久为功", lexicon=LEXICON)
    with pytest.raises(KeyError, match="no column 'day'"):
        trend(corpus(), "久久为功", lexicon=LEXICON, date="day")
    strings = Corpus.from_texts(TEXTS, date=["2026-01-01"] * 4)
    with pytest.raises(TypeError, match="to_datetime"):
        trend(strings, "久久为功", lexicon=LEXICON)


def test_choose_period_needs_three_periods_of_three_documents():
    two_months = pd.to_datetime(["2025-01-05"] * 3 + ["2025-02-05"] * 3 + ["2025-03-05"] * 2)
    choice = choose_period(Corpus.from_texts(["文"] * 8, date=two_months))
    assert choice.period is None
    assert "3 periods with 3 or more documents" in choice.reason
    # three a month, on different days: no day holds three, every month does
    three = pd.to_datetime([f"2025-{month:02d}-{day:02d}" for month in (1, 2, 3) for day in (5, 15, 25)])
    choice = choose_period(Corpus.from_texts(["文"] * 9, date=three))
    assert choice.period == "month" and "3 of 3 months" in choice.reason


def test_choose_period_goes_coarser_when_the_finer_periods_are_thin():
    # a span of two years suggests months, but no month holds three documents; three years do
    dates = pd.to_datetime([f"{year}-{month:02d}-01" for year in (2020, 2021, 2022) for month in (1, 5, 9)])
    corpus = Corpus.from_texts(["文"] * 9, date=dates)
    assert choose_period(corpus).period == "year"
    assert suggest_period(corpus) == "year"


@pytest.mark.parametrize("dates, reason", [
    ([None, None, None], "no document has a date"),
    (["2020-01-01", None], "only one document is dated"),
    (["2020-01-01", "2020-01-01"], "share one date"),
])
def test_choose_period_says_why_there_is_no_trend(dates, reason):
    corpus = Corpus.from_texts(["文"] * len(dates), date=pd.Series(pd.to_datetime(dates)))
    choice = choose_period(corpus)
    assert choice.period is None and reason in choice.reason
    assert suggest_period(corpus) is None


def test_choose_period_counts_only_documents_dated_precisely_enough():
    # nine documents over three months, but six of them dated only to the year: no monthly trend
    dates = pd.to_datetime(["2025-01-05", "2025-02-05", "2025-03-05"] + ["2025-01-01"] * 6)
    corpus = Corpus.from_texts(["文"] * 9, date=dates, date_precision=["day"] * 3 + ["year"] * 6)
    assert choose_period(corpus).period is None
