"""Numbered formulas (数字化提法): 三清单, 五级架构, “四双”, “1543”, “1+4+N”, 三会一课.

Layer: analysis.

A numbered formula binds a numeral to a short noun phrase or code and stands
for a list the reader is expected to know or to be told.  Numerals are
everywhere in news, so a numeral phrase is a candidate only in one of these
settings (each is a ``form``):

``chinese-numeral``
    A Chinese numeral (一 二 两 三 四 五 六 七 八 九 十 百, possibly several:
    十五) followed by a head: up to two classifier-like morphemes (级 个 项
    大 类 张 条 种 化 有 不), then a core of whole words of two to four
    characters (三清单, 五级架构, 两个维护, 三个大提升, 三个有利于), found

    * right after a closing quotation mark (“需求—资源—项目”三清单), or
    * as the whole content of a quotation (“四双”, “三优先”, “五老”), or
    * anywhere, when the head starts with a classifier-like morpheme
      (两个文明, 四项基本, 三大战役), the numeral is not 一 (the indefinite
      article as often as a number), the same string occurs at least
      ``min_repeats`` times, and its head follows no other numeral in the
      texts (两个方面 and 三个方面 are counts of 方面, not formulas).  Without
      a classifier a free numeral too often begins a place or a common word
      (四川, 三峡, 百姓); 百 alone never counts.
``compound``
    Two numeral–character pairs in a row: 三会一课, 两学一做, 三严三实,
    四位一体 (not both 一: 一X一Y is a template, see :mod:`.templates`; and
    not a number written in characters, 一九九八 or 二十一世: neither
    numeral may touch another).  It begins a word, and when its last
    character begins a longer word the word is completed (三优一满意, not
    三优一满; at most two more characters).
``arabic-code``
    Arabic digits used as a name: the whole content of a quotation, two to six
    digits (“1543”).
``plus-formula``
    Numbers or letters joined by + (“1+4+N”, 1+X); two or more terms, at
    least one of them a digit.

Not numbered formulas (rules, each tested): a numeral followed by a
measure word or a unit of time or quantity (30余次, 125个, 1.2万余次, 十五年,
两名, 三个月, 7点20分, 1月28日, 一幅幅); an ordinal (第一议题: 第 before the
numeral; 十八大, 十九大: a numeral above ten followed by 大 names the Nth Party
congress, an ordinal, and what follows it is another word: 十八大将如何,
十九大提出); a numeral inside a longer numeral (二〇二六, 十五 in 二十五 is read
whole) or inside a word (再三); arabic digits with a decimal point or a unit; a
quoted year or date.

The head's words
----------------
Where a head ends is the segmenter's decision (pkuseg's default model, on
the run of Chinese characters around the numeral, see :mod:`.boundaries`):

* the numeral must begin a word (not 再三强调);
* a classifier-like morpheme is a marker only when a word ends right after
  it: 三|个|大|提升 has the markers 个 and 大, 两|个|大局 has 个 and the core
  大局, 三大战役 (one word) has the core 大战役;
* the core is the shortest run of whole words after the markers that is at
  least two characters long, and at most four: 四个全面 in 四个全面战略布局,
  三个代表 in 三个代表重要思想, never 三个大提 or 十八大将如.  It holds no
  numeral and no function character standing as a word of its own (的 了 和 …;
  inside a word, as in 三个有利于, it is part of the word), and does not begin
  with a measure word.

The expansion
-------------
When the text spells the list out, the ``expansion`` column holds it:

* a quoted list right before the formula, whose items (split on + — － - 、 /)
  are as many as the numeral says: “乡镇党委+社区大党委+…+党员中心户”五级架构;
* a list of items joined by 、 right before the formula (or before its
  opening quote), as many as the numeral says: 实现挂号、缴费、取药“三优先”.
  The items after the first are at most four characters long (longer ones
  are clauses: 推动全省, 大公司到内蒙古); the first item is cut to the
  length of the longest other one, because the clause's verb usually stands
  in front of it (实现挂号 → 挂号).
"""
from __future__ import annotations

import re

import pandas as pd

from kit.analysis.discovery.boundaries import default_segmenter, word_boundaries

_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
NUMERALS = "一二两三四五六七八九十百"
HEAD_MARKERS = "级个项大类张条种化有不"
# Measure words, units and time words that make a numeral a plain quantity.
MEASURE_WORDS = set(
    "余多次个名位件项处户副人元万亿千百年月日号天时点分秒岁场期批种条家所辆台米公里斤吨亩"
    "倍成届周轮幅张堂座间层栋只份本篇句首部支根块片双对些样遍趟下回番声眼步"
)
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_NUMERAL_RUN = re.compile(f"[{NUMERALS}]+")
_CLOSE_QUOTES = "”」』’\""
_OPEN_QUOTES = "“「『‘\""
_PLUS = re.compile(r"(?<![0-9A-Za-z+])[0-9A-Za-z]{1,3}(?:\+[0-9A-Za-z]{1,3})+(?![0-9A-Za-z+])")
_COMPOUND = re.compile(
    f"(?<![{NUMERALS}第〇零])([{NUMERALS}])(?![{NUMERALS}〇零]){_HAN}([{NUMERALS}])(?![{NUMERALS}〇零]){_HAN}")
_ITEM_SPLIT = re.compile(r"[+＋—－\-、/]+")
# Function characters that never end (or start) the head of a formula.
_FUNCTION_CHARS = set("的了和与及在是着过就也都而并或把被对从向为以于之其")

#: Longest item of a 、 list read as an expansion (longer items are clauses).
MAX_ITEM_LENGTH = 4
#: Most classifier-like markers between a numeral and its core (三个大提升).
MAX_MARKERS = 2
#: Length range of a head's core, in characters.
MIN_CORE, MAX_CORE = 2, 4
#: Above this value a numeral followed by 大 names a Party congress (十八大).
CONGRESS_ABOVE = 10
#: Most characters a compound's last word may run past its fourth (三优一满意).
MAX_COMPOUND_TAIL = 2
#: Columns of :func:`numbered_candidates`.
NUMBERED_COLUMNS = ("candidate", "form", "value", "expansion", "hits", "doc", "start")


def chinese_numeral_value(numeral: str) -> int | None:
    """The value of a Chinese numeral of up to three digits (三 → 3, 十五 → 15, 二百 → 200).

    Parameters
    ----------
    numeral : str

    Returns
    -------
    int or None
        None when the string is not a well-formed numeral.

    Examples
    --------
    >>> [chinese_numeral_value(s) for s in ["两", "十", "十五", "二十", "三百零"]]
    [2, 10, 15, 20, None]
    """
    if not numeral or any(c not in _DIGIT and c not in "十百" for c in numeral):
        return None
    if all(c in _DIGIT for c in numeral):
        return _DIGIT[numeral] if len(numeral) == 1 else None
    if numeral.endswith("零"):
        return None  # 零 stands only between digits (三百零五), never last
    total, digit = 0, None
    for char in numeral:
        if char in _DIGIT:
            if digit is not None and not (digit == 0 and char != "零"):
                return None
            digit = _DIGIT[char]
        else:
            unit = 10 if char == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
    return total + (digit or 0)


def numbered_candidates(texts, min_repeats: int = 2, segmenter=None) -> pd.DataFrame:
    """Numbered formulas in the texts, one row per distinct formula.

    Parameters
    ----------
    texts : sequence of str
    min_repeats : int
        How often a chinese-numeral formula that is neither quoted nor next to
        a quote must occur to count.
    segmenter : callable, optional
        A function from a string to its tokens that decides where a head's
        words end; default pkuseg's default model (loaded when a text holds
        a Chinese numeral).

    Returns
    -------
    pandas.DataFrame
        Columns candidate, form (chinese-numeral, compound, arabic-code,
        plus-formula), value (the number, or the number of terms of a plus-
        formula), expansion (the list the text spells out, else ""), hits
        (occurrences found by the rules), doc, start (first occurrence).

    Examples
    --------
    >>> t = numbered_candidates(["通过“需求—资源—项目”三清单精准对接，开展活动30余次。"])
    >>> t[["candidate", "form", "expansion"]].values.tolist()
    [['三清单', 'chinese-numeral', '需求—资源—项目']]
    """
    hits, unmarked, numerals_of_head = numbered_occurrences(texts, segmenter)
    return numbered_table(hits, unmarked, numerals_of_head, min_repeats)


def numbered_occurrences(texts, segmenter=None) -> tuple[list, list, dict]:
    """Every numbered formula the rules find in the texts, before the rules on repeats.

    Parameters
    ----------
    texts : sequence of str
    segmenter : callable, optional
        As for :func:`numbered_candidates`.

    Returns
    -------
    hits : list of tuple
        (candidate, form, value, expansion, doc, start) of each quoted, after-quote,
        compound, plus-formula and arabic-code occurrence, in text order.
    unmarked : list of (tuple, str)
        Each free-standing chinese-numeral occurrence as such a tuple, with its head.
    numerals_of_head : dict of str to set of str
        The numerals seen before each head (个方面: {两, 三}).

    The lists of several sets of texts, joined in order with their ``doc``
    numbered on, and the dicts' sets united, give the occurrences of all the
    texts at once (:func:`numbered_table`).

    Examples
    --------
    >>> hits, unmarked, heads = numbered_occurrences(["“四双”好"])
    >>> [h[:2] for h in hits], heads
    ([('四双', 'chinese-numeral')], {'双': {'四'}})
    """
    hits = []  # (candidate, form, value, expansion, doc, start)
    unmarked = []  # free-standing: (row, head), kept if repeated and counted with one numeral
    texts = list(texts)
    if segmenter is None and any(_NUMERAL_RUN.search(t) for t in texts):
        segmenter = default_segmenter()  # about 3 s, once per process
    numerals_of_head: dict[str, set[str]] = {}  # 个方面: {两, 三, 四} → a count, not a formula
    for doc, text in enumerate(texts):
        for match in _NUMERAL_RUN.finditer(text):
            found = _chinese_formula(text, match, segmenter)
            if found is None:
                continue
            candidate, setting = found
            numeral = match.group()
            numerals_of_head.setdefault(candidate[len(numeral):], set()).add(numeral)
            value = chinese_numeral_value(numeral)
            row = (candidate, "chinese-numeral", value,
                   _expansion(text, match.start(), value), doc, match.start())
            if setting == "free":
                unmarked.append((row, candidate[len(numeral):]))
            else:
                hits.append(row)
        for match in _COMPOUND.finditer(text):
            a, b = match.group(1), match.group(2)
            s = match.group()
            if (a == "一" and b == "一") or s[1] in MEASURE_WORDS or s[3] in MEASURE_WORDS:
                continue
            if s[1] in _FUNCTION_CHARS or s[3] in _FUNCTION_CHARS:
                continue
            s = _whole_compound(text, match.start(), match.end(), segmenter)
            if s:
                hits.append((s, "compound", None, "", doc, match.start()))
        for match in _PLUS.finditer(text):
            terms = match.group().split("+")
            if any(t.isdigit() for t in terms):
                hits.append((match.group(), "plus-formula", len(terms), "", doc, match.start()))
        for start, content in _quoted_contents(text):
            if re.fullmatch(r"[0-9]{2,6}", content) and not _looks_like_date(content):
                hits.append((content, "arabic-code", None, "", doc, start))
    return hits, unmarked, numerals_of_head


def numbered_table(hits, unmarked, numerals_of_head: dict, min_repeats: int = 2) -> pd.DataFrame:
    """The table of :func:`numbered_candidates` from :func:`numbered_occurrences`.

    Examples
    --------
    >>> numbered_table(*numbered_occurrences(["“四双”好"]))["candidate"].tolist()
    ['四双']
    """
    hits = list(hits)
    repeated = pd.Series([row[0] for row, _ in unmarked]).value_counts()
    hits += [row for row, head in unmarked
             if repeated.get(row[0], 0) >= min_repeats and len(numerals_of_head[head]) == 1]
    frame = pd.DataFrame(hits, columns=["candidate", "form", "value", "expansion", "doc", "start"])
    if frame.empty:
        return pd.DataFrame(columns=list(NUMBERED_COLUMNS))
    frame = frame.sort_values(["doc", "start"], kind="mergesort")
    grouped = frame.groupby("candidate", sort=False)
    first = grouped.head(1).set_index("candidate")
    expansion = grouped["expansion"].agg(lambda s: next((e for e in s if e), ""))
    table = pd.DataFrame({
        "candidate": first.index,
        "form": first["form"].to_numpy(),
        "value": first["value"].to_numpy(),
        "expansion": expansion.reindex(first.index).to_numpy(),
        "hits": grouped.size().reindex(first.index).to_numpy(),
        "doc": first["doc"].to_numpy(),
        "start": first["start"].to_numpy(),
    })
    return table[list(NUMBERED_COLUMNS)].reset_index(drop=True)


def _chinese_formula(text: str, match: re.Match, segmenter) -> tuple[str, str] | None:
    """(formula, setting) for a numeral run, or None for a plain quantity."""
    start, end = match.span()
    numeral = match.group()
    value = chinese_numeral_value(numeral)
    if value is None or numeral[0] == "百":
        return None
    before = text[start - 1] if start else ""
    if before and before in "第0123456789〇零":
        return None  # an ordinal, or part of a longer number
    head = text[end:end + 3]
    if not head:
        return None
    quoted = before in _OPEN_QUOTES and start > 0
    if quoted:
        close = _first_index(text, _CLOSE_QUOTES, end)
        if close is not None and 1 <= close - end <= 4:
            body = text[end:close]
            # a second numeral makes it a compound or a 一X一Y template, found elsewhere
            if re.fullmatch(f"{_HAN}+", body) and not any(c in NUMERALS for c in body):
                return numeral + body, "quoted"
        return None
    if head[0] in MEASURE_WORDS and head[0] not in HEAD_MARKERS:
        return None
    if head[0] == "大" and value > CONGRESS_ABOVE:
        return None  # 十八大: the 18th Party congress, an ordinal
    setting = "after-quote" if before in _CLOSE_QUOTES and start > 0 else "free"
    # Free-standing, a numeral starts place and common words (四川, 三峡, 百姓):
    # ask for a classifier-like head (两个文明, 四项基本, 三大战役) and not 一.
    if setting == "free" and (numeral == "一" or head[0] not in HEAD_MARKERS):
        return None
    found = _head(text, start, end, segmenter)
    if found is None:
        return None
    markers, words = found
    core = "".join(words)
    if (any(w in _FUNCTION_CHARS for w in words) or any(c in NUMERALS for c in core)
            or core[0] in MEASURE_WORDS or not re.fullmatch(f"{_HAN}+", core)):
        return None
    return numeral + markers + core, setting


def _head(text: str, start: int, end: int, segmenter) -> tuple[str, list[str]] | None:
    """(markers, the core's words) of the head after the numeral text[start:end]."""
    bounds = word_boundaries(text, start, end, segmenter, context=MAX_MARKERS + MAX_CORE + 1)
    if start not in bounds:
        return None  # the numeral is inside a word (再三)
    pos = end
    while (pos - end < MAX_MARKERS and pos < len(text) and text[pos] in HEAD_MARKERS
           and pos + 1 in bounds):
        pos += 1
    core_end = min((b for b in bounds if b >= pos + MIN_CORE), default=None)
    if core_end is None or core_end - pos > MAX_CORE:
        return None
    cuts = [pos] + sorted(b for b in bounds if pos < b < core_end) + [core_end]
    return text[end:pos], [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _whole_compound(text: str, start: int, end: int, segmenter) -> str | None:
    """A compound (三会一课) as whole words: its last word completed (三优一满意), or None."""
    bounds = word_boundaries(text, start, end, segmenter, context=MAX_COMPOUND_TAIL + 1)
    if start not in bounds:
        return None
    close = min((b for b in bounds if b >= end), default=None)
    if close is None or close - end > MAX_COMPOUND_TAIL:
        return None
    return text[start:close]


def _first_index(text: str, chars: str, start: int) -> int | None:
    positions = [i for i in (text.find(c, start) for c in chars) if i >= 0]
    return min(positions) if positions else None


def _quoted_contents(text: str):
    for match in re.finditer(r"[“「『\"]([^“”「」『』\"\n]{1,40})[”」』\"]", text):
        yield match.start(1), match.group(1)


def _looks_like_date(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2099


def _expansion(text: str, start: int, value: int | None) -> str:
    """The list the text spells out right before a formula, if its length matches ``value``."""
    if not value or value < 2:
        return ""
    at = start
    if at and text[at - 1] in _OPEN_QUOTES:
        at -= 1
    if at and text[at - 1] in _CLOSE_QUOTES:
        opening = max(text.rfind(q, 0, at - 1) for q in "“「『\"")
        if opening >= 0:
            content = text[opening + 1:at - 1]
            items = [i for i in _ITEM_SPLIT.split(content) if i]
            if len(items) == value and "\n" not in content:
                return content
        return ""
    clause = re.split(r"[，,。；;：:！？\n“”]", text[:at])[-1]
    items = clause.split("、")
    if len(items) < value or value < 2:
        return ""
    if len(items) > value or not all(items):
        return ""
    longest = max(len(i) for i in items[1:])
    if longest > MAX_ITEM_LENGTH:
        return ""
    items[0] = items[0][-longest:]
    return "、".join(items)
