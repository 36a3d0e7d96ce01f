"""The lexicon: the bundled file, validation errors (file, line, entry), merging, hash."""
from __future__ import annotations

import re
import textwrap

import pytest

from kit.lexicon import (
    CATEGORIES,
    Lexicon,
    LexiconError,
    LexiconOverrideWarning,
    bundled_lexicon_path,
    load_lexicon,
)


def write(tmp_path, body: str, name: str = "lex.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


# after lstrip, lines 1-4 are the header: the first entry starts on line 5
HEADER = """
version: "1"
name: test
description: a test lexicon
entries:
"""


# -- the bundled lexicon -----------------------------------------------------
def test_bundled_lexicon_is_large_documented_and_categorised():
    lex = load_lexicon()
    assert len(lex) >= 600
    assert lex.name == "formulaic" and lex.version
    assert set(lex.categories) <= set(CATEGORIES)
    assert (lex.entries["gloss"].str.len() > 0).all()
    assert (lex.entries["source"].str.len() > 0).all()
    assert list(lex.entries.columns[:10]) == [
        "entry", "category", "variants", "gloss", "source", "since", "since_precision", "until",
        "era", "is_pattern"]


def test_bundled_lexicon_holds_the_page_and_genre_formulas():
    entries = set(load_lexicon().entries["entry"])
    wanted = {
        "党建引领", "急难愁盼", "最后一米", "同频共振", "提质增效", "共建共治共享", "第一议题",
        "一站一品", "一社一品", "逢十议事", "微心愿", "积分超市", "久久为功", "赋能", "减负赋能",
        "沉底扎根", "最后一公里", "获得感、幸福感、安全感", "不忘初心、牢记使命", "四个意识",
        "两个维护", "绿水青山就是金山银山", "放管服", "乡村振兴", "共同富裕", "高质量发展",
        "人民至上", "守正创新", "担当作为", "真抓实干", "以人民为中心", "撸起袖子加油干",
        "一张蓝图绘到底", "钉钉子精神", "打通…最后一公里",
    }
    assert wanted <= entries


def test_last_kilometre_is_its_own_entry_not_a_variant_of_last_metre():
    lex = load_lexicon()
    forms = lex.literal_forms()
    assert forms["最后一公里"] == "最后一公里"
    assert forms["最后一米"] == "最后一米"


def test_bundled_variants_and_patterns():
    lex = load_lexicon().entries.set_index("entry")
    assert "获得感、幸福感和安全感" in lex.loc["获得感、幸福感、安全感", "variants"]
    assert lex.loc["一X一品", "is_pattern"]
    assert re.fullmatch(lex.loc["一X一品", "pattern"], "一村一品")
    assert not lex.loc["急难愁盼", "is_pattern"]


def test_entry_lines_point_at_the_entry_in_the_file():
    lex = load_lexicon()
    lines = bundled_lexicon_path().read_text(encoding="utf-8").splitlines()
    for row in lex.entries.sample(20, random_state=0).itertuples():
        assert lines[row.line - 1].strip() == f"- phrase: {row.entry}" or (
            row.entry in lines[row.line - 1])


def test_protected_phrases_are_sorted_literal_forms_without_patterns():
    lex = load_lexicon()
    phrases = lex.protected_phrases()
    assert phrases == sorted(phrases)
    assert "获得感、幸福感和安全感" in phrases  # a variant
    assert "最后一米" in phrases
    assert "一X一品" not in phrases and "打通…最后一公里" not in phrases
    n_literal_forms = sum(
        1 + len(r.variants) for r in lex.entries.itertuples() if not r.is_pattern)
    assert len(phrases) == n_literal_forms


# -- the bundled lexicon across eras ------------------------------------------
#: The fewest entries each era of the bundled lexicon must hold, so that counts
#: over texts of any decade since 1949 have formulas of their own time to find.
ERA_MINIMUM = {
    "before 1978": 100, "1978–1989": 100, "1990s": 90,
    "2000s": 100, "2010s": 200, "2020s": 60,
}


@pytest.fixture(scope="module")
def bundled():
    return load_lexicon()


def test_every_bundled_entry_is_dated_sourced_glossed_and_categorised(bundled):
    entries = bundled.entries
    assert len(entries) >= 600
    for column in ("gloss", "source", "category"):
        assert (entries[column].str.strip().str.len() > 0).all(), column
    assert entries["since"].notna().all(), entries.loc[entries["since"].isna(), "entry"].tolist()
    assert entries["since"].between(1949, 2026).all(), entries.loc[
        ~entries["since"].between(1949, 2026), ["entry", "since"]]
    assert set(entries["since_precision"]) == {"year", "circa", "before"}
    until = entries.dropna(subset=["until"])
    assert len(until) >= 10 and (until["until"] >= until["since"]).all()


def test_each_era_holds_its_minimum_of_entries(bundled):
    per_era = bundled.entries["era"].value_counts()
    short = {era: int(per_era.get(era, 0)) for era, least in ERA_MINIMUM.items()
             if per_era.get(era, 0) < least}
    assert not short, f"eras below their minimum: {short}"


def test_sources_say_nothing_about_how_the_lexicon_was_drafted(bundled):
    text = " ".join(bundled.entries["source"]).lower()
    for word in ("sidecar", "unverified", "pd1998", "pd jan", "todo"):
        assert word not in text


def test_everyday_formulas_of_news_prose_are_entries(bundled):
    entries = set(bundled.entries["entry"])
    assert {"人民群众", "改革开放", "幸福感", "安全感", "获得感、幸福感、安全感"} <= entries
    assert bundled.entries.set_index("entry").loc["改革开放", "era"] == "1978–1989"


def test_three_senses_in_another_order_are_one_entry(bundled):
    forms = bundled.literal_forms()
    for order in ("安全感、获得感、幸福感", "幸福感、获得感和安全感", "获得感安全感幸福感"):
        assert forms[order] == "获得感、幸福感、安全感"
    # the single senses stay entries of their own
    assert forms["幸福感"] == "幸福感" and forms["安全感"] == "安全感"


def test_two_upholds_with_and_without_quotes_count_as_one_entry(bundled):
    import kit
    from kit.corpus import Corpus

    forms = bundled.literal_forms()
    assert forms["做到“两个维护”"] == forms["两个维护"] == "两个维护"
    corpus = Corpus.from_texts(["全党要做到“两个维护”。", "坚决做到两个维护，增强四个意识。"])
    counts = kit.count(corpus, bundled).set_index("entry")["frequency"]
    assert counts["两个维护"] == 2
    assert counts["四个意识"] == 1


def test_no_form_belongs_to_two_entries(bundled):
    literal = bundled.entries[~bundled.entries["is_pattern"]]
    all_forms = [f for r in literal.itertuples() for f in (r.entry, *r.variants)]
    assert len(all_forms) == len(set(all_forms)) == len(bundled.literal_forms())
    labels = bundled.entries["entry"].tolist()
    assert len(labels) == len(set(labels))


def test_numbered_plans_are_matched_as_printed_not_inside_years(bundled):
    import kit
    from kit.corpus import Corpus

    forms = bundled.literal_forms()
    assert forms["“九五”计划"] == forms["“九五”"] == "九五计划"
    assert "九五" not in forms and "十五" not in forms and "三通" not in forms
    corpus = Corpus.from_texts([
        "一九九五年，“九五”计划开局。“八五”和“九五”期间投资建设。",
        "工地实现三通一平；两岸“三通”。",
    ])
    counts = kit.count(corpus, bundled).set_index("entry")["frequency"]
    assert counts["九五计划"] == 2 and counts["八五计划"] == 1
    assert counts["两岸三通"] == 1


def test_chinese_style_modernisation_of_1979_and_2021_are_two_entries(bundled):
    entries = bundled.entries.set_index("entry")
    assert entries.loc["中国式的现代化", "since"] == 1979
    assert entries.loc["中国式现代化", "since"] == 2021
    assert "中国式现代化" not in entries.loc["中国式的现代化", "variants"]


# -- the hash ----------------------------------------------------------------
def test_hash_is_stable_and_depends_on_content_only(tmp_path):
    a = write(tmp_path, HEADER + """
      - {phrase: 久久为功, category: 作风, gloss: persist}
      - {phrase: 急难愁盼, category: 民生}
    """.replace("\n      -", "\n  -"), "a.yaml")
    b = write(tmp_path, HEADER + """
      - {phrase: 急难愁盼, category: 民生}

      - {phrase: 久久为功, category: 作风, gloss: persist}
    """.replace("\n      -", "\n  -"), "b.yaml")
    ha, hb = load_lexicon(a).hash, load_lexicon(b).hash
    assert re.fullmatch(r"[0-9a-f]{64}", ha)
    assert ha == hb == load_lexicon(a).hash
    changed = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风", "gloss": "persist"},
                                    {"phrase": "急难愁盼", "category": "治理"}])
    assert changed.hash != ha
    assert load_lexicon().hash == load_lexicon().hash


# -- malformed files ---------------------------------------------------------
def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, HEADER + '  - phrase: 急难愁盼\n    category: [民生\n')
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert str(path) in str(err.value)
    assert err.value.line is not None and err.value.line >= 6
    assert "YAML" in str(err.value)


def test_entry_without_phrase_names_its_line(tmp_path):
    path = write(tmp_path, HEADER + """\
  - phrase: 急难愁盼
    category: 民生
  - category: 民生
    gloss: no phrase here
""")
    with pytest.raises(LexiconError, match=r"line 7.*entry #2.*no phrase") as err:
        load_lexicon(path)
    assert err.value.file == str(path) and err.value.line == 7


def test_unknown_category_names_line_and_entry(tmp_path):
    path = write(tmp_path, HEADER + """\
  - phrase: 急难愁盼
    category: 民生
  - phrase: 久久为功
    gloss: persist
    category: 成功学
""")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert err.value.line == 9  # the line of the category key
    assert "久久为功" in str(err.value) and "成功学" in str(err.value)
    assert str(path) in str(err.value)


def test_bad_regular_expression(tmp_path):
    path = write(tmp_path, HEADER + """\
  - phrase: 一X一品
    pattern: 一[一品
    category: 党建
""")
    with pytest.raises(LexiconError, match="bad regular expression") as err:
        load_lexicon(path)
    assert err.value.line == 6 and "一X一品" in err.value.entry


def test_pattern_with_capturing_group_or_empty_match_is_refused(tmp_path):
    with pytest.raises(LexiconError, match="capturing group"):
        Lexicon.from_entries([{"phrase": "x", "pattern": "(一)品", "category": "党建"}])
    with pytest.raises(LexiconError, match="empty string"):
        Lexicon.from_entries([{"phrase": "x", "pattern": "一*", "category": "党建"}])
    with pytest.raises(LexiconError, match="empty string"):  # empty after a quotation mark
        Lexicon.from_entries([{"phrase": "x", "pattern": "(?<=“)一?", "category": "党建"}])
    with pytest.raises(LexiconError, match="anchor"):
        Lexicon.from_entries([{"phrase": "x", "pattern": "^一[^，]品", "category": "党建"}])
    # a ^ inside a character class is no anchor
    Lexicon.from_entries([{"phrase": "x", "pattern": "打通[^，。]最后", "category": "隐喻"}])


def test_duplicate_phrase_names_both_lines(tmp_path):
    path = write(tmp_path, HEADER + """\
  - phrase: 急难愁盼
    category: 民生
  - phrase: 久久为功
    category: 作风
  - phrase: 急难愁盼
    category: 治理
""")
    with pytest.raises(LexiconError, match="duplicate phrase") as err:
        load_lexicon(path)
    assert err.value.line == 9
    assert "line 5" in str(err.value)  # where it was first defined


def test_variant_belonging_to_two_entries_is_refused(tmp_path):
    path = write(tmp_path, HEADER + """\
  - phrase: 最后一米
    category: 民生
  - phrase: 最后一公里
    category: 隐喻
    variants: [最后一米]
""")
    with pytest.raises(LexiconError, match="also belongs to entry '最后一米'"):
        load_lexicon(path)


def test_unknown_key_and_missing_top_level(tmp_path):
    typo = write(tmp_path, HEADER + "  - phrase: 急难愁盼\n    category: 民生\n    varients: [x]\n")
    with pytest.raises(LexiconError, match="unknown key.*varients") as err:
        load_lexicon(typo)
    assert err.value.line == 7
    no_entries = write(tmp_path, 'version: "1"\nname: x\n', "b.yaml")
    with pytest.raises(LexiconError, match="missing top-level key 'entries'"):
        load_lexicon(no_entries)
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_lexicon(tmp_path / "absent.yaml")


def test_lexicon_error_is_a_value_error():
    assert issubclass(LexiconError, ValueError)


# -- merging -----------------------------------------------------------------
def test_list_of_paths_merges_later_overriding_earlier(tmp_path):
    base = write(tmp_path, HEADER + """\
  - phrase: 赋能
    category: 治理
  - phrase: 急难愁盼
    category: 民生
""", "base.yaml")
    mine = write(tmp_path, HEADER + """\
  - phrase: 赋能
    category: 隐喻
    gloss: empower (my reading)
  - phrase: 微心愿
    category: 民生
""", "mine.yaml")
    with pytest.warns(LexiconOverrideWarning, match="赋能"):
        lex = load_lexicon([base, mine])
    table = lex.entries.set_index("entry")
    assert sorted(table.index) == ["微心愿", "急难愁盼", "赋能"]
    assert table.loc["赋能", "category"] == "隐喻"
    assert table.loc["赋能", "replaces"] == f"{base}, line 5"
    assert table.loc["急难愁盼", "replaces"] == ""
    assert len(lex.overrides) == 1 and str(mine) in lex.overrides[0]


def test_merge_refuses_a_form_shared_by_two_entries():
    a = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"}])
    b = Lexicon.from_entries([{"phrase": "最后一公里", "category": "隐喻", "variants": ["最后一米"]}])
    with pytest.raises(LexiconError, match="also belongs"):
        a.merge(b)


def test_select_by_entry_or_variant():
    lex = load_lexicon()
    assert lex.select("获得感、幸福感和安全感").entries["entry"].tolist() == ["获得感、幸福感、安全感"]
    with pytest.raises(KeyError, match="not an entry"):
        lex.select("不存在的提法")


# -- since, until and eras ------------------------------------------------------
@pytest.mark.parametrize("value, year, precision", [
    (2013, 2013, "year"), ("c. 2013", 2013, "circa"), ("circa 1992", 1992, "circa"),
    ("before 1949", 1949, "before"),
])
def test_since_is_read_with_its_precision(value, year, precision):
    lex = Lexicon.from_entries([{"phrase": "新时代", "category": "党建", "since": value}])
    row = lex.entries.iloc[0]
    assert (row["since"], row["since_precision"]) == (year, precision)


@pytest.mark.parametrize("since, until, problem", [
    ("2013?", None, "since must be a year"),
    (True, None, "since must be a year"),
    (1066, None, "not a plausible year"),
    (2013, 2010, "before since"),
    (2013, "2020", "until must be a year"),
])
def test_bad_since_or_until_is_refused(since, until, problem):
    entry = {"phrase": "新时代", "category": "党建", "since": since}
    if until is not None:
        entry["until"] = until
    with pytest.raises(LexiconError, match=problem):
        Lexicon.from_entries([entry])


def test_era_follows_since_and_is_empty_without_it():
    lex = Lexicon.from_entries([
        {"phrase": "改革开放", "category": "政策", "since": 1978},
        {"phrase": "三个代表", "category": "理论", "since": 2000},
        {"phrase": "新时代", "category": "党建", "since": 2017},
        {"phrase": "龙马精神", "category": "四字格"},
    ])
    eras = dict(zip(lex.entries["entry"], lex.entries["era"]))
    assert eras == {"改革开放": "1978–1989", "三个代表": "2000s", "新时代": "2010s", "龙马精神": ""}
    assert lex.entries["since"].isna().sum() == 1


def test_since_changes_the_hash_and_absent_since_does_not():
    plain = Lexicon.from_entries([{"phrase": "新时代", "category": "党建"}])
    dated = Lexicon.from_entries([{"phrase": "新时代", "category": "党建", "since": 2017}])
    again = Lexicon.from_entries([{"phrase": "新时代", "category": "党建"}])
    assert plain.hash == again.hash != dated.hash


def test_each_entry_is_the_selection_of_that_entry():
    import pandas as pd

    lex = load_lexicon()
    each = lex.each_entry()
    assert list(each) == lex.entries["entry"].tolist()
    # every 25th entry, and those with forms normalised on loading (Traditional to Simplified)
    normalised = set(lex.normalized["entry"])
    assert normalised, "the bundled lexicon should have normalised forms to check"
    checked = set(lex.entries["entry"].iloc[::25]) | normalised
    for entry in sorted(checked):
        one, chosen = each[entry], lex.select(entry)
        pd.testing.assert_frame_equal(one.entries, chosen.entries)
        pd.testing.assert_frame_equal(one.normalized, chosen.normalized, check_index_type=False)
        assert one.hash == chosen.hash and one.normalization == chosen.normalization
