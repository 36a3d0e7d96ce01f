"""One entry point for "the corpus this notebook runs on".

Layer: io.  A notebook's parameters cell names its corpus as ``CORPUS``:
``None`` for the bundled sample page, a reference corpus's name, or a path to
the researcher's own corpus.  ``open_corpus`` turns any of them into a
Corpus, so a notebook runs unchanged on another corpus
(``make figures CORPUS=path/to/corpus``).
"""
from __future__ import annotations

from pathlib import Path

from kit.corpus import Corpus
from kit.io.files import read_corpus
from kit.io.page import read_page
from kit.io.reference import REFERENCE_CORPORA, reference_corpus
from kit.paths import data_dir

SAMPLE_PAGE = "raw/lvliang-daily-2026-01-page.md"
SAMPLE_SOURCE = "吕梁日报"


def sample_page_path() -> Path:
    """The bundled sample page (吕梁日报, January 2026)."""
    return data_dir() / SAMPLE_PAGE


def open_corpus(spec: str | Path | None = None, **options) -> Corpus:
    """The corpus named by a notebook parameter.

    Parameters
    ----------
    spec : None, str or path
        ``None``: the bundled sample page, read with :func:`kit.io.read_page`;
        a reference corpus's name (``"peoples_daily_1998"``): that corpus;
        a path: a file or folder, read with :func:`kit.io.read_corpus`.
    **options
        Passed on to the reader (e.g. ``text_column=`` for a table).

    Returns
    -------
    Corpus

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    ValueError
        If the corpus holds no document.

    Examples
    --------
    >>> open_corpus().name
    'lvliang-daily-2026-01-page'
    """
    if spec is None:
        corpus = read_page(sample_page_path(), source=SAMPLE_SOURCE, **options)
    elif str(spec) in REFERENCE_CORPORA:
        corpus = reference_corpus(str(spec), **options)
    else:
        path = Path(spec).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"corpus {str(spec)!r}: no such file or folder")
        corpus = read_corpus(path, **options)
    if len(corpus) == 0:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in corpus.skipped[:5])
        raise ValueError(f"corpus {str(spec)!r} holds no document" + (f" ({reasons})" if reasons else ""))
    return corpus


def corpus_files(spec: str | Path | None = None) -> list[Path]:
    """The files a corpus parameter stands for, for provenance records.

    Parameters
    ----------
    spec : None, str or path
        As for :func:`open_corpus`.

    Returns
    -------
    list of pathlib.Path
        The sample page, the reference corpus's installed file, or the
        user's file(s) (a folder's files in sorted order).
    """
    from kit.io.reference import reference_path

    if spec is None:
        return [sample_page_path()]
    if str(spec) in REFERENCE_CORPORA:
        return [reference_path(str(spec))]
    path = Path(spec).expanduser()
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path]
