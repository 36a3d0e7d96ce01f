"""How figures write a count with its noun: "1 document", "2,169 documents", never "1 docs".

Layer: plot.
"""
from __future__ import annotations


def count_noun(n: int, noun: str) -> str:
    """``n`` with ``noun``, plural unless ``n`` is 1, thousands separated.

    Parameters
    ----------
    n : int
    noun : str
        The singular; the plural adds "s" (the kit's nouns: document,
        occurrence, label, day, month, year).

    Returns
    -------
    str

    Examples
    --------
    >>> count_noun(1, "document"), count_noun(2169, "undated document"), count_noun(0, "label")
    ('1 document', '2,169 undated documents', '0 labels')
    """
    n = int(n)
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
