"""The columns of one recovered article: title, text, size, dateline, date
and a guess at its genre.

The head lines (title, subtitle, byline, notes) are joined by a space into
``title`` and are not repeated in ``text``, the body paragraphs joined by
``\\n``.  ``genre`` is a cheap guess: ``photo`` (a head that marks a photo,
or a body of captions and notes only), ``commentary`` (评论员, 社论, 短评 or
今日谈 in the head), ``news`` (an article with a dateline), else ``other``.

Examples
--------
>>> head = [{"kind": "title", "text": "学习价格法", "line": 15}, {"kind": "byline", "text": "本报评论员", "line": 16}]
>>> body = [{"kind": "body", "text": "本报电视节目受到欢迎。", "line": 17}]
>>> row = describe_article({"head": head, "body": body})
>>> row["title"], row["genre"], row["first_line"], row["paragraphs"]
('学习价格法 本报评论员', 'commentary', 15, 3)
"""
from __future__ import annotations

import re

from kit.io.reference.datelines import article_dateline
from kit.io.reference.kinds import CAPTION_END, PHOTO_TITLE

_COMMENTARY = re.compile(r"评论员|社论|短评|今日谈")


def describe_article(article: dict) -> dict:
    """The columns of one article of :func:`kit.io.reference.articles.find_articles`.

    Parameters
    ----------
    article : dict
        ``head`` and ``body``, lists of paragraphs with ``line``, ``text``
        and ``kind``.

    Returns
    -------
    dict
        ``title``, ``text``, ``paragraphs`` (head and body lines),
        ``first_line``, ``dateline``, ``dateline_place``, ``genre`` and
        ``date`` (see :mod:`kit.io.reference.datelines`).

    Examples
    --------
    >>> describe_article({"head": [], "body": [{"kind": "dateline", "text": "本报讯某厂投产。", "line": 12}]})["dateline"]
    '本报讯'
    """
    head, body = article["head"], article["body"]
    dateline, place, date = article_dateline(body)
    texts = [p["text"] for p in body]
    return {
        "title": " ".join(p["text"] for p in head),
        "text": "\n".join(texts),
        "paragraphs": len(head) + len(body),
        "first_line": (head or body)[0]["line"],
        "dateline": dateline,
        "dateline_place": place,
        "genre": _genre(head, body, dateline),
        "date": date,
    }


def _genre(head: list[dict], body: list[dict], dateline: str) -> str:
    if any(PHOTO_TITLE.search(p["text"]) for p in head) or (
        body and not dateline and all(CAPTION_END.search(p["text"]) or p["kind"] == "note" for p in body)
    ):
        return "photo"
    if any(_COMMENTARY.search(p["text"]) for p in head):
        return "commentary"
    return "news" if dateline else "other"
