"""On-disk cache of tokens: one Parquet file per chunk of documents.

Layer: tokenize.  A chunk's file name is the sha256 of everything its tokens
depend on: the texts of its documents, the model and pkuseg version, whose
tokens the engine makes (both engines make pkuseg's), the protected phrases,
the sentence splitter and the kit's tokenizer version.  A
changed lexicon or a new pkuseg therefore reads other files; stale files are
never consulted (delete the folder to reclaim the space).

Files are written atomically; each file's name carries the sha256 of its
bytes (``<key>-<digest>.parquet``), checked on every read, because Parquet's
own page checksums do not cover page headers or metadata.  A file that fails
the checksum, cannot be read or does not describe the chunk it is named for is
reported with a warning and rebuilt, never trusted.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kit.atomic import write_bytes_atomic
from kit.paths import cache_dir as _kit_cache_dir

CHUNK_SCHEMA = pa.schema(
    [
        ("doc", pa.int32()),  # index of the document within the chunk
        ("token", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("sentence", pa.int32()),
        ("position", pa.int32()),
        ("is_protected", pa.bool_()),
    ]
)


class CorruptCacheWarning(UserWarning):
    """A token cache file was unreadable or inconsistent and has been rebuilt."""


def default_cache_dir() -> Path:
    """``$KIT_CACHE_DIR/tokens``, or ``<project>/data/cache/tokens``.

    Examples
    --------
    >>> default_cache_dir().name
    'tokens'
    """
    return _kit_cache_dir() / "tokens"


_DIGEST_CHARS = 32


def _content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:_DIGEST_CHARS]


def chunk_path(folder: Path, key: str, data: bytes) -> Path:
    """Where the chunk with this key and these bytes is stored (two-character fan-out folders)."""
    return Path(folder) / key[:2] / f"{key}-{_content_digest(data)}.parquet"


def _stored_paths(folder: Path, key: str) -> list[Path]:
    return sorted((Path(folder) / key[:2]).glob(f"{key}-*.parquet"))


def write_chunk(folder: Path, key: str, table: pa.Table, unprotected: list[str], engine: str = "") -> bool:
    """Store a chunk's token table atomically; return False if the folder is not writable.

    ``unprotected`` (the lexicon entries the tokenizer could not keep whole)
    travels in the file's metadata, so a run served from the cache reports
    them without loading a segmenter; so does ``engine``, the engine that
    made the tokens (the key does not name it: both engines' tokens are the
    same, see ``TOKENS_OF_ENGINE`` in :mod:`kit.tokenization.pipeline`).
    """
    table = table.replace_schema_metadata(
        {
            "kit_key": key,
            "kit_rows": str(table.num_rows),
            "kit_unprotected": json.dumps(list(unprotected), ensure_ascii=False),
            "kit_engine": engine,
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    data = buffer.getvalue()
    try:
        write_bytes_atomic(chunk_path(folder, key, data), data)
    except OSError as error:
        warnings.warn(f"token cache not written to {folder}: {error}", RuntimeWarning, stacklevel=3)
        return False
    return True


def read_chunk(folder: Path, key: str, text_lengths: list[int]) -> tuple[pa.Table, list[str]] | None:
    """Read a cached chunk, or None if there is none or it cannot be trusted.

    Parameters
    ----------
    folder : Path
    key : str
    text_lengths : list of int
        Length of each document text in the chunk, to check the offsets.

    Returns
    -------
    (pyarrow.Table with :data:`CHUNK_SCHEMA`, unprotected phrases), or None.  A file that exists but
    fails a check is deleted and reported with a :class:`CorruptCacheWarning`.
    """
    for path in _stored_paths(folder, key):
        found = _read_verified(path, key, text_lengths)
        if found is not None:
            return found
    return None


def _read_verified(path: Path, key: str, text_lengths: list[int]) -> tuple[pa.Table, list[str]] | None:
    try:
        data = path.read_bytes()
        if path.stem != f"{key}-{_content_digest(data)}":
            raise ValueError("checksum mismatch: the file changed after it was written")
        # ParquetFile.read: pq.read_table's dataset layer costs more than the read itself
        table = pq.ParquetFile(pa.BufferReader(data)).read()
        problem = _inconsistency(table, key, text_lengths)
        if problem is None:
            unprotected = json.loads(table.schema.metadata[b"kit_unprotected"])
            if not isinstance(unprotected, list):
                problem = "of an unexpected layout"
    except (pa.ArrowException, OSError, ValueError, KeyError) as error:
        problem = f"unreadable ({type(error).__name__}: {error})"
    if problem is None:
        return table.replace_schema_metadata(None), unprotected
    warnings.warn(
        f"token cache file {path} is {problem}; it is ignored and rebuilt",
        CorruptCacheWarning,
        stacklevel=3,
    )
    try:
        os.remove(path)
    except OSError:
        pass
    return None


def _inconsistency(table: pa.Table, key: str, text_lengths: list[int]) -> str | None:
    metadata = table.schema.metadata or {}
    if metadata.get(b"kit_key", b"").decode() != key:
        return "not the file for its key"
    if not table.schema.remove_metadata().equals(CHUNK_SCHEMA):
        return "of an unexpected layout"
    if metadata.get(b"kit_rows", b"").decode() != str(table.num_rows):
        return "truncated"
    if table.num_rows == 0:
        return None
    if table["doc"].null_count or table["token"].null_count:
        return "missing values"
    docs = table["doc"]
    if pc.min(docs).as_py() < 0 or pc.max(docs).as_py() >= len(text_lengths):
        return "about other documents"
    lengths = pc.take(pa.array(text_lengths, pa.int32()), docs)
    spans_fit = pc.all(
        pc.and_(
            pc.equal(pc.subtract(table["end"], table["start"]), pc.utf8_length(table["token"])),
            pc.and_(pc.greater_equal(table["start"], 0), pc.less_equal(table["end"], lengths)),
        )
    ).as_py()
    if not spans_fit:
        return "inconsistent with its texts"
    return None
