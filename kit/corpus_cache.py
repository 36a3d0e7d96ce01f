"""A reference corpus parsed once, then read back from Parquet.

Layer: io (beside the readers it caches).  Parsing the People's Daily 1998
file into articles takes a second or two, and every notebook that compares
with it used to do so again.  :func:`open_corpus_cached` is
:func:`kit.io.open_corpus` for a reference corpus's name, keeping the parsed
documents in ``<cache>/corpora/`` as Parquet (never a pickle) and their
name, metadata and skipped inputs as JSON in the file's metadata.

The key holds everything the parse depends on: the path and SHA-256 of the
corpus file, the reader's version (a digest of the kit's reading code: ``kit/io``,
``kit/text`` and ``kit/corpus.py``, so any change to it parses again), the
options, and the pandas and pyarrow versions.  A corpus is written to the
cache only if reading the Parquet back gives the same documents, dtypes and
metadata; a damaged or unreadable cache file is parsed again.  Any other
corpus (the sample page, a researcher's folder) is opened as before.
"""
from __future__ import annotations

import hashlib
import io
import json
from importlib import metadata
from pathlib import Path

import pandas as pd

from kit import paths
from kit.atomic import write_bytes_atomic
from kit.corpus import Corpus, Skipped
from kit.io import corpus_files, open_corpus
from kit.io.open import TABLE_OPTIONS
from kit.io.reference import REFERENCE_CORPORA

#: Bump when what is stored changes.
CACHE_FORMAT = 1
_META_KEY = b"kit.corpus"
#: The code that turns a reference file into documents.
READER_SOURCES = ("io", "text", "corpus.py")


def reader_version() -> str:
    """A digest of the kit's reading code: it changes whenever that code does.

    Returns
    -------
    str
        SHA-256 hex digest of ``kit/io``, ``kit/text`` and ``kit/corpus.py``.

    Examples
    --------
    >>> len(reader_version())
    64
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for part in READER_SOURCES:
        root = package / part
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(spec: str, options: dict) -> str:
    """The key of a reference corpus's cache file: its file, the reader, the options, the libraries."""
    # the path too: the corpus records where its file is, for provenance
    files = [{"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
             for path in corpus_files(spec)]
    record = {"format": CACHE_FORMAT, "spec": spec, "files": files, "reader": reader_version(),
              "options": {k: options[k] for k in sorted(options)},
              "pandas": metadata.version("pandas"), "pyarrow": metadata.version("pyarrow")}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def open_corpus_cached(spec: str | Path | None = None, *, label: str | None = None,
                       folder: str | Path | None = None, **options) -> Corpus:
    """:func:`kit.io.open_corpus`, with a reference corpus read from the cache when it can be.

    Parameters
    ----------
    spec, label, **options
        As for :func:`kit.io.open_corpus`.
    folder : path-like, optional
        The cache folder; default ``<cache>/corpora`` (see :func:`kit.paths.cache_dir`).

    Returns
    -------
    Corpus
        Equal to what :func:`kit.io.open_corpus` returns: the same documents,
        dtypes, name, metadata and skipped inputs.

    Examples
    --------
    >>> open_corpus_cached().meta["label"]   # the sample page: not cached
    '吕梁日报 2026'
    """
    options = {key: value for key, value in options.items() if value is not None}
    if spec is None or str(spec) not in REFERENCE_CORPORA or any(k in options for k in TABLE_OPTIONS):
        return open_corpus(spec, label=label, **options)  # and its errors
    folder = Path(folder) if folder else paths.cache_dir() / "corpora"
    path = folder / f"{spec}-{cache_key(str(spec), options)[:24]}.parquet"
    corpus = _read(path)
    if corpus is None:
        corpus = open_corpus(spec, **options)
        _write(path, corpus)
    if label:
        corpus.meta["label"] = str(label)
    return corpus


def _record(corpus: Corpus) -> dict:
    return {"name": corpus.name, "meta": corpus.meta,
            "skipped": [{"source": s.source, "reason": s.reason, "line": s.line} for s in corpus.skipped],
            "dtypes": {column: str(dtype) for column, dtype in corpus.docs.dtypes.items()}}


def _parquet(corpus: Corpus) -> bytes | None:
    """The corpus as Parquet bytes, or None when it cannot make the round trip exactly."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        record = json.dumps(_record(corpus), ensure_ascii=False, sort_keys=True)
        table = pa.Table.from_pandas(corpus.docs, preserve_index=False)
    except (TypeError, ValueError, pa.ArrowException):  # metadata that is not JSON, mixed columns
        return None
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _META_KEY: record.encode()})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    data = buffer.getvalue()
    back = _corpus_from(data)
    same = (back is not None and back.docs.equals(corpus.docs) and _record(back) == json.loads(record)
            and list(back.docs.dtypes) == list(corpus.docs.dtypes))
    return data if same else None


def _corpus_from(data: bytes) -> Corpus | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
        record = json.loads(table.schema.metadata[_META_KEY])
        docs = table.replace_schema_metadata(None).to_pandas()
        skipped = [Skipped(s["source"], s["reason"], s["line"]) for s in record["skipped"]]
        corpus = Corpus(docs, name=record["name"], skipped=skipped, meta=record["meta"])
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
        return None
    if {c: str(d) for c, d in corpus.docs.dtypes.items()} != record["dtypes"]:
        return None
    return corpus


def _read(path: Path) -> Corpus | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _corpus_from(data)


def _write(path: Path, corpus: Corpus) -> None:
    data = _parquet(corpus)
    if data is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, data)
    except OSError:  # a read-only cache: the corpus was parsed all the same
        pass
