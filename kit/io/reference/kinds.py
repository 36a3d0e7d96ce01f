"""The kind of each paragraph of the copy without IDs, read from its own text:
the first step in recovering articles (:mod:`kit.io.reference.articles`).

- **dateline**: it starts with ``新华社北京12月30日电``, ``本报济南十二月三十一日电``,
  ``本报北京1月1日讯``, ``本报讯``, ``据新华社…电``, ``综合本报和新华社电`` or
  ``又讯``; the ``电``/``讯`` must end a gold token (so ``本报电视…`` is not one).
- **credit**: the whole line is a photo credit in parentheses:
  ``（新华社记者樊如钧摄）``.
- **note**: any other line wholly in parentheses: ``（附图片1张）``,
  ``（一九九七年十二月三十一日）``, ``（传真照片）``.
- **byline**: a line of person names only (every token tagged ``nr``, at most
  8 characters: ``周德武``), ``本报评论员``, ``本报记者王慧敏``, or such a name
  in parentheses (``（关山月）``).
- **title**: at most 40 characters (``TITLE_MAX``), not ending a sentence.
  "Ending a sentence" is read on the line with its trailing parenthesised
  notes removed (``…在京举行（附图片1张）`` is read as ``…在京举行``): the line
  ends in ``。！？…；：!?``, or in a closing quote that follows one of those
  (``…。”``); a headline may end in a quoted word (``…过“双节”``).  The bound
  comes from the data: of the 1,332 title-like lines that stand right
  before a dateline paragraph, 99.6 % have at most 40 characters (the five
  longer ones, 45–65, are subtitles listing leaders' names); only 41 lines
  of 41–80 characters without end punctuation exist in the whole file.
  Not titles either: lines that begin with a date and a comma (photo
  captions: ``1月9日，…``), lines at least a third digits (table rows), and
  lines that end in ``，`` or ``、`` (**verse**).
- **subtitle**: a title-like line of 41 to 80 characters (``SUBTITLE_MAX``).
- **picture**: a title whose trailing note names a picture or an artwork,
  ``…（图片）``, ``迎虎年（书法）``, ``细语（中国画）`` (not ``（附图片…）``).
- **numbered**: a title-like line that begins with ``一、``, ``1、``,
  ``第二，``, ``（一）`` or ``第三章`` (a section heading inside an article,
  or one picture of a numbered photo series), and the parts of a law's
  promulgation (``中华人民共和国主席令``, ``目录``).
- **body**: everything else.

Examples
--------
>>> paragraph_kind({"text": "（新华社记者樊如钧摄）", "tokens": ["（", "新华社", "记者", "樊如钧", "摄", "）"],
...                 "pos": ["w", "nt", "n", "nr", "Vg", "w"]})
'credit'
>>> paragraph_kind({"text": "胜利油田产油创新高", "tokens": ["胜利", "油田", "产", "油", "创", "新高"],
...                 "pos": ["nz", "n", "v", "n", "v", "n"]})
'title'
"""
from __future__ import annotations

import re

from kit.io.reference.datelines import DATELINE, NUMERAL

TITLE_MAX = 40
SUBTITLE_MAX = 80

_NOTES_AT_END = re.compile(r"(?:（[^（）]*）)+$")
_ALL_NOTES = re.compile(r"(?:（[^（）]*）)+")
_SENTENCE_END = frozenset("。！？…；：!?")
_CLOSING_QUOTES = frozenset("”’』」\"'")
_VERSE_END = frozenset("，、,")
_DATE_CAPTION = re.compile(rf"^(?:[0-9０-９]{{1,2}}|{NUMERAL}|元)月{NUMERAL}日(?:[至—-]{NUMERAL}日)?，")
_NUMBERED = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}[、，.．]|第[一二三四五六七八九十百]{1,4}[章节条]|[0-9０-９]{1,2}[、.．](?![0-9０-９])|（[一二三四五六七八九十0-9０-９]{1,3}）)")
# the parts of a law's promulgation that stand between its title and its articles
_LAW_PARTS = re.compile(r"^(?:中华人民共和国主席令|国务院令|目录|中华人民共和国主席[\u4e00-\u9fff]{2,3}|国务院总理[\u4e00-\u9fff]{2,3})$")
_DIGITS = re.compile(r"[0-9０-９.．·%％:：/／\-－]")
_BYLINE = re.compile(
    r"^(?:(?:本报|新华社|人民日报|中央人民广播电台)?(?:特约|驻[\u4e00-\u9fff]{1,6})?"
    r"(?:记者|通讯员|评论员|实习生)[\u4e00-\u9fff·、]{0,12})+$"
)
_CREDIT = re.compile(r"^（[^（）]*(?:摄|摄于[^（）]*|制作)）$")
# a picture, drawing or calligraphy shown under its title: an item of its own
_PICTURE = re.compile(r"（(?!附)[^（）]*(?:图片|照片|画|书法|篆刻|刻|摄影|雕塑|石膏|剪纸)[^（）]*）")
#: A paragraph that ends as a photo's caption or credit does.
CAPTION_END = re.compile(r"摄）$|（(?:图片|照片|传真照片)）$")
#: A head line that marks a photo item of its own.
PHOTO_TITLE = re.compile(r"（(?:图片|照片|传真照片)）|^图片新闻$")


def paragraph_kind(p: dict) -> str:
    """The kind of one paragraph of the copy without IDs (see the module docstring).

    Parameters
    ----------
    p : dict
        A paragraph of :func:`kit.io.reference.pku_file.parse_pku_file`
        (``text``, ``tokens``, ``pos``).

    Returns
    -------
    str
        ``dateline``, ``credit``, ``note``, ``byline``, ``title``,
        ``subtitle``, ``picture``, ``numbered``, ``verse`` or ``body``.

    Examples
    --------
    >>> paragraph_kind({"text": "本报电视节目受到欢迎。", "tokens": ["本报", "电视", "节目", "受到", "欢迎", "。"],
    ...                 "pos": ["r", "n", "n", "v", "v", "w"]})
    'body'
    """
    text = p["text"]
    found = DATELINE.match(text)
    if found and _ends_token(p, found.end()):
        return "dateline"
    if _ALL_NOTES.fullmatch(text):
        if _CREDIT.match(text):
            return "credit"
        return "byline" if _is_byline(p, text[1:-1]) else "note"
    if _is_byline(p, text):
        return "byline"
    core = _NOTES_AT_END.sub("", text) if text.endswith("）") else text
    if not core or len(core) > SUBTITLE_MAX:
        return "body"
    last = core[-1]
    if last in _SENTENCE_END or (last in _CLOSING_QUOTES and len(core) > 1 and core[-2] in _SENTENCE_END):
        return "body"
    if _DATE_CAPTION.match(core) or 3 * len(_DIGITS.findall(core)) >= len(core):
        return "body"
    if last in _VERSE_END:
        return "verse"
    if _NUMBERED.match(core) or _LAW_PARTS.match(core):
        return "numbered"
    if len(core) > TITLE_MAX:
        return "subtitle"
    return "picture" if _PICTURE.search(text[len(core):]) else "title"


def _ends_token(p: dict, end: int) -> bool:
    at = 0
    for token in p["tokens"]:
        at += len(token)
        if at >= end:
            return at == end
    return False


def _is_byline(p: dict, text: str) -> bool:
    if _BYLINE.match(text):
        return True
    if len(text) > 8:
        return False
    names = [t for t, tag in zip(p["tokens"], p["pos"]) if tag != "w"]
    tags = [tag for tag in p["pos"] if tag != "w"]
    return bool(tags) and all(tag == "nr" for tag in tags) and "".join(names) == text
