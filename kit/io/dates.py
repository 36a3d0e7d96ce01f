"""Read a document's date together with how precise it is.

Layer: io.  A researcher's table may date one article ``2016-03-08``,
another ``2016-03`` and a third only ``2010``.  Each is read as the first
instant of what it names and keeps its precision (``day``, ``month`` or
``year``), so that a trend never places a year-only date in January as if
it were exact (see :func:`kit.trend`).
"""
from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

#: Precisions a date may have, finest first.
PRECISIONS = ("day", "month", "year")

_CHINESE = re.compile(r"^\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_MISSING = {"", "nan", "nat", "none", "null", "na", "n/a", "-", "—"}
# Two different defaults fill in what a date leaves out: where the two
# readings differ, the text did not say.
_DEFAULT_A = _dt.datetime(2000, 1, 1)
_DEFAULT_B = _dt.datetime(2001, 12, 28)


class DateError(ValueError):
    """A date that cannot be read."""


def parse_date(value) -> tuple[pd.Timestamp, str]:
    """A date and its precision.

    Parameters
    ----------
    value : str, int, datetime or None
        ``2026-01-03``, ``2026/1/3``, ``20260103``, ``2026年1月3日``,
        ``Jan 3, 2026`` (day); ``2016-03``, ``201603``, ``2016年3月``,
        ``March 2016`` (month); ``2010``, ``2010年`` (year).  Empty values and
        the spellings of a missing value (``NaN``, ``None``, ``null``, ``-``)
        are missing.

    Returns
    -------
    (pandas.Timestamp, str)
        The first day of what the value names, and ``"day"``, ``"month"`` or
        ``"year"``; ``(NaT, "")`` for a missing value.

    Raises
    ------
    DateError
        If the value is not a date the kit can read.

    Examples
    --------
    >>> parse_date("2010")
    (Timestamp('2010-01-01 00:00:00'), 'year')
    >>> parse_date("2016年3月")
    (Timestamp('2016-03-01 00:00:00'), 'month')
    >>> parse_date("2026-01-28T08:00")
    (Timestamp('2026-01-28 08:00:00'), 'day')
    """
    if value is None or (isinstance(value, float) and value != value):
        return pd.NaT, ""
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)):
        stamp = pd.Timestamp(value)
        return (stamp, "day") if not pd.isna(stamp) else (pd.NaT, "")
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a date")
    text = str(value).strip()
    if text.lower() in _MISSING:
        return pd.NaT, ""
    found = _CHINESE.match(text)
    if found:
        year, month, day = found.groups()
        return _build(int(year), month and int(month), day and int(day), text)
    for pattern in (_YEAR, _YEAR_MONTH, _COMPACT):
        found = pattern.match(text)
        if found:
            parts = [int(p) if p else None for p in found.groups()] + [None] * (3 - len(found.groups()))
            return _build(parts[0], parts[1], parts[2], text)
    return _general(text)


def _build(year: int, month: int | None, day: int | None, text: str) -> tuple[pd.Timestamp, str]:
    try:
        stamp = pd.Timestamp(year, month or 1, day or 1)
    except ValueError:
        raise DateError(f"{text!r} is not a valid date") from None
    return stamp, "day" if day else "month" if month else "year"


def _general(text: str) -> tuple[pd.Timestamp, str]:
    from dateutil import parser

    try:
        first = parser.parse(text, default=_DEFAULT_A)
        second = parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        raise DateError(f"{text!r} is not a date the kit can read") from None
    if first.year != second.year:
        raise DateError(f"{text!r} names no year")
    if first.month != second.month:
        return pd.Timestamp(first.year, 1, 1), "year"
    if first.day != second.day:
        return pd.Timestamp(first.year, first.month, 1), "month"
    stamp = pd.Timestamp(first)
    if stamp.tzinfo is not None:  # one calendar for a whole corpus: keep the local wall time
        stamp = stamp.tz_localize(None)
    return stamp, "day"


def precision_rank(precision: str) -> int:
    """0 for ``day``, 1 for ``month``, 2 for ``year`` (finer is smaller).

    Examples
    --------
    >>> precision_rank("month") < precision_rank("year")
    True
    """
    return PRECISIONS.index(precision)
