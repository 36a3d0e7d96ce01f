"""Refuse regular expressions that can backtrack catastrophically.

Layer: bottom (standard library only).

Python's regular expressions backtrack: when a match fails, every other way
of dividing the text among the pattern's repeats is tried.  For most patterns
there are few such ways, but ``(?:[一-龥]+)+为抓手`` on a clause of 28 Chinese
characters without 为抓手 has 2**27 of them, and the run time doubles with each
character.  :func:`backtracking_problem` finds the shapes that cause this,
from Python's own parse of the pattern, before the pattern ever runs.

Written by hand on purpose: engines with a linear-time guarantee (RE2) lack
the lookarounds that lexicon patterns use (``(?<=“)…(?=”)``) and that the kit's
matcher needs to see overlapping matches, and they differ from Python's
``re`` in what ``\\d`` or ``\\w`` match.

The analysis asks, for every repeat, whether the characters that could follow
it could also be taken by one more round of it.  If so, the repeat's extent is
*ambiguous*: backtracking may try each of its lengths.  That is harmless once,
but refused where it multiplies:

- an ambiguous repeat inside another repeat: ``(?:[一-龥]+)+``, ``(?:.*，)+``
  (exponential);
- alternatives inside a repeat that can begin with the same character:
  ``(?:是|是的)+`` (exponential);
- a repeated group that can match nothing: ``(?:[一-龥]*)*`` (exponential);
- two ambiguous repeats without an upper bound (or with one above
  :data:`LONG_REPEAT`): ``以.+为.+的`` (each costs a factor of the text's
  length);
- bounded ambiguous repeats whose lengths together give more than
  :data:`MAX_WAYS` ways to divide a stretch of text;
- a repeat without an upper bound that can take line breaks (``[^，]+``,
  ``\\s+``): at each position it may run to the end of the document, where
  ``[^，\\n]+`` stops at the end of the paragraph.

A repeat whose end is fixed by what follows is never ambiguous:
``(?:[一-龥]{1,4}、)+`` (a round ends at 、, which the inner repeat cannot take),
``[0-9]+(?:[+＋][0-9]+)*`` (a round begins with ＋, which digits are not).
The analysis errs on the side of refusing: a few harmless patterns, such as
``(?:ab|a)+``, are refused too, and can be rewritten (``a(?:b|a)*``).
"""
from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass

try:  # Python >= 3.11
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants
    import sre_parse as _sre_parse

#: A repeat allowing more than this many extra rounds counts as unbounded.
LONG_REPEAT = 100
#: The most ways bounded ambiguous repeats may divide a stretch of text.
MAX_WAYS = 10_000

_MAXREPEAT = _sre_constants.MAXREPEAT
_MAX_CODE = sys.maxunicode

# -- character sets as sorted, disjoint (first, last) code-point intervals ---------
Chars = tuple


def _union(*sets: Chars) -> Chars:
    intervals = sorted(i for s in sets for i in s)
    merged: list[list[int]] = []
    for lo, hi in intervals:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return tuple((lo, hi) for lo, hi in merged)


def _complement(chars: Chars) -> Chars:
    out, start = [], 0
    for lo, hi in chars:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= _MAX_CODE:
        out.append((start, _MAX_CODE))
    return tuple(out)


def _overlap(a: Chars, b: Chars) -> bool:
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


_NOTHING: Chars = ()
_EVERYTHING: Chars = ((0, _MAX_CODE),)
_NEWLINE: Chars = ((10, 10),)


@functools.lru_cache(maxsize=None)
def _category(name: str) -> Chars:
    """The characters of a category such as \\d, \\w or \\s, read from ``re`` itself.

    Exact in the Basic Multilingual Plane; above it every character is
    assumed to belong (except to \\s, which has none there): a superset, so
    the check can only refuse more, and the table takes milliseconds.
    """
    escapes = {"DIGIT": "d", "WORD": "w", "SPACE": "s", "LINEBREAK": "n"}
    letter = next((e for key, e in escapes.items() if key in name), None)
    if letter is None:  # an unknown category: assume the worst
        return _EVERYTHING
    negated = "NOT_" in name
    escape = "\\" + (letter.upper() if negated and letter != "n" else letter)
    found = [((ord(m.group()[0]), ord(m.group()[-1])),) for m in re.finditer(escape + "+", _bmp())]
    chars = _union(*found)
    if letter == "n" and negated:
        chars = _complement(chars)
    if negated or letter not in "sn":
        chars = _union(chars, ((0x10000, _MAX_CODE),))
    return chars


@functools.lru_cache(maxsize=1)
def _bmp() -> str:
    """Every character of the Basic Multilingual Plane but the surrogates."""
    return "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))


def _with_case(chars: Chars) -> Chars:
    """Under IGNORECASE, ASCII letters match their other case too."""
    extra = []
    for lo, hi in chars:
        for base, other in ((65, 97), (97, 65)):  # A-Z <-> a-z
            a, b = max(lo, base), min(hi, base + 25)
            if a <= b:
                extra.append((a - base + other, b - base + other))
    return _union(chars, tuple(extra))


# -- a small tree of the pattern ----------------------------------------------------
@dataclass
class _Node:
    kind: str  # "chars", "seq", "alt", "rep", "look"
    chars: Chars = _NOTHING
    items: tuple = ()
    low: int = 0
    high: int = 0


def _tree(parsed, flags: int) -> _Node:
    items = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            items.append(_chars(((arg, arg),), flags))
        elif name == "NOT_LITERAL":
            items.append(_chars(_complement(((arg, arg),)), flags))
        elif name == "ANY":
            items.append(_chars(_EVERYTHING if flags & re.DOTALL else _complement(_NEWLINE), flags))
        elif name == "IN":
            items.append(_chars(_class(arg), flags))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            items.append(_Node("rep", items=(_tree(body, flags),), low=low, high=high))
        elif name == "SUBPATTERN":
            _group, add, remove, body = arg
            items.append(_tree(body, (flags | add) & ~remove))
        elif name == "ATOMIC_GROUP":
            items.append(_tree(arg, flags))
        elif name == "BRANCH":
            items.append(_Node("alt", items=tuple(_tree(b, flags) for b in arg[1])))
        elif name == "GROUPREF_EXISTS":
            _group, yes, no = arg
            items.append(_Node("alt", items=tuple(_tree(b, flags) for b in (yes, no) if b is not None)))
        elif name in ("ASSERT", "ASSERT_NOT"):
            items.append(_Node("look", items=(_tree(arg[1], flags),)))
        # AT (anchors and word boundaries) and group references take no characters.
    return _Node("seq", items=tuple(items))


def _chars(chars: Chars, flags: int) -> _Node:
    return _Node("chars", chars=_with_case(chars) if flags & re.IGNORECASE else chars)


def _class(items) -> Chars:
    sets, negate = [], False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            sets.append(((arg, arg),))
        elif name == "RANGE":
            sets.append(((arg[0], arg[1]),))
        elif name == "CATEGORY":
            sets.append(_category(str(arg)))
        else:  # anything else in a class: assume it may be any character
            sets.append(_EVERYTHING)
    chars = _union(*sets)
    return _complement(chars) if negate else chars


# -- properties of a node -------------------------------------------------------------
def _nullable(node: _Node) -> bool:
    if node.kind == "chars":
        return False
    if node.kind == "look":
        return True
    if node.kind == "seq":
        return all(_nullable(i) for i in node.items)
    if node.kind == "alt":
        return any(_nullable(i) for i in node.items)
    return node.low == 0 or _nullable(node.items[0])


def _first(node: _Node) -> Chars:
    """The characters a match of ``node`` can begin with."""
    if node.kind == "chars":
        return node.chars
    if node.kind == "look":
        return _NOTHING
    if node.kind == "alt":
        return _union(*[_first(i) for i in node.items])
    if node.kind == "rep":
        return _first(node.items[0]) if node.high > 0 else _NOTHING
    found = []
    for item in node.items:
        found.append(_first(item))
        if not _nullable(item):
            break
    return _union(*found)


def _consumed(node: _Node) -> Chars:
    """Every character a match of ``node`` can take."""
    if node.kind == "chars":
        return node.chars
    if node.kind == "look" or (node.kind == "rep" and node.high == 0):
        return _NOTHING
    return _union(*[_consumed(i) for i in node.items])


def _long(node: _Node) -> bool:
    return node.kind == "rep" and (node.high == _MAXREPEAT or node.high - node.low > LONG_REPEAT)


def _scanned(node: _Node) -> Chars:
    """The characters that long repeats in ``node`` run over."""
    if node.kind == "chars":
        return _NOTHING
    if _long(node):
        return _consumed(node.items[0])
    return _union(*[_scanned(i) for i in node.items])


@dataclass
class _Findings:
    problems: list
    unbounded: int = 0  # ambiguous long repeats
    ways: int = 1       # product of the lengths of bounded ambiguous repeats


def _walk(node: _Node, follow: Chars, scan: Chars, in_repeat: bool, found: _Findings) -> None:
    """Check ``node``.

    ``follow``: the characters that can come right after it; ``scan``: the
    characters long repeats after it run over; ``in_repeat``: whether it lies
    inside a repeated group.
    """
    if node.kind == "seq":
        after, later = follow, scan
        for item in reversed(node.items):
            _walk(item, after, later, in_repeat, found)
            after = _union(_first(item), after) if _nullable(item) else _first(item)
            later = _union(_scanned(item), later)
    elif node.kind == "alt":
        if in_repeat:
            starts = [_first(i) for i in node.items]
            for i in range(len(starts)):
                for j in range(i + 1, len(starts)):
                    if _overlap(starts[i], starts[j]) or (_nullable(node.items[i]) and _nullable(node.items[j])):
                        found.problems.append(
                            "alternatives inside a repeat can begin with the same character, so a "
                            "failed match retries every way of choosing between them"
                        )
                        return
        for item in node.items:
            _walk(item, follow, scan, in_repeat, found)
    elif node.kind == "look":
        # A lookaround is matched on its own, with nothing following inside it.
        _walk(node.items[0], _NOTHING, _NOTHING, in_repeat, found)
    elif node.kind == "rep":
        body = node.items[0]
        repeats = node.high > 1
        if repeats and _nullable(body) and _first(body):
            found.problems.append(
                "a repeated group can match nothing, so a failed match retries every way of "
                "spreading the text over its rounds"
            )
            return
        if _long(node) and _overlap(_consumed(body), _NEWLINE):
            found.problems.append(
                f"a repeat without an upper bound (or above {LONG_REPEAT}) can take line breaks, so "
                "at every position it may run to the end of the document; exclude them "
                "([^，\\n]+ rather than [^，]+) or bound it (\\s{1,5} rather than \\s+)"
            )
            return
        inner_follow = _union(_first(body), follow) if repeats else follow
        inner_scan = _union(_scanned(body), scan) if repeats else scan
        _walk(body, inner_follow, inner_scan, in_repeat or repeats, found)
        if node.low == node.high or not _overlap(_first(body), follow):
            return  # its length is fixed, or settled by what follows it
        if in_repeat:
            found.problems.append(
                "a repeat inside a repeated group can take the characters that begin the next "
                "round, so a failed match retries every way of dividing the text between rounds; "
                "write one repeat, e.g. [\\u4e00-\\u9fff]{1,20} instead of (?:[\\u4e00-\\u9fff]+)+"
            )
            return
        if not _long(node):
            found.ways *= node.high - node.low + 1
            return
        found.unbounded += 1
        if _overlap(_consumed(body), scan):
            found.problems.append(
                "a repeat without an upper bound (or above "
                f"{LONG_REPEAT}) is followed by another that can take the same characters, so a "
                "failed match costs a power of the text's length; bound them, e.g. .{1,20} "
                "instead of .+, or exclude what follows, e.g. [^，]+，"
            )


def backtracking_problem(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None if it cannot.

    Parameters
    ----------
    pattern : str
        A regular expression that compiles with Python's ``re``.

    Returns
    -------
    str or None
        One sentence saying what is wrong and how to rewrite it.

    Examples
    --------
    >>> backtracking_problem("以[\\u4e00-\\u9fff]{1,8}为抓手") is None
    True
    >>> backtracking_problem("以(?:[\\u4e00-\\u9fff]+)+为抓手")[:28]
    'a repeat inside a repeated g'
    """
    try:
        parsed = _sre_parse.parse(pattern)
        state = getattr(parsed, "state", None) or parsed.pattern  # Python 3.10 calls it pattern
        found = _Findings([])
        _walk(_tree(parsed, state.flags), _NOTHING, _NOTHING, False, found)
    except RecursionError:
        return "the pattern is nested too deeply to check"
    if found.problems:
        return found.problems[0]
    if found.unbounded >= 2:
        return (
            f"{found.unbounded} repeats without an upper bound (or above {LONG_REPEAT}) could each "
            "take the characters that follow them, so a failed match costs a power of the text's "
            "length; bound them, e.g. .{1,20} instead of .+, or exclude what follows, e.g. [^，]+，"
        )
    if found.ways > MAX_WAYS or (found.unbounded and found.ways > MAX_WAYS // 100):
        return (
            f"its repeats can divide a stretch of text in more than {MAX_WAYS:,} ways; "
            "use fewer or shorter repeats"
        )
    return None
