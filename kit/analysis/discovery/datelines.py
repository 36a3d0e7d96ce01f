"""Datelines and bylines: the boilerplate of news copy, which is not a formula.

Layer: analysis.

A news report opens with a dateline and a byline (``新华社北京1月5日电（记者
王三）``, ``本报讯（记者 刘少伟 通讯员 陶冠蓉）``), and every report repeats
them.  Discovery's rules take their pieces for formulas: they recur, hold
together, and stand between punctuation or digits (据新华社, 新华社北京, 本报记者,
日电记者 — the 日电 of ``…5日电`` with the digit cut off — 一月十七日).  A
candidate is such a fragment when one of these rules holds (first match
wins; Simplified and Traditional forms alike):

``agency``
    it holds the name of a news agency (新华社, 中新社, 中央社, 美联社 …; not
    when 社 begins 社区 or 社会: 新华社区 is a neighbourhood, 中央社会主义学院
    a school): 据新华社, 新华社北京, 新华社记者刘;
``own paper``
    it begins, after an optional 据 or 综合, with the paper's name for
    itself (本报, 本台, 本刊, 本网, 本社): 本报北京, 本报记者, 本报讯;
``dateline``
    it begins with the end of a dateline's date and its mark (日电, 日讯,
    月日电) or ends with them (北京一月五日电): 日电记者, 日讯记者;
``byline``
    it begins with 记者 or 通讯员, ends with 记者, 通讯员, 评论员, 实习生 or
    摄影报道, or holds a byline in brackets (（记者): 记者王三报道,
    电（记者 …, 告诉记者;
``attribution``
    it begins with 据 and ends with 报道, 消息, 电 or 讯: 据报道, 据外电报道;
``date``
    it holds a full date (a month and a day: 一月十七日, 元月五日), or it is a
    year of four digits (一九九七年), a month with a day number (一月二十) or a
    day (二十三日) and nothing else.

These rules look only at the candidate's own characters, so their result
can be predicted from the string.  A string with 记者 or a date inside it
(中外记者团, 十月革命, 一年一度) is kept; one that begins or ends with 记者 is
not, whatever follows (记者节, 告诉记者): outside a byline such strings are
the reporter's narration, not formulas.
"""
from __future__ import annotations

import re

import pandas as pd

#: News agencies whose name marks a dateline (据新华社) or a picture credit.
AGENCIES = ("新华社", "新華社", "中新社", "中通社", "中央社", "美联社", "美聯社", "路透社",
            "法新社", "共同社", "塔斯社", "合众社", "合眾社", "韩联社", "韓聯社")
#: How a paper, a station or a site names itself in its own datelines.
OWN_NAMES = ("本报", "本報", "本台", "本刊", "本网", "本網", "本社")

_DIGIT = "0-9０-９〇零一二三四五六七八九"
_NUMERAL = _DIGIT + "十廿卅"  # the numerals of a month or a day (not 百: 百日 is no date)
_AGENCY = "|".join(AGENCIES)
_OWN = "|".join(OWN_NAMES)

#: (rule, pattern) in the order they are tried; each pattern's match is the marker reported.
RULES = (
    # 社 followed by 区 or 会 begins another word: 新华社区, 中央社会主义学院
    ("agency", re.compile(rf"(?:{_AGENCY})(?![区區会會])")),
    ("own paper", re.compile(rf"^(?:据|據|综合|綜合)?(?:{_OWN})")),
    ("dateline", re.compile(r"^月?日[电讯電訊]|日[电讯電訊]$")),
    ("byline", re.compile(r"^(?:记者|記者|通讯员|通訊員)|(?:记者|記者|通讯员|通訊員|评论员|評論員|实习生|實習生"
                          r"|摄影报道|攝影報道)$|[（(](?:记者|記者|通讯员|通訊員)")),
    ("attribution", re.compile(r"^[据據].*(?:报道|報道|消息|[电讯電訊])$")),
    ("date", re.compile(rf"(?:[{_NUMERAL}]+|元)月[{_NUMERAL}]+[日号號]|^[{_DIGIT}]{{4}}年$"
                        rf"|^[{_NUMERAL}]{{1,3}}月[{_NUMERAL}]{{1,3}}$|^[{_NUMERAL}]{{1,3}}[日号號]$")),
)

#: Columns of :func:`dateline_fragments`.
FRAGMENT_COLUMNS = ("candidate", "fragment", "rule", "marker")


def dateline_fragments(strings) -> pd.DataFrame:
    """Which strings are pieces of a news dateline or byline, and by which rule.

    Parameters
    ----------
    strings : sequence of str
        Candidates, in any order.

    Returns
    -------
    pandas.DataFrame
        One row per string, in the order given, with columns

        candidate : str
        fragment : bool
            Whether a rule of this module (see its docstring) names it.
        rule : str
            The first rule that holds: ``agency``, ``own paper``,
            ``dateline``, ``byline``, ``attribution`` or ``date``; "" when
            none does.
        marker : str
            The part of the string the rule matched (新华社, 本报, 日电,
            记者 …); "" when no rule holds.

    Examples
    --------
    >>> t = dateline_fragments(["据新华社", "日电记者", "一站一品", "新华社区"])
    >>> t["rule"].tolist()
    ['agency', 'dateline', '', '']
    >>> t["marker"].tolist()[:2]
    ['新华社', '日电']
    """
    rows = []
    for s in strings:
        s = str(s)
        rule, marker = next(((name, found.group()) for name, pattern in RULES
                             if (found := pattern.search(s))), ("", ""))
        rows.append((s, bool(rule), rule, marker))
    return pd.DataFrame(rows, columns=list(FRAGMENT_COLUMNS)).astype({"fragment": bool})

