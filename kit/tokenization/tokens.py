"""The Tokens object: a tidy token table with its provenance.

Layer: tokenize.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from kit.tokenization.stopwords import stopword_mask

TOKEN_COLUMNS = (
    "doc_id",
    "token",
    "start",
    "end",
    "sentence",
    "position",
    "is_punct",
    "is_stopword",
    "is_protected",
)


@dataclass
class Tokens:
    """Tokens of a corpus, one row per token, and how they were made.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns, in document order then token order:

        - ``doc_id`` (str): the document, as in the Corpus
        - ``token`` (str): ``text[start:end]`` of the document
        - ``start``, ``end`` (int): character offsets into the document's text
        - ``sentence`` (int): index of the sentence within the document, from 0
        - ``position`` (int): index of the token within the document, from 0
        - ``is_punct`` (bool): punctuation or symbols only
        - ``is_stopword`` (bool): in the kit's stopword list (data/stopwords)
        - ``is_protected`` (bool): a lexicon phrase kept whole
    provenance : dict
        Tokenizer version, model, pkuseg version, engine, lexicon hash, phrase digest.
    unprotected : list of str
        Lexicon entries the tokenizer could not keep whole (see
        :func:`kit.tokenization.check_protection`).

    Examples
    --------
    >>> import kit
    >>> tokens = kit.tokenize(kit.Corpus.from_texts(["打通最后一米。"]), ["最后一米"])
    >>> tokens.frame["token"].tolist()
    ['打通', '最后一米', '。']
    """

    frame: pd.DataFrame
    provenance: dict = field(default_factory=dict)
    unprotected: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        n_docs = self.frame["doc_id"].nunique()
        return f"Tokens({len(self)} tokens in {n_docs} documents)"

    def by_document(self) -> dict[str, list[str]]:
        """Token strings per document, in order: ``{doc_id: [token, ...]}``."""
        return {doc: group.tolist() for doc, group in self.frame.groupby("doc_id", sort=False)["token"]}

    def filter(self, remove_punct: bool = True, remove_stopwords=False) -> "Tokens":
        """:func:`filter_tokens` as a method."""
        return filter_tokens(self, remove_punct=remove_punct, remove_stopwords=remove_stopwords)


def token_table(tokens, columns=("doc_id", "token"), caller: str = "tokens") -> pd.DataFrame:
    """The DataFrame of a Tokens object (or a token DataFrame), checked for ``columns``.

    Every analysis that accepts tokens takes either form; this is where they
    are told apart and where a wrong argument gets its error.

    Parameters
    ----------
    tokens : Tokens or pandas.DataFrame
    columns : sequence of str
        Columns the caller needs.
    caller : str
        Named in the error messages.

    Returns
    -------
    pandas.DataFrame
        The token table itself (not a copy).

    Raises
    ------
    TypeError
        If ``tokens`` is neither.
    ValueError
        If a needed column is missing.

    Examples
    --------
    >>> token_table(pd.DataFrame({"doc_id": ["d"], "token": ["群众"]}))["token"].tolist()
    ['群众']
    """
    frame = getattr(tokens, "frame", tokens)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{caller}: tokens must be kit Tokens (kit.tokenize(corpus, lexicon)) "
                        f"or a DataFrame of tokens, got {type(tokens).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{caller}: tokens need the columns {list(columns)}; missing {missing} "
                         "(use kit.tokenize)")
    return frame


def filter_tokens(tokens, remove_punct: bool = True, remove_stopwords=False):
    """Drop punctuation and/or stopwords, keeping offsets and positions.

    Parameters
    ----------
    tokens : Tokens or pandas.DataFrame
        As returned by :func:`kit.tokenize`.
    remove_punct : bool
        Drop tokens flagged ``is_punct``.
    remove_stopwords : bool or iterable of str
        True drops tokens flagged ``is_stopword`` (the kit's list); an
        iterable of strings drops tokens in that list instead.

    Returns
    -------
    Same type as ``tokens``.  The ``position`` column keeps the original token
    positions, so gaps show where tokens were removed (a window of 5 positions
    still means 5 tokens of the running text).

    Examples
    --------
    >>> frame = pd.DataFrame({"doc_id": ["d"] * 3, "token": ["群众", "的", "。"],
    ...                       "is_punct": [False, False, True], "is_stopword": [False, True, False]})
    >>> filter_tokens(frame, remove_stopwords=True)["token"].tolist()
    ['群众']
    >>> filter_tokens(frame, remove_stopwords=["群众"])["token"].tolist()
    ['的']
    """
    frame = token_table(tokens, ("token",), "filter_tokens")
    keep = pd.Series(True, index=frame.index)
    if remove_punct:
        keep &= ~frame["is_punct"].astype(bool)
    if remove_stopwords is True:
        keep &= ~frame["is_stopword"].astype(bool)
    elif remove_stopwords is not False and remove_stopwords is not None:
        if isinstance(remove_stopwords, str):
            raise TypeError("remove_stopwords takes True/False or a list of words, not a single string")
        mask = stopword_mask(pa.array(frame["token"].astype(str).tolist(), pa.string()), remove_stopwords)
        keep &= ~pd.Series(mask.to_numpy(zero_copy_only=False), index=frame.index)
    result = frame.loc[keep].reset_index(drop=True)
    if isinstance(tokens, Tokens):
        return Tokens(result, dict(tokens.provenance), list(tokens.unprotected))
    return result
