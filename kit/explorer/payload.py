"""The data an explorer page embeds: items, their concordance lines, their documents.

Layer: explore (top).  Everything here is plain Python data ready for JSON;
the page (:mod:`kit.explorer.page`) draws it.  Lines come from
:func:`kit.kwic`, so what the page shows is what ``kit.kwic`` returns.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.analysis._kwic import kwic_unrecorded, line_at
from kit.corpus import Corpus

#: Metadata columns offered as filters, when a corpus has them.
FILTER_COLUMNS = ("source", "date", "genre", "section", "column", "period", "page")
#: Columns of the keyness table that the page shows for each item.
ITEM_COLUMNS = ("item", "kind", "category", "gloss", "freq_target", "freq_reference",
                "rel_target", "rel_reference", "log_ratio", "g2", "p_adjusted", "direction")
TITLE_CHARS = 80


@dataclass
class Sides:
    """The two sides of a comparison, as corpora, with their tokens (if any)."""

    target: Corpus
    reference: Corpus
    target_tokens: pd.DataFrame | None
    reference_tokens: pd.DataFrame | None


def split_sides(target: Corpus, reference: Corpus | None, by, group, reference_group,
                tokens, reference_tokens) -> Sides:
    """The two corpora of the comparison: two corpora, or two groups of one corpus."""
    if not isinstance(target, Corpus):
        raise TypeError(f"explore: target must be a kit Corpus, not {type(target).__name__}")
    if by is None:
        if reference is None:
            raise ValueError("explore needs the reference corpus, or by= and group= for groups of one corpus")
        if not isinstance(reference, Corpus):
            raise TypeError(f"explore: reference must be a kit Corpus, not {type(reference).__name__}")
        return Sides(target, reference, _frame(tokens), _frame(reference_tokens))
    if reference is not None:
        raise ValueError("explore: give either a reference corpus or by=, not both")
    if group is None:
        raise ValueError(f"explore: by={by!r} needs group= (the value(s) of {by!r} that form the target)")
    if by not in target.docs.columns:
        raise KeyError(f"explore: by={by!r} names no metadata column of {target.name!r}; "
                       f"columns are {list(target.docs.columns)}")
    values = target.docs[by]
    wanted = _as_list(group)
    in_target = values.isin(wanted)
    if reference_group is None:
        in_reference = values.notna() & ~in_target
    else:
        in_reference = values.isin(_as_list(reference_group))
    if not in_target.any():
        raise ValueError(f"explore: no document of {target.name!r} has {by}={group!r}; "
                         f"values are {sorted(values.dropna().unique().tolist(), key=str)}")
    if not in_reference.any():
        raise ValueError(f"explore: the reference side ({by}≠{group!r}) has no documents")
    frame = _frame(tokens)
    sides = []
    for mask in (in_target, in_reference):
        docs = target.docs[mask.to_numpy()].copy()
        part = None if frame is None else frame[frame["doc_id"].isin(set(docs["doc_id"]))]
        sides.append((Corpus(docs, name=target.name, meta=dict(target.meta)), part))
    return Sides(sides[0][0], sides[1][0], sides[0][1], sides[1][1])


def choose_items(table: pd.DataFrame, max_items: int) -> pd.DataFrame:
    """The rows the page embeds: lexicon entries first, then the largest G², at most ``max_items``.

    Entries come first because they are what a reader of this kit searches
    for; the rest are the items whose difference is most certain.  In a
    table of ``unit="both"``, a token that spells an entry gives way to the
    entry's row (which counts the entry's variants too).
    """
    is_entry = table["category"].notna() if "category" in table else pd.Series(False, index=table.index)
    entry_rows = set(table.loc[table["kind"] == "entry", "item"])
    duplicate = (table["kind"] == "token") & table["item"].isin(entry_rows)
    order = table[~duplicate.to_numpy()].assign(_entry=is_entry[~duplicate].to_numpy(),
                                                 _g2=table.loc[~duplicate, "g2"].abs().to_numpy())
    order = order.sort_values(["_entry", "_g2", "item"], ascending=[False, False, True], kind="stable")
    return order.head(max_items).drop(columns=["_entry", "_g2"])


class SideTexts:
    """One side's documents, ready for the many searches an explorer makes.

    Which documents hold a string is asked once per item and side (500
    items against 3,516 articles): a loop over the documents in Python took
    seconds.  The texts are joined once, separated by a NUL character that no
    form holds, so ``str.find`` (in C) walks them all and each match is
    mapped back to its document; a hand-written index, as no library keeps one
    for plain substring search.
    """

    def __init__(self, corpus: Corpus):
        # Only what kwic reads: a side's hundreds of sub-corpora (one per item)
        # are then cheap to cut.  The meta (and so the fields) stay.
        self.corpus = dataclasses.replace(corpus, docs=corpus.docs[["doc_id", "title", "text"]])
        self.texts = corpus.docs["text"].astype(str).tolist()
        self.doc_ids = corpus.docs["doc_id"].astype(str).tolist()
        self.position = {doc: i for i, doc in enumerate(self.doc_ids)}
        self._joined = "\0".join(self.texts)
        self._starts = np.cumsum([0] + [len(t) + 1 for t in self.texts])  # start of each text, then the end

    def holding(self, forms=(), patterns=()) -> np.ndarray:
        """Which documents hold any of ``forms`` (strings) or match any of ``patterns`` (compiled)."""
        mask = np.zeros(len(self.texts), dtype=bool)
        for form in forms:
            if not form or "\0" in form:
                mask |= np.fromiter((form in t for t in self.texts), dtype=bool, count=len(self.texts))
                continue
            at = self._joined.find(form)
            while at != -1:
                doc = int(np.searchsorted(self._starts, at, side="right")) - 1
                mask[doc] = True
                at = self._joined.find(form, int(self._starts[doc + 1]))  # the next document
        for pattern in patterns:  # per document: a pattern might match across the separator
            mask |= np.fromiter((pattern.search(t) is not None for t in self.texts), dtype=bool,
                                count=len(self.texts))
        return mask


def side_lines(side: SideTexts, item: str, kind: str, lexicon, whole_tokens: set | None,
               window: int, max_lines: int) -> tuple[int, list[tuple[str, str, str, str]]]:
    """How many concordance lines ``item`` has on one side, and ``max_lines`` of them spread evenly.

    An item of kind ``"entry"`` is found as :func:`kit.kwic` finds a lexicon
    entry, with its variants (``lexicon`` is then the entry's sub-lexicon);
    a token is found on the characters and, when ``whole_tokens`` holds the
    side's (doc_id, start, end) of this token, kept only where it stands as
    a whole token, so that the lines are the occurrences keyness counted.

    ``kit.kwic`` runs on the documents that can give a line (that contain
    the item): a document without it has no line, so the lines and their
    order are those of ``kit.kwic`` on the whole corpus, and a large corpus
    is not walked once per item.

    Returns
    -------
    (int, list)
        The number of lines, and the kept ones as (doc_id, left, node, right)
        in corpus order (:func:`spread`).
    """
    use_lexicon = lexicon is not None and kind == "entry"
    if kind == "token" and whole_tokens is not None:
        return _token_lines(side, whole_tokens, window, max_lines)
    holding = side.holding(*_forms(item, lexicon if use_lexicon else None))
    if not holding.any():
        return 0, []
    corpus = side.corpus
    part = corpus if holding.all() else Corpus(corpus.docs[holding], name=corpus.name)
    lines = kwic_unrecorded(part, item, window=window, lexicon=lexicon if use_lexicon else None)
    kept = lines.iloc[spread(len(lines), max_lines)]
    return len(lines), list(zip(kept["doc_id"].astype(str), kept["left"].astype(str), kept["node"].astype(str),
                                kept["right"].astype(str)))


def _token_lines(side: SideTexts, whole_tokens: set, window: int, max_lines: int):
    """A token's lines where it stands whole, cut from the places the token table gives.

    They are the lines :func:`kit.kwic` gives for the token's characters,
    kept where a token of that spelling stands, in corpus order; searching
    the characters first only to throw most matches away took most of an
    explorer's time.  Only the kept lines are cut.
    """
    places = sorted((side.position[doc], start, end) for doc, start, end in whole_tokens if doc in side.position)
    kept = [places[i] for i in spread(len(places), max_lines)]
    return len(places), [(side.doc_ids[doc], *line_at(side.texts[doc], start, end, window))
                         for doc, start, end in kept]


def entry_lexicons(lexicon, items) -> dict:
    """item -> the sub-lexicon of its entry, or None when ``item`` is not in ``lexicon``.

    One selection of all the items' entries, split into one lexicon per
    entry at once: a selection per item took seconds.
    """
    items = list(dict.fromkeys(str(i) for i in items))
    if lexicon is None:
        return {item: None for item in items}
    wanted = lexicon.entry_of_each(items)
    present = sorted({entry for entry in wanted.values() if entry is not None})
    each = lexicon.select(present).each_entry() if present else {}
    return {item: each[entry] if entry is not None else None for item, entry in wanted.items()}


def _forms(item: str, entry) -> tuple[list[str], list]:
    """What finds ``item``: itself, or for an entry all its forms and its patterns (compiled)."""
    if entry is None:
        return [item], []
    rows = entry.entries
    patterns = [re.compile(p) for p in rows.loc[rows["is_pattern"], "pattern"]]
    forms = [form for entry_form, variants in zip(rows.loc[~rows["is_pattern"], "entry"],
                                                  rows.loc[~rows["is_pattern"], "variants"])
             for form in [entry_form, *list(variants)]]
    return forms, patterns


def token_positions(tokens: pd.DataFrame | None, items) -> dict | None:
    """item -> set of (doc_id, start, end) where it stands as a token (None without tokens)."""
    if tokens is None:
        return None
    hits = tokens[tokens["token"].isin(set(items))]
    positions = {item: set() for item in items}
    for token, doc, start, end in zip(hits["token"], hits["doc_id"].astype(str), hits["start"], hits["end"]):
        positions[token].add((doc, int(start), int(end)))
    return positions


def spread(n: int, cap: int) -> list[int]:
    """``cap`` positions spread evenly over ``range(n)`` (all of them when ``n <= cap``)."""
    if n <= cap:
        return list(range(n))
    return sorted({int(i * n / cap) for i in range(cap)})


def filter_columns(*corpora: Corpus) -> list[str]:
    """The metadata columns of FILTER_COLUMNS that any of the corpora has with a value."""
    present = []
    for column in FILTER_COLUMNS:
        if any(column in c.docs.columns and c.docs[column].notna().any() for c in corpora):
            present.append(column)
    return present


def metadata_value(value) -> str:
    """A metadata value as the page shows and filters it (dates as YYYY-MM-DD)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def short_title(title) -> str:
    text = metadata_value(title).replace("\n", " ").strip()
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"


def number(value, digits: int = 4):
    """A float rounded for the page (JSON has no NaN or infinity: those become None)."""
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(value) or math.isinf(value):
        return None
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) and abs(rounded) < 1e15 else rounded


def text_or_empty(value) -> str:
    return metadata_value(value)


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _frame(tokens) -> pd.DataFrame | None:
    if tokens is None:
        return None
    frame = getattr(tokens, "frame", tokens)
    if not isinstance(frame, pd.DataFrame) or not {"doc_id", "token", "start", "end"} <= set(frame.columns):
        raise TypeError("explore: tokens must come from kit.tokenization (columns doc_id, token, start, end)")
    return frame
