"""Read a newspaper page dump (a PDF page converted to markdown) into a Corpus.

What the reader does with each piece of the page (the rules, in order):

- **Masthead** — a line naming at least two of 组版、责编、校对、美编、电子信箱
  is page metadata (``corpus.meta["masthead"]``), never article text.
- **Headings** (``#`` to ``######``; their levels are not trusted, PDF
  converters mix them).  A heading is an *article title* when a paragraph
  follows it, possibly after a byline.  A heading followed by another heading,
  by nothing, or by nothing but a byline is not an article: if it has at most
  six characters it is a *column banner* (多棱镜, 新春走基层), which labels
  the articles after it until the next banner or kicker (column ``column``);
  a longer one is a *page kicker* (抓党建促基层治理能力提升), which labels the
  articles after it until the next kicker or banner (column ``section``).
- **Bylines** — a first paragraph opening with 本报讯（…）, 本报…电（…）,
  新华社…电（…） has that prefix cut off as the byline (genre ``news``); a line
  ``□ …`` right after a title is the byline: ``□ 本报记者 …`` gives genre
  ``feature``, ``□ name`` a signed ``commentary``.  Columns named in
  ``COMMENTARY_COLUMNS`` make their articles commentary too.  Names after
  记者/本报记者/特约记者/见习记者 (or after □ with no role) go to
  ``reporters``; names after 通讯员/实习生 go to ``correspondents``.
- **Photo captions** — a paragraph opening with 图为/图：/上图/下图 (or of at
  most 100 characters) that ends with a name and 摄 is a caption.  Captions
  leave the article text and go to ``corpus.meta["captions"]``, a DataFrame
  with columns ``caption_id``, ``file``, ``line``, ``caption``,
  ``photographer``, ``doc_before`` and ``doc_after`` (the articles the caption
  stands between on the page: it may belong to either).
- **Broken lines** — a paragraph that ends inside a word (no punctuation at
  all, as in 推 / 动) is joined with the next paragraph of the same article,
  unless the next one opens like a paragraph of its own (a short two-clause
  lead such as ``建强骨干队伍，强化履职能力。``) or the first leaves a quote
  open that the next does not close.  Joins are listed per article in
  ``repairs`` and in ``corpus.meta["repairs"]``.  A paragraph that ends after
  a comma is never joined: at a comma a column break and a displaced block
  look alike, so that is left to the reader and flagged.
- **Displaced paragraphs** are flagged, not moved or merged: text before the
  first title, a paragraph that ends mid-sentence and was not joined, the
  paragraph after it (unless it opens a section), and a paragraph that starts
  with a closing quote or with punctuation.  Flags are listed per article in
  ``flags`` (``"line N: reason"``) and in ``corpus.meta["fragments"]``
  (columns ``doc_id``, ``line``, ``reason``, ``text``).  Paragraphs that were
  moved but start and end cleanly cannot be seen by these rules.

Every non-blank line of the file ends up in exactly one place: an article's
title or text, a byline, a caption, the masthead, or a heading of the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kit.corpus import Corpus
from kit.io.encoding import read_text
from kit.text.normalize import normalization_settings, normalize
from kit.text.sentences import CLOSING, TERMINATORS

COMMENTARY_COLUMNS = frozenset({"多棱镜", "评论", "短评", "时评", "论坛", "言论", "观察", "编者按", "快评", "社论", "评论员文章"})
BANNER_MAX_CHARS = 6
_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_MASTHEAD_KEYS = re.compile(r"组版|责编|校对|美编|电子信箱|责任编辑")
_MASTHEAD_FIELD = re.compile(r"([\u4e00-\u9fff]{2,4})[：:]\s*(.*?)(?=\s+[\u4e00-\u9fff]{2,4}[：:]|$)")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NEWS_BYLINE = re.compile(
    r"^(?P<lead>本报讯|本报[\u4e00-\u9fff0-9]{0,12}?(?:讯|电)|新华社[\u4e00-\u9fff0-9]{0,12}?电)"
    r"\s*[（(](?P<names>[^（()）]{1,60})[）)]\s*"
)
_SQUARE_BYLINE = re.compile(r"^[□■]\s*(?P<names>.{1,40})$")
_CAPTION = re.compile(
    r"^(?P<caption>.*?)\s*(?P<photographer>(?:(?:本报)?记者\s*|通讯员\s*)?"
    r"[\u4e00-\u9fff·]{2,4}(?:[ 、]+[\u4e00-\u9fff·]{2,4})*)\s*摄[。）)]?$"
)
_CAPTION_OPENING = ("图为", "图：", "图:", "上图", "下图", "左图", "右图")
_REPORTER_ROLES = ("本报记者", "特约记者", "见习记者", "记者")
_CORRESPONDENT_ROLES = ("通讯员", "实习生")
_LEAD_IN = re.compile(r"^[^，。！？；“”]{2,10}，[^，。！？；“”]{2,10}。")
_WORD_CHAR = re.compile(r"[\w\u3400-\u9fff]")


@dataclass
class _Block:
    kind: str  # heading | masthead | caption | square_byline | paragraph
    text: str
    line: int
    level: int = 0


@dataclass
class _Article:
    title: str
    line: int
    section: str | None
    column: str | None
    byline: str = ""
    byline_kind: str = ""  # news | square
    byline_names: str = ""
    paragraphs: list = field(default_factory=list)  # [line, text]


def read_page(
    path: str | Path,
    source: str | None = None,
    date=None,
    encoding: str | None = None,
    **normalization,
) -> Corpus:
    """Read a newspaper page dump into a Corpus, one row per article.

    Parameters
    ----------
    path : str or Path
        A markdown file converted from a PDF page (see the module notes for
        the rules that tell titles, banners, bylines and captions apart).
    source : str, optional
        The newspaper.  Without it, a newspaper name (…日报, …晚报, …报) in the
        masthead line is used, else the source is missing (NA).
    date : str or date-like, optional
        The page's date.  Without it, a full date (2026年1月30日) in the
        masthead line is used, else the date is missing (NaT).
    encoding : str, optional
        Skip encoding detection (see :func:`kit.io.encoding.decode_bytes`).
    **normalization
        Switches of :func:`kit.text.normalize` (``fullwidth``, ``symbols``,
        ``quotes``, ``whitespace``, ``to_simplified``).

    Returns
    -------
    Corpus
        Columns ``doc_id`` (``"{file stem}-NN"``), ``title``, ``text``
        (paragraphs separated by ``\\n``), ``source``, ``date``, ``section``
        (page kicker), ``column`` (column banner), ``genre`` (news,
        commentary, feature, unknown), ``byline`` (as printed),
        ``reporters``, ``correspondents`` (lists of names), ``file``,
        ``line`` (the title's line), ``flags`` and ``repairs`` (lists of str).
        ``meta`` holds ``file``, ``encoding``, ``newline``,
        ``normalization``, ``masthead`` (dict), ``headings``, ``captions``,
        ``fragments`` and ``repairs`` (DataFrames).

    Raises
    ------
    ValueError
        If the file holds no article (the message says what was found).

    Examples
    --------
    >>> page = read_page("data/raw/lvliang-daily-2026-01-page.md", source="吕梁日报")
    >>> len(page), page.docs.loc[0, "title"], page.docs.loc[0, "reporters"]
    (7, '柳林县城市治理有力度更有温度', ['任洋洋'])
    """
    path = Path(path)
    decoded = read_text(path, encoding=encoding)
    settings = normalization_settings(**normalization)
    return parse_page(
        normalize(decoded.text, **settings),
        name=path.stem,
        file=str(path),
        source=source,
        date=date,
        meta={"file": str(path), "encoding": decoded.encoding, "newline": decoded.newline, "normalization": settings},
    )


def looks_like_page(text: str) -> bool:
    """True when a text has at least two markdown headings (a page dump).

    A heading is one to six ``#`` and a space, as in CommonMark: a line that
    starts with a hashtag (``#话题#`` on Weibo) is text, not a heading.

    Examples
    --------
    >>> looks_like_page("## 标题一\\n正文。\\n## 标题二\\n正文。")
    True
    >>> looks_like_page("#话题# 正文。\\n#话题# 正文。")
    False
    """
    return len(re.findall(r"(?m)^#{1,6}[ \t]+\S", text)) >= 2


def parse_page(text: str, name: str = "page", file: str = "", source=None, date=None, meta=None) -> Corpus:
    """Parse the (decoded, normalised) text of a page dump; see :func:`read_page`.

    Examples
    --------
    >>> parse_page("## 标题\\n\\n本报讯（记者 王洋）正文。").docs["reporters"][0]
    ['王洋']
    """
    blocks = _blocks(text)
    masthead = _masthead(blocks)
    if source is None:
        source = masthead.get("newspaper")
    page_date = pd.to_datetime(date) if date is not None else masthead.get("date")

    articles: list[_Article] = []
    orphans: list[list] = []
    captions: list[dict] = []
    headings: list[dict] = []
    section = column = None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            role = _heading_role(blocks, index)
            headings.append({"line": block.line, "level": block.level, "text": block.text, "role": role})
            if role == "title":
                articles.append(_Article(block.text, block.line, section, column))
            elif role == "column":
                section, column = None, block.text
            else:
                section, column = block.text, None
        elif block.kind == "caption":
            captions.append({"line": block.line, "text": block.text, "after_article": len(articles)})
        elif block.kind == "square_byline" and articles and not articles[-1].byline and not articles[-1].paragraphs:
            articles[-1].byline, articles[-1].byline_kind = block.text, "square"
            articles[-1].byline_names = _SQUARE_BYLINE.match(block.text).group("names")
        elif block.kind in ("paragraph", "square_byline"):
            if not articles:
                orphans.append([block.line, block.text])
                continue
            article = articles[-1]
            body = block.text
            if not article.byline and not article.paragraphs:
                found = _NEWS_BYLINE.match(body)
                if found:
                    article.byline, article.byline_kind = found.group(0).strip(), "news"
                    article.byline_names = found.group("names")
                    body = body[found.end():]
            article.paragraphs.append([block.line, body])
    if not articles and not orphans:
        raise ValueError(
            f"{file or name}: no articles found ({len(headings)} headings, {len(captions)} captions, "
            "no paragraphs); is this a page dump with markdown headings?"
        )

    rows, fragments, repairs = [], [], []
    documents = ([("00", _Article("", orphans[0][0], None, None, paragraphs=orphans))] if orphans else [])
    documents += [(f"{number:02d}", article) for number, article in enumerate(articles, start=1)]
    for number, article in documents:
        doc_id = f"{name}-{number}"
        paragraphs, doc_repairs, doc_flags = _mend(article.paragraphs)
        if number == "00":
            doc_flags = [(line, "text before the first title on the page") for line, _ in paragraphs] + doc_flags
        reporters, correspondents = _names(article.byline_names, article.byline_kind)
        rows.append(
            {
                "doc_id": doc_id,
                "title": article.title,
                "text": "\n".join(p for _, p in paragraphs),
                "source": source,
                "date": page_date,
                "section": article.section,
                "column": article.column,
                "genre": _genre(article, reporters),
                "byline": article.byline,
                "reporters": reporters,
                "correspondents": correspondents,
                "file": file,
                "line": article.line,
                "flags": [f"line {line}: {reason}" for line, reason in doc_flags],
                "repairs": [f"lines {r['line']}-{r['next_line']}: …{r['before']}|{r['after']}…" for r in doc_repairs],
            }
        )
        texts = dict((line, p) for line, p in paragraphs)
        fragments += [{"doc_id": doc_id, "line": line, "reason": reason, "text": texts.get(line, "")} for line, reason in doc_flags]
        repairs += [{"doc_id": doc_id, **r} for r in doc_repairs]

    doc_ids = [row["doc_id"] for row in rows if row["doc_id"] != f"{name}-00"]
    caption_rows = []
    for number, caption in enumerate(captions, start=1):
        found = _CAPTION.match(caption["text"])
        after = caption["after_article"]
        caption_rows.append(
            {
                "caption_id": f"{name}-c{number:02d}",
                "file": file,
                "line": caption["line"],
                "caption": found.group("caption").strip(),
                "photographer": re.sub(r"^(?:本报)?记者\s*|^通讯员\s*", "", found.group("photographer")).strip(),
                "doc_before": doc_ids[after - 1] if after >= 1 else None,
                "doc_after": doc_ids[after] if after < len(doc_ids) else None,
            }
        )
    docs = pd.DataFrame(rows)
    docs["date"] = pd.to_datetime(docs["date"])
    page_meta = dict(meta or {})
    page_meta.update(
        {
            "masthead": {k: v for k, v in masthead.items() if k not in ("newspaper", "date")} | {"line": masthead.get("line")},
            "headings": pd.DataFrame(headings, columns=["line", "level", "text", "role"]),
            "captions": pd.DataFrame(caption_rows, columns=["caption_id", "file", "line", "caption", "photographer", "doc_before", "doc_after"]),
            "fragments": pd.DataFrame(fragments, columns=["doc_id", "line", "reason", "text"]),
            "repairs": pd.DataFrame(repairs, columns=["doc_id", "line", "next_line", "before", "after"]),
        }
    )
    return Corpus(docs, name=name, meta=page_meta)


def _blocks(text: str) -> list[_Block]:
    """Split the page into blocks: a heading line, or consecutive non-blank lines."""
    blocks: list[_Block] = []
    pending: list[tuple[int, str]] = []

    def close() -> None:
        if pending:
            joined = pending[0][1]
            for _, more in pending[1:]:  # a markdown paragraph's soft line breaks
                joined += ("" if _is_cjk_boundary(joined, more) else " ") + more
            blocks.append(_classify(joined, pending[0][0]))
            pending.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        if not stripped:
            close()
        elif heading and heading.group(2):
            close()
            blocks.append(_Block("heading", heading.group(2), number, len(heading.group(1))))
        else:
            pending.append((number, stripped))
    close()
    return blocks


def _is_cjk_boundary(left: str, right: str) -> bool:
    return not (left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum())


def _classify(text: str, line: int) -> _Block:
    if len(_MASTHEAD_KEYS.findall(text)) >= 2:
        return _Block("masthead", text, line)
    if _CAPTION.match(text) and (text.startswith(_CAPTION_OPENING) or len(text) <= 100):
        return _Block("caption", text, line)
    if _SQUARE_BYLINE.match(text):
        return _Block("square_byline", text, line)
    return _Block("paragraph", text, line)


def _masthead(blocks: list[_Block]) -> dict:
    for block in blocks:
        if block.kind == "masthead":
            info = {"line": block.line, "text": block.text}
            sponsor = re.match(r"^(\S+?)主办", block.text)
            if sponsor:
                info["desk"] = sponsor.group(1)
            for key, value in _MASTHEAD_FIELD.findall(block.text):
                info[key] = value.split() if key not in ("电子信箱", "邮箱") and len(value.split()) > 1 else value
            paper = re.search(r"([\u4e00-\u9fff]{2,8}(?:日报|晚报|报))(?!社)", block.text)
            if paper:
                info["newspaper"] = paper.group(1)
            full_date = _FULL_DATE.search(block.text)
            if full_date:
                info["date"] = pd.Timestamp(*map(int, full_date.groups()))
            return info
    return {}


def _heading_role(blocks: list[_Block], index: int) -> str:
    following = [b for b in blocks[index + 1:] if b.kind not in ("caption", "masthead")]
    if following and following[0].kind == "square_byline":
        following = following[1:]
    if following and following[0].kind == "paragraph":
        return "title"
    return "column" if len(blocks[index].text) <= BANNER_MAX_CHARS else "section"


def _names(names: str, kind: str) -> tuple[list[str], list[str]]:
    reporters: list[str] = []
    correspondents: list[str] = []
    target = reporters
    for token in re.split(r"[\s、，,]+", names.strip()):
        for role in _REPORTER_ROLES + _CORRESPONDENT_ROLES:
            if token.startswith(role):
                target = reporters if role in _REPORTER_ROLES else correspondents
                token = token[len(role):]
                break
        if token:
            target.append(token)
    return reporters, correspondents


def _genre(article: _Article, reporters: list[str]) -> str:
    if article.column in COMMENTARY_COLUMNS:
        return "commentary"
    if article.byline_kind == "news":
        return "news"
    if article.byline_kind == "square":
        has_role = any(role in article.byline_names for role in _REPORTER_ROLES + _CORRESPONDENT_ROLES)
        return "feature" if has_role else "commentary"
    return "unknown"


def _ending(text: str) -> str:
    """'complete', 'word' (ends inside a word) or 'punctuation' (after ，、 …)."""
    core = text.rstrip(CLOSING)
    if core[-1:] in TERMINATORS + "：:" and core:
        return "complete"
    if _WORD_CHAR.match(text[-1:]) or (core != text and _WORD_CHAR.match(core[-1:] or " ")):
        return "word"
    return "punctuation"


def _first_sentence(text: str) -> str:
    found = re.search(f"[{re.escape(TERMINATORS)}]", text)
    return text[: found.end()] if found else text


def _mend(paragraphs: list[list]) -> tuple[list[list], list[dict], list[tuple[int, str]]]:
    """Join paragraphs broken inside a word; flag what looks displaced."""
    mended: list[list] = []
    repairs: list[dict] = []
    flags: list[tuple[int, str]] = []
    previous_unfinished = False
    for line, text in paragraphs:
        if not text:
            continue
        if mended and _ending(mended[-1][1]) == "word" and (_WORD_CHAR.match(text[:1]) or text[:1] in "“‘《（"):
            before = mended[-1][1]
            refusal = _refuse_join(before, text)
            if refusal is None:
                repairs.append({"line": mended[-1][0], "next_line": line, "before": before[-4:], "after": text[:4]})
                mended[-1][1] = before + text
                previous_unfinished = _ending(mended[-1][1]) != "complete"
                continue
        starts_section = bool(_LEAD_IN.match(text))
        if previous_unfinished and not starts_section:
            flags.append((line, "follows a paragraph that ends mid-sentence; may be displaced"))
        first_quote = re.search(r"[“”]", text)
        if first_quote and first_quote.group(0) == "”":
            flags.append((line, "starts inside a quotation (a closing quote nothing opened); may be displaced"))
        elif not _WORD_CHAR.match(text[:1]) and text[:1] not in "“‘《（【[(\"'":
            flags.append((line, "starts with punctuation; may be displaced"))
        mended.append([line, text])
        previous_unfinished = _ending(text) != "complete"
    # a paragraph is flagged as unfinished once its joins are settled
    for line, text in mended:
        if _ending(text) != "complete":
            flags.append((line, "ends mid-sentence; its continuation may be elsewhere on the page"))
    flags.sort(key=lambda flag: flag[0])
    return mended, repairs, flags


def _refuse_join(before: str, after: str) -> str | None:
    if _LEAD_IN.match(after):
        return "the next paragraph opens a section"
    if before.count("“") > before.count("”") and "”" not in _first_sentence(after):
        return "an open quote is not closed by the next paragraph"
    return None
