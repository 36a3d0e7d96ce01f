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


# -- column mapping ---------------------------------------------------------------
def test_an_explicit_mapping_wins_over_a_same_named_column(tmp_path):
    write(tmp_path / "a.csv", "id,headline,content,text,published\n"
                              "7,急难愁盼有回应,解决群众急难愁盼。,编辑备注,2010\n")
    with pytest.warns(UserWarning, match=r"\['text'\] kept as metadata \['column_text'\]"):
        corpus = read_corpus(tmp_path / "a.csv", text_column="content", title_column="headline",
                             id_column="id", date_column="published")
    row = corpus.docs.iloc[0]
    assert (row["doc_id"], row["title"], row["text"]) == ("7", "急难愁盼有回应", "解决群众急难愁盼。")
    assert row["column_text"] == "编辑备注"
    assert row["date"] == pd.Timestamp("2010-01-01") and row["date_precision"] == "year"
    assert "content" not in corpus.docs and "headline" not in corpus.docs
    assert corpus.meta["renamed_columns"][["column", "kept_as"]].values.tolist() == [["text", "column_text"]]


@pytest.mark.parametrize("option", ["text_column", "title_column", "date_column", "id_column"])
def test_a_mapping_to_a_missing_column_lists_the_columns(tmp_path, option):
    write(tmp_path / "a.csv", "text,title\n正文。,标题\n")
    with pytest.raises(ValueError, match=rf"no column 'nope' \({option}='nope'\); the columns are \['text', 'title'\]"):
        read_corpus(tmp_path / "a.csv", **{option: "nope"})


def test_a_missing_mapped_key_in_jsonl_is_an_error_too(tmp_path):
    write(tmp_path / "a.jsonl", json.dumps({"text": "正文。", "title": "甲"}, ensure_ascii=False))
    with pytest.raises(ValueError, match="no key 'headline'"):
        read_corpus(tmp_path / "a.jsonl", title_column="headline")


def test_reader_columns_in_a_table_do_not_overwrite_the_readers(tmp_path):
    write(tmp_path / "a.csv", "text,file,line\n正文。,other.doc,99\n")
    with pytest.warns(UserWarning, match="column_file"):
        corpus = read_corpus(tmp_path / "a.csv")
    row = corpus.docs.iloc[0]
    assert row["file"] == str(tmp_path / "a.csv") and row["line"] == 2
    assert (row["column_file"], row["column_line"]) == ("other.doc", "99")


# -- dates and their precision ------------------------------------------------------
@pytest.mark.parametrize("value, day, precision", [
    ("2026-01-28", "2026-01-28", "day"), ("2026/1/3", "2026-01-03", "day"),
    ("20260128", "2026-01-28", "day"), ("2026年1月3日", "2026-01-03", "day"),
    ("2016-03", "2016-03-01", "month"), ("2016年3月", "2016-03-01", "month"),
    ("March 2016", "2016-03-01", "month"), ("2010", "2010-01-01", "year"),
    ("2010年", "2010-01-01", "year"),
])
def test_dates_keep_their_precision(tmp_path, value, day, precision):
    write(tmp_path / "a.csv", f"text,date\n正文。,{value}\n")
    row = read_corpus(tmp_path / "a.csv").docs.iloc[0]
    assert row["date"] == pd.Timestamp(day) and row["date_precision"] == precision


def test_missing_dates_written_as_words_are_missing_not_problems(tmp_path):
    write(tmp_path / "a.csv", "text,date\n甲。,NaN\n乙。,\n丙。,None\n")
    corpus = read_corpus(tmp_path / "a.csv")
    assert corpus.docs["date"].isna().all() and (corpus.docs["date_precision"] == "").all()
    assert corpus.meta["date_problems"].empty


# -- Traditional characters -----------------------------------------------------------
TRADITIONAL = "香港特別行政區政府今日宣佈，將進一步擴大對基層社區的支援，改善市民生活，回應市民的急難愁盼。"


def test_traditional_documents_are_named_once_with_the_option(tmp_path):
    write(tmp_path / "hk.txt", "標題\n" + TRADITIONAL, "big5")
    write(tmp_path / "tw.txt", "標題\n" + TRADITIONAL)
    write(tmp_path / "sc.txt", "标题\n香港特别行政区政府今日宣布，将进一步扩大对基层社区的支援，改善市民生活。")
    with pytest.warns(UserWarning, match=r"2 of 3 documents .* Traditional .*\(hk, tw\).*to_simplified=True") as caught:
        corpus = read_corpus(tmp_path)
    assert sum("Traditional" in str(w.message) for w in caught) == 1
    assert corpus.meta["traditional_documents"] == ["hk", "tw"]
    converted = read_corpus(tmp_path, to_simplified=True)
    assert converted.meta["traditional_documents"] == ["hk", "tw"]  # detected before conversion
    assert "特别行政区" in converted.docs.set_index("doc_id").loc["hk", "text"]
    assert converted.meta["normalization"]["to_simplified"] is True


# -- stray quotes -------------------------------------------------------------------
def test_a_stray_quote_does_not_merge_rows(tmp_path):
    write(tmp_path / "a.csv", 'id,text,source\n1,"他说：好。,甲\n2,“十四五”规划,乙\n3,"十四五"规划,丙\n4,"正文，含逗号,另起",丁\n')
    with pytest.warns(UserWarning, match="stray quote"):
        corpus = read_corpus(tmp_path / "a.csv", id_column="id", strict=True)
    docs = corpus.docs.set_index("doc_id")
    assert list(docs.index) == ["1", "2", "3", "4"]
    assert docs.loc["1", "text"] == '"他说：好。' and docs.loc["1", "source"] == "甲"
    assert docs.loc["3", "text"] == "“十四五”规划"  # quotes kept, then normalised
    assert docs.loc["4", "text"] == "正文，含逗号,另起"  # a well-quoted field is left alone
    assert corpus.meta["table_repairs"]["line"].tolist() == [2, 4]


def test_a_quoted_text_of_several_paragraphs_is_kept(tmp_path):
    write(tmp_path / "a.csv", 'text,id,date,source\n"第一段。\n第二段。",1,2020,人民日报\n')
    corpus = read_corpus(tmp_path / "a.csv", id_column="id")
    assert corpus.texts == ["第一段。\n第二段。"] and corpus.meta["table_repairs"].empty


# -- ids of several files --------------------------------------------------------------
def test_twins_and_same_named_files_in_subfolders_read(tmp_path):
    write(tmp_path / "x.csv", "id,text\n,甲。\n")  # an empty id: the reader numbers the row
    write(tmp_path / "x.jsonl", json.dumps({"id": "", "text": "乙。"}, ensure_ascii=False))
    write(tmp_path / "a.txt", "正文一。")
    write(tmp_path / "a.md", "正文二。")
    for year in ("2025", "2026"):
        (tmp_path / year).mkdir()
        write(tmp_path / year / "articles.csv", f"id,text\n17,{year}年的正文。\n")
    corpus = read_corpus(tmp_path, id_column="id")
    assert sorted(corpus.docs["doc_id"]) == [
        "2025/articles.csv/17", "2026/articles.csv/17", "a.md", "a.txt", "x.csv-0001", "x.jsonl-0001"]


# -- folders, links and odd files ---------------------------------------------------
def test_links_are_followed_once_and_broken_or_looping_links_reported(tmp_path):
    root = tmp_path / "corpus"
    shared = tmp_path / "shared"
    root.mkdir(), shared.mkdir()
    write(shared / "s.txt", "共享的正文。")
    write(root / "a.txt", "正文。")
    (root / "linked").symlink_to(shared, target_is_directory=True)
    (root / "again.txt").symlink_to(root / "a.txt")
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    corpus = read_corpus(root)
    assert sorted(corpus.docs["doc_id"]) == ["a", "linked/s"]
    reasons = {Path(s.source).name: s.reason for s in corpus.skipped}
    assert reasons["again.txt"].startswith("the same file as")
    assert reasons["dangling.txt"].startswith("broken link")
    assert reasons["loop"].startswith("link loop")


def test_a_path_too_long_is_skipped_not_fatal(tmp_path, monkeypatch):
    import os

    write(tmp_path / "a.txt", "正文。")
    monkeypatch.chdir(tmp_path)
    # Built one level at a time with short relative paths: more than PATH_MAX
    # (4096 bytes) in all, each part within NAME_MAX.
    for _ in range(40):
        os.mkdir("长" * 40)
        os.chdir("长" * 40)
    with open("deep.txt", "w", encoding="utf-8") as handle:
        handle.write("深处的正文。")
    monkeypatch.chdir(tmp_path)
    corpus = read_corpus(tmp_path)
    assert corpus.texts == ["正文。"]
    assert any("too long" in s.reason or "cannot be read" in s.reason for s in corpus.skipped)


def test_hashtag_lines_are_text_not_headings(tmp_path):
    text = "#话题# 社区服务更便捷，群众办事少跑腿。\n#另一个话题# 久久为功，久久为功。"
    write(tmp_path / "weibo.txt", text)
    corpus = read_corpus(tmp_path / "weibo.txt")
    assert len(corpus) == 1 and "#话题#" in corpus.texts[0] + corpus.docs["title"][0]
    assert corpus.texts[0].endswith("久久为功，久久为功。")


@pytest.mark.parametrize("content, reason", [
    ("text,title\n", "only a header row"),
    ("text\nNaN\n", "a missing value written as text"),
    ("text\nNone\n", "a missing value written as text"),
])
def test_odd_tables_are_reported_for_what_they_are(tmp_path, content, reason):
    write(tmp_path / "a.csv", content)
    write(tmp_path / "ok.txt", "正文。")
    corpus = read_corpus(tmp_path)
    assert any(reason in s.reason for s in corpus.skipped)


def test_a_jsonl_text_that_is_a_number_is_named_so(tmp_path):
    write(tmp_path / "a.jsonl", '{"text": 123}\n{"text": "正文。"}\n')
    corpus = read_corpus(tmp_path / "a.jsonl")
    assert [s.reason for s in corpus.skipped] == ["'text' holds a number (123), not text"]


def test_missing_path_error_gives_the_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "nope.csv")):
        read_corpus("nope.csv")


def test_invalid_bytes_are_named_or_replaced_and_reported(tmp_path):
    write(tmp_path / "ok.txt", "另一篇。")
    (tmp_path / "bad.txt").write_bytes("标题\n正文第一段。\n第二段".encode() + b"\xff" + "内容。".encode())
    corpus = read_corpus(tmp_path)
    (skipped,) = corpus.skipped
    assert "invalid byte" in skipped.reason and "byte 35" in skipped.reason and "line 3" in skipped.reason
    with pytest.warns(UserWarning, match="1 invalid byte sequence"):
        corpus = read_corpus(tmp_path, errors="replace")
    assert corpus.docs.set_index("doc_id").loc["bad", "text"] == "正文第一段。\n第二段\ufffd内容。"
    assert corpus.meta["replacements"][["offset", "line", "bytes"]].values.tolist() == [[35, 3, "ff"]]
