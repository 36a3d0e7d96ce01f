"""Where in each document the lexicon's entries occur.

Layer: analysis.  The table behind a dispersion plot (a "barcode", in the
manner of AntConc's Plot tool): one row per occurrence with its position
relative to the document's length.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis._record import records_call
from kit.analysis._find import find, resolve_lexicon
from kit.corpus import Corpus


@records_call
def occurrence_positions(corpus: Corpus, lexicon=None, entries=None) -> pd.DataFrame:
    """Every occurrence of the chosen entries, with its relative position in its document.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.
    entries : str or list of str, optional
        Entries to keep (default: all that occur).

    Returns
    -------
    pandas.DataFrame
        One row per occurrence (inclusive: an entry inside a longer one
        is drawn where it stands, as :func:`kit.count`'s ``frequency``
        counts it), in document order then position:
        ``doc_id``, ``title``, ``doc_index`` (0-based order of the document in
        the corpus), ``doc_chars`` (its length), ``entry``, ``category``,
        ``start``, ``relative_position`` (start / doc_chars, in [0, 1)).
        ``attrs["documents"]`` lists every document (doc_id, title,
        doc_index, doc_chars), those without an occurrence included, so a
        plot can show the empty ones too.

    Examples
    --------
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    >>> c = Corpus.from_texts(["久久为功，再接再厉。", "无"])
    >>> occurrence_positions(c, lex)[["doc_id", "relative_position"]].values.tolist()
    [['corpus-0001', 0.0]]
    """
    lexicon = resolve_lexicon(lexicon)
    if isinstance(entries, str):
        entries = [entries]
    docs = corpus.docs
    documents = pd.DataFrame({
        "doc_id": docs["doc_id"].astype(str),
        "title": docs["title"].fillna("").astype(str),
        "doc_index": np.arange(len(docs)),
        "doc_chars": docs["text"].astype(str).str.len().to_numpy(),
    })
    found = find(corpus, lexicon, overlap="inclusive")
    if entries is not None:
        unknown = sorted(set(entries) - set(lexicon.entries["entry"]))
        if unknown:
            raise KeyError(f"not lexicon entries: {unknown}")
        found = found[found["entry"].isin(entries)]
    table = found.assign(doc_id=found["doc_id"].astype(str)).merge(documents, on="doc_id", how="left")
    table["relative_position"] = table["start"] / table["doc_chars"].where(table["doc_chars"] > 0)
    table = table[["doc_id", "title", "doc_index", "doc_chars", "entry", "category", "start", "relative_position"]]
    table = table.sort_values(["doc_index", "start", "entry"], kind="mergesort").reset_index(drop=True)
    table.attrs["documents"] = documents
    return table
