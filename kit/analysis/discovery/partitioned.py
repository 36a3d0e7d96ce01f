"""Discovery over a lazy corpus: each partition's matches and n-gram tallies, joined.

Layer: analysis.  :func:`kit.discover` reads a
:class:`kit.lazy_corpus.LazyCorpus` (or any corpus, when a Dask scheduler
is named) through :class:`PartitionedTexts`, whose methods answer what
:class:`~kit.analysis.discovery._discover.InMemoryTexts` answers for a
corpus in memory, with the same tables.  Every rule of discovery is
global (a template is productive with two instances anywhere, a numbered
formula must recur, an n-gram is frequent over the whole corpus), so each
step collects what the rule needs from every partition, joins it in
partition order with documents numbered on, and applies the rule once:

1. one pass finds the rule-based kinds' matches (quoted spans, numbered
   formulas with the numerals seen before each head, template instances)
   and counts the single characters (:class:`~.cohesion.LevelTally`);
2. one pass per longer length counts the n-grams that extend a frequent
   shorter one (the chain of frequent keys goes with each task), with
   their first occurrence and their neighbours, added over partitions
   (:func:`~.cohesion.merge_tallies`);
3. one pass counts the rule-based candidates (non-overlapping occurrences,
   documents) and asks the segmenter about the first occurrences of each
   cohesive string (:func:`~.boundaries.occurrence_cuts`);
4. one pass, over the partitions that hold a first occurrence, gives its
   ``doc_id`` and the sentence around it.

A reference corpus is read in one pass (step 3's counts).  Memory holds one
partition and what the passes collect: the rule-based matches (one row per
match) and, for cohesive strings, the tally of one n-gram length before it
is pruned to the frequent ones, which grows with the corpus's distinct
strings.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from kit.analysis._partitioned import as_lazy
from kit.analysis._validate import check_corpus
from kit.analysis.discovery._discover import KINDS, _examples
from kit.analysis.discovery.boundaries import SAMPLE, mostly_inside, occurrence_cuts
from kit.analysis.discovery.cohesion import (
    NgramCounter, check_ngram_settings, merge_tallies, statistics_by_level)
from kit.analysis.discovery.numbered import numbered_occurrences, numbered_table
from kit.analysis.discovery.occurrences import occurrence_counts
from kit.analysis.discovery.quoted import quoted_spans, quoted_table
from kit.analysis.discovery.templates import template_instances, template_table
from kit.lazy_corpus import load_partition
from kit.scheduling import map_partitions


def _partition(partition, fields):
    """(the partition's corpus, its texts); an empty partition has no texts."""
    corpus = load_partition(partition, fields)
    return corpus, (check_corpus(corpus, "discover") if len(corpus) else [])


def _shifted(frame: pd.DataFrame, offset: int) -> pd.DataFrame:
    return frame.assign(doc=frame["doc"] + offset) if offset else frame


def _joined_frames(earlier: pd.DataFrame, later: pd.DataFrame, offset: int) -> pd.DataFrame:
    if later.empty:
        return earlier
    if earlier.empty:
        return _shifted(later, offset).reset_index(drop=True)
    return pd.concat([earlier, _shifted(later, offset)], ignore_index=True)


# -- pass 1: the rule-based kinds' matches, sizes, single characters ------------------------
def _survey_partition(partition, fields, kinds, max_quote_length):
    _, texts = _partition(partition, fields)
    found = {"n_docs": len(texts), "n_chars": sum(len(t) for t in texts), "docs": [len(texts)]}
    if "quoted" in kinds:
        spans = quoted_spans(texts, max_quote_length)
        found["quoted"] = spans[spans["is_candidate"]].reset_index(drop=True)
    if "numbered" in kinds:
        found["numbered"] = numbered_occurrences(texts)
    if "template" in kinds:
        found["template"] = template_instances(texts)
    if "cohesive" in kinds:
        found["level"] = NgramCounter(texts).tally_after([])
    return found


def _join_surveys(earlier: dict, later: dict) -> dict:
    offset = earlier["n_docs"]
    joined = {"n_docs": offset + later["n_docs"], "n_chars": earlier["n_chars"] + later["n_chars"],
              "docs": earlier["docs"] + later["docs"]}
    for kind in ("quoted", "template"):
        if kind in earlier:
            joined[kind] = _joined_frames(earlier[kind], later[kind], offset)
    if "numbered" in earlier:
        hits, unmarked, heads = earlier["numbered"]
        more_hits, more_unmarked, more_heads = later["numbered"]
        hits = hits + [row[:4] + (row[4] + offset, row[5]) for row in more_hits]
        unmarked = unmarked + [(row[:4] + (row[4] + offset, row[5]), head) for row, head in more_unmarked]
        heads = {head: set(numerals) for head, numerals in heads.items()}
        for head, numerals in more_heads.items():
            heads.setdefault(head, set()).update(numerals)
        joined["numbered"] = (hits, unmarked, heads)
    if "level" in earlier:
        joined["level"] = merge_tallies(earlier["level"], later["level"])
    return joined


# -- pass 2: n-grams one length at a time ----------------------------------------------------
def _level_partition(partition, fields, chain):
    _, texts = _partition(partition, fields)
    return NgramCounter(texts).tally_after(chain)


# -- pass 3: counts of candidates, and the segmenter's word boundaries --------------------------
def _occurrences_partition(partition, fields, strings, checked):
    _, texts = _partition(partition, fields)
    return {"n_chars": sum(len(t) for t in texts),
            "counts": occurrence_counts(strings, texts),
            "cuts": None if checked is None else occurrence_cuts(checked, texts)}


def _join_occurrences(earlier: dict, later: dict) -> dict:
    cuts = earlier["cuts"]
    if cuts is not None:
        cuts = [(a + b)[:SAMPLE] if len(a) < SAMPLE else a for a, b in zip(cuts, later["cuts"])]
    return {"n_chars": earlier["n_chars"] + later["n_chars"],
            "counts": earlier["counts"] + later["counts"], "cuts": cuts}


# -- pass 4: where the first occurrences are ---------------------------------------------------
def _first_occurrences_partition(item, fields):
    partition, docs, starts = item
    corpus, texts = _partition(partition, fields)
    doc_ids = corpus.docs["doc_id"].tolist()
    return [doc_ids[d] for d in docs], _examples(texts, docs, starts)


class PartitionedTexts:
    """The texts of a corpus read partition by partition, as :func:`kit.discover` reads them.

    Parameters
    ----------
    corpus : LazyCorpus or Corpus
        An in-memory corpus is cut into partitions (to run on a scheduler).
    fields : tuple of str
        What is read (see :meth:`kit.corpus.Corpus.with_fields`).
    scheduler : dask.distributed.Client, str or None
        Where the partitions run (see :func:`kit.scheduling.map_partitions`).

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> texts = PartitionedTexts(Corpus.from_texts(["推行“一社一品”", "构建“一站一品”"]), ("text",), None)
    >>> texts.rule_tables(["template"], 12, 2)["template"]["candidate"].tolist()
    ['一社一品', '一站一品']
    """

    def __init__(self, corpus, fields, scheduler) -> None:
        self.corpus = as_lazy(corpus, fields)
        self.scheduler = scheduler
        self.n_chars = None  # known after the first pass
        self._survey = None

    def _map(self, task, description: str, combine=None, items=None, sizes=None):
        partitions = self.corpus.partitions
        return map_partitions(task, partitions if items is None else items, scheduler=self.scheduler,
                              sizes=[p.size for p in partitions] if items is None else sizes,
                              description=f"discover ({description})", combine=combine)

    def _surveyed(self, kinds, max_quote_length: int) -> dict:
        if self._survey is None:
            task = functools.partial(_survey_partition, fields=self.corpus.fields, kinds=tuple(kinds),
                                     max_quote_length=max_quote_length)
            self._survey = self._map(task, "rules", combine=_join_surveys)
            if self._survey["n_docs"] == 0:
                raise ValueError(f"the lazy corpus {self.corpus.name!r} has no documents")
            self.n_chars = self._survey["n_chars"]
        return self._survey

    def rule_tables(self, kinds, max_quote_length: int, min_repeats: int) -> dict[str, pd.DataFrame]:
        """The candidates of each rule-based kind asked for, by kind (as for an in-memory corpus)."""
        survey = self._surveyed(kinds, max_quote_length)
        tables = {"quoted": lambda: quoted_table(survey["quoted"]),
                  "numbered": lambda: numbered_table(*survey["numbered"], min_repeats),
                  "template": lambda: template_table(survey["template"])}
        return {kind: tables[kind]() for kind in KINDS if kind in kinds and kind in tables}

    def ngram_statistics(self, min_length: int = 2, max_length: int = 8,
                         min_frequency: int = 2) -> pd.DataFrame:
        """:func:`~kit.analysis.discovery.cohesion.ngram_statistics` of the whole corpus."""
        check_ngram_settings(min_length, max_length, min_frequency)
        survey = self._survey or {}

        def tally_after(chain):
            if not chain and "level" in survey:
                return survey["level"]
            task = functools.partial(_level_partition, fields=self.corpus.fields, chain=list(chain))
            return self._map(task, f"{len(chain) + 1}-grams", combine=merge_tallies)

        return statistics_by_level(tally_after, min_length, max_length, min_frequency)

    def occurrences(self, strings, checked) -> tuple[pd.DataFrame, np.ndarray | None]:
        """(occurrence counts of ``strings``, which of ``checked`` lie mostly inside words, or None)."""
        task = functools.partial(_occurrences_partition, fields=self.corpus.fields, strings=list(strings),
                                 checked=None if checked is None else list(checked))
        found = self._map(task, "counts", combine=_join_occurrences)
        self.n_chars = found["n_chars"]
        return found["counts"], None if checked is None else mostly_inside(found["cuts"])

    def first_occurrences(self, docs, starts) -> tuple[list[str], list[str]]:
        """(doc_id, the sentence holding the place) of each (document index, offset)."""
        docs, starts = np.asarray(docs, dtype=np.int64), np.asarray(starts, dtype=np.int64)
        bounds = np.cumsum([0] + self._survey["docs"])
        owner = np.searchsorted(bounds, docs, side="right") - 1
        items, rows = [], []
        for index in np.unique(owner).tolist():
            chosen = np.flatnonzero(owner == index)
            items.append((self.corpus.partitions[index], (docs[chosen] - bounds[index]).tolist(),
                          starts[chosen].tolist()))
            rows.append(chosen)
        doc_ids, examples = [""] * len(docs), [""] * len(docs)
        if not items:
            return doc_ids, examples
        task = functools.partial(_first_occurrences_partition, fields=self.corpus.fields)
        found = self._map(task, "examples", items=items, sizes=[item[0].size for item in items])
        for chosen, (ids, sentences) in zip(rows, found):
            for row, doc_id, sentence in zip(chosen.tolist(), ids, sentences):
                doc_ids[row], examples[row] = doc_id, sentence
        return doc_ids, examples
