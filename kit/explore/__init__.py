"""An interactive explorer of a keyness comparison: from the chart to the concordance.

Layer: explore (top, beside figures).  ``kit.explore(table, target, reference)``
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

import sys
import types

from kit.explore.explorer import MAX_ITEMS, MAX_LINES, Explorer, explore

__all__ = ["explore", "Explorer", "MAX_ITEMS", "MAX_LINES"]


class _CallableModule(types.ModuleType):
    # `kit.explore` is both this package and its verb: importing a submodule
    # makes the attribute `kit.explore` the package, so the package itself is
    # callable for `kit.explore(table, ...)` to work either way.
    def __call__(self, *args, **kwargs):
        return explore(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
