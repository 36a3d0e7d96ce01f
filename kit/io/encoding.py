"""Decode the bytes of a Chinese text file: UTF-8 (with or without BOM),
UTF-16 with BOM, GB18030 (which includes GBK and GB2312) and Big5.

The detection is a strict try-in-order with a plausibility check, written by
hand on purpose: general detectors choose among dozens of encodings and, on
short Chinese texts, often answer Korean or Japanese ones.  Here the set is
small and fixed:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. NUL bytes or many control bytes mean the file is not text;
3. strict UTF-8;
4. GB18030 and Big5, each strictly.  GB18030 decodes almost any byte string,
   so when both succeed the one whose characters are more often among the
   most frequent characters of its own standard wins (GB2312 level 1 for
   GB18030, Big5 level 1 for Big5), and a winner with too few such characters
   is refused as an unknown encoding.

Line ends (CRLF, CR) are turned into ``\\n`` and the original style is
reported.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5")
# Below this share of frequent characters a decoding is not plausible Chinese.
MIN_PLAUSIBILITY = 0.6
_SNIFF_BYTES = 65536


class NotTextError(ValueError):
    """The file holds binary data, not text."""


class UnknownEncodingError(ValueError):
    """The file is none of the supported encodings."""


@dataclass(frozen=True)
class DecodedText:
    """A decoded file.

    Attributes
    ----------
    text : str
        The text, with ``\\n`` line ends and no byte-order mark.
    encoding : str
        One of ``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5``, or
        the encoding the caller gave.
    newline : str
        ``"LF"``, ``"CRLF"``, ``"CR"``, ``"mixed"`` or ``"none"``.
    """

    text: str
    encoding: str
    newline: str


def decode_bytes(data: bytes, where: str = "<bytes>", encoding: str | None = None) -> DecodedText:
    """Decode bytes of Chinese text, detecting the encoding.

    Parameters
    ----------
    data : bytes
    where : str
        The file name, for error messages.
    encoding : str, optional
        Skip detection and decode strictly with this codec.

    Returns
    -------
    DecodedText

    Raises
    ------
    NotTextError
        The bytes look binary (NUL or many control bytes).
    UnknownEncodingError
        None of the supported encodings decodes the bytes plausibly, or the
        given encoding fails (the message gives the byte offset).

    Examples
    --------
    >>> decode_bytes("久久为功".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes("久久為功".encode("big5")).encoding
    'big5'
    """
    if encoding is not None:
        text = _strict(data, encoding, where)
        return _finish(text, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return _finish(_strict(data[3:], "utf-8", where), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _finish(_strict(data, "utf-16", where), "utf-16")
    _refuse_binary(data, where)
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = {}
    for codec in ("gb18030", "big5"):
        try:
            candidates[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise UnknownEncodingError(
            f"{where}: not UTF-8, GB18030/GBK or Big5 text; "
            "convert it to UTF-8, or pass encoding='...' if you know its encoding"
        )
    scores = {codec: plausibility(text, codec) for codec, text in candidates.items()}
    best = max(scores, key=lambda codec: (scores[codec], codec == "gb18030"))
    if scores[best] < MIN_PLAUSIBILITY:
        raise UnknownEncodingError(
            f"{where}: not UTF-8, and as {best} only {scores[best]:.0%} of its characters are "
            "common Chinese characters, so the encoding is unknown; convert it to UTF-8, "
            "or pass encoding='...' if you know its encoding"
        )
    return _finish(candidates[best], best)


def read_text(path: str | Path, encoding: str | None = None, max_bytes: int | None = None) -> DecodedText:
    """Read and decode a text file.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Skip detection (see :func:`decode_bytes`).
    max_bytes : int, optional
        Refuse files larger than this (a ValueError saying so), so a stray
        huge file cannot exhaust memory.

    Returns
    -------
    DecodedText

    Examples
    --------
    >>> read_text("data/raw/lvliang-daily-2026-01-page.md").encoding  # doctest: +SKIP
    'utf-8'
    """
    path = Path(path)
    if max_bytes is not None:
        size = path.stat().st_size
        if size > max_bytes:
            raise ValueError(
                f"{path}: {size:,} bytes is more than the limit of {max_bytes:,}; "
                "split the file, or raise max_bytes"
            )
    return decode_bytes(path.read_bytes(), where=str(path), encoding=encoding)


def plausibility(text: str, codec: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are frequent
    characters of ``codec``'s standard (level 1 of GB2312 or of Big5).

    Returns 1.0 for a text with no non-ASCII characters.

    Examples
    --------
    >>> plausibility("人民日报", "gb18030")
    1.0
    """
    sample = [c for c in text[:_SNIFF_BYTES] if ord(c) > 0x7F]
    if not sample:
        return 1.0
    frequent = sum(1 for c in sample if _is_frequent(c, codec))
    return frequent / len(sample)


def _is_frequent(char: str, codec: str) -> bool:
    if char in "，。、；：？！“”‘’（）《》—…·「」『』【】　":
        return True
    try:
        code = char.encode("gb2312" if codec == "gb18030" else "big5")
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return False
    if codec == "gb18030":  # GB2312 level 1: rows 0xB0-0xD7
        return 0xB0 <= code[0] <= 0xD7
    return 0xA440 <= (code[0] << 8 | code[1]) <= 0xC67E  # Big5 level 1


def _refuse_binary(data: bytes, where: str) -> None:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise NotTextError(f"{where}: binary data (NUL bytes), not a text file")
    controls = sum(head.count(bytes([b])) for b in range(0x20) if b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        raise NotTextError(f"{where}: binary data ({controls} control bytes in the first {len(head)}), not a text file")


def _strict(data: bytes, codec: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnknownEncodingError(
            f"{where}: cannot be decoded as {codec} (byte {error.start}: {error.reason}); "
            "check the encoding, or convert the file to UTF-8"
        ) from None
    except LookupError:
        raise UnknownEncodingError(f"{where}: unknown codec {codec!r}; use one of {SUPPORTED}") from None


def _finish(text: str, codec: str) -> DecodedText:
    if text.startswith("\ufeff"):
        text = text[1:]
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    newline = kinds[0] if len(kinds) == 1 else ("none" if not kinds else "mixed")
    if crlf or cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=codec, newline=newline)
