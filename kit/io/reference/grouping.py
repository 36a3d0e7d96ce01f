"""What a document of the reference corpus is: the paragraphs grouped into
articles, single paragraphs, or parts of a fixed number of paragraphs.

The grouping is made here once; the documents table
(:mod:`kit.io.reference.documents`) and the gold tokens
(:mod:`kit.io.reference.gold`) are both read from it, so a ``doc_id`` means
the same paragraphs in both.

- ``"article"``: in a file with IDs, the paragraphs that share an article
  ID; without IDs, the articles of :func:`kit.io.reference.articles.find_articles`;
- ``"paragraph"``: one line of the file;
- an int ``n``: ``n`` consecutive paragraphs in file order (the last part
  may be shorter).

Examples
--------
>>> paragraphs = [{"line": n, "text": "。"} for n in (1, 2, 4)]
>>> [(d.doc_id, len(d.paragraphs)) for d in group_documents(paragraphs, has_ids=False, grouping=2)]
[('pd1998-00001', 2), ('pd1998-00004', 1)]
"""
from __future__ import annotations

from dataclasses import dataclass

from kit.io.reference.articles import find_articles
from kit.io.reference.ids import line_doc_id

GROUPINGS = ("article", "paragraph")


@dataclass(frozen=True)
class Document:
    """One document: its id, its paragraphs in file order, and, for an
    article recovered without IDs, its ``head`` and ``body``."""

    doc_id: str
    paragraphs: list[dict]
    article: dict | None = None


def check_grouping(grouping):
    """The grouping, checked.

    Parameters
    ----------
    grouping : {"article", "paragraph"} or int

    Returns
    -------
    str or int
        The grouping unchanged.

    Raises
    ------
    ValueError
        For any other value, or a number below 1.

    Examples
    --------
    >>> check_grouping(100)
    100
    """
    if isinstance(grouping, bool) or not (grouping in GROUPINGS or isinstance(grouping, int)):
        raise ValueError(f"grouping must be 'article', 'paragraph' or a number of paragraphs; got {grouping!r}")
    if isinstance(grouping, int) and grouping < 1:
        raise ValueError(f"grouping={grouping}: a part needs at least 1 paragraph")
    return grouping


def group_documents(paragraphs: list[dict], has_ids: bool, grouping: str | int) -> list[Document]:
    """The documents a grouping makes of a file's paragraphs.

    Parameters
    ----------
    paragraphs : list of dict
        The paragraphs of :func:`kit.io.reference.pku_file.parse_pku_file`.
    has_ids : bool
        Whether they carry the original release's IDs.
    grouping : {"article", "paragraph"} or int
        Checked with :func:`check_grouping`.

    Returns
    -------
    list of Document
        In order of their first paragraph; every paragraph is in exactly
        one.  ``doc_id`` is the article ID in a file with IDs grouped by
        article, else :func:`kit.io.reference.ids.line_doc_id` of the
        document's first line.

    Examples
    --------
    >>> len(group_documents([{"line": 1, "text": "。"}], has_ids=False, grouping="paragraph"))
    1
    """
    if grouping == "article" and has_ids:
        articles: dict[str, list] = {}
        for p in paragraphs:
            articles.setdefault(p["article_id"], []).append(p)
        return [Document(article_id, ps) for article_id, ps in articles.items()]
    if grouping == "article":
        documents = []
        for article in find_articles(paragraphs):
            lines = article["head"] + article["body"]
            documents.append(Document(line_doc_id(lines[0]["line"]), lines, article))
        return documents
    size = 1 if grouping == "paragraph" else grouping
    return [
        Document(line_doc_id(paragraphs[i]["line"]), paragraphs[i : i + size])
        for i in range(0, len(paragraphs), size)
    ]
