"""The kit's stopword list and the punctuation test.

Layer: tokenize.  The list lives in ``data/stopwords/zh_function_words.txt``
(see the README there for its source and licence).
"""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kit.paths import data_dir

STOPWORD_FILE = "stopwords/zh_function_words.txt"

# A token is punctuation when every character is Unicode punctuation (P*) or a
# symbol (S*): ，。“”《》——…、％＋ and the like.
_PUNCT_PATTERN = r"^[\p{P}\p{S}]+$"


@functools.lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The kit's default Chinese stopwords (function words and pronouns).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> "的" in load_stopwords(), "群众" in load_stopwords()
    (True, False)
    """
    path = data_dir() / STOPWORD_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise FileNotFoundError(
            f"the kit's stopword list is missing: {path}; restore it from the project's repository"
        ) from error
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


def punct_mask(tokens: pa.Array | pa.ChunkedArray):
    """Boolean array: True where a token is made of punctuation or symbols only.

    Examples
    --------
    >>> punct_mask(pa.array(["，", "群众", "——", "５"])).to_pylist()
    [True, False, True, False]
    """
    return pc.match_substring_regex(tokens, _PUNCT_PATTERN)


def stopword_mask(tokens: pa.Array | pa.ChunkedArray, stopwords=None):
    """Boolean array: True where a token is in ``stopwords`` (default: the kit's list).

    Examples
    --------
    >>> stopword_mask(pa.array(["的", "群众"])).to_pylist()
    [True, False]
    """
    words = load_stopwords() if stopwords is None else frozenset(stopwords)
    return pc.is_in(tokens, value_set=pa.array(sorted(words), pa.string()))


# A number: Arabic, full-width or Chinese numerals, with a decimal point,
# thousands separator or percent sign, optionally ending in 年, 月, 日 or 号
# (so that dates such as 1998年, 一九九八年, 12月 and 31日 count as numbers).
NUMBER_PATTERN = re.compile(
    r"^[0-9０-９〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟.,．，%％点]+[年月日号]?$")


def is_number(tokens) -> np.ndarray:
    """True where a token is a number (see ``NUMBER_PATTERN``).

    Parameters
    ----------
    tokens : iterable of str

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> is_number(["1998年", "１２", "三十", "3.5%", "群众", "一老一小"]).tolist()
    [True, True, True, True, False, False]
    """
    # Each distinct token is tested once: a token table repeats a few tens of
    # thousands of types millions of times.
    codes, types = pd.factorize(pd.Series(list(tokens) if not hasattr(tokens, "__len__") else tokens,
                                          dtype=object), use_na_sentinel=False)
    number = np.fromiter((bool(NUMBER_PATTERN.match(str(t))) for t in types), dtype=bool, count=len(types))
    return number[codes]
