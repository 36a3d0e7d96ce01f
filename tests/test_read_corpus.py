import json
import time
from pathlib import Path

import pandas as pd
import pytest

from kit.io.files import CorpusReadError, read_corpus

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "lvliang-daily-2026-01-page.md"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_folder_of_articles_in_several_encodings(tmp_path):
    write(tmp_path / "2026-01-28-utf8.txt", "标题甲\n第一段。\n第二段。")
    write(tmp_path / "bom.txt", "\ufeff标题乙\r\n正文，１９９８年。\r\n")
    write(tmp_path / "gbk.txt", "标题丙\n汾阳市文峰街道社区治理成效显著。", "gbk")
    write(tmp_path / "big5.txt", "標題丁\n臺灣的傳統漢字與書法。", "big5")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "x.md", "# 标题戊\n\n正文。")
    corpus = read_corpus(tmp_path)
    docs = corpus.docs.set_index("doc_id")
    assert sorted(docs.index) == ["2026-01-28-utf8", "big5", "bom", "gbk", "sub/x"]
    assert docs.loc["2026-01-28-utf8", "text"] == "第一段。\n第二段。"
    assert docs.loc["2026-01-28-utf8", "date"] == pd.Timestamp("2026-01-28")
    assert docs.loc["bom", "text"] == "正文，1998年。"
    assert docs.loc["gbk", "title"] == "标题丙"
    assert docs.loc["big5", "text"] == "臺灣的傳統漢字與書法。"
    assert docs.loc["sub/x", "title"] == "标题戊"
    files = corpus.meta["files"].set_index("file")
    assert files.loc[str(tmp_path / "big5.txt"), "encoding"] == "big5"
    assert files.loc[str(tmp_path / "bom.txt"), "newline"] == "CRLF"
    assert corpus.skipped == []


def test_traditional_to_simplified_on_read(tmp_path):
    pytest.importorskip("opencc")
    write(tmp_path / "big5.txt", "標題\n臺灣的傳統漢字。", "big5")
    corpus = read_corpus(tmp_path, to_simplified=True)
    assert corpus.texts == ["台湾的传统汉字。"]
    assert corpus.meta["normalization"]["to_simplified"] is True


def test_page_dumps_in_a_folder_are_detected(tmp_path):
    (tmp_path / "page.md").write_bytes(SAMPLE.read_bytes())
    write(tmp_path / "article.txt", "短文\n正文。")
    corpus = read_corpus(tmp_path, source="吕梁日报")
    assert len(corpus) == 8
    assert len(corpus.meta["captions"]) == 2
    assert corpus.meta["fragments"]["line"].nunique() == 9
    whole = read_corpus(tmp_path / "page.md", pages=False)
    # read as one article: the first line (the masthead, over 50 characters) is no title
    assert len(whole) == 1 and whole.docs["title"][0] == ""
    assert whole.texts[0].startswith("政教专刊部主办") and whole.texts[0].endswith("为到场的环")


def test_csv_and_tsv_with_metadata_and_dates(tmp_path):
    write(
        tmp_path / "news.csv",
        'doc_id,title,content,date,section\n'
        'a,甲,久久为功。,2026年1月3日,要闻\n'
        'b,乙,"急难\n愁盼。",2026-02-01,评论\n'
        'c,丙,,2026-02-02,要闻\n'
        'd,丁,最后一米。,sometime,要闻\n'
        'e,戊,多了,一列,x,y\n',
        "gb18030",
    )
    with pytest.warns(UserWarning, match="1 dates could not be read"):
        corpus = read_corpus(tmp_path / "news.csv", text_column="content")
    docs = corpus.docs.set_index("doc_id")
    assert list(docs.index) == ["a", "b", "d"]
    assert docs.loc["a", "date"] == pd.Timestamp("2026-01-03")
    assert docs.loc["b", "text"] == "急难\n愁盼。" and docs.loc["b", "line"] == 3
    assert pd.isna(docs.loc["d", "date"])
    assert docs.loc["a", "section"] == "要闻"
    assert pd.api.types.is_datetime64_any_dtype(corpus.docs["date"])
    assert [(s.line, s.reason.split(" ")[0]) for s in corpus.skipped] == [(5, "empty"), (7, "6")]
    assert corpus.meta["date_problems"]["line"].tolist() == [6]

    write(tmp_path / "news.tsv", "title\ttext\n甲\t一。\n")
    assert read_corpus(tmp_path / "news.tsv").texts == ["一。"]


def test_jsonl(tmp_path):
    lines = [json.dumps({"text": "一。", "date": "2020-01-01", "tags": ["a"]}, ensure_ascii=False), "{bad", "[1]", json.dumps({"body": "x"})]
    write(tmp_path / "a.jsonl", "\n".join(lines))
    corpus = read_corpus(tmp_path / "a.jsonl")
    assert corpus.texts == ["一。"]
    assert corpus.docs["tags"][0] == '["a"]'
    assert [(s.line, s.reason[:8]) for s in corpus.skipped] == [(2, "not vali"), (3, "a JSON l"), (4, "no 'text")]


def test_bad_files_are_skipped_with_reasons(tmp_path):
    write(tmp_path / "good.txt", "正文。")
    (tmp_path / "empty.txt").write_bytes(b"")
    write(tmp_path / "blank.txt", "  \n\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "sjis.txt").write_bytes("こんにちは、世界の皆さん。今日はいい天気ですね。".encode("shift_jis"))
    write(tmp_path / "notext.csv", "title,body\n甲,乙\n")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    corpus = read_corpus(tmp_path)
    assert corpus.texts == ["正文。"]
    reasons = {Path(s.source).name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "sjis.txt", "notext.csv", "sheet.xlsx"}
    assert reasons["empty.txt"] == "empty file"
    assert "binary data" in reasons["binary.txt"]
    assert "encoding is unknown" in reasons["sjis.txt"]
    assert "no column 'text'" in reasons["notext.csv"] and "text_column" in reasons["notext.csv"]
    assert "export spreadsheets as CSV" in reasons["sheet.xlsx"]
    with pytest.raises(CorpusReadError, match="binary.txt: binary data"):
        read_corpus(tmp_path, strict=True)


def test_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_corpus(tmp_path / "missing")
    write(tmp_path / "notext.csv", "title,body\n甲,乙\n")
    with pytest.raises(ValueError, match="no column 'text' .* the columns are \\['title', 'body'\\]"):
        read_corpus(tmp_path / "notext.csv")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="no documents could be read \\(no files\\)"):
        read_corpus(empty)
    (empty / "e.txt").write_bytes(b"")
    with pytest.raises(ValueError, match="e.txt: empty file"):
        read_corpus(empty)


def test_large_single_line_file_is_quick(tmp_path):
    unit = "久久为功，最后一米。"
    repeats = 50 * 1024 * 1024 // len(unit.encode("utf-8"))
    path = tmp_path / "huge.txt"
    path.write_bytes((unit * repeats).encode("utf-8"))
    started = time.perf_counter()
    corpus = read_corpus(path)
    elapsed = time.perf_counter() - started
    assert len(corpus) == 1 and len(corpus.texts[0]) == len(unit) * repeats
    assert elapsed < 30
    with pytest.raises(ValueError, match="more than max_bytes"):
        read_corpus(path, max_bytes=1024 * 1024)
