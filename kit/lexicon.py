"""Lexicons of formulaic phrases (提法、套话、口号): loading, validating, merging.

Layer: text/lexicon (imports the standard library, yaml, pandas, kit.text and
the bottom layer).

A lexicon is a curated, versioned YAML file::

    version: "1.0"
    name: formulaic
    description: Formulaic phrases of Chinese political and news discourse
    entries:
      - phrase: 获得感、幸福感、安全感
        category: 民生
        variants: [获得感幸福感安全感, 获得感、幸福感和安全感]
        gloss: sense of gain, happiness and security
        source: 19th Party Congress report, 2017
      - phrase: 一X一品
        pattern: 一[\\u4e00-\\u9fff]一品
        category: 治理
        gloss: "'one X, one brand' template"
        source: widely attested in Party media

An entry is either literal (``phrase`` and its ``variants`` are matched as
written; every form counts for the entry) or a pattern (``pattern`` is a
regular expression over characters; ``phrase`` is its readable label).  Every
malformed file raises :class:`LexiconError` naming the file, the line and the
entry.

Literal forms are normalised as the corpus readers normalise texts
(:func:`kit.text.normalize`, with the readers' default settings unless told
otherwise), so that ``５Ｇ基站`` or ``「最后一米」`` in a lexicon finds ``5G基站``
and ``“最后一米”`` in a text; ``Lexicon.normalized`` lists every form that changed.
"""
from __future__ import annotations

import hashlib
import json
import re
import reprlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd
import yaml

from kit.paths import data_dir
from kit.regex_safety import backtracking_problem
from kit.strict_yaml import DuplicateKeyProblem, YamlProblem, load_yaml
from kit.text.normalize import normalization_settings, normalize

#: The categories an entry may take, with what each covers.
CATEGORIES: dict[str, str] = {
    "民生": "people's livelihood: services, welfare, what people feel (急难愁盼, 获得感)",
    "治理": "governance, grassroots and social governance (共建共治共享, 网格化管理)",
    "党建": "Party building, Party organisation and ideology (党建引领, 第一议题)",
    "作风": "work style of officials and cadres (真抓实干, 久久为功, 钉钉子精神)",
    "政策": "named policies, campaigns and reforms (乡村振兴, 放管服)",
    "经济": "economy and development (高质量发展, 新质生产力)",
    "生态": "ecology and environment (绿水青山就是金山银山)",
    "文化": "culture, values and publicity (中华优秀传统文化, 讲好中国故事)",
    "四字格": "set four-character phrases and idioms, 成语 and 四字格 (挥毫泼墨, 同频共振)",
    "隐喻": "metaphors of the genre (抓手, 最后一公里, 牛鼻子)",
    "数字化提法": "numbered formulas (四个意识, 两个维护, 三会一课)",
    "理论": "guiding theories and ideological formulations (实事求是, 邓小平理论, 科学发展观)",
    "法治": "rule of law and the legal system (依法治国, 有法可依)",
    "外交": "foreign affairs and international relations (和平共处五项原则, 人类命运共同体)",
    "国防": "defence and the armed forces (党指挥枪, 强军目标)",
    "港澳台": "Hong Kong, Macao, Taiwan and reunification (一国两制, 九二共识)",
}

ENTRY_KEYS = ("phrase", "category", "variants", "gloss", "source", "pattern", "since", "until")
ENTRY_COLUMNS = (
    "entry", "category", "variants", "gloss", "source", "since", "since_precision", "until",
    "era", "is_pattern", "pattern", "file", "line", "replaces",
)
NORMALIZED_COLUMNS = ("entry", "written", "form", "file", "line")

#: Eras of formula history, by the year an entry was first put forward
#: (``since``).  Calendar decades, with reform and opening beginning at the
#: Third Plenum of the 11th Central Committee (December 1978).
ERAS: tuple[tuple[str, int, int], ...] = (
    ("before 1978", 1900, 1977),
    ("1978–1989", 1978, 1989),
    ("1990s", 1990, 1999),
    ("2000s", 2000, 2009),
    ("2010s", 2010, 2019),
    ("2020s", 2020, 2099),
)
#: How exactly ``since`` is known: ``year`` (first put forward that year),
#: ``circa`` (written ``c. 2013``: within a year or two), ``before`` (written
#: ``before 1949``: already in use by then; its origin is earlier).
SINCE_PRECISIONS = ("year", "circa", "before")
_SINCE = re.compile(r"^(?:(?P<circa>c\.|circa)\s*|(?P<before>before)\s+)?(?P<year>\d{4})$")
_YEAR_RANGE = (1900, 2100)
BUNDLED_LEXICON = "formulaic.yaml"
#: The largest lexicon file read (the bundled one is about 40 kB).
MAX_LEXICON_BYTES = 16 * 1024 * 1024

# Characters that can never belong to a phrase: the kit joins and separates
# texts with them, and a phrase holding one is a typing accident.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x1f\x7f]")


class LexiconError(ValueError):
    """A lexicon file or entry is malformed.

    Attributes
    ----------
    file : str
        The lexicon file (or ``"<entries>"`` for entries built in code).
    line : int or None
        1-based line in the file.
    entry : str or None
        The entry's phrase, or its position when it has no phrase.
    """

    def __init__(self, problem: str, file: str, line: int | None = None, entry: str | None = None):
        self.problem, self.file, self.line, self.entry = problem, file, line, entry
        where = file if line is None else f"{file}, line {line}"
        what = "" if entry is None else f", entry {entry}"
        super().__init__(f"{where}{what}: {problem}")


class LexiconOverrideWarning(UserWarning):
    """A merged lexicon redefined a phrase that an earlier lexicon defined."""


@dataclass
class _RawEntry:
    """One entry as read, with where it was read from."""

    data: object
    line: int | None
    key_lines: dict = field(default_factory=dict)


def bundled_lexicon_path() -> Path:
    """The path of the lexicon shipped with the kit (data/lexicons/formulaic.yaml)."""
    return data_dir() / "lexicons" / BUNDLED_LEXICON


class Lexicon:
    """A validated set of formulaic phrases.

    Build one with :func:`load_lexicon` or :meth:`Lexicon.from_entries`.

    Attributes
    ----------
    entries : pandas.DataFrame
        One row per entry, sorted by ``entry``, with columns

        entry : str
            The phrase (for a pattern entry, its readable label).
        category : str
            One of :data:`CATEGORIES`.
        variants : tuple of str
            Other written forms that count as the same entry.
        gloss, source : str
            English gloss; where the phrase was first put forward or is attested.
        since : Int64
            The year the formula was first put forward in Party or state
            documents (NA where the lexicon does not say).
        since_precision : str
            ``year``, ``circa`` or ``before`` (see :data:`SINCE_PRECISIONS`;
            "" where ``since`` is NA).
        until : Int64
            The year it was superseded or fell out of official use (NA: still
            in use, or not known).
        era : str
            The era of ``since`` (one of :data:`ERAS`; "" where ``since`` is NA).
        is_pattern : bool
            True for a regular-expression entry.
        pattern : str
            The regular expression ("" for literal entries).
        file, line : str, int
            Where the entry was defined (line is 0 for entries built in code).
        replaces : str
            For merged lexicons: ``"file, line N"`` of the definition this one
            overrode, else "".
    name, version, description : str
    overrides : list of str
        One message per phrase overridden while merging.
    normalization : dict or None
        The :func:`kit.text.normalize` settings the literal forms were
        normalised with (None for a merge of lexicons normalised differently).
    normalized : pandas.DataFrame
        One row per form that normalisation changed: ``entry``, ``written``
        (as in the file), ``form`` (as matched; a variant that became equal to
        its phrase or to another variant is kept once), ``file``, ``line``.

    Examples
    --------
    >>> lex = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    >>> len(lex), lex.protected_phrases()
    (1, ['久久为功'])
    """

    def __init__(self, entries: pd.DataFrame, name: str = "lexicon", version: str = "",
                 description: str = "", overrides: Sequence[str] = (),
                 normalization: dict | None = None, normalized: pd.DataFrame | None = None):
        self.entries = entries.sort_values("entry", kind="stable").reset_index(drop=True)
        self.name = name
        self.version = str(version)
        self.description = description
        self.overrides = list(overrides)
        self.normalization = normalization
        if normalized is None:
            normalized = pd.DataFrame(columns=list(NORMALIZED_COLUMNS))
        self.normalized = normalized.reset_index(drop=True)

    # -- construction -------------------------------------------------------
    @classmethod
    def from_entries(cls, entries: Iterable[dict], name: str = "custom", version: str = "0",
                     description: str = "", normalization: dict | None = None) -> "Lexicon":
        """Build a lexicon from entry dicts (same keys as in a YAML file).

        Parameters
        ----------
        entries : iterable of dict
            Keys ``phrase`` (required), ``category`` (required), ``variants``,
            ``gloss``, ``source``, ``pattern``.
        name, version, description : str
        normalization : dict, optional
            Settings of :func:`kit.text.normalize` for the literal forms
            (default: the corpus readers' defaults); see :func:`load_lexicon`.

        Returns
        -------
        Lexicon

        Examples
        --------
        >>> Lexicon.from_entries([{"phrase": "一X一品", "pattern": "一.一品",
        ...                        "category": "治理"}]).entries["is_pattern"].tolist()
        [True]
        """
        raw = [_RawEntry(e, None) for e in entries]
        settings = _settings(normalization)
        frame, normalized = _validate_entries(raw, "<entries>", settings)
        return cls(frame, name=name, version=version, description=description,
                   normalization=settings, normalized=normalized)

    def merge(self, other: "Lexicon") -> "Lexicon":
        """This lexicon with ``other``'s entries added; ``other`` wins on a shared phrase.

        Each overridden phrase is recorded in the ``replaces`` column and in
        ``overrides``, and one :class:`LexiconOverrideWarning` sums them up.

        Parameters
        ----------
        other : Lexicon

        Returns
        -------
        Lexicon named ``"{self.name}+{other.name}"``.

        Raises
        ------
        LexiconError
            If a form of one entry is a form of a different entry of the other.

        Examples
        --------
        >>> a = Lexicon.from_entries([{"phrase": "赋能", "category": "治理"}])
        >>> b = Lexicon.from_entries([{"phrase": "赋能", "category": "隐喻"}])
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     a.merge(b).entries["category"].tolist()
        ['隐喻']
        """
        mine = self.entries.set_index("entry", drop=False)
        theirs = other.entries.set_index("entry", drop=False)
        shared = mine.index.intersection(theirs.index)
        messages = list(self.overrides) + list(other.overrides)
        replaced = theirs.copy()
        for phrase in shared:
            old = mine.loc[phrase]
            new = theirs.loc[phrase]
            old_where = f"{old['file']}, line {old['line']}"
            replaced.loc[phrase, "replaces"] = old_where
            messages.append(
                f"entry {phrase}: {new['file']}, line {new['line']} overrides {old_where}"
            )
        merged = pd.concat([mine.drop(index=shared), replaced], ignore_index=True)
        _check_forms_unique(merged)
        if len(shared):
            warnings.warn(
                f"merging lexicon {other.name!r} into {self.name!r} overrode "
                f"{len(shared)} entr{'y' if len(shared) == 1 else 'ies'}: "
                + "; ".join(messages[-len(shared):]),
                LexiconOverrideWarning,
                stacklevel=2,
            )
        normalized = pd.concat([self.normalized[~self.normalized["entry"].isin(shared)],
                                other.normalized], ignore_index=True)
        return Lexicon(
            merged,
            name=f"{self.name}+{other.name}",
            version=f"{self.version}+{other.version}",
            description=self.description,
            overrides=messages,
            normalization=self.normalization if self.normalization == other.normalization else None,
            normalized=normalized,
        )

    def select(self, phrases: str | Iterable[str]) -> "Lexicon":
        """The sub-lexicon of the named entries (a variant names its entry too).

        Parameters
        ----------
        phrases : str or iterable of str

        Returns
        -------
        Lexicon

        Raises
        ------
        KeyError
            If a phrase is neither an entry nor a variant.

        Examples
        --------
        >>> lex = Lexicon.from_entries([{"phrase": "赋能", "category": "治理"},
        ...                             {"phrase": "减负赋能", "category": "治理"}])
        >>> len(lex.select("赋能"))
        1
        """
        if isinstance(phrases, str):
            phrases = [phrases]
        named = self.entry_of_each(phrases)
        unknown = [phrase for phrase, entry in named.items() if entry is None]
        if unknown:
            raise KeyError(f"{unknown[0]!r} is not an entry or a variant of lexicon {self.name!r}")
        wanted = set(named.values())
        chosen = self.entries[self.entries["entry"].isin(wanted)]
        return Lexicon(chosen.copy(), name=self.name, version=self.version,
                       description=self.description, normalization=self.normalization,
                       normalized=self.normalized[self.normalized["entry"].isin(wanted)])

    def entry_of_each(self, phrases: Iterable[str]) -> dict[str, str | None]:
        """The entry each phrase names: itself if it is an entry, its entry if it is a variant, else None.

        Parameters
        ----------
        phrases : iterable of str

        Returns
        -------
        dict
            phrase -> entry (or None), in the order of ``phrases``.

        Examples
        --------
        >>> lex = Lexicon.from_entries([{"phrase": "党建引领", "category": "党建", "variants": ["党建领航"]}])
        >>> lex.entry_of_each(["党建领航", "党建引领", "赋能"])
        {'党建领航': '党建引领', '党建引领': '党建引领', '赋能': None}
        """
        owner = self.literal_forms()
        names = set(self.entries["entry"].tolist())
        return {phrase: phrase if phrase in names else owner.get(phrase) for phrase in phrases}

    def each_entry(self) -> dict[str, "Lexicon"]:
        """Every entry as its own one-entry lexicon: ``select(entry)`` for all entries at once.

        Returns
        -------
        dict
            entry -> Lexicon, in the lexicon's order; a caller looking up a
            variant finds its entry with :meth:`literal_forms`.

        Examples
        --------
        >>> lex = Lexicon.from_entries([{"phrase": "赋能", "category": "治理"},
        ...                             {"phrase": "减负赋能", "category": "治理"}])
        >>> {name: len(one) for name, one in lex.each_entry().items()}
        {'减负赋能': 1, '赋能': 1}
        """
        # One grouping instead of a select per entry, which walks the whole lexicon each time.
        normalized = dict(tuple(self.normalized.groupby("entry", sort=False)))
        empty = self.normalized.iloc[0:0]
        return {entry: Lexicon(rows.copy(), name=self.name, version=self.version, description=self.description,
                               normalization=self.normalization, normalized=normalized.get(entry, empty))
                for entry, rows in self.entries.groupby("entry", sort=False)}

    # -- views --------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        changed = f", {len(self.normalized)} forms normalised" if len(self.normalized) else ""
        return (f"Lexicon({self.name!r}, version {self.version!r}, {len(self)} entries, "
                f"{int(self.entries['is_pattern'].sum())} patterns{changed})")

    @property
    def categories(self) -> list[str]:
        """The categories used by this lexicon's entries, sorted."""
        return sorted(set(self.entries["category"]))

    @property
    def hash(self) -> str:
        """SHA-256 hex digest of the entries' content (stable across runs and machines).

        Only what defines the entries counts (phrase, category, variants,
        gloss, source, pattern, since, until), not where they were read from.
        Entries without ``since`` or ``until`` hash as they did before those
        fields existed.
        """
        # column lists, not itertuples: row by row over Arrow-backed columns is slow,
        # and every analysis records this hash
        columns = {name: self.entries[name].astype(object).tolist()
                   for name in ("entry", "category", "variants", "gloss", "source", "pattern", "since",
                                "since_precision", "until")}
        rows = [
            {
                "entry": entry, "category": category, "variants": list(variants),
                "gloss": gloss, "source": source, "pattern": pattern,
                **({"since": [int(since), since_precision]} if not pd.isna(since) else {}),
                **({"until": int(until)} if not pd.isna(until) else {}),
            }
            for entry, category, variants, gloss, source, pattern, since, since_precision, until
            in zip(*columns.values())
        ]
        canonical = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def protected_phrases(self) -> list[str]:
        """Every literal phrase and variant, sorted: the strings a tokenizer keeps whole.

        Returns
        -------
        list of str (patterns are not included)

        Examples
        --------
        >>> Lexicon.from_entries([{"phrase": "不忘初心、牢记使命", "category": "党建",
        ...                        "variants": ["不忘初心牢记使命"]}]).protected_phrases()
        ['不忘初心、牢记使命', '不忘初心牢记使命']
        """
        return sorted(self.literal_forms())

    def literal_forms(self) -> dict[str, str]:
        """Map every literal form (phrase or variant) to its entry.

        Returns
        -------
        dict of str to str
        """
        literal = self.entries[~self.entries["is_pattern"].to_numpy(dtype=bool)]
        forms: dict[str, str] = {}
        # plain lists: iterating the (Arrow-backed) columns row by row is many times slower
        for entry, variants in zip(literal["entry"].tolist(), literal["variants"].tolist()):
            forms[entry] = entry
            for variant in variants:
                forms[variant] = entry
        return forms

    def pattern_entries(self) -> list[tuple[str, str]]:
        """The pattern entries as ``(entry, regular expression)`` pairs, in entry order."""
        pats = self.entries[self.entries["is_pattern"]]
        return list(zip(pats["entry"], pats["pattern"]))


# -- loading ----------------------------------------------------------------
def load_lexicon(path: str | Path | Sequence[str | Path] | None = None,
                 normalization: dict | None = None) -> Lexicon:
    """Read and validate a lexicon file, or several merged in order.

    Parameters
    ----------
    path : path-like, list of path-likes, or None
        None reads the bundled lexicon (data/lexicons/formulaic.yaml).  With a
        list, later files override earlier ones phrase by phrase (see
        :meth:`Lexicon.merge`).
    normalization : dict, optional
        Settings of :func:`kit.text.normalize` for the phrases and variants,
        by default the corpus readers' defaults.  Pass
        ``corpus.meta["normalization"]`` to normalise exactly as a corpus was
        read (for instance with ``to_simplified=True``).  Patterns are not
        normalised: they run on normalised text as written.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        For a missing or malformed file: YAML syntax, a key given twice in
        one mapping, aliases that expand too far, missing keys, unknown
        category, a bad or catastrophically slow regular expression, duplicate
        phrase ...; the message names the file, the line and the entry.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> "急难愁盼" in set(lex.entries["entry"])
    True
    """
    if path is None:
        path = bundled_lexicon_path()
    if isinstance(path, (list, tuple)):
        if not path:
            raise ValueError("load_lexicon got an empty list of paths")
        lexicons = [load_lexicon(p, normalization) for p in path]
        merged = lexicons[0]
        for lex in lexicons[1:]:
            merged = merged.merge(lex)
        return merged
    return _read_lexicon_file(Path(path), _settings(normalization))


def _settings(normalization: dict | None) -> dict:
    """Complete normalisation settings: the readers' defaults, updated by ``normalization``."""
    try:
        return normalization_settings(**(normalization or {}))
    except TypeError as error:
        raise ValueError(f"normalization: {error}; the settings are {list(normalization_settings())}") from None


def _read_lexicon_file(path: Path, settings: dict) -> Lexicon:
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_LEXICON_BYTES:
            raise LexiconError(f"{size:,} bytes is more than a lexicon may hold "
                               f"({MAX_LEXICON_BYTES:,}); split it into several files", file)
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LexiconError("no such lexicon file", file) from None
    except IsADirectoryError:
        raise LexiconError("a folder, not a lexicon file", file) from None
    except UnicodeDecodeError as err:
        raise LexiconError(f"not UTF-8 text ({err.reason} at byte {err.start})", file) from None
    except OSError as err:
        raise LexiconError(f"cannot be read: {err.strerror or err}", file) from None
    try:
        node, data = load_yaml(text)
    except DuplicateKeyProblem as err:
        raise LexiconError(_duplicate_key_message(err), file, err.line) from None
    except YamlProblem as err:
        raise LexiconError(err.problem, file, err.line) from None

    if not isinstance(data, dict):
        raise LexiconError("the top level must be a mapping with version, name and entries",
                           file, 1)
    for key in ("version", "name", "entries"):
        if key not in data:
            raise LexiconError(f"missing top-level key {key!r}", file, 1)
    unknown = set(data) - {"version", "name", "description", "entries"}
    if unknown:
        raise LexiconError(f"unknown top-level key(s) {sorted(map(str, unknown))}", file, 1)
    entries_node = _value_node(node, "entries")
    if not isinstance(data["entries"], list):
        raise LexiconError("'entries' must be a list", file, _node_line(entries_node) or 1)

    item_nodes = entries_node.value if isinstance(entries_node, yaml.SequenceNode) else []
    raw = []
    for position, item in enumerate(data["entries"]):
        item_node = item_nodes[position] if position < len(item_nodes) else None
        key_lines = {}
        if isinstance(item_node, yaml.MappingNode):
            key_lines = {k.value: v.start_mark.line + 1 for k, v in item_node.value
                         if isinstance(k, yaml.ScalarNode)}
        raw.append(_RawEntry(item, _node_line(item_node), key_lines))
    entries, normalized = _validate_entries(raw, file, settings)
    return Lexicon(entries, name=str(data["name"]), version=str(data["version"]),
                   description=str(data.get("description") or ""),
                   normalization=settings, normalized=normalized)


def _value_node(mapping, key: str):
    """The node of ``key``'s value in a composed YAML mapping (None if absent)."""
    for key_node, value_node in getattr(mapping, "value", ()):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def _node_line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _duplicate_key_message(err: DuplicateKeyProblem) -> str:
    where = f"lines {err.first_line} and {err.line}"
    if err.top_level:
        return (f"top-level key {err.key!r} is given twice ({where}), and YAML would keep only the "
                "last: were two lexicon files joined into one? Load them as a list, "
                "load_lexicon([first, second]), or put all entries under one 'entries:'")
    return (f"key {err.key!r} is given twice in one mapping ({where}), and YAML would keep only "
            "the last: keep one (several written forms go into 'variants')")


# -- validation -------------------------------------------------------------
def _validate_entries(raw: list[_RawEntry], file: str, settings: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, normalized = [], []
    for position, item in enumerate(raw, start=1):
        rows.append(_validate_entry(item, position, file, settings, normalized))
    frame = pd.DataFrame(rows, columns=list(ENTRY_COLUMNS))
    frame["since"] = frame["since"].astype("Int64")
    frame["until"] = frame["until"].astype("Int64")
    if frame.empty:
        raise LexiconError("the lexicon has no entries", file)
    normalized_frame = pd.DataFrame(normalized, columns=list(NORMALIZED_COLUMNS))
    _check_forms_unique(frame, normalized_frame)
    return frame, normalized_frame


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _short(value) -> str:
    """A repr that stays short for any value, even a huge or self-containing one."""
    return _SHORT.repr(value)


def _validate_entry(item: _RawEntry, position: int, file: str, settings: dict,
                    normalized: list) -> dict:
    data, line = item.data, item.line

    def fail(problem, key=None, entry=None):
        at = item.key_lines.get(key, line) if key else line
        raise LexiconError(problem, file, at, entry if entry is not None else f"#{position}")

    def normal_form(written: str, what: str, key: str) -> str:
        form = normalize(written, **settings).strip()
        if not form:
            fail(f"{what} {written!r} is empty once normalised", key, repr(written))
        return form

    if not isinstance(data, dict):
        fail(f"an entry must be a mapping with at least phrase and category, got {_short(data)}")
    unknown = sorted(set(map(str, data)) - set(ENTRY_KEYS))
    if unknown:
        fail(f"unknown key(s) {unknown}; allowed: {list(ENTRY_KEYS)}", unknown[0])
    phrase = data.get("phrase")
    if phrase is None or (isinstance(phrase, str) and not phrase.strip()):
        fail("the entry has no phrase")
    if not isinstance(phrase, str):
        fail(f"phrase must be text, got {_short(phrase)} (quote it in YAML)", "phrase")
    phrase = phrase.strip()
    label = repr(phrase)
    if _FORBIDDEN_CHARS.search(phrase):
        fail("phrase contains a control character", "phrase", label)

    category = data.get("category")
    if not isinstance(category, str) or category not in CATEGORIES:
        fail(f"unknown category {_short(category)}; use one of {list(CATEGORIES)}", "category", label)

    for key in ("gloss", "source"):
        value = data.get(key, "")
        if value is not None and not isinstance(value, str):
            fail(f"{key} must be text, got {_short(value)}", key, label)

    pattern = data.get("pattern")
    variants = data.get("variants") or []
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            fail("pattern must be a non-empty regular expression (text)", "pattern", label)
        if variants:
            fail("a pattern entry cannot have variants: write them into the pattern",
                 "variants", label)
        _check_pattern(pattern, lambda p: fail(p, "pattern", label))
    else:
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            fail("variants must be a list of texts", "variants", label)
        variants = [v.strip() for v in variants]
        for variant in variants:
            if not variant or _FORBIDDEN_CHARS.search(variant):
                fail(f"variant {variant!r} is empty or contains a control character",
                     "variants", label)
            if variant == phrase:
                fail(f"variant {variant!r} repeats the phrase", "variants", label)
        if len(set(variants)) != len(variants):
            fail("a variant is listed twice", "variants", label)
        # Forms are matched in normalised text, so they are normalised too.
        # Forms written differently that normalise alike (５Ｇ and 5G) are one
        # form, kept once; Lexicon.normalized lists every change.
        form = normal_form(phrase, "phrase", "phrase")
        forms = [normal_form(v, "variant", "variants") for v in variants]
        for key, written, new in [("phrase", phrase, form), *(("variants", v, f) for v, f in zip(variants, forms))]:
            if new != written:
                normalized.append({"entry": form, "written": written, "form": new,
                                   "file": file, "line": item.key_lines.get(key, line) or 0})
        phrase, label = form, repr(form)
        variants = [f for i, f in enumerate(forms) if f != phrase and f not in forms[:i]]

    since, precision = _parse_since(data.get("since"), lambda p: fail(p, "since", label))
    until = data.get("until")
    if until is not None:
        if isinstance(until, bool) or not isinstance(until, int) or not _YEAR_RANGE[0] <= until <= _YEAR_RANGE[1]:
            fail(f"until must be a year such as 2012, got {until!r}", "until", label)
        if since is not None and until < since:
            fail(f"until ({until}) is before since ({since})", "until", label)

    return {
        "entry": phrase,
        "category": category,
        "variants": tuple(variants),
        "gloss": (data.get("gloss") or "").strip(),
        "source": (data.get("source") or "").strip(),
        "since": since,
        "since_precision": precision,
        "until": until,
        "era": era_of(since) if since is not None else "",
        "is_pattern": pattern is not None,
        "pattern": pattern or "",
        "file": file,
        "line": line or 0,
        "replaces": "",
    }


def _parse_since(value, fail) -> tuple[int | None, str]:
    """``since`` as (year, precision): 2013 -> (2013, "year"), "c. 2013" ->
    (2013, "circa"), "before 1949" -> (1949, "before"), absent -> (None, "")."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        fail(f"since must be a year such as 2013, 'c. 2013' or 'before 1949', got {value!r}")
    if isinstance(value, int):
        year, precision = value, "year"
    else:
        found = _SINCE.match(str(value).strip())
        if not found:
            fail(f"since must be a year such as 2013, 'c. 2013' or 'before 1949', got {value!r}")
        year = int(found["year"])
        precision = "circa" if found["circa"] else "before" if found["before"] else "year"
    if not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        fail(f"since {year} is not a plausible year ({_YEAR_RANGE[0]}–{_YEAR_RANGE[1]})")
    return year, precision


def era_of(year: int) -> str:
    """The era (see :data:`ERAS`) a year belongs to.

    Parameters
    ----------
    year : int

    Returns
    -------
    str

    Examples
    --------
    >>> era_of(1987), era_of(2013)
    ('1978–1989', '2010s')
    """
    for name, first, last in ERAS:
        if first <= year <= last:
            return name
    raise ValueError(f"year {year} lies outside the kit's eras ({ERAS[0][1]}–{ERAS[-1][2]})")


def _check_pattern(pattern: str, fail) -> None:
    try:
        compiled = re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as err:
        fail(f"bad regular expression {pattern!r}: {err}")
    if compiled.flags & ~re.UNICODE:
        # The matcher runs all patterns as one expression, where a flag such
        # as (?i) at the start of one pattern is an error for the whole.
        fail(f"pattern {pattern!r} sets a flag for the whole expression; write it for a group "
             f"instead, e.g. (?i:gdp) rather than (?i)gdp")
    try:
        re.compile(f"(?:{pattern})|(?=(?:{pattern}))")
    except (re.error, OverflowError, RecursionError) as err:
        fail(f"pattern {pattern!r} cannot be combined with the lexicon's other patterns: {err}")
    # Patterns are combined into one expression: numbered or named groups and
    # back-references would collide there.
    if compiled.groups or re.search(r"\\[1-9]|\(\?P[<=]", pattern):
        fail(f"pattern {pattern!r} has a capturing group or back-reference; "
             "use non-capturing groups (?:...)")
    if compiled.match("") is not None or _min_width(pattern) == 0:
        fail(f"pattern {pattern!r} matches the empty string")
    if _has_anchor(pattern):
        fail(f"pattern {pattern!r} has an anchor (^ $ \\A \\Z): patterns match anywhere "
             "in a document, so anchors are not supported")
    problem = backtracking_problem(pattern)
    if problem:
        fail(f"pattern {pattern!r} could run for hours on some texts: {problem}")


def _sre_parse():
    try:
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
    return sre_parse


def _min_width(pattern: str) -> int:
    """The fewest characters the pattern can match (0: it can match nothing)."""
    return _sre_parse().parse(pattern).getwidth()[0]


def _has_anchor(pattern: str) -> bool:
    """True if the pattern holds a start or end anchor (word boundaries are fine).

    Read from Python's own parse of the expression, so that a ^ inside a
    character class ([^，]) or an escaped \\$ is not mistaken for an anchor.
    """
    sre_parse = _sre_parse()
    allowed = {"AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY"}

    def walk(node) -> bool:
        for op, arg in node:
            if str(op) == "AT" and str(arg) not in allowed:
                return True
            for child in (arg if isinstance(arg, (list, tuple)) else [arg]):
                if isinstance(child, sre_parse.SubPattern) and walk(child):
                    return True
                if isinstance(child, (list, tuple)) and any(
                        isinstance(c, sre_parse.SubPattern) and walk(c) for c in child):
                    return True
        return False

    return walk(sre_parse.parse(pattern))


def _check_forms_unique(frame: pd.DataFrame, normalized: pd.DataFrame | None = None) -> None:
    """Every literal form (phrase or variant) and every label belongs to one entry."""
    seen: dict[str, tuple] = {}
    for row in frame.itertuples(index=False):
        forms = [row.entry] if row.is_pattern else [row.entry, *row.variants]
        for form in forms:
            if form in seen:
                first_entry, first_file, first_line = seen[form]
                what = "duplicate phrase" if form == row.entry and form == first_entry else (
                    f"form {form!r} also belongs to entry {first_entry!r}")
                written = [] if normalized is None else sorted(
                    set(normalized.loc[normalized["form"] == form, "written"]))
                how = f"; {form!r} is how {', '.join(map(repr, written))} read once normalised" if written else ""
                raise LexiconError(
                    f"{what} (first defined at {first_file}, line {first_line}){how}",
                    row.file, row.line or None, repr(row.entry),
                )
            seen[form] = (row.entry, row.file, row.line)
