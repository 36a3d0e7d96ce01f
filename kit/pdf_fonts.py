"""The font subsets embedded in PDFs, made once and then read from a cache.

Layer: plot (beside fonts).  A PDF embeds only the glyphs it draws: for each
figure matplotlib asks fontTools for a subset of the font file.  For a CJK
font of 65,000 glyphs that takes a second or more per figure (fontTools
reads the whole font's tables to subset it), and most of ``make figures``
when every other cache is warm.  Inside :func:`cached_font_subsets`,
matplotlib's subsetting goes through a cache instead: the subset for one
font file, face and set of glyphs is made by fontTools, exactly as
matplotlib would make it, and kept in ``<cache>/fonts/subsets/``; the next
figure drawing the same glyphs reads it back.  The PDF's bytes are the same
with or without the cache (a test checks it).

The key is the SHA-256 of the font file, the face, the glyphs, and the
versions of matplotlib and fontTools (which decide how a subset is made).
Each cached subset is checked against the SHA-256 recorded beside it, and
made again when it does not match.

matplotlib offers no setting for this: the cache replaces its function
``matplotlib.backends._backend_pdf_ps.get_glyphs_subset`` while the context
is active, and only if that function still has the signature the pinned
matplotlib gives it; otherwise figures are drawn without the cache.
"""
from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import threading
from importlib import metadata
from pathlib import Path

from kit import paths
from kit.atomic import write_bytes_atomic
from kit.fonts import file_digest

#: Bump when what is stored changes.
CACHE_FORMAT = 1
_LOCK = threading.Lock()
_ACTIVE = {"depth": 0, "original": None}


class _SubsetBytes:
    """A subset font already saved: what matplotlib's ``font_as_file`` writes out."""

    def __init__(self, data: bytes):
        self.data = data

    def save(self, file, reorderTables=False):  # noqa: N803 - fontTools' spelling
        file.write(self.data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def subset_key(font_path: str | os.PathLike, face_index: int, glyphs) -> str:
    """The cache key of one subset: font file, face, glyphs and the subsetting software.

    Parameters
    ----------
    font_path : path-like
    face_index : int
        The face within a font collection (0 for a single font).
    glyphs : iterable of int
        Glyph indices of the subset.

    Returns
    -------
    str
        A SHA-256 hex digest.

    Examples
    --------
    >>> import matplotlib.font_manager as fm
    >>> path = fm.findfont("DejaVu Sans")
    >>> subset_key(path, 0, [3, 1, 2]) == subset_key(path, 0, {1, 2, 3})
    True
    """
    stat = os.stat(font_path)
    record = {
        "format": CACHE_FORMAT,
        "font": file_digest(os.fspath(font_path), stat.st_size, stat.st_mtime_ns),
        "face": int(face_index),
        "glyphs": sorted({int(g) for g in glyphs}),
        "matplotlib": metadata.version("matplotlib"),
        "fonttools": metadata.version("fonttools"),
    }
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def _read(folder: Path, key: str):
    font, record = folder / f"{key}.font", folder / f"{key}.json"
    try:
        meta = json.loads(record.read_text(encoding="utf-8"))
        data = font.read_bytes()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None  # a damaged or half-copied file: make the subset again
    return data, {int(k): int(v) for k, v in meta["glyph_index_map"].items()}


def _write(folder: Path, key: str, data: bytes, glyph_index_map: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(folder / f"{key}.font", data)
    meta = {"sha256": hashlib.sha256(data).hexdigest(),
            "glyph_index_map": {str(k): int(v) for k, v in sorted(glyph_index_map.items())}}
    write_bytes_atomic(folder / f"{key}.json", json.dumps(meta, sort_keys=True).encode())


def _caching(original, folder: Path):
    """``get_glyphs_subset`` as matplotlib defines it, served from ``folder``."""
    from matplotlib.backends import _backend_pdf_ps

    def get_glyphs_subset(fontfile, glyphs):
        glyphs = list(glyphs)
        key = subset_key(fontfile, getattr(fontfile, "face_index", 0), glyphs)
        found = _read(folder, key)
        if found is None:
            with original(fontfile, glyphs) as made:
                data = _backend_pdf_ps.font_as_file(made.font).getvalue()
                glyph_index_map = dict(made.glyph_index_map)
            try:
                _write(folder, key, data, glyph_index_map)
            except OSError:  # a read-only cache folder: the figure is drawn all the same
                pass
            found = data, glyph_index_map
        data, glyph_index_map = found
        return _backend_pdf_ps.SubsetResults(_SubsetBytes(data), glyph_index_map)._as_cm()

    return get_glyphs_subset


def _patchable(module) -> bool:
    original = getattr(module, "get_glyphs_subset", None)
    results = getattr(module, "SubsetResults", None)
    if original is None or results is None or not hasattr(module, "font_as_file"):
        return False
    return list(inspect.signature(original).parameters) == ["fontfile", "glyphs"]


@contextlib.contextmanager
def cached_font_subsets(folder: str | os.PathLike | None = None):
    """Within this context, PDFs take their font subsets from the cache.

    Parameters
    ----------
    folder : path-like, optional
        Defaults to ``<cache>/fonts/subsets`` (see :func:`kit.paths.cache_dir`).

    Examples
    --------
    >>> import io, matplotlib.pyplot as plt
    >>> fig = plt.figure(); _ = fig.text(0.5, 0.5, "x")
    >>> with cached_font_subsets():
    ...     fig.savefig(io.BytesIO(), format="pdf")
    >>> plt.close(fig)
    """
    from matplotlib.backends import _backend_pdf_ps

    folder = Path(folder) if folder else paths.cache_dir() / "fonts" / "subsets"
    with _LOCK:  # nested or concurrent contexts replace the function once
        if _ACTIVE["depth"] == 0:
            if not _patchable(_backend_pdf_ps):
                _ACTIVE["original"] = None
            else:
                _ACTIVE["original"] = _backend_pdf_ps.get_glyphs_subset
                _backend_pdf_ps.get_glyphs_subset = _caching(_ACTIVE["original"], folder)
        _ACTIVE["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _ACTIVE["depth"] -= 1
            if _ACTIVE["depth"] == 0 and _ACTIVE["original"] is not None:
                _backend_pdf_ps.get_glyphs_subset = _ACTIVE["original"]
                _ACTIVE["original"] = None
