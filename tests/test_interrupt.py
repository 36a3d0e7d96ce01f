"""Ctrl-C at any moment of the command line ends with `kit: interrupted` and 130, no traceback."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kit import notebooks

# A stand-in for pandas whose import is interrupted, as a Ctrl-C during the
# second or so that importing the scientific libraries takes would be.
INTERRUPTED_IMPORT = "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)\n"


@pytest.fixture
def interrupted_pandas(tmp_path):
    (tmp_path / "pandas").mkdir()
    (tmp_path / "pandas" / "__init__.py").write_text(INTERRUPTED_IMPORT, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(tmp_path)}


def default_sigint():
    # A shell that runs the suite in the background (``make test &``) starts it with SIGINT ignored,
    # and an ignored signal stays ignored in every child; a terminal's Ctrl-C reaches a process whose
    # SIGINT is at its default, which is what these tests simulate.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(command, env):
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60,
                          preexec_fn=default_sigint)


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "kit", "read", "data/raw/lvliang-daily-2026-01-page.md"],
    [sys.executable, "-m", "kit", "count", "data/raw/lvliang-daily-2026-01-page.md"],
    [sys.executable, "-m", "kit.notebooks", "notebooks/01_quickstart.ipynb"],
], ids=["kit read", "kit count", "python -m kit.notebooks"])
def test_ctrl_c_during_imports_prints_one_line_and_exits_130(command, interrupted_pandas):
    result = run(command, interrupted_pandas)
    assert (result.returncode, result.stderr) == (130, "kit: interrupted\n")


def test_the_installed_kit_command_too(interrupted_pandas):
    script = Path(sys.executable).with_name("kit")
    if not script.exists():
        pytest.skip("the kit command is not installed next to this Python")
    result = run([str(script), "read", "data/raw/lvliang-daily-2026-01-page.md"], interrupted_pandas)
    assert (result.returncode, result.stderr) == (130, "kit: interrupted\n")


def test_ctrl_c_that_reaches_the_notebook_kernel_is_an_interruption(monkeypatch, capsys):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    def interrupted(*args, **kwargs):  # what papermill raises when the kernel got the SIGINT
        raise PapermillExecutionError(3, 3, "time.sleep(60)", "KeyboardInterrupt", "", [])

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        notebooks.run_notebook("notebooks/01_quickstart.ipynb")
    assert notebooks.main(["notebooks/01_quickstart.ipynb"]) == 130
    assert capsys.readouterr().err == "kit: interrupted\n"
