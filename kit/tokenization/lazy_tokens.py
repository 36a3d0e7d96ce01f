"""Tokens of a lazy corpus: the token cache itself, read partition by partition.

Layer: tokenize.  ``kit.tokenize(lazy_corpus)`` segments every partition
(here, in local processes, or on Dask workers: :mod:`kit.scheduling`) and
writes its tokens to the chunked Parquet token cache; it returns a
:class:`LazyTokens`, which reads the tokens of one partition at a time back
from that cache.  No step holds the whole token table.

The cache folder must be one every worker writes to and the caller reads
(a shared filesystem on a cluster; see docs/scale.md).  A run interrupted
and started again finds every partition already segmented in the cache.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kit.lazy_corpus import LazyCorpus, load_partition
from kit.tokenization.tokens import Tokens


@dataclass
class LazyTokens:
    """The tokens of a :class:`kit.lazy_corpus.LazyCorpus`, partition by partition.

    Parameters
    ----------
    corpus : LazyCorpus
    lexicon : Lexicon, list of str or None
        As given to :func:`kit.tokenize`.
    cache_dir : Path
        The token cache the partitions were written to.
    engine : str
    provenance : dict
        As :attr:`Tokens.provenance` (the same for every partition).
    unprotected : list of str
    n_tokens : int
        Token rows over all partitions.

    Examples
    --------
    >>> import kit
    >>> lazy = kit.lazy_corpus.LazyCorpus.from_corpus(kit.Corpus.from_texts(["打通最后一米。"]))  # doctest: +SKIP
    >>> kit.tokenize(lazy).load(0).frame["token"].tolist()                                     # doctest: +SKIP
    ['打通', '最后一米', '。']
    """

    corpus: LazyCorpus
    lexicon: object
    cache_dir: Path
    engine: str
    provenance: dict = field(default_factory=dict)
    unprotected: list = field(default_factory=list)
    n_tokens: int = 0

    def __repr__(self) -> str:
        return f"LazyTokens({self.corpus.name!r}, {self.corpus.n_partitions} partitions, {self.n_tokens:,} tokens)"

    def load(self, index: int) -> Tokens:
        """The tokens of partition ``index`` (from the cache; segmented again only if it was deleted)."""
        return tokens_of_partition(self.corpus.load(index), self.lexicon, self.cache_dir, self.engine)

    def __iter__(self) -> Iterator[Tokens]:
        for index in range(self.corpus.n_partitions):
            yield self.load(index)

    def compute(self) -> Tokens:
        """All partitions' tokens as one :class:`Tokens` (for corpora whose tokens fit in memory)."""
        import pandas as pd

        frames = [tokens.frame for tokens in self]
        return Tokens(pd.concat(frames, ignore_index=True), dict(self.provenance), list(self.unprotected))


def tokens_of_partition(corpus, lexicon, cache_dir, engine: str, n_jobs: int = 1) -> Tokens:
    """:func:`kit.tokenize` of one partition, through the cache, without warnings or a bar."""
    import warnings

    from kit.tokenization.pipeline import tokenize

    if len(corpus) == 0:
        import pandas as pd

        from kit.tokenization.pipeline import _EMPTY_COLUMNS

        return Tokens(pd.DataFrame({n: pd.Series(dtype=d) for n, d in _EMPTY_COLUMNS.items()}))
    with warnings.catch_warnings():
        # The unprotected entries are reported once, for the whole corpus.
        warnings.simplefilter("ignore", UserWarning)
        return tokenize(corpus, lexicon, n_jobs=n_jobs, cache=True, cache_dir=cache_dir,
                        progress=False, engine=engine)


def _segment_partition(partition, fields, lexicon, cache_dir, engine: str, n_jobs: int):
    """Segment one partition into the cache; return (tokens, unprotected, provenance), not the tokens."""
    tokens = tokens_of_partition(load_partition(partition, fields), lexicon, cache_dir, engine, n_jobs)
    return len(tokens.frame), list(tokens.unprotected), dict(tokens.provenance)


def tokenize_lazy(corpus: LazyCorpus, lexicon, cache_dir, engine: str, n_jobs: int = 1,
                  progress=None, scheduler=None) -> LazyTokens:
    """Segment every partition of ``corpus`` into the token cache; see :func:`kit.tokenize`.

    Returns
    -------
    LazyTokens
    """
    import warnings

    from kit.scheduling import map_partitions, resolve_scheduler

    client = resolve_scheduler(scheduler)
    task = functools.partial(_segment_partition, fields=corpus.fields, lexicon=lexicon,
                             cache_dir=Path(cache_dir), engine=engine,
                             n_jobs=1 if client is not None else n_jobs)
    results = map_partitions(task, corpus.partitions, scheduler=client, progress=progress,
                             sizes=[p.size for p in corpus.partitions], description="tokenize")
    unprotected = next((u for _, u, p in results if p), [])
    provenance = next((p for _, _, p in results if p), {})
    if unprotected:
        warnings.warn(
            f"{len(unprotected)} lexicon entries could not be kept as single tokens and "
            f"will be split: {', '.join(unprotected[:20])}{' …' if len(unprotected) > 20 else ''} "
            "(see kit.tokenization.check_protection)", UserWarning, stacklevel=3)
    return LazyTokens(corpus, lexicon, Path(cache_dir), engine, provenance, unprotected,
                      sum(n for n, _, _ in results))
