"""Save a figure with the numbers behind it and a record of how it was made.

Layer: figures (above plot).  ``save_figure`` writes, for a figure called NAME:

- ``NAME.png`` (300 dpi) and ``NAME.pdf`` (fonts embedded, text searchable);
- ``NAME.csv``: the table of numbers the figure shows;
- an entry NAME in ``manifest.json``: the notebook that made it, the
  figure's title and the corpus it names, the kit's version, hashes of the
  input files and of the lexicon, the tokenizer and its model, the
  parameters, the versions of the libraries that drew it, any layout problem
  found (overlapping or cut-off labels), and the hashes of the three files
  written.

Numbers in the CSV are written with 10 significant digits, so a last-digit
difference in a float between two machines (a different BLAS, another order
of summation) does not change the file.  What can still differ between two
machines (PNG pixels, the PDF's embedded font) is stated in the manifest
itself, under ``reproducibility`` (:data:`REPRODUCIBILITY`).

Every file is written atomically and only when its bytes change, and none
carries a timestamp: running the same notebook twice changes no file.  A
figure whose whole state, settings, fonts and code are those it was last
drawn from into the same files, files that still hold what it drew, is not
drawn again (:func:`render_key`; ``KIT_RESULT_CACHE=0`` turns this off);
its text and layout are checked on every save.

Several processes may save figures into one folder at once: the manifest is
read, changed and rewritten under a lock (``manifest.json.lock``, see
:mod:`kit.filelock`), so no process loses another's entry.  A figure whose
files change is first recorded as ``{"incomplete": true}``, then its files
are written, then its entry: a run killed in between leaves an entry that
says so (:func:`check_manifest` reports it), never an entry whose hashes
describe the files that were there before.

Paths in the manifest are never absolute: files inside the project are
recorded relative to it, a corpus's files outside it relative to the corpus's
folder, other files by name; the SHA-256 of their bytes identifies them.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import os
import pickle
import re
import sys
import warnings
from importlib import metadata
from pathlib import Path

import matplotlib.figure
import matplotlib.font_manager
import matplotlib.text
import matplotlib.transforms
import numpy as np
import pandas as pd

from kit.atomic import write_bytes_atomic, write_text_atomic
from kit.code_digest import code_digest, kept_across_runs
from kit.filelock import exclusive_lock
from kit.fonts import MissingGlyphError, font_digest, resolve_cjk_font
from kit.paths import cache_dir, figures_dir, project_root
from kit.pdf_fonts import cached_font_subsets
from kit.plot.layout import layout_problems

MANIFEST = "manifest.json"
#: Significant digits of the numbers in a figure's CSV.
CSV_DIGITS = 10
#: What the manifest says, at its top level, about two machines running the
#: same version of the kit with the pinned libraries.
REPRODUCIBILITY = {
    "identical_on_every_machine": [
        f"every NAME.csv: numbers are written with {CSV_DIGITS} significant digits, so a difference in the "
        "last bits of a float (another BLAS, another order of summation) does not change the file; only a "
        f"value within that difference of a rounding boundary at the {CSV_DIGITS}th digit could",
        "every entry's inputs, lexicon, tokenizer, parameters, title and corpus",
        "explorer pages (NAME.html): their numbers are rounded to 4 decimals and they embed no font",
    ],
    "may_differ_between_machines": [
        "NAME.png: text is rasterised by FreeType (each entry's font.freetype) from the CJK font file "
        "(font.sha256); another FreeType version or font file, or another build of matplotlib's Agg, "
        "changes pixels",
        "NAME.pdf: it embeds a subset of the CJK font file (font.sha256) made by fontTools (software.fonttools), "
        "and places text by FreeType's measurements; another font file or version of either changes its bytes",
        "layout_problems: measured on the drawn text, so they follow the font and FreeType",
    ],
    "details": "docs/reproducibility.md",
}


class FigureLayoutWarning(UserWarning):
    """A saved figure has text that overlaps, is cut off, or stands far from its point."""


class SavedFiles(pd.DataFrame):
    """What a save wrote: one row per file, shown in a notebook as one short line.

    Returned by :func:`save_figure`, :meth:`kit.Study.save` and
    ``Explorer.save``.  It is the table of files (``file``, ``sha256``,
    ``written`` …; any operation on it gives a plain DataFrame), with the
    name of the output and the folder it went to; ``display()`` shows
    ``saved 01_counts (png, pdf, csv) in figures/`` and, when no file's
    bytes changed, ``— unchanged``.

    Examples
    --------
    >>> rows = pd.DataFrame({"file": ["figures/a.csv"], "sha256": ["0" * 64], "written": [False]})
    >>> SavedFiles(rows, name="a", folder="figures/")
    saved a (csv) in figures/ — unchanged
    >>> bool(SavedFiles(rows, name="a", folder="figures/")["written"].any())
    False
    """

    _metadata = ["name", "folder"]

    def __init__(self, files: pd.DataFrame, name: str = "", folder: str = ""):
        super().__init__(files)
        self.name, self.folder = name, folder

    @property
    def _constructor(self):
        return pd.DataFrame  # a selection or a copy is an ordinary table

    @property
    def files(self) -> pd.DataFrame:
        """The rows as a plain DataFrame."""
        return pd.DataFrame(self)

    @property
    def unchanged(self) -> bool:
        """True when every file already held the same bytes."""
        return not bool(self["written"].any())

    def __repr__(self) -> str:
        kinds = ", ".join(Path(str(f)).suffix.lstrip(".") for f in self["file"])
        return f"saved {self.name} ({kinds}) in {self.folder}" + (" — unchanged" if self.unchanged else "")

    def _repr_html_(self) -> str:
        return f"<code>{html.escape(repr(self))}</code>"


def shown_folder(directory: str | os.PathLike) -> str:
    """A folder as a run's output names it: relative to the project, with a final ``/``."""
    path = Path(directory).resolve()
    try:
        return path.relative_to(project_root().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


#: The manifest entry of a figure whose files were being written when its run stopped.
INCOMPLETE = {"incomplete": True}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Metadata entries that would otherwise carry a date or a changing producer string.
_PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
_PNG_METADATA = {"Software": None}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _relative(path: Path) -> str:
    """A path as the manifest records it: relative to the project, else its name."""
    return _portable(path)["path"]


def _portable(path: Path, root: Path | None = None) -> dict:
    """``{"path": ...}`` relative to the project; outside it, relative to
    ``root`` (a corpus's folder) with ``"relative_to": "corpus"``, or the file
    name alone with ``"relative_to": "file name"``.  Never an absolute path:
    one would name the user's home folder and differ between machines."""
    path = Path(path).resolve()
    for base, label in ((project_root().resolve(), None), (root, "corpus")):
        if base is None:
            continue
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            continue
        return {"path": relative, **({"relative_to": label} if label else {})}
    return {"path": path.name, "relative_to": "file name"}


def describe_input(item, root: str | os.PathLike | None = None) -> dict:
    """A provenance record for one input: a file path or a Corpus.

    Parameters
    ----------
    item : str, pathlib.Path or kit.corpus.Corpus
        A file is recorded by path, size and SHA-256 of its bytes.  A Corpus is
        recorded by name, number of documents, SHA-256 of its texts, its
        normalisation and grouping, and the source files its reader listed in
        ``corpus.meta`` (``file`` or ``files``), each hashed.
    root : path-like, optional
        For a file outside the project: the folder to record its path
        relative to (a corpus's folder).  Paths are never recorded absolute:
        relative to the project, else to ``root``, else the file name alone,
        with ``relative_to`` saying which (absent: the project).

    Returns
    -------
    dict

    Examples
    --------
    >>> describe_input("README.md")["path"]
    'README.md'
    """
    if isinstance(item, (str, os.PathLike)):
        path = Path(item)
        if not path.is_file():
            raise FileNotFoundError(f"save_figure: input {str(item)!r} is not a file")
        data = path.read_bytes()
        where = _portable(path, Path(root).resolve() if root is not None else None)
        return {**where, "bytes": len(data), "sha256": _sha256(data)}
    docs = getattr(item, "docs", None)
    if docs is None or "text" not in docs:
        raise TypeError(f"save_figure: an input must be a file path or a Corpus, not {type(item).__name__}")
    digest = hashlib.sha256()
    for doc_id, text in zip(docs["doc_id"].astype(str), docs["text"].astype(str)):
        digest.update(doc_id.encode() + b"\0" + text.encode() + b"\0")
    record = {"corpus": getattr(item, "name", "corpus"), "documents": len(docs), "text_sha256": digest.hexdigest()}
    meta = getattr(item, "meta", {}) or {}
    files = _corpus_files(meta)
    if files:
        root = _corpus_root(meta, files)
        record["files"] = [describe_input(f, root=root) for f in files]
    if isinstance(meta.get("normalization"), dict):
        record["normalization"] = dict(meta["normalization"])
    if meta.get("grouping") is not None:
        record["grouping"] = meta["grouping"]
    return record


def _corpus_files(meta: dict) -> list[str]:
    """The source files a reader recorded in a Corpus's meta: ``file`` (one
    path) or ``files`` (paths, or a table with a ``file`` column)."""
    files = meta.get("files")
    if isinstance(files, pd.DataFrame):
        files = files["file"].tolist() if "file" in files else []
    elif files is None:
        files = [meta["file"]] if meta.get("file") else []
    return sorted({str(f) for f in files if Path(str(f)).is_file()})


def _corpus_root(meta: dict, files: list[str]) -> Path:
    """The corpus's folder: ``meta["root"]`` if the reader recorded one, else
    the deepest folder holding all its files."""
    if meta.get("root"):
        root = Path(str(meta["root"])).resolve()
        return root if root.is_dir() else root.parent
    return Path(os.path.commonpath([str(Path(f).resolve().parent) for f in files]))


def describe_lexicon(lexicon) -> dict | None:
    """A provenance record for a lexicon: its name, version, content hash and files."""
    if lexicon is None:
        return None
    if isinstance(lexicon, (str, os.PathLike)):
        return describe_input(lexicon)
    record = {
        "name": getattr(lexicon, "name", None),
        "version": getattr(lexicon, "version", None),
        "sha256": getattr(lexicon, "hash", None),
    }
    paths = getattr(lexicon, "paths", None) or ([lexicon.path] if getattr(lexicon, "path", None) else [])
    entries = getattr(lexicon, "entries", None)
    if not paths and isinstance(entries, pd.DataFrame) and "file" in entries:
        paths = sorted({str(f) for f in entries["file"].dropna() if str(f)})
    if paths:
        record["files"] = [describe_input(p) for p in paths if Path(p).is_file()]
    return record


def describe_tokenizer(tokenizer) -> dict | None:
    """A provenance record for a tokenizer: a dict, or tokens carrying one in ``.attrs``."""
    if tokenizer is None:
        return None
    if isinstance(tokenizer, dict):
        return dict(tokenizer)
    attrs = getattr(tokenizer, "attrs", None)
    if isinstance(attrs, dict) and isinstance(attrs.get("tokenizer"), dict):
        return dict(attrs["tokenizer"])
    provenance = getattr(tokenizer, "provenance", None)
    if callable(provenance):
        provenance = provenance()
    if isinstance(provenance, dict):
        return dict(provenance)
    raise TypeError("save_figure: tokenizer must be a dict, or tokens from kit.tokenization")


def add_manifest_entry(
    name: str,
    files: dict,
    *,
    inputs=(),
    lexicon=None,
    tokenizer=None,
    params: dict | None = None,
    kind: str,
    fields: dict | None = None,
    directory: str | os.PathLike | None = None,
) -> dict:
    """Write an output other than a figure (an HTML explorer ...) and record it in the manifest.

    The entry carries the provenance fields of a figure's entry (notebook, kit
    version, hashes of the files, inputs, lexicon, tokenizer, parameters,
    software) and ``kind``.  The files are written as a figure's are: under
    the manifest's lock, each atomically and only when its bytes change, with
    the entry marked incomplete until they are all written.

    Parameters
    ----------
    name : str
        The entry's name, as for :func:`save_figure`.
    files : dict
        File extension -> the bytes to write as ``NAME.<extension>``.
    inputs, lexicon, tokenizer, params, directory
        As :func:`save_figure`.
    kind : str
        What the output is, e.g. ``"explorer"``.
    fields : dict, optional
        Further fields of the entry, e.g. its ``title`` and the ``corpus``
        names it shows.

    Returns
    -------
    (dict, SavedFiles)
        The entry as written, and one row per file: ``file``, ``sha256``,
        ``written`` (False when the file already held the same bytes).

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> entry, files = add_manifest_entry("04_explorer", {"html": b"<p>page</p>"}, kind="explorer",
    ...                                   directory=folder)
    >>> entry["kind"], files["written"].tolist()
    ('explorer', [True])
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name {name!r} must be letters, digits, '_', '-' or '.', e.g. '04_comparison_explorer'")
    directory = Path(directory or figures_dir())
    read_manifest(directory)  # a corrupt manifest stops us before anything is written
    entry = _json_ready({
        "kind": kind,
        "notebook": _current_notebook(),
        "kit_version": _version("kit"),
        "files": {ext: _sha256(data) for ext, data in files.items()},
        "inputs": [describe_input(item) for item in inputs],
        "lexicon": describe_lexicon(lexicon),
        "tokenizer": describe_tokenizer(tokenizer),
        "parameters": params or {},
        "software": {pkg: _version(pkg) for pkg in ("numpy", "pandas", "pkuseg")},
        **(fields or {}),
    })
    rows = []
    with exclusive_lock(directory / f"{MANIFEST}.lock"):
        manifest = read_manifest(directory)
        if manifest["figures"].get(name) != entry:
            _write_manifest(directory, manifest, name, INCOMPLETE)
        for ext, data in files.items():
            path = directory / f"{name}.{ext}"
            rows.append({"file": str(path), "sha256": _sha256(data), "written": write_bytes_atomic(path, data)})
        _write_manifest(directory, manifest, name, entry)
    return entry, SavedFiles(pd.DataFrame(rows), name=name, folder=shown_folder(directory))


def _font_record() -> dict:
    """The font and the rasteriser that drew the figure: what a byte difference
    between two machines usually comes down to."""
    from matplotlib import ft2font

    font = resolve_cjk_font()
    return {
        "family": font.family,
        "file": font.path.name,
        "face": font.index,
        "sha256": font_digest(font),
        "freetype": ft2font.__freetype_version__,
    }


def _current_notebook() -> str | None:
    name = os.environ.get("KIT_NOTEBOOK")
    if not name:
        # JupyterLab's kernel records the notebook it runs for in __session__.
        name = getattr(sys.modules.get("__main__"), "__session__", None)
    return _relative(Path(name)) if name else None


def _figure_text(fig: matplotlib.figure.Figure) -> str:
    with warnings.catch_warnings():
        # Missing glyphs are checked, and reported with their fix, by the caller.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
        fig.draw_without_rendering()  # laid out, not rasterised: tick labels exist only once drawn
    return "".join(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible())


def _saved_area(fig: matplotlib.figure.Figure):
    """The area savefig keeps, in inches: "tight" (with its pad) from the figure as last drawn,
    or None for the whole figure.

    Measured once from the text check's draw and handed to both renders:
    left to savefig, "tight" draws each format twice (once to measure, once to
    write), which was a third of a figure's saving time.
    """
    bbox = matplotlib.rcParams["savefig.bbox"]
    if bbox != "tight":
        return None
    pad = matplotlib.rcParams["savefig.pad_inches"]
    pad = 0.1 if pad in (None, "layout") else float(pad)  # matplotlib's own default pad
    return fig.get_tightbbox(fig.canvas.get_renderer()).padded(pad)


def _render(fig: matplotlib.figure.Figure, fmt: str, dpi: int, area=None) -> bytes:
    buffer = io.BytesIO()
    meta = _PDF_METADATA if fmt == "pdf" else _PNG_METADATA
    with warnings.catch_warnings(), cached_font_subsets():
        warnings.filterwarnings("error", message=r"Glyph .* missing from font")
        try:
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata=meta, bbox_inches=area)  # None: savefig.bbox
        except UserWarning as warning:
            raise MissingGlyphError(
                f"{warning}; the figure would show boxes. Fix: set KIT_CJK_FONT to a font that covers these characters"
            ) from None
    return buffer.getvalue()


class _StatePickler(pickle.Pickler):
    """Pickles a figure's state for a digest: transforms name their parents in order, not by
    id(), and the figure leaves out its pyplot number (how many figures came before it)."""

    def reducer_override(self, obj):
        if isinstance(obj, matplotlib.transforms.TransformNode):
            state = obj.__getstate__()
            state["_parents"] = [parent for parent in state.get("_parents", {}).values() if parent is not None]
        elif isinstance(obj, matplotlib.figure.Figure):
            state = obj.__getstate__()
            state.pop("_number", None)
            state.pop("number", None)
        else:
            return NotImplemented
        return (_never_rebuilt, (f"{type(obj).__module__}.{type(obj).__qualname__}",), state)


def _never_rebuilt(name):  # pragma: no cover - the state pickle is digested, never loaded
    raise RuntimeError(f"a figure's state digest is not a figure ({name})")


#: rcParams that say how a session shows figures, not how a file is drawn.
_DISPLAY_RC = {"backend", "backend_fallback", "interactive", "figure.max_open_warning", "toolbar"}


def render_key(fig: matplotlib.figure.Figure, dpi: int) -> str | None:
    """A digest of everything a figure's PNG and PDF are drawn from, or None if it cannot be made.

    The figure's whole state (every artist, its data and properties, as a
    pickle), matplotlib's settings, the fonts matplotlib knows, the CJK font
    file, the kit's code and the libraries' versions (:func:`kit.code_digest.code_digest`)
    and the dpi.  Two figures with the same key draw the same bytes, so
    :func:`save_figure` draws a figure again only when its key is new or its
    files are not those it drew.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int

    Returns
    -------
    str or None
        None for a figure that cannot be pickled (an artist holding a
        function defined in a notebook, for instance), or when
        ``KIT_RESULT_CACHE=0``: it is always drawn.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> def bars(height):
    ...     fig, ax = plt.subplots()
    ...     ax.bar(["a"], [height])
    ...     return fig
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"KIT_RESULT_CACHE": "1"}):  # the tests turn it off
    ...     same = render_key(bars(1), 300) == render_key(bars(1), 300)
    ...     other = render_key(bars(1), 300) == render_key(bars(2), 300)
    >>> same, other
    (True, False)
    """
    if not kept_across_runs():
        return None
    buffer = io.BytesIO()
    try:
        _StatePickler(buffer, protocol=4).dump(fig)
    except Exception:  # any artist pickle refuses: no key, the figure is drawn
        return None
    digest = hashlib.sha256(buffer.getvalue())
    settings = sorted((k, repr(v)) for k, v in matplotlib.rcParams.items() if k not in _DISPLAY_RC)
    fonts = sorted(repr(entry) for entry in matplotlib.font_manager.fontManager.ttflist)
    digest.update(json.dumps([settings, fonts, _font_record(), code_digest(), int(dpi),
                              repr(_PNG_METADATA), repr(_PDF_METADATA)], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _render_record_path(directory: Path, name: str) -> Path:
    folder = hashlib.sha256(str(directory.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "renders" / folder / f"{name}.json"


def _drawn_before(directory: Path, name: str, key: str | None) -> dict | None:
    """The PNG and PDF bytes drawn last time under ``key``, if the files still hold them."""
    if key is None:
        return None
    try:
        record = json.loads(_render_record_path(directory, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    drawn = {}
    for ext in ("png", "pdf"):
        try:
            data = (directory / f"{name}.{ext}").read_bytes()
        except OSError:
            return None
        if _sha256(data) != record.get(ext):
            return None  # changed or replaced since: draw again
        drawn[ext] = data
    return drawn


def _remember_drawn(directory: Path, name: str, key: str | None, outputs: dict) -> None:
    if key is None:
        return
    try:
        path = _render_record_path(directory, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps({"key": key, "png": _sha256(outputs["png"]),
                                            "pdf": _sha256(outputs["pdf"])}))
    except OSError:
        pass  # a read-only cache: the figure is drawn again next time, nothing else changes


def _json_ready(value):
    """Parameters as JSON: paths as strings, numpy scalars as numbers, sets sorted."""
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_json_ready(v) for v in value)
    if isinstance(value, os.PathLike):
        return _relative(Path(value))
    if isinstance(value, str) and os.path.isabs(value) and os.path.exists(value):
        return _relative(Path(value))  # a path given as text: never recorded absolute
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def figure_title(fig: matplotlib.figure.Figure) -> str:
    """The figure's title: its suptitle, else its axes' titles joined by " | "."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        return suptitle.get_text().strip()
    titles = []
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            text = ax.get_title(loc=loc).strip()
            if text:
                titles.append(text)
    return " | ".join(titles)


def table_csv(table: pd.DataFrame) -> str:
    r"""A figure's table as CSV text, floats with :data:`CSV_DIGITS` significant digits.

    Two machines whose floats differ in the last bits (another BLAS, another
    order of summation) write the same text: the digits kept stop well before
    those bits.  Zero is written ``0`` whatever its sign, and so is a
    subnormal number (below 2.2e-308), which is what one unit in the last
    place away from zero is.

    Parameters
    ----------
    table : pandas.DataFrame

    Returns
    -------
    str
        UTF-8 ready CSV text: no index, ``\n`` line ends.

    Examples
    --------
    >>> table_csv(pd.DataFrame({"x": [0.16935762587593772, -0.0, 5e-324]}))
    'x\n0.1693576259\n0\n0\n'
    """
    # A plain frame over the same columns, without attrs: pandas deep-copies a
    # table's attrs at every step, and an analysis may keep a large record there.
    table = pd.DataFrame(table)
    positions = [i for i, dtype in enumerate(table.dtypes) if pd.api.types.is_float_dtype(dtype)]
    if positions:
        table = table.copy()
        for i in positions:  # by position: column names may repeat or not be strings
            column = table.iloc[:, i]
            small = (column.abs() < np.finfo(np.float64).tiny).fillna(False).astype(bool)
            table.isetitem(i, column.mask(small, 0.0))
    return table.to_csv(index=False, lineterminator="\n", float_format=f"%.{CSV_DIGITS}g")


def read_manifest(directory: str | os.PathLike | None = None) -> dict:
    """The manifest of a figures folder (``{"figures": {}}`` if there is none yet).

    Parameters
    ----------
    directory : path-like, optional
        Defaults to :func:`kit.paths.figures_dir`.

    Returns
    -------
    dict
    """
    path = Path(directory or figures_dir()) / MANIFEST
    if not path.exists():
        return {"figures": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path} is not valid JSON ({error}); delete it and rerun `make figures` to rebuild it"
        ) from None
    if not isinstance(manifest.get("figures"), dict):
        raise ValueError(f"{path} has no 'figures' table; delete it and rerun `make figures`")
    return manifest


def check_manifest(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Compare a figures folder with its manifest, file by file.

    Parameters
    ----------
    directory : path-like, optional
        Defaults to :func:`kit.paths.figures_dir`.

    Returns
    -------
    pandas.DataFrame
        One row per file the manifest records (and one per incomplete
        figure): ``figure``, ``file`` (name), ``recorded`` and ``actual``
        (SHA-256; "" where there is none) and ``status``: ``ok``, ``changed``
        (the file's bytes are not the recorded ones), ``missing``, or
        ``incomplete`` (the run that saved the figure stopped between writing
        its files and recording them: rerun its notebook).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = add_manifest_entry("demo", {"txt": b"numbers"}, kind="table", directory=folder)
    >>> check_manifest(folder)[["file", "status"]].values.tolist()
    [['demo.txt', 'ok']]
    >>> _ = (folder / "demo.txt").write_bytes(b"edited by hand")
    >>> check_manifest(folder)["status"].tolist()
    ['changed']
    """
    directory = Path(directory or figures_dir())
    rows = []
    for name, entry in read_manifest(directory)["figures"].items():
        if entry.get("incomplete"):
            rows.append({"figure": name, "file": "", "recorded": "", "actual": "", "status": "incomplete"})
            continue
        for ext, recorded in sorted((entry.get("files") or {}).items()):
            path = directory / f"{name}.{ext}"
            actual = _sha256(path.read_bytes()) if path.is_file() else ""
            status = "missing" if not actual else ("ok" if actual == recorded else "changed")
            rows.append({"figure": name, "file": path.name, "recorded": recorded, "actual": actual, "status": status})
    return pd.DataFrame(rows, columns=["figure", "file", "recorded", "actual", "status"])


def save_figure(
    fig: matplotlib.figure.Figure,
    name: str,
    table: pd.DataFrame,
    *,
    inputs=(),
    lexicon=None,
    tokenizer=None,
    params: dict | None = None,
    directory: str | os.PathLike | None = None,
    dpi: int = 300,
    label: str | list[str] | None = None,
) -> pd.DataFrame:
    """Save ``fig`` as PNG and PDF, its numbers as CSV, and its provenance in the manifest.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem: letters, digits, ``_``, ``-`` and ``.``; by convention the
        notebook's number first (``01_slogan_counts``).
    table : pandas.DataFrame
        The numbers the figure shows; written as ``NAME.csv`` (UTF-8, no index).
    inputs : sequence of path or Corpus
        What the figure was computed from; each is hashed.
    lexicon : kit Lexicon or path, optional
    tokenizer : dict or tokens from :func:`kit.tokenize`, optional
    params : dict, optional
        Parameters of the plot and of the choices made around it (top n,
        thresholds …).  The analysis's own parameters need no retyping: a
        table from a kit analysis carries its call (``table.attrs["call"]``),
        which the manifest records as ``call``.
    directory : path-like, optional
        Defaults to ``$KIT_FIGURES_DIR`` or ``<project>/figures``.
    dpi : int
        Resolution of the PNG.
    label : str or list of str, optional
        The corpus (or corpora) the figure shows, as the figure names it: each
        must appear in the figure's text (title, caption, axis or legend),
        and the manifest records it.

    Returns
    -------
    SavedFiles
        A DataFrame of one row per file: ``file`` (path), ``sha256``,
        ``written`` (False when the file already held the same bytes).  A
        notebook shows it as one short line: the name, the files, the folder,
        and "unchanged" when no file was rewritten.

    Warns
    -----
    FigureLayoutWarning
        When text overlaps other text, is cut off, or stands far from the
        point it labels (:func:`kit.plot.layout.layout_problems`); the
        manifest records each problem.

    Raises
    ------
    kit.fonts.MissingGlyphError
        If any text in the figure has characters the CJK font cannot draw.
    ValueError
        If the figure does not name a corpus given as ``label``.

    Examples
    --------
    >>> import tempfile
    >>> from kit.plot import frequency_bars
    >>> counts = pd.DataFrame({"entry": ["急难愁盼", "久久为功"], "frequency": [3, 2]})
    >>> fig = frequency_bars(counts, title="提法 · 吕梁日报 2026")
    >>> folder = tempfile.mkdtemp()
    >>> files = save_figure(fig, "01_slogan_counts", counts, label="吕梁日报 2026", directory=folder)
    >>> [Path(f).name for f in files["file"]]
    ['01_slogan_counts.png', '01_slogan_counts.pdf', '01_slogan_counts.csv']
    >>> read_manifest(folder)["figures"]["01_slogan_counts"]["corpus"]
    ['吕梁日报 2026']
    """
    if not isinstance(fig, matplotlib.figure.Figure):
        raise TypeError(f"save_figure: fig must be a matplotlib Figure, not {type(fig).__name__}")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"save_figure: name {name!r} must be letters, digits, '_', '-' or '.', e.g. '01_slogan_counts'")
    if not isinstance(table, pd.DataFrame):
        raise TypeError("save_figure: table must be the DataFrame of numbers the figure shows")
    key = render_key(fig, dpi)  # before the check's draw, which fills in ticks and text layout
    drawn_text = _figure_text(fig)
    resolve_cjk_font().require(drawn_text)
    labels = [label] if isinstance(label, str) else list(label or [])
    # A title wrapped to its axes may break a label across lines: compare without white space.
    flat = "".join(drawn_text.split())
    unnamed = [item for item in labels if "".join(str(item).split()) not in flat]
    if unnamed:
        raise ValueError(f"save_figure: figure {name!r} does not name its corpus {unnamed[0]!r}; "
                         "put it in the title or a caption")
    problems = layout_problems(fig)
    if len(problems):
        listed = "; ".join(f"{p.kind}: {p.text}" + (f" / {p.other}" if p.other else "")
                           for p in problems.head(5).itertuples())
        warnings.warn(f"figure {name!r}: {len(problems)} layout problem(s) ({listed})",
                      FigureLayoutWarning, stacklevel=2)

    directory = Path(directory or figures_dir())
    read_manifest(directory)  # a corrupt manifest stops us before anything is drawn
    outputs = _drawn_before(directory, name, key)
    if outputs is None:
        area = _saved_area(fig)  # after the layout check, which reads the same draw
        outputs = {"png": _render(fig, "png", dpi, area), "pdf": _render(fig, "pdf", dpi, area)}
    outputs["csv"] = table_csv(table).encode("utf-8")
    entry = {
        "notebook": _current_notebook(),
        "title": figure_title(fig),
        "corpus": [str(item) for item in labels],
        "layout_problems": [" / ".join(v for v in (p.kind, p.text, p.other, p.detail) if v)
                            for p in problems.itertuples()],
        "kit_version": _version("kit"),
        "files": {ext: _sha256(data) for ext, data in outputs.items()},
        "inputs": [describe_input(item) for item in inputs],
        "lexicon": describe_lexicon(lexicon),
        "tokenizer": describe_tokenizer(tokenizer),
        "parameters": _json_ready(params or {}),
        # the analysis that made the table recorded its own call (kit.analysis._record)
        "call": _json_ready(table.attrs.get("call")) if isinstance(table.attrs.get("call"), dict) else None,
        "software": {
            pkg: _version(pkg)
            for pkg in ("fonttools", "matplotlib", "numpy", "pandas", "pillow", "scipy", "pkuseg", "wordcloud")
        },
        "font": _font_record(),
    }
    entry = _json_ready(entry)
    rows = []
    # One process at a time reads, changes and writes the manifest.
    with exclusive_lock(directory / f"{MANIFEST}.lock"):
        manifest = read_manifest(directory)  # a corrupt manifest stops us before any file is written
        if manifest["figures"].get(name) != entry:
            # Until the files are written and recorded, the manifest says the
            # figure is incomplete rather than vouch for its old hashes.
            _write_manifest(directory, manifest, name, INCOMPLETE)
        for ext, data in outputs.items():
            path = directory / f"{name}.{ext}"
            rows.append({"file": str(path), "sha256": _sha256(data), "written": write_bytes_atomic(path, data)})
        _write_manifest(directory, manifest, name, entry)
    _remember_drawn(directory, name, key, outputs)
    return SavedFiles(pd.DataFrame(rows), name=name, folder=shown_folder(directory))


def _write_manifest(directory: Path, manifest: dict, name: str, entry: dict) -> None:
    manifest["figures"][name] = entry
    manifest["figures"] = dict(sorted(manifest["figures"].items()))
    manifest["reproducibility"] = REPRODUCIBILITY
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_text_atomic(directory / MANIFEST, text)
