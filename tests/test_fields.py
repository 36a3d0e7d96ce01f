"""Headlines count when asked: fields=("title", "text") in every analysis that reads text."""
import pandas as pd
import pytest

import kit
from kit.corpus import Corpus, check_fields, field_positions
from kit.lexicon import Lexicon

LEX = Lexicon.from_entries([
    {"phrase": "急难愁盼", "category": "民生"},
    {"phrase": "久久为功", "category": "作风"},
])
# Titles and texts written so that every count can be checked by eye:
# 急难愁盼 stands in two of three headlines and once in the texts.
CORPUS = Corpus.from_texts(
    ["解决群众急难愁盼问题。久久为功。", "社区服务更便捷。", "文明实践久久为功。"],
    titles=["急难愁盼有回应", "破解急难愁盼", ""],
    name="heads",
)


def test_titles_are_not_text_by_default_and_count_when_asked():
    text_only = kit.count(CORPUS, LEX).set_index("entry")["frequency"]
    both = kit.count(CORPUS, LEX, fields=("title", "text")).set_index("entry")["frequency"]
    titles = kit.count(CORPUS, LEX, fields="title").set_index("entry")["frequency"]
    assert text_only.to_dict() == {"急难愁盼": 1, "久久为功": 2}
    assert titles.to_dict() == {"急难愁盼": 2, "久久为功": 0}
    assert both.to_dict() == {"急难愁盼": 3, "久久为功": 2}


def test_count_by_field_puts_headlines_beside_texts():
    table = kit.count(CORPUS, LEX, fields=("title", "text"), by="field")
    freq = table.set_index(["field", "entry"])["frequency"]
    assert freq[("title", "急难愁盼")] == 2 and freq[("text", "急难愁盼")] == 1
    assert table["field"].tolist()[:2] == ["title", "title"]
    # each field's rate has its own characters as the base
    title_chars = sum(len(t) for t in CORPUS.docs["title"])
    rate = table.set_index(["field", "entry"]).loc[("title", "急难愁盼"), "per_10k_chars"]
    assert rate == pytest.approx(2 / title_chars * 10_000)


def test_rates_over_both_fields_leave_out_the_joining_line_break():
    table = kit.count(CORPUS, LEX, fields=("title", "text")).set_index("entry")
    characters = sum(len(t) for t in CORPUS.docs["title"]) + sum(len(t) for t in CORPUS.docs["text"])
    assert table.loc["久久为功", "per_10k_chars"] == pytest.approx(2 / characters * 10_000)


def test_find_and_kwic_report_the_field_and_offsets_within_it():
    hits = kit.find(CORPUS, LEX, fields=("title", "text"))
    for row in hits.itertuples():
        doc = CORPUS.docs.set_index("doc_id").loc[row.doc_id]
        assert doc[row.field][row.start:row.end] == row.matched
    assert (hits["field"] == "title").sum() == 2
    lines = kit.kwic(CORPUS, "急难愁盼", window=10, fields=("title", "text"))
    assert lines["field"].tolist() == ["title", "text", "title"]
    title_line = lines[lines["field"] == "title"].iloc[0]
    # a headline's context ends with the headline: nothing of the text leaks in
    assert title_line["right"] == "有回应" and title_line["left"] == ""


def test_cooccurrence_keyness_and_discover_take_fields():
    pairs = kit.cooccurrence(CORPUS, LEX, unit="document", fields=("title", "text"))
    assert pairs[["entry_a", "entry_b", "joint"]].values.tolist() == [["久久为功", "急难愁盼", 1]]
    assert kit.cooccurrence(CORPUS, LEX, unit="document").iloc[0]["joint"] == 1
    joined = CORPUS.with_fields(("title", "text"))
    tokens = pd.DataFrame([(doc_id, ch) for doc_id, text in zip(joined.docs["doc_id"], joined.texts)
                           for ch in text if ch.strip()], columns=["doc_id", "token"])
    table = kit.keyness(CORPUS, by="doc_id", group="heads-0001", lexicon=LEX, unit="entry",
                        tokens=tokens, fields=("title", "text"), min_range=1)
    assert table.set_index("item").loc["急难愁盼", "freq_target"] == 2


def test_a_corpus_already_joined_is_not_joined_twice():
    joined = CORPUS.with_fields(("title", "text"))
    assert joined.fields == ("title", "text")
    assert kit.count(joined, LEX).set_index("entry")["frequency"]["急难愁盼"] == 3
    with pytest.raises(ValueError, match="already holds the fields"):
        kit.count(joined, LEX, fields="title")


@pytest.mark.parametrize("fields", [(), ("body",), "headline"])
def test_unknown_fields_are_refused(fields):
    with pytest.raises(ValueError, match="fields must be some of"):
        check_fields(fields)


def test_field_positions_split_at_the_title():
    joined = CORPUS.with_fields(("title", "text"))
    title_length = len(CORPUS.docs["title"][0])
    field, offset = field_positions(joined, [0, 0, 2], [0, title_length + 1, 0])
    assert field.tolist() == ["title", "text", "text"]  # the third document has no title
    assert offset.tolist() == [0, 0, 0]
