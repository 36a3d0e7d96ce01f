"""Rows of a CSV/TSV file, read so that a stray quote cannot swallow other rows.

Layer: io.  Python's csv module, in its lenient default, treats a quote at
the start of a field as opening a quoted field that runs on until the next
quote: one stray ``"`` in ``1,"他说：好。…`` merges every following row
(ids included) into one field, and ``"十四五"规划`` loses its quotation
marks.  Here the file is parsed strictly; where strict parsing fails, or a
quoted field runs across lines that look like rows of their own, the
record's lines are read again with quotes taken as ordinary characters,
and the repair is reported.  A quoted field that legitimately holds line
breaks (a text of several paragraphs) is kept as it is.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field


@dataclass
class TableRows:
    """The rows of a delimited file.

    Attributes
    ----------
    header : list of str
    rows : list of (int, list of str)
        The first line of each record (1-based) and its cells.
    repairs : list of (int, str)
        Lines read with quotes as plain characters, and why.
    problems : list of (int, str)
        Records that could not be read (wrong number of cells), and why.
    """

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    repairs: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


class NoHeaderError(ValueError):
    """The file has no header row."""


def read_rows(text: str, delimiter: str = ",") -> TableRows:
    """Parse delimited text into a header and rows, repairing stray quotes.

    Parameters
    ----------
    text : str
        The decoded file (``\\n`` line ends).
    delimiter : str
        ``","`` for CSV, ``"\\t"`` for TSV.

    Returns
    -------
    TableRows

    Raises
    ------
    NoHeaderError
        If the file has no header row.

    Examples
    --------
    >>> t = read_rows('id,text\\n1,"他说：好。\\n2,“十四五”规划\\n')
    >>> [cells for _, cells in t.rows]
    [['1', '"他说：好。'], ['2', '“十四五”规划']]
    >>> t.repairs[0][0]
    2
    """
    csv.field_size_limit(sys.maxsize)  # one long text field is a document, not an error
    lines = text.split("\n")
    # Each line with its own end, so that a record's raw lines can be re-read.
    header_cells = _first_record(lines, delimiter)
    if header_cells is None:
        raise NoHeaderError("no header row")
    header_line_count, header = header_cells
    table = TableRows(header=[h.strip() for h in header])
    width = len(table.header)
    shapes: set[str] = set()  # what the first cell of a row looks like in this file
    number = header_line_count + 1  # 1-based number of the next unread line
    while number <= len(lines):
        record = _next_record(lines, number, delimiter)
        first, last, cells, error = record
        if error is None and last > first and _looks_merged(lines[first:last], delimiter, width, shapes):
            error = "a quoted field runs over lines that look like rows of their own"
        if error is not None:
            # Re-read the record's first line with quotes as characters, then go on after it.
            cells = _literal(lines[first - 1], delimiter)
            table.repairs.append((first, f"{error}; the line is read with its quotes as text"))
            last = first
        if cells and any(c.strip() for c in cells):
            if len(cells) != width:
                table.problems.append((first, f"{len(cells)} fields where the header has {width}"))
            else:
                table.rows.append((first, cells))
                if last == first:
                    shapes.add(_shape(cells[0]))
        number = last + 1
    return table


def _first_record(lines: list[str], delimiter: str):
    number = 1
    while number <= len(lines) and not lines[number - 1].strip():
        number += 1
    if number > len(lines):
        return None
    first, last, cells, error = _next_record(lines, number, delimiter)
    if error is not None or not cells:
        cells = _literal(lines[first - 1], delimiter)
        last = first
    return last, cells


def _next_record(lines: list[str], number: int, delimiter: str):
    """(first line, last line, cells, error) of the record starting at line ``number``."""
    reader = csv.reader(_LineFeed(lines, number), delimiter=delimiter, strict=True)
    try:
        cells = next(reader)
    except StopIteration:
        return number, number, [], None
    except csv.Error as error:
        return number, number, None, f"malformed quoting ({error})"
    last = number + reader.line_num - 1
    return number, last, cells, None


class _LineFeed:
    """An iterator of the lines from ``number`` on, with their line ends."""

    def __init__(self, lines: list[str], number: int):
        self.lines, self.index = lines, number - 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.index >= len(self.lines):
            raise StopIteration
        line = self.lines[self.index]
        self.index += 1
        return line + "\n"


def _looks_merged(continuation: list[str], delimiter: str, width: int, shapes: set[str]) -> bool:
    """True when a line inside a quoted field looks like a row of its own.

    Such a line holds as many delimiters as a row, and begins with a cell
    shaped like the first cell of this file's rows (``17``, ``pd003``: the
    shapes seen so far; before any, a short id of ASCII letters, digits and
    ``_.:-``).  Chinese prose separates with full-width commas (，) and
    does not open a paragraph with an id, so a paragraph of a quoted text is
    left alone.
    """
    if width < 2 or not continuation:
        return False
    # The record's last line closes the quoted field and carries the cells
    # after it: only its part inside the field counts.
    inside = continuation[:-1] + [continuation[-1].rsplit('"', 1)[0]]
    for line in inside:
        if line.count(delimiter) < width - 1:
            continue
        head = line.split(delimiter, 1)[0].strip()
        if shapes:
            if head and _shape(head) in shapes:
                return True
        elif _ID_LIKE.fullmatch(head):
            return True
    return False


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ID_LIKE = re.compile(r"[A-Za-z0-9_.:-]{1,12}")


def _shape(cell: str) -> str:
    """A cell's shape: runs of digits, ASCII letters and Chinese characters collapsed (pd003 → a9)."""
    classes = []
    for char in cell.strip():
        kind = "9" if char.isdigit() else "a" if char.isascii() and char.isalpha() else (
            "汉" if _HAN.match(char) else char)
        if not classes or classes[-1] != kind:
            classes.append(kind)
    return "".join(classes)


def _literal(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=delimiter, quoting=csv.QUOTE_NONE))
