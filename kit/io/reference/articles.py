"""Recovering the articles of the copy without IDs from its titles, bylines
and datelines.

Each paragraph first gets a kind (:mod:`kit.io.reference.kinds`).  Then,
reading the lines in order:

- a title that follows a body paragraph (or the first line of the file)
  starts an article; further titles, bylines, notes, numbered lines and
  verse lines that follow it belong to its head, and so does one subtitle of
  up to 80 characters (``SUBTITLE_MAX``);
- notes, bylines, numbered and verse lines never start an article: they
  belong to the head or the body of the article they follow; a credit
  always goes to the body and ends the head;
- a picture line always starts an article, and its head takes no further
  title (a painting shown above the next article is an item of its own);
- a headline that ends in ``！`` or ``？`` reads as body: when a byline
  follows such a short line, the two start an article;
- a dateline paragraph belongs to the article whose head precedes it; one
  that follows a body paragraph starts a new article with an empty title
  (strings of untitled ``本报讯`` briefs, or several reports under one
  headline), unless that body is a photo between a headline and its
  report: at most 3 paragraphs, no dateline, the last ending in ``摄）``,
  under a head that is not itself a photo item (``…（图片）``);
- a head of more than 6 lines (``HEAD_MAX``) is verse or a run of items
  with no prose (poems): it is cut before each title that a byline
  follows (and before its last title when a dateline comes next), and in
  each piece the lines up to the byline are the head and the rest is the
  body;
- a signed feature (a byline in the head, no dateline) keeps its section
  headings: an article that follows it with a one-line title of at most
  25 characters, no dateline, and at least 11 % of its distinct Han
  character bigrams shared with the feature is joined to it.

Read on 30 articles drawn at random (``random.Random(1998)``), 27 looked
correctly bounded.  Known errors: untitled briefs without datelines join
the article before them; features are still split at section headings that
share few words with them; tables and fact boxes start articles of their
own; a caption printed without end punctuation can be taken for a title.

Examples
--------
>>> def line(*tokens):
...     return {"text": "".join(tokens), "tokens": list(tokens), "pos": ["n"] * len(tokens)}
>>> lines = [line("胜利油田产油创新高"), line("本报济南十二月三十一日电", "原油增产。"),
...          line("全年生产原油。"), line("本报讯", "某厂投产。")]
>>> [(len(a["head"]), len(a["body"])) for a in find_articles(lines)]
[(1, 2), (0, 1)]
"""
from __future__ import annotations

import re

from kit.io.reference.kinds import CAPTION_END, PHOTO_TITLE, TITLE_MAX, paragraph_kind

HEAD_MAX = 6
SECTION_MAX = 25
SECTION_OVERLAP = 0.11

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def find_articles(paragraphs: list[dict]) -> list[dict]:
    """Group the paragraphs of the copy without IDs into articles.

    Parameters
    ----------
    paragraphs : list of dict
        The paragraphs of :func:`kit.io.reference.pku_file.parse_pku_file`,
        in file order.

    Returns
    -------
    list of dict
        One dict per article, in file order: ``head`` and ``body``, lists
        of the paragraphs (each with its ``kind`` added), the head's lines
        before the body's.  Every paragraph is in exactly one article.

    Examples
    --------
    >>> find_articles([{"text": "又讯某厂投产。", "tokens": ["又", "讯", "某厂投产。"], "pos": ["d", "Ng", "n"]}])[0]["head"]
    []
    """
    articles: list[dict] = []
    state = None  # where the previous line went: "head", "body" or None
    subtitles = 0
    closed = False  # the head is a picture's: a title after it starts a new article
    for p in paragraphs:
        kind = paragraph_kind(p)
        p = p | {"kind": kind}
        if kind in ("title", "picture") and (state != "head" or closed or kind == "picture"):
            articles.append({"head": [p], "body": []})
            state, subtitles, closed = "head", 0, kind == "picture"
        elif kind == "byline" and state == "body" and _lifts(articles[-1]["body"]):
            # a headline that ends in ！ or ？ reads as body until its byline shows
            articles.append({"head": [articles[-1]["body"].pop(), p], "body": []})
            state, subtitles, closed = "head", 0, False
        elif kind == "credit" and state is not None:
            articles[-1]["body"].append(p)
            state = "body"
        elif kind == "subtitle" and state == "head" and subtitles == 0 and not closed:
            articles[-1]["head"].append(p)
            subtitles = 1
        elif kind in ("title", "note", "byline", "numbered", "verse") and state is not None:
            articles[-1][state].append(p)
        elif kind == "dateline" and state == "body" and not _only_captions(articles[-1]):
            articles.append({"head": [], "body": [p]})
            state = "body"
        elif state is None:
            articles.append({"head": [], "body": [p]})
            state = "body"
        else:
            articles[-1]["body"].append(p)
            state = "body"
    articles = [piece for article in articles for piece in _split_verse(article)]
    return _join_sections(articles)


def _join_sections(articles: list[dict]) -> list[dict]:
    """Keep the section headings of a signed feature inside it.

    An article whose head has a byline and whose body has no dateline is a
    signed feature or commentary.  An article that follows it with a
    one-line head (a title of at most ``SECTION_MAX`` characters, without
    ``（附图片…）``), no dateline, and that shares at least
    ``SECTION_OVERLAP`` of its distinct Han character bigrams with the
    feature is one of its sections: its heading becomes a body paragraph.
    Without the overlap test, half of the candidates were separate short
    items (a science brief after a signed essay); with it, most that are
    kept are true sections.
    """
    joined: list[dict] = []
    feature: set | None = None  # bigrams of joined[-1], once needed
    for article in articles:
        if joined and _is_section(article) and _is_signed(joined[-1]):
            if feature is None:
                feature = _bigrams(joined[-1]["head"] + joined[-1]["body"])
            section = _bigrams(article["head"] + article["body"])
            if len(feature & section) >= SECTION_OVERLAP * max(1, len(section)):
                joined[-1]["body"] += article["head"] + article["body"]
                feature |= section
                continue
        joined.append(article)
        feature = None
    return joined


def _bigrams(paragraphs: list[dict]) -> set:
    pairs = set()
    for p in paragraphs:
        for run in _HAN_RUN.findall(p["text"]):
            pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def _is_signed(article: dict) -> bool:
    return any(p["kind"] == "byline" for p in article["head"]) and all(p["kind"] != "dateline" for p in article["body"])


def _is_section(article: dict) -> bool:
    head, body = article["head"], article["body"]
    return (
        len(head) == 1
        and head[0]["kind"] == "title"
        and len(head[0]["text"]) <= SECTION_MAX
        and "（附" not in head[0]["text"]
        and bool(body)
        and all(p["kind"] != "dateline" for p in body)
    )


def _lifts(body: list[dict]) -> bool:
    return len(body) > 1 and len(body[-1]["text"]) <= TITLE_MAX and body[-1]["text"][-1] in "！？!?"


def _only_captions(article: dict) -> bool:
    # a photo and its credit between a headline and the report's dateline
    # (a photo item of its own, titled …（图片）, is complete)
    body = article["body"]
    return (
        not any(PHOTO_TITLE.search(p["text"]) for p in article["head"])
        and 0 < len(body) <= 3
        and bool(CAPTION_END.search(body[-1]["text"]))
        and all(p["kind"] != "dateline" for p in body)
    )


def _split_verse(article: dict) -> list[dict]:
    """Cut a head of more than HEAD_MAX lines (verse) into items.

    Cuts fall before each title that a byline follows and, when the body
    opens with a dateline, before the run's last title (the report's
    headline).
    """
    head = article["head"]
    if len(head) <= HEAD_MAX:
        return [article]
    starts = [0]
    for i, p in enumerate(head):
        if p["kind"] == "byline" and i >= 2:
            j = i - 1
            while j > starts[-1] and head[j]["kind"] == "note":
                j -= 1
            if j > starts[-1]:
                starts.append(j)
    if article["body"] and article["body"][0]["kind"] == "dateline":
        # the last title of the run is the headline of the report below it
        j = len(head) - 1
        while j > starts[-1] and head[j]["kind"] not in ("title", "subtitle"):
            j -= 1
        if j > starts[-1]:
            starts.append(j)
    pieces = [head[a:b] for a, b in zip(starts, starts[1:] + [len(head)])]
    out = []
    for k, piece in enumerate(pieces):
        last = k == len(pieces) - 1
        if last and len(piece) <= HEAD_MAX:
            out.append({"head": piece, "body": article["body"]})
            continue
        cut = 1
        bylines = [i for i, p in enumerate(piece) if p["kind"] == "byline"]
        if bylines and bylines[0] < HEAD_MAX:
            cut = bylines[0] + 1
        while cut < len(piece) and piece[cut]["kind"] == "note":
            cut += 1
        body = piece[cut:] + (article["body"] if last else [])
        out.append({"head": piece[:cut], "body": body})
    return out
