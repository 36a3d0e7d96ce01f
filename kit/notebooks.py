"""Run the kit's notebooks headless, as ``make figures`` does.

Layer: top (figures/cli).  Each notebook is executed in memory with nbclient,
in its own folder, with ``KIT_NOTEBOOK`` set so that saved figures record the
notebook that made them.  Notebooks stay as committed (without outputs).

Usage::

    python -m kit.notebooks notebooks/*.ipynb
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd

from kit.paths import project_root


_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colours in tracebacks


class NotebookError(RuntimeError):
    """A notebook failed: the message names the notebook and the failing cell."""


def run_notebook(path: str | os.PathLike, timeout: int = 1800, parameters: dict | None = None):
    """Execute one notebook headless and return it with its outputs.

    Parameters
    ----------
    path : path-like
        The .ipynb file.
    timeout : int
        Seconds allowed for each cell.
    parameters : dict, optional
        Environment variables for the kernel (``KIT_*`` settings).

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook (not written back to disk).

    Raises
    ------
    NotebookError
        With the notebook's path, the cell number and the error.

    Examples
    --------
    >>> nb = run_notebook("notebooks/01_quickstart.ipynb")  # doctest: +SKIP
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path).resolve()
    if not path.is_file():
        raise NotebookError(f"{path}: no such notebook")
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several unrelated types for bad JSON
        raise NotebookError(f"{path}: not a readable notebook ({error})") from None
    env = {"KIT_NOTEBOOK": str(path), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env.update(parameters or {})
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
    except CellExecutionError as error:
        shown = path.relative_to(project_root()) if path.is_relative_to(project_root()) else path
        failing = next(
            (i for i, cell in enumerate(notebook.cells, 1)
             if any(o.get("output_type") == "error" for o in cell.get("outputs", []))),
            "?",
        )
        raise NotebookError(
            f"{shown}: cell {failing} raised {error.ename}: {error.evalue}\n{_ANSI.sub('', str(error))}"
        ) from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def run_notebooks(paths, timeout: int = 1800) -> pd.DataFrame:
    """Execute notebooks in order, stopping at the first that fails.

    Parameters
    ----------
    paths : iterable of path-like
    timeout : int
        Seconds allowed for each cell.

    Returns
    -------
    pandas.DataFrame
        One row per notebook: ``notebook``, ``cells``, ``seconds``.
    """
    rows = []
    for path in sorted(Path(p) for p in paths):
        start = time.perf_counter()
        notebook = run_notebook(path, timeout=timeout)
        seconds = time.perf_counter() - start
        rows.append({"notebook": str(path), "cells": len(notebook.cells), "seconds": round(seconds, 1)})
        print(f"kit: ran {path} ({seconds:.1f} s)", flush=True)
    return pd.DataFrame(rows, columns=["notebook", "cells", "seconds"])


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kit.notebooks NOTEBOOK ...``."""
    parser = argparse.ArgumentParser(prog="python -m kit.notebooks", description="Run notebooks headless.")
    parser.add_argument("notebooks", nargs="+", help=".ipynb files")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    try:
        run_notebooks(args.notebooks, timeout=args.timeout)
    except NotebookError as error:
        print(f"kit: notebook failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
