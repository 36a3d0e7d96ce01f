"""An interactive explorer of a keyness comparison: from the chart to the concordance.

Layer: explorer (top, beside figures).  ``kit.explore(table, target, reference)``
builds one self-contained HTML page (script, styles and data inlined, no
request leaving it) that shows the items of a :func:`kit.keyness` table as a
scatter and a searchable list, and on a click the item's concordance lines
on both sides, sortable and filterable.  It displays inline in JupyterLab and
``.save(name)`` writes it beside the figures, with a manifest entry.

Examples
--------
>>> import kit
>>> lexicon = kit.Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"},
...                                     {"phrase": "急难愁盼", "category": "民生"}])
>>> page = kit.Corpus.from_texts(["坚持久久为功。", "久久为功，解决急难愁盼。"], name="page")
>>> reference = kit.Corpus.from_texts(["急难愁盼，急难愁盼。", "回应急难愁盼，久久为功。"], name="reference")
>>> keywords = kit.keyness(page, reference, lexicon=lexicon, unit="entry")
>>> explorer = kit.explore(keywords, page, reference, lexicon=lexicon)
>>> explorer
Explorer('page' vs 'reference': 2 items, 7 lines, 0.0 MB; .save(name) writes it)
>>> import tempfile
>>> explorer.save("04_comparison_explorer", directory=tempfile.mkdtemp())["written"].tolist()
[True]
"""
from __future__ import annotations

from kit.explorer.explorer import MAX_ITEMS, MAX_LINES, Explorer, explore

__all__ = ["explore", "Explorer", "MAX_ITEMS", "MAX_LINES"]
