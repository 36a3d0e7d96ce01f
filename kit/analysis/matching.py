"""The matching engine behind find, count and kwic: all lexicon entries in one pass.

Layer: analysis.

Literal forms (phrases and variants) are matched by one Aho–Corasick automaton
(the ``ahocorasick_rs`` library); pattern entries by one combined regular
expression.  No loop runs over the entries.

Overlap rules
-------------
``"leftmost-longest"`` (the default)
    Scan the text from left to right; at the leftmost position where any
    entry matches, take the longest match there; continue after its end.  So
    in 打通最后一米 with entries 最后一米 and 一米, only 最后一米 counts; in
    为基层减负赋能 with 减负赋能 and 赋能, only 减负赋能.  When a literal form
    and a pattern match the same span, the literal entry wins (it is the more
    specific); between patterns, the entry first in the lexicon's order wins.
    A pattern that starts earlier than a literal it contains wins over it
    (打通服务群众最后一公里: the template 打通…最后一公里, not 最后一公里).
``"inclusive"``
    Every occurrence of every entry, nested ones included: 新时代 counts
    inside 新时代文明实践 as well as on its own, 最后一公里 inside the template
    打通…最后一公里.  Within one entry a stretch of text counts once (its own
    forms are resolved leftmost-longest among themselves, so 做到“两个维护”
    is one occurrence of 两个维护, not two).  This is the count of "how often
    does the text contain this formula".
``"all"``
    Every match of every form, overlapping or not.  A pattern yields at most
    one match per start position (the one Python's regular expressions find
    there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick_rs
import numpy as np

from kit.lexicon import Lexicon

OVERLAP_RULES = ("leftmost-longest", "inclusive", "all")


def check_overlap(overlap: str) -> str:
    """Return ``overlap`` if it names a rule, else raise a ValueError naming the rules."""
    if overlap not in OVERLAP_RULES:
        raise ValueError(f"overlap must be one of {list(OVERLAP_RULES)}, got {overlap!r}")
    return overlap


@dataclass
class Matches:
    """Matches in one text, as parallel arrays sorted by (start, end, entry)."""

    entry_id: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def __len__(self) -> int:
        return len(self.start)


class Matcher:
    """All entries of a lexicon, compiled for one pass over each text.

    Parameters
    ----------
    lexicon : Lexicon

    Attributes
    ----------
    entries : list of str
        Entry names; ``entry_id`` in :class:`Matches` indexes this list.

    Examples
    --------
    >>> lex = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"},
    ...                             {"phrase": "一米", "category": "隐喻"}])
    >>> matcher = Matcher(lex)
    >>> m = matcher.find("打通最后一米")
    >>> [(matcher.entries[i], int(s), int(e)) for i, s, e in zip(m.entry_id, m.start, m.end)]
    [('最后一米', 2, 6)]
    """

    def __init__(self, lexicon: Lexicon):
        self.entries = lexicon.entries["entry"].tolist()
        entry_id = {entry: i for i, entry in enumerate(self.entries)}
        forms = lexicon.literal_forms()
        self._forms = list(forms)
        self._form_entry = np.array([entry_id[forms[f]] for f in self._forms], dtype=np.int64)
        self._longest = None
        self._every = None
        if self._forms:
            self._longest = ahocorasick_rs.AhoCorasick(
                self._forms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=_implementation(len(self._forms)))
        patterns = lexicon.pattern_entries()
        self._pattern_entry = [entry_id[entry] for entry, _ in patterns]
        self._patterns = None
        if patterns:
            # One expression finds every start position where some pattern
            # matches; an optional lookahead per pattern captures each
            # pattern's match there, so overlapping patterns are all seen.
            any_pattern = "|".join(f"(?:{p})" for _, p in patterns)
            captures = "".join(f"(?:(?=(?P<p{i}>{p})))?" for i, (_, p) in enumerate(patterns))
            self._patterns = re.compile(f"(?=(?:{any_pattern})){captures}")

    def find(self, text: str, overlap: str = "leftmost-longest") -> Matches:
        """Find all entries in ``text`` under an overlap rule.

        Parameters
        ----------
        text : str
        overlap : {"leftmost-longest", "all"}

        Returns
        -------
        Matches
        """
        check_overlap(overlap)
        if overlap == "inclusive":
            every = self.find(text, "all")
            return _to_matches(_per_entry_longest(every.entry_id, every.start, every.end))
        pattern_hits = self._pattern_candidates(text)
        if overlap == "leftmost-longest" and not pattern_hits:
            # Fast path: the automaton applies the same rule by itself.
            hits = self._longest.find_matches_as_indexes(text) if self._longest else []
            return self._literal_matches(hits)
        literal = self._literal_candidates(text)
        # candidates: (start, end, priority, entry_id); literal priority 0
        candidates = literal + pattern_hits
        if overlap == "leftmost-longest":
            candidates = resolve_leftmost_longest(candidates)
        else:
            candidates.sort(key=lambda c: (c[0], c[1], c[3]))
        return _to_matches([(c[3], c[0], c[1]) for c in candidates])

    def find_many(self, texts: list[str], overlap: str = "leftmost-longest"):
        """Find all entries in many texts: ``(doc, entry_id, start, end)`` arrays.

        The same result as :meth:`find` on each text, computed faster: the
        automaton runs once over all texts joined by a NUL character (no form
        holds one, so no match spans two texts); the combined pattern
        expression also runs once, and only the texts where a pattern may
        match are redone one by one with :meth:`find`.

        Parameters
        ----------
        texts : list of str
        overlap : {"leftmost-longest", "all"}

        Returns
        -------
        tuple of four int64 arrays
            doc (position in ``texts``), entry_id, start, end (offsets into
            the text), sorted by doc then start.
        """
        check_overlap(overlap)
        if overlap == "inclusive":
            doc, entry, start, end = self.find_many(texts, "all")
            return _inclusive(doc, entry, start, end)
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        doc_start = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        joined = "\x00".join(texts)
        automaton = self._longest if overlap == "leftmost-longest" else self._automaton_every()
        hits = []
        if automaton is not None:
            hits = automaton.find_matches_as_indexes(
                joined, overlapping=overlap == "all")
        if hits:
            arr = np.asarray(hits, dtype=np.int64)
            doc = np.searchsorted(doc_start, arr[:, 1], side="right") - 1
            parts = [doc, self._form_entry[arr[:, 0]], arr[:, 1] - doc_start[doc],
                     arr[:, 2] - doc_start[doc]]
        else:
            parts = [np.empty(0, dtype=np.int64) for _ in range(4)]
        if self._patterns is not None:
            # Documents where some pattern may match (a match found in the
            # joined text may run past its document: the redo settles that;
            # anchors, which would behave differently, are refused by the lexicon).
            starts = [m.start() for m in self._patterns.finditer(joined)]
            flagged = np.unique(np.searchsorted(doc_start, starts, side="right") - 1)
            if len(flagged):
                keep = ~np.isin(parts[0], flagged)
                parts = [p[keep] for p in parts]
                for d in flagged:
                    found = self.find(texts[d], overlap)
                    parts = [np.concatenate([p, q]) for p, q in zip(parts, (
                        np.full(len(found), d, dtype=np.int64), found.entry_id,
                        found.start, found.end))]
        order = np.lexsort((parts[1], parts[3], parts[2], parts[0]))
        return tuple(p[order] for p in parts)

    def _automaton_every(self):
        if self._forms and self._every is None:
            self._every = ahocorasick_rs.AhoCorasick(
                self._forms, implementation=_implementation(len(self._forms)))
        return self._every

    def candidates(self, text: str) -> list[tuple[int, int, int, int]]:
        """Every match of every form and pattern: ``(start, end, priority, entry_id)``.

        ``priority`` orders matches of equal span: 0 for literal forms, then
        1, 2 ... for patterns in lexicon order.
        """
        return self._literal_candidates(text) + self._pattern_candidates(text)

    def _literal_candidates(self, text: str) -> list[tuple[int, int, int, int]]:
        every = self._automaton_every()
        if every is None:
            return []
        form_entry = self._form_entry
        return [(s, e, 0, int(form_entry[f]))
                for f, s, e in every.find_matches_as_indexes(text, overlapping=True)]

    def _pattern_candidates(self, text: str) -> list[tuple[int, int, int, int]]:
        if self._patterns is None:
            return []
        found = []
        for match in self._patterns.finditer(text):
            for i, entry in enumerate(self._pattern_entry):
                start, end = match.span(f"p{i}")
                if end > start:  # an empty match is no occurrence
                    found.append((start, end, i + 1, entry))
        return found

    def _literal_matches(self, hits) -> Matches:
        if not hits:
            return _to_matches([])
        arr = np.asarray(hits, dtype=np.int64)
        return Matches(self._form_entry[arr[:, 0]], arr[:, 1], arr[:, 2])


def _implementation(n_forms: int):
    # A DFA is the fastest automaton to search with (measured: about twice the
    # default's speed on 1.8 M characters); its memory grows with the number of
    # forms, so very large lexicons keep the library's own choice.
    return ahocorasick_rs.Implementation.DFA if n_forms <= 20_000 else None


def resolve_leftmost_longest(candidates):
    """Keep the leftmost-longest, non-overlapping matches among candidates.

    Parameters
    ----------
    candidates : list of (start, end, priority, entry_id)

    Returns
    -------
    list of (start, end, priority, entry_id), sorted by start

    Examples
    --------
    >>> resolve_leftmost_longest([(2, 4, 0, 1), (0, 4, 0, 0), (4, 6, 0, 2)])
    [(0, 4, 0, 0), (4, 6, 0, 2)]
    """
    ordered = sorted(candidates, key=lambda c: (c[0], c[0] - c[1], c[2]))
    kept, reached = [], -1
    for cand in ordered:
        if cand[0] >= reached:
            kept.append(cand)
            reached = cand[1]
    return kept


def _per_entry_longest(entry_id, start, end) -> list[tuple[int, int, int]]:
    """(entry, start, end) kept when each entry's own matches are resolved
    leftmost-longest among themselves (matches of different entries may overlap)."""
    order = np.lexsort((-np.asarray(end), np.asarray(start), np.asarray(entry_id)))
    kept, reached = [], {}
    for i in order:
        e, s, t = int(entry_id[i]), int(start[i]), int(end[i])
        if s >= reached.get(e, -1):
            kept.append((e, s, t))
            reached[e] = t
    kept.sort(key=lambda m: (m[1], m[2], m[0]))
    return kept


def _inclusive(doc, entry, start, end):
    """The inclusive rule over :meth:`Matcher.find_many`'s "all" arrays, sorted by doc then start.

    Written by hand on purpose: a greedy pass per (document, entry) with no
    library equivalent; vectorised where nothing overlaps (most matches), so
    the Python loop only runs over the overlapping ones.
    """
    if len(doc) == 0:
        return doc, entry, start, end
    order = np.lexsort((-end, start, entry, doc))
    doc, entry, start, end = doc[order], entry[order], start[order], end[order]
    same = np.r_[False, (doc[1:] == doc[:-1]) & (entry[1:] == entry[:-1])]
    overlapping = same & (start < np.r_[0, end[:-1]])
    keep = np.ones(len(doc), dtype=bool)
    if overlapping.any():
        # Only groups with an overlap need the sequential pass.
        groups = np.cumsum(~same) - 1
        for g in np.unique(groups[overlapping]):
            members = np.flatnonzero(groups == g)
            reached = -1
            for i in members:
                if start[i] >= reached:
                    reached = end[i]
                else:
                    keep[i] = False
    doc, entry, start, end = doc[keep], entry[keep], start[keep], end[keep]
    order = np.lexsort((entry, end, start, doc))
    return doc[order], entry[order], start[order], end[order]


def _to_matches(triples) -> Matches:
    if not triples:
        empty = np.empty(0, dtype=np.int64)
        return Matches(empty, empty.copy(), empty.copy())
    arr = np.asarray(triples, dtype=np.int64)
    return Matches(arr[:, 0], arr[:, 1], arr[:, 2])
