import pandas as pd
import pytest

from kit.corpus import Corpus, Skipped, concat


def make(name="a"):
    return Corpus.from_texts(
        ["久久为功。好！", "急难愁盼", "ABC。"], titles=["一", "二", "三"], name=name, genre=["news", "news", "commentary"]
    )


def test_basics():
    corpus = make()
    assert len(corpus) == 3
    assert [row["title"] for row in corpus] == ["一", "二", "三"]
    assert corpus.texts[1] == "急难愁盼"
    assert len(corpus.where(genre="news")) == 2
    assert len(corpus.where(genre=["news", "commentary"])) == 3
    with pytest.raises(KeyError, match="no metadata column 'nope'"):
        corpus.where(nope=1)


def test_constructor_checks():
    with pytest.raises(ValueError, match="missing: \\['text'\\]"):
        Corpus(pd.DataFrame({"doc_id": ["a"], "title": [""]}))
    with pytest.raises(ValueError, match="'a' occurs more than once"):
        Corpus(pd.DataFrame({"doc_id": ["a", "a"], "title": ["", ""], "text": ["", ""]}))


def test_summary_overall_and_by_group():
    corpus = make()
    overall = corpus.summary()
    # by hand: 7 + 4 + 4 characters; 5 + 4 + 0 Chinese characters; 2 + 1 + 1 sentences
    assert overall.to_dict("records") == [{"documents": 3, "characters": 15, "han_characters": 9, "sentences": 4}]
    grouped = corpus.summary(by="genre").set_index("genre")
    assert grouped.loc["news", "documents"] == 2 and grouped.loc["news", "sentences"] == 3
    assert grouped.loc["commentary", "han_characters"] == 0


def test_summary_keeps_missing_groups():
    corpus = Corpus.from_texts(["一。", "二。"], section=["A", None])
    assert corpus.summary(by="section")["documents"].sum() == 2


def test_concat_marks_origin_and_makes_ids_unique():
    a, b = make("a"), make("a")
    b.skipped.append(Skipped("x.bin", "binary"))
    combined = concat([a, b])
    assert len(combined) == 6
    assert combined.docs["corpus"].tolist() == ["a"] * 3 + ["a-2"] * 3
    assert combined.docs["doc_id"].is_unique
    assert combined.docs["original_doc_id"].tolist()[:1] == ["a-0001"]
    assert combined.skipped == [Skipped("x.bin", "binary")]
    assert set(combined.meta["parts"]) == {"a", "a-2"}


def test_concat_fills_missing_columns_and_checks_input():
    plain = Corpus.from_texts(["一"], name="plain")
    combined = Corpus.concat([make(), plain], names=["x", "y"])
    assert combined.docs["genre"].isna().tolist() == [False, False, False, True]
    with pytest.raises(ValueError, match="at least one"):
        concat([])
    with pytest.raises(TypeError, match="Corpus objects"):
        concat([plain, "text"])
