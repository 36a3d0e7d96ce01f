"""Formulas in time: era profiles, anachronisms and life courses, on hand-made corpora."""
import pandas as pd
import pytest

import kit
from kit.analysis.eras import anachronisms, era_profile, life_course
from kit.corpus import Corpus
from kit.lexicon import Lexicon

LEX = Lexicon.from_entries([
    {"phrase": "实事求是", "category": "理论", "since": "before 1949"},
    {"phrase": "改革开放", "category": "政策", "since": 1978},
    {"phrase": "邓小平理论", "category": "理论", "since": 1997},
    {"phrase": "三个代表", "category": "理论", "since": "c. 2000"},
    {"phrase": "新时代", "category": "理论", "since": 2017},
    {"phrase": "新时代文明实践", "category": "文化", "since": 2018},
    {"phrase": "龙马精神", "category": "四字格"},
])


def test_era_profile_shares_add_up_and_count_each_stretch_once():
    corpus = Corpus.from_texts(["改革开放，改革开放，实事求是。", "新时代文明实践中心，新时代。龙马精神。"])
    table = era_profile(corpus, LEX).set_index("era")
    # counted by hand, leftmost-longest: 改革开放 2, 实事求是 1, 新时代文明实践 1, 新时代 1, 龙马精神 1 (no era)
    assert table.loc["1978–1989", "frequency"] == 2
    assert table.loc["before 1978", "frequency"] == 1
    assert table.loc["2010s", "frequency"] == 2  # 新时代文明实践 (2018) and the 新时代 outside it
    assert table.loc["undated", "frequency"] == 1
    assert table["share"].sum() == pytest.approx(1.0)
    assert list(table.index[:6]) == ["before 1978", "1978–1989", "1990s", "2000s", "2010s", "2020s"]


def test_era_profile_by_group():
    corpus = Corpus.from_texts(["改革开放。", "新时代。新时代。"], year=[1998, 2021])
    table = era_profile(corpus, LEX, by="year")
    shares = table.pivot(index="era", columns="year", values="share")
    assert shares.loc["1978–1989", 1998] == 1.0 and shares.loc["2010s", 2021] == 1.0


def test_anachronisms_respect_the_precision_of_since():
    corpus = Corpus.from_texts(["学习邓小平理论。三个代表。", "三个代表。", "实事求是。新时代。"],
                               date=pd.to_datetime(["1996-05-01", "1998-05-01", "1950-01-01"]))
    table = anachronisms(corpus, LEX, warn=False).set_index("entry")
    # 邓小平理论 (1997) in 1996: before its time; 三个代表 (c. 2000) in 1996 too (two years' grace
    # reach back to 1998), not in 1998; 实事求是 (before 1949) never; 新时代 (2017) in 1950: yes
    assert set(table.index) == {"邓小平理论", "三个代表", "新时代"}
    assert table.loc["三个代表", "occurrences"] == 1 and table.loc["三个代表", "first_year"] == 1996
    with pytest.warns(kit.analysis.AnachronismWarning, match="before they were first put forward"):
        anachronisms(corpus, LEX)


def test_undated_corpora_have_no_anachronisms():
    assert anachronisms(Corpus.from_texts(["新时代。"]), LEX, warn=False).empty


def test_life_course_finds_first_appearance_peak_and_decline():
    texts = ["无关的文字。" * 10, "新时代。" + "无关。" * 9, "新时代。新时代。新时代。" + "无关。" * 7,
             "新时代。" + "无关。" * 9, "无关的文字。" * 10]
    corpus = Corpus.from_texts(texts, date=pd.to_datetime(["2015-06-01", "2017-06-01", "2018-06-01",
                                                          "2019-06-01", "2020-06-01"]))
    course = life_course(corpus, "新时代", LEX, period="year")
    assert (course.attrs["first"], course.attrs["peak"], course.attrs["last"]) == ("2017", "2018", "2019")
    assert course.attrs["since"] == 2017
    # after the peak: the mean rate of 2019 (one occurrence) and 2020 (none) over the peak's rate
    rate = [1 / len(texts[3]), 0.0]
    assert course.attrs["after_peak"] == pytest.approx((sum(rate) / 2) / (3 / len(texts[2])))


def test_era_bars_and_life_course_chart_are_legible():
    from kit.plot.layout import layout_problems

    corpus = Corpus.from_texts(["改革开放。新时代。"] * 3, date=pd.to_datetime(["2016-01-01", "2017-01-01", "2018-01-01"]))
    profile = era_profile(corpus, LEX).assign(corpus="甲")
    fig = kit.plot.era_bars(profile, title="Formulas by era · 甲")
    assert layout_problems(fig).empty
    fig = kit.plot.life_course_chart(life_course(corpus, "新时代", LEX), title="新时代 · 甲")
    assert layout_problems(fig).empty
