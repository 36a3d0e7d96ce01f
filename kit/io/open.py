"""One entry point for "the corpus this notebook runs on".

Layer: io.  A notebook's parameters cell names its corpus as ``CORPUS``:
``None`` for the bundled sample page, a reference corpus's name, or a path to
the researcher's own corpus.  ``open_corpus`` turns any of them into a
Corpus, so a notebook runs unchanged on another corpus
(``make figures CORPUS=path/to/corpus``).

A relative path means the same everywhere: it is looked up from the kit's
project folder first (where ``make figures`` runs), then from the current
folder (a notebook in JupyterLab runs in ``notebooks/``; a script anywhere).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kit.corpus import Corpus
from kit.io.files import read_corpus
from kit.io.page import read_page
from kit.io.reference import REFERENCE_CORPORA, REFERENCE_LABELS, reference_corpus
from kit.paths import data_dir, project_root

SAMPLE_PAGE = "raw/lvliang-daily-2026-01-page.md"
SAMPLE_SOURCE = "吕梁日报"
#: How figures name the bundled sample page.
SAMPLE_LABEL = "吕梁日报 2026"
#: Options that say how to read a table; they mean nothing for the bundled corpora.
TABLE_OPTIONS = ("text_column", "title_column", "date_column", "id_column")
#: Options that say how to read the user's own files: the table options, and
#: whether text files are page dumps.
FILE_OPTIONS = TABLE_OPTIONS + ("pages",)


def sample_page_path() -> Path:
    """The bundled sample page (吕梁日报, January 2026)."""
    return data_dir() / SAMPLE_PAGE


def resolve_corpus_path(spec: str | Path) -> Path:
    """The file or folder a corpus path names, absolute.

    Parameters
    ----------
    spec : str or path
        Absolute, or relative to the project folder (tried first) or to the
        current folder.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        Starting with the first absolute path tried and naming every other,
        the corpus as given, and the reference corpora (a misspelt name
        reads as a path).

    Examples
    --------
    >>> resolve_corpus_path("data/raw").name
    'raw'
    """
    path = Path(spec).expanduser()
    if path.is_absolute():
        candidates = [path]
    else:
        candidates = list(dict.fromkeys([project_root() / path, Path.cwd() / path]))
    for candidate in candidates:
        if candidate.exists():
            return candidate.resolve()
    tried = ", nor ".join(str(c.resolve()) for c in candidates)
    raise FileNotFoundError(f"{tried}: no such file or folder (corpus {str(spec)!r}; "
                            f"the reference corpora are {', '.join(REFERENCE_CORPORA)})")


def open_corpus(spec: str | Path | None = None, *, label: str | None = None, pages: bool | None = None,
                strict: bool = False, errors: str | None = None, **options) -> Corpus:
    """The corpus named by a notebook parameter.

    Parameters
    ----------
    spec : None, str or path
        ``None``: the bundled sample page, read with :func:`kit.io.read_page`;
        a reference corpus's name (``"peoples_daily_1998"``): that corpus;
        a path (see :func:`resolve_corpus_path`): a file or folder, read with
        :func:`kit.io.read_corpus`.
    label : str, optional
        How figures name the corpus (``corpus.meta["label"]``); default
        ``吕梁日报 2026`` for the sample page, ``人民日报 1998`` for the
        reference corpus, and the file's stem or the folder's name otherwise.
    pages : bool, optional
        Whether .txt/.md files are page dumps (see :func:`kit.io.read_corpus`);
        default: detected.  For paths only.
    strict : bool, default False
        Raise :class:`kit.io.CorpusReadError` at the first file or record of
        a path that cannot be read, instead of listing it in
        ``corpus.skipped``.  The bundled corpora are read whole or not at
        all, so for them it changes nothing.
    errors : str, optional
        What to do with invalid bytes in a file of a path, passed on to
        :func:`kit.io.read_corpus` when given.  The bundled files have none.
    **options
        Passed on to the reader: ``text_column``, ``title_column``,
        ``date_column``, ``id_column`` (tables only), ``to_simplified`` and
        the other normalisation switches.  ``None`` values are left out.

    Returns
    -------
    Corpus
        With ``meta["label"]`` and ``meta["origin"]`` (``sample``,
        ``reference`` or ``path``).

    Raises
    ------
    FileNotFoundError
        If the path does not exist (the message gives the absolute paths tried).
    ValueError
        If the corpus holds no document, or a table option or ``pages`` is
        given for a bundled corpus.

    Examples
    --------
    >>> open_corpus().meta["label"]
    '吕梁日报 2026'
    """
    options = {key: value for key, value in (options | {"pages": pages}).items() if value is not None}
    if spec is None or str(spec) in REFERENCE_CORPORA:
        given = [key for key in FILE_OPTIONS if key in options]
        if given:
            raise ValueError(f"{given} say how to read your own files; the "
                             f"{'sample page' if spec is None else str(spec)} is read as it is: leave them out")
    if spec is None:
        corpus = read_page(sample_page_path(), source=SAMPLE_SOURCE, **options)
        corpus.meta.update(label=SAMPLE_LABEL, origin="sample")
        corpus.docs["date_precision"] = corpus.docs["date"].notna().map({True: "day", False: ""})
    elif str(spec) in REFERENCE_CORPORA:
        corpus = reference_corpus(str(spec), **options)
        corpus.meta.update(label=REFERENCE_LABELS[str(spec)], origin="reference")
    else:
        path = resolve_corpus_path(spec)
        if errors is not None:
            options["errors"] = errors
        corpus = read_corpus(path, strict=strict, **options)
        corpus.meta.update(label=corpus.name, origin="path")
    if label:
        corpus.meta["label"] = str(label)
    if len(corpus) == 0:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in corpus.skipped[:5])
        raise ValueError(f"corpus {str(spec)!r} holds no document" + (f" ({reasons})" if reasons else ""))
    return corpus


def corpus_label(corpus: Corpus) -> str:
    """How figures name a corpus: ``meta["label"]``, else its name.

    Examples
    --------
    >>> corpus_label(Corpus.from_texts(["一"], name="demo"))
    'demo'
    """
    return str(corpus.meta.get("label") or corpus.name)


def corpus_folder_name(spec: str | Path | None) -> str:
    """The name of the figures folder of a corpus: distinct for distinct corpora.

    The bundled sample page's figures are the bundled figures (``""``: the
    figures folder itself); a reference corpus's folder is its name; a path's
    is its file or folder name (suffix kept, so ``x.csv`` and ``x.jsonl``
    differ; characters other than letters, digits, ``_``, ``.`` and ``-``
    replaced) and six hex digits of the SHA-256 of its absolute path, so that
    two corpora share a folder only when they are the same file or folder.

    Parameters
    ----------
    spec : None, str or path

    Returns
    -------
    str

    Examples
    --------
    >>> corpus_folder_name(None), corpus_folder_name("peoples_daily_1998")
    ('', 'peoples_daily_1998')
    >>> corpus_folder_name("data/raw/lvliang-daily-2026-01-page.md").startswith("lvliang-daily-2026-01-page.md-")
    True
    """
    if spec is None:
        return ""
    if str(spec) in REFERENCE_CORPORA:
        return str(spec)
    path = resolve_corpus_path(spec)
    readable = re.sub(r"[^\w.-]+", "-", path.name).strip("-.") or "corpus"
    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:6]
    return f"{readable}-{digest}"


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
    from kit.io.walk import list_files

    if spec is None:
        return [sample_page_path()]
    if str(spec) in REFERENCE_CORPORA:
        return [reference_path(str(spec))]
    path = resolve_corpus_path(spec)
    if path.is_dir():
        return list_files(path).files
    return [path]
