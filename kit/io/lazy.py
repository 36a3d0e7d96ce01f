"""Plan the partitions of a corpus read with ``read_corpus(path, lazy=True)``.

Layer: io.  Nothing here reads documents: planning lists the files, and for a
large CSV or JSONL file scans its bytes once (a line at a time, so memory
stays flat) for record boundaries.  Each :class:`kit.lazy_corpus.Partition`
loads its documents with the same reader as ``read_corpus`` itself, so a
partition's documents are exactly the documents the in-memory read gives
(same ids, titles, dates, line numbers), with two exceptions documented in
docs/scale.md: a JSONL file with invalid lines numbers the documents after
them from the line count, and ids repeated in different partitions are not
made unique.

Three kinds of input:

- a folder: its files in sorted order, grouped into partitions of about
  ``partition_bytes``; a large CSV/JSONL file in it is split on its own;
- a single CSV, TSV or JSONL file: stretches of about ``partition_bytes``
  cut at record boundaries (the header line is read with every stretch);
- a Parquet file or a folder of Parquet files (a dataset): each row group is
  a partition, its columns mapped as a table's columns are.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from kit.io.encoding import decode_bytes
from kit.io.files import TABLE_SUFFIXES, _id_bases, _Mapping, _Reader
from kit.io.walk import list_files
from kit.lazy_corpus import LazyCorpus, Partition
from kit.text.normalize import normalization_settings

#: Default size of one partition: enough text to keep a worker busy for a few
#: seconds, small enough that a worker holds a few at once.
PARTITION_BYTES = 8 * 2**20
PARQUET_SUFFIXES = (".parquet", ".pq")
# Encodings whose line break is the single byte 0x0A and whose quote is 0x22
# in every position: a file in one of them can be cut on bytes.
_BYTE_SAFE = ("utf-8", "utf-8-sig", "ascii", "gb18030", "gbk", "gb2312", "big5", "big5hkscs")


def read_lazy(path: Path, options: dict, partition_bytes: int = PARTITION_BYTES,
              name: str | None = None) -> LazyCorpus:
    """The LazyCorpus of ``read_corpus(path, lazy=True, **options)``.

    Parameters
    ----------
    path : Path
        A folder, a CSV/TSV/JSONL file, or a Parquet file or dataset folder.
    options : dict
        The reading options of :func:`kit.read_corpus` (text_column … errors,
        normalization).
    partition_bytes : int
        Target size of a partition on disk.
    name : str, optional

    Returns
    -------
    LazyCorpus

    Examples
    --------
    >>> from pathlib import Path
    >>> read_lazy(Path("data/raw"), {}).n_partitions >= 1  # doctest: +SKIP
    True
    """
    if not isinstance(partition_bytes, int) or partition_bytes < 1:
        raise ValueError(f"partition_bytes must be a positive number of bytes, got {partition_bytes!r}")
    name = name or (path.name if path.is_dir() else path.stem)
    normalization_settings(**options.get("normalization", {}))  # bad switches fail now, not on a worker
    if _is_parquet(path):
        return _parquet_corpus(path, options, name)
    if path.is_dir():
        listing = list_files(path)
        files, root = listing.files, path
    else:
        files, root = [path], path.parent
    bases = _id_bases(files, root)
    single = not path.is_dir()
    partitions: list[Partition] = []
    group: list[Path] = []
    group_bytes = 0

    def close_group():
        nonlocal group, group_bytes
        if group:
            load = functools.partial(_load_files, tuple(group), {f: bases[f] for f in group}, options,
                                     name, str(path), single)
            partitions.append(Partition(load, f"{group[0]} … ({len(group)} files)", group_bytes))
        group, group_bytes = [], 0

    for file in files:
        size = file.stat().st_size
        if file.suffix.lower() in TABLE_SUFFIXES and size > partition_bytes:
            close_group()
            partitions.extend(_file_stretches(file, bases[file], options, name, partition_bytes, single))
            continue
        if group and group_bytes + size > partition_bytes:
            close_group()
        group.append(file)
        group_bytes += size
    close_group()
    if not partitions:
        raise ValueError(f"{path.resolve()}: no files to read")
    return LazyCorpus(partitions, name=name, meta={"path": str(path), "partition_bytes": partition_bytes})


def _reader(options: dict) -> _Reader:
    settings = normalization_settings(**options.get("normalization", {}))
    mapping = _Mapping(options.get("text_column"), options.get("title_column"),
                       options.get("date_column"), options.get("id_column"))
    return _Reader(mapping, options.get("strict", False), options.get("pages"), options.get("source"),
                   options.get("encoding"), options.get("max_bytes", 2**63), settings,
                   options.get("errors", "strict"))


def _load_files(files: tuple, bases: dict, options: dict, name: str, path: str, single: bool):
    """A partition of whole files, read as read_corpus reads them."""
    reader = _reader(options)
    for file in files:
        reader.read_file(file, bases[file], single=single)
    return reader.corpus(name, Path(path), allow_empty=True)


# -- large tables cut into stretches ---------------------------------------------
def _file_stretches(file: Path, base: str, options: dict, name: str, partition_bytes: int,
                    single: bool) -> list[Partition]:
    """Partitions of one large CSV/TSV/JSONL file, cut at record boundaries."""
    with open(file, "rb") as handle:
        head = handle.read(1 << 20)
    encoding = options.get("encoding") or decode_bytes(_whole_lines(head), str(file)).encoding
    if encoding.lower().replace("_", "-") not in _BYTE_SAFE:
        raise ValueError(f"{file}: lazy reading cuts files on bytes and needs UTF-8 or GB18030/GBK/Big5 "
                         f"text, not {encoding}; convert the file or read it without lazy=True")
    table = file.suffix.lower() != ".jsonl"
    stretches = _record_boundaries(file, partition_bytes, table)
    header_end = stretches[0][0] if table else 0
    partitions = []
    for start, end, first_line, first_record in stretches:
        load = functools.partial(_load_stretch, file, base, options, name, encoding, header_end,
                                 start, end, first_line, first_record, single)
        partitions.append(Partition(load, f"{file} bytes {start}–{end}", end - start))
    return partitions


def _whole_lines(data: bytes) -> bytes:
    cut = data.rfind(b"\n")
    return data[:cut + 1] if cut > 0 else data


def _record_boundaries(file: Path, partition_bytes: int, table: bool) -> list[tuple[int, int, int, int]]:
    """(start byte, end byte, lines before, records before) of each stretch of a file.

    For a table, a line break ends a record only outside quotes (an even
    number of ``"`` so far in the record); a stretch that grows past four
    times its size without such a break (stray quotes) is cut at a line.
    The first stretch of a table starts after its header line.
    """
    stretches = []
    with open(file, "rb") as handle:
        offset = line = records = 0
        if table:
            header = handle.readline()
            while header.count(b'"') % 2 and (more := handle.readline()):
                header += more
            offset, line = len(header), header.count(b"\n")
        start, start_line, start_records = offset, line, records
        quotes = 0
        for raw in handle:
            offset += len(raw)
            line += 1
            quotes += raw.count(b'"') if table else 0
            if quotes % 2 == 0 or offset - start > 4 * partition_bytes:
                quotes = 0
                if raw.strip():
                    records += 1
                if offset - start >= partition_bytes:
                    stretches.append((start, offset, start_line, start_records))
                    start, start_line, start_records = offset, line, records
        if offset > start or not stretches:
            stretches.append((start, offset, start_line, start_records))
    return stretches


def _load_stretch(file: Path, base: str, options: dict, name: str, encoding: str, header_end: int,
                  start: int, end: int, first_line: int, first_record: int, single: bool):
    """A partition of one large table: its header and the records from byte ``start`` to ``end``."""
    with open(file, "rb") as handle:
        header = handle.read(header_end)
        handle.seek(start)
        data = handle.read(end - start)
    reader = _reader(options)
    reader.first_number = first_record + 1
    suffix = file.suffix.lower()
    if suffix == ".jsonl":
        text = decode_bytes(data, str(file), encoding=encoding, errors=reader.errors).text
        reader.line_offset = first_line
        reader.read_jsonl(file, base, text, single)
    else:
        text = decode_bytes(header + data, str(file), encoding=encoding, errors=reader.errors).text
        # the header is line 1 of the text read; the stretch's first record is line first_line + 1
        reader.line_offset = first_line - header.count(b"\n")
        reader.read_table(file, base, text, "\t" if suffix == ".tsv" else ",", single)
    reader.files.append({"file": str(file), "encoding": encoding, "newline": "\n",
                         "documents": len(reader.rows)})
    return reader.corpus(name, file, allow_empty=True)


# -- Parquet -----------------------------------------------------------------------
def _is_parquet(path: Path) -> bool:
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
        return bool(files) and all(p.suffix.lower() in PARQUET_SUFFIXES for p in files)
    return path.suffix.lower() in PARQUET_SUFFIXES


def _parquet_corpus(path: Path, options: dict, name: str) -> LazyCorpus:
    import pyarrow.parquet as pq

    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES) if path.is_dir() else [path]
    text_column = options.get("text_column") or "text"
    partitions = []
    for file in files:
        metadata = pq.ParquetFile(file).metadata
        columns = metadata.schema.names
        if text_column not in columns:
            raise ValueError(f"{file}: no column {text_column!r}; the columns are {columns}; "
                             "pass text_column='...'")
        base = file.relative_to(path).as_posix() if path.is_dir() else file.name
        rows_before = 0
        for group in range(metadata.num_row_groups):
            rows = metadata.row_group(group).num_rows
            load = functools.partial(_load_row_group, file, base, group, rows_before, options, name)
            partitions.append(Partition(load, f"{file} row group {group}",
                                        metadata.row_group(group).total_byte_size))
            rows_before += rows
    if not partitions:
        raise ValueError(f"{path.resolve()}: no Parquet row groups to read")
    return LazyCorpus(partitions, name=name, meta={"path": str(path), "format": "parquet"})


def _load_row_group(file: Path, base: str, group: int, rows_before: int, options: dict, name: str):
    """A partition of a Parquet dataset: one row group, read as a table's records."""
    import pyarrow.parquet as pq

    frame = pq.ParquetFile(file).read_row_group(group).to_pandas()
    records = []
    for number, record in enumerate(frame.to_dict("records"), start=rows_before + 2):
        # line: the record's row in the file counted as a table with a header (row 1)
        records.append((number, {k: (None if _missing(v) else v if isinstance(v, str) else str(v))
                                 for k, v in record.items()}))
    reader = _reader(options)
    reader.first_number = rows_before + 1
    reader.add_records(file, base, records)
    reader.files.append({"file": str(file), "encoding": "parquet", "newline": "",
                         "documents": len(reader.rows)})
    return reader.corpus(name, file, allow_empty=True)


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
