"""Where the segmenter puts word boundaries around a place in a text.

Layer: analysis.

Two discovery rules ask the segmenter where words begin and end: a numbered
formula's head ends where a word ends (三个大提升, not 三个大提), and a cohesive
string that begins or ends inside a word is a fragment (国经济 in 中国经济).
Segmenting a whole corpus for that would cost a minute per million
characters, so only a window around the place is segmented: the run of
Chinese characters holding it, cut to ``context`` characters on each side.
pkuseg's decisions near the middle of such a window are the ones it makes on
the whole sentence in all but rare cases; the window's own edges are not
reported as boundaries unless the run ends there.
"""
from __future__ import annotations

import functools
import itertools

import numpy as np

#: Characters of context segmented on each side of the place asked about.
CONTEXT = 6


def is_han(char: str) -> bool:
    """Whether a character is a Chinese character (CJK unified, extension A, 〇).

    Examples
    --------
    >>> [is_han(c) for c in "党A〇，"]
    [True, False, True, False]
    """
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or code == 0x3007


def default_segmenter():
    """pkuseg's default model as a function from a string to its tokens (loaded once)."""
    from kit.tokenization import load_model

    return load_model().cut


@functools.lru_cache(maxsize=65536)
def _token_ends(window: str, segmenter) -> tuple[int, ...]:
    return tuple(itertools.accumulate(len(t) for t in segmenter(window)))


def word_boundaries(text: str, start: int, end: int, segmenter, context: int = CONTEXT) -> set[int]:
    """Offsets in ``text`` where the segmenter starts or ends a word, near ``text[start:end]``.

    Parameters
    ----------
    text : str
    start, end : int
        The stretch asked about (``start ≤ end``).
    segmenter : callable
        A function from a string to its tokens, in order, whose lengths add
        up to the string's (pkuseg's ``cut``; see :func:`default_segmenter`).
    context : int
        Characters of context segmented on each side.

    Returns
    -------
    set of int
        Boundaries between ``max(start − context, run start)`` and
        ``min(end + context, run end)``, where the run is the stretch of
        Chinese characters holding ``text[start:end]``.  The run's own ends
        are boundaries (punctuation or a digit ends a word); a window edge
        inside the run is not.

    Examples
    --------
    >>> cut = {"中国经济向好": ["中国", "经济", "向好"]}.get  # a stand-in for pkuseg
    >>> sorted(word_boundaries("中国经济向好。", 1, 4, cut))
    [0, 2, 4, 6]
    """
    run_start = start
    while run_start > 0 and start - run_start < context and is_han(text[run_start - 1]):
        run_start -= 1
    run_end = end
    while run_end < len(text) and run_end - end < context and is_han(text[run_end]):
        run_end += 1
    window = text[run_start:run_end]
    if not window:
        return {start}
    ends = _token_ends(window, segmenter)
    found = {run_start} | {run_start + e for e in ends}
    if run_start > 0 and is_han(text[run_start - 1]):
        found.discard(run_start)  # the window's edge, not a word's
    if run_end < len(text) and is_han(text[run_end]):
        found.discard(run_end)
    return found


#: Occurrences of a string examined by :func:`inside_words` (the first ones, in text order).
SAMPLE = 20


def inside_words(strings, texts, segmenter=None, sample: int = SAMPLE):
    """Which strings begin or end inside a word of the segmenter in most of their occurrences.

    Such strings are fragments that straddle a word boundary: 国经济 (中国|经济),
    党的十 (党|的|十八大), 事办 (把|好事|办|好), 型政府 (服务型|政府).

    Parameters
    ----------
    strings : sequence of str
    texts : sequence of str
    segmenter : callable, optional
        A function from a string to its tokens; default pkuseg's default model.
    sample : int
        How many occurrences of each string are examined: the first ones, in
        text order (overlapping occurrences count).

    Returns
    -------
    numpy.ndarray of bool
        True for a string whose start or end falls strictly inside a word in
        more than half of the occurrences examined.  A string that does not
        occur is False.

    Examples
    --------
    >>> cut = {"中国经济向好": ["中国", "经济", "向好"]}.get  # a stand-in for pkuseg
    >>> inside_words(["国经济", "中国经济"], ["中国经济向好"], cut).tolist()
    [True, False]
    """
    return mostly_inside(occurrence_cuts(strings, texts, segmenter, sample))


def mostly_inside(cuts) -> np.ndarray:
    """Whether more than half of each string's occurrences examined begin or end inside a word.

    Parameters
    ----------
    cuts : list of list of bool
        From :func:`occurrence_cuts`.

    Returns
    -------
    numpy.ndarray of bool
        False for a string with no occurrence.

    Examples
    --------
    >>> mostly_inside([[True, True, False], [True, False], []]).tolist()
    [True, False, False]
    """
    return np.array([2 * sum(c) > len(c) for c in cuts], dtype=bool)


def occurrence_cuts(strings, texts, segmenter=None, sample: int = SAMPLE) -> list[list[bool]]:
    """For each string, whether each of its first ``sample`` occurrences starts or ends inside a word.

    The lists of several sets of texts, joined in order and cut to
    ``sample``, are those of all the texts at once: what
    :func:`inside_words` decides on.

    Parameters
    ----------
    strings, texts, segmenter, sample
        As for :func:`inside_words`.

    Returns
    -------
    list of list of bool
        One list per string, in text order (overlapping occurrences count).

    Examples
    --------
    >>> cut = {"中国经济向好": ["中国", "经济", "向好"]}.get  # a stand-in for pkuseg
    >>> occurrence_cuts(["国经济"], ["中国经济向好"], cut)
    [[True]]
    """
    strings, texts = list(strings), list(texts)
    if segmenter is None and strings:
        segmenter = default_segmenter()
    out = []
    for s in strings:
        found = []
        for text in texts:
            at = text.find(s) if s else -1
            while at >= 0 and len(found) < sample:
                bounds = word_boundaries(text, at, at + len(s), segmenter)
                found.append(at not in bounds or at + len(s) not in bounds)
                at = text.find(s, at + 1)
            if len(found) >= sample:
                break
        out.append(found)
    return out
