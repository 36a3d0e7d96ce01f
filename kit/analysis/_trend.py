"""Change over time: how often chosen lexicon entries occur per day, month or year.

Layer: analysis.  Occurrences are found on raw characters with the whole
lexicon (:func:`kit.analysis.find`), so a trend counts an entry exactly as
:func:`kit.analysis.count` does, and rates are per 10,000 characters (every
character of the texts, as in ``count``'s ``per_10k_chars``).

Documents without a date cannot be placed in time: they are counted and
reported (a warning, and ``attrs`` of the result), never dropped silently.
Nor can a document dated only by its year be placed in a month: where the
corpus has a ``date_precision`` column (the kit's readers add one), documents
dated more coarsely than the period are reported the same way, never put in
the first month or day of their year.
"""
from __future__ import annotations

import warnings
from typing import Iterable, NamedTuple

import numpy as np
import pandas as pd

from scipy import sparse

from kit.analysis._document_counts import DocumentCounts
from kit.analysis._stored import stored_result
from kit.analysis._record import caller_stacklevel, records_call
from kit.analysis._find import corpus_texts, find, resolve_lexicon, runs_partitioned
from kit.corpus import Corpus

PER = 10_000
PERIODS = {"day": "D", "month": "M", "year": "Y"}
_LABEL_FORMAT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}

TREND_COLUMNS = ("period", "period_label", "entry", "category", "gloss", "frequency",
                 "per_10k_chars", "documents", "characters")


class UndatedDocumentsWarning(UserWarning):
    """Some documents have no date (or too coarse a date) and are left out of a trend."""


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_ORDER = ("day", "month", "year")

#: A trend is drawn by a period only when this many periods ...
MIN_PERIODS = 3
#: ... each hold at least this many documents: a rate over one or two documents is an anecdote.
MIN_DOCUMENTS = 3


class PeriodChoice(NamedTuple):
    """The period a trend is drawn by (None when no period will do), and why."""

    period: str | None
    reason: str


def choose_period(corpus: Corpus, date: str = "date", min_periods: int = MIN_PERIODS,
                  min_documents: int = MIN_DOCUMENTS) -> PeriodChoice:
    """The period a trend over this corpus's dates is best drawn by, with the reason.

    The span of the dates suggests a period: ``day`` for up to three
    months, ``month`` for up to six years, ``year`` beyond; coarser while
    more than half of the dated documents are dated more coarsely than the
    period (a corpus dated mostly by year gets a yearly trend).  That period
    is taken only if at least ``min_periods`` of its periods hold
    ``min_documents`` documents or more (counting only the documents dated
    at least as precisely as the period); otherwise the next coarser one is
    tried.  When none will do, there is no trend to draw: the period is
    None and the reason says what the dates hold.

    Parameters
    ----------
    corpus : Corpus
    date : str
        The date column.
    min_periods, min_documents : int
        The rule: at least ``min_periods`` periods of at least
        ``min_documents`` documents each (3 and 3).

    Returns
    -------
    PeriodChoice
        ``period``: ``"day"``, ``"month"``, ``"year"`` or None;
        ``reason``: one line, for a log or a skipped section
        ("by month: 14 of 20 months have 3 or more documents", "the 5 dated
        documents fill no 3 periods with 3 or more documents each …").

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> dates = pd.to_datetime(["2025-01-05", "2025-01-20", "2025-01-28", "2025-02-03", "2025-02-10",
    ...                         "2025-02-11", "2025-03-01", "2025-03-09", "2025-03-30"])
    >>> choose_period(Corpus.from_texts(["文"] * 9, date=dates))
    PeriodChoice(period='month', reason='by month: 3 of 3 months have 3 or more documents')
    >>> choose_period(Corpus.from_texts(["一", "二"], date=pd.to_datetime(["2005-03-01", "2025-06-01"]))).period is None
    True
    """
    if date not in corpus.docs.columns:
        return PeriodChoice(None, f"the corpus has no {date!r} column")
    dates = pd.to_datetime(corpus.docs[date], errors="coerce")
    dated = dates.notna().to_numpy()
    n_dated = int(dated.sum())
    if n_dated == 0:
        return PeriodChoice(None, "no document has a date")
    if dates[dated].nunique() < 2:
        return PeriodChoice(None, "only one document is dated" if n_dated == 1
                            else f"all {n_dated} dated documents share one date")
    span = (dates[dated].max() - dates[dated].min()).days
    period = "day" if span <= 92 else "month" if span <= 6 * 366 else "year"
    if "date_precision" in corpus.docs.columns:
        ranks = corpus.docs["date_precision"].map(_PRECISION_RANK).fillna(0).to_numpy()
    else:
        ranks = np.zeros(len(dates))
    while period != "year" and (ranks[dated] > _PRECISION_RANK[period]).mean() > 0.5:
        period = _ORDER[_PRECISION_RANK[period] + 1]
    filled = {}
    for candidate in _ORDER[_PRECISION_RANK[period]:]:
        placed = dated & (ranks <= _PRECISION_RANK[candidate])
        if not placed.any():
            filled[candidate] = 0
            continue
        starts = dates[placed].dt.to_period(PERIODS[candidate])
        per_period = starts.value_counts()
        full = int((per_period >= min_documents).sum())
        filled[candidate] = full
        if full >= min_periods:
            spanned = len(pd.period_range(starts.min(), starts.max(), freq=PERIODS[candidate]))
            return PeriodChoice(candidate, f"by {candidate}: {full} of {spanned} {candidate}s have "
                                           f"{min_documents} or more documents")
    tried = ", ".join(f"{n} {p}{'' if n == 1 else 's'}" for p, n in filled.items())
    return PeriodChoice(None, f"the {n_dated} dated documents fill no {min_periods} periods with "
                              f"{min_documents} or more documents each (such periods: {tried})")


def suggest_period(corpus: Corpus, date: str = "date") -> str | None:
    """The period a trend over this corpus's dates is best drawn by, or None.

    The period of :func:`choose_period`, without its reason: ``day``,
    ``month`` or ``year`` when at least 3 of its periods hold 3 documents
    or more, else None (call :func:`choose_period` to learn why).

    Parameters
    ----------
    corpus : Corpus
    date : str
        The date column.

    Returns
    -------
    str or None

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> dates = pd.to_datetime(["2005-03-01"] * 3 + ["2015-06-01"] * 3 + ["2025-06-01"] * 3)
    >>> suggest_period(Corpus.from_texts(["文"] * 9, date=dates))
    'year'
    """
    return choose_period(corpus, date).period


@records_call
@stored_result
def trend(corpus: Corpus, entries: str | Iterable[str] | None = None, period: str = "month",
          lexicon=None, date: str = "date", overlap: str = "inclusive", scheduler=None) -> pd.DataFrame:
    """Frequency of lexicon entries per period, with the documents and characters of each period.

    Parameters
    ----------
    corpus : Corpus or LazyCorpus
        With a datetime column ``date`` (or the column named by ``date``).
        A lazy corpus (``read_corpus(path, lazy=True)``) is counted
        partition by partition; the table is the same as in memory.
    entries : str or list of str, optional
        Entries of the lexicon (a variant names its entry).  Default: every
        entry of the lexicon.
    period : {"day", "month", "year"}
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.  Occurrences are found with the
        whole lexicon, then the chosen entries are kept.
    overlap : {"inclusive", "leftmost-longest"}
        How nested entries count (see :func:`kit.count`): by default every
        occurrence, nested ones included (新时代 inside 新时代文明实践 too).
    date : str
        The column holding each document's date.  Where the corpus has a
        ``date_precision`` column, a document dated more coarsely than
        ``period`` (a year-only date in a monthly trend) is left out and
        reported like an undated one.
    scheduler : dask.distributed.Client or str, optional
        Count the partitions on a Dask cluster (see :func:`kit.count`).

    Returns
    -------
    pandas.DataFrame
        One row per period and entry, every period from the first dated
        document to the last (periods without documents included, so gaps
        show), entries in the order given:

        period : pandas.Timestamp
            Start of the period.
        period_label : str
            ``1998-01-05``, ``1998-01`` or ``1998``.
        entry, category, gloss : str
        frequency : int
            Occurrences in the period's documents.
        per_10k_chars : float
            frequency / characters × 10,000; NaN for a period without text.
        documents, characters : int
            Dated documents in the period, and their characters.

        ``attrs``: ``period``, ``dated_documents`` (placed in a period),
        ``undated_documents``, ``undated_characters``, ``undated_frequency``
        (dict entry → occurrences in undated documents),
        ``imprecise_documents`` (dated more coarsely than the period),
        ``imprecise_precisions`` (dict precision → documents),
        ``imprecise_frequency`` (dict entry → occurrences in them),
        ``total_frequency`` (dict entry → occurrences in every document,
        dated or not: the table's frequencies plus those left out).

    Warns
    -----
    UndatedDocumentsWarning
        When some documents have no date.

    Raises
    ------
    ValueError
        If no document has a date, or ``period`` is unknown.

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    >>> c = Corpus.from_texts(["久久为功。", "久久为功，久久为功。"],
    ...                       date=pd.to_datetime(["2026-01-05", "2026-03-01"]))
    >>> trend(c, "久久为功", lexicon=lex)[["period_label", "frequency", "documents"]].values.tolist()
    [['2026-01', 1, 1], ['2026-02', 0, 0], ['2026-03', 2, 1]]
    """
    if period not in PERIODS:
        raise ValueError(f"period={period!r} is not one of {list(PERIODS)}")
    partitioned = runs_partitioned(corpus, scheduler)
    if not partitioned:
        corpus_texts(corpus)
    lexicon = resolve_lexicon(lexicon)
    if entries is None:
        chosen = lexicon.entries["entry"].tolist()
    else:
        chosen = _resolve_entries(lexicon, entries)
    if partitioned:
        from kit.analysis._partitioned import lazy_trend_counts

        counts = lazy_trend_counts(corpus, lexicon, chosen, date, overlap, scheduler)
    else:
        counts = trend_counts(corpus, lexicon, chosen, date, overlap)
    return trend_table(counts, lexicon, period, overlap, corpus.name, date)


def trend_counts(corpus: Corpus, lexicon, chosen: list[str], date: str, overlap: str) -> DocumentCounts:
    """The chosen entries' counts in each document, with its length, date and date precision.

    For one corpus or one partition of a corpus.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon
    chosen : list of str
        Entries, in the order of the table.
    date : str
        The date column.
    overlap : str

    Returns
    -------
    DocumentCounts
        Items: ``entry``; docs: doc_id, size (characters), date, date_precision.

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    >>> c = Corpus.from_texts(["久久为功。"], date=pd.to_datetime(["2026-01-05"]))
    >>> trend_counts(c, lex, ["久久为功"], "date", "inclusive").frequency().tolist()
    [1]
    """
    texts = corpus_texts(corpus)
    if date not in corpus.docs.columns:
        raise KeyError(f"corpus {corpus.name!r} has no column {date!r}; its columns are "
                       f"{list(corpus.docs.columns)}. Give the date column with date=...")
    dates = corpus.docs[date]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        if dates.isna().all():
            dates = pd.to_datetime(dates)
        else:
            raise TypeError(f"column {date!r} of {corpus.name!r} holds {dates.dtype}, not dates: "
                            "convert it with pandas.to_datetime first")
    precision = (corpus.docs["date_precision"].fillna("").astype(str).to_numpy()
                 if "date_precision" in corpus.docs.columns else np.full(len(dates), "day", dtype=object))
    docs = pd.DataFrame({
        "doc_id": corpus.docs["doc_id"].astype(str).to_numpy(),
        "size": np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)),
        "date": dates.to_numpy(),
        "date_precision": precision,
    })
    found = find(corpus, lexicon, overlap=overlap)
    found = found[found["entry"].isin(chosen)]
    row = pd.Index(chosen).get_indexer(found["entry"])
    column = pd.Index(docs["doc_id"]).get_indexer(found["doc_id"].astype(str))
    return DocumentCounts.from_occurrences(row, column, pd.DataFrame({"entry": chosen}), docs)


def trend_table(counts: DocumentCounts, lexicon, period: str, overlap: str, name: str,
                date: str = "date") -> pd.DataFrame:
    """The table of :func:`trend` from its counts (of a corpus, or of partitions stacked).

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    >>> c = Corpus.from_texts(["久久为功。"], date=pd.to_datetime(["2026-01-05"]))
    >>> trend_table(trend_counts(c, lex, ["久久为功"], "date", "inclusive"), lex, "year", "inclusive", "c")["frequency"].tolist()
    [1]
    """
    docs = counts.docs
    chosen = counts.items["entry"].tolist()
    dates = pd.Series(pd.to_datetime(docs["date"]))
    has_date = dates.notna().to_numpy()
    precision = docs["date_precision"].to_numpy(dtype=object)
    coarse = np.array([_PRECISION_RANK.get(p, 0) > _PRECISION_RANK[period] for p in precision], dtype=bool)
    imprecise = has_date & coarse
    dated = has_date & ~coarse
    if not dated.any():
        if imprecise.any():
            raise ValueError(f"no document of {name!r} is dated to the {period}: "
                             f"{int(imprecise.sum())} are dated only to the "
                             f"{'/'.join(sorted(set(precision[imprecise])))}; draw the trend by a coarser period")
        raise ValueError(f"no document of {name!r} has a {date!r}: a trend needs dated "
                         "documents (the People's Daily 1998 corpus is dated by its datelines "
                         "when read as articles, the default grouping)")

    lengths = docs["size"].to_numpy(dtype=np.int64)
    code = PERIODS[period]
    starts = dates[dated].dt.to_period(code)
    all_periods = pd.period_range(starts.min(), starts.max(), freq=code)
    period_of = all_periods.get_indexer(pd.PeriodIndex(starts))
    n_periods = len(all_periods)
    docs_per = np.bincount(period_of, minlength=n_periods).astype(np.int64)
    chars_per = np.zeros(n_periods, dtype=np.int64)
    np.add.at(chars_per, period_of, lengths[dated])
    in_period = sparse.csr_array((np.ones(len(period_of), dtype=np.int64),
                                  (np.arange(len(period_of)), period_of)), shape=(len(period_of), n_periods))
    dated_counts = counts.take_docs(np.flatnonzero(dated)).matrix
    freq_per = (dated_counts @ in_period).toarray().astype(np.int64)  # entries × periods

    info = lexicon.entries.set_index("entry")
    rows = []
    for row, entry in enumerate(chosen):
        frequency = freq_per[row]
        chars = chars_per
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(chars > 0, frequency / np.where(chars > 0, chars, 1) * PER, np.nan)
        rows.append(pd.DataFrame({
            "period": all_periods.to_timestamp(),
            "period_label": all_periods.to_timestamp().strftime(_LABEL_FORMAT[period]),
            "entry": entry,
            "category": info.at[entry, "category"],
            "gloss": info.at[entry, "gloss"],
            "frequency": frequency,
            "per_10k_chars": rate,
            "documents": docs_per,
            "characters": chars,
        }))
    table = pd.concat(rows, ignore_index=True)[list(TREND_COLUMNS)]

    undated = ~has_date
    undated_frequency = counts.take_docs(np.flatnonzero(undated)).frequency()
    imprecise_frequency = counts.take_docs(np.flatnonzero(imprecise)).frequency()
    table.attrs = {
        "period": period,
        "count": overlap,
        "dated_documents": int(dated.sum()),
        "undated_documents": int(undated.sum()),
        "undated_characters": int(lengths[undated].sum()),
        "undated_frequency": {e: int(n) for e, n in zip(chosen, undated_frequency)},
        "imprecise_documents": int(imprecise.sum()),
        "imprecise_precisions": {p: int((precision[imprecise] == p).sum()) for p in sorted(set(precision[imprecise]))},
        "imprecise_frequency": {e: int(n) for e, n in zip(chosen, imprecise_frequency)},
        "total_frequency": {e: int(n) for e, n in zip(chosen, counts.frequency())},
    }
    if imprecise.any():
        kinds = ", ".join(f"{n} dated only to the {p}" for p, n in table.attrs["imprecise_precisions"].items())
        warnings.warn(
            f"{int(imprecise.sum())} of {len(docs)} documents of {name!r} ({kinds}) cannot be "
            f"placed in a {period} and are not in the trend; see the result's attrs",
            UndatedDocumentsWarning, stacklevel=caller_stacklevel())
    if undated.any():
        missing = sum(table.attrs["undated_frequency"].values())
        warnings.warn(
            f"{int(undated.sum())} of {len(docs)} documents of {name!r} have no "
            f"{date!r} ({int(lengths[undated].sum())} characters, {missing} occurrence(s) of the "
            "chosen entries) and are not in the trend; see the result's attrs",
            UndatedDocumentsWarning, stacklevel=caller_stacklevel())
    return table


def _resolve_entries(lexicon, entries) -> list[str]:
    if isinstance(entries, str):
        entries = [entries]
    entries = list(entries)
    if not entries:
        raise ValueError("entries is empty: name at least one lexicon entry")
    owner = lexicon.literal_forms()
    known = set(lexicon.entries["entry"])
    chosen = []
    for phrase in entries:
        entry = phrase if phrase in known else owner.get(phrase)
        if entry is None:
            raise KeyError(f"{phrase!r} is not an entry of lexicon {lexicon.name!r}: add it to a "
                           "lexicon (kit.lexicon.Lexicon.from_entries) and pass lexicon=")
        if entry not in chosen:
            chosen.append(entry)
    return chosen
