"""The documentation agrees with the code: CITATION.cff, docs/*.md links, names and columns.

- CITATION.cff is valid YAML with the fields a citation needs, its version is
  pyproject.toml's, and every reference names its type, title and authors;
- every page of docs/ is linked from docs/index.md, and every relative link
  (and its #anchor) leads somewhere that exists;
- every ``kit.…`` name written in backticks exists in the package;
- docs/statistics.md documents exactly the columns that each kit.stats
  function returns, no more and no fewer;
- docs/architecture.md puts every top-level part of kit/ in the layer that
  tests/test_layers.py gives it, and every file it names exists.
"""
from __future__ import annotations

import importlib
import re
import sys
import types
import unicodedata
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_layers import LAYERS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))

# Reference types of the Citation File Format 1.2.0 schema.
CFF_REFERENCE_TYPES = {
    "art", "article", "audiovisual", "bill", "blog", "book", "catalogue", "conference-paper",
    "conference", "data", "database", "dictionary", "edited-work", "encyclopedia",
    "film-broadcast", "generic", "government-document", "grant", "hearing", "historical-work",
    "legal-case", "legal-rule", "magazine-article", "manual", "map", "multimedia", "music",
    "newspaper-article", "pamphlet", "patent", "personal-communication", "proceedings",
    "report", "serial", "slides", "software-code", "software-container", "software-executable",
    "software-virtual-machine", "software", "sound-recording", "standard", "statute", "thesis",
    "unpublished", "video", "website",
}

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
# Inline code may run over a line break, not over a blank line.
_INLINE_CODE = re.compile(r"`((?:[^`\n]|\n(?!\s*\n))+)`")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
_KIT_NAME = re.compile(r"(?<![\w.\-/])kit(?:\.[A-Za-z_]\w*)+")


# -- helpers --------------------------------------------------------------------
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _prose(text: str) -> str:
    """The text without fenced code blocks and inline code (where links are not links)."""
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def _code(text: str) -> list[str]:
    """Inline code spans and the contents of fenced code blocks."""
    spans = [m.group(0) for m in _FENCE.finditer(text)]
    spans += _INLINE_CODE.findall(_FENCE.sub("", text))
    return spans


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, code marks and punctuation dropped, spaces to '-'."""
    text = heading.replace("`", "").strip().lower()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == " ":
            kept.append("-")
        elif char == "-" or category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return "".join(kept)


def _anchors(path: Path) -> set[str]:
    anchors, seen = set(), {}
    for match in _HEADING.finditer(_FENCE.sub("", _read(path))):
        slug = _slug(match.group(2))
        count = seen.get(slug, 0)
        anchors.add(slug if count == 0 else f"{slug}-{count}")
        seen[slug] = count + 1
    return anchors


def _relative_links(path: Path) -> list[str]:
    return [
        target for target in _LINK.findall(_prose(_read(path)))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)  # http:, https:, mailto: …
    ]


def _resolve(dotted: str):
    """The object a dotted ``kit.…`` name stands for, as a user would reach it after ``import kit``.

    An attribute is looked up with getattr; a submodule that its package has
    not imported yet is imported, as ``import kit.x.y`` would.  A name that
    some other object shadows (a function with the module's name) fails.
    """
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for i in range(1, len(parts)):
        try:
            obj = getattr(obj, parts[i])
            continue
        except AttributeError:
            pass
        if isinstance(obj, types.ModuleType):
            try:
                obj = importlib.import_module(".".join(parts[: i + 1]))
                continue
            except ImportError:
                pass
        raise AttributeError(f"{'.'.join(parts[:i])} has no attribute {parts[i]!r}")
    return obj


def _pyproject_version() -> str:
    text = _read(ROOT / "pyproject.toml")
    try:
        import tomllib
    except ImportError:  # Python 3.10
        project = text.split("[project]", 1)[1].split("\n[", 1)[0]
        return re.search(r'^version\s*=\s*"([^"]+)"', project, re.MULTILINE).group(1)
    return tomllib.loads(text)["project"]["version"]


# -- CITATION.cff ---------------------------------------------------------------
@pytest.fixture(scope="module")
def citation() -> dict:
    data = yaml.safe_load(_read(ROOT / "CITATION.cff"))
    assert isinstance(data, dict), "CITATION.cff must be a YAML mapping"
    return data


def test_citation_has_the_required_fields(citation):
    assert str(citation.get("cff-version")) == "1.2.0"
    for key in ("message", "title", "version", "authors", "date-released", "license"):
        assert citation.get(key), f"CITATION.cff has no {key!r}"
    assert "kit" in citation["title"]


def test_citation_version_is_the_package_version(citation):
    assert str(citation["version"]) == _pyproject_version()


def test_citation_authors_are_named(citation):
    assert isinstance(citation["authors"], list) and citation["authors"]
    for author in citation["authors"]:
        assert author.get("name") or author.get("family-names"), f"an author without a name: {author}"


def test_every_reference_has_type_title_and_authors(citation):
    references = citation.get("references")
    assert isinstance(references, list) and references, "CITATION.cff lists no references"
    for reference in references:
        where = reference.get("title", reference)
        assert reference.get("type") in CFF_REFERENCE_TYPES, f"{where}: type {reference.get('type')!r}"
        assert isinstance(reference.get("title"), str) and reference["title"].strip(), f"{where}: no title"
        authors = reference.get("authors")
        assert isinstance(authors, list) and authors, f"{where}: no authors"
        for author in authors:
            assert author.get("name") or author.get("family-names"), f"{where}: an author without a name"


def test_citation_references_the_key_sources(citation):
    titles = " ".join(r["title"] for r in citation["references"])
    for expected in ("PKUSEG", "People's Daily", "surprise and coincidence", "frequency profiling",
                     "Log Ratio", "Dispersions and adjusted frequencies", "Correction to",
                     "lexicographer-friendly", "Corpora and collocations", "false discovery rate"):
        assert expected in titles, f"CITATION.cff does not reference {expected!r}"


# -- pages and links ------------------------------------------------------------
def test_the_docs_exist():
    names = {page.name for page in PAGES}
    expected = {"index.md", "architecture.md", "reading.md", "lexicon.md", "tokens.md", "counting.md", "statistics.md",
                "cooccurrence.md", "comparison.md", "discovery.md", "figures.md", "cli.md",
                "reproducibility.md", "scale.md"}
    assert expected <= names, f"missing pages: {sorted(expected - names)}"


def test_every_page_is_linked_from_the_index():
    linked = {target.split("#", 1)[0] for target in _relative_links(DOCS / "index.md")}
    unlinked = [page.name for page in PAGES if page.name != "index.md" and page.name not in linked]
    assert not unlinked, f"docs/index.md does not link to {unlinked}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    broken = []
    for target in _relative_links(page):
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            broken.append(f"{target}: no heading with anchor #{anchor} in {destination.name}")
    assert not broken, f"{page.name}: " + "; ".join(broken)


# -- names of the package --------------------------------------------------------
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_backticks_are_balanced(page):
    # An unclosed code span would hide the names after it from the check below.
    for number, block in enumerate(re.split(r"\n\s*\n", _FENCE.sub("", _read(page)))):
        assert block.count("`") % 2 == 0, f"{page.name}: unbalanced backticks in: {block[:80]!r}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_kit_names_in_backticks_exist(page):
    names = sorted({name for span in _code(_read(page)) for name in _KIT_NAME.findall(span)})
    missing = []
    for name in names:
        try:
            _resolve(name)
        except (AttributeError, ImportError) as error:
            missing.append(f"{name} ({error})")
    assert not missing, f"{page.name} names what the package does not have: {missing}"


def test_the_name_check_catches_a_missing_name():
    with pytest.raises(AttributeError):
        _resolve("kit.no_such_function")
    with pytest.raises(AttributeError):
        _resolve("kit.plot.no_such_figure")
    assert callable(_resolve("kit.plot.keyness_bars"))


# -- statistics.md and the columns of kit.stats -------------------------------------
def _stat_outputs() -> dict:
    import kit.stats

    return {
        "kit.stats.keyness_scores": kit.stats.keyness_scores([10, 0], [5, 3], 1000, 2000),
        "kit.stats.association_scores": kit.stats.association_scores([20, 0], [50, 50], [80, 80], 10_000),
        "kit.stats.dispersion_scores": kit.stats.dispersion_scores([[2, 1, 0], [0, 0, 0]], [100, 100, 100]),
        "kit.stats.log_ratio_ci": kit.stats.log_ratio_ci([4], [1], 20, 40),
    }


def _documented_columns() -> dict[str, list[str]]:
    """Function name -> the columns its section of statistics.md names on ``**Column(s):**`` lines."""
    text = _FENCE.sub("", _read(DOCS / "statistics.md"))
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    documented: dict[str, list[str]] = {}
    for section in sections:
        heading = section.split("\n", 1)[0]
        function = next((f for f in _stat_outputs_names() if f"`{f}`" in heading), None)
        markers = re.findall(r"^\*\*Columns?:\*\*(.*)$", section, flags=re.MULTILINE)
        if function is None:
            assert not markers, f"statistics.md section {heading!r} names columns but no kit.stats function"
            continue
        documented.setdefault(function, []).extend(
            name for line in markers for name in _INLINE_CODE.findall(line))
    return documented


def _stat_outputs_names() -> tuple[str, ...]:
    return ("kit.stats.keyness_scores", "kit.stats.association_scores",
            "kit.stats.dispersion_scores", "kit.stats.log_ratio_ci")


def test_statistics_page_names_only_real_columns_and_all_of_them():
    outputs = _stat_outputs()
    documented = _documented_columns()
    assert set(documented) == set(outputs), f"statistics.md has sections for {sorted(documented)}"
    for function, frame in outputs.items():
        columns = list(frame.columns)
        named = documented[function]
        unknown = sorted(set(named) - set(columns))
        assert not unknown, f"statistics.md names columns {unknown} that {function} does not return ({columns})"
        undocumented = [c for c in columns if c not in named]
        assert not undocumented, f"{function} returns columns {undocumented} that statistics.md does not describe"


def test_statistics_page_has_a_formula_and_a_citation_per_section():
    text = _FENCE.sub("", _read(DOCS / "statistics.md"))
    for section in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        heading = section.split("\n", 1)[0]
        if not re.search(r"^\*\*Columns?:\*\*", section, flags=re.MULTILINE):
            continue
        assert "$" in section, f"statistics.md: {heading!r} has no formula"
        assert "Checked against" in section, f"statistics.md: {heading!r} says not what it is checked against"


# -- architecture.md: every part of kit/, in its layer ------------------------------
ARCHITECTURE = DOCS / "architecture.md"
# Spans that name a place rather than a file: a placeholder, a pattern, or
# what only a run makes (the environment, the caches).
_NOT_A_PATH = re.compile(r"[<>*…]|NN|NAME|^\.venv/|^data/cache/")
_TOP_FOLDERS = ("kit/", "tests/", "docs/", "data/", "notebooks/", "figures/", "scripts/", "benchmarks/", ".ci/")


def _kit_parts() -> set[str]:
    """The top-level parts of kit/: its modules and its packages."""
    package = ROOT / "kit"
    modules = {path.stem for path in package.glob("*.py") if path.name != "__init__.py"}
    packages = {path.name for path in package.iterdir() if (path / "__init__.py").is_file()}
    return modules | packages


def _layer_table(text: str) -> dict[str, int]:
    """Part -> rank, as the table under "## The layers" names them (`kit.x` or `kit/x.py`)."""
    section = re.split(r"^## The layers\s*$", text, flags=re.MULTILINE)[1]
    section = re.split(r"^## ", section, flags=re.MULTILINE)[0]
    ranks: dict[str, int] = {}
    for rank, cell in re.findall(r"^\|\s*(\d+)\s*\|([^|\n]*)\|", section, flags=re.MULTILINE):
        for part in re.findall(r"`kit[./](\w+)", cell):
            assert part not in ranks, f"architecture.md puts kit.{part} in two layers"
            ranks[part] = int(rank)
    return ranks


def test_architecture_describes_every_part_of_kit():
    ranks = _layer_table(_read(ARCHITECTURE))
    undescribed = sorted(_kit_parts() - set(ranks))
    assert not undescribed, (f"docs/architecture.md's table of layers does not describe these parts of "
                             f"kit/: {undescribed}; add each to the row of its layer")
    gone = sorted(set(ranks) - _kit_parts())
    assert not gone, f"docs/architecture.md describes parts that kit/ does not have: {gone}"


def test_architecture_layers_are_the_checked_layers():
    ranks = _layer_table(_read(ARCHITECTURE))
    differ = {part: {"page": rank, "LAYERS": LAYERS.get(part)}
              for part, rank in sorted(ranks.items()) if LAYERS.get(part) != rank}
    assert not differ, f"docs/architecture.md and tests/test_layers.py disagree on the layers: {differ}"


def test_the_layer_table_is_read_as_written():
    page = ("## The layers\n\n| rank | parts |\n| ---- | ----- |\n| 3 | `kit.new_part`, `kit/other.py` | `kit.x.y` |\n"
            "| 0 | `kit.paths` | |\n\n## Next\n\n| 5 | `kit.after` |\n")
    assert _layer_table(page) == {"new_part": 3, "other": 3, "paths": 0}


def test_architecture_names_only_files_that_exist():
    missing = []
    for span in _code(_read(ARCHITECTURE)):
        for word in span.split():
            word = word.strip(",;:()")
            if not word.startswith(_TOP_FOLDERS) or _NOT_A_PATH.search(word):
                continue
            if not (ROOT / word).exists():
                missing.append(word)
    assert not missing, f"docs/architecture.md names files that do not exist: {sorted(set(missing))}"
