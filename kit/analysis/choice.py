"""Choosing which formulas a notebook shows when the corpus is not known in advance.

Layer: analysis.  A notebook run on a researcher's own corpus cannot name its
formulas; it shows the corpus's most frequent ones.  Chosen naively, the top
three are often one formula and the pieces inside it (新时代文明实践 and
新时代), which say the same thing three times; :func:`leading_formulas` picks
formulas that do not nest.
"""
from __future__ import annotations

import pandas as pd

from kit.analysis._validate import check_lexicon, check_whole
from kit.lexicon import Lexicon


def leading_formulas(counts: pd.DataFrame, lexicon: Lexicon, n: int = 3) -> list[str]:
    """The ``n`` most frequent literal entries of a count table, none inside another.

    Entries are ranked by ``frequency_longest`` (an occurrence inside a
    longer entry counts for the longer one), then by entry; an entry whose
    forms lie inside a form of one already chosen, or contain one, is
    passed over.  Pattern entries stand for many strings and are left out.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`kit.count`: columns ``entry``, ``frequency`` and
        ``frequency_longest``.
    lexicon : Lexicon
        The lexicon the table was counted with.
    n : int
        How many to choose.

    Returns
    -------
    list of str
        At most ``n`` entries, most frequent first; fewer when the corpus
        holds fewer, empty when it holds none.

    Examples
    --------
    >>> import pandas as pd
    >>> from kit.lexicon import Lexicon
    >>> lex = Lexicon.from_entries([{"phrase": p, "category": "理论"} for p in ("新时代", "新时代文明实践", "久久为功")])
    >>> counts = pd.DataFrame({"entry": ["新时代", "新时代文明实践", "久久为功"],
    ...                        "frequency": [5, 3, 2], "frequency_longest": [2, 3, 2]})
    >>> leading_formulas(counts, lex, n=2)
    ['新时代文明实践', '久久为功']
    """
    lexicon = check_lexicon(lexicon)
    n = check_whole("n", n, least=1)
    missing = [c for c in ("entry", "frequency_longest") if c not in counts.columns]
    if missing:
        raise KeyError(f"leading_formulas: counts has no column {missing}; pass the table of kit.count "
                       f"(it has {list(counts.columns)})")
    literal = lexicon.literal_forms()
    forms: dict[str, list[str]] = {}
    for form, entry in literal.items():
        forms.setdefault(entry, []).append(form)
    found = counts[(counts["frequency_longest"] > 0) & counts["entry"].isin(forms)]
    ranked = found.sort_values(["frequency_longest", "entry"], ascending=[False, True], kind="mergesort")
    chosen: list[str] = []
    for entry in ranked["entry"]:
        if any(_nested(a, b) for a in forms[entry] for other in chosen for b in forms[other]):
            continue
        chosen.append(entry)
        if len(chosen) == n:
            break
    return chosen


def _nested(a: str, b: str) -> bool:
    return a in b or b in a
