"""The documents table of the reference corpus: one row per document of a
grouping (:mod:`kit.io.reference.grouping`), with the columns that grouping
has (listed in :func:`kit.io.reference.reference_corpus`).

Examples
--------
>>> from kit.io.reference.grouping import Document
>>> paragraph = {"line": 3, "text": "全年生产原油。"}
>>> documents_table([Document("pd1998-00003", [paragraph])], grouping="paragraph", has_ids=False).columns.tolist()
['doc_id', 'title', 'text', 'paragraph', 'source', 'period', 'date', 'date_precision']
"""
from __future__ import annotations

import pandas as pd

from kit.io.reference.catalogue import PERIOD, SOURCE
from kit.io.reference.describe import describe_article
from kit.io.reference.grouping import Document


def documents_table(documents: list[Document], grouping: str | int, has_ids: bool) -> pd.DataFrame:
    """One row per document.

    Parameters
    ----------
    documents : list of Document
        As :func:`kit.io.reference.grouping.group_documents` made them.
    grouping : {"article", "paragraph"} or int
        The grouping they were made with.
    has_ids : bool
        Whether the file had the original release's IDs.

    Returns
    -------
    pandas.DataFrame
        Without IDs and by article: ``doc_id``, the columns of
        :func:`kit.io.reference.describe.describe_article` with ``source``
        and ``period`` before ``date``.  Otherwise ``doc_id``, ``title``
        (the first paragraph by article, else empty), ``text`` (the
        paragraphs joined by ``\\n``), ``paragraph`` (by paragraph) or
        ``paragraphs`` and, except by article, ``first_line``; ``source``,
        ``period``, ``date`` (of the first paragraph with IDs) and, with
        IDs, ``page``.  A document with no day of its own is dated to the
        first of its ``period`` (the month of the issues).  Always last:
        ``date_precision``: ``day`` for a date of its own, ``month`` for
        the period's.

    Examples
    --------
    >>> paragraphs = [{"line": 1, "text": "一。"}, {"line": 2, "text": "二。"}]
    >>> table = documents_table([Document("pd1998-00001", paragraphs)], grouping=2, has_ids=False)
    >>> table[["text", "paragraphs", "first_line"]].to_dict("records")
    [{'text': '一。\\n二。', 'paragraphs': 2, 'first_line': 1}]
    """
    if grouping == "article" and not has_ids:
        docs = pd.DataFrame([{"doc_id": d.doc_id} | describe_article(d.article) for d in documents])
        docs.insert(len(docs.columns) - 1, "source", SOURCE)
        docs.insert(len(docs.columns) - 1, "period", PERIOD)
    else:
        first = [d.paragraphs[0] for d in documents]
        columns = {
            "doc_id": [d.doc_id for d in documents],
            "title": [p["text"] for p in first] if grouping == "article" else "",
            "text": ["\n".join(p["text"] for p in d.paragraphs) for d in documents],
        }
        if grouping == "paragraph":
            columns["paragraph"] = [p["line"] for p in first]
        else:
            columns["paragraphs"] = [len(d.paragraphs) for d in documents]
            if grouping != "article":
                columns["first_line"] = [p["line"] for p in first]
        columns |= {"source": SOURCE, "period": PERIOD, "date": [p["date"] for p in first] if has_ids else pd.NaT}
        if has_ids:
            columns["page"] = [p["page"] for p in first]
        docs = pd.DataFrame(columns)
    docs["date"] = pd.to_datetime(docs["date"])
    dated = docs["date"].notna()
    # An article without a dated dateline still appeared in an issue of the
    # corpus's month: it is dated to that month, and says so, rather than
    # dropping out of every trend over the reference.
    docs.loc[~dated, "date"] = pd.to_datetime(docs.loc[~dated, "period"], format="%Y-%m")
    docs["date_precision"] = dated.map({True: "day", False: "month"})
    return docs
