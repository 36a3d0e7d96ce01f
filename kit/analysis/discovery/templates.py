"""Templates: repeated shapes with open slots (一X一Y, 从“X”向“Y”转变, 以X为Y …).

Layer: analysis.

Formulas are productive: once 一站一品 exists, 一社一品 and 一村一品 follow.
Each template below is a regular expression over raw characters; every
match is an *instance*, and the instance's slot fillers are reported.  The
templates and their rules:

``一X一Y``
    一, one character, 一, then one to three characters; a two- or
    three-character Y only when the instance ends at punctuation, a quotation
    mark or the end of the text (一月一主题、… ; 一站一品”) and does not end in a
    particle (的 了 着 过 地 得: 一年一度的 → 一年一度), otherwise Y is one
    character (一站一品小区 → 一站一品).  Not when X is a measure word
    (一个一个, 一次一次: X one of 个 次 名 位 件 只), X = Y, X or Y is a
    numeral (一百一十, 一千一百), or the instance is a date (一月一日, 一月一号).
``从“X”向“Y”转变``
    从 or 由, a quoted X, then 向 / 到 / 变为 / 转为 / 转向, a quoted Y, and
    optionally 转变 / 转型 / 转化 / 迈进 / 跨越 / 延伸 after it.  The quotes are
    required: without them 从…到… is ordinary syntax.  The label shows the
    connective the text used (从“X”变为“Y”).
``以X为Y``
    以, X of one to eight characters (quotes allowed around it), 为, Y of one
    to three characters, then punctuation (以组织体系为骨架、 以党建为引领，
    以“一社一品”为抓手，).  The punctuation after Y keeps 以…为 from matching
    inside longer clauses.
``有X更有Y``
    有, two characters, 更有, two characters (有力度更有温度).
``同X、同Y`` (a shared head)
    Items joined by 、 that start with the same one or two characters and
    have one to three more (three or more items for a one-character head,
    two or more for a two-character head, since two items sharing one
    character are too often chance: 党员、党组织) (同部署、同落实、同考核;
    更有力度、更有温度 with head 更有); the last item ends at punctuation.
    The label is the head with slots: 同X、同Y, 更有X、更有Y.
``X感、Y感`` (a shared tail)
    Three or more two- or three-character items joined by 、 (the last may be
    joined by 和 / 与 / 及) that end in the same character (获得感、幸福感和安全感).
    The first item is cut to the length of the second.

A template is productive only when it has at least two distinct instances in
the corpus (``min_instances``): an instance is a filling of the slots, so
获得感、幸福感和安全感 and 获得感、幸福感、安全感 are one instance, and a
one-off coordination (亲自指挥、亲自部署; 国内字、国内词) is not reported.
What counts as one template for this rule:

* 一X一Y, 以X为Y and 有X更有Y each as a whole (一站一品 and 一社一品 are two
  instances of 一X一Y);
* every 从“X”…“Y” shape together, whatever its connectives
  (从“独角戏”变为“大合唱” and 从“被动应对”向“主动治理”转变 are two instances);
* a shared-head series by its head, whatever the number of items
  (同部署、同落实 and 同规划、同建设、同验收 are two instances of 同X、同Y);
* a shared-tail series by its tail.
"""
from __future__ import annotations

import re

import pandas as pd

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_STOP = r"(?=[^\u3400-\u4dbf\u4e00-\u9fff]|$)"
_MEASURE = set("个次名位件只")
_NUMBER_CHARS = set("〇零一二两三四五六七八九十百千万亿")
_FUNCTION_ENDS = set("的了着过地得")

#: Columns of :func:`template_candidates`.
TEMPLATE_COLUMNS = ("candidate", "template", "slots", "hits", "doc", "start")

_ONE_ONE = re.compile(f"一({_HAN})一({_HAN}{{2,3}}){_STOP}|一({_HAN})一({_HAN})")
_FROM_TO = re.compile(
    r"([从由])([“「])([^”」\n，。]{1,12})[”」](向|到|变为|转为|转向)[“「]([^”」\n，。]{1,12})[”」]"
    r"(转变|转型|转化|迈进|跨越|延伸)?")
_YI_WEI = re.compile(f"以([“「]?)({_HAN}{{1,8}}?)[”」]?为({_HAN}{{1,3}})(?=[，、。；,;！？])")
_YOU_GENG = re.compile(f"有({_HAN}{{2}})更有({_HAN}{{2}})")
_HEAD_SERIES = re.compile(
    f"(?P<h>{_HAN}{{1,2}})(?P<a>{_HAN}{{1,3}}?)(?:、(?P=h){_HAN}{{1,3}}?)+{_STOP}")
_TAIL_SERIES = re.compile(
    f"((?:{_HAN}{{2,3}}、)+{_HAN}{{2,3}})(?:[和与及]({_HAN}{{2,3}}))?{_STOP}")


def template_candidates(texts, min_instances: int = 2) -> pd.DataFrame:
    """Template instances in the texts, one row per distinct (template, instance).

    Parameters
    ----------
    texts : sequence of str
    min_instances : int
        Fewest distinct instances (slot fillings) a template needs for its
        instances to be reported (see the module notes for what counts as one
        template); 1 reports every instance.

    Returns
    -------
    pandas.DataFrame
        Columns candidate (the instance, e.g. 一站一品), template (its
        label, e.g. 一X一Y), slots (the fillers, "X=站; Y=品"), hits, doc and
        start (first occurrence).

    Examples
    --------
    >>> t = template_candidates(["构建“一站一品”矩阵，推行“一社一品”，亲自指挥、亲自部署。"])
    >>> t[["candidate", "template", "slots"]].values.tolist()
    [['一站一品', '一X一Y', 'X=站; Y=品'], ['一社一品', '一X一Y', 'X=社; Y=品']]
    """
    return template_table(template_instances(texts), min_instances)


def template_instances(texts) -> pd.DataFrame:
    """Every template instance in the texts, in text order (before any is judged productive).

    Parameters
    ----------
    texts : sequence of str

    Returns
    -------
    pandas.DataFrame
        One row per instance found, with columns candidate, template, slots,
        family (what counts as one template, see the module notes), doc, start.

    Examples
    --------
    >>> template_instances(["一站一品"])[["candidate", "family"]].values.tolist()
    [['一站一品', '一X一Y']]
    """
    rows = []
    for doc, text in enumerate(texts):
        for finder in (_one_one, _from_to, _yi_wei, _you_geng, _head_series, _tail_series):
            for start, instance, template, slots, family in finder(text):
                rows.append((instance, template, slots, family, doc, start))
    return pd.DataFrame(rows, columns=["candidate", "template", "slots", "family", "doc", "start"])


def template_table(frame: pd.DataFrame, min_instances: int = 2) -> pd.DataFrame:
    """The table of :func:`template_candidates` from the rows of :func:`template_instances`.

    The instances of several sets of texts, one after another with their
    ``doc`` numbered on, give the table of all the texts at once.

    Examples
    --------
    >>> rows = pd.concat([template_instances(["一站一品"]), template_instances(["一社一品"]).assign(doc=1)])
    >>> template_table(rows)["candidate"].tolist()
    ['一站一品', '一社一品']
    """
    distinct = frame.groupby("family")["slots"].transform("nunique")
    frame = frame[distinct >= min_instances]
    if frame.empty:
        return pd.DataFrame(columns=list(TEMPLATE_COLUMNS))
    frame = frame.sort_values(["doc", "start"], kind="mergesort")
    grouped = frame.groupby(["template", "candidate"], sort=False)
    first = grouped.head(1)
    sizes = grouped.size()
    table = first.assign(hits=[int(sizes[(t, c)]) for t, c in zip(first["template"],
                                                                   first["candidate"])])
    return table[list(TEMPLATE_COLUMNS)].reset_index(drop=True)


def _slots(**fillers) -> str:
    return "; ".join(f"{k}={v}" for k, v in fillers.items())


def _one_one(text):
    for m in _ONE_ONE.finditer(text):
        x, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if y[-1] in _FUNCTION_ENDS:
            y = y[0]  # 一年一度的 → 一年一度
        if x in _MEASURE or x == y or x in _NUMBER_CHARS or y[0] in _NUMBER_CHARS \
                or (x == "月" and y[0] in "日号"):
            continue
        yield m.start(), "一" + x + "一" + y, "一X一Y", _slots(X=x, Y=y), "一X一Y"


def _from_to(text):
    for m in _FROM_TO.finditer(text):
        start_word, quote, x, link, y, end_word = m.groups()
        label = f"{start_word}“X”{link}“Y”{end_word or ''}"
        yield m.start(), m.group(), label, _slots(X=x, Y=y), "从“X”…“Y”"


def _yi_wei(text):
    for m in _YI_WEI.finditer(text):
        yield m.start(), m.group(), "以X为Y", _slots(X=m.group(2), Y=m.group(3)), "以X为Y"


def _you_geng(text):
    for m in _YOU_GENG.finditer(text):
        yield m.start(), m.group(), "有X更有Y", _slots(X=m.group(1), Y=m.group(2)), "有X更有Y"


def _head_series(text):
    for m in _HEAD_SERIES.finditer(text):
        head = m.group("h")
        items = m.group().split("、")
        if len(head) == 1 and len(items) < 3:
            continue  # two items sharing one character are too often chance (党员、党组织)
        label = "、".join(f"{head}{v}" for v in "XYZ"[:min(len(items), 3)])
        fillers = {v: item[len(head):] for v, item in zip("XYZUVW", items)}
        yield m.start(), m.group(), label, _slots(**fillers), "head " + head


def _tail_series(text):
    for m in _TAIL_SERIES.finditer(text):
        items = m.group(1).split("、") + ([m.group(2)] if m.group(2) else [])
        if len(items) < 3 or len({item[-1] for item in items}) != 1:
            continue
        tail = items[0][-1]
        cut = len(items[0]) - len(items[1])
        if cut < 0:
            continue
        instance = m.group()[cut:]
        items[0] = items[0][cut:]
        label = "、".join(f"{v}{tail}" for v in "XYZ")
        fillers = {v: item[:-1] for v, item in zip("XYZUVW", items)}
        yield m.start() + cut, instance, label, _slots(**fillers), "tail " + tail
