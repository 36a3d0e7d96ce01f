"""Run the kit's notebooks headless, as ``make figures`` does.

Layer: top (figures/cli).  Notebooks are executed with papermill, each in
its own kernel started in the notebook's folder, with ``KIT_NOTEBOOK`` set
so that saved figures record the notebook that made them.  The notebooks
stay as committed (without outputs); executed copies go to a temporary
folder unless asked for; a run whose copy is not kept does not render
figures for display, which nobody would see (``save_figure`` writes them).

:func:`run_notebooks` runs several notebooks at once (by default one per
CPU): each notebook writes its own figures, and the manifest they share is
written under a lock and sorted, so the files are the same whatever order
the notebooks finish in.  The log is printed in notebook order.

Kernels talk to papermill over Unix sockets in a private folder (ZeroMQ's
IPC transport), not over TCP on localhost: nothing else on the machine can
connect to them, and the kernel has no reason to warn "Kernel is running
over TCP without encryption" at every start.  A kernel's own log (its
stderr) is kept, and shown only when its notebook fails.

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
import functools
import json
import os
import re
import sys
import tempfile
import threading
import time
import weakref
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
        Environment variables for the kernel (``KIT_*`` settings), added to
        this process's environment for the kernel only.
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
        With the notebook's path, the cell number and the error; when the
        kernel itself died or did not start, the end of its log.

    Examples
    --------
    >>> nb = run_notebook("notebooks/01_quickstart.ipynb")  # doctest: +SKIP
    """
    papermill = _papermill()
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    path = Path(path).resolve()
    if not path.is_file():
        raise NotebookError(f"{path}: no such notebook")
    try:
        nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several unrelated types for bad JSON
        raise NotebookError(f"{path}: not a readable notebook ({error})") from None

    kernel_env = {**os.environ, "KIT_NOTEBOOK": str(path), "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                  **(env or {})}
    with tempfile.TemporaryDirectory(prefix="kit-nb-") as scratch, \
            open(Path(scratch) / "kernel.log", "w+b") as kernel_log:
        if executed_path is None and "IPYTHONDIR" not in (env or {}):
            kernel_env["IPYTHONDIR"] = _headless_ipython_dir(Path(scratch))
            if "MPLBACKEND" not in (env or {}):
                kernel_env["MPLBACKEND"] = "agg"
        manager = _kernel_manager(Path(scratch), env=kernel_env, cwd=path.parent, log=kernel_log)
        try:
            # The executed copy is written once, at the end (if it is kept at all):
            # papermill's default rewrites it, validated, after every cell, which
            # cost the runner seconds of CPU per notebook beside the kernels.
            return papermill.execute_notebook(
                str(path),
                str(executed_path) if executed_path else None,
                request_save_on_cell_execute=False,
                parameters=dict(parameters or {}),
                kernel_name="python3",
                km=manager,
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
        except (KeyboardInterrupt, NotebookError):
            raise
        except Exception as error:  # the kernel died, did not start, or a cell ran out of time
            kernel_log.flush()
            kernel_log.seek(0)
            said = kernel_log.read().decode("utf-8", "replace").strip().splitlines()[-15:]
            raise NotebookError(f"{_shown(path)}: {type(error).__name__}: {error}"
                                + ("\nthe kernel's log ends:\n" + "\n".join(said) if said else "")) from None


#: The kernel's settings when nobody will see a run's outputs.
_HEADLESS_CONFIG = """\
# Written by kit.notebooks for one headless run, whose outputs nobody sees.
c.IPKernelApp.exec_lines = [
    "import kit.notebooks as _kit_notebooks; _kit_notebooks.close_figures_after_each_cell(); del _kit_notebooks",
]
"""


def _headless_ipython_dir(scratch: Path) -> str:
    """An IPython folder for a run whose executed copy is not kept.

    Such a run draws figures with matplotlib's Agg backend, not the inline
    one: the inline backend drew every figure again at the end of its cell
    (interactive mode redraws a changed figure, then the display renders a
    PNG), only for the output to be thrown away; 6 s of notebook 04's 20.
    :func:`close_figures_after_each_cell` closes figures as the inline
    backend does, and ``save_figure`` writes the files as before.  The
    researcher's own IPython profile (startup files, extensions) is not
    loaded either, so it cannot change the figures.
    """
    profile = scratch / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text(_HEADLESS_CONFIG, encoding="utf-8")
    return str(scratch / "ipython")


def close_figures_after_each_cell() -> None:
    """Close every open figure at the end of each cell of this IPython kernel.

    For headless runs, whose kernels draw with the Agg backend: the inline
    backend closes a cell's figures once it has shown them, and without that
    a notebook's figures would pile up (and matplotlib warn past 20).
    """
    import warnings

    from IPython import get_ipython

    # plt.show() in a notebook has nothing to show on: not worth a warning in the run's log
    warnings.filterwarnings("ignore", message=r"FigureCanvasAgg is non-interactive")

    def close_figures():
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None and pyplot.get_fignums():
            pyplot.close("all")

    get_ipython().events.register("post_execute", close_figures)


def _papermill():
    """papermill, imported without the IRI format check of jsonschema.

    papermill imports nbformat, which imports jsonschema, whose format
    checkers import ``rfc3987_syntax`` when it is installed (Jupyter's
    packages install it); that module builds a grammar at import, 2 s of CPU
    before the first kernel starts.  Notebook validation uses no IRI format,
    so the import is refused while jsonschema loads, and allowed again after.
    """
    if "papermill" not in sys.modules and "jsonschema" not in sys.modules \
            and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # an ImportError, which jsonschema expects of it
        try:
            import papermill
        finally:
            del sys.modules["rfc3987_syntax"]
    import papermill
    return papermill


#: The kernel managers of the notebooks running now.
_LIVE_MANAGERS: weakref.WeakSet = weakref.WeakSet()


def _kernel_manager(folder: Path, *, env: dict, cwd: Path, log):
    """A kernel manager that starts its kernel in ``cwd`` with ``env``, its
    stderr and stdout going to ``log``, talking over Unix sockets in ``folder``
    (over TCP on Windows, which has no such sockets)."""
    launch = {"env": env, "cwd": str(cwd), "stdout": log, "stderr": log}
    if os.name == "nt":  # pragma: no cover - the kit's CI runs on Linux
        manager = _kit_kernel_manager_class()(kernel_name="python3", kit_launch=launch)
    else:
        manager = _kit_kernel_manager_class()(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"),
                                              kit_launch=launch)
    _LIVE_MANAGERS.add(manager)
    return manager


@functools.lru_cache(maxsize=None)
def _kit_kernel_manager_class():
    # Built on first use: importing jupyter_client takes a moment that
    # `python -m kit.notebooks --help` should not wait for.
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Dict

    class KitKernelManager(AsyncKernelManager):
        """Passes the kit's launch settings (environment, folder, log) to the kernel's process."""

        kit_launch = Dict()

        async def start_kernel(self, **kw):
            for key, value in self.kit_launch.items():
                kw.setdefault(key, value)
            return await super().start_kernel(**kw)

    return KitKernelManager


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


def default_jobs(notebooks: int) -> int:
    """How many notebooks :func:`run_notebooks` runs at once by default: one
    per CPU this process may use, at most one per notebook.

    Examples
    --------
    >>> default_jobs(1)
    1
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity mask
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, notebooks))


def run_notebooks(paths, parameters: dict | None = None, timeout: int = 1800,
                  jobs: int | None = None) -> pd.DataFrame:
    """Execute notebooks, several at once, and report each in notebook order.

    Parameters
    ----------
    paths : iterable of path-like
        Run in sorted order (``notebooks/01…`` before ``notebooks/teacher/…``).
    parameters : dict, optional
        Passed to every notebook (see :func:`corpus_parameters`).  With a
        ``CORPUS``, notebooks marked as running on the bundled corpora only
        are skipped, and the skip is reported.
    timeout : int
        Seconds allowed for each cell.
    jobs : int, optional
        How many notebooks run at once, each in its own kernel; default
        :func:`default_jobs`.  The files written do not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per notebook: ``notebook``, ``cells``, ``seconds`` (its own
        run, from start to end), ``skipped`` (why the notebook was skipped,
        or the sections it skipped, or empty).  ``attrs["seconds"]`` is the
        whole run's time and ``attrs["jobs"]`` how many ran at once.

    Raises
    ------
    NotebookError
        When a notebook fails: the first failing one in notebook order.  The
        notebooks already running finish (and are reported); those not yet
        started are not run.

    Examples
    --------
    >>> run_notebooks(project_notebooks(), jobs=2)  # doctest: +SKIP
    kit: running 7 notebooks, 2 at a time
    kit: ran notebooks/01_quickstart.ipynb (9.8 s)
    ...
    """
    import pandas as pd

    paths = sorted(Path(p) for p in paths)
    jobs = default_jobs(len(paths)) if jobs is None else max(1, min(int(jobs), max(len(paths), 1)))
    start = time.perf_counter()
    if len(paths) > 1:
        print(f"kit: running {len(paths)} notebooks, {jobs} at a time", flush=True)
    log = _RunLog()
    if jobs == 1:
        for path in paths:
            result = _run_one(path, parameters, timeout)
            log.report(result)
            if result.error:
                raise result.error
    else:
        log.run_parallel(paths, parameters, timeout, jobs)
    seconds = time.perf_counter() - start
    remember_seconds(log.results)
    if len(paths) > 1:
        busy = sum(r.seconds for r in log.results)
        print(f"kit: ran {len(log.results)} notebooks in {seconds:.1f} s ({jobs} at a time; "
              f"{busy:.1f} s of notebook time)", flush=True)
    table = pd.DataFrame([r.row() for r in log.results], columns=["notebook", "cells", "seconds", "skipped"])
    table.attrs.update(seconds=round(seconds, 1), jobs=jobs)
    return table


#: Each notebook's time in the last run, under the cache folder: only the order
#: in which notebooks start depends on it, never what they write.
SECONDS_FILE = "notebook-seconds.json"


def longest_first(paths: list[Path]) -> list[Path]:
    """``paths`` ordered by the time each took in the last run, longest first.

    Notebooks never run before keep their order, after the others.  The
    record is a cache (``<cache>/notebook-seconds.json``): without it, or if
    it is unreadable, the order is the notebooks' own.

    Examples
    --------
    >>> longest_first([Path("a.ipynb")])
    [PosixPath('a.ipynb')]
    """
    known = _seconds_record()
    last = {path: known.get(_record_key(path) or "") for path in paths}
    timed = sorted((p for p in paths if isinstance(last[p], (int, float))), key=lambda p: -last[p])
    return timed + [p for p in paths if not isinstance(last[p], (int, float))]


def remember_seconds(results) -> None:
    """Record the time of each notebook that ran (see :func:`longest_first`); a failure to write is ignored."""
    from kit.atomic import write_text_atomic
    from kit.paths import cache_dir

    ran = {key: round(r.seconds, 1) for r in results if r.cells and r.error is None
           for key in [_record_key(r.path)] if key is not None}
    if not ran:
        return
    record = {**_seconds_record(), **ran}
    try:
        write_text_atomic(cache_dir() / SECONDS_FILE, json.dumps(record, indent=1, sort_keys=True) + "\n")
    except OSError:
        pass  # a read-only cache only loses the ordering


def _seconds_record() -> dict:
    from kit.paths import cache_dir

    try:
        record = json.loads((cache_dir() / SECONDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _record_key(path: Path) -> str | None:
    """The notebook's path in the project (None outside it: such notebooks are not recorded)."""
    path = Path(path).resolve()
    try:
        return path.relative_to(project_root()).as_posix()
    except ValueError:
        return None


class _Result:
    """One notebook's run: what the log prints about it, and its row of the table."""

    def __init__(self, path: Path, *, cells: int = 0, seconds: float = 0.0, skipped: str = "",
                 sections: list | None = None, warnings: list | None = None, error: Exception | None = None):
        self.path, self.cells, self.seconds, self.skipped = path, cells, seconds, skipped
        self.sections, self.warnings, self.error = sections or [], warnings or [], error

    def row(self) -> dict:
        return {"notebook": str(self.path), "cells": self.cells, "seconds": round(self.seconds, 1),
                "skipped": self.skipped}


def _run_one(path: Path, parameters: dict | None, timeout: int) -> _Result:
    reason = bundled_corpus_only(path) if (parameters or {}).get("CORPUS") else None
    if reason:
        return _Result(path, skipped=reason)
    start = time.perf_counter()
    try:
        notebook = run_notebook(path, parameters=parameters, timeout=timeout)
    except NotebookError as error:
        return _Result(path, seconds=time.perf_counter() - start, error=error)
    sections = skipped_sections(notebook)
    return _Result(path, cells=len(notebook.cells), seconds=time.perf_counter() - start,
                   skipped="; ".join(sections), sections=sections, warnings=notebook_warnings(notebook))


class _RunLog:
    """Prints each notebook's lines in notebook order, as soon as the notebooks
    before it are done, and each warning of the kit once per run."""

    def __init__(self):
        self.results: list[_Result] = []
        self._warned: set[str] = set()

    def report(self, result: _Result) -> None:
        if result.error is None:
            self.results.append(result)
        if result.skipped and not result.cells and result.error is None:
            print(f"kit: skipped {result.path}: {result.skipped}", flush=True)
            return
        if result.error is not None:
            print(f"kit: failed {result.path} ({result.seconds:.1f} s)", flush=True)
            return
        print(f"kit: ran {result.path} ({result.seconds:.1f} s)", flush=True)
        for line in result.sections:
            print(f"  {line}", flush=True)
        for line in result.warnings:
            if line not in self._warned:  # the same corpus warns in every notebook: say it once
                self._warned.add(line)
                print(f"  {line}", flush=True)

    def run_parallel(self, paths: list[Path], parameters: dict | None, timeout: int, jobs: int) -> None:
        # Threads, not processes: each notebook's work happens in its own
        # kernel process; a thread only waits for it.  run_notebook changes
        # no global state (no chdir, no os.environ), so they cannot clash.
        from concurrent.futures import ThreadPoolExecutor

        stop = threading.Event()

        def run(path: Path) -> _Result | None:
            if stop.is_set():  # an earlier notebook failed, or Ctrl-C
                return None
            result = _run_one(path, parameters, timeout)
            if result.error is not None:
                stop.set()
            return result

        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="kit-notebook")
        futures: list = []
        try:
            # The longest notebooks start first (as long as the last run took), so
            # that the longest is not the last one left running; reported in notebook order.
            started = {path: pool.submit(run, path) for path in longest_first(paths)}
            futures += [started[path] for path in paths]
            failed = None
            for future in futures:
                result = future.result()
                if result is None:
                    continue
                self.report(result)
                failed = failed or result.error
        except KeyboardInterrupt:
            stop.set()
            # Kill the kernels until every thread has returned: a kernel still
            # starting at the first pass is caught at the next.
            from concurrent.futures import wait

            while not all(future.done() for future in futures):
                _stop_kernels()
                wait(futures, timeout=0.2)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if failed is not None:
            raise failed


def _stop_kernels() -> None:
    """End the kernels of the notebooks still running (after Ctrl-C), so their
    threads return at once instead of finishing their notebooks."""
    import logging

    # The run is over: what papermill would log about the kernels it loses
    # ("Kernel died before replying …") is not news.
    for name in ("papermill", "traitlets", "nbclient"):
        logging.getLogger(name).disabled = True
    for manager in list(_LIVE_MANAGERS):
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()


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


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """``--jobs N``: how many notebooks run at once (shared with ``kit figures``)."""
    parser.add_argument("--jobs", type=_positive, default=None,
                        help="run this many notebooks at once (default: one per CPU, at most one per notebook)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of notebooks to run at once (1, 2 …)")
    return value


def options_from_environment(args: argparse.Namespace, environ=None) -> argparse.Namespace:
    """Fill the corpus options not given on the command line from environment variables.

    ``make figures CORPUS=… LABEL=… JOBS=…`` passes its variables this way,
    exactly as typed: they never pass through a shell, so no character in a
    path can run a command.

    Raises
    ------
    ValueError
        If ``JOBS`` is not a positive number.
    """
    environ = os.environ if environ is None else environ
    for attribute, variable, _ in CORPUS_OPTIONS:
        if getattr(args, attribute, None) in (None, "") and environ.get(variable, "") != "":
            setattr(args, attribute, environ[variable])
    if getattr(args, "jobs", None) is None and environ.get("JOBS", "").strip():
        try:
            args.jobs = _positive(environ["JOBS"].strip())
        except argparse.ArgumentTypeError as error:
            raise ValueError(f"JOBS={environ['JOBS']!r}: {error}") from None
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
                        help="take options not given here from CORPUS, LABEL, TEXT_COLUMN …, JOBS (as make figures sets them)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    add_jobs_option(parser)
    args = parser.parse_args(argv)
    try:
        if args.from_environment:
            options_from_environment(args)
        parameters = corpus_parameters(
            args.corpus, args.lexicon, args.figures_output, label=args.label, text_column=args.text_column,
            title_column=args.title_column, id_column=args.id_column, date_column=args.date_column,
            group_by=args.group_by, to_simplified=args.to_simplified or False)
        if parameters.get("OUTPUT_DIR"):
            print(f"kit: figures go to {_shown(Path(parameters['OUTPUT_DIR']))}", flush=True)
        run_notebooks(args.notebooks, parameters=parameters, timeout=args.timeout, jobs=args.jobs)
    except (FileNotFoundError, ValueError) as error:
        print(f"kit: {error}", file=sys.stderr)
        return 1
    except NotebookError as error:
        print(f"kit: notebook failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
