"""Save a figure with the numbers behind it and a record of how it was made.

Layer: figures (above plot).  ``save_figure`` writes, for a figure called NAME:

- ``NAME.png`` (300 dpi) and ``NAME.pdf`` (fonts embedded, text searchable);
- ``NAME.csv``: the table of numbers the figure shows;
- an entry NAME in ``manifest.json``: the notebook that made it, the kit's
  version, hashes of the input files and of the lexicon, the tokenizer and its
  model, the parameters, the versions of the libraries that drew it, and the
  hashes of the three files written.

Every file is written atomically and only when its bytes change, and none
carries a timestamp: running the same notebook twice changes no file.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import warnings
from importlib import metadata
from pathlib import Path

import matplotlib.figure
import matplotlib.text
import pandas as pd

from kit.atomic import write_bytes_atomic, write_text_atomic
from kit.fonts import MissingGlyphError, font_digest, resolve_cjk_font
from kit.paths import figures_dir, project_root

MANIFEST = "manifest.json"
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
    path = Path(path).resolve()
    try:
        return path.relative_to(project_root()).as_posix()
    except ValueError:
        return str(path)


def describe_input(item) -> dict:
    """A provenance record for one input: a file path or a Corpus.

    Parameters
    ----------
    item : str, pathlib.Path or kit.corpus.Corpus
        A file is recorded by path, size and SHA-256 of its bytes.  A Corpus is
        recorded by name, number of documents, SHA-256 of its texts, its
        normalisation and grouping, and the source files its reader listed in
        ``corpus.meta`` (``file`` or ``files``), each hashed.

    Returns
    -------
    dict

    Examples
    --------
    >>> describe_input("README.md")["path"]  # doctest: +SKIP
    'README.md'
    """
    if isinstance(item, (str, os.PathLike)):
        path = Path(item)
        if not path.is_file():
            raise FileNotFoundError(f"save_figure: input {str(item)!r} is not a file")
        data = path.read_bytes()
        return {"path": _relative(path), "bytes": len(data), "sha256": _sha256(data)}
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
        record["files"] = [describe_input(f) for f in files]
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
    raise TypeError("save_figure: tokenizer must be a dict, or tokens from kit.tokenize")


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
    """Record an output other than a figure (an HTML explorer ...) in the manifest.

    The entry carries the provenance fields of a figure's entry (notebook, kit
    version, hashes of the files, inputs, lexicon, tokenizer, parameters,
    software) and ``kind``.  The caller writes the files themselves.

    Parameters
    ----------
    name : str
        The entry's name, as for :func:`save_figure`.
    files : dict
        File extension -> the bytes written (each is hashed).
    inputs, lexicon, tokenizer, params, directory
        As :func:`save_figure`.
    kind : str
        What the output is, e.g. ``"explorer"``.
    fields : dict, optional
        Further fields of the entry, e.g. its ``title`` and the ``corpus``
        names it shows.

    Returns
    -------
    dict
        The entry as written.

    Examples
    --------
    >>> add_manifest_entry("04_explorer", {"html": page}, inputs=[corpus], kind="explorer")  # doctest: +SKIP
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name {name!r} must be letters, digits, '_', '-' or '.', e.g. '04_comparison_explorer'")
    directory = Path(directory or figures_dir())
    manifest = read_manifest(directory)
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
    manifest["figures"][name] = entry
    manifest["figures"] = dict(sorted(manifest["figures"].items()))
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_text_atomic(directory / MANIFEST, text)
    return entry


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
        fig.canvas.draw()  # tick labels exist only once the figure is drawn
    return "".join(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible())


def _render(fig: matplotlib.figure.Figure, fmt: str, dpi: int) -> bytes:
    buffer = io.BytesIO()
    meta = _PDF_METADATA if fmt == "pdf" else _PNG_METADATA
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing from font")
        try:
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata=meta)
        except UserWarning as warning:
            raise MissingGlyphError(
                f"{warning}; the figure would show boxes. Fix: set KIT_CJK_FONT to a font that covers these characters"
            ) from None
    return buffer.getvalue()


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
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


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
        Parameters of the analysis and the plot (window, thresholds ...).
    directory : path-like, optional
        Defaults to ``$KIT_FIGURES_DIR`` or ``<project>/figures``.
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    pandas.DataFrame
        One row per file: ``file`` (path), ``sha256``, ``written`` (False when
        the file already held the same bytes).

    Raises
    ------
    kit.fonts.MissingGlyphError
        If any text in the figure has characters the CJK font cannot draw.

    Examples
    --------
    >>> save_figure(fig, "01_slogan_counts", counts, inputs=[page_path])  # doctest: +SKIP
    """
    if not isinstance(fig, matplotlib.figure.Figure):
        raise TypeError(f"save_figure: fig must be a matplotlib Figure, not {type(fig).__name__}")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"save_figure: name {name!r} must be letters, digits, '_', '-' or '.', e.g. '01_slogan_counts'")
    if not isinstance(table, pd.DataFrame):
        raise TypeError("save_figure: table must be the DataFrame of numbers the figure shows")
    resolve_cjk_font().require(_figure_text(fig))

    directory = Path(directory or figures_dir())
    manifest = read_manifest(directory)  # a corrupt manifest stops us before any file is written
    outputs = {
        "png": _render(fig, "png", dpi),
        "pdf": _render(fig, "pdf", dpi),
        "csv": table.to_csv(index=False, lineterminator="\n").encode("utf-8"),
    }
    entry = {
        "notebook": _current_notebook(),
        "kit_version": _version("kit"),
        "files": {ext: _sha256(data) for ext, data in outputs.items()},
        "inputs": [describe_input(item) for item in inputs],
        "lexicon": describe_lexicon(lexicon),
        "tokenizer": describe_tokenizer(tokenizer),
        "parameters": _json_ready(params or {}),
        "software": {
            pkg: _version(pkg) for pkg in ("matplotlib", "numpy", "pandas", "scipy", "pkuseg", "wordcloud")
        },
        "font": _font_record(),
    }
    rows = []
    for ext, data in outputs.items():
        path = directory / f"{name}.{ext}"
        rows.append({"file": str(path), "sha256": _sha256(data), "written": write_bytes_atomic(path, data)})

    manifest["figures"][name] = _json_ready(entry)
    manifest["figures"] = dict(sorted(manifest["figures"].items()))
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_text_atomic(directory / MANIFEST, text)
    return pd.DataFrame(rows)
