"""Datelines of the People's Daily copy: what they look like, and the place
and date an article's dateline gives.

A dateline opens a report: ``新华社北京12月30日电``, ``本报济南十二月三十一日电``,
``本报北京1月1日讯``, ``本报讯``, ``据新华社…电``, ``综合本报和新华社电`` or
``又讯``, optionally followed by the reporters in parentheses.

Dates: the copy carries no issue dates, so an article's ``date`` is the date
written in its dateline (``12月31日``, ``十二月三十一日``, ``元月一日``),
resolved to a year as the issues are of January 1998: January → 1998, any
other month → 1997.  That is the day the report was filed, usually the day
before publication.  If no dateline opens the article, one closing it in
parentheses is used (``……谢谢！（新华社北京12月31日电）``).  Articles with no
dated dateline (``本报讯``, commentaries, literature) have NaT.

Examples
--------
>>> article_dateline([{"kind": "dateline", "text": "本报济南十二月三十一日电 原油增产。"}])
('本报济南十二月三十一日电', '济南', Timestamp('1997-12-31 00:00:00'))
>>> article_dateline([{"kind": "body", "text": "谢谢！（新华社北京元月一日电）"}])[2]
Timestamp('1998-01-01 00:00:00')
"""
from __future__ import annotations

import re

import pandas as pd

# Digits may be half-width (after normalisation), full-width or Chinese.
NUMERAL = r"(?:[0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})"
_DATE = rf"(?P<month>{NUMERAL}|元)月(?P<day>{NUMERAL})日?"
DATELINE = re.compile(
    r"(?:据)?(?:新华社|本报|中新社)"
    r"(?P<place>(?!记者|评论员|特约)[\u4e00-\u9fff·]{1,10}?(?:（[\u4e00-\u9fff]{1,8}）)?)?"
    rf"(?:{_DATE})?[电讯]"
    r"|综合[\u4e00-\u9fff]{1,12}?电"
    r"|又讯"
)
_CLOSING_DATELINE = re.compile(
    r"（(?P<dateline>(?:据)?(?:新华社|本报|中新社)(?P<place>[\u4e00-\u9fff·]{1,10}?)?"
    rf"(?:(?:[0-9０-９]{{4}}|一九九[七八])年)?(?:{_DATE})?[电讯])）$"
)
_REPORTERS = re.compile(r"（[^（）]{1,40}）")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def article_dateline(body: list[dict]) -> tuple[str, str, pd.Timestamp]:
    """The dateline of an article, its place and its date.

    Parameters
    ----------
    body : list of dict
        The article's body paragraphs (``text`` and ``kind``, see
        :mod:`kit.io.reference.kinds`).

    Returns
    -------
    tuple
        The dateline as printed (with the reporters in parentheses that
        follow an opening one), its place, and its date (NaT without one);
        ``("", "", NaT)`` when the article has no dateline.

    Examples
    --------
    >>> article_dateline([{"kind": "body", "text": "会议认为，形势很好。"}])
    ('', '', NaT)
    """
    opening = next((p for p in body if p["kind"] == "dateline"), None)
    if opening is not None:
        found = DATELINE.match(opening["text"])
        dateline = found.group()
        reporters = _REPORTERS.match(opening["text"], found.end())
        if reporters:
            dateline += reporters.group()
        return dateline, found.group("place") or "", _date(found)
    for p in reversed(body[-2:]):
        found = _CLOSING_DATELINE.search(p["text"])
        if found:
            return found.group("dateline"), found.group("place") or "", _date(found)
    return "", "", pd.NaT


def _number(numeral: str) -> int:
    if numeral.isdigit():  # half- or full-width digits
        return int(numeral)
    if numeral == "元":
        return 1
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)
    return int("".join(str(_CHINESE_DIGITS[c]) for c in numeral))


def _date(found: re.Match):
    """The dateline's date; January is 1998, every other month 1997."""
    if not found.group("month"):
        return pd.NaT
    month, day = _number(found.group("month")), _number(found.group("day"))
    try:
        return pd.Timestamp(1998 if month == 1 else 1997, month, day)
    except ValueError:  # e.g. a misprinted 2月30日
        return pd.NaT
