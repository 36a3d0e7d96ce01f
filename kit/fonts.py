"""Find a font that draws Chinese, and check it draws every character asked of it.

Layer: plot (its foundation).  matplotlib and wordcloud both take their font
from here, so a figure never shows boxes in place of Chinese characters: a
missing font or glyph is an error whose message says how to fix it.

Resolution order:

1. the environment variable ``KIT_CJK_FONT``: a path to a .ttf/.otf/.ttc file
   (for a collection, append ``#N`` to choose face N; without it the
   Simplified Chinese face is chosen where the collection has one);
2. the system's fonts known to cover Chinese, in the order of
   :data:`KNOWN_CJK_FAMILIES` (Noto Sans CJK SC first).

Run ``python -m kit.fonts --check`` to see which font the kit uses.
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kit import paths

# Families that cover the Chinese characters of news text, best first.  The
# Simplified Chinese faces come first: the same code point is drawn with a
# different regional shape in the JP/KR faces of a CJK collection.
KNOWN_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Source Han Sans CN",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "Heiti SC",
    "STHeiti",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "Noto Sans CJK TC",
    "Arial Unicode MS",
)

FONT_FIX = (
    "install a CJK font: Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; "
    "Fedora: sudo dnf install google-noto-sans-cjk-fonts; "
    "Arch: sudo pacman -S noto-fonts-cjk; macOS and Windows ship PingFang SC / "
    "Microsoft YaHei; or set KIT_CJK_FONT=/path/to/font.otf"
)

# Characters used to test that a candidate font really covers Chinese.
_PROBE = "中国人民党建引领急难愁盼久久为功最后一米获得感"


class FontNotFoundError(RuntimeError):
    """No font that draws Chinese was found."""


class MissingGlyphError(RuntimeError):
    """The chosen font has no glyph for some characters that a figure draws."""


@dataclass(frozen=True)
class CJKFont:
    """A font face that draws Chinese.

    Parameters
    ----------
    path : pathlib.Path
        The font file (.ttf, .otf or a .ttc collection).
    index : int
        The face within a collection (0 for a single-face file).
    family : str
        The face's family name, as matplotlib knows it.
    """

    path: Path
    index: int
    family: str

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that this font has no glyph for.

        Whitespace and control characters are ignored.

        Parameters
        ----------
        text : str

        Returns
        -------
        list of str, sorted, each character once.

        Examples
        --------
        >>> resolve_cjk_font().missing("久久为功")
        []
        """
        face = _face(str(self.path), self.index)
        wanted = {ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"}
        return sorted(ch for ch in wanted if face.get_char_index(ord(ch)) == 0)

    def require(self, text: str) -> None:
        """Raise :class:`MissingGlyphError` unless every character of ``text`` has a glyph.

        Parameters
        ----------
        text : str

        Examples
        --------
        >>> resolve_cjk_font().require("最后一米")
        """
        missing = self.missing(text)
        if missing:
            shown = "".join(missing[:40])
            raise MissingGlyphError(
                f"the font {self.family} ({self.path}) has no glyph for {len(missing)} "
                f"character(s): {shown!r}; they would be drawn as boxes. Fix: use a font "
                f"that covers them (set KIT_CJK_FONT=/path/to/font) or {FONT_FIX}"
            )


@functools.lru_cache(maxsize=64)
def _face(path: str, index: int):
    from matplotlib.ft2font import FT2Font

    return FT2Font(path, face_index=index)


def _faces_of(path: str) -> list[tuple[int, str]]:
    """(index, family) for every face of a font file; [] if FreeType cannot read it."""
    from matplotlib.ft2font import FT2Font

    try:
        first = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return []
    faces = [(0, first.family_name)]
    for index in range(1, getattr(first, "num_faces", 1)):
        try:
            faces.append((index, FT2Font(path, face_index=index).family_name))
        except (OSError, RuntimeError, ValueError):
            continue
    return faces


def _covers_chinese(path: str, index: int) -> bool:
    try:
        face = _face(path, index)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(face.get_char_index(ord(ch)) for ch in _PROBE)


def _font_from_env(value: str) -> CJKFont:
    path_text, _, index_text = value.partition("#")
    path = Path(path_text).expanduser()
    if not path.is_file():
        raise FontNotFoundError(
            f"KIT_CJK_FONT={value!r} is not a font file; set it to the path of a "
            f".ttf/.otf/.ttc file that covers Chinese, or unset it to use the system's fonts"
        )
    faces = _faces_of(str(path))
    if not faces:
        raise FontNotFoundError(f"KIT_CJK_FONT={value!r}: FreeType cannot read this file as a font")
    if index_text:
        chosen = [f for f in faces if str(f[0]) == index_text]
        if not chosen:
            raise FontNotFoundError(
                f"KIT_CJK_FONT={value!r}: the file has faces 0..{len(faces) - 1}, not {index_text}"
            )
    else:
        chosen = [f for f in faces if f[1] in KNOWN_CJK_FAMILIES[:4]] or faces[:1]
    index, family = chosen[0]
    if not _covers_chinese(str(path), index):
        raise FontNotFoundError(
            f"KIT_CJK_FONT={value!r} ({family}) does not cover Chinese characters; "
            f"choose a CJK font, or {FONT_FIX}"
        )
    return CJKFont(path, index, family)


def _system_font_files() -> list[str]:
    from matplotlib import font_manager

    # Scanned afresh rather than read from matplotlib's cache, which does not
    # notice a font installed after it was built (as `make` does on a new machine).
    files = set(font_manager.findSystemFonts(fontext="ttf"))
    files |= set(font_manager.findSystemFonts(fontext="otf"))
    return sorted(files)


@functools.lru_cache(maxsize=1)
def _resolve_system_font() -> CJKFont:
    by_family: dict[str, tuple[str, int]] = {}
    for path in _system_font_files():
        for index, family in _faces_of(path):
            # Regular weight first: prefer the file whose name says so.
            known = by_family.get(family)
            if known is None or ("Regular" in Path(path).name and "Regular" not in Path(known[0]).name):
                by_family[family] = (path, index)
    for family in KNOWN_CJK_FAMILIES:
        if family in by_family:
            path, index = by_family[family]
            if _covers_chinese(path, index):
                return CJKFont(Path(path), index, family)
    raise FontNotFoundError(f"no font that draws Chinese was found on this system: {FONT_FIX}")


def resolve_cjk_font() -> CJKFont:
    """The font the kit draws Chinese with.

    Returns
    -------
    CJKFont

    Raises
    ------
    FontNotFoundError
        With the command that installs a CJK font on this kind of system.

    Examples
    --------
    >>> font = resolve_cjk_font()
    >>> font.family  # doctest: +SKIP
    'Noto Sans CJK SC'
    """
    value = os.environ.get("KIT_CJK_FONT", "").strip()
    if value:
        return _font_from_env(value)
    return _resolve_system_font()


def register_with_matplotlib(font: CJKFont | None = None) -> str:
    """Make ``font`` known to matplotlib and return the family name to use.

    Parameters
    ----------
    font : CJKFont, optional
        Defaults to :func:`resolve_cjk_font`.

    Returns
    -------
    str
        The family name, for ``rcParams["font.family"]``.
    """
    from matplotlib import font_manager

    font = font or resolve_cjk_font()
    known = {(Path(e.fname), getattr(e, "index", 0)) for e in font_manager.fontManager.ttflist}
    if (font.path, font.index) not in known:
        font_manager.fontManager.addfont(str(font.path))
    return font.family


def single_face_file(font: CJKFont | None = None, cache_dir: Path | None = None) -> Path:
    """A path to a file holding only ``font``'s face, for libraries that open face 0.

    wordcloud (through Pillow) opens the first face of a collection, which for
    the Noto CJK collection is the Japanese one.  For a face other than the
    first, this extracts the face once into a cache folder (atomically).

    Parameters
    ----------
    font : CJKFont, optional
        Defaults to :func:`resolve_cjk_font`.
    cache_dir : pathlib.Path, optional
        Defaults to ``<cache>/fonts`` (see :func:`kit.paths.cache_dir`).

    Returns
    -------
    pathlib.Path
    """
    font = font or resolve_cjk_font()
    if font.index == 0:
        return font.path
    from fontTools.ttLib import TTCollection

    base = Path(cache_dir) if cache_dir else paths.cache_dir() / "fonts"
    target = base / f"{font.path.stem}-{font.index}-{font_digest(font)[:16]}.otf"
    if not target.exists():
        base.mkdir(parents=True, exist_ok=True)
        collection = TTCollection(str(font.path), lazy=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        collection.fonts[font.index].save(str(tmp), reorderTables=False)
        os.replace(tmp, target)
    return target


@functools.lru_cache(maxsize=32)
def file_digest(path: str, size: int, mtime_ns: int) -> str:
    """SHA-256 of a font file, computed once per (path, size, mtime) in a process.

    Also the key of the PDF subset cache (:mod:`kit.pdf_fonts`).
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def font_digest(font: CJKFont | None = None) -> str:
    """SHA-256 of the font file, for provenance records and cache keys.

    Parameters
    ----------
    font : CJKFont, optional
        Defaults to :func:`resolve_cjk_font`.

    Returns
    -------
    str
        Hex digest (computed once per file version in a process).
    """
    font = font or resolve_cjk_font()
    stat = font.path.stat()
    return file_digest(str(font.path), stat.st_size, stat.st_mtime_ns)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kit.fonts --check [TEXT]``."""
    parser = argparse.ArgumentParser(prog="python -m kit.fonts", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="find the CJK font and check its glyphs")
    parser.add_argument("text", nargs="?", default=_PROBE, help="characters that must have glyphs")
    args = parser.parse_args(argv)
    try:
        font = resolve_cjk_font()
        font.require(args.text)
    except (FontNotFoundError, MissingGlyphError) as error:
        print(f"kit: {error}", file=sys.stderr)
        return 1
    print(f"{font.family}\t{font.path}#{font.index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
