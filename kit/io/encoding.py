"""Decode the bytes of a Chinese text file: UTF-8 (with or without BOM),
UTF-16 (with or without BOM), GB18030 (which includes GBK and GB2312) and Big5.

The detection is a strict try-in-order with a plausibility check, written by
hand on purpose: general detectors choose among dozens of encodings and, on
short Chinese texts, often answer Korean or Japanese ones.  Here the set is
small and fixed:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. NUL bytes mean UTF-16 without a byte-order mark when the bytes decode as
   plausible Chinese or plain text that way; otherwise they, or many control
   bytes, mean the file is not text;
3. strict UTF-8;
4. GB18030 and Big5, each strictly.  GB18030 decodes almost any byte string,
   so when both succeed the one whose characters are more often among the
   most frequent characters of its own standard wins (GB2312 level 1 for
   GB18030, Big5 level 1 for Big5), and a winner with too few such characters
   is refused as an unknown encoding.

A file that is valid UTF-8 except for a few bytes (at most one in
:data:`MAX_INVALID_SHARE` of its non-ASCII characters) is UTF-8 with invalid
bytes: it is refused naming the first byte's offset and line, or, with
``errors="replace"``, decoded with U+FFFD in place of each invalid sequence
and every replacement reported in :attr:`DecodedText.replaced`.

Line ends (CRLF, CR) are turned into ``\\n`` and the original style is
reported.
"""
from __future__ import annotations

import codecs
import contextvars
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5")
ERRORS = ("strict", "replace")
# At most one invalid sequence in this many valid non-ASCII characters makes a
# file "UTF-8 with invalid bytes" rather than some other encoding.
MAX_INVALID_SHARE = 10
# Below this share of frequent characters a decoding is not plausible Chinese.
MIN_PLAUSIBILITY = 0.6
_SNIFF_BYTES = 65536


class NotTextError(ValueError):
    """The file holds binary data, not text."""


class UnknownEncodingError(ValueError):
    """The file is none of the supported encodings."""


class InvalidBytesError(UnknownEncodingError):
    """The file is text in a known encoding except for a few invalid bytes.

    Attributes
    ----------
    encoding : str
    replaced : tuple of Replacement
        Every invalid byte sequence (byte offset, bytes, line).
    """

    def __init__(self, message: str, encoding: str, replaced: tuple):
        super().__init__(message)
        self.encoding, self.replaced = encoding, replaced


@dataclass(frozen=True)
class Replacement:
    """One invalid byte sequence, replaced by U+FFFD with ``errors="replace"``.

    Attributes
    ----------
    offset : int
        0-based byte offset in the file.
    data : bytes
        The invalid bytes.
    line : int
        1-based line of the file.
    """

    offset: int
    data: bytes
    line: int


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
    replaced : tuple of Replacement
        The invalid byte sequences replaced by U+FFFD (only with
        ``errors="replace"``; empty otherwise).
    """

    text: str
    encoding: str
    newline: str
    replaced: tuple = ()

    def replacement_report(self) -> str:
        """One line saying how many bytes were replaced and where ("" if none).

        Examples
        --------
        >>> decode_bytes(b"\\xe4\\xb8\\x80\\n\\xff", encoding="utf-8", errors="replace").replacement_report()
        '1 invalid byte replaced by U+FFFD: byte 4 (line 2)'
        """
        if not self.replaced:
            return ""
        count = sum(len(r.data) for r in self.replaced)
        shown = ", ".join(f"byte {r.offset} (line {r.line})" for r in self.replaced[:5])
        more = f" and {len(self.replaced) - 5} more places" if len(self.replaced) > 5 else ""
        return f"{count} invalid byte{'s' if count != 1 else ''} replaced by U+FFFD: {shown}{more}"


def decode_bytes(data: bytes, where: str = "<bytes>", encoding: str | None = None,
                 errors: str = "strict") -> DecodedText:
    """Decode bytes of Chinese text, detecting the encoding.

    Parameters
    ----------
    data : bytes
    where : str
        The file name, for error messages.
    encoding : str, optional
        Skip detection and decode with this codec.
    errors : {"strict", "replace"}
        ``"strict"`` refuses a file with invalid bytes, naming the first
        one's offset and line.  ``"replace"`` decodes UTF-8 with a few
        invalid bytes (or any bytes in the given ``encoding``) with U+FFFD in
        place of each invalid sequence, listed in ``DecodedText.replaced``.

    Returns
    -------
    DecodedText

    Raises
    ------
    NotTextError
        The bytes look binary (NUL or many control bytes).
    InvalidBytesError
        UTF-8 (or the given encoding) except for a few invalid bytes, with
        ``errors="strict"``: the message gives the first one's offset and line.
    UnknownEncodingError
        None of the supported encodings decodes the bytes plausibly.

    Examples
    --------
    >>> decode_bytes("久久为功".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes("久久為功".encode("big5")).encoding
    'big5'
    """
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {list(ERRORS)}, got {errors!r}")
    if encoding is not None:
        return _decode(data, encoding, encoding, where, errors)
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", "utf-8-sig", where, errors)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", "utf-16", where, errors)
    if b"\x00" in data[:_SNIFF_BYTES]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    _refuse_binary(data, where)
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _decode(data, "utf-8", "utf-8", where, errors)
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


def read_text(path: str | Path, encoding: str | None = None, max_bytes: int | None = None,
              errors: str = "strict") -> DecodedText:
    """Read and decode a text file.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Skip detection (see :func:`decode_bytes`).
    errors : {"strict", "replace"}
        What to do with invalid bytes (see :func:`decode_bytes`).
    max_bytes : int, optional
        Refuse files larger than this (a ValueError saying so), so a stray
        huge file cannot exhaust memory.

    Returns
    -------
    DecodedText

    Examples
    --------
    >>> read_text("data/raw/lvliang-daily-2026-01-page.md").encoding
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
    return decode_bytes(path.read_bytes(), where=str(path), encoding=encoding, errors=errors)


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
        raise NotTextError(
            f"{where}: binary data (NUL bytes), not a text file, nor UTF-16 text without a "
            "byte-order mark; if it is text, convert it to UTF-8"
        )
    controls = sum(head.count(bytes([b])) for b in range(0x20) if b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.05:
        raise NotTextError(f"{where}: binary data ({controls} control bytes in the first {len(head)}), not a text file")


def _decode(data: bytes, codec: str, name: str, where: str, errors: str) -> DecodedText:
    """Decode with ``codec``; invalid bytes are refused or replaced and recorded."""
    try:
        codecs.lookup(codec)
    except LookupError:
        raise UnknownEncodingError(f"{where}: unknown codec {codec!r}; use one of {SUPPORTED}") from None
    found: list[tuple[int, int]] = []
    token = _INVALID.set(found)
    try:
        text = codecs.decode(data, codec, errors=_RECORD)
    finally:
        _INVALID.reset(token)
    if not found:
        return _finish(text, name)
    replaced = tuple(Replacement(start, data[start:end], data.count(b"\n", 0, start) + 1)
                     for start, end in found)
    if errors == "replace":
        return _finish(text, name, replaced)
    first = replaced[0]
    count = sum(len(r.data) for r in replaced)
    where_first = f"byte {first.offset} (line {first.line}: {first.data.hex(' ')})"
    fix = ("read it with errors='replace' to put U+FFFD in their place and have them "
           "reported")
    if _mostly_valid(text, len(replaced)):
        message = (f"{where}: {name.upper()} text with {count} invalid byte{'s' if count != 1 else ''}, "
                   f"the first at {where_first}; repair the file, or {fix}")
    else:
        message = (f"{where}: cannot be decoded as {codec} ({where_first}: {count} invalid bytes in all); "
                   f"check the encoding, convert the file to UTF-8, or {fix}")
    raise InvalidBytesError(message, codec, replaced)


# Decoding with errors=_RECORD puts U+FFFD in place of each invalid sequence
# and notes where it was, in the list _INVALID holds for this decode.
_INVALID: contextvars.ContextVar[list] = contextvars.ContextVar("kit_invalid_bytes")
_RECORD = "kit-record-invalid-bytes"


def _record_invalid(error: UnicodeDecodeError):
    _INVALID.get().append((error.start, error.end))
    return "\ufffd", error.end


codecs.register_error(_RECORD, _record_invalid)


def _mostly_valid(text: str, invalid: int) -> bool:
    """At most one invalid sequence per MAX_INVALID_SHARE valid non-ASCII characters."""
    valid = sum(1 for c in text if ord(c) > 0x7F) - invalid
    return valid >= MAX_INVALID_SHARE * invalid


def _mostly_utf8(data: bytes) -> bool:
    """True if the bytes are UTF-8 except for a few invalid sequences."""
    found: list = []
    token = _INVALID.set(found)
    try:
        text = data.decode("utf-8", errors=_RECORD)
    finally:
        _INVALID.reset(token)
    return bool(found) and _mostly_valid(text, len(found))


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """The text, if ``data`` is plausible UTF-16 (LE or BE) without a byte-order mark."""
    if len(data) % 2:
        return None
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SNIFF_BYTES]
        if any(ord(c) < 0x20 and c not in "\t\n\r\f" for c in sample):
            continue  # NULs or controls once decoded: not this byte order
        score = max(plausibility(sample, "gb18030"), plausibility(sample, "big5"))
        if score >= MIN_PLAUSIBILITY and (best is None or score > best[0]):
            best = (score, text, codec)
    return _finish(best[1], best[2]) if best else None


def _finish(text: str, codec: str, replaced: tuple = ()) -> DecodedText:
    if text.startswith("\ufeff"):
        text = text[1:]
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    newline = kinds[0] if len(kinds) == 1 else ("none" if not kinds else "mixed")
    if crlf or cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=codec, newline=newline, replaced=replaced)
