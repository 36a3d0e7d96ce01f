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
>>> explorer = kit.explore(keywords, page, reference, lexicon=lexicon)  # doctest: +SKIP
>>> explorer.save("04_comparison_explorer")                             # doctest: +SKIP
"""
from __future__ import annotations

from kit.explorer.explorer import MAX_ITEMS, MAX_LINES, Explorer, explore

__all__ = ["explore", "Explorer", "MAX_ITEMS", "MAX_LINES"]
