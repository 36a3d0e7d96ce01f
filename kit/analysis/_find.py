"""Find lexicon entries in a corpus: one row per occurrence.

Layer: analysis.  Matching is on raw characters, all entries in one pass
(see :mod:`kit.analysis.matching` for the overlap rules).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis._memory import frame_digest, remembered
from kit.analysis._record import records_call
from kit.analysis._validate import check_corpus as corpus_texts
from kit.analysis._validate import check_lexicon as resolve_lexicon
from kit.analysis.matching import Matcher, check_overlap
from kit.corpus import Corpus, check_fields, field_positions
from kit.lexicon import Lexicon
from kit.text import iter_sentence_spans

OCCURRENCE_COLUMNS = ("doc_id", "field", "entry", "category", "matched", "start", "end", "sentence")


@records_call
def find(corpus: Corpus, lexicon: Lexicon | None = None,
         overlap: str = "leftmost-longest", fields=("text",), scheduler=None) -> pd.DataFrame:
    """Every occurrence of every lexicon entry in the corpus.

    Parameters
    ----------
    corpus : Corpus or LazyCorpus
        A lazy corpus (``read_corpus(path, lazy=True)``) is read and counted
        partition by partition; the table is the same as in memory.
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon (:func:`kit.load_lexicon`).
    overlap : {"leftmost-longest", "inclusive", "all"}
        How overlapping matches are resolved (see :mod:`kit.analysis.matching`):
        by default, scan left to right and take the longest match at each
        position (each stretch of text belongs to one entry);
        ``"inclusive"`` keeps every occurrence of every entry, nested ones
        included (the hits behind :func:`kit.count`'s ``frequency``);
        ``"all"`` keeps every match of every form.
    fields : str or tuple of str
        Where to look: ``("text",)`` (the default: headlines are not text),
        ``("title", "text")`` or ``("title",)``; see
        :meth:`kit.corpus.Corpus.with_fields`.
    scheduler : dask.distributed.Client or str, optional
        Run the partitions on a Dask cluster (a client or a scheduler's
        address; default ``$KIT_SCHEDULER`` for a lazy corpus).  An
        in-memory corpus is then cut into partitions.  The table is the same
        as here.  See docs/scale.md.

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, in document order then by position:

        doc_id : str
        field : str
            ``"title"`` or ``"text"``: where the occurrence stands.
        entry : str
            The lexicon entry (for a variant, the entry it belongs to).
        category : str
        matched : str
            The form found in the text (a variant, or the text a pattern matched).
        start, end : int
            Character offsets into the document's field:
            ``docs[field][start:end] == matched``.
        sentence : int
            0-based index of the sentence holding the occurrence's start, as
            :func:`kit.text.split_sentences` splits the document (with
            ``fields=("title", "text")`` the title is sentence 0).

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> lex = Lexicon.from_entries([{"phrase": "最后一米", "category": "民生"}])
    >>> find(Corpus.from_texts(["打通“最后一米”。"]), lex)[["entry", "start", "end"]].values.tolist()
    [['最后一米', 3, 7]]
    """
    lexicon = resolve_lexicon(lexicon)
    check_overlap(overlap)
    if runs_partitioned(corpus, scheduler):
        from kit.analysis._partitioned import lazy_find

        return lazy_find(corpus, lexicon, overlap, fields, scheduler)
    corpus = corpus_with_fields(corpus, fields)
    texts = corpus_texts(corpus)
    key = (frame_digest(corpus.docs, ("doc_id", "title", "text")), corpus.fields, lexicon.hash, overlap)
    # a copy: the caller may change the table it gets (records_call sets its attrs)
    return remembered("find", key, lambda: _occurrences(corpus, texts, lexicon, overlap)).copy()


def _occurrences(corpus: Corpus, texts: list[str], lexicon: Lexicon, overlap: str) -> pd.DataFrame:
    """The table of :func:`find` for an in-memory corpus with its fields chosen."""
    matcher = Matcher(lexicon)
    category = dict(zip(lexicon.entries["entry"], lexicon.entries["category"]))
    doc_ids = corpus.docs["doc_id"].tolist()
    match_doc, match_entry, match_start, match_end = matcher.find_many(texts, overlap)
    sentence = np.zeros(len(match_doc), dtype=np.int64)
    # matches come sorted by document: one slice per document
    docs, first, n = np.unique(match_doc, return_index=True, return_counts=True)
    for doc, lo, hi in zip(docs, first, first + n):
        # the starts alone: a DataFrame per document cost more than the matching
        starts = np.fromiter((start for start, _, _ in iter_sentence_spans(texts[doc])), dtype=np.int64)
        # a match starting between sentences belongs to the sentence before
        sentence[lo:hi] = np.maximum(
            np.searchsorted(starts, match_start[lo:hi], side="right") - 1, 0)
    field, field_start = field_positions(corpus, match_doc, match_start)
    rows = []
    for doc, entry_id, start, end, sent, where, at in zip(match_doc, match_entry, match_start,
                                                         match_end, sentence, field, field_start):
        entry = matcher.entries[entry_id]
        rows.append((doc_ids[doc], where, entry, category[entry], texts[doc][start:end],
                     int(at), int(at + end - start), int(sent)))
    frame = pd.DataFrame(rows, columns=list(OCCURRENCE_COLUMNS))
    return frame.astype({"start": "int64", "end": "int64", "sentence": "int64"})


def runs_partitioned(corpus, scheduler) -> bool:
    """Whether an analysis runs partition by partition: a lazy corpus, or a scheduler named."""
    from kit.lazy_corpus import LazyCorpus

    return isinstance(corpus, LazyCorpus) or scheduler is not None


def corpus_with_fields(corpus: Corpus, fields) -> Corpus:
    """The corpus with ``fields`` as its text (see :meth:`Corpus.with_fields`), checked."""
    if not isinstance(corpus, Corpus):
        corpus_texts(corpus)  # the clear TypeError
    chosen = check_fields(fields)
    if corpus.fields != ("text",):
        if chosen not in (corpus.fields, ("text",)):
            raise ValueError(f"corpus {corpus.name!r} already holds the fields {corpus.fields}; "
                             f"pass fields={corpus.fields!r} or the corpus as read")
        return corpus
    return corpus.with_fields(chosen)
