"""How a run on one's own corpus is named, found and passed on: folders, paths, make's variables."""
import os
import re
import subprocess
from pathlib import Path

import pytest

import kit
from kit.io import corpus_folder_name, resolve_corpus_path
from kit.notebooks import corpus_parameters, options_from_environment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "data/raw/lvliang-daily-2026-01-page.md"


@pytest.mark.parametrize("names", [("语料.csv", "中文语料"), ("a b.csv", "a-b.csv"), ("x.csv", "x.jsonl")])
def test_corpora_never_share_a_figures_folder(tmp_path, names):
    folders = set()
    for name in names:
        path = tmp_path / name
        path.mkdir() if "." not in name else path.write_text("text\n正文。\n", encoding="utf-8")
        folder = corpus_folder_name(path)
        assert folder and folder not in ("", ".", "figures")
        assert "/" not in folder and not folder.startswith(".")
        folders.add(folder)
    assert len(folders) == len(names)


def test_a_chinese_name_keeps_its_characters_and_the_same_file_its_folder(tmp_path):
    path = tmp_path / "语料.csv"
    path.write_text("text\n正文。\n", encoding="utf-8")
    assert corpus_folder_name(path).startswith("语料.csv-")
    assert corpus_folder_name(path) == corpus_folder_name(str(path))


def test_relative_paths_resolve_from_the_project_folder_wherever_the_notebook_runs(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")  # where JupyterLab runs a notebook
    assert resolve_corpus_path(SAMPLE) == (ROOT / SAMPLE).resolve()
    assert len(kit.open_corpus(SAMPLE)) == 7
    with pytest.raises(FileNotFoundError) as error:
        kit.open_corpus("data/no-such.csv")
    assert str(error.value).startswith(f"{ROOT / 'data/no-such.csv'}, nor {ROOT / 'notebooks' / 'data/no-such.csv'}: ")
    assert "peoples_daily_1998" in str(error.value)  # a misspelt reference name reads as a path


def test_reading_options_for_files_only(tmp_path):
    # how to read one's own files means nothing for the bundled page: said, not ignored
    with pytest.raises(ValueError, match=r"\['pages'\] say how to read your own files; the sample page"):
        kit.open_corpus(None, pages=True)
    assert len(kit.open_corpus(None, strict=True)) == 7  # read whole or not at all anyway
    (tmp_path / "good.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 4)
    assert [s.source for s in kit.open_corpus(tmp_path).skipped] == [str(tmp_path / "bad.txt")]
    with pytest.raises(kit.io.CorpusReadError, match="bad.txt"):
        kit.open_corpus(tmp_path, strict=True)
    dump = tmp_path / "good.txt"
    dump.write_text("# 一\n\n正文一。\n\n# 二\n\n正文二。\n", encoding="utf-8")
    assert len(kit.open_corpus(dump)) == 2 and len(kit.open_corpus(dump, pages=False)) == 1


def test_parameters_carry_every_mapping_and_make_its_own_folder(tmp_path):
    table = tmp_path / "articles.csv"
    table.write_text("id,content\n1,正文。\n", encoding="utf-8")
    parameters = corpus_parameters(str(table), label="我的语料", text_column="content", id_column="id",
                                   date_column="published", title_column="headline", group_by="outlet",
                                   to_simplified="1")
    assert parameters["CORPUS"] == str(table.resolve())
    assert parameters["OUTPUT_DIR"].endswith(corpus_folder_name(table))
    assert {k: parameters[k] for k in ("LABEL", "TEXT_COLUMN", "ID_COLUMN", "DATE_COLUMN", "TITLE_COLUMN",
                                       "GROUP_BY", "TO_SIMPLIFIED")} == {
        "LABEL": "我的语料", "TEXT_COLUMN": "content", "ID_COLUMN": "id", "DATE_COLUMN": "published",
        "TITLE_COLUMN": "headline", "GROUP_BY": "outlet", "TO_SIMPLIFIED": True}
    with pytest.raises(ValueError, match="TO_SIMPLIFIED='maybe'"):
        corpus_parameters(None, to_simplified="maybe")


def test_options_come_from_the_environment_as_make_passes_them():
    import argparse

    args = argparse.Namespace(corpus=None, label="given", text_column=None, title_column=None, id_column=None,
                              date_column=None, group_by=None, to_simplified=None, lexicon=None,
                              figures_output=None)
    environ = {"CORPUS": "a$b `c`", "LABEL": "ignored", "TEXT_COLUMN": "content", "OUTPUT": "out"}
    options_from_environment(args, environ)
    assert (args.corpus, args.label, args.text_column, args.figures_output) == ("a$b `c`", "given", "content", "out")


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["x$(touch {marker})", "x`touch {marker}`", 'x";touch {marker};"', "x$$(touch {marker})"])
def test_make_figures_never_runs_what_a_path_contains(tmp_path, corpus):
    marker = tmp_path / "ran"
    value = corpus.format(marker=marker)
    result = subprocess.run(["make", "--no-print-directory", "figures", f"CORPUS={value}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "KIT_FIGURES_DIR": str(tmp_path / "figures")})
    assert not marker.exists(), "a command in the path was run"
    assert result.returncode == 2  # make's code for a recipe that failed: the kit's own was 1
    # "make: ***", or "make[1]: ***" when the suite itself runs under make (make test)
    assert re.search(r"make(\[\d+\])?: \*\*\* \[Makefile", result.stderr) and "Error 1" in result.stderr
    # the path reached the kit exactly as typed, and the error names it
    assert value in result.stderr and "no such file or folder" in result.stderr
