"""Run the kit's notebooks headless, as ``make figures`` does.

Layer: top (figures/cli).  Notebooks are executed with papermill, in their
own folder, with ``KIT_NOTEBOOK`` set so that saved figures record the
notebook that made them.  The notebooks stay as committed (without
outputs); executed copies go to a temporary folder unless asked for.

Each analysis notebook opens with a parameters cell (tagged ``parameters``)
naming its corpus, lexicon, reference corpus, grouping column and output
folder; papermill sets them.  So, on your own corpus::

    make figures CORPUS=path/to/corpus
    python -m kit.notebooks --corpus path/to/corpus notebooks/*.ipynb

write every figure of every notebook to ``figures/<corpus name>/``, leaving
the bundled figures alone.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kit.paths import figures_dir, project_root

if TYPE_CHECKING:  # imported where used, inside main's handling of Ctrl-C
    import pandas as pd

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colours in tracebacks


class NotebookError(RuntimeError):
    """A notebook failed: the message names the notebook and the failing cell."""


def _shown(path: Path) -> Path:
    return path.relative_to(project_root()) if path.is_relative_to(project_root()) else path


def run_notebook(
    path: str | os.PathLike,
    parameters: dict | None = None,
    env: dict | None = None,
    timeout: int = 1800,
    executed_path: str | os.PathLike | None = None,
):
    """Execute one notebook headless and return it with its outputs.

    Parameters
    ----------
    path : path-like
        The .ipynb file.
    parameters : dict, optional
        Values for the notebook's parameters cell (``CORPUS``, ``LEXICON``,
        ``REFERENCE``, ``GROUP_BY``, ``OUTPUT_DIR``), set as papermill sets them.
    env : dict, optional
        Environment variables for the kernel (``KIT_*`` settings).
    timeout : int
        Seconds allowed for each cell.
    executed_path : path-like, optional
        Where to keep the executed copy; by default it is discarded.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    NotebookError
        With the notebook's path, the cell number and the error.

    Examples
    --------
    >>> nb = run_notebook("notebooks/01_quickstart.ipynb")  # doctest: +SKIP
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    path = Path(path).resolve()
    if not path.is_file():
        raise NotebookError(f"{path}: no such notebook")
    try:
        nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several unrelated types for bad JSON
        raise NotebookError(f"{path}: not a readable notebook ({error})") from None

    kernel_env = {"KIT_NOTEBOOK": str(path), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    kernel_env.update(env or {})
    saved = {key: os.environ.get(key) for key in kernel_env}
    os.environ.update(kernel_env)  # the kernel inherits this process's environment
    with tempfile.TemporaryDirectory(prefix="kit-nb-") as scratch:
        output = Path(executed_path) if executed_path else Path(scratch) / path.name
        try:
            return papermill.execute_notebook(
                str(path),
                str(output),
                parameters=dict(parameters or {}),
                kernel_name="python3",
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
            )
        except PapermillExecutionError as error:
            if error.ename == "KeyboardInterrupt":  # Ctrl-C reached the kernel too
                raise KeyboardInterrupt from None
            raise NotebookError(
                f"{_shown(path)}: cell {error.exec_count} raised {error.ename}: {error.evalue}\n"
                + _ANSI.sub("", "".join(error.traceback[-3:]) if error.traceback else "")
            ) from None
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def corpus_parameters(corpus: str | None, lexicon: str | None = None, output: str | None = None) -> dict:
    """The parameters that point every notebook at a researcher's own corpus.

    Parameters
    ----------
    corpus : str or None
        A path to the corpus (file or folder), or a reference corpus's name.
    lexicon : str, optional
        A path to a lexicon YAML file.
    output : str, optional
        The figures folder; by default ``figures/<corpus name>/`` when a corpus
        is given, so the bundled figures are never overwritten.

    Returns
    -------
    dict
        Parameters for :func:`run_notebook` (paths made absolute; ``LABEL``,
        the name figures give the corpus, is the corpus's file name).

    Examples
    --------
    >>> corpus_parameters(None)
    {}
    """
    parameters: dict = {}
    if corpus:
        is_path = Path(corpus).exists()
        parameters["CORPUS"] = str(Path(corpus).resolve()) if is_path else corpus
        name = Path(corpus).stem if is_path else corpus
        parameters["LABEL"] = name  # how the figures name the corpus
        output = output or str(figures_dir() / re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-"))
    if lexicon:
        parameters["LEXICON"] = str(Path(lexicon).resolve())
    if output:
        parameters["OUTPUT_DIR"] = str(Path(output).resolve())
    return parameters


def bundled_corpus_only(path: str | os.PathLike) -> str | None:
    """Why a notebook runs on the bundled corpora only, or None if it runs on any.

    A notebook whose results are checked against the bundled data (the
    teaching notebook's answers) says so in its metadata:
    ``{"kit": {"bundled_corpus_only": "<reason>"}}``.
    """
    import nbformat

    notebook = nbformat.read(Path(path), as_version=4)
    reason = notebook.metadata.get("kit", {}).get("bundled_corpus_only")
    return str(reason) if reason else None


def run_notebooks(paths, parameters: dict | None = None, timeout: int = 1800) -> pd.DataFrame:
    """Execute notebooks in order, stopping at the first that fails.

    Parameters
    ----------
    paths : iterable of path-like
    parameters : dict, optional
        Passed to every notebook (see :func:`corpus_parameters`).  With a
        ``CORPUS``, notebooks marked as running on the bundled corpora only
        are skipped, and the skip is reported.
    timeout : int
        Seconds allowed for each cell.

    Returns
    -------
    pandas.DataFrame
        One row per notebook: ``notebook``, ``cells``, ``seconds``,
        ``skipped`` (the reason, or empty).
    """
    import pandas as pd

    rows = []
    for path in sorted(Path(p) for p in paths):
        reason = bundled_corpus_only(path) if (parameters or {}).get("CORPUS") else None
        if reason:
            rows.append({"notebook": str(path), "cells": 0, "seconds": 0.0, "skipped": reason})
            print(f"kit: skipped {path}: {reason}", flush=True)
            continue
        start = time.perf_counter()
        notebook = run_notebook(path, parameters=parameters, timeout=timeout)
        seconds = time.perf_counter() - start
        rows.append({"notebook": str(path), "cells": len(notebook.cells), "seconds": round(seconds, 1), "skipped": ""})
        print(f"kit: ran {path} ({seconds:.1f} s)", flush=True)
    return pd.DataFrame(rows, columns=["notebook", "cells", "seconds", "skipped"])


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kit.notebooks [--corpus PATH] NOTEBOOK ...``.

    Ctrl-C prints ``kit: interrupted`` and returns 130, without a traceback.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("kit: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.notebooks", description="Run notebooks headless.")
    parser.add_argument("notebooks", nargs="+", help=".ipynb files")
    parser.add_argument("--corpus", help="run on this corpus (a file, a folder, or 'peoples_daily_1998')")
    parser.add_argument("--lexicon", help="use this lexicon YAML file instead of the bundled one")
    parser.add_argument("--output", help="write figures here (default: figures/, or figures/<corpus name>/ with --corpus)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    if args.corpus and not Path(args.corpus).exists() and args.corpus != "peoples_daily_1998":
        print(f"kit: no such corpus: {args.corpus}", file=sys.stderr)
        return 1
    try:
        parameters = corpus_parameters(args.corpus, args.lexicon, args.output)
        if parameters.get("OUTPUT_DIR"):
            print(f"kit: figures go to {parameters['OUTPUT_DIR']}", flush=True)
        run_notebooks(args.notebooks, parameters=parameters, timeout=args.timeout)
    except NotebookError as error:
        print(f"kit: notebook failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
