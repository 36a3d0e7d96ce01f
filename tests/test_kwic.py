"""KWIC concordances: windows, nodes, AntConc-style sorting, HTML display, CSV."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from kit.analysis import Concordance, kwic
from kit.corpus import Corpus
from kit.lexicon import Lexicon, load_lexicon
from kit.paths import data_dir

PAGE = data_dir() / "raw" / "lvliang-daily-2026-01-page.md"


def test_char_window_and_columns():
    corpus = Corpus.from_texts(["打通服务群众“最后一米”，托起幸福。", "最后一米"])
    table = kwic(corpus, "最后一米", window=4)
    assert isinstance(table, Concordance) and isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["doc_id", "field", "start", "end", "left", "node", "right"]
    assert table[["left", "node", "right"]].values.tolist() == [
        ["务群众“", "最后一米", "”，托起"],
        ["", "最后一米", ""],  # at both edges of a document: no context
    ]
    assert table["start"].tolist() == [7, 0] and table["end"].tolist() == [11, 4]


def test_sample_page_concordance_of_an_entry():
    corpus = Corpus.from_texts([PAGE.read_text(encoding="utf-8")])
    table = kwic(corpus, "急难愁盼", window=4)
    # by reading the page: 靶向解决群众急难愁盼。 / 电梯维护等群众急难愁盼问题125个 /
    # 工作中的急难愁盼。
    assert table["left"].tolist() == ["解决群众", "护等群众", "工作中的"]
    assert table["right"].str[:1].tolist() == ["。", "问", "。"]


def test_lexicon_entry_brings_its_variants():
    corpus = Corpus.from_texts([PAGE.read_text(encoding="utf-8")])
    table = kwic(corpus, "获得感、幸福感、安全感", lexicon=load_lexicon(), window=3)
    assert table["node"].tolist() == ["获得感、幸福感和安全感"]
    assert table["left"].tolist() == ["群众的"]


def test_regex_node():
    corpus = Corpus.from_texts(["一站一品，一社一品，一村一品"])
    table = kwic(corpus, "一.一品", regex=True, window=1)
    assert table["node"].tolist() == ["一站一品", "一社一品", "一村一品"]
    with pytest.raises(ValueError, match="bad regular expression"):
        kwic(corpus, "一[", regex=True)


def test_literal_is_not_a_regex():
    corpus = Corpus.from_texts(["1+4+N 与 14N"])
    assert kwic(corpus, "1+4+N")["node"].tolist() == ["1+4+N"]


def test_sort_by_left_and_right_context():
    # nodes 赋能 with hand-chosen contexts
    corpus = Corpus.from_texts(["甲乙赋能丙丁", "乙甲赋能丁乙", "丙甲赋能丙甲"])
    # code points: 丁 U+4E01 < 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532
    right1 = kwic(corpus, "赋能", window=2, sort="1R")
    # 1R: 丁 (doc 2) < 丙 (docs 1 and 3; then 2R: 丁 < 甲)
    assert right1["right"].tolist() == ["丁乙", "丙丁", "丙甲"]
    left1 = kwic(corpus, "赋能", window=2, sort="1L")
    # 1L: 乙 (doc 1) < 甲 (docs 2 and 3; then 2L: 丙 < 乙)
    assert left1["left"].tolist() == ["甲乙", "丙甲", "乙甲"]
    left2 = kwic(corpus, "赋能", window=2, sort="2L")
    # 2L: 丙 (doc 3) < 乙 (doc 2) < 甲 (doc 1)
    assert left2["left"].tolist() == ["丙甲", "乙甲", "甲乙"]
    both = kwic(corpus, "赋能", window=2, sort=["2R", "1L"])
    # 2R: 丁 (doc 1) < 乙 (doc 2) < 甲 (doc 3)
    assert both["doc_id"].tolist() == [corpus.docs["doc_id"][i] for i in (0, 1, 2)]
    with pytest.raises(ValueError, match="sort key"):
        kwic(corpus, "赋能", sort="L1")


def test_sort_puts_missing_context_first_and_keeps_ties_in_corpus_order():
    corpus = Corpus.from_texts(["赋能", "甲赋能", "甲赋能"])
    table = kwic(corpus, "赋能", window=1, sort="1L")
    assert table["doc_id"].tolist() == list(corpus.docs["doc_id"])


def test_line_breaks_become_spaces_in_contexts():
    corpus = Corpus.from_texts(["推\n动久久为功\n的"])
    table = kwic(corpus, "久久为功", window=3)
    assert table.loc[0, "left"] == "推 动" and table.loc[0, "right"] == " 的"


def test_html_escapes_and_highlights():
    corpus = Corpus.from_texts(['<b>甲&乙</b>最后一米<script>"x"</script>'])
    html = kwic(corpus, "最后一米", window=20)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;甲&amp;乙&lt;/b&gt;" in html
    assert "font-weight:bold" in html and "最后一米</td>" in html
    assert "text-align:right" in html


def test_html_notes_truncation_and_empty():
    corpus = Corpus.from_texts(["赋能" * 5])
    table = kwic(corpus, "赋能", window=1)
    assert "3 of 5 lines shown" in table.to_html_lines(max_rows=3)
    assert "No occurrences" in kwic(corpus, "急难愁盼")._repr_html_()


def test_to_csv_is_a_plain_table():
    corpus = Corpus.from_texts(["打通“最后一米”"])
    buffer = io.StringIO()
    kwic(corpus, "最后一米", window=2).to_csv(buffer, index=False)
    assert buffer.getvalue().splitlines() == [
        "doc_id,field,start,end,left,node,right", "corpus-0001,text,3,7,通“,最后一米,”"]


def test_token_window_and_sort():
    corpus = Corpus.from_texts(["打通服务群众最后一米。", "我们打通最后一米！"])
    ids = list(corpus.docs["doc_id"])
    tokens = pd.DataFrame({
        "doc_id": [ids[0]] * 5 + [ids[1]] * 4,
        "token": ["打通", "服务", "群众", "最后一米", "。", "我们", "打通", "最后一米", "！"],
        "start": [0, 2, 4, 6, 10, 0, 2, 4, 8],
        "end": [2, 4, 6, 10, 11, 2, 4, 8, 9],
    })
    table = kwic(corpus, "最后一米", window=2, unit="token", tokens=tokens)
    assert table["left"].tolist() == ["服务 群众", "我们 打通"]
    assert table["right"].tolist() == ["。", "！"]
    # 1L: 打通 (doc 2) before 群众 (doc 1): 打 U+6253 < 群 U+7FA4
    assert kwic(corpus, "最后一米", window=2, unit="token", tokens=tokens,
                sort="1L")["doc_id"].tolist() == [ids[1], ids[0]]
    with pytest.raises(ValueError, match="needs tokens"):
        kwic(corpus, "最后一米", unit="token")


def test_bad_arguments():
    corpus = Corpus.from_texts(["久久为功"])
    with pytest.raises(ValueError, match="unit"):
        kwic(corpus, "久久为功", unit="word")
    with pytest.raises(ValueError, match="window"):
        kwic(corpus, "久久为功", window=-1)
    with pytest.raises(KeyError, match="not an entry"):
        kwic(corpus, "久久为功", lexicon=Lexicon.from_entries([{"phrase": "赋能", "category": "隐喻"}]))


def test_a_selection_of_columns_still_displays():
    from kit.analysis import kwic as make_kwic
    from kit.corpus import Corpus

    lines = make_kwic(Corpus.from_texts(["解决群众急难愁盼问题。"]), "急难愁盼", window=4)
    assert "急难愁盼" in lines[["left", "node", "right"]]._repr_html_()
    assert "急难愁盼" in lines[["node"]]._repr_html_()
