"""save_figure writes PNG, PDF, CSV and a manifest entry, deterministically and atomically."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

from kit.atomic import write_bytes_atomic
from kit.figures import read_manifest, save_figure
from kit.plot import frequency_bars

PAGE = Path("data/raw/lvliang-daily-2026-01-page.md")
TABLE = pd.DataFrame(
    {"entry": ["最后一米", "急难愁盼", "久久为功"], "frequency": [1, 4, 2], "gloss": ["last metre", "urgent needs", "sustained effort"]}
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _figure():
    return frequency_bars(TABLE, gloss="gloss", title="提法")


def test_writes_three_files_and_a_manifest_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_NOTEBOOK", str(Path("notebooks/01_quickstart.ipynb").resolve()))
    report = save_figure(_figure(), "01_counts", TABLE, inputs=[PAGE], params={"window": 5}, directory=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_counts.csv", "01_counts.pdf", "01_counts.png", "manifest.json"]
    assert report["written"].all()

    entry = read_manifest(tmp_path)["figures"]["01_counts"]
    assert entry["notebook"] == "notebooks/01_quickstart.ipynb"
    assert entry["parameters"] == {"window": 5}
    assert entry["inputs"] == [
        {"path": PAGE.as_posix(), "bytes": PAGE.stat().st_size, "sha256": hashlib.sha256(PAGE.read_bytes()).hexdigest()}
    ]
    for ext in ("png", "pdf", "csv"):
        assert entry["files"][ext] == hashlib.sha256((tmp_path / f"01_counts.{ext}").read_bytes()).hexdigest()


def test_csv_holds_the_table(tmp_path):
    save_figure(_figure(), "t", TABLE, directory=tmp_path)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "t.csv"), TABLE)


def test_png_is_300_dpi_and_pdf_has_no_dates(tmp_path):
    save_figure(_figure(), "t", TABLE, directory=tmp_path)
    with Image.open(tmp_path / "t.png") as image:
        assert [round(v) for v in image.info["dpi"]] == [300, 300]
    pdf = (tmp_path / "t.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    assert b"FontFile2" in pdf or b"FontFile3" in pdf, "the CJK font must be embedded"


def test_each_format_is_drawn_once(tmp_path, monkeypatch):
    # The text check's draw also measures the tight area both files keep; savefig,
    # left to find "tight" itself, draws every format twice.
    import matplotlib.figure

    draws = []
    original = matplotlib.figure.Figure.draw
    monkeypatch.setattr(matplotlib.figure.Figure, "draw",
                        lambda self, renderer: draws.append(type(renderer).__name__) or original(self, renderer))
    save_figure(_figure(), "t", TABLE, directory=tmp_path)
    assert len(draws) == 3, draws  # the check, the PNG, the PDF


def test_the_kept_area_is_the_tight_one(tmp_path):
    # The area measured from the check's draw (at the figure's dpi) is the one
    # savefig finds when it measures at 300 dpi, to within a few pixels, so
    # nothing is cut and no margin is added.
    import io

    fig = _figure()
    save_figure(fig, "t", TABLE, directory=tmp_path)
    own = io.BytesIO()
    fig.savefig(own, format="png", dpi=300, bbox_inches="tight")
    with Image.open(tmp_path / "t.png") as ours, Image.open(own) as theirs:
        assert abs(ours.width - theirs.width) <= 3 and abs(ours.height - theirs.height) <= 3, (ours.size, theirs.size)
        assert ours.width > 300 and ours.height > 300


def test_saving_again_rewrites_nothing(tmp_path):
    save_figure(_figure(), "t", TABLE, directory=tmp_path)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    report = save_figure(_figure(), "t", TABLE, directory=tmp_path)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert not report["written"].any()
    assert before == after


SCRIPT = """
import sys, matplotlib; matplotlib.use("Agg")
import pandas as pd
from kit.plot import frequency_bars
from kit.figures import save_figure
t = pd.DataFrame({"entry": ["党建引领", "同频共振"], "frequency": [5, 2]})
save_figure(frequency_bars(t, title="提法"), "f", t, directory=sys.argv[1])
"""


def test_two_processes_write_identical_bytes(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / name)], check=True)
    for file in ("f.png", "f.pdf", "f.csv", "manifest.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file


def test_manifest_keeps_other_figures_sorted(tmp_path):
    save_figure(_figure(), "b_second", TABLE, directory=tmp_path)
    save_figure(_figure(), "a_first", TABLE, directory=tmp_path)
    names = list(json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["figures"])
    assert names == ["a_first", "b_second"]


@pytest.mark.parametrize("name", ["", "../escape", "a b", "图"])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(ValueError, match="name"):
        save_figure(_figure(), name, TABLE, directory=tmp_path)


def test_bad_input_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-file"):
        save_figure(_figure(), "t", TABLE, inputs=["no-such-file.md"], directory=tmp_path)


def test_corrupt_manifest_is_reported_not_overwritten(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="manifest.json is not valid JSON"):
        save_figure(_figure(), "t", TABLE, directory=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "x.bin"
    target.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("kit.atomic.os.replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"], "no temporary file may be left behind"


def teardown_module():
    plt.close("all")


def test_tokens_provenance_is_recorded(tmp_path):
    class FakeTokens:
        provenance = {"model": "default", "pkuseg_version": "0.0.25"}

    save_figure(_figure(), "t", TABLE, tokenizer=FakeTokens(), directory=tmp_path)
    assert read_manifest(tmp_path)["figures"]["t"]["tokenizer"] == {"model": "default", "pkuseg_version": "0.0.25"}


def test_bad_provenance_writes_nothing(tmp_path):
    with pytest.raises(TypeError, match="tokenizer"):
        save_figure(_figure(), "t", TABLE, tokenizer=object(), directory=tmp_path)
    assert not any(tmp_path.iterdir()), "a failed save must leave no figure without its manifest entry"


def test_written_files_follow_the_umask(tmp_path):
    import os
    import stat

    from kit import atomic

    target = tmp_path / "f.bin"
    write_bytes_atomic(target, b"data")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~atomic._UMASK


def test_a_corpus_input_records_its_files_and_text(tmp_path):
    from kit.io import read_corpus

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("久久为功。", encoding="utf-8")
    (folder / "b.txt").write_text("急难愁盼。", encoding="utf-8")
    corpus = read_corpus(folder)
    save_figure(_figure(), "t", TABLE, inputs=[corpus], directory=tmp_path / "out")
    (record,) = read_manifest(tmp_path / "out")["figures"]["t"]["inputs"]
    assert record["documents"] == 2
    assert [Path(f["path"]).name for f in record["files"]] == ["a.txt", "b.txt"]
    assert record["files"][0]["sha256"] == hashlib.sha256((folder / "a.txt").read_bytes()).hexdigest()
    assert record["normalization"]["fullwidth"] is True


@pytest.fixture
def render_records(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_RESULT_CACHE", "1")  # the tests turn it off everywhere else
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "renders"


def _count_draws(monkeypatch):
    import matplotlib.figure

    draws = []
    original = matplotlib.figure.Figure.draw
    monkeypatch.setattr(matplotlib.figure.Figure, "draw",
                        lambda self, renderer: draws.append(type(renderer).__name__) or original(self, renderer))
    return draws


def test_a_figure_drawn_before_into_the_same_files_is_not_drawn_again(tmp_path, monkeypatch, render_records):
    folder = tmp_path / "out"
    save_figure(_figure(), "t", TABLE, directory=folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    draws = _count_draws(monkeypatch)
    report = save_figure(_figure(), "t", TABLE, directory=folder)
    assert len(draws) == 1  # the text and layout check only
    assert not report["written"].any()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_changed_figure_or_changed_files_are_drawn_again(tmp_path, monkeypatch, render_records):
    folder = tmp_path / "out"
    save_figure(_figure(), "t", TABLE, directory=folder)
    good_png = (folder / "t.png").read_bytes()
    draws = _count_draws(monkeypatch)

    changed = frequency_bars(TABLE.assign(frequency=[1, 4, 3]), gloss="gloss", title="提法")
    save_figure(changed, "t", TABLE, directory=folder)
    assert len(draws) == 3 and (folder / "t.png").read_bytes() != good_png

    save_figure(_figure(), "t", TABLE, directory=folder)  # back to the first figure
    assert len(draws) == 6 and (folder / "t.png").read_bytes() == good_png
    (folder / "t.png").write_bytes(b"edited by hand")
    save_figure(_figure(), "t", TABLE, directory=folder)
    assert len(draws) == 9 and (folder / "t.png").read_bytes() == good_png

    save_figure(_figure(), "t", TABLE, directory=tmp_path / "elsewhere")
    assert len(draws) == 12


def test_a_figure_that_cannot_be_pickled_is_always_drawn(tmp_path, monkeypatch, render_records):
    from matplotlib.ticker import FuncFormatter

    def figure():
        fig = _figure()
        fig.axes[0].xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}次"))
        return fig

    draws = _count_draws(monkeypatch)
    for _ in range(2):
        save_figure(figure(), "t", TABLE, directory=tmp_path / "out")
    assert len(draws) == 6 and not render_records.exists()


KEY_SCRIPT = """
import sys, matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt, pandas as pd
from kit.plot import frequency_bars
from kit.figures import render_key
plt.subplots()  # another figure first: the figure's number is not part of its key
table = pd.DataFrame({"entry": ["最后一米", "急难愁盼"], "frequency": [1, 4]})
print(render_key(frequency_bars(table, title="提法"), 300))
"""


def test_the_same_figure_has_the_same_key_in_every_process(tmp_path):
    keys = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "KIT_RESULT_CACHE": "1", "KIT_CACHE_DIR": str(tmp_path)}
        done = subprocess.run([sys.executable, "-c", KEY_SCRIPT], capture_output=True, text=True, env=env,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        keys.add(done.stdout.strip())
    assert len(keys) == 1 and len(keys.pop()) == 64
