"""Which lexicon entries occur together: co-occurrence within sentences,
paragraphs, documents or token windows.

Layer: analysis.  Occurrences come from :func:`kit.find` (raw characters);
the counts are of *units* holding an entry (presence), built on a sparse
unit × entry matrix, so memory grows with the number of occurrences, never
with the square of the lexicon.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from kit.stats.distributions import chi2_sf_one_df

from kit.analysis._stored import stored_result
from kit.analysis._record import caller_stacklevel, records_call
from kit.analysis._find import corpus_texts, corpus_with_fields, find, resolve_lexicon, runs_partitioned
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.stats import adjust_p, association_scores
from kit.stats.association import ASSOCIATION_COLUMNS
from kit.text import count_sentences, iter_sentence_spans
from kit.tokenization.tokens import token_table

UNITS = ("sentence", "paragraph", "document", "window")
PAIR_COLUMNS = (
    "entry_a", "entry_b", "category_a", "category_b",
    "joint", "count_a", "count_b", "n_units",
    *ASSOCIATION_COLUMNS, "p_value", "p_adjusted",
)


@records_call
@stored_result
def cooccurrence(corpus: Corpus, lexicon: Lexicon | None = None, unit: str = "sentence",
                 window: int | None = None, tokens=None, min_count: int = 1,
                 fields=("text",), scheduler=None) -> pd.DataFrame:
    """Pairs of lexicon entries that occur in the same unit, with association scores.

    Every count is a count of *units* (presence), not of occurrences: a
    sentence that says 急难愁盼 twice and 获得感 once adds 1 to the joint
    count of the pair, 1 to each entry's count and 1 to ``n_units``.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.  Occurrences are found on raw
        characters by :func:`kit.find`, leftmost-longest: each stretch of
        text counts for one entry, so that 获得感 inside
        获得感、幸福感、安全感 does not "co-occur" with the formula it is part
        of (``attrs["count"]`` says so).
    unit : {"sentence", "paragraph", "document", "window"}
        - ``"sentence"``: sentences as :func:`kit.text.split_sentences`
          splits each document; ``n_units`` = sentences in the corpus.
        - ``"paragraph"``: non-empty lines of a document's text (the kit's
          readers put one paragraph per line); ``n_units`` = paragraphs.
        - ``"document"``: documents; ``n_units`` = documents.
        - ``"window"``: windows of ``window + 1`` consecutive token
          positions, so that two entries share a window exactly when an
          occurrence of one lies within ``window`` tokens of an occurrence of
          the other.  Windows slide one position at a time and may hang over
          either end of a document, so every occurrence lies in exactly
          ``window + 1`` of them; a document of L token positions has
          L + window windows, and ``n_units`` is their sum.  A pair d
          positions apart shares ``window + 1 − d`` windows: nearer pairs
          weigh more.  Needs ``tokens``; distance is measured with the
          ``position`` column, so tokens removed by
          :func:`kit.tokenization.filter_tokens` still count as running text.
    window : int, optional
        With ``unit="window"``: the largest distance, in tokens, of a pair.
    tokens : Tokens or pandas.DataFrame, optional
        Tokens of ``corpus`` from :func:`kit.tokenize` (columns doc_id,
        start, position), for ``unit="window"``.  An occurrence is placed at
        the token where it starts.
    min_count : int
        Keep pairs whose joint count is at least this (≥ 1: pairs that
        never co-occur are not listed).
    fields : str or tuple of str
        What is read: ``("text",)`` (default; headlines are not text),
        ``("title", "text")`` or ``("title",)`` (see
        :meth:`kit.corpus.Corpus.with_fields`).
    scheduler : dask.distributed.Client or str, optional
        Count the partitions of a lazy corpus (``corpus`` may be a
        :class:`kit.lazy_corpus.LazyCorpus`) on a Dask cluster (a client or
        a scheduler's address; default ``$KIT_SCHEDULER``).  The table is the
        same as in memory; see docs/scale.md.

    Returns
    -------
    pandas.DataFrame
        One row per pair of entries, ``entry_a < entry_b`` (code-point
        order), sorted by entry_a then entry_b.  Columns:

        entry_a, entry_b, category_a, category_b : str
        joint : int
            Units holding both entries.
        count_a, count_b : int
            Units holding each entry.
        n_units : int
            Units in the corpus.
        pmi, mi3, t_score, z_score, dice, log_dice, delta_p,
        delta_p_reverse, g2, chi2 : float
            :func:`kit.stats.association_scores` with o11 = joint,
            r1 = count_a, c1 = count_b, n = n_units.
        p_value : float
            Upper tail of χ² with 1 degree of freedom at g2 (two-sided: a
            pair that avoids each other is also "significant").
        p_adjusted : float
            Benjamini–Hochberg adjustment over every pair of entries that
            occur in the corpus; the pairs that never co-occur (not listed)
            are counted with p = 1, which keeps the adjustment conservative.

    Raises
    ------
    ValueError
        For an unknown unit, a window without tokens (or tokens without
        ``unit="window"``), a bad window or min_count, or tokens of another
        corpus.

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "急难愁盼", "category": "民生"},
    ...                             {"phrase": "获得感", "category": "民生"}])
    >>> c = Corpus.from_texts(["解决急难愁盼，增强获得感。没有。"])
    >>> cooccurrence(c, lex)[["entry_a", "entry_b", "joint", "n_units"]].values.tolist()
    [['急难愁盼', '获得感', 1, 2]]
    """
    _check_arguments(unit, window, tokens, min_count)
    lexicon = resolve_lexicon(lexicon)
    if runs_partitioned(corpus, scheduler):
        from kit.analysis._partitioned import lazy_cooccurrence

        return lazy_cooccurrence(corpus, lexicon, unit, window, tokens, min_count, fields, scheduler)
    corpus = corpus_with_fields(corpus, fields)
    tally = cooccurrence_tally(corpus, lexicon, unit, window, tokens)
    return cooccurrence_table(tally, lexicon, unit, min_count, corpus.name, corpus.fields)


def cooccurrence_tally(corpus: Corpus, lexicon: Lexicon, unit: str, window: int | None = None,
                       tokens=None) -> tuple:
    """What :func:`cooccurrence` counts, for one corpus or one partition of a corpus.

    Entries are indexed in sorted order over the whole lexicon, so the
    tallies of partitions add up.

    Parameters
    ----------
    corpus : Corpus
        With its fields chosen.
    lexicon : Lexicon
    unit, window, tokens
        As :func:`cooccurrence`.

    Returns
    -------
    (numpy.ndarray, scipy.sparse.csr_array, int)
        Units holding each entry, units holding each pair (entries ×
        entries, upper triangle), and the number of units.

    Examples
    --------
    >>> lex = Lexicon.from_entries([{"phrase": "急难愁盼", "category": "民生"},
    ...                             {"phrase": "获得感", "category": "民生"}])
    >>> count, joint, n_units = cooccurrence_tally(Corpus.from_texts(["急难愁盼，获得感。"]), lex, "sentence")
    >>> count.tolist(), int(joint.sum()), n_units
    ([1, 1], 1, 1)
    """
    texts = corpus_texts(corpus)
    occurrences = find(corpus, lexicon, overlap="leftmost-longest")
    rows, n_units = _unit_rows(corpus, texts, occurrences, unit, window, tokens)
    entries = sorted(lexicon.entries["entry"])
    column = pd.Categorical(occurrences["entry"], categories=entries).codes
    presence = _presence_matrix(rows, column, n_units, len(entries))
    count = np.asarray(presence.sum(axis=0)).ravel().astype(np.int64)
    # X^T X on the binary matrix: joint unit counts; its upper triangle holds each pair once
    joint = sparse.csr_array(sparse.triu(presence.T @ presence, k=1))
    return count, joint, int(n_units)


def add_tallies(first: tuple, second: tuple) -> tuple:
    """The tally of two partitions together (see :func:`cooccurrence_tally`)."""
    return first[0] + second[0], sparse.csr_array(first[1] + second[1]), first[2] + second[2]


def cooccurrence_table(tally: tuple, lexicon: Lexicon, unit: str, min_count: int, corpus_name: str,
                       fields) -> pd.DataFrame:
    """The table of :func:`cooccurrence` from a tally (of a corpus, or of partitions added up).

    Examples
    --------
    >>> lex = Lexicon.from_entries([{"phrase": "急难愁盼", "category": "民生"},
    ...                             {"phrase": "获得感", "category": "民生"}])
    >>> tally = cooccurrence_tally(Corpus.from_texts(["急难愁盼，获得感。"]), lex, "sentence")
    >>> cooccurrence_table(tally, lex, "sentence", 1, "demo", ("text",))["joint"].tolist()
    [1]
    """
    all_count, all_joint, n_units = tally
    all_entries = np.array(sorted(lexicon.entries["entry"]), dtype=object)
    present = np.flatnonzero(all_count > 0)
    if len(present) < 2:
        warnings.warn(
            f"cooccurrence: {len(present)} lexicon entr{'y occurs' if len(present) == 1 else 'ies occur'} "
            f"in corpus {corpus_name!r}; a pair needs two. Check the lexicon (kit.count shows "
            "every entry's frequency).", UserWarning, stacklevel=caller_stacklevel())
        return _empty()
    # only the entries that occur: indices 0 .. len(present)-1 in sorted order
    count = all_count[present]
    joint = sparse.coo_array(sparse.csr_array(all_joint)[present][:, present])
    joint.sum_duplicates()
    keep = joint.data > 0
    order = np.lexsort((joint.col[keep], joint.row[keep]))
    a, b = joint.row[keep][order], joint.col[keep][order]
    o11 = joint.data[keep][order].astype(np.int64)
    entries = all_entries[present]

    category = dict(zip(lexicon.entries["entry"], lexicon.entries["category"]))
    names = np.array(entries, dtype=object)
    frame = pd.DataFrame({
        "entry_a": names[a], "entry_b": names[b],
        "category_a": [category[e] for e in names[a]],
        "category_b": [category[e] for e in names[b]],
        "joint": o11, "count_a": count[a].astype(np.int64), "count_b": count[b].astype(np.int64),
        "n_units": np.full(len(o11), n_units, dtype=np.int64),
    })
    scores = association_scores(frame["joint"].to_numpy(), frame["count_a"].to_numpy(),
                                frame["count_b"].to_numpy(), n_units)
    frame = pd.concat([frame, scores.set_index(frame.index)], axis=1)
    frame["p_value"] = chi2_sf_one_df(frame["g2"].to_numpy())
    tested = len(entries) * (len(entries) - 1) // 2
    frame["p_adjusted"] = adjust_p(np.concatenate(
        [frame["p_value"].to_numpy(), np.ones(tested - len(frame))]))[:len(frame)]
    frame = frame[frame["joint"] >= min_count].reset_index(drop=True)[list(PAIR_COLUMNS)]
    frame.attrs.update({"unit": unit, "count": "leftmost-longest", "n_units": int(n_units),
                        "fields": list(fields)})
    return frame




def _check_arguments(unit, window, tokens, min_count) -> None:
    if unit not in UNITS:
        raise ValueError(f"cooccurrence: unit must be one of {list(UNITS)}, got {unit!r}")
    if unit == "window":
        if window is None or tokens is None:
            raise ValueError(
                'cooccurrence: unit="window" needs window=k (tokens) and tokens= '
                "(tokens = kit.tokenize(corpus, lexicon))")
        if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
            raise ValueError(f"cooccurrence: window must be a whole number ≥ 1, got {window!r}")
    elif window is not None:
        raise ValueError(f'cooccurrence: window= applies to unit="window" only, not unit={unit!r}')
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"cooccurrence: min_count must be a whole number ≥ 1, got {min_count!r}")


def _unit_rows(corpus, texts, occurrences, unit, window, tokens) -> tuple[np.ndarray, int]:
    """The unit (matrix row) of every occurrence, and the number of units."""
    doc_ids = corpus.docs["doc_id"].tolist()
    doc_index = {doc: i for i, doc in enumerate(doc_ids)}
    doc = occurrences["doc_id"].map(doc_index).to_numpy(dtype=np.int64)
    if unit == "document":
        return doc, len(texts)
    if unit == "window":
        return _window_rows(doc_ids, occurrences, doc, window, tokens)
    # sentence or paragraph: offsets of each document's units, then one row per unit
    sentence = occurrences["sentence"].to_numpy(dtype=np.int64)
    if unit == "sentence":
        sizes = np.array([count_sentences(text) for text in texts], dtype=np.int64)
        local = sentence
    else:
        # the paragraph of each sentence, as the sentence splitter numbers them
        paragraph_of_sentence = [[p for _, _, p in iter_sentence_spans(text)] for text in texts]
        sizes = np.array([p[-1] + 1 if p else 0 for p in paragraph_of_sentence], dtype=np.int64)
        local = np.array([paragraph_of_sentence[d][s] for d, s in zip(doc, sentence)], dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return first[doc] + local, int(sizes.sum())


def _window_rows(doc_ids, occurrences, doc, window, tokens):
    """Windows are rows; an occurrence at token position q lies in windows q .. q + window
    (window w spans positions w - window .. w of its document)."""
    frame = token_table(tokens, ("doc_id", "start", "position"), "cooccurrence")
    known = set(doc_ids)
    foreign = sorted(set(pd.unique(frame["doc_id"]).tolist()) - known)  # the distinct ids, not every token
    if foreign:
        raise ValueError(
            f"cooccurrence: tokens hold documents not in the corpus (e.g. {foreign[0]!r}); "
            "tokenize this corpus: kit.tokenize(corpus, lexicon)")
    positions = frame.groupby("doc_id", sort=False)["position"].max()
    lengths = np.array([int(positions.get(d, -1)) + 1 for d in doc_ids], dtype=np.int64)
    sizes = lengths + window
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    by_doc = {d: (g["start"].to_numpy(), g["position"].to_numpy())
              for d, g in frame.sort_values(["doc_id", "start"], kind="mergesort").groupby("doc_id", sort=False)}
    token_position = np.empty(len(occurrences), dtype=np.int64)
    for i, (doc_id, start) in enumerate(zip(occurrences["doc_id"], occurrences["start"])):
        if doc_id not in by_doc:
            raise ValueError(
                f"cooccurrence: document {doc_id!r} has no tokens; tokenize this corpus: "
                "kit.tokenize(corpus, lexicon)")
        starts, pos = by_doc[doc_id]
        at = max(int(np.searchsorted(starts, start, side="right")) - 1, 0)
        token_position[i] = pos[at]
    base = first[doc] + token_position
    rows = (base[:, None] + np.arange(window + 1)[None, :]).ravel()
    return rows, int(sizes.sum())


def _presence_matrix(rows, column, n_units, n_entries):
    """Binary unit × entry matrix (CSR); several occurrences in one unit count once."""
    repeat = len(rows) // len(column) if len(column) else 1
    columns = np.repeat(column, repeat)
    matrix = sparse.coo_matrix((np.ones(len(rows), dtype=np.int64), (rows, columns)),
                               shape=(n_units, n_entries)).tocsr()
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _empty() -> pd.DataFrame:
    types = {c: "int64" for c in ("joint", "count_a", "count_b", "n_units")}
    types.update({c: "float64" for c in (*ASSOCIATION_COLUMNS, "p_value", "p_adjusted")})
    return pd.DataFrame({c: pd.Series([], dtype=types.get(c, object)) for c in PAIR_COLUMNS})
