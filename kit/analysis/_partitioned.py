"""The analyses of a lazy corpus: each partition reduced to counts, the counts joined.

Layer: analysis.  ``kit.find``, ``kit.count``, ``kit.cooccurrence`` and
``kit.keyness`` hand a :class:`kit.lazy_corpus.LazyCorpus` (or any corpus,
when a Dask scheduler is named) to the functions here.  Each partition is
loaded where its task runs (this process, or a Dask worker), reduced with the
same function the in-memory path uses (:func:`count_tallies`,
:func:`keyness_counts`, :func:`cooccurrence_tally`), and the partial results
are joined in partition order (:meth:`DocumentCounts.stack`, sums) before the
same final step as in memory.  The tables are therefore those of the
in-memory analysis of the whole corpus, row for row.

Tokens of a lazy corpus are read from the token cache one partition at a
time (:mod:`kit.tokenization.lazy_tokens`); a partition not yet segmented is
segmented by the task that needs it and written to the cache.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from kit.analysis._cooccurrence import add_tallies, cooccurrence_table, cooccurrence_tally
from kit.analysis._count import _by_columns, count_tallies, count_table
from kit.analysis._document_counts import DocumentCounts
from kit.analysis._find import corpus_with_fields, find
from kit.analysis.matching import Matcher
from kit.corpus import Corpus
from kit.lazy_corpus import LazyCorpus, load_partition
from kit.scheduling import map_partitions
from kit.tokenization.cache import default_cache_dir
from kit.tokenization.lazy_tokens import LazyTokens, tokens_of_partition
from kit.tokenization.segmenter import DEFAULT_ENGINE


def as_lazy(corpus, fields) -> LazyCorpus:
    """``corpus`` as a LazyCorpus with ``fields`` chosen (an in-memory corpus is cut into partitions)."""
    if isinstance(corpus, Corpus):
        return LazyCorpus.from_corpus(corpus_with_fields(corpus, fields))
    if not isinstance(corpus, LazyCorpus):
        raise TypeError(f"expected a kit Corpus or LazyCorpus, got {type(corpus).__name__}")
    return corpus.with_fields(fields)


def token_source(tokens, what: str) -> tuple[Path, str]:
    """(cache folder, engine) that a lazy corpus's tokens are read from."""
    if tokens is None:
        return default_cache_dir(), DEFAULT_ENGINE
    if isinstance(tokens, LazyTokens):
        return tokens.cache_dir, tokens.engine
    raise TypeError(f"{what}: the tokens of a lazy corpus are kit.tokenize(lazy_corpus) (LazyTokens), "
                    f"not {type(tokens).__name__}")


def _run(task, corpus: LazyCorpus, scheduler, progress, description, combine=None):
    return map_partitions(task, corpus.partitions, scheduler=scheduler, progress=progress,
                          sizes=[p.size for p in corpus.partitions], description=description,
                          combine=combine)


def _loaded(partition, fields) -> Corpus | None:
    corpus = load_partition(partition, fields)
    return corpus if len(corpus) else None


# -- find -----------------------------------------------------------------------------
def _find_partition(partition, fields, lexicon, overlap):
    corpus = _loaded(partition, fields)
    return None if corpus is None else find.__wrapped__(corpus, lexicon, overlap=overlap)


def lazy_find(corpus, lexicon, overlap: str, fields, scheduler=None, progress=None) -> pd.DataFrame:
    """:func:`kit.find` of a lazy corpus: the partitions' hits, one after another."""
    corpus = as_lazy(corpus, fields)
    task = functools.partial(_find_partition, fields=corpus.fields, lexicon=lexicon, overlap=overlap)
    tables = [t for t in _run(task, corpus, scheduler, progress, "find") if t is not None]
    if not tables:
        raise ValueError(f"the lazy corpus {corpus.name!r} has no documents")
    return pd.concat(tables, ignore_index=True)


# -- count ------------------------------------------------------------------------------
def _count_partition(partition, fields, lexicon, overlap, by, token_settings):
    corpus = _loaded(partition, fields)
    if corpus is None:
        return None
    tokens = None
    if token_settings is not None:
        tokens = tokens_of_partition(corpus, lexicon, *token_settings)
    return count_tallies(corpus, Matcher(lexicon), lexicon, overlap, _by_columns(corpus, by), tokens)


#: Partitions whose counts wait before they are joined to the rest.
JOIN_BATCH = 16


def _collector(join):
    """A fold that keeps each partition's counts as it arrives and joins them in batches.

    Joining at every partition would copy everything joined so far each
    time (a cost growing with the square of the number of partitions);
    keeping every part apart until the end would hold each part's own table
    of items.  Batches of :data:`JOIN_BATCH` bound both.  ``join(parts)``
    joins a list of parts in document order."""
    def collect(so_far, part):
        parts = so_far if isinstance(so_far, list) else ([] if so_far is None else [so_far])
        if part is not None:
            parts.append(part)
        if len(parts) > JOIN_BATCH:
            parts[:] = [join(parts)]
        return parts
    return collect


def _joined(folded, join):
    """The fold's parts joined once more (a single partition's result never reached the fold)."""
    parts = folded if isinstance(folded, list) else ([] if folded is None else [folded])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else join(parts)


def _join_layers(parts: list) -> dict:
    return {layer: DocumentCounts.stack([part[layer] for part in parts]) for layer in parts[0]}


def _join_items(parts: list) -> DocumentCounts:
    return DocumentCounts.stack(parts, keys=["kind", "item"])


def lazy_count(corpus, lexicon, by, tokens, overlap: str, fields, scheduler=None, progress=None) -> pd.DataFrame:
    """:func:`kit.count` of a lazy corpus (``by="field"`` is not offered: count each field apart)."""
    requested = [] if by is None else [by] if isinstance(by, str) else list(by)
    if "field" in requested:
        raise ValueError('by="field" is not offered for a lazy corpus: count each field with fields=("title",) '
                         'and fields=("text",)')
    corpus = as_lazy(corpus, fields)
    token_settings = None if tokens is None else token_source(tokens, "count")
    task = functools.partial(_count_partition, fields=corpus.fields, lexicon=lexicon, overlap=overlap,
                             by=by, token_settings=token_settings)
    tallies = _joined(_run(task, corpus, scheduler, progress, "count", combine=_collector(_join_layers)),
                      _join_layers)
    if tallies is None:
        raise ValueError(f"the lazy corpus {corpus.name!r} has no documents")
    return count_table(tallies, Matcher(lexicon), lexicon, requested, overlap, corpus.name)


# -- co-occurrence ------------------------------------------------------------------------
def _cooccurrence_partition(partition, fields, lexicon, unit, window, token_settings):
    corpus = _loaded(partition, fields)
    if corpus is None:
        return None
    tokens = None if token_settings is None else tokens_of_partition(corpus, lexicon, *token_settings)
    return cooccurrence_tally(corpus, lexicon, unit, window, tokens)


def _add(so_far, part):
    if so_far is None or part is None:
        return so_far if part is None else part
    return add_tallies(so_far, part)


def lazy_cooccurrence(corpus, lexicon, unit, window, tokens, min_count, fields, scheduler=None,
                      progress=None) -> pd.DataFrame:
    """:func:`kit.cooccurrence` of a lazy corpus: unit counts added over partitions."""
    corpus = as_lazy(corpus, fields)
    token_settings = token_source(tokens, "cooccurrence") if unit == "window" else None
    task = functools.partial(_cooccurrence_partition, fields=corpus.fields, lexicon=lexicon, unit=unit,
                             window=window, token_settings=token_settings)
    tally = _run(task, corpus, scheduler, progress, "cooccurrence", combine=_add)
    if tally is None:
        raise ValueError(f"the lazy corpus {corpus.name!r} has no documents")
    return cooccurrence_table(tally, lexicon, unit, min_count, corpus.name, corpus.fields)


# -- keyness -----------------------------------------------------------------------------
def _keyness_partition(partition, fields, lexicon, unit, filters, token_settings, columns):
    from kit.analysis._keyness import keyness_counts
    from kit.analysis._validate import check_column

    corpus = _loaded(partition, fields)
    if corpus is None:
        return None
    for column in columns:
        check_column(corpus, column, "by")
    tokens = tokens_of_partition(corpus, lexicon, *token_settings)
    return keyness_counts(corpus, tokens, lexicon, unit, filters, columns=columns)




def lazy_keyness_counts(corpus, tokens, lexicon, unit: str, filters: dict, fields, columns=(),
                        scheduler=None, progress=None, side: str = "target") -> DocumentCounts:
    """:func:`keyness_counts` of a lazy corpus: the partitions' counts stacked, items united."""
    corpus = as_lazy(corpus, fields)
    task = functools.partial(_keyness_partition, fields=corpus.fields, lexicon=lexicon, unit=unit,
                             filters=filters, token_settings=token_source(tokens, "keyness"),
                             columns=tuple(columns))
    counts = _joined(_run(task, corpus, scheduler, progress, f"keyness ({side})",
                          combine=_collector(_join_items)), _join_items)
    if counts is None:
        raise ValueError(f"the lazy corpus {corpus.name!r} has no documents")
    return counts


# -- trend -------------------------------------------------------------------------------
def _trend_partition(partition, fields, lexicon, chosen, date, overlap):
    from kit.analysis._trend import trend_counts

    corpus = _loaded(partition, fields)
    return None if corpus is None else trend_counts(corpus, lexicon, chosen, date, overlap)




def lazy_trend_counts(corpus, lexicon, chosen, date, overlap, scheduler=None, progress=None) -> DocumentCounts:
    """:func:`trend_counts` of a lazy corpus: the partitions' counts stacked."""
    corpus = as_lazy(corpus, ("text",))
    task = functools.partial(_trend_partition, fields=corpus.fields, lexicon=lexicon, chosen=list(chosen),
                             date=date, overlap=overlap)
    counts = _joined(_run(task, corpus, scheduler, progress, "trend", combine=_collector(DocumentCounts.stack)),
                     DocumentCounts.stack)
    if counts is None:
        raise ValueError(f"the lazy corpus {corpus.name!r} has no documents")
    return counts


# -- collocates ----------------------------------------------------------------------------
def _collocate_partition(partition, fields, lexicon, forms, window, remove_punct, remove_stopwords,
                         token_settings):
    from kit.analysis._collocates import collocate_tally

    corpus = _loaded(partition, fields)
    if corpus is None:
        return None
    tokens = tokens_of_partition(corpus, lexicon, *token_settings)
    return collocate_tally(corpus, tokens, lexicon, forms, window, remove_punct, remove_stopwords)


def _add_collocates(so_far, part):
    from kit.analysis._collocates import add_collocate_tallies

    if so_far is None or part is None:
        return so_far if part is None else part
    return add_collocate_tallies(so_far, part)


def lazy_collocate_tally(corpus, tokens, lexicon, forms, window, remove_punct, remove_stopwords, fields,
                         scheduler=None, progress=None) -> dict:
    """:func:`collocate_tally` of a lazy corpus: type counts added over partitions."""
    corpus = as_lazy(corpus, fields)
    task = functools.partial(_collocate_partition, fields=corpus.fields, lexicon=lexicon, forms=forms,
                             window=window, remove_punct=remove_punct, remove_stopwords=remove_stopwords,
                             token_settings=token_source(tokens, "collocates"))
    tally = _run(task, corpus, scheduler, progress, "collocates", combine=_add_collocates)
    if tally is None:
        raise ValueError(f"the lazy corpus {corpus.name!r} has no documents")
    return tally
