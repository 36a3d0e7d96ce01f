"""KWIC concordances: every occurrence of a node with its left and right context.

Layer: analysis.
"""
from __future__ import annotations

import html
import re
from typing import Sequence

import numpy as np
import pandas as pd

from kit.analysis._record import records_call
from kit.analysis._count import _token_frame
from kit.analysis._find import corpus_texts, corpus_with_fields
from kit.analysis.matching import Matcher
from kit.corpus import Corpus, field_positions
from kit.lexicon import Lexicon
from kit.regex_safety import backtracking_problem

KWIC_COLUMNS = ("doc_id", "start", "end", "left", "node", "right")
UNITS = ("char", "token")
_SORT_KEY = re.compile(r"^([1-9][0-9]*)([LR])$")
# Line breaks inside a context would break the table's lines; each becomes one
# space, so contexts keep their length in characters.
_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})
HTML_MAX_ROWS = 200


class Concordance(pd.DataFrame):
    """A KWIC table: a plain DataFrame that JupyterLab shows as an aligned concordance.

    Columns doc_id, start, end (character offsets of the node in the
    document's text), left, node, right.  ``to_csv`` and every other
    DataFrame method work as usual; only the notebook display differs: the
    left context is right-aligned, the node bold and coloured, the right
    context left-aligned, and every context is HTML-escaped.
    """

    @property
    def _constructor(self):
        return Concordance

    def _repr_html_(self) -> str:
        # A selection without the concordance's columns is shown as the plain table it is.
        if not {"left", "node", "right"} <= set(self.columns):
            return pd.DataFrame(self)._repr_html_()
        return self.to_html_lines()

    def to_html_lines(self, max_rows: int = HTML_MAX_ROWS) -> str:
        """The concordance as an HTML table (the notebook display).

        Parameters
        ----------
        max_rows : int
            Lines shown; a note says how many there are in all.

        Returns
        -------
        str
        """
        cell = "padding:1px 6px;white-space:pre;"
        rows = []
        located = {"doc_id", "start"} <= set(self.columns)
        for row in self.head(max_rows).itertuples(index=False):
            where = f"{row.doc_id}:{int(row.start)}" if located else ""
            rows.append(
                "<tr>"
                f'<td style="{cell}color:#888;font-size:smaller">{html.escape(where)}</td>'
                f'<td style="{cell}text-align:right">{html.escape(str(row.left))}</td>'
                f'<td style="{cell}text-align:center;font-weight:bold;color:#b2182b">'
                f"{html.escape(str(row.node))}</td>"
                f'<td style="{cell}text-align:left">{html.escape(str(row.right))}</td>'
                "</tr>"
            )
        note = ""
        if len(self) > max_rows:
            note = (f"<p>{max_rows} of {len(self)} lines shown; "
                    "<code>.to_csv(path)</code> writes them all.</p>")
        elif not len(self):
            note = "<p>No occurrences.</p>"
        return ('<table class="kit-concordance" style="border-collapse:collapse">'
                "<thead><tr><th>doc:start</th><th style=\"text-align:right\">left</th>"
                "<th>node</th><th style=\"text-align:left\">right</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>{note}")


@records_call
def kwic(corpus: Corpus, pattern: str, window: int = 10, unit: str = "char",
         sort: str | Sequence[str] | None = None, lexicon: Lexicon | None = None,
         regex: bool = False, tokens=None, fields=("text",)) -> Concordance:
    """A keyword-in-context concordance of a phrase, lexicon entry or regular expression.

    Parameters
    ----------
    corpus : Corpus
    pattern : str
        The node: a literal string; with ``lexicon``, an entry (or one of its
        variants), whose every form is found, leftmost-longest among its
        forms; with ``regex=True``, a regular expression.
    window : int
        Context on each side, in characters (``unit="char"``) or tokens
        (``unit="token"``).
    unit : {"char", "token"}
        With "token", ``tokens`` is required; contexts are the whole tokens
        before and after the node, joined by single spaces.
    sort : str or list of str, optional
        AntConc-style sort keys: "1L", "2L" ... (the 1st, 2nd ... character or
        token to the left of the node), "1R", "2R" ... (to the right).  Each
        key sorts on that position and then on the positions further out
        (2L, then 3L ...); a list sorts by the first key, then the next.
        Characters compare by code point; a missing context sorts first;
        ties keep corpus order.  None keeps corpus order.
    lexicon : Lexicon, optional
    regex : bool
    tokens : Tokens or pandas.DataFrame, optional
        Tokens of ``corpus`` (doc_id, token, start, end), for ``unit="token"``.
    fields : str or tuple of str
        Where to look: ``("text",)`` (default), ``("title", "text")`` or
        ``("title",)``.  A context never runs from a headline into the text.

    Returns
    -------
    Concordance
        A DataFrame with columns doc_id, field (``title`` or ``text``),
        start, end (offsets of the node in its field), left, node, right
        (line breaks in contexts shown as spaces).

    Examples
    --------
    >>> from kit.corpus import Corpus, field_positions
    >>> c = Corpus.from_texts(["打通“最后一米”，托起幸福。"])
    >>> kwic(c, "最后一米", window=3)[["left", "node", "right"]].values.tolist()
    [['打通“', '最后一米', '”，托']]
    """
    corpus = corpus_with_fields(corpus, fields)
    texts = corpus_texts(corpus)
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {list(UNITS)}, got {unit!r}")
    if not isinstance(window, (int, np.integer)) or window < 0:
        raise ValueError(f"window must be a whole number ≥ 0, got {window!r}")
    if not isinstance(pattern, str) or not pattern:
        raise ValueError("pattern must be a non-empty string")
    sort_keys = _parse_sort(sort)
    spans = _node_spans(texts, pattern, lexicon, regex)
    field, field_start = field_positions(corpus, [d for d, _, _ in spans], [s for _, s, _ in spans])
    bounds = _field_bounds(corpus, texts, spans, field, field_start)

    if unit == "char":
        contexts = [(texts[doc][max(low, s - window):s], texts[doc][e:min(high, e + window)])
                    for (doc, s, e), (low, high) in zip(spans, bounds)]
        units = [(list(left), list(right)) for left, right in contexts] if sort_keys else []
        left_text = [left.translate(_BREAKS) for left, _ in contexts]
        right_text = [right.translate(_BREAKS) for _, right in contexts]
    else:
        if tokens is None:
            raise ValueError('unit="token" needs tokens= (from kit.tokenization(corpus))')
        units = _token_contexts(corpus, _token_frame(tokens), spans, window)
        left_text = [" ".join(left) for left, _ in units]
        right_text = [" ".join(right) for _, right in units]

    order = list(range(len(spans)))
    if sort_keys:
        order.sort(key=lambda i: tuple(_sort_units(units[i], n, side) for n, side in sort_keys))
    doc_ids = corpus.docs["doc_id"].tolist()
    frame = pd.DataFrame({
        "doc_id": pd.Series([doc_ids[spans[i][0]] for i in order], dtype=object),
        "field": pd.Series([field[i] for i in order], dtype=object),
        "start": pd.Series([int(field_start[i]) for i in order], dtype="int64"),
        "end": pd.Series([int(field_start[i]) + spans[i][2] - spans[i][1] for i in order], dtype="int64"),
        "left": pd.Series([left_text[i] for i in order], dtype=object),
        "node": pd.Series([texts[spans[i][0]][spans[i][1]:spans[i][2]].translate(_BREAKS)
                           for i in order], dtype=object),
        "right": pd.Series([right_text[i] for i in order], dtype=object),
    })
    return Concordance(frame)


def line_at(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    """The left context, node and right context of ``text[start:end]``, as :func:`kwic` writes them
    for a node of a document's text found at that place.

    For a caller that already knows where its nodes are (the explorer's
    tokens, from the token table): ``window`` characters each side, within
    the text, line breaks shown as spaces.

    Parameters
    ----------
    text : str
    start, end : int
        The node's offsets in ``text``.
    window : int

    Returns
    -------
    (str, str, str)

    Examples
    --------
    >>> line_at("打通“最后一米”，托起幸福。", 3, 7, 3)
    ('打通“', '最后一米', '”，托')
    """
    return (text[max(0, start - window):start].translate(_BREAKS), text[start:end].translate(_BREAKS),
            text[end:end + window].translate(_BREAKS))


#: :func:`kwic` without the record of its call (``attrs["call"]``): for a caller that makes
#: hundreds of concordances and records its own call (the explorer).
kwic_unrecorded = kwic.__wrapped__


def _field_bounds(corpus, texts, spans, field, field_start) -> list[tuple[int, int]]:
    """Each node's field as [first, last) offsets into the text, so that no
    context runs from a headline into the text."""
    titles = corpus.docs["title"].fillna("").astype(str).tolist()
    bounds = []
    for (doc, start, _), where, at in zip(spans, field, field_start):
        first = start - int(at)
        joined_title = where == "title" and corpus.fields == ("title", "text")
        bounds.append((first, first + len(titles[doc]) if joined_title else len(texts[doc])))
    return bounds


def _node_spans(texts, pattern, lexicon, regex) -> list[tuple[int, int, int]]:
    """(document position, start, end) of every node, in corpus order."""
    if lexicon is not None:
        # the explorer passes each entry's own one-entry lexicon: selecting from it again is a copy
        only = len(lexicon) == 1 and lexicon.entries["entry"].iloc[0] == pattern
        matcher = Matcher(lexicon if only else lexicon.select(pattern))
        spans = []
        for doc, text in enumerate(texts):
            found = matcher.find(text)
            spans.extend((doc, int(s), int(e)) for s, e in zip(found.start, found.end))
        return spans
    if regex:
        try:
            compiled = re.compile(pattern)
        except (re.error, OverflowError, RecursionError) as err:
            raise ValueError(f"bad regular expression {pattern!r}: {err}") from None
        problem = backtracking_problem(pattern)
        if problem:
            raise ValueError(f"regular expression {pattern!r} could run for hours on some texts: {problem}")
    else:
        compiled = re.compile(re.escape(pattern))
    return [(doc, m.start(), m.end())
            for doc, text in enumerate(texts)
            for m in compiled.finditer(text) if m.end() > m.start()]


def _token_contexts(corpus, frame, spans, window):
    """(left tokens, right tokens) of each node: whole tokens outside the node."""
    by_doc = {doc_id: part for doc_id, part in frame.groupby("doc_id", sort=False)}
    doc_ids = corpus.docs["doc_id"].tolist()
    contexts = []
    for doc, s, e in spans:
        part = by_doc.get(doc_ids[doc])
        if part is None:
            raise ValueError(f"tokens has no tokens for document {doc_ids[doc]!r}")
        toks = part["token"].astype(str).tolist()
        first_after = int(np.searchsorted(part["start"].to_numpy(), e, side="left"))
        last_before = int(np.searchsorted(part["end"].to_numpy(), s, side="right"))
        contexts.append((toks[max(0, last_before - window):last_before],
                         toks[first_after:first_after + window]))
    return contexts


def _parse_sort(sort) -> list[tuple[int, str]]:
    if sort is None:
        return []
    keys = [sort] if isinstance(sort, str) else list(sort)
    parsed = []
    for key in keys:
        match = _SORT_KEY.match(str(key).upper())
        if not match:
            raise ValueError(f"sort key {key!r} is not of the form 1L, 2L ... or 1R, 2R ...")
        parsed.append((int(match.group(1)), match.group(2)))
    return parsed


def _sort_units(units, n: int, side: str) -> tuple:
    left, right = units
    if side == "L":
        return tuple(reversed(left))[n - 1:]
    return tuple(right[n - 1:])
