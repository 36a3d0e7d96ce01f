"""Normalise Chinese text before it is counted.

Every step can be switched off, and :func:`normalization_settings` returns the
settings as a dict that readers store in ``corpus.meta["normalization"]`` so a
figure can say exactly what was done to its text.

All steps except ``invisible``, ``whitespace`` and ``to_simplified`` map one
character to one character, so they never move character offsets or line
numbers; the invisible and whitespace steps keep every line break, so line
numbers survive them too.
"""
from __future__ import annotations

import re

# Full-width ASCII letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) -> half-width.
_FULLWIDTH_ALNUM = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
}
# Full-width symbols that are not Chinese punctuation.  Chinese punctuation
# (，。！？：；“”‘’《》、（）【】…—) is deliberately absent: it stays full-width.
_FULLWIDTH_SYMBOLS = {ord(c): ord(c) - 0xFEE0 for c in "％＋－＝＜＞＠＃＄＆＊／＼＾＿｜～"}
# A full-width full stop between digits is a decimal point (１２．５ -> 12.5).
_DECIMAL_POINT = re.compile(r"(?<=[0-9０-９])．(?=[0-9０-９])")
# Corner brackets (common in traditional-script text) -> curly quotes.
_CORNER_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’", "〝": "“", "〞": "”"})
_CORNER_RE = re.compile("[「」『』〝〞]")
_STRAIGHT_DOUBLE = re.compile(r'[＂"]')
_STRAIGHT_SINGLE = re.compile(r"＇")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Spaces other than the plain space and tab, and control characters other
# than tab and newline.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Invisible format characters that split a phrase without showing: soft
# hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space and
# non-joiner, left-to-right and right-to-left marks, bidi embeddings and
# overrides (U+202A-E), word joiner and invisible operators (U+2060-4), bidi
# isolates (U+2066-9) and the byte-order mark used as a zero-width no-break space.
_FORMAT_CHARS = "\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# The zero-width joiner goes too, except between two emoji, where it builds
# one emoji out of several (a family, a profession): removing it there would
# change what the text shows.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_INVISIBLE = re.compile(f"[{_FORMAT_CHARS}]")
_LONE_JOINER = re.compile(f"(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")
_SPACE_RUNS = re.compile(r"[ \t]{2,}")
_LINE_EDGES = re.compile(r"[ \t]+(?=\n)|(?<=\n)[ \t]+|^[ \t]+|[ \t]+$")
# Substituting matches is much faster than str.translate over long texts
# in which few characters change.
_FULLWIDTH_ALNUM_RE = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_FULLWIDTH_SYMBOLS_RE = re.compile("[" + re.escape("".join(map(chr, _FULLWIDTH_SYMBOLS))) + "]")


def _half_width(match: re.Match) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def normalization_settings(
    fullwidth: bool = True,
    symbols: bool = True,
    quotes: bool = True,
    whitespace: bool = True,
    to_simplified: bool = False,
    invisible: bool = True,
) -> dict:
    """The normalisation settings as a dict, as stored in ``corpus.meta``.

    Parameters
    ----------
    fullwidth, symbols, quotes, whitespace, to_simplified, invisible : bool
        See :func:`normalize`.

    Returns
    -------
    dict
        ``{"fullwidth": ..., "symbols": ..., "quotes": ..., "whitespace": ...,
        "to_simplified": ..., "invisible": ...}``.

    Examples
    --------
    >>> normalization_settings(quotes=False)["quotes"]
    False
    """
    return {
        "fullwidth": bool(fullwidth),
        "symbols": bool(symbols),
        "quotes": bool(quotes),
        "whitespace": bool(whitespace),
        "to_simplified": bool(to_simplified),
        "invisible": bool(invisible),
    }


def normalize(
    text: str,
    fullwidth: bool = True,
    symbols: bool = True,
    quotes: bool = True,
    whitespace: bool = True,
    to_simplified: bool = False,
    invisible: bool = True,
) -> str:
    """Normalise one text.

    Parameters
    ----------
    text : str
    fullwidth : bool
        Full-width letters and digits to half-width (１９９８ → 1998, ＧＤＰ → GDP).
        Chinese punctuation (，。！？：；“”‘’《》、（）) always stays full-width.
    symbols : bool
        Full-width ％＋－＝＜＞＠＃＄＆＊／＼＾＿｜～ to half-width, and ． between
        digits to a decimal point (１２．５％ → 12.5%).
    quotes : bool
        Consistent quotes: 「」『』〝〞 → “”‘’; straight double quotes (" and ＂)
        become “ and ” in turn within a line, for lines that contain Chinese
        characters and an even number of them; ＇ likewise becomes ‘ and ’.
    whitespace : bool
        Other Unicode spaces (ideographic space U+3000, no-break space ...) to a
        plain space; control characters removed; runs of spaces and tabs to
        one space; spaces at line ends removed.  Line breaks are kept, so line
        numbers do not change.  Spaces between Chinese characters are kept
        (bylines such as ``记者 王洋 通讯员 郝健`` need them).
    to_simplified : bool
        Traditional → simplified characters with OpenCC (``t2s``).  Needs the
        ``opencc`` package; without it a clear ImportError says what to install.
    invisible : bool
        Invisible format characters removed, so that they cannot split a
        phrase unseen: the soft hyphen U+00AD, direction marks (U+200E/F,
        U+061C), bidi embeddings, overrides and isolates (U+202A–E,
        U+2066–9), zero-width space, non-joiner and joiner (U+200B–D), the
        word joiner and invisible operators (U+2060–4), U+180E and U+FEFF.
        A zero-width joiner between two emoji is kept: it is part of one
        emoji there.

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("１９９８年，ＧＤＰ增长１２．５％。")
    '1998年，GDP增长12.5%。'
    >>> normalize("他說「好」。", to_simplified=True)
    '他说“好”。'
    >>> normalize("最后\u00ad一米\u200e")
    '最后一米'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs a str, got {type(text).__name__}")
    if invisible:
        # First, so that the steps below see １２．５ or "好" unbroken.  A
        # character class alone is searched fast; joiners are rare.
        text = _INVISIBLE.sub("", text)
        if "\u200d" in text:
            text = _LONE_JOINER.sub("", text)
    if symbols:
        text = _DECIMAL_POINT.sub(".", text)
    if fullwidth:
        text = _FULLWIDTH_ALNUM_RE.sub(_half_width, text)
    if symbols:
        text = _FULLWIDTH_SYMBOLS_RE.sub(_half_width, text)
    if quotes:
        text = _normalize_quotes(text)
    if whitespace:
        text = _normalize_whitespace(text)
    if to_simplified:
        text = to_simplified_chinese(text)
    return text


def _normalize_quotes(text: str) -> str:
    text = _CORNER_RE.sub(lambda match: _CORNER_QUOTES[ord(match.group())], text)
    if '"' in text or "＂" in text or "＇" in text:
        text = "\n".join(_pair_straight_quotes(line) for line in text.split("\n"))
    return text


def _pair_straight_quotes(line: str) -> str:
    # Pairing by alternation is only safe when the quotes are balanced and the
    # line is Chinese (English text keeps its own quotes).
    if not _HAN.search(line):
        return line
    for pattern, opening, closing in ((_STRAIGHT_DOUBLE, "“", "”"), (_STRAIGHT_SINGLE, "‘", "’")):
        found = pattern.findall(line)
        if found and len(found) % 2 == 0:
            marks = iter([opening, closing] * (len(found) // 2))
            line = pattern.sub(lambda _match: next(marks), line)
    return line


def _normalize_whitespace(text: str) -> str:
    text = _ODD_SPACES.sub(" ", text)
    text = _CONTROLS.sub("", text)
    text = _SPACE_RUNS.sub(" ", text)
    return _LINE_EDGES.sub("", text)


_CONVERTER = None


def to_simplified_chinese(text: str) -> str:
    """Convert traditional characters to simplified ones with OpenCC (``t2s``).

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Raises
    ------
    ImportError
        If the ``opencc`` package is not installed (``pip install opencc``).

    Examples
    --------
    >>> to_simplified_chinese("傳統")
    '传统'
    """
    global _CONVERTER
    if _CONVERTER is None:
        try:
            import opencc
        except ImportError as error:
            raise ImportError(
                "traditional -> simplified conversion needs OpenCC: "
                "run `pip install opencc` (or `pip install opencc-python-reimplemented`), "
                "or read without to_simplified=True"
            ) from error
        try:
            _CONVERTER = opencc.OpenCC("t2s")
        except Exception:  # the C++ binding names its configs with .json
            _CONVERTER = opencc.OpenCC("t2s.json")
    return _CONVERTER.convert(text)
