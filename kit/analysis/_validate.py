"""The input checks every analysis repeats, in one place, with one exception type per problem.

Layer: analysis.  Each analysis of the kit takes a corpus, often a lexicon,
sometimes tokens, a metadata column or a choice among options; each check
here raises one named exception whose message says what is wrong and what to
do.  The exceptions subclass the built-in type a caller would expect
(``TypeError``, ``ValueError``, ``KeyError``), so code that caught those
keeps working.

Tokens carry a record of the lexicon whose phrases they kept whole; tokens
made with one lexicon and analysed with another count different units
(a phrase protected in one is split in the other), so :func:`check_tokens`
warns (:class:`LexiconMismatchWarning`).
"""
from __future__ import annotations

import hashlib
import warnings

import numpy as np
import pandas as pd

from kit.corpus import Corpus, EmptyCorpusError, MissingTextError, NotACorpusError, checked_texts  # noqa: F401
from kit.lexicon import Lexicon, load_lexicon


class NotALexiconError(TypeError):
    """Something other than a kit Lexicon was passed as the lexicon."""


class UnknownColumnError(KeyError):
    """A metadata column named by the caller does not exist."""

    def __str__(self) -> str:  # a KeyError quotes its message; this one reads as a sentence
        return str(self.args[0]) if self.args else ""


class ForeignTokensError(ValueError):
    """Tokens that belong to another corpus (their doc_ids are not the corpus's)."""


class BadOptionError(ValueError):
    """An option out of its allowed values or range."""


class LexiconMismatchWarning(UserWarning):
    """Tokens made with one lexicon are analysed with another."""


class SharedDocumentsWarning(UserWarning):
    """The two corpora compared hold some of the same documents."""


def warn_shared_documents(target: Corpus, reference: Corpus, who: str = "") -> int:
    """Warn when documents of the target stand in the reference too, and count them.

    A comparison of a corpus with a reference that contains it (a year of a
    paper against the paper's decade, a sample drawn from the reference)
    counts their words on both sides, which pulls every Log Ratio towards
    0 and hides keywords.  Documents are the same when their texts are,
    after whitespace is removed; empty texts are never the same.

    Parameters
    ----------
    target, reference : Corpus
    who : str
        The analysis asking, for the message.

    Returns
    -------
    int
        The number of target documents also in the reference.

    Examples
    --------
    >>> a = Corpus.from_texts(["一二三", "四五"])
    >>> b = Corpus.from_texts(["一 二三", "六"])
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     warn_shared_documents(a, b)
    1
    """
    def fingerprints(corpus):
        return pd.Series([hashlib.blake2b("".join(str(t).split()).encode("utf-8"), digest_size=16).hexdigest()
                          if str(t).strip() else None for t in corpus.docs["text"]], index=corpus.docs.index)

    mine, theirs = fingerprints(target), set(fingerprints(reference).dropna())
    shared = mine.notna() & mine.isin(theirs)
    count = int(shared.sum())
    if count:
        example = target.docs.loc[shared, "doc_id"].iloc[0]
        warnings.warn(
            f"{who + ': ' if who else ''}{count} of {len(target.docs)} documents of {target.name!r} also stand in "
            f"the reference {reference.name!r} (e.g. {example!r}): their words count on both sides, which pulls "
            "Log Ratios towards 0; leave them out of one side (e.g. corpus.where(...)) for a fair comparison",
            SharedDocumentsWarning, stacklevel=3)
    return count


#: The corpus check of every analysis; it lives with the Corpus because
#: tokenisation, a layer below, makes the same check.
check_corpus = checked_texts


def check_lexicon(lexicon) -> Lexicon:
    """The given lexicon, or the bundled one for None (the one meaning of None in the kit).

    Raises
    ------
    NotALexiconError
    """
    if lexicon is None:
        return load_lexicon()
    if not isinstance(lexicon, Lexicon):
        raise NotALexiconError(
            f"lexicon must be a kit Lexicon (see kit.load_lexicon), got {type(lexicon).__name__}")
    return lexicon


def check_column(corpus: Corpus, column: str, option: str = "by") -> str:
    """``column`` if it is a column of ``corpus.docs``.

    Raises
    ------
    UnknownColumnError
        Naming the option and listing the columns there are.

    Examples
    --------
    >>> check_column(Corpus.from_texts(["一"], genre=["news"]), "genre")
    'genre'
    """
    if not isinstance(column, str):
        raise BadOptionError(f"{option} must be the name of one metadata column, got {column!r}")
    if column not in corpus.docs.columns:
        raise UnknownColumnError(f"{option}={column!r} names no metadata column of {corpus.name!r}; "
                                 f"its columns are {list(corpus.docs.columns)}")
    return column


def check_choice(name: str, value, allowed) -> object:
    """``value`` if it is one of ``allowed``.

    Raises
    ------
    BadOptionError
    """
    if value not in allowed:
        raise BadOptionError(f"{name}={value!r} is not one of {list(allowed)}")
    return value


def check_whole(name: str, value, least: int = 0) -> int:
    """``value`` as an int if it is a whole number ≥ ``least``.

    Raises
    ------
    BadOptionError
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise BadOptionError(f"{name} must be a whole number ≥ {least}, got {value!r}")
    return int(value)


def check_tokens(frame: pd.DataFrame, corpus: Corpus, lexicon: Lexicon | None = None,
                 provenance: dict | None = None, side: str = "") -> pd.DataFrame:
    """Tokens of ``corpus``, checked against it and against the lexicon of the analysis.

    Parameters
    ----------
    frame : pandas.DataFrame
        The token table (from :func:`kit.tokenization.token_table`).
    corpus : Corpus
    lexicon : Lexicon, optional
        The analysis's lexicon: the tokens should have been made with it.
    provenance : dict, optional
        The tokens' provenance (``Tokens.provenance``), with ``lexicon_hash``.
    side : str
        Which corpus, for the message (``"reference"``).

    Returns
    -------
    pandas.DataFrame
        ``frame``.

    Raises
    ------
    ForeignTokensError
        If a token's doc_id is not a document of the corpus.

    Warns
    -----
    LexiconMismatchWarning
        If the tokens record a lexicon other than ``lexicon``.
    """
    known = set(corpus.docs["doc_id"].astype(str).tolist())
    # the distinct ids first: a token table has millions of rows and a few thousand documents
    unknown = sorted(set(pd.unique(frame["doc_id"]).astype(str).tolist()) - known)
    what = f"tokens of the {side}" if side else "tokens"
    if unknown:
        raise ForeignTokensError(f"{what} have {len(unknown)} doc_id(s) not in corpus {corpus.name!r}, "
                                 f"e.g. {unknown[0]!r}: tokenize this corpus (kit.tokenize(corpus, lexicon))")
    made_with = (provenance or {}).get("lexicon_hash")
    if lexicon is not None and made_with and made_with != lexicon.hash:
        warnings.warn(
            f"{what} of {corpus.name!r} were made with another lexicon than the one analysed "
            f"({lexicon.name!r}): a phrase kept whole in one may be split in the other, so the counts "
            "differ; tokenize with the same lexicon (kit.tokenize(corpus, lexicon))",
            LexiconMismatchWarning, stacklevel=3)
    return frame


def provenance_of(tokens) -> dict:
    """The provenance record of tokens (``Tokens.provenance`` or a DataFrame's ``attrs``), or {}."""
    record = getattr(tokens, "provenance", None)
    if callable(record):
        record = record()
    if isinstance(record, dict):
        return record
    attrs = getattr(tokens, "attrs", None)
    if isinstance(attrs, dict) and isinstance(attrs.get("tokenizer"), dict):
        return attrs["tokenizer"]
    return {}
