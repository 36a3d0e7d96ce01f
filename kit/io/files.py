"""Read a corpus from a folder of .txt/.md files, a .csv/.tsv or a .jsonl file.

Every input is accounted for: a file or record that is not loaded is listed in
``corpus.skipped`` with the file, the line (where there is one) and the
reason; with ``strict=True`` the first such problem raises instead.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pandas as pd

from kit.corpus import Corpus, Skipped
from kit.io.encoding import NotTextError, UnknownEncodingError, read_text
from kit.io.page import looks_like_page, parse_page
from kit.text.normalize import normalization_settings, normalize

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl")
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TITLE_MAX_CHARS = 50


class CorpusReadError(ValueError):
    """A file or record could not be read (raised with ``strict=True``)."""


def read_corpus(
    path: str | Path,
    text_column: str = "text",
    title_column: str = "title",
    date_column: str = "date",
    id_column: str = "doc_id",
    strict: bool = False,
    pages: bool | None = None,
    name: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    **normalization,
) -> Corpus:
    """Read a corpus from a folder, a table or a single text file.

    Parameters
    ----------
    path : str or Path
        A folder (read recursively, files in sorted order) of .txt/.md files
        and tables; or a single .txt, .md, .csv, .tsv or .jsonl file.
    text_column : str
        The column (table) or key (jsonl) that holds the text.
    title_column, date_column, id_column : str
        Columns used as ``title``, ``date`` and ``doc_id`` when present.  Any
        other column is kept as metadata (as str).
    strict : bool
        Raise :class:`CorpusReadError` at the first file or record that cannot
        be loaded, instead of listing it in ``corpus.skipped``.
    pages : bool, optional
        Whether .txt/.md files are page dumps (read with
        :func:`kit.io.page.read_page` rules) or single articles.  By default a
        file with two or more markdown headings is a page dump.
    name : str, optional
        The corpus name (default: the file or folder name).
    source : str, optional
        The newspaper, for files that do not name one (a ``source`` column wins).
    encoding : str, optional
        Skip encoding detection (see :func:`kit.io.encoding.decode_bytes`).
    max_bytes : int
        Files larger than this are skipped (or raise with ``strict``).
    **normalization
        Switches of :func:`kit.text.normalize`; recorded in
        ``corpus.meta["normalization"]``.

    Returns
    -------
    Corpus
        Columns ``doc_id``, ``title``, ``text``, ``date`` (pandas datetime;
        NaT where none), ``file``, ``line`` (first line of the record) and the
        metadata columns found.  A single article file's title is its first
        line when that line is a markdown heading, or is under 50 characters
        and does not end a sentence; its date comes from a date in its file
        name (2026-01-28 or 20260128).  ``meta`` holds ``normalization``,
        ``files`` (file, encoding, newline, documents) and, for page dumps,
        ``captions``, ``fragments`` and ``repairs``; ``meta["date_problems"]``
        lists dates that could not be read (their documents are kept, date NaT).

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If nothing could be read (the message lists why), or for a single
        table whose text column is missing.

    Examples
    --------
    >>> corpus = read_corpus("articles/", text_column="content")    # doctest: +SKIP
    >>> corpus.skipped                                              # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    settings = normalization_settings(**normalization)
    reader = _Reader(
        text_column, title_column, date_column, id_column, strict, pages, source, encoding, max_bytes, settings
    )
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        reader.read_file(file, root=path if path.is_dir() else path.parent, single=not path.is_dir())
    return reader.corpus(name or (path.name if path.is_dir() else path.stem), path)


class _Reader:
    def __init__(self, text_column, title_column, date_column, id_column, strict, pages, source, encoding, max_bytes, settings):
        self.text_column, self.title_column = text_column, title_column
        self.date_column, self.id_column = date_column, id_column
        self.strict, self.pages, self.source, self.encoding = strict, pages, source, encoding
        self.max_bytes, self.settings = max_bytes, settings
        self.rows: list[dict] = []
        self.skipped: list[Skipped] = []
        self.files: list[dict] = []
        self.page_meta: dict[str, list[pd.DataFrame]] = {"captions": [], "fragments": [], "repairs": []}
        self.date_problems: list[dict] = []

    def skip(self, file: Path, reason: str, line: int | None = None) -> None:
        if self.strict:
            where = f"{file}, line {line}" if line else str(file)
            raise CorpusReadError(f"{where}: {reason}")
        self.skipped.append(Skipped(str(file), reason, line))

    def read_file(self, file: Path, root: Path, single: bool) -> None:
        suffix = file.suffix.lower()
        relative = file.relative_to(root).with_suffix("").as_posix()
        if suffix not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            hint = " (export spreadsheets as CSV)" if suffix in (".xls", ".xlsx", ".ods") else ""
            self.skip(file, f"unsupported file type {suffix or '(none)'}{hint}; the kit reads {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)}")
            return
        size = file.stat().st_size
        if size == 0:
            self.skip(file, "empty file")
            return
        if size > self.max_bytes:
            self.skip(file, f"{size:,} bytes is more than max_bytes={self.max_bytes:,}; split it or raise max_bytes")
            return
        try:
            decoded = read_text(file, encoding=self.encoding)
        except (NotTextError, UnknownEncodingError) as error:
            self.skip(file, str(error).split(": ", 1)[-1])
            return
        except OSError as error:
            self.skip(file, f"cannot be read: {error.strerror or error}")
            return
        before = len(self.rows)
        if not decoded.text.strip():
            self.skip(file, "no text (only whitespace)")
        elif suffix in TEXT_SUFFIXES:
            self.read_text_file(file, relative, decoded.text)
        elif suffix == ".jsonl":
            self.read_jsonl(file, relative, decoded.text, single)
        else:
            self.read_table(file, relative, decoded.text, "\t" if suffix == ".tsv" else ",", single)
        self.files.append(
            {"file": str(file), "encoding": decoded.encoding, "newline": decoded.newline, "documents": len(self.rows) - before}
        )

    def read_text_file(self, file: Path, relative: str, raw: str) -> None:
        text = normalize(raw, **self.settings)
        if self.pages or (self.pages is None and looks_like_page(text)):
            try:
                page = parse_page(text, name=relative, file=str(file), source=self.source)
            except ValueError as error:
                self.skip(file, str(error).split(": ", 1)[-1])
                return
            for key in self.page_meta:
                self.page_meta[key].append(page.meta[key])
            self.rows.extend(page.docs.to_dict("records"))
            return
        title, body, body_line = "", text.strip(), 1
        lines = text.strip().split("\n")
        first = lines[0].strip()
        heading = re.match(r"^#{1,6}\s+(.+)$", first)
        if len(lines) > 1 and (heading or (len(first) < _TITLE_MAX_CHARS and first[-1:] not in "。！？…；.!?")):
            title, body = (heading.group(1) if heading else first), "\n".join(lines[1:]).strip()
        found = _DATE_IN_NAME.search(file.name)
        date = _date_from_parts(found.groups()) if found else pd.NaT
        self.rows.append(
            {"doc_id": relative, "title": title, "text": _paragraphs(body), "date": date, "file": str(file), "line": body_line}
            | ({"source": self.source} if self.source else {})
        )

    def read_jsonl(self, file: Path, relative: str, raw: str, single: bool) -> None:
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
                self.skip(file, f"a JSON {type(record).__name__}, not an object with a {self.text_column!r} key", number)
                continue
            records.append((number, record))
        self.add_records(file, relative, records, single)

    def read_table(self, file: Path, relative: str, raw: str, delimiter: str, single: bool) -> None:
        csv.field_size_limit(sys.maxsize)  # one long text field is a document, not an error
        reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as error:
            self.skip(file, f"no header row ({error})" if str(error) else "no header row", 1)
            return
        header = [h.strip() for h in header]
        if self.text_column not in header:
            message = (
                f"no column {self.text_column!r} for the text; the columns are {header}; "
                "pass text_column='...' to read_corpus"
            )
            if single:
                raise ValueError(f"{file}: {message}")
            self.skip(file, message, 1)
            return
        records = []
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                self.skip(file, f"malformed CSV ({error})", start)
                break
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(header):
                    self.skip(file, f"{len(cells)} fields where the header has {len(header)}", start)
                else:
                    records.append((start, dict(zip(header, cells))))
            start = reader.line_num + 1
        self.add_records(file, relative, records, single)

    def add_records(self, file: Path, relative: str, records: list, single: bool) -> None:
        seen: set[str] = set()
        for line, record in records:
            if self.text_column not in record:
                self.skip(file, f"no {self.text_column!r} key; keys are {sorted(record)}", line)
                continue
            text = record[self.text_column]
            if not isinstance(text, str) or not text.strip():
                self.skip(file, f"empty text in {self.text_column!r}", line)
                continue
            doc_id = str(record.get(self.id_column) or f"{relative}-{len(seen) + 1:04d}")
            if doc_id in seen:
                self.skip(file, f"doc_id {doc_id!r} occurs more than once; the first is kept", line)
                continue
            seen.add(doc_id)
            row = {k: (v if isinstance(v, str) or v is None else json.dumps(v, ensure_ascii=False)) for k, v in record.items()}
            row.pop(self.text_column, None)
            row.pop(self.id_column, None)
            title = row.pop(self.title_column, "") or ""
            raw_date = row.pop(self.date_column, None)
            date = self.parse_date(raw_date, file, line)
            if self.source and not row.get("source"):
                row["source"] = self.source
            self.rows.append(
                {"doc_id": doc_id, "title": normalize(title, **self.settings), "text": _paragraphs(normalize(text, **self.settings)),
                 "date": date, "file": str(file), "line": line} | row
            )

    def parse_date(self, value, file: Path, line: int):
        if value is None or (isinstance(value, str) and not value.strip()):
            return pd.NaT
        text = str(value).strip()
        chinese = _CHINESE_DATE.match(text)
        try:
            if chinese:
                return _date_from_parts(chinese.groups())
            return pd.Timestamp(pd.to_datetime(text))
        except (ValueError, TypeError, OverflowError):
            if self.strict:
                raise CorpusReadError(f"{file}, line {line}: date {text!r} cannot be read") from None
            self.date_problems.append({"file": str(file), "line": line, "value": text})
            return pd.NaT

    def corpus(self, name: str, path: Path) -> Corpus:
        if not self.rows:
            reasons = "; ".join(f"{s.source}{f' line {s.line}' if s.line else ''}: {s.reason}" for s in self.skipped[:10])
            raise ValueError(f"{path}: no documents could be read" + (f" ({reasons})" if reasons else " (no files)"))
        docs = pd.DataFrame(self.rows)
        if docs["doc_id"].duplicated().any():
            # ids from different files can clash: prefix them with their file
            clash = docs["doc_id"].duplicated(keep=False)
            docs.loc[clash, "doc_id"] = docs.loc[clash, "file"].map(lambda f: Path(f).stem) + "/" + docs.loc[clash, "doc_id"]
        docs["date"] = pd.to_datetime(docs["date"])
        meta = {"normalization": self.settings, "files": pd.DataFrame(self.files)}
        for key, frames in self.page_meta.items():
            if frames:
                meta[key] = pd.concat(frames, ignore_index=True)
        meta["date_problems"] = pd.DataFrame(self.date_problems, columns=["file", "line", "value"])
        if len(self.date_problems):
            import warnings

            warnings.warn(
                f"{len(self.date_problems)} dates could not be read (set to NaT); see corpus.meta['date_problems']",
                stacklevel=3,
            )
        skipped = sorted(self.skipped, key=lambda s: (s.source, s.line or 0))
        return Corpus(docs, name=name, skipped=skipped, meta=meta)


def _date_from_parts(parts) -> pd.Timestamp:
    year, month, day = map(int, parts)
    try:
        return pd.Timestamp(year, month, day)
    except ValueError:
        return pd.NaT


def _paragraphs(text: str) -> str:
    """Paragraphs one per line, blank lines dropped."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
