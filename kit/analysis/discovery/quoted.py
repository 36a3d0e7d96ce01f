"""Quoted expressions: the short phrases news puts in quotation marks.

Layer: analysis.

Chinese news marks a slogan, a coined name or a figure of speech by putting
it in quotation marks (打通“最后一米”, 设立“微心愿”墙, 推出“积分超市”).  The
same marks also enclose quoted speech.  A quoted span is a *candidate* when
every rule below holds; the rules are deliberately simple so that a reader
can predict them:

1. The marks are a pair “…”, 「…」, 『…』, ‘…’ or straight "…" (straight
   quotes are paired left to right within a line).  A span never crosses a
   line break (an unclosed quote is ignored).
2. The content is 2 to ``max_length`` (default 12) characters long.
3. It holds no clause punctuation: none of ，,。.！!？?；;：: (speech and
   couplets hold commas; a slogan list joined by 、 or a dash — 需求—资源—项目 —
   is kept) and no nested quotation mark.
4. It does not follow a speech verb or a colon: the text just before the
   opening mark does not end in ：, :, or one of 说 道 表示 称 问 指出 强调
   介绍 认为 告诉记者 (optionally followed by ， or ：).
5. It holds at least one Chinese character or digit.
"""
from __future__ import annotations

import re

import pandas as pd

PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
MAX_LENGTH = 12
MIN_LENGTH = 2
CLAUSE_PUNCTUATION = "，,。.！!？?；;：:"
SPEECH_BEFORE = re.compile(
    r"(?:[：:]|(?:说|道|表示|称|问|指出|强调|介绍|认为|告诉记者)[，,：:]?)\s*$")
_QUOTE_CHARS = set(PAIRS) | set(PAIRS.values()) | {'"'}
_CONTENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff〇0-9A-Za-z]")

#: Columns of :func:`quoted_spans`.
SPAN_COLUMNS = ("doc", "start", "end", "content", "mark", "is_candidate", "reason")


def quoted_spans(texts, max_length: int = MAX_LENGTH) -> pd.DataFrame:
    """Every quoted span in the texts, with whether it is a candidate and why not.

    Parameters
    ----------
    texts : sequence of str
    max_length : int
        Longest content kept as a candidate (characters).

    Returns
    -------
    pandas.DataFrame
        One row per quoted span, in text order, with columns

        doc : int
            Index of the text.
        start, end : int
            Offsets of the content (without the marks): ``text[start:end] == content``.
        content : str
        mark : str
            The opening mark.
        is_candidate : bool
        reason : str
            Why a span is not a candidate ("" for candidates): ``too short``,
            ``too long``, ``clause punctuation``, ``after speech verb``,
            ``nested quote``, ``no content``.

    Examples
    --------
    >>> t = quoted_spans(["打通“最后一米”。他说：“好。”"])
    >>> t[["content", "is_candidate", "reason"]].values.tolist()
    [['最后一米', True, ''], ['好。', False, 'clause punctuation']]
    """
    rows = []
    for doc, text in enumerate(texts):
        offset = 0
        for line in text.split("\n"):
            for start, end, mark in _spans_in_line(line):
                content = line[start:end]
                reason = _rejection(content, line[:start - 1], max_length)
                rows.append((doc, offset + start, offset + end, content, mark,
                             reason == "", reason))
            offset += len(line) + 1
    frame = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    return frame.astype({"doc": "int64", "start": "int64", "end": "int64",
                         "is_candidate": bool})


def _spans_in_line(line: str):
    """(start, end, opening mark) of each quoted content in one line."""
    i = 0
    n = len(line)
    while i < n:
        char = line[i]
        if char in PAIRS or char == '"':
            close = PAIRS.get(char, '"')
            j = line.find(close, i + 1)
            if j < 0:
                i += 1
                continue
            yield i + 1, j, char
            i = j + 1
        else:
            i += 1


def _rejection(content: str, before: str, max_length: int) -> str:
    if len(content) < MIN_LENGTH:
        return "too short"
    if any(c in _QUOTE_CHARS for c in content):
        return "nested quote"
    if any(c in CLAUSE_PUNCTUATION for c in content):
        return "clause punctuation"
    if len(content) > max_length:
        return "too long"
    if SPEECH_BEFORE.search(before[-8:]):
        return "after speech verb"
    if not _CONTENT.search(content):
        return "no content"
    return ""


def quoted_candidates(texts, max_length: int = MAX_LENGTH) -> pd.DataFrame:
    """Quoted expressions that pass the rules, one row per distinct content.

    Parameters
    ----------
    texts : sequence of str
    max_length : int

    Returns
    -------
    pandas.DataFrame
        Columns candidate, hits (times it was quoted), doc, start (first
        quoted occurrence), form (the opening mark of that occurrence).

    Examples
    --------
    >>> quoted_candidates(["“微心愿”墙，“微心愿”"])[["candidate", "hits"]].values.tolist()
    [['微心愿', 2]]
    """
    return quoted_table(quoted_spans(texts, max_length))


def quoted_table(spans: pd.DataFrame) -> pd.DataFrame:
    """The table of :func:`quoted_candidates` from spans of :func:`quoted_spans`.

    The spans of several sets of texts, one after another with their ``doc``
    numbered on, give the table of all the texts at once.

    Parameters
    ----------
    spans : pandas.DataFrame
        Rows of :func:`quoted_spans`, in text order.

    Returns
    -------
    pandas.DataFrame
        As :func:`quoted_candidates`.

    Examples
    --------
    >>> spans = pd.concat([quoted_spans(["“微心愿”"]), quoted_spans(["“微心愿”"]).assign(doc=1)])
    >>> quoted_table(spans)[["candidate", "hits"]].values.tolist()
    [['微心愿', 2]]
    """
    spans = spans[spans["is_candidate"]]
    if spans.empty:
        return pd.DataFrame(columns=["candidate", "hits", "doc", "start", "form"])
    grouped = spans.groupby("content", sort=False)
    first = grouped.head(1).set_index("content")
    table = pd.DataFrame({
        "candidate": first.index,
        "hits": grouped.size().reindex(first.index).to_numpy(),
        "doc": first["doc"].to_numpy(),
        "start": first["start"].to_numpy(),
        "form": first["mark"].to_numpy(),
    })
    return table.reset_index(drop=True)
