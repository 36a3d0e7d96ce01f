"""Every notebook runs headless, writes its figures with provenance, and is committed clean."""
import json
from pathlib import Path

import nbformat
import pytest

from kit.figures import read_manifest
from kit.notebooks import NotebookError, run_notebook

NOTEBOOKS = sorted(Path("notebooks").glob("*.ipynb")) + sorted(Path("notebooks/teacher").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ must hold the kit's analyses"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path}: commit notebooks without outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path):
    """Narrative and calls into kit/: no function or class definitions."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                assert not line.lstrip().startswith(("def ", "class ", "lambda")), f"{path}: {line!r} belongs in kit/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_saves_its_figures(path, tmp_path):
    run_notebook(path, env={"KIT_FIGURES_DIR": str(tmp_path)})
    figures = read_manifest(tmp_path)["figures"]
    made_here = {name: e for name, e in figures.items() if e["notebook"] == path.as_posix()}
    assert made_here, f"{path} saved no figure"
    for name, entry in made_here.items():
        # a figure writes png, pdf and csv; another output (an explorer page) the files it lists
        for ext in entry["files"] if entry.get("kind") else ("png", "pdf", "csv"):
            assert (tmp_path / f"{name}.{ext}").stat().st_size > 0
        assert entry["inputs"], f"{name}: the manifest must record what the figure was computed from"


def test_a_failing_cell_names_the_notebook(tmp_path):
    bad = nbformat.v4.new_notebook()
    bad.cells = [nbformat.v4.new_code_cell("1 / 0")]
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(NotebookError, match=r"bad.ipynb: cell 1 raised ZeroDivisionError: division by zero"):
        run_notebook(path)
