"""kit.explore: what the page embeds is kit.kwic's lines, bounded, offline and deterministic.

Small corpora with tokens given, so no test here loads pkuseg; the browser
tests (test_browser.py) drive the page itself.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import kit
from kit.corpus import Corpus
from kit.explorer.payload import spread
from kit.figures import read_manifest
from kit.lexicon import Lexicon

LEXICON = Lexicon.from_entries([
    {"phrase": "党建引领", "category": "党建", "gloss": "Party building leads", "variants": ["党建领航"]},
    {"phrase": "攻坚战", "category": "隐喻", "gloss": "tough campaign"},
])


def _tokens(corpus: Corpus) -> pd.DataFrame:
    """Tokens split on spaces, with their character offsets (texts here are space-separated)."""
    rows = []
    for doc_id, text in zip(corpus.docs["doc_id"], corpus.docs["text"]):
        start = 0
        for token in text.split(" "):
            if token:
                rows.append({"doc_id": doc_id, "token": token, "start": start, "end": start + len(token)})
            start += len(token) + 1
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def sides():
    target = Corpus.from_texts(
        ["坚持 党建引领 ， 群众 满意 。 党建领航 城市 治理", "群众 说 党建引领 好 ， 群众 群众路线"],
        titles=["标题一", "标题二"], name="page", genre=["news", "commentary"], source=["吕梁日报"] * 2)
    reference = Corpus.from_texts(
        ["打好 攻坚战 ， 群众 满意", "攻坚战 攻坚战 经济 发展 </script><b>x</b>"],
        titles=["甲", "乙</script><b>x</b>"], name="pd", source=["人民日报"] * 2,
        date=pd.to_datetime(["1998-01-02", "1998-01-05"]))
    return target, reference, _tokens(target), _tokens(reference)


@pytest.fixture(scope="module")
def table(sides):
    target, reference, tt, rt = sides
    return kit.keyness(target, reference, lexicon=LEXICON, tokens=tt, reference_tokens=rt, unit="both",
                       remove_stopwords=False)


@pytest.fixture(scope="module")
def explorer(sides, table):
    target, reference, tt, rt = sides
    return kit.explore(table, target, reference, lexicon=LEXICON, tokens=tt, reference_tokens=rt)


def _lines(explorer, item):
    payload = explorer.payload
    index = [row[0] for row in payload["items"]].index(item)
    return payload["lines"][index]


def test_entry_lines_are_kwic_lines_on_each_side(sides, explorer):
    target, reference, _, _ = sides
    for item in ("党建引领", "攻坚战"):
        for corpus, embedded in zip((target, reference), _lines(explorer, item)):
            expected = kit.kwic(corpus, item, window=15, lexicon=LEXICON)
            assert [line[1:] for line in embedded] == expected[["left", "node", "right"]].values.tolist()
    # the variant counts for its entry, as kit.kwic finds it
    assert [line[2] for line in _lines(explorer, "党建引领")[0]] == ["党建引领", "党建领航", "党建引领"]


def test_a_token_has_only_its_whole_token_lines(sides, explorer):
    # 群众 stands three times as a token; its characters occur a fourth time inside 群众路线
    assert len(kit.kwic(sides[0], "群众")) == 4
    target_lines = _lines(explorer, "群众")[0]
    assert len(target_lines) == 3
    assert all(not line[3].startswith("路线") for line in target_lines)


def test_token_lines_are_kwic_lines_where_the_token_stands_whole():
    # Cut from the token table's places, each line is the one kit.kwic gives at
    # that place: line breaks shown as spaces, contexts stopping at the text's ends.
    target = Corpus.from_texts(["群众 说\n群众路线 好 群众", "群众\t满意 ， 群众"], name="t")
    reference = Corpus.from_texts(["经济 发展 群众", "发展 经济"], name="r")
    tt, rt = _tokens(target), _tokens(reference)
    table = kit.keyness(target, reference, tokens=tt, reference_tokens=rt, unit="token", min_freq=1,
                        min_range=1, remove_stopwords=False)
    page = kit.explore(table, target, reference, tokens=tt, reference_tokens=rt, window=4)
    for item in ("群众", "经济", "发展"):
        for corpus, frame, embedded in zip((target, reference), (tt, rt), _lines(page, item)):
            whole = set(zip(frame.loc[frame["token"] == item, "doc_id"], frame.loc[frame["token"] == item, "start"]))
            lines = kit.kwic(corpus, item, window=4)
            expected = lines[np.array([(d, s) in whole for d, s in zip(lines["doc_id"], lines["start"])], dtype=bool)]
            assert [line[1:] for line in embedded] == expected[["left", "node", "right"]].values.tolist(), item
            docs = [page.payload["docs"][line[0]][1] for line in embedded]
            assert docs == expected["doc_id"].tolist()
    assert any("\n" in text for text in target.docs["text"])
    assert all("\n" not in line[1] + line[3] for side in _lines(page, "群众") for line in side)


def test_a_token_that_spells_an_entry_gives_way_to_the_entry(explorer):
    rows = [(row[0], row[1]) for row in explorer.payload["items"]]
    assert ("党建引领", "entry") in rows and ("党建引领", "token") not in rows


def test_lines_link_to_their_documents_with_title_and_metadata(explorer):
    payload = explorer.payload
    assert payload["filters"] == ["source", "date", "genre"]
    docs = {tuple(doc[:3]): doc[3] for doc in payload["docs"]}
    assert docs[(1, "pd-0002", "乙</script><b>x</b>")] == ["人民日报", "1998-01-05", ""]
    assert docs[(0, "page-0002", "标题二")] == ["吕梁日报", "", "commentary"]
    first = _lines(explorer, "攻坚战")[1][0]
    assert payload["docs"][first[0]][1] == "pd-0001"


def test_caps_bound_items_and_lines_and_the_page_says_so(sides, table):
    target, reference, tt, rt = sides
    small = kit.explore(table, target, reference, lexicon=LEXICON, tokens=tt, reference_tokens=rt,
                        max_items=3, max_lines=1)
    items = [row[0] for row in small.payload["items"]]
    assert set(items[:2]) == {"党建引领", "攻坚战"} and len(items) == 3, "entries first, then the largest G²"
    assert all(len(a) <= 1 and len(b) <= 1 for a, b in small.payload["lines"])
    found = small.summary.set_index("item").loc["攻坚战"]
    assert (found["lines_reference"], found["embedded_reference"]) == (3, 1)
    notes = " ".join(small.payload["notes"])
    assert f"3 of the table's {len(table)} are embedded" in notes and "at most 1 per item and side" in notes


def test_spread_keeps_lines_from_the_whole_corpus():
    assert spread(3, 5) == [0, 1, 2]
    assert spread(100, 4) == [0, 25, 50, 75]


def test_one_group_against_the_rest(sides):
    target, _, tt, _ = sides
    groups = kit.keyness_one_vs_rest(target, "genre", lexicon=LEXICON, tokens=tt, unit="entry",
                                     remove_stopwords=False)
    with pytest.raises(ValueError, match="pass by= and group="):
        kit.explore(groups, target)
    ex = kit.explore(groups, target, by="genre", group="news", lexicon=LEXICON, tokens=tt)
    assert ex.payload["labels"] == {"target": "genre=news", "reference": "genre≠news"}
    news, rest = _lines(ex, "党建引领")
    assert [line[2] for line in news] == ["党建引领", "党建领航"] and [line[2] for line in rest] == ["党建引领"]


def test_the_page_is_self_contained_and_escapes_corpus_text(explorer):
    page = explorer.html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page, "a content security policy forbids any request"
    assert page.count("</script>") == 2, "corpus text cannot close the data block"
    data = re.search(r'<script type="application/json" id="kit-data">(.*?)</script>', page, re.S).group(1)
    assert "</script><b>x</b>" in json.dumps(json.loads(data), ensure_ascii=False)


def test_the_page_is_deterministic(sides, table, explorer):
    target, reference, tt, rt = sides
    again = kit.explore(table, target, reference, lexicon=LEXICON, tokens=tt, reference_tokens=rt)
    assert again.html == explorer.html


def test_inline_display_is_an_isolated_iframe(explorer):
    shown = explorer._repr_html_()
    assert shown.startswith('<iframe class="kit-explorer" srcdoc="') and 'sandbox="allow-scripts"' in shown
    assert "<script" not in shown, "the page's script is inside srcdoc, escaped"


def test_save_writes_the_page_and_a_manifest_entry(explorer, tmp_path):
    written = explorer.save("04_demo_explorer", directory=tmp_path)
    path = tmp_path / "04_demo_explorer.html"
    assert path.read_text(encoding="utf-8") == explorer.html
    assert bool(written["written"].iloc[0])
    entry = read_manifest(tmp_path)["figures"]["04_demo_explorer"]
    assert entry["kind"] == "explorer" and entry["files"]["html"] == written["sha256"].iloc[0]
    assert entry["title"] == "page against pd" and entry["corpus"] == ["page", "pd"]
    assert [i["corpus"] for i in entry["inputs"]] == ["page", "pd"]
    assert entry["lexicon"]["sha256"] == LEXICON.hash and entry["parameters"]["max_lines"] == 40
    assert not bool(explorer.save("04_demo_explorer", directory=tmp_path)["written"].iloc[0])


def test_bad_input_gets_a_one_line_error(sides, table):
    target, reference, tt, rt = sides
    with pytest.raises(TypeError, match="DataFrame from kit.keyness"):
        kit.explore([1, 2], target, reference)
    with pytest.raises(ValueError, match=r"lacks \['log_ratio'"):
        kit.explore(table.drop(columns=["log_ratio"]), target, reference)
    with pytest.raises(ValueError, match="needs the reference corpus"):
        kit.explore(table, target)
    with pytest.raises(ValueError, match="max_lines must be a whole number"):
        kit.explore(table, target, reference, max_lines=0)
    with pytest.raises(ValueError, match="must be letters, digits"):
        kit.explore(table, target, reference, lexicon=LEXICON, tokens=tt, reference_tokens=rt).save("a b")


def test_the_documents_holding_a_form_are_those_a_plain_search_finds():
    from kit.explorer.payload import SideTexts

    texts = ["党建引领", "引领党建", "建引", "", "党建引领党建引领", "党", "建引领\n党", "攻坚战党建"]
    side = SideTexts(Corpus.from_texts(texts))
    forms = ["党建", "引领", "建引", "领党", "党", "领\n党", "攻坚战党建", "战党", "不在", "党建引领党建引领"]
    for form in forms:  # one document's end and the next's start never make a match together
        assert side.holding([form]).tolist() == [form in t for t in texts], form
    assert side.holding(["不在", "建引"]).tolist() == ["建引" in t for t in texts]
    assert side.holding(patterns=[re.compile(r"党.?建")]).tolist() == [bool(re.search(r"党.?建", t)) for t in texts]
    assert not side.holding().any()
