"""The gold tables of the reference corpus: its segmentation and POS tags,
one row per token, each token carrying the ``doc_id`` of its document.

Examples
--------
>>> from kit.io.reference.grouping import Document
>>> p = {"line": 1, "tokens": ["迈向", "新", "世纪"], "pos": ["v", "a", "n"], "compound": ["", "", ""]}
>>> gold_table([p], [Document("pd1998-00001", [p])])["token"].tolist()
['迈向', '新', '世纪']
"""
from __future__ import annotations

import pandas as pd

from kit.io.reference.grouping import Document

GOLD_COLUMNS = ("doc_id", "paragraph", "position", "token", "pos", "compound")


def gold_table(paragraphs: list[dict], documents: list[Document]) -> pd.DataFrame:
    """One row per gold token, in file order.

    Parameters
    ----------
    paragraphs : list of dict
        The paragraphs of :func:`kit.io.reference.pku_file.parse_pku_file`.
    documents : list of Document
        The documents of a grouping of those paragraphs
        (:func:`kit.io.reference.grouping.group_documents`).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``paragraph`` (line number in the file),
        ``position`` (0-based within the paragraph), ``token``, ``pos`` and
        ``compound`` (see :func:`kit.io.reference.gold_tokens`).

    Examples
    --------
    >>> from kit.io.reference.grouping import Document
    >>> p = {"line": 7, "tokens": ["中央", "电台"], "pos": ["n", "n"], "compound": ["nt", "nt"]}
    >>> gold_table([p], [Document("19980101-01-001", [p])])["doc_id"].tolist()
    ['19980101-01-001', '19980101-01-001']
    """
    doc_of = {p["line"]: document.doc_id for document in documents for p in document.paragraphs}
    columns: dict[str, list] = {k: [] for k in GOLD_COLUMNS}
    for p in paragraphs:
        n = len(p["tokens"])
        columns["doc_id"] += [doc_of[p["line"]]] * n
        columns["paragraph"] += [p["line"]] * n
        columns["position"] += range(n)
        columns["token"] += p["tokens"]
        columns["pos"] += p["pos"]
        columns["compound"] += p["compound"]
    return pd.DataFrame(columns)
