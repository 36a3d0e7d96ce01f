"""Every notebook reruns on a researcher's own corpus, set through its
parameters cell (papermill), and writes its figures to their own folder."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

NOTEBOOKS = sorted(Path("notebooks").glob("*.ipynb"))

# A county paper of six articles, in two genres, with the formulas the
# notebooks look for (co-occurring in paragraphs, quoted, numbered).
ARTICLES = [
    ("2026-01-05", "news", "社区党建引领议事",
     "本报讯 某县坚持党建引领，聚焦群众急难愁盼，打通服务群众“最后一米”。社区推行“一社一品”，群众满意度提升。\n"
     "党建引领下，社区解决群众急难愁盼问题三十件，久久为功抓落实。"),
    ("2026-01-12", "news", "街道治理见成效",
     "本报讯 街道以党建引领基层治理，回应群众急难愁盼，推动治理从“被动应对”向“主动治理”转变。\n"
     "群众说，党建引领让社区更有温度，急难愁盼有人管。"),
    ("2026-01-19", "commentary", "民生服务贵在久久为功",
     "民生服务没有终点，需要久久为功。解决群众急难愁盼，要打通“最后一米”，让群众有获得感、幸福感、安全感。\n"
     "久久为功，方能行稳致远。"),
    ("2026-01-26", "commentary", "让服务更有温度",
     "服务群众要更有力度、更有温度。党建引领不是口号，急难愁盼就是工作的方向。\n“微心愿”墙前，群众写下心愿，党员认领。"),
    ("2026-02-02", "news", "志愿服务进万家",
     "本报讯 志愿者开展“微心愿”认领活动，党建引领志愿服务，解决群众急难愁盼。\n“一社一品”特色服务品牌覆盖全部社区，群众获得感持续增强。"),
    ("2026-02-09", "news", "四双机制落地",
     "本报讯 某镇落实“四双”机制，通过“需求—资源—项目”三清单精准对接，回应群众急难愁盼，党建引领基层治理。\n"
     "该镇打通“最后一米”，久久为功推动治理提质增效。"),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("second")
    corpus = root / "county.csv"
    pd.DataFrame(ARTICLES, columns=["date", "genre", "title", "text"]).to_csv(corpus, index=False)
    figures = root / "figures"
    env = {**os.environ, "KIT_FIGURES_DIR": str(figures)}
    result = subprocess.run(
        [sys.executable, "-m", "kit.notebooks", "--corpus", str(corpus), *map(str, NOTEBOOKS)],
        capture_output=True, text=True, env=env, timeout=3000,
    )
    return corpus, figures, result


def _bundled_only(path):
    from kit.notebooks import bundled_corpus_only

    return bundled_corpus_only(path) is not None


def test_all_notebooks_ran(run):
    _, _, result = run
    assert result.returncode == 0, result.stderr[-3000:]
    for notebook in NOTEBOOKS:
        if _bundled_only(notebook):
            assert f"skipped {notebook}" in result.stdout, "a notebook for the bundled corpus only is skipped, with its reason"
        else:
            assert f"ran {notebook}" in result.stdout


def test_figures_land_in_the_corpus_own_folder(run):
    _, figures, _ = run
    own = figures / "county"
    assert own.is_dir()
    assert not [p for p in figures.iterdir() if p.is_file()], "nothing may be written to the bundled figures folder"
    manifest = json.loads((own / "manifest.json").read_text(encoding="utf-8"))["figures"]
    by_notebook = {entry["notebook"] for entry in manifest.values()}
    assert by_notebook == {p.as_posix() for p in NOTEBOOKS if not _bundled_only(p)}
    for name in manifest:
        for ext in ("png", "pdf", "csv"):
            assert (own / f"{name}.{ext}").stat().st_size > 0


def test_manifest_records_the_researchers_file(run):
    corpus, figures, _ = run
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()
    entry = json.loads((figures / "county" / "manifest.json").read_text(encoding="utf-8"))["figures"][
        "01_quickstart_formula_counts"]
    (record,) = entry["inputs"]
    assert record["documents"] == len(ARTICLES)
    assert record["files"][0]["sha256"] == digest


def test_quickstart_counts_are_those_of_the_new_corpus(run):
    _, figures, _ = run
    counts = pd.read_csv(figures / "county" / "01_quickstart_formula_counts.csv").set_index("entry")
    texts = [text for *_, text in ARTICLES]
    for phrase in ("最后一米", "急难愁盼", "久久为功"):
        assert counts.loc[phrase, "frequency"] == sum(t.count(phrase) for t in texts)


def test_make_passes_the_corpus_on():
    dry = subprocess.run(["make", "-n", "figures", "CORPUS=some/corpus.csv", "OUTPUT=out"],
                         capture_output=True, text=True, check=True)
    assert '--corpus "some/corpus.csv"' in dry.stdout and '--output "out"' in dry.stdout
