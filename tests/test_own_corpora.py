"""A researcher's own corpus, end to end, through `make figures`.

Three corpora unlike the sample page, built from People's Daily 1998
articles (tests/own_corpora.py): a folder of .txt files with no metadata and
three Traditional-character articles in Big5; a CSV with its own column names
(id, headline, content, published, outlet), an unrelated ``text`` column and
dates of mixed precision; and the same records as JSONL beside it.  Every
notebook runs to the end on each, through the README's command, and the
outputs say what they should: which corpus each figure shows, what was
skipped and why, headline counts, the warning about Traditional characters,
dates kept at their precision.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import own_corpora  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "teacher").glob("*.ipynb"))
MAPPING = {"TEXT_COLUMN": "content", "TITLE_COLUMN": "headline", "ID_COLUMN": "id", "DATE_COLUMN": "published"}
REFERENCE_ONLY = ("03_pd1998_cooccurrence_network", "03_pd1998_collocates_qunzhong", "04_trend_1998",
                  "05_discovery_top_candidates_1998")


def bundled_only(path: Path) -> bool:
    return bool(nbformat.read(path, as_version=4).metadata.get("kit", {}).get("bundled_corpus_only"))


def make_figures(figures: Path, **variables) -> subprocess.CompletedProcess:
    """`make figures VAR=value …`, the README's command, with figures in ``figures``."""
    env = {key: value for key, value in os.environ.items() if key not in variables}
    env["KIT_FIGURES_DIR"] = str(figures)
    command = ["make", "--no-print-directory", "figures", *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=3000)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return own_corpora.build(tmp_path_factory.mktemp("own"))


@pytest.fixture(scope="module")
def runs(built, tmp_path_factory):
    figures = tmp_path_factory.mktemp("figures")
    return figures, {
        "folder": make_figures(figures, CORPUS=str(built["folder"])),
        "csv": make_figures(figures, CORPUS=str(built["csv"]), LABEL="测试语料 (CSV)", **MAPPING),
        "jsonl": make_figures(figures, CORPUS=str(built["jsonl"]), **MAPPING),
    }


def folder_of(figures: Path, corpus: Path) -> Path:
    from kit.io import corpus_folder_name

    return figures / corpus_folder_name(corpus)


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["figures"]


@pytest.mark.parametrize("name", ["folder", "csv", "jsonl"])
def test_every_notebook_runs_to_the_end(runs, name):
    _, results = runs
    result = results[name]
    assert result.returncode == 0, result.stderr[-3000:]
    for notebook in NOTEBOOKS:
        shown = notebook.relative_to(ROOT).as_posix()
        if bundled_only(notebook):
            assert f"skipped {shown}" in result.stdout
        else:
            assert f"ran {shown}" in result.stdout, result.stdout


@pytest.mark.parametrize("name, label", [("folder", "folder"), ("csv", "测试语料 (CSV)"), ("jsonl", "articles")])
def test_every_figure_names_its_corpus_and_is_legible(runs, built, name, label):
    figures, _ = runs
    entries = manifest(folder_of(figures, built[name]))
    assert entries, "no figure was saved"
    for figure, entry in entries.items():
        if entry.get("kind"):  # an explorer page, not a figure: it names its corpora, has no layout to check
            assert label in entry["corpus"], figure
            continue
        assert entry["corpus"][0] == label, figure
        assert "".join(label.split()) in "".join(entry["title"].split()), (figure, entry["title"])
        assert entry["layout_problems"] == [], (figure, entry["layout_problems"])
        assert not figure.startswith(REFERENCE_ONLY), f"{figure} is about the reference corpus only"


def test_nothing_lands_in_the_bundled_figures_and_twins_do_not_share_a_folder(runs, built):
    figures, _ = runs
    assert not [p for p in figures.iterdir() if p.is_file()]
    folders = {folder_of(figures, built[name]) for name in ("folder", "csv", "jsonl")}
    assert len(folders) == 3 and all(f.is_dir() for f in folders)
    csv_inputs = manifest(folder_of(figures, built["csv"]))["01_quickstart_formula_counts"]["inputs"]
    jsonl_inputs = manifest(folder_of(figures, built["jsonl"]))["01_quickstart_formula_counts"]["inputs"]
    assert csv_inputs[0]["files"][0]["sha256"] == hashlib.sha256(built["csv"].read_bytes()).hexdigest()
    assert jsonl_inputs[0]["files"][0]["sha256"] == hashlib.sha256(built["jsonl"].read_bytes()).hexdigest()


def test_the_log_says_what_was_skipped_and_warns_of_traditional_characters(runs, built):
    _, results = runs
    folder_log = results["folder"].stdout
    assert "kit: skipped the trend and life course over the corpus's own dates: the corpus has no dates" in folder_log
    assert "kit: skipped the comparison of groups: no metadata column" in folder_log
    warning = [line for line in folder_log.splitlines() if "Traditional" in line]
    assert len(warning) == 1, "the warning is given once per run, not once per notebook"
    assert all(doc in warning[0] for doc in built["traditional"]) and "TO_SIMPLIFIED=1" in warning[0]
    assert "Traditional" not in results["csv"].stdout


def inclusive_count(entry: str, texts) -> int | None:
    """An entry's inclusive count by Python's re (an implementation apart from the kit's automaton):
    its literal forms, longest first, non-overlapping.  None for a pattern entry."""
    import kit

    lexicon = kit.load_lexicon()
    forms = [f for f, owner in lexicon.literal_forms().items() if owner == entry]
    if not forms:
        return None
    alternation = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    return sum(len(alternation.findall(text)) for text in texts)


def test_the_mapped_column_is_the_text_not_the_unrelated_one(runs, built):
    figures, _ = runs
    counts = pd.read_csv(folder_of(figures, built["csv"]) / "02_top_formulas.csv").set_index("entry")
    contents = built["articles"]["text"].tolist()  # what the CSV calls content
    assert counts["frequency"].sum() > 0
    checked = 0
    for entry in counts.index:
        expected = inclusive_count(entry, contents)
        if expected is not None:
            assert counts.loc[entry, "frequency"] == expected, entry
            checked += 1
    assert checked >= 5


def test_headlines_are_counted_beside_texts(runs, built):
    figures, _ = runs
    table = pd.read_csv(folder_of(figures, built["csv"]) / "02_headlines_and_texts.csv")
    headlines = built["articles"]["title"].tolist()
    titles = table[table["field"] == "title"].set_index("entry")["frequency"]
    assert set(table["field"]) == {"title", "text"}
    assert titles.sum() > 0, "the test corpus has formulas in its headlines"
    for entry, frequency in titles.items():
        expected = inclusive_count(entry, headlines)
        if expected is not None:
            assert frequency == expected, entry


def test_a_trend_over_the_corpus_dates_keeps_their_precision(runs, built):
    import warnings

    import kit

    figures, results = runs
    corpus = kit.open_corpus(str(built["csv"]), text_column="content", title_column="headline",
                             id_column="id", date_column="published")
    # dates over four months, of day, month and year precision: the run draws a trend by month, and a
    # document dated only to the year is never placed in a month
    choice = kit.choose_period(corpus)
    assert choice.period == "month", choice.reason
    assert "kit: skipped the trend and life course over the corpus's own dates" not in results["csv"].stdout
    by_month = pd.read_csv(folder_of(figures, built["csv"]) / "04_trend.csv", dtype={"period_label": str})
    published = pd.read_csv(built["csv"], dtype=str, keep_default_na=False)["published"]
    assert by_month["period_label"].str.fullmatch(r"\d{4}-\d{2}").all()
    placed = by_month.drop_duplicates("period")["documents"].sum()
    assert placed == published.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").sum()
    assert published.str.fullmatch(r"\d{4}").sum() >= 1, "a year-only date exists and is left out"
    # a trend by day, asked for, places only the documents dated to the day
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trend = kit.trend(corpus, period="day")
    full_dates = published.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    per_period = trend.drop_duplicates("period")["documents"]
    assert trend["period_label"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert per_period.sum() == full_dates.sum()
    assert (published.str.fullmatch(r"\d{4}(-\d{2})?")).sum() >= 2  # year- and month-only dates exist
