"""Count lexicon entries: frequency, normalised rates, document frequency, dispersion.

Layer: analysis.  Counting on raw characters is the reference; counting on
tokens is offered beside it so that the two can be compared (a phrase that
the tokenizer split, or joined with its neighbour, counts on characters but
not on tokens).
"""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd

from kit.analysis._document_counts import DocumentCounts
from kit.analysis._record import caller_stacklevel, records_call
from kit.analysis._find import corpus_texts, corpus_with_fields, resolve_lexicon, runs_partitioned
from kit.analysis._validate import check_column, check_tokens, provenance_of
from kit.analysis.eras import AnachronismWarning, earliest_year
from kit.analysis.matching import Matcher, check_overlap, resolve_leftmost_longest
from kit.corpus import Corpus, check_fields
from kit.lexicon import Lexicon
from kit.tokenization.tokens import token_table

PER = 10_000


@records_call
def count(corpus: Corpus, lexicon: Lexicon | None = None, by: str | Sequence[str] | None = None,
          tokens=None, overlap: str = "inclusive", fields=("text",), scheduler=None) -> pd.DataFrame:
    """Frequency and dispersion of every lexicon entry, zeros included: two honest counts.

    Occurrences are found on the documents' raw characters (see
    :func:`kit.find`).  A document is one part for dispersion.

    Two counts stand side by side, because entries nest: in a text that
    says 新时代文明实践 sixteen times and 新时代 eight times on its own,

    - ``frequency`` (the **inclusive** count, by default) is 24 for 新时代:
      every occurrence of the entry, nested ones included — how often the
      text contains the formula;
    - ``frequency_longest`` (the **leftmost-longest** count) is 8: each
      stretch of text counts for one entry only, the longest that starts
      there (新时代文明实践 takes its sixteen), so the counts of all entries
      add up without counting a character twice.

    Figures about "how often" draw ``frequency``; sums over entries
    (:func:`category_totals`), co-occurrence and keyness of entries use the
    leftmost-longest units, and say so.

    Parameters
    ----------
    corpus : Corpus or LazyCorpus
        A lazy corpus (``read_corpus(path, lazy=True)``) is read and counted
        partition by partition; the table is the same as in memory.
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.
    by : str or list of str, optional
        Metadata column(s) of ``corpus.docs``: one row per group and entry.
        ``"field"`` counts each field of ``fields`` apart (headlines beside
        texts).
    tokens : Tokens or pandas.DataFrame, optional
        Tokens of the same corpus (columns doc_id, token, start, end; of
        ``corpus.with_fields(fields)`` when ``fields`` is not the text alone).  Adds
        ``token_frequency``, ``agrees`` and ``per_10k_tokens``; see
        :func:`count_tokens` for how entries are counted on tokens.
    overlap : {"inclusive", "leftmost-longest", "all"}
        The rule of ``frequency`` and of the rates and dispersion computed
        from it (see :mod:`kit.analysis.matching`); ``frequency_longest`` is
        always leftmost-longest.
    fields : str or tuple of str
        What is counted: ``("text",)`` (default; headlines are not text),
        ``("title", "text")`` or ``("title",)``.
    scheduler : dask.distributed.Client or str, optional
        Run the partitions on a Dask cluster (a client or a scheduler's
        address; default ``$KIT_SCHEDULER`` for a lazy corpus).  An
        in-memory corpus is then cut into partitions.  The table is the same
        as here.  See docs/scale.md.

    Returns
    -------
    pandas.DataFrame
        One row per entry (per group and entry with ``by``), every entry of
        the lexicon included, sorted by group, then frequency (descending),
        then entry.  Columns:

        (the ``by`` columns)
        entry, category, gloss : str
        frequency : int
            Occurrences on raw characters (inclusive by default: nested ones
            included).
        frequency_longest : int
            Occurrences under the leftmost-longest rule (each stretch of text
            counts for one entry).
        per_10k_chars : float
            frequency / characters × 10,000, where characters is the total
            length (``len``, every character, punctuation and line breaks
            included) of the group's texts (of the fields counted; the line
            break that joins a title to its text is not counted).
        per_10k_tokens : float, only with ``tokens``
            token_frequency / tokens × 10,000; tokens counts the group's
            token rows, less punctuation when the table has ``is_punct``.
        doc_freq : int
            Documents containing the entry at least once.
        range : int
            Parts (documents) containing the entry: equal to doc_freq.
        dp, dp_norm : float
            Gries's DP and DPnorm over the group's non-empty documents, part
            sizes = document lengths in characters
            (:func:`kit.stats.dispersion_scores`).  NaN for an entry that
            never occurs and for a group of fewer than two documents.
        anachronistic : Int64
            Occurrences (as ``frequency`` counts them) in documents dated
            before the year the entry was first put forward (its ``since``;
            for ``c. YEAR``, before YEAR − 2; never for ``before YEAR``): an
            older sense of the same characters, or a question for the
            lexicon.  NA where the group has no dated document.  Reported,
            never dropped: an :class:`kit.analysis.eras.AnachronismWarning`
            names them, and :func:`kit.analysis.anachronisms` lists them.
        token_frequency : int, only with ``tokens``
        agrees : bool, only with ``tokens``
            token_frequency == frequency_longest (the tokenizer keeps the
            longest phrase whole, so tokens count leftmost-longest).

    Examples
    --------
    >>> from kit.corpus import Corpus, check_fields
    >>> lex = Lexicon.from_entries([{"phrase": "赋能", "category": "隐喻"},
    ...                             {"phrase": "减负赋能", "category": "治理"}])
    >>> c = Corpus.from_texts(["为基层减负赋能。", "赋能行动。"])
    >>> count(c, lex)[["entry", "frequency", "frequency_longest", "doc_freq"]].values.tolist()
    [['赋能', 2, 1, 2], ['减负赋能', 1, 1, 1]]
    """
    lexicon = resolve_lexicon(lexicon)
    check_overlap(overlap)
    if runs_partitioned(corpus, scheduler):
        from kit.analysis._partitioned import lazy_count

        return lazy_count(corpus, lexicon, by, tokens, overlap, fields, scheduler)
    requested = [] if by is None else [by] if isinstance(by, str) else list(by)
    if "field" in requested:
        return _count_by_field(corpus, lexicon, requested, tokens, overlap, fields)
    corpus = corpus_with_fields(corpus, fields)
    corpus_texts(corpus)
    by_columns = _by_columns(corpus, by)
    matcher = Matcher(lexicon)
    tallies = count_tallies(corpus, matcher, lexicon, overlap, by_columns, tokens)
    return count_table(tallies, matcher, lexicon, by_columns, overlap, corpus.name)


# The layers of counts that count() reports, each a DocumentCounts over the same
# documents: "chars" (the overlap rule asked for), "longest" (leftmost-longest),
# "early" (occurrences dated before the entry's first year) and, with tokens,
# "tokens" (entries spelled by runs of tokens; document sizes in tokens).
def count_tallies(corpus: Corpus, matcher: Matcher, lexicon: Lexicon, overlap: str,
                  by_columns: list[str], tokens=None) -> dict[str, DocumentCounts]:
    """The counts under :func:`count` for one corpus (or one partition of a corpus).

    Parameters
    ----------
    corpus : Corpus
        With its fields already chosen (:func:`corpus_with_fields`).
    matcher : Matcher
    lexicon : Lexicon
    overlap : str
    by_columns : list of str
        Metadata columns kept in ``docs`` for grouping.
    tokens : Tokens or pandas.DataFrame, optional

    Returns
    -------
    dict of str to DocumentCounts
        Layers ``chars``, ``longest``, ``early`` and, with tokens, ``tokens``;
        items are the matcher's entries, ``docs`` has doc_id, size
        (characters), year and the ``by`` columns.

    Examples
    --------
    >>> lex = Lexicon.from_entries([{"phrase": "赋能", "category": "隐喻"}])
    >>> tallies = count_tallies(Corpus.from_texts(["赋能赋能"]), Matcher(lex), lex, "inclusive", [])
    >>> tallies["chars"].frequency().tolist()
    [2]
    """
    texts = corpus_texts(corpus)
    match_doc, match_entry, _, _ = matcher.find_many(texts, overlap)
    if overlap == "leftmost-longest":
        longest_doc, longest_entry = match_doc, match_entry
    else:
        longest_doc, longest_entry, _, _ = matcher.find_many(texts, "leftmost-longest")
    doc_chars = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if corpus.fields == ("title", "text"):  # the joining line break is no character of either field
        doc_chars -= (corpus.docs["title"].fillna("").astype(str).str.len() > 0).to_numpy(dtype=np.int64)
    years = _document_years(corpus)
    docs = pd.DataFrame({"doc_id": corpus.docs["doc_id"].to_numpy(), "size": doc_chars,
                         "year": years if years is not None else np.full(len(texts), np.nan)})
    for column in by_columns:
        docs[column] = corpus.docs[column].to_numpy()
    items = pd.DataFrame({"entry": matcher.entries})
    earliest = earliest_year(lexicon).reindex(matcher.entries).to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        early = docs["year"].to_numpy()[match_doc] < earliest[match_entry]
    tallies = {
        "chars": DocumentCounts.from_occurrences(match_entry, match_doc, items, docs),
        "longest": DocumentCounts.from_occurrences(longest_entry, longest_doc, items, docs),
        "early": DocumentCounts.from_occurrences(match_entry[early], match_doc[early], items, docs),
    }
    if tokens is not None:
        frame = check_tokens(_token_frame(tokens), corpus, lexicon, provenance_of(tokens))
        position = {doc_id: i for i, doc_id in enumerate(corpus.docs["doc_id"])}
        token_docs, token_entries = _token_matches(frame, matcher, "leftmost-longest")
        countable = frame if "is_punct" not in frame else frame[~frame["is_punct"].astype(bool)]
        per_doc = countable.groupby("doc_id", sort=False).size()
        doc_tokens = np.array([per_doc.get(d, 0) for d in corpus.docs["doc_id"]], dtype=np.int64)
        tallies["tokens"] = DocumentCounts.from_occurrences(
            token_entries, np.array([position[d] for d in token_docs], dtype=np.int64), items,
            docs.assign(size=doc_tokens))
    return tallies


def count_table(tallies: dict[str, DocumentCounts], matcher: Matcher, lexicon: Lexicon,
                by_columns: list[str], overlap: str, corpus_name: str) -> pd.DataFrame:
    """The table of :func:`count` from its counts (of a whole corpus, or of partitions stacked).

    Parameters
    ----------
    tallies : dict of str to DocumentCounts
        From :func:`count_tallies` (one per partition, stacked layer by layer).
    matcher, lexicon, by_columns, overlap
        As given to :func:`count_tallies`.
    corpus_name : str
        Named in the anachronism warning.

    Returns
    -------
    pandas.DataFrame
        As :func:`count` documents.

    Examples
    --------
    >>> lex = Lexicon.from_entries([{"phrase": "赋能", "category": "隐喻"}])
    >>> tallies = count_tallies(Corpus.from_texts(["赋能"]), Matcher(lex), lex, "inclusive", [])
    >>> count_table(tallies, Matcher(lex), lex, [], "inclusive", "demo")["frequency"].tolist()
    [1]
    """
    chars = tallies["chars"]
    docs = chars.docs
    if by_columns:
        grouping = docs.groupby(by_columns, sort=True, dropna=False).indices
        groups = [(key if isinstance(key, tuple) else (key,), np.asarray(idx))
                  for key, idx in grouping.items()]
    else:
        groups = [((), np.arange(len(docs)))]
    years = docs["year"].to_numpy(dtype=float)
    n_entries = len(matcher.entries)

    info = lexicon.entries.set_index("entry").loc[matcher.entries]
    tables = []
    for key, members in groups:
        table = _group_table(chars.take_docs(members))
        table.insert(1, "frequency_longest", tallies["longest"].take_docs(members).frequency())
        dated_here = np.isfinite(years[members]).any()
        table["anachronistic"] = pd.array(
            tallies["early"].take_docs(members).frequency() if dated_here else [pd.NA] * n_entries,
            dtype="Int64")
        table.insert(0, "entry", matcher.entries)
        table.insert(1, "category", info["category"].to_numpy())
        table.insert(2, "gloss", info["gloss"].to_numpy())
        if "tokens" in tallies:
            token_counts = tallies["tokens"].take_docs(members)
            token_freq = token_counts.frequency()
            n_tokens = token_counts.size()
            table.insert(6, "per_10k_tokens",
                         token_freq / n_tokens * PER if n_tokens else np.nan)
            table["token_frequency"] = token_freq
            table["agrees"] = token_freq == table["frequency_longest"].to_numpy()
        for position, (column, value) in enumerate(zip(by_columns, key)):
            table.insert(position, column, value)
        tables.append(table)
    result = pd.concat(tables, ignore_index=True)
    result = result.sort_values(
        [*by_columns, "frequency", "entry"], ascending=[True] * len(by_columns) + [False, True],
        kind="stable", na_position="last")
    result = result.reset_index(drop=True)
    result.attrs["count"] = {"frequency": overlap, "frequency_longest": "leftmost-longest"}
    early_total = result["anachronistic"].fillna(0)
    if early_total.sum() > 0:
        named = result[early_total > 0].drop_duplicates("entry")
        shown = ", ".join(f"{e} ({int(n)}×)" for e, n in zip(named["entry"].head(5), named["anachronistic"].head(5)))
        warnings.warn(
            f"{int(early_total.sum())} occurrence(s) of {len(named)} formula(s) stand in documents of "
            f"{corpus_name!r} dated before the formula was first put forward: {shown}"
            f"{' …' if len(named) > 5 else ''} (column anachronistic; kit.analysis.anachronisms lists them)",
            AnachronismWarning, stacklevel=caller_stacklevel())
    return result




def _document_years(corpus: Corpus):
    """Each document's year as floats (NaN where undated), or None without a date column."""
    if "date" not in corpus.docs.columns:
        return None
    years = pd.to_datetime(corpus.docs["date"], errors="coerce").dt.year.to_numpy(dtype=float, na_value=np.nan)
    return years if np.isfinite(years).any() else None


def _count_by_field(corpus, lexicon, requested, tokens, overlap, fields) -> pd.DataFrame:
    """count(by=[..., "field", ...]): each field counted apart, then stacked."""
    if tokens is not None:
        raise ValueError('by="field" counts on characters; leave out tokens= (tokens are made '
                         "for one choice of fields)")
    others = [c for c in requested if c != "field"]
    tables = []
    for field in check_fields(fields):
        table = count(corpus, lexicon, by=others or None, overlap=overlap, fields=(field,))
        table.insert(requested.index("field"), "field", field)
        tables.append(table)
    result = pd.concat(tables, ignore_index=True)
    return result.sort_values([*requested, "frequency", "entry"],
                              ascending=[True] * len(requested) + [False, True], kind="stable",
                              key=lambda col: col.map({"title": 0, "text": 1}) if col.name == "field" else col,
                              na_position="last").reset_index(drop=True)


@records_call
def count_tokens(tokens, lexicon: Lexicon | None = None,
                 overlap: str = "leftmost-longest") -> pd.DataFrame:
    """Count lexicon entries on tokens.

    An entry counts where one token, or a run of consecutive tokens of the
    same document, spells exactly one of its forms: the match must begin at
    the start of a token and end at the end of a token.  Tokens are joined
    as written (whatever lay between them in the text, such as a line break,
    is not part of the run).  Overlaps among such matches follow the same
    rule as on characters.

    Parameters
    ----------
    tokens : Tokens or pandas.DataFrame
        Columns doc_id, token, start, end (one row per token).
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.
    overlap : {"leftmost-longest", "all"}

    Returns
    -------
    pandas.DataFrame
        One row per entry, zeros included, sorted by token_frequency
        (descending) then entry: entry, category, token_frequency (int),
        doc_freq (int, documents where it counts).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["d1"] * 3, "token": ["打通", "最后", "一米"],
    ...                      "start": [0, 2, 4], "end": [2, 4, 6]})
    >>> lex = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"},
    ...                             {"phrase": "通最", "category": "隐喻"}])
    >>> count_tokens(toks, lex)[["entry", "token_frequency"]].values.tolist()
    [['最后一米', 1], ['通最', 0]]
    """
    lexicon = resolve_lexicon(lexicon)
    check_overlap(overlap)
    frame = _token_frame(tokens)
    matcher = Matcher(lexicon)
    n_entries = len(matcher.entries)
    doc_ids, entry_ids = _token_matches(frame, matcher, overlap)
    codes, _ = pd.factorize(pd.Series(doc_ids, dtype=object))
    pairs = _pair_counts(codes.astype(np.int64), entry_ids, n_entries)
    info = lexicon.entries.set_index("entry").loc[matcher.entries]
    result = pd.DataFrame({
        "entry": matcher.entries,
        "category": info["category"].to_numpy(),
        "token_frequency": np.bincount(pairs[1], weights=pairs[2], minlength=n_entries).astype(np.int64),
        "doc_freq": np.bincount(pairs[1], minlength=n_entries).astype(np.int64),
    })
    return result.sort_values(["token_frequency", "entry"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)


def disagreements(corpus: Corpus, tokens, lexicon: Lexicon | None = None,
                  overlap: str = "leftmost-longest") -> pd.DataFrame:
    """Entries whose count on characters differs from their count on tokens.

    Parameters
    ----------
    corpus : Corpus
    tokens : Tokens or pandas.DataFrame
        Tokens of ``corpus``.
    lexicon : Lexicon, optional
    overlap : {"leftmost-longest", "all"}

    Returns
    -------
    pandas.DataFrame
        Columns entry, category, frequency (leftmost-longest, the rule the
        tokenizer's protection follows), token_frequency, difference
        (token_frequency − frequency), one row per disagreeing entry, largest
        absolute difference first.  Empty when the tokenizer kept every
        occurrence whole.

    Examples
    --------
    >>> from kit.corpus import Corpus, check_fields
    >>> c = Corpus.from_texts(["最后一米"])
    >>> toks = pd.DataFrame({"doc_id": [c.docs["doc_id"][0]] * 3, "token": ["最后", "一", "米"],
    ...                      "start": [0, 2, 3], "end": [2, 3, 4]})
    >>> lex = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"}])
    >>> disagreements(c, toks, lex)["token_frequency"].tolist()  # a split phrase still spells the entry
    []
    """
    table = count(corpus, lexicon, tokens=tokens, overlap=overlap)
    table = table.loc[~table["agrees"], ["entry", "category", "frequency_longest", "token_frequency"]].copy()
    table = table.rename(columns={"frequency_longest": "frequency"})
    table["difference"] = table["token_frequency"] - table["frequency"]
    order = table["difference"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)


# -- helpers ----------------------------------------------------------------
def _by_columns(corpus: Corpus, by) -> list[str]:
    if by is None:
        return []
    columns = [by] if isinstance(by, str) else list(by)
    for column in columns:
        check_column(corpus, column, "by")
    clash = [c for c in columns if c in ("entry", "category", "gloss", "frequency", "field")]
    if clash:
        raise ValueError(f"cannot group by {clash}: the result has columns of that name")
    return columns


def _pair_counts(doc_idx: np.ndarray, entry_idx: np.ndarray, n_entries: int):
    """(doc, entry, n) for every document-entry pair that occurs, as three arrays."""
    if len(doc_idx) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    keys, n = np.unique(doc_idx * n_entries + entry_idx, return_counts=True)
    return keys // n_entries, keys % n_entries, n.astype(np.int64)


def _group_table(counts: DocumentCounts) -> pd.DataFrame:
    """frequency, per_10k_chars, doc_freq, range, dp, dp_norm of one group's documents."""
    frequency = counts.frequency()
    doc_freq = counts.document_frequency()
    n_chars = counts.size()
    scores = counts.dispersion()
    return pd.DataFrame({
        "frequency": frequency,
        "per_10k_chars": frequency / n_chars * PER if n_chars else np.full(len(frequency), np.nan),
        "doc_freq": doc_freq,
        "range": doc_freq.copy(),
        "dp": scores["dp"].to_numpy(dtype=float),
        "dp_norm": scores["dp_norm"].to_numpy(dtype=float),
    })


def _token_frame(tokens) -> pd.DataFrame:
    """The token table in document order, then text order."""
    frame = token_table(tokens, ("doc_id", "token", "start", "end"), "count")
    order = pd.factorize(frame["doc_id"])[0]
    return frame.assign(_doc_order=order).sort_values(
        ["_doc_order", "start"], kind="stable").drop(columns="_doc_order")


def _token_matches(frame: pd.DataFrame, matcher: Matcher, overlap: str):
    """(doc_ids, entry_ids) of every entry counted on tokens (see count_tokens)."""
    doc_ids, entry_ids = [], []
    for doc_id, toks in frame.groupby("doc_id", sort=False)["token"]:
        toks = [str(t) for t in toks]
        joined = "".join(toks)
        boundary = np.zeros(len(joined) + 1, dtype=bool)
        boundary[np.cumsum([0] + [len(t) for t in toks])] = True
        aligned = [c for c in matcher.candidates(joined) if boundary[c[0]] and boundary[c[1]]]
        if overlap == "leftmost-longest":
            aligned = resolve_leftmost_longest(aligned)
        doc_ids.extend([doc_id] * len(aligned))
        entry_ids.extend(c[3] for c in aligned)
    return doc_ids, np.asarray(entry_ids, dtype=np.int64)


def category_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """Sum a :func:`count` table over the lexicon's categories.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`count` (one row per entry; with ``by`` groups, one row per
        entry and group: the groups are kept).

    Returns
    -------
    pandas.DataFrame
        One row per category (and group): ``category``, ``entries`` (in the
        lexicon), ``entries_found`` (with frequency > 0), ``frequency``,
        ``per_10k_chars``; sorted by frequency, then category.  Sums are of
        leftmost-longest occurrences (``frequency_longest`` where the table
        has it), so that a nested entry (获得感 inside 获得感、幸福感、安全感)
        does not add a second occurrence to its category.

    Examples
    --------
    >>> t = pd.DataFrame({"entry": ["a", "b", "c"], "category": ["民生", "民生", "党建"],
    ...                   "frequency": [3, 0, 2], "per_10k_chars": [3.0, 0.0, 2.0]})
    >>> category_totals(t)[["category", "entries", "entries_found", "frequency"]].values.tolist()
    [['民生', 2, 1, 3], ['党建', 1, 1, 2]]
    """
    missing = [c for c in ("entry", "category", "frequency", "per_10k_chars") if c not in counts.columns]
    if missing:
        raise KeyError(f"category_totals needs a table from kit.count; missing columns {missing}")
    groups = [c for c in counts.columns if c not in _COUNT_COLUMNS]
    keys = groups + ["category"]
    if "frequency_longest" in counts.columns:
        scale = np.where(counts["frequency"] > 0, counts["frequency_longest"] / counts["frequency"].where(
            counts["frequency"] > 0, 1), 0.0)
        counts = counts.assign(frequency=counts["frequency_longest"],
                               per_10k_chars=counts["per_10k_chars"] * scale)
    table = counts.assign(found=counts["frequency"] > 0).groupby(keys, sort=False, dropna=False).agg(
        entries=("entry", "size"),
        entries_found=("found", "sum"),
        frequency=("frequency", "sum"),
        per_10k_chars=("per_10k_chars", "sum"),
    ).reset_index()
    table["entries_found"] = table["entries_found"].astype(np.int64)
    return table.sort_values(groups + ["frequency", "category"], ascending=[True] * len(groups) + [False, True],
                             kind="mergesort").reset_index(drop=True)


# Columns of a count table that are not grouping columns.
_COUNT_COLUMNS = {"entry", "category", "gloss", "frequency", "frequency_longest", "anachronistic", "per_10k_chars", "per_10k_tokens", "doc_freq",
                  "range", "dp", "dp_norm", "token_frequency", "agrees"}
