"""Keyness: which words and formulas set one body of discourse apart from another.

Layer: analysis.  Two corpora (or two groups of one corpus) are tokenised the
same way, items are counted in each, and every item gets the statistics of
:func:`kit.stats.keyness_scores` (G², Log Ratio, …), a Benjamini–Hochberg
adjusted p-value, a confidence interval for its Log Ratio, and its
dispersion over the documents of each side.

Three ways in:

- ``keyness(target, reference)``: two corpora;
- ``keyness(corpus, by="genre", group="news")``: one group of a corpus
  against the rest of it (or against ``reference_group``);
- ``keyness_one_vs_rest(corpus, by="genre")``: every group against the rest,
  one long table with a ``group`` column.

What is counted (``unit``):

- ``"token"``: the tokens of :func:`kit.tokenization.tokenize` (pkuseg, with the
  lexicon's phrases kept whole), by their exact form;
- ``"entry"``: lexicon entries found on the raw characters
  (:func:`kit.analysis.find`: variants count for their entry);
- ``"both"``: the two stacked, told apart by the ``kind`` column.

Sizes are always counted in tokens, so that tokens and entries share one
scale: the size of a side is its number of tokens after the punctuation
filter (``remove_punct``); the number and stopword filters only take items
out of the table, they do not shrink the corpus (a text of 1,000 words in
which 的 occurs 50 times still has 1,000 words).
"""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kit.analysis._document_counts import DocumentCounts
from kit.analysis._memory import frame_digest, remembered
from kit.analysis._stored import stored_result
from kit.analysis._record import caller_stacklevel, records_call
from kit.analysis._validate import (check_choice, check_column, check_tokens, check_whole, provenance_of,
                                   warn_shared_documents)
from kit.analysis.eras import earliest_year
from kit.analysis._find import corpus_texts, corpus_with_fields, find, resolve_lexicon
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.stats import adjust_p, keyness_scores, log_ratio_ci
from kit.tokenization.tokens import token_table
from kit.stats.keyness import KEYNESS_COLUMNS, LOG_RATIO_ZERO_FREQUENCY
from kit.tokenization.stopwords import NUMBER_PATTERN, is_number, punct_mask, stopword_mask

PER = 10_000
UNITS = ("token", "entry", "both")
DIRECTIONS = ("positive", "negative", "both")
SORTS = ("log_ratio", "g2")
MIN_FREQ_IN = ("either", "target", "both")

KEYNESS_TABLE_COLUMNS = (
    "item", "kind", "category", "gloss",
    "freq_target", "freq_reference", "size_target", "size_reference",
    "rel_target", "rel_reference",
    *KEYNESS_COLUMNS[:5],  # g2, ll_2term, chi2, chi2_yates, log_ratio
    "log_ratio_ci_low", "log_ratio_ci_high",
    *KEYNESS_COLUMNS[5:9],  # pct_diff, odds_ratio, bic, p_value
    "p_adjusted", "direction",
    "range_target", "range_reference", "dp_target", "dp_reference", "anachronistic",
)





@records_call
@stored_result
def keyness(target: Corpus, reference: Corpus | None = None, *, by: str | None = None,
            group=None, reference_group=None, lexicon=None, unit: str = "token",
            tokens=None, reference_tokens=None, min_freq: int = 1, min_freq_in: str = "either",
            min_range: int = 2, max_p: float | None = None, p_adjust: str = "fdr_bh",
            direction: str = "both", sort: str = "log_ratio", remove_punct: bool = True,
            remove_numbers: bool = True, remove_stopwords: bool = True,
            confidence: float = 0.95, n_jobs: int = 1, fields=("text",),
            scheduler=None) -> pd.DataFrame:
    """Keywords (and key formulas) of a target against a reference.

    Parameters
    ----------
    target : Corpus or LazyCorpus
        The corpus whose distinctive items are sought; with ``by``, the
        corpus whose groups are compared.  A lazy corpus
        (``read_corpus(path, lazy=True)``) is counted partition by
        partition, its tokens read from the token cache; the table is the
        same as for the corpus in memory.
    reference : Corpus or LazyCorpus, optional
        The corpus it is compared with.  Leave out when using ``by``.
    by : str, optional
        A metadata column of ``target``: compare the documents whose ``by``
        value is ``group`` with the others (or with ``reference_group``).
    group : value or list of values, optional
        With ``by``: the target group(s).
    reference_group : value or list of values, optional
        With ``by``: the reference group(s).  Default: every other document
        that has a ``by`` value (documents without one are left out of both
        sides and reported in a warning).
    lexicon : Lexicon, optional
        Its phrases are kept whole by the tokenizer, and its entries are the
        items of ``unit="entry"``.  Defaults to the bundled lexicon.
    unit : {"token", "entry", "both"}
        What is counted; see the module's notes.
    tokens, reference_tokens : Tokens or pandas.DataFrame, optional
        Tokens of ``target`` and ``reference`` (columns doc_id and token;
        ``is_punct``/``is_stopword`` are computed when absent).  Without them
        both corpora are tokenised with :func:`kit.tokenization.tokenize` and the
        same lexicon.  With ``by``, ``tokens`` are the tokens of ``target``.
    min_freq : int
        Keep items with at least this frequency, in the corpus chosen by
        ``min_freq_in``.
    min_freq_in : {"either", "target", "both"}
        ``"either"`` (default): the larger of the two frequencies must reach
        ``min_freq``, which keeps negative keywords (rare or absent in the
        target);  ``"target"``: the target frequency; ``"both"``: each.
    min_range : int
        Keep items found in at least this many documents of the side where
        they are relatively more frequent (the target for positive items, the
        reference for negative ones): a keyword of one article only is a
        topic of that article rather than of the corpus.  The default, 2,
        keeps one-document words out of the table; a side of fewer documents
        than ``min_range`` asks only for all of them (a one-document side
        asks for 1).  The figures of :mod:`kit.plot` state the range used
        (``attrs["min_range_target"]``, ``attrs["min_range_reference"]``).
    max_p : float, optional
        Keep items whose adjusted p-value (``p_adjusted``) is at most this.
    p_adjust : {"fdr_bh", "bonferroni"}
        Adjustment of the p-values for testing many items
        (:func:`kit.stats.adjust_p`), over every item that passes
        ``min_freq`` and ``min_range`` (before ``max_p`` and ``direction``).
    direction : {"both", "positive", "negative"}
        Keep items overused in the target (positive), underused (negative),
        or both.
    sort : {"log_ratio", "g2"}
        Order by effect size (Log Ratio, default) or by G² signed by
        direction, within each direction: positive items first, largest
        first, then negative items, so that the strongest negative item
        comes last; with ``direction="negative"`` the strongest negative
        item comes first.  Ties are broken by G², then by item.  Items are
        grouped by ``direction`` (the sign of a·d − b·c) rather than by the
        sign of the Log Ratio because, when the target is much smaller than
        the reference, the 0.5 put in place of a zero frequency can give an
        item absent from the target a *positive* Log Ratio (0 of 2,500
        tokens against 27 of 925,000: log2((0.5/2500)/(27/925000)) ≈ 2.8):
        Log Ratio cannot measure an absence from a small corpus.
    remove_punct : bool
        Leave punctuation and symbol tokens out of the items and the sizes.
    remove_numbers : bool
        Leave numbers (Arabic, full-width and Chinese numerals, and dates
        such as 1998年 or 12月: see ``NUMBER_PATTERN``) out of the items.
    remove_stopwords : bool
        Leave the kit's stopwords (:func:`kit.tokenization.load_stopwords`) out
        of the items.
    confidence : float
        Level of the Log Ratio confidence interval.
    n_jobs : int
        Processes for tokenising (see :func:`kit.tokenization.tokenize`).
    scheduler : dask.distributed.Client or str, optional
        Run the partitions of a lazy corpus, and the tokenising of an
        in-memory one, on a Dask cluster (a client or a scheduler's address;
        default ``$KIT_SCHEDULER``).  See docs/scale.md.
    fields : str or tuple of str
        What is compared (on both sides; tokens passed in must be of the corpora with these fields): ``("text",)`` (default; headlines are not text),
        ``("title", "text")`` or ``("title",)`` (see
        :meth:`kit.corpus.Corpus.with_fields`).

    Returns
    -------
    pandas.DataFrame
        One row per item, columns in this order:

        item : str
        kind : str
            ``"token"`` or ``"entry"``.
        category, gloss : str or NA
            From the lexicon, for items that are lexicon entries (a token
            that spells an entry gets them too).
        freq_target, freq_reference : int
        size_target, size_reference : int
            Tokens on each side (after the punctuation filter).
        rel_target, rel_reference : float
            Frequency per 10,000 tokens.
        g2, ll_2term, chi2, chi2_yates, log_ratio, pct_diff, odds_ratio, bic, p_value, direction
            As :func:`kit.stats.keyness_scores` (Log Ratio with 0.5 for a zero frequency).
        log_ratio_ci_low, log_ratio_ci_high : float
            Confidence interval of the Log Ratio: the log of a ratio of two
            Poisson rates has standard error √(1/a + 1/b) on the natural-log
            scale (the same 0.5 put in place of a zero frequency), so the
            interval is ``log_ratio ± z·√(1/a + 1/b) / ln 2`` with z the
            normal quantile of the level (1.96 at 95%).
        p_adjusted : float
        range_target, range_reference : int
            Documents of each side that hold the item.
        dp_target, dp_reference : float
            Gries's DP over the documents of each side (part sizes in
            tokens; :func:`kit.stats.dispersion_scores`).  NaN where the item
            does not occur on that side, or the side has fewer than two
            non-empty documents.
        anachronistic : Int64
            For entries (``kind == "entry"``): occurrences, on either side,
            in documents dated before the year the entry was first put
            forward (see :func:`kit.count`); NA for tokens and where no
            document compared has a date.  Entries are counted
            leftmost-longest here (each stretch of text once), as keyness
            needs non-overlapping units.

        ``attrs`` holds ``target``, ``reference`` (names), ``unit``,
        ``documents_target``, ``documents_reference``, ``size_target``,
        ``size_reference``, ``tests`` (items the p-values were adjusted
        over), ``p_adjust`` (the adjustment), ``min_freq``, ``min_range``, ``min_range_target`` and
        ``min_range_reference`` (the range each side asked for),
        ``fields`` and ``undefined_group`` (documents left out for lack of a
        ``by`` value).

    Raises
    ------
    ValueError, KeyError, TypeError
        With what is wrong and what to do: a bad option, an unknown column
        or group, an empty side, tokens that belong to another corpus.

    Examples
    --------
    >>> import kit
    >>> a = kit.Corpus.from_texts(["群众 群众 治理"], name="a")
    >>> b = kit.Corpus.from_texts(["经济 经济 治理"], name="b")
    >>> ta = pd.DataFrame({"doc_id": "a-0001", "token": ["群众", "群众", "治理"]})
    >>> tb = pd.DataFrame({"doc_id": "b-0001", "token": ["经济", "经济", "治理"]})
    >>> table = keyness(a, b, tokens=ta, reference_tokens=tb)
    >>> table[["item", "freq_target", "freq_reference"]].values.tolist()
    [['群众', 2, 0], ['治理', 1, 1], ['经济', 0, 2]]
    """
    options, filters, lexicon = _settings(unit, min_freq, min_freq_in, min_range, max_p, p_adjust, direction, sort,
                                          confidence, remove_punct, remove_numbers, remove_stopwords, lexicon)
    target = _with_fields(target, fields)
    if reference is not None:
        reference = _with_fields(reference, fields)

    def side_counts(corpus, side_tokens, side, columns=()):
        return _counts_of(corpus, side_tokens, lexicon, options["unit"], filters, n_jobs, side, columns,
                          scheduler)

    if by is None:
        if reference is None:
            raise ValueError("keyness needs a reference corpus, or by= and group= to compare "
                             "groups of one corpus")
        if group is not None or reference_group is not None:
            raise ValueError("group= and reference_group= need by= (the metadata column)")
        if reference_tokens is None and tokens is not None or (
                reference_tokens is not None and tokens is None):
            raise ValueError("pass both tokens= and reference_tokens= (tokens of each corpus), "
                             "or neither to tokenise both the same way")
        from kit.lazy_corpus import LazyCorpus

        if not any(isinstance(side, LazyCorpus) for side in (target, reference)):
            # a lazy corpus is never read whole; its documents are not compared
            warn_shared_documents(target, reference, "keyness")
        counts, sides = pool_counts({"target": side_counts(target, tokens, "target"),
                                     "reference": side_counts(reference, reference_tokens, "reference")})
        target_docs, reference_docs = sides["target"], sides["reference"]
        names = (target.name, reference.name)
        undefined = 0
    else:
        if reference is not None:
            raise ValueError("give either a reference corpus or by=, not both")
        if reference_tokens is not None:
            raise ValueError("with by=, pass the corpus's tokens as tokens= (reference_tokens= is "
                             "for a second corpus)")
        if group is None:
            raise ValueError(f"by={by!r} needs group= (the value(s) of {by!r} that form the target)")
        if isinstance(target, Corpus):
            _group_values(target, by)
        counts = side_counts(target, tokens, "target", columns=[by])
        target_docs, reference_docs, undefined = group_sides(counts.docs, by, group, reference_group,
                                                             target.name)
        names = (f"{by}={_label(group)}",
                 f"{by}={_label(reference_group)}" if reference_group is not None else f"{by}≠{_label(group)}")
    if len(reference_docs) == 0:
        raise ValueError("the reference side has no documents: choose another reference_group, "
                         "or compare two corpora")
    table = compare_sides(counts, target_docs, reference_docs, lexicon, options)
    table.attrs.update({"target": names[0], "reference": names[1], "unit": options["unit"],
                        "documents_target": int(len(target_docs)),
                        "documents_reference": int(len(reference_docs)),
                        "undefined_group": undefined, "fields": list(target.fields)})
    return table


@records_call
@stored_result
def keyness_one_vs_rest(corpus: Corpus, by: str, *, lexicon=None, unit: str = "token",
                        tokens=None, min_freq: int = 1, min_freq_in: str = "either",
                        min_range: int = 2, max_p: float | None = None, p_adjust: str = "fdr_bh",
                        direction: str = "both", sort: str = "log_ratio",
                        remove_punct: bool = True, remove_numbers: bool = True,
                        remove_stopwords: bool = True, confidence: float = 0.95,
                        n_jobs: int = 1, fields=("text",)) -> pd.DataFrame:
    """Each group of a corpus against all the other groups together.

    The corpus is tokenised once; for each value ``g`` of ``by`` the
    documents of ``g`` are the target and the documents of every other value
    the reference, exactly as ``keyness(corpus, by=by, group=g)``.  The
    p-values are adjusted within each group's comparison.

    Parameters
    ----------
    corpus : Corpus
    by : str
        A metadata column with at least two values.  Documents without a
        value are left out (with a warning).
    lexicon, unit, tokens, min_freq, min_freq_in, min_range, max_p, p_adjust, direction, sort, remove_punct, remove_numbers, remove_stopwords, confidence, n_jobs, fields
        As :func:`keyness`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`keyness` with ``group`` first: one block of
        rows per group, groups in sorted order, each block sorted as
        :func:`keyness` sorts.  ``attrs["groups"]`` maps each group to its
        number of documents and tokens.

    Examples
    --------
    >>> import kit
    >>> c = kit.Corpus.from_texts(["群众 治理", "经济 治理", "文化"], genre=["a", "b", "c"])
    >>> toks = pd.DataFrame({"doc_id": c.docs["doc_id"].repeat(c.docs["text"].str.split().str.len()),
    ...                      "token": " ".join(c.texts).split()})
    >>> table = keyness_one_vs_rest(c, "genre", tokens=toks)
    >>> table.loc[table["group"] == "a", ["item", "freq_target", "freq_reference"]].values.tolist()
    [['群众', 1, 0], ['治理', 1, 1]]
    """
    options, filters, lexicon = _settings(unit, min_freq, min_freq_in, min_range, max_p, p_adjust, direction, sort,
                                          confidence, remove_punct, remove_numbers, remove_stopwords, lexicon)
    corpus = corpus_with_fields(corpus, fields)
    corpus_texts(corpus)
    values = _group_values(corpus, by)
    groups = sorted(values.dropna().unique().tolist(), key=str)
    if len(groups) < 2:
        raise ValueError(f"{by!r} has {len(groups)} value(s) {groups}: one-vs-rest needs at least two groups")
    undefined = int(values.isna().sum())
    if undefined:
        warnings.warn(f"{undefined} document(s) of {corpus.name!r} have no {by!r} value and are "
                      "left out", UserWarning, stacklevel=2)
    counts = keyness_counts(corpus, tokens, lexicon, options["unit"], filters, n_jobs, "target")
    tables, sizes = [], {}
    for value in groups:
        inside = np.flatnonzero((values == value).to_numpy())
        rest = np.flatnonzero((values.notna() & (values != value)).to_numpy())
        table = compare_sides(counts, inside, rest, lexicon, options)
        table.insert(0, "group", value)
        tables.append(table)
        sizes[value] = {"documents": int(len(inside)),
                        "tokens": counts.take_docs(inside).size()}
    result = pd.concat(tables, ignore_index=True)
    result.attrs.update({"by": by, "unit": options["unit"], "groups": sizes,
                         "undefined_group": undefined, "fields": list(corpus.fields),
                         "min_freq": options["min_freq"], "min_range": options["min_range"]})
    return result


def top_keywords(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` items with the largest and the ``n`` with the smallest Log Ratio.

    The rows a diverging chart shows: positive items (``direction`` > 0, or
    Log Ratio > 0 without a direction column), largest Log Ratio first, then
    negative items, the smallest Log Ratio last.  Ties are broken by item.

    An item whose Log Ratio points against its ``direction`` is never
    chosen: with a small target, the 0.5 put in place of a zero frequency
    can give an item absent from the target a *positive* Log Ratio (0 of
    2,500 tokens against 27 of 925,000), and a bar drawn on the target's side
    for a word the target never uses misleads.  ``attrs["not_drawn"]`` names
    the ten such items of largest frequency on their own side (item → "absent
    from the target", "absent from the reference" or "Log Ratio against the
    direction") and ``attrs["not_drawn_count"]`` counts them all, so a chart
    can say what it leaves out.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`keyness` (columns item and log_ratio at least).
    n : int
        Items on each side.

    Returns
    -------
    pandas.DataFrame
        Up to 2n rows of ``table``, ``attrs`` kept (and ``not_drawn`` added).

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["甲", "乙", "丙", "丁"], "log_ratio": [3.0, 1.0, -0.5, -2.0]})
    >>> top_keywords(t, 1)["item"].tolist()
    ['甲', '丁']
    >>> t = pd.DataFrame({"item": ["甲", "乙"], "log_ratio": [3.0, 2.8], "direction": [1, -1],
    ...                   "freq_target": [5, 0], "freq_reference": [1, 27]})
    >>> rows = top_keywords(t, 5)
    >>> rows["item"].tolist(), rows.attrs["not_drawn"]
    (['甲'], {'乙': 'absent from the target'})
    """
    missing = [c for c in ("item", "log_ratio") if c not in table.columns]
    if missing:
        raise KeyError(f"top_keywords: the table has no column(s) {missing}; pass a table from keyness")
    ranked = table.dropna(subset=["log_ratio"]).sort_values(
        ["log_ratio", "item"], ascending=[False, True], kind="mergesort")
    side = ranked["direction"] if "direction" in ranked.columns else np.sign(ranked["log_ratio"])
    against = (np.sign(ranked["log_ratio"]) * side) < 0
    left_out = ranked[against]
    if {"freq_target", "freq_reference"} <= set(left_out.columns):
        # the most notable first: the largest frequency on the side the item belongs to
        weight = np.where(left_out["freq_target"] == 0, left_out["freq_reference"], left_out["freq_target"])
        left_out = left_out.assign(_weight=weight).sort_values(["_weight", "item"], ascending=[False, True],
                                                              kind="mergesort")
    not_drawn = {}
    for _, row in left_out.head(10).iterrows():
        if "freq_target" in row.index and row["freq_target"] == 0:
            not_drawn[row["item"]] = "absent from the target"
        elif "freq_reference" in row.index and row["freq_reference"] == 0:
            not_drawn[row["item"]] = "absent from the reference"
        else:
            not_drawn[row["item"]] = "Log Ratio against the direction"
    ranked = ranked[~against]
    side = side[~against]
    rows = pd.concat([ranked[side > 0].head(n), ranked[side < 0].tail(n)])
    rows.attrs = dict(table.attrs)
    rows.attrs["not_drawn"] = not_drawn
    rows.attrs["not_drawn_count"] = int(against.sum())
    return rows



# -- the counts compared --------------------------------------------------------
def _settings(unit, min_freq, min_freq_in, min_range, max_p, p_adjust, direction, sort, confidence,
              remove_punct, remove_numbers, remove_stopwords, lexicon):
    """The checked options, the token filters and the lexicon of a keyness call (both kinds)."""
    options = _check_options(unit, min_freq, min_freq_in, min_range, max_p, p_adjust,
                             direction, sort, confidence)
    filters = dict(remove_punct=remove_punct, remove_numbers=remove_numbers,
                   remove_stopwords=remove_stopwords)
    return options, filters, resolve_lexicon(lexicon)


def _with_fields(corpus, fields):
    from kit.lazy_corpus import LazyCorpus

    return corpus.with_fields(fields) if isinstance(corpus, LazyCorpus) else corpus_with_fields(corpus, fields)


def _counts_of(corpus, tokens, lexicon, unit, filters, n_jobs, side, columns, scheduler) -> DocumentCounts:
    """One side's counts: partition by partition for a lazy corpus, else in memory.

    An in-memory corpus without tokens is tokenised first (on the Dask
    cluster when a scheduler is named), then counted here.
    """
    from kit.lazy_corpus import LazyCorpus

    if isinstance(corpus, LazyCorpus):
        from kit.analysis._partitioned import lazy_keyness_counts

        return lazy_keyness_counts(corpus, tokens, lexicon, unit, filters, corpus.fields, columns,
                                   scheduler, side=side)
    corpus_texts(corpus)
    if tokens is None and scheduler is not None:
        from kit.tokenization import tokenize

        tokens = tokenize(corpus, lexicon, n_jobs=n_jobs, scheduler=scheduler)
    lexicon = resolve_lexicon(lexicon)
    frame = _token_frame(corpus, tokens, lexicon, n_jobs, side)
    # The counts of one corpus are asked for again by the next table of the
    # same comparison (words, entries, both): remembered by content, and the
    # counts of "both" are those of "entry" and "token" together.
    docs_key = frame_digest(corpus.docs, ("doc_id", "title", "text", "date", *columns))
    tokens_key = frame_digest(frame, ("doc_id", "token", "is_punct", "is_stopword"))
    filters_key = tuple(sorted(filters.items()))

    def counts_of(one_unit: str) -> DocumentCounts:
        key = (docs_key, corpus.fields, tokens_key, lexicon.hash, one_unit, filters_key, tuple(columns))
        return remembered("keyness counts", key,
                          lambda: count_token_frame(corpus, frame, lexicon, one_unit, filters, columns))

    if unit != "both":
        return counts_of(unit)
    entries, words = counts_of("entry"), counts_of("token")
    # kinds sort "entry" before "token": the rows of the two, one after the other, are in order
    return DocumentCounts.stack_items([entries, words])


def keyness_counts(corpus: Corpus, tokens, lexicon, unit: str, filters: dict, n_jobs: int = 1,
                   side: str = "target", columns: Sequence[str] = ()) -> DocumentCounts:
    """Counts of every item in every document of one corpus (or one partition of it).

    Parameters
    ----------
    corpus : Corpus
        With its fields chosen.
    tokens : Tokens, pandas.DataFrame or None
        Its tokens; None tokenises it.
    lexicon : Lexicon
    unit : {"token", "entry", "both"}
    filters : dict
        remove_punct, remove_numbers, remove_stopwords.
    n_jobs : int
    side : str
        Named in messages about the tokens.
    columns : sequence of str
        Metadata columns of ``corpus.docs`` kept in the counts' ``docs``.

    Returns
    -------
    DocumentCounts
        Items (kind, item) sorted; docs: doc_id (str), size (tokens after the
        punctuation filter), year (float, NaN where undated) and ``columns``.

    Examples
    --------
    >>> c = Corpus.from_texts(["群众 群众"])
    >>> toks = pd.DataFrame({"doc_id": c.docs["doc_id"], "token": ["群众"]})
    >>> filters = dict(remove_punct=True, remove_numbers=True, remove_stopwords=True)
    >>> keyness_counts(c, toks, None, "token", filters).frequency().tolist()
    [1]
    """
    lexicon = resolve_lexicon(lexicon)
    return count_token_frame(corpus, _token_frame(corpus, tokens, lexicon, n_jobs, side), lexicon, unit,
                             filters, columns)


def count_token_frame(corpus: Corpus, frame: pd.DataFrame, lexicon: Lexicon, unit: str, filters: dict,
                      columns: Sequence[str] = ()) -> DocumentCounts:
    """:func:`keyness_counts` of a token table already checked against ``corpus``.

    Parameters
    ----------
    corpus, lexicon, unit, filters, columns
        As :func:`keyness_counts` (``lexicon`` resolved).
    frame : pandas.DataFrame
        The corpus's token table (columns doc_id and token at least).

    Returns
    -------
    DocumentCounts

    Examples
    --------
    >>> c = Corpus.from_texts(["群众 群众"])
    >>> toks = pd.DataFrame({"doc_id": [c.docs["doc_id"][0]] * 2, "token": ["群众", "群众"]})
    >>> filters = dict(remove_punct=True, remove_numbers=True, remove_stopwords=True)
    >>> count_token_frame(c, toks, resolve_lexicon(None), "token", filters).frequency().tolist()
    [2]
    """
    # The tokens as Python strings are needed to count tokens, or to find punctuation when the tokens
    # do not mark it; entries alone, with tokens from the kit, need neither (a string per token would
    # cost time and memory for nothing).
    needs_words = unit in ("token", "both") or "is_punct" not in frame
    words = frame["token"].astype(str).tolist() if needs_words else []
    arrow = pa.array(words, pa.string())
    punct = (frame["is_punct"].to_numpy(dtype=bool) if "is_punct" in frame
             else punct_mask(arrow).to_numpy(zero_copy_only=False))
    counted = ~punct if filters["remove_punct"] else np.ones(len(frame), dtype=bool)
    doc_ids = frame["doc_id"].astype(str).to_numpy()
    all_docs = pd.Index(corpus.docs["doc_id"].astype(str))
    sizes = (pd.Series(doc_ids[counted]).value_counts()
             .reindex(all_docs, fill_value=0).to_numpy(dtype=np.int64))
    dates = corpus.docs["date"] if "date" in corpus.docs.columns else pd.Series(pd.NaT, index=corpus.docs.index)
    docs = pd.DataFrame({"doc_id": all_docs.to_numpy(), "size": sizes,
                         "year": pd.to_datetime(dates, errors="coerce").dt.year.to_numpy(dtype=float, na_value=np.nan)})
    for column in columns:
        docs[column] = corpus.docs[column].to_numpy()
    kinds, items, doc_of = [], [], []
    if unit in ("token", "both"):
        keep = counted.copy()
        if filters["remove_stopwords"]:
            stop = (frame["is_stopword"].to_numpy(dtype=bool) if "is_stopword" in frame
                    else stopword_mask(arrow).to_numpy(zero_copy_only=False))
            keep &= ~stop
        if filters["remove_numbers"]:
            keep &= ~is_number(words)
        kept = np.asarray(words, dtype=object)[keep]
        kinds.append(np.full(len(kept), "token", dtype=object))
        items.append(kept)
        doc_of.append(all_docs.get_indexer(doc_ids[keep]))
    if unit in ("entry", "both"):
        found = find(corpus, lexicon)
        kinds.append(np.full(len(found), "entry", dtype=object))
        items.append(found["entry"].to_numpy(dtype=object))
        doc_of.append(all_docs.get_indexer(found["doc_id"].astype(str).to_numpy()))
    kind = np.concatenate(kinds)
    item = np.concatenate(items)
    names = pd.DataFrame({"kind": kind, "item": item}).drop_duplicates().sort_values(
        ["kind", "item"], kind="stable").reset_index(drop=True)
    row_of = pd.MultiIndex.from_frame(names).get_indexer(pd.MultiIndex.from_arrays([kind, item]))
    return DocumentCounts.from_occurrences(row_of, np.concatenate(doc_of), names, docs)


def pool_counts(sides: dict) -> tuple[DocumentCounts, dict]:
    """Two sides' counts as one table, and each side's document positions in it.

    Two corpora may share doc_ids, so each side's ids are prefixed with the
    side's name.

    Parameters
    ----------
    sides : dict of str to DocumentCounts

    Returns
    -------
    (DocumentCounts, dict of str to numpy.ndarray of int)

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["d1"], "size": [1], "year": [np.nan]})
    >>> a = DocumentCounts.empty(pd.DataFrame({"kind": ["token"], "item": ["甲"]}), docs)
    >>> counts, positions = pool_counts({"target": a, "reference": a})
    >>> counts.docs["doc_id"].tolist(), positions["reference"].tolist()
    (['target\\x1fd1', 'reference\\x1fd1'], [1])
    """
    parts, positions, first = [], {}, 0
    for side, counts in sides.items():
        docs = counts.docs.assign(doc_id=side + "\x1f" + counts.docs["doc_id"].astype(str))
        parts.append(DocumentCounts(counts.matrix, counts.items, docs))
        positions[side] = np.arange(first, first + len(docs), dtype=np.int64)
        first += len(docs)
    return DocumentCounts.stack(parts, keys=["kind", "item"]), positions


def group_sides(docs: pd.DataFrame, by: str, group, reference_group, name: str):
    """Positions of the target and reference documents of ``keyness(by=…)``, and the undefined ones.

    Parameters
    ----------
    docs : pandas.DataFrame
        Columns doc_id and ``by`` (the ``docs`` of :func:`keyness_counts`).
    by, group, reference_group
        As :func:`keyness`.
    name : str
        The corpus's name, for messages.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, int)
        Target positions (in document order), reference positions (in
        doc_id order; with ``reference_group``, in document order),
        documents without a ``by`` value.

    Raises
    ------
    ValueError
        A group no document has, groups that share documents, or a doc_id
        that occurs twice (two partitions of a lazy corpus may repeat one).

    Examples
    --------
    >>> d = pd.DataFrame({"doc_id": ["a", "b", "c"], "genre": ["x", "y", None]})
    >>> t, r, undefined = group_sides(d, "genre", "x", None, "demo")
    >>> t.tolist(), r.tolist(), undefined
    ([0], [1], 1)
    """
    values = docs[by]
    doc_ids = docs["doc_id"].astype(str)
    repeated = doc_ids[doc_ids.duplicated()]
    if len(repeated):
        raise ValueError(f"doc_id {repeated.iloc[0]!r} occurs more than once in {name!r} (two partitions of a "
                         "lazy corpus may repeat an id): keyness with by= needs each document's own doc_id")
    # Documents are chosen by boolean masks over their positions: matching
    # doc_id strings against each other (np.setdiff1d on object arrays
    # compares every target id with every document) grew with the square of
    # the number of documents.
    in_target = _in_group(name, by, values, group, "group")
    if reference_group is None:
        in_reference = values.notna().to_numpy() & ~in_target
        reference_docs = _in_doc_id_order(np.flatnonzero(in_reference), doc_ids)
    else:
        in_reference = _in_group(name, by, values, reference_group, "reference_group")
        shared = in_target & in_reference
        if shared.any():
            raise ValueError(f"group and reference_group share documents (e.g. {min(doc_ids[shared])!r}); "
                             "they must be distinct groups")
        reference_docs = np.flatnonzero(in_reference)
    undefined = int(values.isna().sum())
    if undefined:
        warnings.warn(f"{undefined} document(s) of {name!r} have no {by!r} value and "
                      "are left out of both sides", UserWarning, stacklevel=caller_stacklevel())
    return np.flatnonzero(in_target), reference_docs, undefined


def _in_doc_id_order(positions: np.ndarray, doc_ids: pd.Series) -> np.ndarray:
    """``positions`` sorted by the doc_id at each (by code point, as Python sorts str)."""
    # UTF-8 bytes sort in code-point order; Arrow sorts them without a Python comparison per pair.
    order = pc.sort_indices(pa.array(doc_ids.to_numpy(dtype=object)[positions], pa.string()))
    return positions[order.to_numpy()]




def _token_frame(corpus: Corpus, tokens, lexicon, n_jobs: int, side: str) -> pd.DataFrame:
    if tokens is None:
        from kit.tokenization import tokenize

        tokens = tokenize(corpus, lexicon, n_jobs=n_jobs)
    frame = token_table(tokens, ("doc_id", "token"), f"keyness ({side})")
    return check_tokens(frame, corpus, lexicon, provenance_of(tokens), side)


# -- comparing two sides ------------------------------------------------------
def compare_sides(counts: DocumentCounts, target_docs, reference_docs, lexicon, options: dict) -> pd.DataFrame:
    """The keyness table of two sets of documents of one table of counts.

    Parameters
    ----------
    counts : DocumentCounts
        From :func:`keyness_counts` (or :func:`pool_counts`).
    target_docs, reference_docs : array of int
        Positions of each side's documents in ``counts.docs``.
    lexicon : Lexicon
    options : dict
        As checked by ``_check_options``.

    Returns
    -------
    pandas.DataFrame
        As :func:`keyness` documents (its ``attrs`` in part).
    """
    target = counts.take_docs(target_docs)
    reference = counts.take_docs(reference_docs)
    size_target, size_reference = target.size(), reference.size()
    if size_target == 0 or size_reference == 0:
        empty = "target" if size_target == 0 else "reference"
        raise ValueError(f"the {empty} has no tokens to count (after the punctuation filter): "
                         "check the corpus, the group, or the tokens passed")
    freq_target, freq_reference = target.frequency(), reference.frequency()
    present = np.flatnonzero((freq_target + freq_reference) > 0)
    table = counts.items.iloc[present].reset_index(drop=True)
    table["freq_target"] = freq_target[present]
    table["range_target"] = target.document_frequency()[present]
    table["freq_reference"] = freq_reference[present]
    table["range_reference"] = reference.document_frequency()[present]
    table["_row"] = present

    a, b = table["freq_target"].to_numpy(), table["freq_reference"].to_numpy()
    keep = np.ones(len(table), dtype=bool)
    if options["min_freq_in"] == "either":
        keep &= np.maximum(a, b) >= options["min_freq"]
    elif options["min_freq_in"] == "target":
        keep &= a >= options["min_freq"]
    else:
        keep &= np.minimum(a, b) >= options["min_freq"]
    overused_in_target = a * size_reference >= b * size_target
    key_range = np.where(overused_in_target, table["range_target"], table["range_reference"])
    range_target = min(options["min_range"], len(target_docs))
    range_reference = min(options["min_range"], len(reference_docs))
    keep &= key_range >= np.where(overused_in_target, range_target, range_reference)
    table = table[keep].reset_index(drop=True)

    scores = keyness_scores(table["freq_target"].to_numpy(), table["freq_reference"].to_numpy(),
                            size_target, size_reference)
    interval = log_ratio_ci(table["freq_target"], table["freq_reference"], size_target,
                            size_reference, options["confidence"])
    table["size_target"] = size_target
    table["size_reference"] = size_reference
    table["rel_target"] = table["freq_target"] / size_target * PER
    table["rel_reference"] = table["freq_reference"] / size_reference * PER
    for column in KEYNESS_COLUMNS:
        table[column] = scores[column].to_numpy()
    table["log_ratio_ci_low"] = interval["log_ratio_ci_low"].to_numpy()
    table["log_ratio_ci_high"] = interval["log_ratio_ci_high"].to_numpy()
    table["p_adjusted"] = adjust_p(table["p_value"].to_numpy(), method=options["p_adjust"]) \
        if len(table) else np.empty(0)
    tests = int(table["p_value"].notna().sum())

    if options["max_p"] is not None:
        table = table[table["p_adjusted"] <= options["max_p"]]
    if options["direction"] == "positive":
        table = table[table["direction"] > 0]
    elif options["direction"] == "negative":
        table = table[table["direction"] < 0]
    table = _sort(table.reset_index(drop=True), options)

    rows = table["_row"].to_numpy(dtype=np.int64)
    table["dp_target"] = _dp(target.take_items(rows))
    table["dp_reference"] = _dp(reference.take_items(rows))
    info = lexicon.entries.set_index("entry")
    table["category"] = table["item"].map(info["category"])
    table["gloss"] = table["item"].map(info["gloss"])
    both = counts.take_docs(np.concatenate([np.asarray(target_docs, dtype=np.int64),
                                            np.asarray(reference_docs, dtype=np.int64)]))
    table["anachronistic"] = _anachronistic(both.take_items(rows), lexicon)
    table = table[list(KEYNESS_TABLE_COLUMNS)]
    table.attrs = {"size_target": size_target, "size_reference": size_reference, "tests": tests,
                   "min_freq": options["min_freq"], "min_range": options["min_range"],
                   "p_adjust": options["p_adjust"],
                   "min_range_target": range_target, "min_range_reference": range_reference}
    return table


def _sort(table: pd.DataFrame, options: dict) -> pd.DataFrame:
    signed_g2 = table["g2"] * table["direction"]
    primary = table["log_ratio"] if options["sort"] == "log_ratio" else signed_g2
    descending = options["direction"] != "negative"
    # Items are grouped by direction first: with a small target, Hardie's 0.5
    # rule can give an item absent from the target a positive Log Ratio.
    order = pd.DataFrame({"side": table["direction"], "primary": primary, "g2": signed_g2,
                          "item": table["item"], "kind": table["kind"]})
    order = order.sort_values(["side", "primary", "g2", "item", "kind"],
                              ascending=[False, not descending, not descending, True, True],
                              kind="mergesort", na_position="last")
    return table.loc[order.index].reset_index(drop=True)


def _anachronistic(counts: DocumentCounts, lexicon) -> pd.arrays.IntegerArray:
    """Per item: occurrences of an entry in documents dated before its ``since``.

    NA for tokens, and for entries when no document compared has a date.
    """
    result = pd.array([pd.NA] * len(counts.items), dtype="Int64")
    years = counts.docs["year"].to_numpy(dtype=float)
    entries = (counts.items["kind"] == "entry").to_numpy()
    if not entries.any() or not np.isfinite(years).any():
        return result
    limit = counts.items["item"].map(earliest_year(lexicon)).to_numpy(dtype=float, na_value=np.nan)
    cells = counts.matrix.tocoo()
    with np.errstate(invalid="ignore"):
        early = (years[cells.col] < limit[cells.row]) & entries[cells.row]
    values = np.bincount(cells.row[early], weights=cells.data[early], minlength=len(entries)).astype(np.int64)
    result[entries] = values[entries]
    return result


def _dp(counts: DocumentCounts) -> np.ndarray:
    """Gries's DP of each item over the non-empty documents of one side.

    The counts are sparse items × documents: the reference corpus has tens
    of thousands of items and thousands of documents, and most cells are
    empty.  An entry found on characters may, in a document of very few
    tokens, outnumber them (hand-made tokens); the part is then at least
    that big.
    """
    if counts.items.empty:
        return np.full(0, np.nan)
    return counts.dispersion(sizes_cover_counts=True)["dp"].to_numpy(dtype=float)


# -- checks ---------------------------------------------------------------------
def _check_options(unit, min_freq, min_freq_in, min_range, max_p, p_adjust, direction, sort,
                   confidence) -> dict:
    check_choice("unit", unit, UNITS)
    check_choice("min_freq_in", min_freq_in, MIN_FREQ_IN)
    check_choice("direction", direction, DIRECTIONS)
    check_choice("sort", sort, SORTS)
    check_choice("p_adjust", p_adjust, ("fdr_bh", "bonferroni"))
    check_whole("min_freq", min_freq)
    check_whole("min_range", min_range)
    if max_p is not None and not (0 < float(max_p) <= 1):
        raise ValueError(f"max_p must be in (0, 1] (e.g. 0.05), got {max_p!r}")
    if not (0 < float(confidence) < 1):
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return dict(unit=unit, min_freq=int(min_freq), min_freq_in=min_freq_in,
                min_range=int(min_range), max_p=max_p, p_adjust=p_adjust, direction=direction,
                sort=sort, confidence=float(confidence))


def _group_values(corpus: Corpus, by: str) -> pd.Series:
    return corpus.docs[check_column(corpus, by, "by")]


def _in_group(name: str, by: str, values: pd.Series, wanted, argument: str) -> np.ndarray:
    """Mask of the documents whose ``by`` value is ``wanted`` (a value or a list of values)."""
    wanted = list(wanted) if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
    present = set(values.dropna().tolist())
    absent = [w for w in wanted if w not in present]
    if absent:
        raise ValueError(f"{argument}={absent[0]!r}: no document of {name!r} has {by}={absent[0]!r}; "
                         f"values are {sorted(present, key=str)}")
    return values.isin(wanted).to_numpy(dtype=bool)


def _label(value) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "+".join(str(v) for v in value)
    return str(value)
