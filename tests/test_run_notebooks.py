"""Notebooks run several at once: the log in notebook order, the same files whatever the order."""
import json
import subprocess
import sys

import nbformat
import pytest

from kit.notebooks import NotebookError, default_jobs, run_notebook, run_notebooks

pytestmark = pytest.mark.slow  # each test starts Jupyter kernels


def _notebook(path, *sources):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


SAVE = """
import matplotlib; matplotlib.use("Agg")
import pandas as pd, kit
table = pd.DataFrame({{"entry": ["{entry}", "久久为功"], "frequency": [{n}, 1]}})
kit.save_figure(kit.plot.frequency_bars(table, title="{entry}"), "{name}", table, directory=r"{folder}")
"""


def test_the_log_follows_the_notebooks_order_not_the_order_they_finish(tmp_path, capsys):
    _notebook(tmp_path / "a.ipynb", "import time; time.sleep(4)", "print('kit: skipped section A: slow')")
    _notebook(tmp_path / "b.ipynb", "print('kit: skipped section B: quick')")
    table = run_notebooks([tmp_path / "b.ipynb", tmp_path / "a.ipynb"], jobs=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "kit: running 2 notebooks, 2 at a time"
    assert lines[1].startswith(f"kit: ran {tmp_path / 'a.ipynb'} (") and lines[2] == "  kit: skipped section A: slow"
    assert lines[3].startswith(f"kit: ran {tmp_path / 'b.ipynb'} (") and lines[4] == "  kit: skipped section B: quick"
    assert lines[5].startswith("kit: ran 2 notebooks in ") and "(2 at a time;" in lines[5]
    assert table["notebook"].tolist() == [str(tmp_path / "a.ipynb"), str(tmp_path / "b.ipynb")]
    assert table["seconds"].iloc[0] > 4 > table["seconds"].iloc[1]
    # they ran side by side: the whole run took less than the two one after the other
    assert table.attrs["seconds"] < table["seconds"].sum() and table.attrs["jobs"] == 2


def test_a_failing_notebook_fails_the_run_and_stops_the_ones_not_started(tmp_path, capsys):
    _notebook(tmp_path / "1_fails.ipynb", "1 / 0")
    _notebook(tmp_path / "2_runs.ipynb", "import time; time.sleep(3)")
    _notebook(tmp_path / "3_waits.ipynb", f"open(r'{tmp_path / 'ran'}', 'w').close()")
    with pytest.raises(NotebookError, match=r"1_fails.ipynb: cell 1 raised ZeroDivisionError"):
        run_notebooks(sorted(tmp_path.glob("*.ipynb")), jobs=2)
    out = capsys.readouterr().out
    assert f"kit: failed {tmp_path / '1_fails.ipynb'}" in out
    assert f"kit: ran {tmp_path / '2_runs.ipynb'}" in out, "a notebook already running finishes and is reported"
    assert not (tmp_path / "ran").exists(), "a notebook not yet started is not run"


def test_the_files_are_the_same_whatever_runs_at_once(tmp_path):
    for name, entry, n in (("a", "急难愁盼", 3), ("b", "最后一米", 2), ("c", "党建引领", 5)):
        for jobs in (1, 3):
            folder = tmp_path / f"jobs{jobs}"
            _notebook(folder.mkdir(exist_ok=True) or folder / f"{name}.ipynb",
                      SAVE.format(entry=entry, n=n, name=name, folder=folder / "figures"))
    for jobs in (1, 3):
        run_notebooks(sorted((tmp_path / f"jobs{jobs}").glob("*.ipynb")), jobs=jobs)
    one, three = tmp_path / "jobs1" / "figures", tmp_path / "jobs3" / "figures"
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in three.iterdir()) and "manifest.json" in names
    for name in names:
        assert (one / name).read_bytes() == (three / name).read_bytes(), name
    assert list(json.loads((three / "manifest.json").read_text(encoding="utf-8"))["figures"]) == ["a", "b", "c"]


def test_kernels_talk_over_private_sockets_and_say_nothing_on_the_terminal(tmp_path, capfd):
    path = _notebook(tmp_path / "k.ipynb", "from ipykernel import get_connection_info\n"
                                           "print(get_connection_info(unpack=True)['transport'])")
    notebook = run_notebook(path)
    assert notebook.cells[0].outputs[0]["text"].strip() == "ipc"
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out
    assert not list(tmp_path.glob("kernel*")), "no socket file is left in the notebook's folder"


def test_jobs_from_the_command_line_and_from_make(tmp_path):
    path = _notebook(tmp_path / "n.ipynb", "x = 1")
    for command, env in (([path, "--jobs", "0"], {}), ([path, "--from-environment"], {"JOBS": "many"})):
        result = subprocess.run([sys.executable, "-m", "kit.notebooks", *map(str, command)],
                                capture_output=True, text=True, env={**_environ(), **env})
        assert result.returncode in (1, 2) and "number of notebooks to run at once" in result.stderr
    assert default_jobs(1) == 1 and default_jobs(100) >= 1


def _environ():
    import os

    return dict(os.environ)


def test_ctrl_c_ends_every_kernel_and_the_run_with_130(tmp_path):
    import os
    import signal
    import time

    for name in ("a", "b"):
        _notebook(tmp_path / f"{name}.ipynb",
                  f"import os, time; open(r'{tmp_path / name}.pid', 'w').write(str(os.getpid())); time.sleep(120)")
    run = subprocess.Popen([sys.executable, "-m", "kit.notebooks", "--jobs", "2", *sorted(map(str, tmp_path.glob("*.ipynb")))],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                           # SIGINT at its default, as under a terminal, even when the suite runs in the background
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("*.pid"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    kernels = [int(p.read_text()) for p in tmp_path.glob("*.pid")]
    assert len(kernels) == 2, "both notebooks run at once"
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground processes
    out, err = run.communicate(timeout=30)
    assert (run.returncode, err) == (130, "kit: interrupted\n")
    time.sleep(0.5)
    for pid in kernels:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_longest_notebook_of_the_last_run_starts_first(tmp_path, monkeypatch):
    from kit.notebooks import SECONDS_FILE, _Result, longest_first, remember_seconds
    from kit.paths import project_root

    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path))
    books = [project_root() / "notebooks" / name for name in ("01_a.ipynb", "02_b.ipynb", "03_c.ipynb")]
    assert longest_first(books) == books, "without a record the notebooks keep their order"
    remember_seconds([_Result(books[0], cells=3, seconds=2.0), _Result(books[1], cells=3, seconds=9.0),
                      _Result(tmp_path / "elsewhere.ipynb", cells=1, seconds=50.0)])
    record = json.loads((tmp_path / SECONDS_FILE).read_text())
    assert record == {"notebooks/01_a.ipynb": 2.0, "notebooks/02_b.ipynb": 9.0}, "only the project's notebooks"
    assert longest_first(books) == [books[1], books[0], books[2]], "the unknown one last"
    remember_seconds([_Result(books[2], cells=3, seconds=20.0)])
    assert longest_first(books) == [books[2], books[1], books[0]], "a later run adds to the record"
    (tmp_path / SECONDS_FILE).write_text("not json")
    assert longest_first(books) == books, "an unreadable record is ignored"


def test_the_runner_loads_papermill_without_the_iri_grammar_and_keeps_its_copy_only_on_request(tmp_path):
    # jsonschema's IRI check builds a grammar at import (2 s); notebook
    # validation never uses it.  The module stays importable afterwards, and a
    # notebook still validates and runs.
    code = """
import sys, json
from kit.notebooks import _papermill, run_notebook
_papermill()
import jsonschema, nbformat
checkers = jsonschema.FormatChecker().checkers
import rfc3987_syntax
nb = run_notebook(sys.argv[1], executed_path=sys.argv[2])
nbformat.validate(nb)
print(json.dumps({"iri": "iri" in checkers, "uri": "uri" in checkers,
                  "outputs": [len(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]}))
"""
    notebook = tmp_path / "tiny.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(nb, notebook)
    kept = tmp_path / "kept.ipynb"
    done = subprocess.run([sys.executable, "-c", code, str(notebook), str(kept)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said == {"iri": False, "uri": True, "outputs": [1]}
    assert "42" in json.dumps(nbformat.read(kept, as_version=4).cells[0].outputs)


def test_a_headless_run_does_not_render_figures_for_display_and_a_kept_copy_shows_them(tmp_path):
    # Headless, a figure is neither redrawn by interactive mode nor rendered for a display nobody
    # sees, and it is closed at the end of its cell as the inline backend closes it.
    notebook = tmp_path / "figure.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import matplotlib.figure, matplotlib.pyplot as plt\n"
        "draws = []\n"
        "_draw = matplotlib.figure.Figure.draw\n"
        "matplotlib.figure.Figure.draw = lambda self, r: draws.append(1) or _draw(self, r)\n"
        "fig, ax = plt.subplots()\n"
        "_ = ax.plot([1, 2], [2, 1])\n"
        "ax.set_title('x')\n"
        "fig"),
        nbformat.v4.new_code_cell("print(len(draws), len(plt.get_fignums()))")])
    nbformat.write(nb, notebook)

    def shown(run):
        outputs = [o for c in run.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        return sorted(key for o in outputs for key in o.get("data", {})), outputs[-1].get("text", "").split()

    assert shown(run_notebook(notebook)) == (["text/plain"], ["0", "0"])  # "<Figure size …>", never drawn, closed
    kept = run_notebook(notebook, executed_path=tmp_path / "kept.ipynb")
    kinds, (draws, still_open) = shown(kept)
    assert "image/png" in kinds and int(draws) >= 1 and still_open == "0"
