"""LazyCorpus: a corpus read partition by partition, never whole.

Layer: corpus (2).  :func:`kit.read_corpus` with ``lazy=True`` returns one: a
list of :class:`Partition` objects, each knowing how to load its documents as
an ordinary :class:`kit.corpus.Corpus` (a group of files, a stretch of a large
CSV or JSONL file, row groups of a Parquet dataset).  The analyses of
:mod:`kit.analysis` and :func:`kit.tokenize` accept a LazyCorpus wherever
they accept a Corpus: they load one partition at a time (in this process,
in local processes, or on Dask workers), reduce it to counts
(:mod:`kit.analysis._document_counts`), and join the counts.  Memory then
holds one partition and the counts, whatever the corpus's size.

A partition's loader is a picklable callable, so a Dask worker on another
machine can load it: the corpus's files must be on a filesystem every worker
sees (docs/scale.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import pandas as pd

from kit.corpus import Corpus, check_fields


@dataclass(frozen=True)
class Partition:
    """One piece of a lazy corpus.

    Parameters
    ----------
    load : callable
        Called with no argument, returns the partition's documents as a
        Corpus.  Must be picklable (a module-level function, or a
        ``functools.partial`` of one).
    label : str
        Where the partition comes from (file, byte or row range), for messages.
    size : int
        Its size in bytes (or characters), to weigh progress bars and plan work.

    Examples
    --------
    >>> p = Partition(lambda: Corpus.from_texts(["一"]), "demo", 3)
    >>> len(p.load())
    1
    """

    load: Callable[[], Corpus]
    label: str
    size: int = 0


def _slice_of(docs: pd.DataFrame, name: str, meta: dict) -> Corpus:
    return Corpus(docs, name=name, meta=meta)


def load_partition(partition: Partition, fields=("text",)) -> Corpus:
    """A partition's documents as a Corpus with ``fields`` as its text.

    A module-level function, so that a task sent to another process carries
    one partition rather than the whole lazy corpus.

    Examples
    --------
    >>> p = Partition(lambda: Corpus.from_texts(["正文"], titles=["标题"]), "demo")
    >>> load_partition(p, ("title",)).texts
    ['标题']
    """
    corpus = partition.load()
    fields = tuple(fields)
    return corpus if corpus.fields == fields else corpus.with_fields(fields)


@dataclass
class LazyCorpus:
    """A corpus held as partitions, loaded one at a time.

    Parameters
    ----------
    partitions : list of Partition
        In document order.
    name : str
    meta : dict
        Corpus-level metadata known without reading the documents (origin,
        files, how it was partitioned).
    fields : tuple of str
        The fields each partition's ``text`` will hold (see
        :meth:`kit.corpus.Corpus.with_fields`).

    Examples
    --------
    >>> lazy = LazyCorpus.from_corpus(Corpus.from_texts(["一", "二", "三"]), documents_per_partition=2)
    >>> lazy.n_partitions, len(lazy.compute())
    (2, 3)
    """

    partitions: list[Partition]
    name: str = "corpus"
    meta: dict = field(default_factory=dict)
    fields: tuple = ("text",)

    def __post_init__(self) -> None:
        if not self.partitions:
            raise ValueError(f"the lazy corpus {self.name!r} has no partitions (no file to read)")
        self.fields = check_fields(self.fields)

    def __repr__(self) -> str:
        return f"LazyCorpus({self.name!r}, {self.n_partitions} partitions, {self.size:,} bytes)"

    @property
    def n_partitions(self) -> int:
        """How many partitions the corpus is read in."""
        return len(self.partitions)

    @property
    def size(self) -> int:
        """The partitions' sizes added up (bytes on disk, or characters)."""
        return sum(p.size for p in self.partitions)

    def load(self, index: int) -> Corpus:
        """Partition ``index`` as a Corpus, with this corpus's fields as its text.

        Raises
        ------
        ValueError
            If the partition holds no document (an empty stretch of a file
            is never planned, so this means the files changed).
        """
        return load_partition(self.partitions[index], self.fields)

    def __iter__(self) -> Iterator[Corpus]:
        """Each partition as a Corpus, in order (one in memory at a time)."""
        for index in range(self.n_partitions):
            yield self.load(index)

    def with_fields(self, fields=("title", "text")) -> "LazyCorpus":
        """The same partitions, each read with ``fields`` as its text (see :meth:`Corpus.with_fields`).

        As for an in-memory corpus that already holds chosen fields, asking
        for ``("text",)`` (the analyses' default) keeps the fields chosen.
        """
        chosen = check_fields(fields)
        if self.fields != ("text",):
            if chosen not in (self.fields, ("text",)):
                raise ValueError(f"corpus {self.name!r} already holds the fields {self.fields}; "
                                 f"pass fields={self.fields!r} or the corpus as read")
            return self
        return replace(self, fields=chosen)

    def compute(self) -> Corpus:
        """Every partition read and joined into one in-memory Corpus (for corpora that fit)."""
        parts = list(self)
        docs = pd.concat([p.docs for p in parts], ignore_index=True)
        meta = dict(self.meta)
        if self.fields != ("text",):
            meta["fields"] = self.fields
        return Corpus(docs, name=self.name, skipped=[s for p in parts for s in p.skipped], meta=meta)

    @classmethod
    def from_corpus(cls, corpus: Corpus, documents_per_partition: int | None = None,
                    n_partitions: int | None = None) -> "LazyCorpus":
        """An in-memory corpus cut into partitions (to run its analyses on a Dask cluster).

        Parameters
        ----------
        corpus : Corpus
        documents_per_partition : int, optional
        n_partitions : int, optional
            Give one of the two; default: partitions of about 1,000 documents.

        Returns
        -------
        LazyCorpus
            Each partition holds its slice of the documents (so it travels to
            the workers with the task).

        Examples
        --------
        >>> LazyCorpus.from_corpus(Corpus.from_texts(["一"] * 5), n_partitions=2).n_partitions
        2
        """
        import functools

        if not isinstance(corpus, Corpus):
            raise TypeError(f"from_corpus takes a kit Corpus, not {type(corpus).__name__}")
        if len(corpus) == 0:
            raise ValueError(f"the corpus {corpus.name!r} has no documents")
        if n_partitions is not None:
            per = -(-len(corpus) // max(1, int(n_partitions)))
        else:
            per = int(documents_per_partition or 1000)
        if per < 1:
            raise ValueError(f"documents_per_partition must be at least 1, got {per}")
        meta = dict(corpus.meta)  # with "fields": each slice holds the fields already chosen
        partitions = []
        for first in range(0, len(corpus), per):
            docs = corpus.docs.iloc[first:first + per].reset_index(drop=True)
            partitions.append(Partition(functools.partial(_slice_of, docs, corpus.name, meta),
                                        f"{corpus.name}[{first}:{first + len(docs)}]",
                                        int(docs["text"].str.len().sum())))
        return cls(partitions, name=corpus.name, meta=meta, fields=corpus.fields)
