"""Sortable, searchable tables in JupyterLab, and plain tables everywhere else.

Layer: top (notebooks).  ``kit.interactive_tables()`` is called once, at the
top of a notebook.  In a live JupyterLab (or VS Code, or Jupyter Notebook) it
switches every pandas table to an interactive one (sort by a column, search,
pages) through `itables <https://mwouts.github.io/itables/>`_ in its offline
mode: the DataTables library is written into the notebook's output, so
nothing is fetched from the web.  Concordances (:func:`kit.kwic`) keep their
layout, left context right-aligned, and their ``left`` column sorts
AntConc's way: by the character nearest the node (1L), then the next (2L) …

Headless runs (``make figures``, the tests: :mod:`kit.notebooks` sets
``KIT_NOTEBOOK``) and exports keep plain tables: the switch is not made, and
every output still carries its plain-text form.

itables is used rather than hand-written JavaScript: it is maintained, works
in JupyterLab, VS Code and exported HTML, and has an offline mode.
"""
from __future__ import annotations

import os

import pandas as pd

from kit.analysis._kwic import Concordance

#: Tables larger than this are downsampled in the display (itables says so in
#: the table); the DataFrame itself is untouched.
MAX_BYTES = 2 ** 20
_PLAIN_CONCORDANCE = Concordance._repr_html_
_state = {"on": False}

# Sorting the left context by its reversed characters sorts on 1L, then 2L …
_SORT_FROM_THE_NODE = "function (data, type) { return type === 'sort' ? Array.from(String(data)).reverse().join('') : data; }"


def headless() -> bool:
    """True in a headless run of the kit's notebooks (``make figures``, the tests)."""
    return bool(os.environ.get("KIT_NOTEBOOK")) or os.environ.get("KIT_TABLES") == "plain"


def interactive_tables(on: bool | None = None) -> bool:
    """Show pandas tables and concordances as sortable, searchable tables.

    Parameters
    ----------
    on : bool, optional
        ``None`` (default): on in a live notebook, off in a headless run
        (``KIT_NOTEBOOK`` set, as :mod:`kit.notebooks` sets it) or when
        ``KIT_TABLES=plain``.  ``True`` or ``False`` forces it; ``False``
        puts pandas' own tables back.

    Returns
    -------
    bool
        Whether interactive tables are now on.

    Examples
    --------
    >>> import kit
    >>> kit.interactive_tables(False)
    False
    """
    if on is None:
        on = not headless()
    if on:
        import itables.options
        from itables import init_notebook_mode

        itables.options.maxBytes = MAX_BYTES
        init_notebook_mode(all_interactive=True, connected=False)
        Concordance._repr_html_ = _interactive_concordance
    elif _state["on"]:
        from itables import init_notebook_mode

        init_notebook_mode(all_interactive=False, connected=False)
        Concordance._repr_html_ = _PLAIN_CONCORDANCE
    _state["on"] = bool(on)
    return _state["on"]


def concordance_html(lines: pd.DataFrame) -> str:
    """A concordance as an interactive table: doc_id, start, left, node, right.

    Parameters
    ----------
    lines : pandas.DataFrame
        From :func:`kit.kwic`.

    Returns
    -------
    str
        HTML with the DataTables script inlined (offline).

    Examples
    --------
    >>> import kit
    >>> corpus = kit.Corpus.from_texts(["解决群众急难愁盼问题。"])
    >>> html = concordance_html(kit.kwic(corpus, "急难愁盼"))
    >>> "急难愁盼" in html, "<script" in html
    (True, True)
    """
    from itables import JavascriptFunction, to_html_datatable

    shown = [c for c in ("doc_id", "start", "left", "node", "right") if c in lines.columns]
    frame = pd.DataFrame(lines)[shown]
    left = shown.index("left")
    return to_html_datatable(
        frame, connected=False, maxBytes=MAX_BYTES, showIndex=False,
        columnDefs=[
            {"targets": left, "className": "dt-right", "render": JavascriptFunction(_SORT_FROM_THE_NODE)},
            {"targets": shown.index("node"), "className": "dt-center"},
            {"targets": shown.index("right"), "className": "dt-left"},
        ],
    )


def _interactive_concordance(self) -> str:
    if not {"left", "node", "right"} <= set(self.columns):
        return pd.DataFrame(self)._repr_html_()
    return concordance_html(self)
