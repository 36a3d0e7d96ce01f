"""Formulas in time: which era a corpus's formulas come from, which stand before their time,
and the life course of one formula.

Layer: analysis.  Every entry of the bundled lexicon records ``since``, the
year it was first put forward in Party or state documents (with its precision:
a year, ``c. 2013``, or ``before 1949``), and from it an ``era`` (see
:data:`kit.lexicon.ERAS`).  Three questions follow:

- :func:`era_profile`: what share of a corpus's formula occurrences belongs
  to each era (People's Daily 1998 speaks the formulas of reform and opening;
  a county paper of 2026 those of the 2010s and 2020s);
- :func:`anachronisms`: occurrences in documents dated before the entry's
  ``since`` — usually an older, different sense of the same characters
  (新时代 in 1998), sometimes an error in the lexicon; reported, never counted
  silently;
- :func:`life_course`: one formula over the corpus's dates — when it first
  appears, when it peaks, whether it declines.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from kit.analysis._stored import stored_result
from kit.analysis._record import records_call
from kit.analysis._find import corpus_texts, find, resolve_lexicon
from kit.analysis._trend import trend
from kit.corpus import Corpus
from kit.lexicon import ERAS

PER = 10_000
#: Years of grace for a ``since`` known only approximately (``c. 2013``).
CIRCA_YEARS = 2
ERA_ORDER = tuple(name for name, _, _ in ERAS)
ANACHRONISM_COLUMNS = ("entry", "since", "since_precision", "occurrences", "documents", "first_year",
                       "doc_ids")


class AnachronismWarning(UserWarning):
    """Some formulas occur in documents dated before the year they were first put forward."""


def earliest_year(lexicon) -> pd.Series:
    """Per entry, the last year a document may carry without the entry being anachronistic.

    A document dated *before* this year (exclusive) holds the entry before
    its time: ``since`` for a year, ``since - CIRCA_YEARS`` for ``c. …``, and
    no year at all for ``before …`` (nor for an entry without ``since``).

    Returns
    -------
    pandas.Series
        Int64, indexed by entry; NA where no document can be anachronistic.
    """
    entries = lexicon.entries.set_index("entry")
    since = entries["since"].astype("Int64")
    precision = entries["since_precision"]
    earliest = since.where(precision != "circa", since - CIRCA_YEARS)
    return earliest.where(~precision.isin(["before", ""]))


@records_call
@stored_result
def anachronisms(corpus: Corpus, lexicon=None, date: str = "date", overlap: str = "inclusive",
                 warn: bool = True) -> pd.DataFrame:
    """Occurrences of formulas in documents dated before the formula was first put forward.

    Parameters
    ----------
    corpus : Corpus
        With a date column (documents without a date are not judged).
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon; entries without ``since`` are never
        anachronistic.
    date : str
    overlap : {"inclusive", "leftmost-longest"}
        Which occurrences count (see :func:`kit.count`).
    warn : bool
        Warn (:class:`AnachronismWarning`) when there are any.

    Returns
    -------
    pandas.DataFrame
        One row per anachronistic entry, most occurrences first: ``entry``,
        ``since``, ``since_precision``, ``occurrences`` (in documents dated
        before ``since``; for ``c. YEAR`` before YEAR − 2), ``documents``,
        ``first_year`` (the earliest such document's year), ``doc_ids`` (up to
        five, ``;``-separated).  Empty when there are none or the corpus has
        no dates.

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "新时代", "category": "理论", "since": 2017}])
    >>> c = Corpus.from_texts(["迈向新时代。", "新时代新征程。"],
    ...                       date=pd.to_datetime(["1998-01-05", "2021-07-01"]))
    >>> anachronisms(c, lex, warn=False)[["entry", "occurrences", "first_year"]].values.tolist()
    [['新时代', 1, 1998]]
    """
    lexicon = resolve_lexicon(lexicon)
    corpus_texts(corpus)
    if date not in corpus.docs.columns:
        return pd.DataFrame(columns=list(ANACHRONISM_COLUMNS))
    years = pd.to_datetime(corpus.docs[date], errors="coerce").dt.year
    if years.isna().all():
        return pd.DataFrame(columns=list(ANACHRONISM_COLUMNS))
    found = find(corpus, lexicon, overlap=overlap)
    year_of = dict(zip(corpus.docs["doc_id"].astype(str), years))
    found = found.assign(year=found["doc_id"].astype(str).map(year_of))
    earliest = earliest_year(lexicon)
    found = found.assign(earliest=found["entry"].map(earliest))
    early = found[found["year"].notna() & found["earliest"].notna()]
    early = early[early["year"].astype(float) < early["earliest"].astype(float)]
    if early.empty:
        return pd.DataFrame(columns=list(ANACHRONISM_COLUMNS))
    info = lexicon.entries.set_index("entry")
    rows = []
    for entry, hits in early.groupby("entry", sort=True):
        docs = list(dict.fromkeys(hits["doc_id"].astype(str)))
        rows.append({"entry": entry, "since": int(info.at[entry, "since"]),
                     "since_precision": info.at[entry, "since_precision"], "occurrences": len(hits),
                     "documents": len(docs), "first_year": int(hits["year"].min()), "doc_ids": ";".join(docs[:5])})
    table = pd.DataFrame(rows, columns=list(ANACHRONISM_COLUMNS)).sort_values(
        ["occurrences", "entry"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    if warn:
        shown = ", ".join(f"{r.entry} (since {r.since}, {r.occurrences}× from {r.first_year})"
                          for r in table.head(5).itertuples())
        warnings.warn(
            f"{len(table)} formula(s) of the lexicon occur in documents of {corpus.name!r} dated before they "
            f"were first put forward: {shown}{' …' if len(table) > 5 else ''}. Usually an older sense of the "
            "same characters; read them in context (kit.kwic) before counting them as the formula",
            AnachronismWarning, stacklevel=2)
    return table


@records_call
@stored_result
def era_profile(corpus: Corpus, lexicon=None, by: str | None = None) -> pd.DataFrame:
    """The share of a corpus's formula occurrences that belongs to each era.

    Occurrences are counted leftmost-longest (each stretch of text once, so
    the shares add up to 1); each is given the era of its entry's ``since``.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, optional
        Entries without ``since`` count under the era ``"undated"``.
    by : str, optional
        A column of ``corpus.docs`` to profile each group apart (e.g. a
        year column); documents without a value are left out.

    Returns
    -------
    pandas.DataFrame
        One row per era (and group), eras in historical order: (``by``),
        ``era``, ``entries`` (entries of that era in the lexicon),
        ``entries_found``, ``frequency``, ``share`` (of the group's
        occurrences), ``per_10k_chars``.  ``attrs``: ``corpus``, ``count``
        (``leftmost-longest``).

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "改革开放", "category": "政策", "since": 1978},
    ...                             {"phrase": "新时代", "category": "理论", "since": 2017}])
    >>> t = era_profile(Corpus.from_texts(["改革开放，改革开放，新时代。"]), lex)
    >>> t[t["frequency"] > 0][["era", "frequency", "share"]].round(2).values.tolist()
    [['1978–1989', 2, 0.67], ['2010s', 1, 0.33]]
    """
    lexicon = resolve_lexicon(lexicon)
    texts = corpus_texts(corpus)
    found = find(corpus, lexicon, overlap="leftmost-longest")
    era_of = lexicon.entries.set_index("entry")["era"].replace("", "undated")
    found = found.assign(era=found["entry"].map(era_of))
    eras = list(ERA_ORDER) + (["undated"] if (era_of == "undated").any() else [])
    entries_per_era = era_of.value_counts()
    chars = pd.Series([len(t) for t in texts], index=corpus.docs["doc_id"].astype(str))
    if by is None:
        groups = [((), corpus.docs["doc_id"].astype(str))]
    else:
        if by not in corpus.docs.columns:
            raise KeyError(f"by={by!r} names no column of {corpus.name!r}; columns are {list(corpus.docs.columns)}")
        keyed = corpus.docs.dropna(subset=[by])
        groups = [((value,), part["doc_id"].astype(str)) for value, part in keyed.groupby(by, sort=True)]
    rows = []
    for key, doc_ids in groups:
        hits = found[found["doc_id"].astype(str).isin(set(doc_ids))]
        total = len(hits)
        n_chars = int(chars.reindex(doc_ids).sum())
        for era in eras:
            in_era = hits[hits["era"] == era]
            row = {"era": era, "entries": int(entries_per_era.get(era, 0)),
                   "entries_found": int(in_era["entry"].nunique()), "frequency": len(in_era),
                   "share": len(in_era) / total if total else np.nan,
                   "per_10k_chars": len(in_era) / n_chars * PER if n_chars else np.nan}
            rows.append(({by: key[0]} if by is not None else {}) | row)
    table = pd.DataFrame(rows)
    table.attrs = {"corpus": corpus.name, "count": "leftmost-longest", "by": by}
    return table


@records_call
@stored_result
def life_course(corpus: Corpus, entry: str, lexicon=None, period: str = "year",
                date: str = "date") -> pd.DataFrame:
    """One formula over the corpus's dates: first appearance, peak, and what follows.

    Parameters
    ----------
    corpus : Corpus
        Dated (see :func:`kit.trend`, whose rules for undated and coarsely
        dated documents apply).
    entry : str
        A lexicon entry (or one of its variants).
    lexicon : Lexicon, optional
    period : {"day", "month", "year"}
    date : str

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`kit.trend` for the entry, with ``attrs`` added:
        ``entry``, ``since`` (the lexicon's year, or None), ``first`` (label
        of the first period with an occurrence), ``peak`` (the period of the
        highest rate), ``last`` (the last period with an occurrence),
        ``after_peak`` (the mean rate after the peak divided by the peak
        rate: near 0, a decline; near 1, a plateau; NaN when the peak is the
        last period).

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风", "since": 2013}])
    >>> c = Corpus.from_texts(["无。", "久久为功。久久为功。", "久久为功。"],
    ...                       date=pd.to_datetime(["2012-05-01", "2014-05-01", "2016-05-01"]))
    >>> t = life_course(c, "久久为功", lex)
    >>> t.attrs["first"], t.attrs["peak"], t.attrs["last"]
    ('2014', '2014', '2016')
    """
    lexicon = resolve_lexicon(lexicon)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undated documents are reported in attrs, as trend reports them
        table = trend(corpus, entry, period=period, lexicon=lexicon, date=date)
    name = table["entry"].iloc[0]
    rate = table["per_10k_chars"].to_numpy(dtype=float)
    present = np.flatnonzero(table["frequency"].to_numpy() > 0)
    info = lexicon.entries.set_index("entry")
    since = info.at[name, "since"]
    attrs = {"entry": name, "since": None if pd.isna(since) else int(since),
             "first": None, "peak": None, "last": None, "after_peak": float("nan")}
    if len(present):
        peak = int(np.nanargmax(np.where(np.isnan(rate), -1, rate)))
        after = rate[peak + 1:]
        attrs.update(first=table["period_label"].iloc[present[0]], peak=table["period_label"].iloc[peak],
                     last=table["period_label"].iloc[present[-1]],
                     after_peak=float(np.nanmean(after) / rate[peak]) if len(after) and np.isfinite(after).any()
                     and rate[peak] > 0 else float("nan"))
    table.attrs.update(attrs)
    return table
