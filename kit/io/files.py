"""Read a corpus from a folder of .txt/.md files, a .csv/.tsv or a .jsonl file.

Every input is accounted for: a file or record that is not loaded is listed in
``corpus.skipped`` with the file, the line (where there is one) and the
reason; with ``strict=True`` the first such problem raises instead.

Columns are mapped, never guessed: ``text_column="content"`` reads the text
from ``content`` even when the table also has a column called ``text`` (that
column is kept as metadata under the name ``column_text``, with a warning);
a mapping to a column the table lacks is an error that lists the columns
there are.
"""
from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path

import pandas as pd

from kit.corpus import Corpus, Skipped
from kit.io.dates import DateError, parse_date
from kit.io.encoding import NotTextError, UnknownEncodingError, read_text
from kit.io.page import looks_like_page, parse_page
from kit.io.tables import NoHeaderError, read_rows
from kit.io.walk import list_files
from kit.text.normalize import normalization_settings, normalize, to_simplified_chinese
from kit.text.script import is_traditional

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl")
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: Columns the reader fills itself; a table column of the same name that is
#: not mapped to it is kept as ``column_<name>``.
RESERVED_COLUMNS = ("doc_id", "title", "text", "date", "date_precision", "file", "line")
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_TITLE_MAX_CHARS = 50
_MISSING_TEXT = {"nan", "none", "null", "nat", "n/a", "na"}


class CorpusReadError(ValueError):
    """A file or record could not be read (raised with ``strict=True``)."""


class ColumnMappingWarning(UserWarning):
    """A table has a column named like one the reader fills from another column."""


class TraditionalScriptWarning(UserWarning):
    """Some documents are written mostly in Traditional characters."""


def read_corpus(
    path: str | Path,
    text_column: str | None = None,
    title_column: str | None = None,
    date_column: str | None = None,
    id_column: str | None = None,
    strict: bool = False,
    pages: bool | None = None,
    name: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    errors: str = "strict",
    lazy: bool = False,
    partition_bytes: int | None = None,
    **normalization,
) -> Corpus:
    """Read a corpus from a folder, a table or a single text file.

    Parameters
    ----------
    path : str or Path
        A folder (read recursively, files in sorted order, links followed) of
        .txt/.md files and tables; or a single .txt, .md, .csv, .tsv or
        .jsonl file.
    text_column : str, optional
        The column (table) or key (jsonl) that holds the text; default
        ``text``.  Required: a table without it is an error (a single file)
        or skipped with the columns it has (in a folder).
    title_column, date_column, id_column : str, optional
        Columns used as ``title``, ``date`` and ``doc_id``.  Given
        explicitly, the column must exist (else an error lists the columns);
        left out, ``title``, ``date`` and ``doc_id`` are used when present.
        Any other column is kept as metadata (as str).
    strict : bool
        Raise :class:`CorpusReadError` at the first file or record that cannot
        be loaded, instead of listing it in ``corpus.skipped``.
    pages : bool, optional
        Whether .txt/.md files are page dumps (read with
        :func:`kit.io.page.read_page` rules) or single articles.  By default a
        file with two or more markdown headings (``# `` … ``###### `` followed
        by a space, as in CommonMark; ``#话题#`` is no heading) is a page dump.
    name : str, optional
        The corpus name (default: the file's stem or the folder's name).
    source : str, optional
        The newspaper, for files that do not name one (a ``source`` column wins).
    encoding : str, optional
        Skip encoding detection (see :func:`kit.io.encoding.decode_bytes`).
    max_bytes : int
        Files larger than this are skipped (or raise with ``strict``).
    errors : {"strict", "replace"}
        A file with a few invalid bytes in an otherwise readable encoding is
        skipped by default, the message naming the first bad byte's offset
        and line; ``"replace"`` reads it with U+FFFD in place of each bad
        sequence, lists every replacement in ``meta["replacements"]`` and
        warns once.
    lazy : bool
        Return a :class:`kit.lazy_corpus.LazyCorpus` that reads the corpus
        partition by partition, never whole, for corpora larger than
        memory (see docs/scale.md).  Besides folders and tables it reads a
        Parquet file or a folder of Parquet files (one partition per row
        group).  Every analysis and :func:`kit.tokenize` accept it.
    partition_bytes : int, optional
        With ``lazy``: the size of a partition on disk (default 8 MiB).
    **normalization
        Switches of :func:`kit.text.normalize`, ``to_simplified=True``
        included; recorded in ``corpus.meta["normalization"]``.

    Returns
    -------
    Corpus
        Columns ``doc_id``, ``title``, ``text``, ``date`` (pandas datetime;
        NaT where none), ``date_precision`` (``day``, ``month``, ``year``, or
        "" where there is no date: ``2010`` is read as 2010-01-01 with
        precision ``year``), ``file``, ``line`` (first line of the record)
        and the metadata columns found.

        ``doc_id``: a table's id column, or ``"<file>-0001"`` … numbered in
        the file (``<file>`` is the table's path in the folder, suffix
        included, so ``x.csv`` and ``x.jsonl`` in one folder never share an
        id); a text file's path in the folder without its suffix (with it,
        where ``a.txt`` and ``a.md`` stand side by side).  Ids that clash
        between files are prefixed with their file's path.

        A single article file's title is its first line when that line is a
        markdown heading, or is under 50 characters and does not end a
        sentence; its date comes from a date in its file name (2026-01-28 or
        20260128).

        ``meta`` holds ``normalization``, ``files`` (file, encoding, newline,
        documents), ``replacements`` (invalid bytes replaced with
        ``errors="replace"``: file, offset, line, bytes), ``date_problems`` (dates that could not be read: their
        documents are kept, date NaT), ``table_repairs`` (CSV lines whose
        stray quotes were read as characters), ``renamed_columns``,
        ``traditional_documents`` (doc_ids of documents written mostly in
        Traditional characters, detected before any conversion) and, for page
        dumps, ``captions``, ``fragments`` and ``repairs``.

    Warns
    -----
    TraditionalScriptWarning
        Once, naming the documents written mostly in Traditional characters,
        when the corpus is read without ``to_simplified=True``.
    ColumnMappingWarning
        When a column is renamed because another column was mapped to its name.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist (the message gives the absolute path).
    ValueError
        If nothing could be read (the message lists why), or for a single
        table without the text column or a mapped column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "articles.csv"
    >>> _ = table.write_text("id,headline,content\\n1,久久为功,坚持久久为功。\\n2,空白,\\n", encoding="utf-8")
    >>> corpus = read_corpus(table, text_column="content", title_column="headline", id_column="id")
    >>> corpus.docs[["doc_id", "title", "text"]].values.tolist()
    [['1', '久久为功', '坚持久久为功。']]
    >>> [(s.line, s.reason) for s in corpus.skipped]
    [(3, "empty text in 'content'")]
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path.resolve()}: no such file or folder")
    if lazy:
        from kit.io.lazy import PARTITION_BYTES, read_lazy

        options = dict(text_column=text_column, title_column=title_column, date_column=date_column,
                       id_column=id_column, strict=strict, pages=pages, source=source, encoding=encoding,
                       max_bytes=max_bytes, errors=errors, normalization=normalization)
        return read_lazy(path, options, partition_bytes or PARTITION_BYTES, name)
    settings = normalization_settings(**normalization)
    mapping = _Mapping(text_column, title_column, date_column, id_column)
    reader = _Reader(mapping, strict, pages, source, encoding, max_bytes, settings, errors)
    if path.is_dir():
        listing = list_files(path)
        for problem_path, reason in listing.problems:
            reader.skip(problem_path, reason)
        files, root = listing.files, path
    else:
        files, root = [path], path.parent
    bases = _id_bases(files, root)
    for file in files:
        reader.read_file(file, bases[file], single=not path.is_dir())
    return reader.corpus(name or (path.name if path.is_dir() else path.stem), path)


class _Mapping:
    """Which table column feeds which field, and whether the user chose it."""

    def __init__(self, text, title, date, doc_id):
        self.columns = {"text": text or "text", "title": title or "title",
                        "date": date or "date", "doc_id": doc_id or "doc_id"}
        self.explicit = {"text": True, "title": title is not None, "date": date is not None,
                         "doc_id": doc_id is not None}

    def required(self) -> list[str]:
        return [self.columns[f] for f, explicit in self.explicit.items() if explicit]

    def sources(self) -> set[str]:
        return set(self.columns.values())

    def describe(self, field: str) -> str:
        option = {"doc_id": "id_column"}.get(field, f"{field}_column")
        return f"{option}={self.columns[field]!r}"


def _id_bases(files: list[Path], root: Path) -> dict[Path, str]:
    """Each file's base for doc_ids: its path in the folder without the suffix
    for text files (with it where two files would share one), with the
    suffix for tables."""
    stems: dict[str, int] = {}
    for file in files:
        stem = file.relative_to(root).with_suffix("").as_posix()
        stems[stem] = stems.get(stem, 0) + 1
    bases = {}
    for file in files:
        relative = file.relative_to(root)
        stem = relative.with_suffix("").as_posix()
        table = file.suffix.lower() in TABLE_SUFFIXES
        bases[file] = relative.as_posix() if table or stems[stem] > 1 else stem
    return bases


class _Reader:
    def __init__(self, mapping, strict, pages, source, encoding, max_bytes, settings, errors="strict"):
        self.mapping = mapping
        self.errors = errors
        self.replacements: list[dict] = []
        self.strict, self.pages, self.source, self.encoding = strict, pages, source, encoding
        self.max_bytes, self.settings = max_bytes, settings
        # Conversion to Simplified runs once at the end, after the script of
        # every document has been seen.
        self.reading_settings = dict(settings, to_simplified=False)
        self.rows: list[dict] = []
        self.skipped: list[Skipped] = []
        self.files: list[dict] = []
        self.page_meta: dict[str, list[pd.DataFrame]] = {"captions": [], "fragments": [], "repairs": []}
        self.date_problems: list[dict] = []
        self.table_repairs: list[dict] = []
        self.renamed: list[dict] = []
        # A partition of a large file (kit.io.lazy) starts past its first line
        # and record: lines and record numbers are reported as in the whole file.
        self.line_offset = 0
        self.first_number = 1

    def skip(self, file: Path, reason: str, line: int | None = None) -> None:
        line = line + self.line_offset if line else line
        if self.strict:
            where = f"{file}, line {line}" if line else str(file)
            raise CorpusReadError(f"{where}: {reason}")
        self.skipped.append(Skipped(str(file), reason, line))

    def read_file(self, file: Path, base: str, single: bool) -> None:
        suffix = file.suffix.lower()
        if suffix not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            hint = " (export spreadsheets as CSV)" if suffix in (".xls", ".xlsx", ".ods") else ""
            self.skip(file, f"unsupported file type {suffix or '(none)'}{hint}; the kit reads {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)}")
            return
        try:
            size = file.stat().st_size
        except OSError as error:
            self.skip(file, f"cannot be read: {error.strerror or error}")
            return
        if size == 0:
            self.skip(file, "empty file")
            return
        if size > self.max_bytes:
            self.skip(file, f"{size:,} bytes is more than max_bytes={self.max_bytes:,}; split it or raise max_bytes")
            return
        try:
            decoded = read_text(file, encoding=self.encoding, errors=self.errors)
        except (NotTextError, UnknownEncodingError) as error:
            self.skip(file, str(error).split(": ", 1)[-1])
            return
        except OSError as error:
            self.skip(file, f"cannot be read: {error.strerror or error}")
            return
        for replaced in decoded.replaced:
            self.replacements.append({"file": str(file), "offset": replaced.offset, "line": replaced.line,
                                      "bytes": replaced.data.hex(" ")})
        before = len(self.rows)
        if not decoded.text.strip():
            self.skip(file, "no text (only whitespace)")
        elif suffix in TEXT_SUFFIXES:
            self.read_text_file(file, base, decoded.text)
        elif suffix == ".jsonl":
            self.read_jsonl(file, base, decoded.text, single)
        else:
            self.read_table(file, base, decoded.text, "\t" if suffix == ".tsv" else ",", single)
        self.files.append(
            {"file": str(file), "encoding": decoded.encoding, "newline": decoded.newline, "documents": len(self.rows) - before}
        )

    # -- text files ------------------------------------------------------------
    def read_text_file(self, file: Path, base: str, raw: str) -> None:
        text = normalize(raw, **self.reading_settings)
        if self.pages or (self.pages is None and looks_like_page(text)):
            try:
                page = parse_page(text, name=base, file=str(file), source=self.source)
            except ValueError as error:
                self.skip(file, str(error).split(": ", 1)[-1])
                return
            for key in self.page_meta:
                self.page_meta[key].append(page.meta[key])
            for row in page.docs.to_dict("records"):
                row["date_precision"] = "" if pd.isna(row.get("date")) else "day"
                self.rows.append(row)
            return
        title, body, body_line = "", text.strip(), 1
        lines = text.strip().split("\n")
        first = lines[0].strip()
        heading = re.match(r"^#{1,6}\s+(.+)$", first)
        if len(lines) > 1 and (heading or (len(first) < _TITLE_MAX_CHARS and first[-1:] not in "。！？…；.!?")):
            title, body = (heading.group(1) if heading else first), "\n".join(lines[1:]).strip()
        found = _DATE_IN_NAME.search(file.name)
        date, precision = pd.NaT, ""
        if found:
            try:
                date, precision = parse_date("-".join(found.groups()))
            except DateError:
                pass  # digits that only look like a date (20261399) date nothing
        self.rows.append(
            {"doc_id": base, "title": title, "text": _paragraphs(body), "date": date,
             "date_precision": precision, "file": str(file), "line": body_line}
            | ({"source": self.source} if self.source else {})
        )

    # -- tables ----------------------------------------------------------------
    def read_jsonl(self, file: Path, base: str, raw: str, single: bool) -> None:
        records = []
        for number, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                self.skip(file, f"not valid JSON ({error.msg}, column {error.colno})", number)
                continue
            if not isinstance(record, dict):
                self.skip(file, f"a JSON {type(record).__name__}, not an object with a {self.mapping.columns['text']!r} key", number)
                continue
            records.append((number, record))
        if records:
            keys = sorted({k for _, record in records for k in record})
            missing = [c for c in self.mapping.required() if c not in keys]
            if missing:
                self.missing_columns(file, missing, keys, single, "keys")
                return
        self.add_records(file, base, records)

    def read_table(self, file: Path, base: str, raw: str, delimiter: str, single: bool) -> None:
        try:
            table = read_rows(raw, delimiter)
        except NoHeaderError:
            self.skip(file, "no header row", 1)
            return
        missing = [c for c in self.mapping.required() if c not in table.header]
        if missing:
            self.missing_columns(file, missing, table.header, single, "columns")
            return
        duplicated = sorted({h for h in table.header if table.header.count(h) > 1})
        if duplicated:
            self.skip(file, f"the header names {duplicated} more than once; rename the columns", 1)
            return
        for line, repair in table.repairs:
            self.table_repairs.append({"file": str(file), "line": line + self.line_offset, "repair": repair})
        for line, problem in table.problems:
            self.skip(file, problem, line)
        if not table.rows and not table.problems:
            self.skip(file, "only a header row: no records", 1)
            return
        self.add_records(file, base, [(line, dict(zip(table.header, cells))) for line, cells in table.rows])

    def missing_columns(self, file: Path, missing: list[str], present: list[str], single: bool, what: str) -> None:
        wanted = ", ".join(
            self.mapping.describe(f) for f, c in self.mapping.columns.items() if c in missing)
        message = (f"no {what[:-1]} {missing[0]!r} ({wanted}); the {what} are {list(present)}"
                   + ("; pass text_column='...' to read_corpus" if missing[0] == self.mapping.columns["text"]
                      and not any(self.mapping.explicit[f] for f in ("title", "date", "doc_id")) else ""))
        if single:
            raise ValueError(f"{file.resolve()}: {message}")
        self.skip(file, message, 1)

    def add_records(self, file: Path, base: str, records: list) -> None:
        columns = self.mapping.columns
        seen: set[str] = set()
        sources = self.mapping.sources()
        renames = self.renames({k for _, record in records for k in record}, file)
        for number, (line, record) in enumerate(records, start=self.first_number):
            text = record.get(columns["text"])
            problem = _text_problem(text, columns["text"])
            if problem:
                self.skip(file, problem, line)
                continue
            raw_id = record.get(columns["doc_id"])
            doc_id = str(raw_id).strip() if raw_id not in (None, "") else ""
            doc_id = doc_id or f"{base}-{number:04d}"
            if doc_id in seen:
                self.skip(file, f"doc_id {doc_id!r} occurs more than once in the file; the first is kept", line)
                continue
            seen.add(doc_id)
            title = record.get(columns["title"])
            title = "" if title is None else title if isinstance(title, str) else json.dumps(title, ensure_ascii=False)
            try:
                date, precision = parse_date(record.get(columns["date"]))
            except DateError:
                if self.strict:
                    raise CorpusReadError(f"{file}, line {line + self.line_offset}: date {record.get(columns['date'])!r} cannot be read") from None
                self.date_problems.append({"file": str(file), "line": line + self.line_offset, "value": str(record.get(columns["date"]))})
                date, precision = pd.NaT, ""
            metadata = {}
            for key, value in record.items():
                if key in sources:  # read into doc_id, title, text or date above
                    continue
                value = value if isinstance(value, str) or value is None else json.dumps(value, ensure_ascii=False)
                metadata[renames.get(key, key)] = value
            if self.source and not metadata.get("source"):
                metadata["source"] = self.source
            self.rows.append(
                {"doc_id": doc_id, "title": normalize(title, **self.reading_settings),
                 "text": _paragraphs(normalize(text, **self.reading_settings)),
                 "date": date, "date_precision": precision, "file": str(file),
                 "line": line + self.line_offset} | metadata
            )

    def renames(self, keys: set, file: Path) -> dict[str, str]:
        """Columns named like a field the reader fills from another column."""
        sources = self.mapping.sources()
        renames = {}
        for key in sorted(keys):
            if key in RESERVED_COLUMNS and key not in sources:
                renames[key] = f"column_{key}"
        for old, new in renames.items():
            self.renamed.append({"file": str(file), "column": old, "kept_as": new})
        if renames:
            fed = "; ".join(f"{k} comes from {self.mapping.columns[k]!r}" for k in renames if k in self.mapping.columns)
            warnings.warn(
                f"{file.name}: column(s) {list(renames)} kept as metadata {list(renames.values())}"
                + (f" ({fed})" if fed else " (the reader fills these names itself)"),
                ColumnMappingWarning, stacklevel=6)
        return renames

    # -- the corpus ------------------------------------------------------------
    def corpus(self, name: str, path: Path, allow_empty: bool = False) -> Corpus:
        if not self.rows and allow_empty:  # a partition whose every record was skipped
            docs = pd.DataFrame({c: pd.Series(dtype=object) for c in ("doc_id", "title", "text")})
            docs["date"] = pd.Series(dtype="datetime64[ns]")
            docs["date_precision"] = pd.Series(dtype=object)
            return Corpus(docs, name=name, skipped=sorted(self.skipped, key=lambda s: (s.source, s.line or 0)),
                          meta={"normalization": self.settings})
        if not self.rows:
            reasons = "; ".join(f"{s.source}{f' line {s.line}' if s.line else ''}: {s.reason}" for s in self.skipped[:10])
            raise ValueError(f"{path.resolve()}: no documents could be read" + (f" ({reasons})" if reasons else " (no files)"))
        docs = pd.DataFrame(self.rows)
        _make_ids_unique(docs)
        docs["date"] = pd.to_datetime(docs["date"])
        docs["date_precision"] = docs["date_precision"].fillna("").astype(str)
        traditional = [doc_id for doc_id, title, text in zip(docs["doc_id"], docs["title"], docs["text"])
                       if is_traditional(f"{title}\n{text}")]
        if self.settings["to_simplified"]:
            docs["title"] = [to_simplified_chinese(t) for t in docs["title"]]
            docs["text"] = [to_simplified_chinese(t) for t in docs["text"]]
        elif traditional:
            shown = ", ".join(traditional[:5]) + (f" and {len(traditional) - 5} more" if len(traditional) > 5 else "")
            warnings.warn(
                f"{len(traditional)} of {len(docs)} documents of {name!r} are written mostly in Traditional "
                f"characters ({shown}): their words count apart from the Simplified forms. Read with "
                "to_simplified=True (make figures TO_SIMPLIFIED=1; kit … --to-simplified) to convert them",
                TraditionalScriptWarning, stacklevel=3)
        meta = {"normalization": self.settings, "files": pd.DataFrame(self.files, columns=["file", "encoding", "newline", "documents"])}
        for key, frames in self.page_meta.items():
            if frames:
                meta[key] = pd.concat(frames, ignore_index=True)
        meta["date_problems"] = pd.DataFrame(self.date_problems, columns=["file", "line", "value"])
        meta["table_repairs"] = pd.DataFrame(self.table_repairs, columns=["file", "line", "repair"])
        meta["renamed_columns"] = pd.DataFrame(self.renamed, columns=["file", "column", "kept_as"])
        meta["traditional_documents"] = traditional
        meta["replacements"] = pd.DataFrame(self.replacements, columns=["file", "offset", "line", "bytes"])
        if self.replacements:
            files = sorted({Path(r["file"]).name for r in self.replacements})
            warnings.warn(
                f"{len(self.replacements)} invalid byte sequence(s) in {len(files)} file(s) ({', '.join(files[:5])}) "
                "were replaced by U+FFFD (errors='replace'); see corpus.meta['replacements']", stacklevel=3)
        if self.date_problems:
            warnings.warn(
                f"{len(self.date_problems)} dates could not be read (set to NaT); see corpus.meta['date_problems']",
                stacklevel=3,
            )
        if self.table_repairs:
            lines = ", ".join(f"{Path(r['file']).name} line {r['line']}" for r in self.table_repairs[:5])
            warnings.warn(
                f"{len(self.table_repairs)} CSV line(s) had a stray quote and were read with their quotes as "
                f"text ({lines}); see corpus.meta['table_repairs']", stacklevel=3)
        skipped = sorted(self.skipped, key=lambda s: (s.source, s.line or 0))
        return Corpus(docs, name=name, skipped=skipped, meta=meta)


def _text_problem(text, column: str) -> str | None:
    """Why a record's text cannot be a document, or None."""
    if text is None:
        return f"no {column!r} value"
    if isinstance(text, bool) or isinstance(text, (int, float)):
        return f"{column!r} holds a number ({text!r}), not text"
    if not isinstance(text, str):
        return f"{column!r} holds a JSON {type(text).__name__}, not text"
    if not text.strip():
        return f"empty text in {column!r}"
    if text.strip().lower() in _MISSING_TEXT:
        return f"{column!r} is {text.strip()!r}, a missing value written as text"
    return None


def _make_ids_unique(docs: pd.DataFrame) -> None:
    """Prefix the ids of files whose ids clash with another file's by the file's path."""
    clash = docs["doc_id"].duplicated(keep=False)
    if not clash.any():
        return
    files = sorted(set(docs.loc[clash, "file"]))
    root = Path(os.path.commonpath([str(Path(f).parent) for f in files]))
    involved = docs["file"].isin(files)
    docs.loc[involved, "doc_id"] = [
        f"{Path(f).relative_to(root).as_posix()}/{i}"
        for f, i in zip(docs.loc[involved, "file"], docs.loc[involved, "doc_id"])]
    if docs["doc_id"].duplicated().any():  # a page dump and a table inside one file cannot clash; defensive
        dup = docs.loc[docs["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise ValueError(f"doc_id {dup!r} occurs in more than one file even with the file's path; rename the ids")


def _paragraphs(text: str) -> str:
    """Paragraphs one per line, blank lines dropped."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
