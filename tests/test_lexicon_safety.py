"""Lexicon files a hostile or careless user may write: nothing lost, nothing hung.

Duplicate keys, alias bombs, deep nesting, forms that need normalising,
patterns that backtrack catastrophically or carry a global flag.
"""
from __future__ import annotations

import textwrap
import time

import pytest

from kit.analysis import count, find, kwic
from kit.corpus import Corpus
from kit.io import read_corpus
from kit.lexicon import Lexicon, LexiconError, load_lexicon

HEADER = 'version: "1"\nname: {name}\nentries:\n'


def write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def lexicon_file(tmp_path, name: str, entries: str):
    return write(tmp_path, f"{name}.yaml", HEADER.format(name=name) + textwrap.dedent(entries).lstrip("\n"))


# -- keys given twice ---------------------------------------------------------------
def test_two_concatenated_lexicons_are_refused_naming_both_lines(tmp_path):
    a = lexicon_file(tmp_path, "a", "  - {phrase: 久久为功, category: 作风}\n")
    b = lexicon_file(tmp_path, "b", "  - {phrase: 真抓实干, category: 作风}\n")
    joined = tmp_path / "all.yaml"
    joined.write_text(a.read_text(encoding="utf-8") + b.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(joined)
    error = caught.value
    assert error.line == 5  # the second 'version:'
    assert "'version' is given twice (lines 1 and 5)" in error.problem
    assert "load_lexicon([first, second])" in error.problem
    # the fix the message offers works and keeps both files' entries
    assert set(load_lexicon([a, b]).entries["entry"]) == {"久久为功", "真抓实干"}


def test_two_phrases_in_one_entry_are_refused(tmp_path):
    path = lexicon_file(tmp_path, "a", """
      - phrase: 久久为功
        category: 作风
        phrase: 真抓实干
    """)
    with pytest.raises(LexiconError, match=r"line 6: key 'phrase' is given twice in one mapping \(lines 4 and 6\)"):
        load_lexicon(path)


def test_an_error_in_a_second_entries_block_is_reported_at_its_own_line(tmp_path):
    path = write(tmp_path, "two_blocks.yaml", """
        version: "1"
        name: a
        entries:
          - {phrase: 久久为功, category: 作风}
        description: two blocks
        entries:
          - {phrase: 真抓实干, category: 无此类}
    """)
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert caught.value.line == 6
    assert "'entries' is given twice (lines 3 and 6)" in caught.value.problem


def test_merge_keys_may_override_what_they_merge(tmp_path):
    path = lexicon_file(tmp_path, "a", """
      - &first {phrase: 久久为功, category: 作风, source: sample page}
      - <<: *first
        phrase: 真抓实干
    """)
    lex = load_lexicon(path)
    assert lex.entries.set_index("entry")["source"].to_dict() == {"久久为功": "sample page", "真抓实干": "sample page"}


# -- aliases and nesting ---------------------------------------------------------------
BILLION_LAUGHS = """\
version: "1"
name: lol
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
entries:
  - phrase: *h
    category: 作风
"""


@pytest.mark.parametrize("text, problem", [
    (BILLION_LAUGHS, r"aliases \(\*name\) expand to"),
    (HEADER.format(name="loop") + "  - &me {phrase: 久久为功, category: 作风, variants: [*me]}\n",
     "an alias refers to the structure that contains it"),
    (HEADER.format(name="deep") + "  - phrase: " + "[" * 5000 + "\n", "nested more than 64 levels"),
    (HEADER.format(name="deep") + "  - phrase:\n" + "".join(" " * (4 + i) + "- \n" for i in range(200)),
     "nested more than 64 levels"),
], ids=["billion laughs", "recursive alias", "deep brackets", "deep block lists"])
def test_runaway_yaml_is_refused_within_a_second(tmp_path, text, problem):
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(LexiconError, match=problem):
        load_lexicon(path)
    assert time.perf_counter() - start < 1.0


def test_a_few_aliases_stay_allowed(tmp_path):
    path = lexicon_file(tmp_path, "a", """
      - {phrase: 久久为功, category: &style 作风, source: &src widely attested in Party media}
      - {phrase: 真抓实干, category: *style, source: *src}
    """)
    assert load_lexicon(path).entries["category"].tolist() == ["作风", "作风"]


@pytest.mark.parametrize("value, problem", [
    ("since: 2013-02-30", "'2013-02-30' cannot be read as timestamp"),
    ("category: [作风]", "unknown category ['作风']"),
    ("gloss: !!int 0xZZ", "'0xZZ' cannot be read as int"),
    ("gloss: !!int ''", "'' cannot be read as int"),  # found by the fuzz test: an IndexError inside PyYAML
])
def test_values_yaml_cannot_convert_are_reported_at_their_line(tmp_path, value, problem):
    path = lexicon_file(tmp_path, "a", f"""
      - phrase: 久久为功
        category: 作风
    """.replace("category: 作风", value if value.startswith("category") else "category: 作风\n        " + value))
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert problem in caught.value.problem
    assert caught.value.line in (5, 6)


# -- forms are normalised as texts are -------------------------------------------------
def test_fullwidth_and_corner_bracket_forms_match_the_normalised_text(tmp_path):
    lexicon = load_lexicon(lexicon_file(tmp_path, "a", """
      - {phrase: ５Ｇ基站, category: 经济, variants: [５G基站, 5G基站]}
      - {phrase: 「最后一米」, category: 隐喻}
    """))
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(
        "新建５Ｇ基站一百个，打通「最后一米」。\n又建5G基站十个。", encoding="utf-8")
    corpus = read_corpus(tmp_path / "corpus")
    counts = count(corpus, lexicon).set_index("entry")["frequency"].to_dict()
    assert counts == {"5G基站": 2, "“最后一米”": 1}
    # what was changed is there to see
    changed = lexicon.normalized.set_index("written")["form"].to_dict()
    assert changed == {"５Ｇ基站": "5G基站", "５G基站": "5G基站", "「最后一米」": "“最后一米”"}
    assert lexicon.entries.set_index("entry").loc["5G基站", "variants"] == ()  # one form, kept once
    assert lexicon.normalization == corpus.meta["normalization"]


def test_a_lexicon_can_be_normalised_as_a_corpus_was_read(tmp_path):
    pytest.importorskip("opencc")
    path = lexicon_file(tmp_path, "a", "  - {phrase: 獲得感, category: 民生}\n")
    (tmp_path / "t.txt").write_text("群眾的獲得感。", encoding="utf-8")
    corpus = read_corpus(tmp_path / "t.txt", to_simplified=True)
    lexicon = load_lexicon(path, normalization=corpus.meta["normalization"])
    assert find(corpus, lexicon)["entry"].tolist() == ["获得感"]


def test_forms_of_two_entries_that_normalise_alike_are_refused_naming_the_written_forms():
    with pytest.raises(LexiconError, match=r"'5G基站' is how '５Ｇ基站' read once normalised"):
        Lexicon.from_entries([{"phrase": "5G基站", "category": "经济"},
                              {"phrase": "５Ｇ基站", "category": "经济"}])


def test_invisible_characters_in_a_lexicon_form_are_removed():
    lexicon = Lexicon.from_entries([{"phrase": "最后\u00ad一米\u200e", "category": "隐喻"}])
    assert lexicon.protected_phrases() == ["最后一米"]
    assert find(Corpus.from_texts(["打通最后一米"]), lexicon)["entry"].tolist() == ["最后一米"]


# -- patterns ------------------------------------------------------------------------
def pattern_lexicon(pattern: str):
    return Lexicon.from_entries([{"phrase": "模板", "pattern": pattern, "category": "隐喻"}])


def test_a_catastrophic_pattern_is_refused_at_load_with_its_fix(tmp_path):
    path = lexicon_file(tmp_path, "a", r"""
      - phrase: 以X为抓手
        pattern: 以(?:[\u4e00-\u9fff]+)+为抓手
        category: 隐喻
    """)
    start = time.perf_counter()
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert time.perf_counter() - start < 1.0
    assert caught.value.line == 5 and caught.value.entry == "'以X为抓手'"
    assert "could run for hours" in caught.value.problem
    assert r"[\u4e00-\u9fff]{1,20}" in caught.value.problem  # the rewrite it suggests


def test_the_suggested_rewrite_loads_and_counts():
    lexicon = pattern_lexicon(r"以[\u4e00-\u9fff]{1,20}为抓手")
    text = "以党建为抓手，以" + "服务群众" * 7 + "为重点"
    assert count(Corpus.from_texts([text]), lexicon)["frequency"].tolist() == [1]


@pytest.mark.parametrize("pattern", [
    r"以.+为.+的", r"(?:[^，]*，)+", r"(?:[一二]|一二)+", r"(?:[\u4e00-\u9fff]*)*号", r"[^，]+，",
])
def test_other_slow_shapes_are_refused(pattern):
    with pytest.raises(LexiconError, match="could run for hours"):
        pattern_lexicon(pattern)


def test_kwic_refuses_a_catastrophic_regular_expression():
    corpus = Corpus.from_texts(["以服务群众为抓手"])
    with pytest.raises(ValueError, match="could run for hours"):
        kwic(corpus, r"以(?:[\u4e00-\u9fff]+)+为抓手", regex=True)


def test_a_global_inline_flag_is_refused_at_load_not_at_count_time(tmp_path):
    path = lexicon_file(tmp_path, "a", """
      - {phrase: GDP, pattern: '(?i)gdp', category: 经济}
      - {phrase: 久久为功, category: 作风}
    """)
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    assert caught.value.line == 4
    assert "(?i:gdp) rather than (?i)gdp" in caught.value.problem


def test_a_scoped_flag_works_in_every_search():
    lexicon = Lexicon.from_entries([
        {"phrase": "GDP", "pattern": "(?i:gdp)", "category": "经济"},
        {"phrase": "一X一品", "pattern": r"一[\u4e00-\u9fff]一品", "category": "治理"},
    ])
    corpus = Corpus.from_texts(["GDP增长，gdp总量，一村一品。", "Gdp"])
    assert find(corpus, lexicon)["matched"].tolist() == ["GDP", "gdp", "一村一品", "Gdp"]
    assert count(corpus, lexicon).set_index("entry")["frequency"].to_dict() == {"GDP": 3, "一X一品": 1}
    assert kwic(corpus, "GDP", lexicon=lexicon)["node"].tolist() == ["GDP", "gdp", "Gdp"]
