"""Split Chinese text into sentences and paragraphs, with character offsets.

In the kit's documents a paragraph is one line: readers join a paragraph's
broken lines and separate paragraphs with a single newline.

A sentence ends at 。！？；… (and ! ?), together with any further such marks
and any closing quotes or brackets ”’」』） right after them.  Quoted speech
stays whole: a 。 inside “…” ends a sentence only when the closing quote
follows it (``“家长往前看，别着急。”`` is one sentence).  A line break always
ends a sentence, and resets the quote depth so that an unclosed quote cannot
swallow the rest of a document.

The scanner is written by hand on purpose: the rules above (quote depth,
offsets back into the original text) are not what general-purpose sentence
splitters, built for spaces and full stops, implement.
"""
from __future__ import annotations

import re
from typing import Iterator

import pandas as pd

TERMINATORS = "。！？；…!?"
OPENING = "“‘「『（"
CLOSING = "”’」』）"
_SPECIAL = re.compile("[\n" + re.escape(TERMINATORS + OPENING + CLOSING) + "]")
_SPACE = " \t\r\n\u3000"


def iter_sentence_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(start, end, paragraph)`` for each sentence of ``text``.

    Parameters
    ----------
    text : str

    Returns
    -------
    iterator of (int, int, int)
        Offsets such that ``text[start:end]`` is the sentence (no surrounding
        whitespace), and the 0-based index of its paragraph (non-empty line).

    Examples
    --------
    >>> list(iter_sentence_spans("一。二！"))
    [(0, 2, 0), (2, 4, 0)]
    """
    length = len(text)
    seg_start = 0
    depth = 0
    paragraph = 0
    line_has_text = False
    pos = 0
    while True:
        match = _SPECIAL.search(text, pos)
        if match is None:
            break
        at = match.start()
        char = text[at]
        if char == "\n":
            span = _trimmed(text, seg_start, at)
            if span:
                yield (*span, paragraph)
                line_has_text = True
            if line_has_text:
                paragraph += 1
            line_has_text = False
            seg_start = pos = at + 1
            depth = 0
            continue
        if char in OPENING:
            depth += 1
            pos = at + 1
            continue
        if char in CLOSING:
            depth = max(0, depth - 1)
            pos = at + 1
            continue
        # a terminator: take the whole run of terminators, then closing marks
        end = at + 1
        while end < length and text[end] in TERMINATORS:
            end += 1
        closing_depth = depth
        closed_all = depth == 0
        while end < length and text[end] in CLOSING:
            closing_depth = max(0, closing_depth - 1)
            closed_all = closed_all or closing_depth == 0
            end += 1
        depth = closing_depth
        pos = end
        if closed_all:
            span = _trimmed(text, seg_start, end)
            if span:
                yield (*span, paragraph)
                line_has_text = True
            seg_start = end
    span = _trimmed(text, seg_start, length)
    if span:
        yield (*span, paragraph)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str) -> pd.DataFrame:
    """Split a Chinese text into sentences.

    Parameters
    ----------
    text : str

    Returns
    -------
    pandas.DataFrame
        One row per sentence, columns ``sentence`` (str), ``start`` and
        ``end`` (int, character offsets: ``text[start:end] == sentence``) and
        ``paragraph`` (int, 0-based index of the non-empty line it is on).

    Examples
    --------
    >>> split_sentences("他说：“别着急。”我们走吧！")["sentence"].tolist()
    ['他说：“别着急。”', '我们走吧！']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() needs a str, got {type(text).__name__}")
    spans = list(iter_sentence_spans(text))
    return pd.DataFrame(
        {
            "sentence": pd.Series([text[s:e] for s, e, _ in spans], dtype=object),
            "start": pd.Series([s for s, _, _ in spans], dtype="int64"),
            "end": pd.Series([e for _, e, _ in spans], dtype="int64"),
            "paragraph": pd.Series([p for _, _, p in spans], dtype="int64"),
        }
    )


def count_sentences(text: str) -> int:
    """The number of sentences :func:`split_sentences` would return.

    Examples
    --------
    >>> count_sentences("一。二！\\n三")
    3
    """
    return sum(1 for _ in iter_sentence_spans(text))


def split_paragraphs(text: str) -> pd.DataFrame:
    """Split a text into paragraphs (non-empty lines).

    Parameters
    ----------
    text : str

    Returns
    -------
    pandas.DataFrame
        Columns ``paragraph`` (str, without surrounding whitespace), ``start``
        and ``end`` (offsets: ``text[start:end] == paragraph``).

    Examples
    --------
    >>> split_paragraphs("第一段。\\n\\n第二段。")["paragraph"].tolist()
    ['第一段。', '第二段。']
    """
    rows = []
    offset = 0
    for line in text.split("\n"):
        span = _trimmed(text, offset, offset + len(line))
        if span:
            rows.append((text[span[0]:span[1]], *span))
        offset += len(line) + 1
    return pd.DataFrame(
        {
            "paragraph": pd.Series([r[0] for r in rows], dtype=object),
            "start": pd.Series([r[1] for r in rows], dtype="int64"),
            "end": pd.Series([r[2] for r in rows], dtype="int64"),
        }
    )
