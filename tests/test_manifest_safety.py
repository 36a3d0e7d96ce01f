"""The manifest under concurrent saves and kills, and without absolute paths."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from kit.figures import check_manifest, read_manifest, save_figure
from kit.filelock import exclusive_lock
from kit.io import read_corpus
from kit.lexicon import load_lexicon

# Each process saves eight small figures into one folder, starting together.
SAVER = textwrap.dedent("""
    import sys, time, pathlib
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    from kit.figures import save_figure

    out, tag, go = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.005)
    for i in range(8):
        fig, ax = plt.subplots(figsize=(1, 1))
        ax.plot([0, i])
        save_figure(fig, f"{tag}_{i}", pd.DataFrame({"x": [i]}), directory=out, dpi=20)
        plt.close(fig)
""")


def test_two_processes_saving_into_one_folder_lose_no_entry(tmp_path):
    out, go = tmp_path / "figures", tmp_path / "go"
    savers = [subprocess.Popen([sys.executable, "-c", SAVER, str(out), tag, str(go)]) for tag in ("a", "b")]
    time.sleep(1.5)  # both have imported matplotlib and wait for the start
    go.touch()
    assert [p.wait(timeout=120) for p in savers] == [0, 0]
    figures = read_manifest(out)["figures"]
    assert sorted(figures) == sorted(f"{tag}_{i}" for tag in "ab" for i in range(8))
    report = check_manifest(out)
    assert len(report) == 16 * 3 and (report["status"] == "ok").all()
    assert not any(p.name.endswith(".lock") for p in out.iterdir())  # no stray lock file


# Saves a figure, but dies (SIGKILL) right after its last file is written,
# before the manifest can record it.
KILLED = textwrap.dedent("""
    import os, signal, sys
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    import kit.figures as figures

    written = figures.write_bytes_atomic
    def write_then_die(path, data):
        result = written(path, data)
        if str(path).endswith(".csv"):
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    figures.write_bytes_atomic = write_then_die

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 2])
    figures.save_figure(fig, "f", pd.DataFrame({"x": [2]}), directory=sys.argv[1], dpi=20)
""")


def small_figure(value: int):
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, value])
    return fig


def test_a_kill_between_the_files_and_the_manifest_leaves_no_stale_hashes(tmp_path):
    out = tmp_path / "figures"
    save_figure(small_figure(1), "f", pd.DataFrame({"x": [1]}), directory=out, dpi=20)
    save_figure(small_figure(1), "other", pd.DataFrame({"x": [1]}), directory=out, dpi=20)
    old = read_manifest(out)["figures"]["f"]

    killed = subprocess.run([sys.executable, "-c", KILLED, str(out)], timeout=120)
    assert killed.returncode == -9
    assert (out / "f.csv").read_text(encoding="utf-8") == "x\n2\n"  # the new files are there
    entry = read_manifest(out)["figures"]["f"]
    for ext, recorded in entry.get("files", {}).items():  # whatever it records, it does not vouch for stale bytes
        assert recorded == hashlib.sha256((out / f"f.{ext}").read_bytes()).hexdigest()
    assert entry != old and entry == {"incomplete": True}
    report = check_manifest(out).set_index("figure")
    assert report.loc["f", "status"] == "incomplete"
    assert (report.loc["other", "status"] == "ok").all()

    # the next run repairs it
    save_figure(small_figure(2), "f", pd.DataFrame({"x": [2]}), directory=out, dpi=20)
    assert (check_manifest(out)["status"] == "ok").all()


def test_check_manifest_reports_changed_and_missing_files(tmp_path):
    save_figure(small_figure(1), "f", pd.DataFrame({"x": [1]}), directory=tmp_path, dpi=20)
    (tmp_path / "f.csv").write_text("x\n9\n", encoding="utf-8")
    (tmp_path / "f.pdf").unlink()
    status = check_manifest(tmp_path).set_index("file")["status"].to_dict()
    assert status == {"f.csv": "changed", "f.pdf": "missing", "f.png": "ok"}


def test_the_lock_lets_one_holder_in_at_a_time(tmp_path):
    lock = tmp_path / "m.lock"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from kit.filelock import exclusive_lock
        with exclusive_lock({str(lock)!r}):
            open({str(tmp_path / 'held')!r}, 'w').close()
            time.sleep(1.0)
    """)])
    while not (tmp_path / "held").exists():
        time.sleep(0.01)
    start = time.monotonic()
    with exclusive_lock(lock):
        waited = time.monotonic() - start
    holder.wait(timeout=30)
    assert waited > 0.5  # it waited for the other holder to let go
    assert not lock.exists()


# -- no absolute paths outside the project ----------------------------------------------
def test_manifest_records_no_absolute_path_outside_the_project(tmp_path, monkeypatch):
    home = tmp_path / "home" / "researcher"
    corpus_dir = home / "articles"
    for year in ("2025", "2026"):
        (corpus_dir / year).mkdir(parents=True)
        (corpus_dir / year / "articles.csv").write_text(f"text\n{year}年，久久为功。\n", encoding="utf-8")
    lexicon_path = home / "my.yaml"
    lexicon_path.write_text('version: "1"\nname: mine\nentries:\n  - {phrase: 久久为功, category: 作风}\n',
                            encoding="utf-8")
    extra = home / "notes.txt"
    extra.write_text("notes", encoding="utf-8")
    notebook = home / "analysis.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("KIT_NOTEBOOK", str(notebook))

    corpus = read_corpus(corpus_dir)
    out = tmp_path / "out"
    save_figure(small_figure(1), "f", pd.DataFrame({"x": [1]}), inputs=[corpus, extra],
                lexicon=load_lexicon(lexicon_path), directory=out, dpi=20,
                params={"corpus": str(corpus_dir), "lexicon": lexicon_path})

    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text and "researcher" not in text
    entry = json.loads(text)["figures"]["f"]
    corpus_record, extra_record = entry["inputs"]
    # the two files of the same name stay apart: paths relative to the corpus folder
    assert [(f["path"], f["relative_to"]) for f in corpus_record["files"]] == [
        ("2025/articles.csv", "corpus"), ("2026/articles.csv", "corpus")]
    assert corpus_record["files"][0]["sha256"] == hashlib.sha256(
        (corpus_dir / "2025" / "articles.csv").read_bytes()).hexdigest()
    assert (extra_record["path"], extra_record["relative_to"]) == ("notes.txt", "file name")
    assert entry["lexicon"]["files"][0]["path"] == "my.yaml"
    assert entry["notebook"] == "analysis.ipynb"
    assert entry["parameters"] == {"corpus": "articles", "lexicon": "my.yaml"}


def test_paths_inside_the_project_stay_relative_to_it(tmp_path):
    page = Path("data/raw/lvliang-daily-2026-01-page.md")
    save_figure(small_figure(1), "f", pd.DataFrame({"x": [1]}), inputs=[page.resolve()], directory=tmp_path, dpi=20)
    (record,) = read_manifest(tmp_path)["figures"]["f"]["inputs"]
    assert record["path"] == page.as_posix() and "relative_to" not in record
    assert os.path.isabs(str(page.resolve()))
