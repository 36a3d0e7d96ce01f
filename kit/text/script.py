"""Tell documents written in Traditional characters from Simplified ones.

Layer: text.  A corpus of mainland news may hold a few articles from Hong
Kong or Taiwan, or reprints in Traditional characters.  Left as they are,
their words (報道, 記者, 為功) count as different words from the Simplified
ones and rise to the top of keyword lists, word clouds and discovery.  The
readers use :func:`traditional_share` to find such documents and warn, so
the researcher can read the corpus with ``to_simplified=True``.

A character counts as Traditional when OpenCC's Traditional → Simplified
conversion changes it.  Simplified text is left almost untouched by that
conversion (a rare character such as 乾 in 乾隆 stays), while running
Traditional prose has a fifth to a third of its characters changed.
"""
from __future__ import annotations

import re

from kit.text.normalize import to_simplified_chinese

#: Share of changed Han characters from which a document counts as written
#: mostly in Traditional characters.
TRADITIONAL_THRESHOLD = 0.08
#: Fewer Han characters than this are too few to judge.
MIN_HAN_CHARACTERS = 20

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def traditional_share(text: str) -> float:
    """The share of a text's Han characters that are Traditional forms.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        Between 0 and 1; NaN for a text with no Han character.

    Examples
    --------
    >>> traditional_share("傳統文化")
    0.5
    >>> traditional_share("传统文化")
    0.0
    """
    han = _HAN.findall(text)
    if not han:
        return float("nan")
    joined = "".join(han)
    converted = to_simplified_chinese(joined)
    if len(converted) != len(joined):  # a phrase rule changed the length: compare one by one
        converted = "".join(to_simplified_chinese(c) for c in han)
    changed = sum(1 for a, b in zip(joined, converted) if a != b)
    return changed / len(han)


def is_traditional(text: str) -> bool:
    """True when a text is written mostly in Traditional characters.

    At least :data:`MIN_HAN_CHARACTERS` Han characters, of which at least
    :data:`TRADITIONAL_THRESHOLD` are Traditional forms.

    Parameters
    ----------
    text : str

    Returns
    -------
    bool

    Examples
    --------
    >>> is_traditional("香港特別行政區政府今日宣佈，將進一步擴大對基層社區的支援，改善市民生活。")
    True
    >>> is_traditional("香港特别行政区政府今日宣布，将进一步扩大对基层社区的支援，改善市民生活。")
    False
    """
    if len(_HAN.findall(text)) < MIN_HAN_CHARACTERS:
        return False
    return traditional_share(text) >= TRADITIONAL_THRESHOLD
