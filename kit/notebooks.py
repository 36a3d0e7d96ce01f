"""Run the kit's notebooks headless, as ``make figures`` does.

Layer: top (figures/cli).  Notebooks are executed with papermill, in their
own folder, with ``KIT_NOTEBOOK`` set so that saved figures record the
notebook that made them.  The notebooks stay as committed (without
outputs); executed copies go to a temporary folder unless asked for.

Each analysis notebook opens with a parameters cell (tagged ``parameters``)
naming its corpus, lexicon, reference corpus, grouping column and output
folder; papermill sets them.  So, on your own corpus::

    make figures CORPUS=path/to/corpus
    python -m kit.notebooks --corpus path/to/corpus notebooks/*.ipynb notebooks/teacher/*.ipynb

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


def project_notebooks() -> list[Path]:
    """The kit's notebooks, as ``make figures`` runs them: ``notebooks/*.ipynb``,
    then the teacher's copies in ``notebooks/teacher/``.

    Examples
    --------
    >>> [p.name for p in project_notebooks()][0]
    '01_quickstart.ipynb'
    """
    folder = project_root() / "notebooks"
    return sorted(folder.glob("*.ipynb")) + sorted((folder / "teacher").glob("*.ipynb"))


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


#: Options of a run on a researcher's corpus: command-line flag, environment
#: variable (as ``make figures`` passes them) and notebook parameter.
CORPUS_OPTIONS = (
    ("corpus", "CORPUS", "CORPUS"),
    ("label", "LABEL", "LABEL"),
    ("text_column", "TEXT_COLUMN", "TEXT_COLUMN"),
    ("title_column", "TITLE_COLUMN", "TITLE_COLUMN"),
    ("id_column", "ID_COLUMN", "ID_COLUMN"),
    ("date_column", "DATE_COLUMN", "DATE_COLUMN"),
    ("group_by", "GROUP_BY", "GROUP_BY"),
    ("to_simplified", "TO_SIMPLIFIED", "TO_SIMPLIFIED"),
    ("lexicon", "LEXICON", "LEXICON"),
    ("figures_output", "OUTPUT", "OUTPUT_DIR"),
)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def corpus_parameters(corpus: str | None = None, lexicon: str | None = None, output: str | None = None,
                      *, label: str | None = None, text_column: str | None = None,
                      title_column: str | None = None, id_column: str | None = None,
                      date_column: str | None = None, group_by: str | None = None,
                      to_simplified: bool | str = False) -> dict:
    """The parameters that point every notebook at a researcher's own corpus.

    Parameters
    ----------
    corpus : str, optional
        A path to the corpus (file or folder; relative paths are resolved as
        :func:`kit.io.resolve_corpus_path` resolves them), or a reference
        corpus's name.
    lexicon : str, optional
        A path to a lexicon YAML file.
    output : str, optional
        The figures folder; by default ``figures/<corpus folder>/``
        (:func:`kit.io.corpus_folder_name`: distinct for distinct corpora), so
        the bundled figures are never overwritten.
    label, text_column, title_column, id_column, date_column, group_by : str, optional
        Set the notebook parameters of the same name (upper case).
    to_simplified : bool or str
        Convert Traditional characters on reading (``"1"``, ``"true"`` …).

    Returns
    -------
    dict
        Parameters for :func:`run_notebook`: only those given, paths made
        absolute, ``OUTPUT_DIR`` always set when a corpus is.

    Raises
    ------
    FileNotFoundError
        If the corpus or lexicon path does not exist (with the absolute path tried).

    Examples
    --------
    >>> corpus_parameters(None)
    {}
    >>> corpus_parameters(None, to_simplified="1")
    {'TO_SIMPLIFIED': True}
    """
    from kit.io import corpus_folder_name, resolve_corpus_path
    from kit.io.reference import REFERENCE_CORPORA

    parameters: dict = {}
    if corpus:
        is_reference = str(corpus) in REFERENCE_CORPORA
        parameters["CORPUS"] = str(corpus) if is_reference else str(resolve_corpus_path(corpus))
        output = output or str(figures_dir() / corpus_folder_name(corpus))
    for name, value in (("LABEL", label), ("TEXT_COLUMN", text_column), ("TITLE_COLUMN", title_column),
                        ("ID_COLUMN", id_column), ("DATE_COLUMN", date_column), ("GROUP_BY", group_by)):
        if value not in (None, ""):
            parameters[name] = str(value)
    if _flag(to_simplified, "TO_SIMPLIFIED"):
        parameters["TO_SIMPLIFIED"] = True
    if lexicon:
        path = Path(lexicon).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"lexicon {str(lexicon)!r}: no such file ({path.resolve()})")
        parameters["LEXICON"] = str(path.resolve())
    if output:
        parameters["OUTPUT_DIR"] = str(Path(output).expanduser().resolve())
    return parameters


def _flag(value, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name}={value!r}: use 1 or 0")


#: Warnings of the kit that a run's log repeats: what a researcher must know
#: about the corpus even when no one reads the executed notebooks.
LOGGED_WARNINGS = ("TraditionalScriptWarning", "ColumnMappingWarning", "UndatedDocumentsWarning",
                   "FigureLayoutWarning")
_WARNING_LINE = re.compile(r"^\S+:\d+: (" + "|".join(LOGGED_WARNINGS) + r"): (.*)$")


def skipped_sections(notebook) -> list[str]:
    """The ``kit: skipped …`` lines an executed notebook printed (see :class:`kit.Study`)."""
    lines = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                lines += [line for line in output.get("text", "").splitlines() if line.startswith("kit: skipped")]
    return lines


def notebook_warnings(notebook) -> list[str]:
    """The kit's warnings (:data:`LOGGED_WARNINGS`) an executed notebook printed, as
    ``kit: warning: …`` lines, each once."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                for line in output.get("text", "").splitlines():
                    match = _WARNING_LINE.match(line.strip())
                    if match:
                        found.append(f"kit: warning: {match.group(2)}")
    return list(dict.fromkeys(found))


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
        ``skipped`` (why the notebook was skipped, or the sections it
        skipped, or empty).
    """
    import pandas as pd

    rows, warned = [], set()
    for path in sorted(Path(p) for p in paths):
        reason = bundled_corpus_only(path) if (parameters or {}).get("CORPUS") else None
        if reason:
            rows.append({"notebook": str(path), "cells": 0, "seconds": 0.0, "skipped": reason})
            print(f"kit: skipped {path}: {reason}", flush=True)
            continue
        start = time.perf_counter()
        notebook = run_notebook(path, parameters=parameters, timeout=timeout)
        seconds = time.perf_counter() - start
        sections = skipped_sections(notebook)
        rows.append({"notebook": str(path), "cells": len(notebook.cells), "seconds": round(seconds, 1),
                     "skipped": "; ".join(sections)})
        print(f"kit: ran {path} ({seconds:.1f} s)", flush=True)
        for line in sections:
            print(f"  {line}", flush=True)
        for line in notebook_warnings(notebook):
            if line not in warned:  # the same corpus warns in every notebook: say it once
                warned.add(line)
                print(f"  {line}", flush=True)
    return pd.DataFrame(rows, columns=["notebook", "cells", "seconds", "skipped"])


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """The options that run the notebooks on a researcher's corpus (shared with ``kit figures``)."""
    parser.add_argument("--corpus", help="run on this corpus: a folder, a .csv/.tsv/.jsonl table, a page dump, "
                                         "or 'peoples_daily_1998'")
    parser.add_argument("--label", help="how the figures name the corpus (default: its file or folder name)")
    parser.add_argument("--text-column", help="tables: the column holding the text (default: text)")
    parser.add_argument("--title-column", help="tables: the headline column (default: title, if present)")
    parser.add_argument("--id-column", help="tables: the document id column (default: doc_id, if present)")
    parser.add_argument("--date-column", help="tables: the date column (default: date, if present)")
    parser.add_argument("--group-by", help="the metadata column whose groups are compared (default: chosen)")
    parser.add_argument("--to-simplified", action="store_true", default=None,
                        help="convert Traditional characters to Simplified on reading")
    parser.add_argument("--output", dest="figures_output",
                        help="write figures here (default: figures/<corpus>/ with --corpus)")


def options_from_environment(args: argparse.Namespace, environ=None) -> argparse.Namespace:
    """Fill the corpus options not given on the command line from environment variables.

    ``make figures CORPUS=… LABEL=…`` passes its variables this way, exactly as
    typed: they never pass through a shell, so no character in a path can run
    a command.
    """
    environ = os.environ if environ is None else environ
    for attribute, variable, _ in CORPUS_OPTIONS:
        if getattr(args, attribute, None) in (None, "") and environ.get(variable, "") != "":
            setattr(args, attribute, environ[variable])
    return args


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kit.notebooks [--corpus PATH …] NOTEBOOK ...``.

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
    add_corpus_options(parser)
    parser.add_argument("--lexicon", help="use this lexicon YAML file instead of the bundled one")
    parser.add_argument("--from-environment", action="store_true",
                        help="take options not given here from CORPUS, LABEL, TEXT_COLUMN … (as make figures sets them)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    if args.from_environment:
        options_from_environment(args)
    try:
        parameters = corpus_parameters(
            args.corpus, args.lexicon, args.figures_output, label=args.label, text_column=args.text_column,
            title_column=args.title_column, id_column=args.id_column, date_column=args.date_column,
            group_by=args.group_by, to_simplified=args.to_simplified or False)
        if parameters.get("OUTPUT_DIR"):
            print(f"kit: figures go to {_shown(Path(parameters['OUTPUT_DIR']))}", flush=True)
        run_notebooks(args.notebooks, parameters=parameters, timeout=args.timeout)
    except (FileNotFoundError, ValueError) as error:
        print(f"kit: {error}", file=sys.stderr)
        return 1
    except NotebookError as error:
        print(f"kit: notebook failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
