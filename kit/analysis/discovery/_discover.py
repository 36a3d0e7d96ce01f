"""Discovery: find the formulas that no lexicon lists yet.

Layer: analysis.

Formulaic language is productive: each year brings new slogans (一站一品,
逢十议事, “1+4+N”), and a lexicon made last year misses them.
:func:`discover` proposes candidates of four kinds, each found by documented
rules (see the modules of :mod:`kit.analysis.discovery`):

``quoted``
    short phrases in quotation marks, told apart from quoted speech
    (:mod:`~kit.analysis.discovery.quoted`);
``numbered``
    numbered formulas, 数字化提法: 三清单, 五级架构, “1543”, “1+4+N”, with the
    list they stand for when the text gives it (:mod:`~kit.analysis.discovery.numbered`);
``template``
    instances of productive shapes: 一X一Y, 从“X”向“Y”转变, 以X为Y, 同X、同Y …
    (:mod:`~kit.analysis.discovery.templates`);
``cohesive``
    character strings that hold together (cohesion) and vary outside
    (branching entropy) (:mod:`~kit.analysis.discovery.cohesion`).

With a reference corpus every candidate also gets its keyness against it
(:mod:`~kit.analysis.discovery.novelty`), and what is new to the target
ranks above what is merely frequent.  :func:`lexicon_from_candidates` writes
the candidates a researcher keeps to a lexicon file for review.
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kit.analysis._stored import stored_result
from kit.analysis._record import records_call
from kit.analysis.discovery.boundaries import inside_words
from kit.analysis.discovery.occurrences import occurrence_counts
from kit.analysis.discovery.cohesion import ngram_statistics
from kit.analysis.discovery.datelines import dateline_fragments
from kit.analysis.discovery.novelty import novelty_table
from kit.analysis.discovery.numbered import numbered_candidates
from kit.analysis.discovery.quoted import MAX_LENGTH, quoted_candidates
from kit.analysis.discovery.templates import template_candidates
from kit.analysis._find import corpus_texts, corpus_with_fields
from kit.atomic import write_text_atomic
from kit.corpus import Corpus
from kit.lexicon import CATEGORIES, Lexicon
from kit.text.sentences import iter_sentence_spans

KINDS = ("quoted", "numbered", "template", "cohesive")

#: Columns of the table :func:`discover` returns, in order.
CANDIDATE_COLUMNS = (
    "kind", "rank", "candidate", "form", "template", "slots", "expansion",
    "frequency", "doc_frequency", "hits", "cohesion", "left_entropy", "right_entropy",
    "in_lexicon", "lexicon_entry", "ref_frequency", "log_ratio", "g2", "p_value",
    "doc_id", "start", "example",
)


@records_call
@stored_result
def discover(corpus: Corpus, reference: Corpus | None = None, lexicon: Lexicon | None = None,
             kinds=None, *, min_frequency: int = 2, min_length: int = 2, max_length: int = 8,
             min_cohesion: float = 3.0, min_entropy: float = 1.0, suppress_ratio: float = 0.9,
             vocabulary="pkuseg", max_quote_length: int = MAX_LENGTH,
             min_repeats: int = 2, drop_datelines: bool = True,
             fields=("text",), scheduler=None) -> pd.DataFrame:
    """Candidate formulas in a corpus: one row per candidate, ranked within each kind.

    Parameters
    ----------
    corpus : Corpus or LazyCorpus
        The texts to search (the ``text`` column; titles are not searched).
        A lazy corpus (``read_corpus(path, lazy=True)``) is read partition
        by partition, in a few passes (see
        :mod:`kit.analysis.discovery.partitioned`); the table is the one the
        corpus read whole gives.
    reference : Corpus or LazyCorpus, optional
        A corpus to compare with (e.g. ``kit.io.reference_corpus("peoples_daily_1998")``).
        Adds ref_frequency, log_ratio, g2 and p_value, ranks candidates by
        log_ratio first, and drops cohesive strings that are common words
        there (see Notes).
    lexicon : Lexicon, optional
        Marks candidates the lexicon already has (``in_lexicon``).  None
        marks nothing (discovery needs no lexicon).
    kinds : str or list of str, optional
        Some of ``"quoted"``, ``"numbered"``, ``"template"``, ``"cohesive"``;
        default all four.
    min_frequency : int
        Cohesive strings: fewest (overlapping) occurrences.
    min_length, max_length : int
        Cohesive strings: length range in characters (default 2 to 8).
    min_cohesion : float
        Cohesive strings: least cohesion in bits (minimum split-point PMI).
    min_entropy : float
        Cohesive strings: least left *and* right branching entropy in bits.
        With f occurrences the entropy is at most log2(f): 1.0 asks a string
        seen twice to have two different neighbours on each side.
    suppress_ratio : float
        Cohesive strings: a string wholly inside a longer candidate whose
        frequency is at least ``suppress_ratio`` times its own is dropped
        (两个文明 inside 两个文明建设 when nearly every 两个文明 is followed
        by 建设).  1.0 drops only exact ties; values above 1 drop nothing.
    vocabulary : "pkuseg", None, or a collection of str
        Cohesive strings that are ordinary words are dropped: with "pkuseg",
        those pkuseg's default model returns as a single token when it
        segments the string alone (loads pkuseg, about 3 s), and the
        fragments that begin or end inside a pkuseg word in most of their
        occurrences (国经济 in 中国经济); with a collection, those in it; with
        None, nothing is dropped.
    max_quote_length : int
        Quoted expressions: longest content (characters).
    min_repeats : int
        Numbered formulas: how often a free-standing one must recur.
    drop_datelines : bool
        Drop candidates of every kind that are pieces of news datelines and
        bylines (据新华社, 本报记者, 日电记者, 一月十七日; the rules are in
        :mod:`kit.analysis.discovery.datelines`).  Each one dropped is named
        in ``result.attrs["datelines"]``.
    fields : str or tuple of str
        What is read (in the corpus and the reference): ``("text",)`` (default; headlines are not text),
        ``("title", "text")`` or ``("title",)`` (see
        :meth:`kit.corpus.Corpus.with_fields`).
    scheduler : dask.distributed.Client or str, optional
        Run the partitions on a Dask cluster (a client or a scheduler's
        address; default ``$KIT_SCHEDULER`` for a lazy corpus); an in-memory
        corpus is then cut into partitions.

    Returns
    -------
    pandas.DataFrame
        One row per (kind, candidate), sorted by kind (in the order of
        ``KINDS``) then rank, with columns

        kind : str
        rank : int
            1 = best within the kind: by log_ratio (with a reference), then
            hits, then document frequency, then the candidate's code points.
        candidate : str
            The string (for a template, the instance: 一站一品).
        form : str
            numbered: chinese-numeral, compound, arabic-code or plus-formula;
            quoted: the opening quotation mark; else "".
        template : str
            template: its label (一X一Y, 以X为Y …); else "".
        slots : str
            template: the fillers, "X=站; Y=品"; else "".
        expansion : str
            numbered: the list the text spells out nearby, else "".
        frequency : int
            Occurrences of the string anywhere in the corpus's texts:
            non-overlapping ones (:meth:`str.count`) for the rule-based
            kinds, overlapping ones for cohesive strings (the two differ only
            for strings that overlap themselves, such as 哈哈 in 哈哈哈).
        doc_frequency : int
            Documents whose text holds the string.
        hits : int
            Times the kind's rule found it (times quoted, template instances …;
            for cohesive strings, overlapping occurrences).
        cohesion, left_entropy, right_entropy : float
            Bits (cohesive strings; NaN for other kinds).
        in_lexicon : bool
        lexicon_entry : str
            The entry it is a form of, or whose pattern it matches wholly; else "".
        ref_frequency : int, log_ratio, g2, p_value : float
            Only with a reference (else NaN): occurrences in the reference's
            raw text and keyness with sizes in characters
            (:func:`kit.stats.keyness_scores`).
        doc_id, start : str, int
            Where the first occurrence found by the rule is.
        example : str
            The sentence holding it.

    Notes
    -----
    With a reference, a cohesive string is "common in the reference" and
    dropped when it occurs there at least ``min_frequency`` times and its
    log_ratio is ≤ 0 (it is no more frequent here than there).  The numbers
    of strings dropped by each filter are in ``result.attrs["dropped"]``;
    its entry ``"dateline or byline"`` counts the rows (kind, candidate)
    dropped as news boilerplate, and ``result.attrs["datelines"]`` maps each
    such candidate to the reason (``"agency: 新华社"``, ``"byline: 记者"`` …).

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> c = Corpus.from_texts(["打通“最后一米”，推行“一社一品”。", "构建“一站一品”矩阵。"])
    >>> t = discover(c, kinds=["quoted", "template"])
    >>> t[t["kind"] == "template"]["candidate"].tolist()
    ['一社一品', '一站一品']
    """
    source = _texts_of(corpus, fields, scheduler)
    kinds = _check_kinds(kinds)
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a kit Lexicon (see kit.load_lexicon), "
                        f"got {type(lexicon).__name__}")
    reference_source = None if reference is None else _texts_of(reference, fields, scheduler)
    dropped: dict[str, int] = {}
    datelines: dict[str, str] = {}
    parts = [table.assign(kind=kind) for kind, table in
             source.rule_tables(kinds, max_quote_length, min_repeats).items()]
    ruled_candidates = pd.concat([p["candidate"] for p in parts if len(p)] or [pd.Series(dtype=object)],
                                 ignore_index=True).astype(str)
    stats = None
    if "cohesive" in kinds:
        stats = _cohesive_statistics(source, dropped, min_frequency=min_frequency,
                                     min_length=min_length, max_length=max_length,
                                     min_cohesion=min_cohesion, min_entropy=min_entropy,
                                     suppress_ratio=suppress_ratio, vocabulary=vocabulary)
    pkuseg_words = isinstance(vocabulary, str) and vocabulary == "pkuseg"
    checked = stats["ngram"] if stats is not None and pkuseg_words else None
    counts, fragments = source.occurrences(ruled_candidates, checked)
    if checked is not None:
        dropped["inside a word"] = int(fragments.sum())
        stats = stats[~fragments]
    if stats is not None:
        parts.append(_cohesive_rows(stats))
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty(dropped, datelines)
    table = pd.concat(parts, ignore_index=True)
    for column, default in (("form", ""), ("template", ""), ("slots", ""), ("expansion", ""),
                            ("cohesion", np.nan), ("left_entropy", np.nan),
                            ("right_entropy", np.nan)):
        if column not in table:
            table[column] = default
        table[column] = table[column].fillna(default)
    table["candidate"] = table["candidate"].astype(str)
    # cohesive strings come with their counts; the rule-based kinds are counted here
    ruled = table["kind"] != "cohesive"
    if "frequency" not in table:
        table["frequency"] = 0
        table["doc_frequency"] = 0
    table.loc[ruled, "frequency"] = counts["frequency"].to_numpy()
    table.loc[ruled, "doc_frequency"] = counts["doc_frequency"].to_numpy()
    if drop_datelines:
        table = _drop_datelines(table, dropped, datelines)
        if table.empty:
            return _empty(dropped, datelines)
    entries = _lexicon_entries(table["candidate"], lexicon)
    table["lexicon_entry"] = entries
    table["in_lexicon"] = [bool(e) for e in entries]
    if reference_source is not None:
        ref_counts, _ = reference_source.occurrences(table["candidate"], None)
        novelty = novelty_table(table["frequency"], ref_counts["frequency"].to_numpy(),
                                source.n_chars, reference_source.n_chars)
        for column in novelty:
            table[column] = novelty[column].to_numpy()
        common = ((table["kind"] == "cohesive") & (table["log_ratio"] <= 0)
                  & (table["ref_frequency"] >= min_frequency))
        dropped["common in reference"] = int(common.sum())
        table = table[~common]
    else:
        for column in ("ref_frequency", "log_ratio", "g2", "p_value"):
            table[column] = np.nan
    table["doc_id"], table["example"] = source.first_occurrences(table["doc"].astype(int),
                                                                 table["start"].astype(int))
    table = _rank(table, reference_source is not None)
    table = table[list(CANDIDATE_COLUMNS)].astype(
        {"rank": "int64", "frequency": "int64", "doc_frequency": "int64", "hits": "int64",
         "start": "int64", "in_lexicon": bool})
    table.attrs["dropped"] = dropped
    table.attrs["datelines"] = datelines
    return table


class InMemoryTexts:
    """The texts of an in-memory corpus, as :func:`discover` reads them.

    A lazy corpus is read through
    :class:`kit.analysis.discovery.partitioned.PartitionedTexts`, whose
    methods give the same answers partition by partition.

    Examples
    --------
    >>> InMemoryTexts(Corpus.from_texts(["一站一品", "甲"])).n_chars
    5
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.texts = corpus_texts(corpus)
        self.n_chars = sum(len(t) for t in self.texts)

    def rule_tables(self, kinds, max_quote_length: int, min_repeats: int) -> dict[str, pd.DataFrame]:
        """The candidates of each rule-based kind asked for (quoted, numbered, template), by kind."""
        finders = {"quoted": lambda: quoted_candidates(self.texts, max_quote_length),
                   "numbered": lambda: numbered_candidates(self.texts, min_repeats),
                   "template": lambda: template_candidates(self.texts)}
        return {kind: finders[kind]() for kind in KINDS if kind in kinds and kind in finders}

    def ngram_statistics(self, **settings) -> pd.DataFrame:
        """:func:`~kit.analysis.discovery.cohesion.ngram_statistics` of the texts."""
        return ngram_statistics(self.texts, **settings)

    def occurrences(self, strings, checked) -> tuple[pd.DataFrame, np.ndarray | None]:
        """(:func:`occurrence_counts` of ``strings``, :func:`inside_words` of ``checked`` or None)."""
        counts = occurrence_counts(list(strings), self.texts)
        return counts, None if checked is None else inside_words(checked, self.texts)

    def first_occurrences(self, docs, starts) -> tuple[list[str], list[str]]:
        """(doc_id, the sentence holding the place) of each (document index, offset)."""
        doc_ids = self.corpus.docs["doc_id"].tolist()
        return [doc_ids[int(d)] for d in docs], _examples(self.texts, docs, starts)


def _texts_of(corpus, fields, scheduler):
    """How :func:`discover` reads a corpus: whole, or partition by partition."""
    from kit.analysis._find import runs_partitioned

    if runs_partitioned(corpus, scheduler):
        from kit.analysis.discovery.partitioned import PartitionedTexts

        return PartitionedTexts(corpus, fields, scheduler)
    return InMemoryTexts(corpus_with_fields(corpus, fields))


def candidate_dispersion(corpus: Corpus, candidates: pd.DataFrame) -> pd.DataFrame:
    """How each candidate spreads over the corpus's documents (for a barcode figure).

    Parameters
    ----------
    corpus : Corpus
        The corpus the candidates were found in.
    candidates : pandas.DataFrame
        Rows of :func:`discover`'s table (columns kind and candidate).

    Returns
    -------
    pandas.DataFrame
        One row per (candidate, document), candidates in the order given and
        documents in corpus order, with columns kind, candidate, doc_id,
        doc_index (0-based), frequency (non-overlapping occurrences in that
        document's text), and the candidate's dispersion over documents from
        :func:`kit.stats.dispersion_scores` with document sizes in characters:
        range, dp, dp_norm, juilland_d (the same on every row of a candidate).
        A corpus of one document has a range (0 or 1) but no dispersion:
        dp, dp_norm and juilland_d are NaN.

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> c = Corpus.from_texts(["微心愿，微心愿", "没有"])
    >>> rows = pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"]})
    >>> candidate_dispersion(c, rows)["frequency"].tolist()
    [2, 0]
    """
    from kit.analysis._document_counts import DocumentCounts

    texts = corpus_texts(corpus)
    for column in ("kind", "candidate"):
        if column not in candidates:
            raise ValueError(f"candidates has no {column!r} column; pass rows of discover()")
    rows = candidates.drop_duplicates(["kind", "candidate"])
    counts = np.array([[t.count(c) for t in texts] for c in rows["candidate"]],
                      dtype=np.int64).reshape(len(rows), len(texts))
    # An empty document is a part of size 1 here, so every document stays a
    # column of the barcode.
    sizes = np.array([max(len(t), 1) for t in texts])
    item_index, doc_index = np.nonzero(counts)
    per_document = DocumentCounts.from_occurrences(
        item_index, doc_index, rows[["kind", "candidate"]], pd.DataFrame({"doc_id": corpus.docs["doc_id"], "size": sizes}),
        weights=counts[item_index, doc_index])
    spread = per_document.dispersion()
    # range stays defined with one document, where the scores are not (nothing to spread over)
    spread["range"] = (counts > 0).sum(axis=1).astype(float)
    doc_ids = corpus.docs["doc_id"].tolist()
    n_docs = len(texts)
    table = pd.DataFrame({
        "kind": np.repeat(rows["kind"].to_numpy(), n_docs),
        "candidate": np.repeat(rows["candidate"].to_numpy(), n_docs),
        "doc_id": np.tile(doc_ids, len(rows)),
        "doc_index": np.tile(np.arange(n_docs, dtype=np.int64), len(rows)),
        "frequency": counts.reshape(-1),
    })
    for column in ("range", "dp", "dp_norm", "juilland_d"):
        table[column] = np.repeat(spread[column].to_numpy(dtype=float), n_docs)
    return table


def _check_kinds(kinds) -> tuple:
    if kinds is None:
        return KINDS
    if isinstance(kinds, str):
        kinds = [kinds]
    kinds = tuple(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        hint = (" (novelty is not a kind: pass reference=a Corpus and every kind gets "
                "keyness columns)" if "novelty" in unknown else "")
        raise ValueError(f"unknown kind(s) {unknown}; choose from {list(KINDS)}{hint}")
    if not kinds:
        raise ValueError(f"kinds is empty; choose from {list(KINDS)}")
    return kinds


def _empty(dropped, datelines) -> pd.DataFrame:
    table = pd.DataFrame({c: pd.Series(dtype=object) for c in CANDIDATE_COLUMNS})
    table.attrs["dropped"] = dropped
    table.attrs["datelines"] = datelines
    return table


def _drop_datelines(table: pd.DataFrame, dropped: dict, datelines: dict) -> pd.DataFrame:
    """The table without dateline and byline fragments; counts them in ``dropped`` and
    names them in ``datelines`` (most frequent first), in place."""
    found = dateline_fragments(table["candidate"])
    fragment = found["fragment"].to_numpy()
    dropped["dateline or byline"] = int(fragment.sum())
    removed = (found[fragment].assign(frequency=table.loc[fragment, "frequency"].to_numpy())
               .sort_values(["frequency", "candidate"], ascending=[False, True], kind="mergesort"))
    for row in removed.itertuples():
        datelines.setdefault(row.candidate, f"{row.rule}: {row.marker}")
    return table[~fragment].reset_index(drop=True)


def _cohesive_statistics(source, dropped, *, min_frequency, min_length, max_length,
                         min_cohesion, min_entropy, suppress_ratio, vocabulary) -> pd.DataFrame:
    """The cohesive strings that pass every filter but the segmenter's (inside a word)."""
    stats = source.ngram_statistics(min_length=min_length, max_length=max_length,
                                    min_frequency=min_frequency)
    keep = ((stats["cohesion"] >= min_cohesion) & (stats["left_entropy"] >= min_entropy)
            & (stats["right_entropy"] >= min_entropy))
    dropped["below thresholds"] = int((~keep).sum())
    stats = stats[keep]
    suppressed = suppress_substrings(stats["ngram"], stats["frequency"], suppress_ratio)
    dropped["inside a longer candidate"] = int(suppressed.sum())
    stats = stats[~suppressed]
    edges = function_edges(stats["ngram"])
    dropped["function character at an edge"] = int(edges.sum())
    stats = stats[~edges]
    words = ordinary_words(stats["ngram"], vocabulary)
    dropped["ordinary word"] = int(words.sum())
    return stats[~words]


def _cohesive_rows(stats: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "kind": "cohesive",
        "candidate": stats["ngram"].to_numpy(),
        "hits": stats["frequency"].to_numpy(),
        "frequency": stats["frequency"].to_numpy(),
        "doc_frequency": stats["doc_frequency"].to_numpy(),
        "cohesion": stats["cohesion"].to_numpy(),
        "left_entropy": stats["left_entropy"].to_numpy(),
        "right_entropy": stats["right_entropy"].to_numpy(),
        "doc": stats["doc"].to_numpy(),
        "start": stats["start"].to_numpy(),
    })


def suppress_substrings(strings, frequency, ratio: float = 0.9) -> np.ndarray:
    """Which strings lie wholly inside a longer one of nearly the same frequency.

    Parameters
    ----------
    strings : sequence of str
    frequency : sequence of int
    ratio : float
        ``s`` is suppressed when some longer ``t`` in ``strings`` contains it
        and ``freq(t) ≥ ratio · freq(s)``.

    Returns
    -------
    numpy.ndarray of bool, one per string.

    Examples
    --------
    >>> suppress_substrings(["两个文明", "两个文明建设", "建设"], [40, 38, 900]).tolist()
    [True, False, False]
    """
    strings = list(strings)
    frequency = np.asarray(frequency, dtype=float)
    index = {s: i for i, s in enumerate(strings)}
    out = np.zeros(len(strings), dtype=bool)
    for t, f_t in zip(strings, frequency):
        n = len(t)
        for length in range(1, n):
            for i in range(n - length + 1):
                j = index.get(t[i:i + length])
                if j is not None and f_t >= ratio * frequency[j]:
                    out[j] = True
    return out


#: Characters that do not begin a cohesive candidate: particles, prepositions,
#: conjunctions and adverbs that glue phrases together (以 is missing on purpose:
#: it opens the 以X为Y formulas).
FUNCTION_STARTS = frozenset("的了着过在和与及或让把被将为对从向于也都就而并且之其是中")
#: Characters that do not end one.
FUNCTION_ENDS = frozenset("的了着过在和与及或让把被将为对从向以于也都就而并且之其是")


def function_edges(strings) -> np.ndarray:
    """Which strings begin with a :data:`FUNCTION_STARTS` or end with a :data:`FUNCTION_ENDS` character.

    Such strings are fragments of a phrase with its glue (为居民送上, 的坚守,
    在离石区), not phrases.

    Parameters
    ----------
    strings : sequence of str

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> function_edges(["的坚守", "以笔墨为媒", "党建引领"]).tolist()
    [True, False, False]
    """
    return np.array([bool(s) and (s[0] in FUNCTION_STARTS or s[-1] in FUNCTION_ENDS)
                     for s in strings], dtype=bool)


def ordinary_words(strings, vocabulary="pkuseg") -> np.ndarray:
    """Which strings are ordinary words of the tokenizer (or of a given vocabulary).

    Parameters
    ----------
    strings : sequence of str
    vocabulary : "pkuseg", None, or a collection of str
        "pkuseg": a string is a word when pkuseg's default model, segmenting
        it alone, returns it as one token.  A collection: membership.  None:
        no string is a word.

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> ordinary_words(["发展", "最后一米"], vocabulary={"发展"}).tolist()
    [True, False]
    """
    strings = list(strings)
    if vocabulary is None:
        return np.zeros(len(strings), dtype=bool)
    if isinstance(vocabulary, str):
        if vocabulary != "pkuseg":
            raise ValueError(f'vocabulary must be "pkuseg", None or a collection of words, '
                             f"got {vocabulary!r}")
        if not strings:
            return np.zeros(0, dtype=bool)
        from kit.tokenization import load_model
        model = load_model()
        return np.array([len(model.cut(s)) == 1 for s in strings], dtype=bool)
    words = set(vocabulary)
    return np.array([s in words for s in strings], dtype=bool)


def _lexicon_entries(candidates, lexicon: Lexicon | None) -> list[str]:
    if lexicon is None:
        return [""] * len(candidates)
    forms = lexicon.literal_forms()
    patterns = [(entry, re.compile(p)) for entry, p in lexicon.pattern_entries()]
    out = []
    for c in candidates:
        entry = forms.get(c, "")
        if not entry:
            entry = next((e for e, p in patterns if p.fullmatch(c)), "")
        out.append(entry)
    return out


def _examples(texts, docs, starts) -> list[str]:
    """The sentence (as :func:`kit.text.split_sentences` splits) holding each start."""
    spans: dict[int, tuple[list[int], list[int]]] = {}
    out = []
    for doc, start in zip(docs, starts):
        if doc not in spans:
            found = list(iter_sentence_spans(texts[doc]))
            spans[doc] = ([s for s, _, _ in found], [e for _, e, _ in found])
        begins, ends = spans[doc]
        if not begins:
            out.append("")
            continue
        at = max(bisect.bisect_right(begins, start) - 1, 0)
        out.append(texts[doc][begins[at]:ends[at]])
    return out


def _rank(table: pd.DataFrame, by_novelty: bool) -> pd.DataFrame:
    table = table.copy()
    table["_kind"] = table["kind"].map({k: i for i, k in enumerate(KINDS)})
    keys = ["_kind"] + (["log_ratio"] if by_novelty else []) + ["hits", "doc_frequency",
                                                                 "candidate"]
    ascending = [True] + ([False] if by_novelty else []) + [False, False, True]
    table = table.sort_values(keys, ascending=ascending, kind="mergesort")
    table["rank"] = table.groupby("kind", sort=False).cumcount() + 1
    return table.drop(columns="_kind").reset_index(drop=True)


# -- writing a lexicon ------------------------------------------------------
def lexicon_from_candidates(candidates: pd.DataFrame, path, category=None, *,
                            name: str = "discovered", version: str = "0.1",
                            description: str = "Candidates from kit discovery, for review",
                            overwrite: bool = False) -> Lexicon:
    """Write chosen candidates to a lexicon file (the bundled lexicon's YAML format).

    Parameters
    ----------
    candidates : pandas.DataFrame
        Rows of :func:`discover`'s table (at least ``candidate`` and
        ``kind``; ``form``, ``template``, ``expansion`` and ``example`` are
        used when present).  A string chosen twice (two kinds) is written once,
        from its first row.
    path : path-like
        The YAML file to write.
    category : str, or dict of kind to str, optional
        Category of every entry (one of :data:`kit.lexicon.CATEGORIES`), or
        one per kind; None takes the table's ``category`` column.
    name, version, description : str
        The lexicon's header.
    overwrite : bool
        Replace an existing file; by default an existing file is an error.

    Returns
    -------
    Lexicon
        The lexicon as written (the same as ``load_lexicon(path)``).

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.
    ValueError
        No category given, an empty selection, or a missing column.
    kit.lexicon.LexiconError
        If an entry is not a valid lexicon entry (unknown category …).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> rows = pd.DataFrame({"kind": ["quoted"], "candidate": ["微心愿"],
    ...                      "example": ["设立“微心愿”墙。"]})
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "new.yaml"
    >>> lexicon_from_candidates(rows, p, category="民生").protected_phrases()
    ['微心愿']
    """
    if not isinstance(candidates, pd.DataFrame):
        raise TypeError(f"candidates must be rows of kit discover's table (a DataFrame), "
                        f"got {type(candidates).__name__}")
    for column in ("candidate", "kind"):
        if column not in candidates:
            raise ValueError(f"candidates has no {column!r} column; pass rows of discover()")
    if candidates.empty:
        raise ValueError("no candidates chosen: select some rows of discover()'s table first")
    rows = candidates.drop_duplicates("candidate", keep="first")
    entries = []
    for row in rows.to_dict("records"):
        entries.append({
            "phrase": str(row["candidate"]),
            "category": _category_of(row, category),
            "gloss": "",
            "source": _source_note(row),
        })
    lexicon = Lexicon.from_entries(entries, name=name, version=version,
                                   description=description)  # validates every entry
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
    document = {"version": str(version), "name": name, "description": description,
                "entries": entries}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return lexicon


def _category_of(row: dict, category) -> str:
    if isinstance(category, dict):
        if row["kind"] not in category:
            raise ValueError(f"no category for kind {row['kind']!r} in {category}")
        return category[row["kind"]]
    if category is not None:
        return category
    value = row.get("category")
    if not isinstance(value, str) or not value:
        raise ValueError("give category= (one of " + ", ".join(CATEGORIES)
                         + "), a dict of kind to category, or a 'category' column")
    return value


def _source_note(row: dict) -> str:
    detail = [str(row.get(key) or "") for key in ("form", "template")]
    what = " ".join(d for d in detail if d and d.strip() not in "“”「」『』‘’\"")
    note = f"kit discovery: {row['kind']}" + (f" ({what})" if what else "")
    expansion = row.get("expansion")
    if isinstance(expansion, str) and expansion:
        note += f"; expansion {expansion}"
    example = row.get("example")
    if isinstance(example, str) and example:
        note += f"; e.g. {example}"
    return note
