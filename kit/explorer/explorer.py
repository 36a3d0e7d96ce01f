"""``kit.explore``: from a keyness table to an explorer page, chart to concordance.

Layer: explore (top, beside figures).  The page is built once, in Python, and
holds everything it shows; the same page is displayed in JupyterLab (in an
iframe, so its script and styles cannot touch JupyterLab's) and saved as one
HTML file with a manifest entry, as a figure is.
"""
from __future__ import annotations

import html
import os
from importlib import metadata
from pathlib import Path

import pandas as pd

from kit.analysis._stored import stored_result
from kit.corpus import Corpus
from kit.explorer.page import render
from kit.explorer.payload import (ITEM_COLUMNS, SideTexts, choose_items, entry_lexicons, filter_columns,
                                 metadata_value, number, short_title, side_lines, split_sides,
                                 text_or_empty, token_positions)
from kit.figures import _NAME, SavedFiles, add_manifest_entry, describe_tokenizer
from kit.paths import figures_dir

MAX_ITEMS = 500
MAX_LINES = 40
IFRAME_HEIGHT = 820


class Explorer:
    """An explorer page: shown inline in JupyterLab, saved as one HTML file.

    Made by :func:`explore`; ``html`` is the page, ``payload`` the data it
    embeds, ``summary`` one row per embedded item with the number of lines
    found and embedded on each side.

    Examples
    --------
    >>> import kit
    >>> lexicon = kit.Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"},
    ...                                     {"phrase": "急难愁盼", "category": "民生"}])
    >>> page = kit.Corpus.from_texts(["坚持久久为功。", "久久为功，解决急难愁盼。"], name="page")
    >>> reference = kit.Corpus.from_texts(["急难愁盼，急难愁盼。", "回应急难愁盼，久久为功。"], name="reference")
    >>> keywords = kit.keyness(page, reference, lexicon=lexicon, unit="entry")
    >>> explorer = kit.explore(keywords, page, reference, lexicon=lexicon)
    >>> explorer.summary[["item", "embedded_target", "embedded_reference"]].values.tolist()
    [['急难愁盼', 1, 3], ['久久为功', 2, 1]]
    """

    def __init__(self, page: str, payload: dict, summary: pd.DataFrame, provenance: dict):
        self.html = page
        self.payload = payload
        self.summary = summary
        self._provenance = provenance

    def __repr__(self) -> str:
        meta = self.payload
        return (f"Explorer({meta['labels']['target']!r} vs {meta['labels']['reference']!r}: "
                f"{len(meta['items'])} items, {sum(len(a) + len(b) for a, b in meta['lines'])} lines, "
                f"{len(self.html.encode('utf-8')) / 1e6:.1f} MB; .save(name) writes it)")

    def _repr_html_(self) -> str:
        # srcdoc keeps the page in its own document: its script and style sheet
        # cannot clash with JupyterLab's, and it needs no file on disk.
        return (f'<iframe class="kit-explorer" srcdoc="{html.escape(self.html, quote=True)}" '
                f'sandbox="allow-scripts" style="width:100%;height:{IFRAME_HEIGHT}px;border:1px solid #ddd" '
                f'title="{html.escape(self.payload["title"])}"></iframe>')

    def save(self, name: str, directory: str | os.PathLike | None = None) -> SavedFiles:
        """Write ``NAME.html`` and record it in the folder's ``manifest.json``.

        Parameters
        ----------
        name : str
            File stem, as for :func:`kit.save_figure` (``04_comparison_explorer``).
        directory : path-like, optional
            Defaults to the figures folder (``$KIT_FIGURES_DIR`` or ``figures/``).

        Returns
        -------
        kit.figures.SavedFiles
            One row: ``file``, ``sha256``, ``bytes``, ``written`` (False when
            the file already held the same bytes); a notebook shows it as one
            line.

        Examples
        --------
        >>> import kit
        >>> lexicon = kit.Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"},
        ...                                     {"phrase": "急难愁盼", "category": "民生"}])
        >>> page = kit.Corpus.from_texts(["坚持久久为功。", "久久为功，解决急难愁盼。"], name="page")
        >>> reference = kit.Corpus.from_texts(["急难愁盼，急难愁盼。", "回应急难愁盼，久久为功。"], name="reference")
        >>> keywords = kit.keyness(page, reference, lexicon=lexicon, unit="entry")
        >>> explorer = kit.explore(keywords, page, reference, lexicon=lexicon)
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> explorer.save("04_comparison_explorer", directory=folder)["written"].tolist()
        [True]
        >>> explorer.save("04_comparison_explorer", directory=folder)["written"].tolist()
        [False]
        """
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"save: name {name!r} must be letters, digits, '_', '-' or '.', "
                             "e.g. '04_comparison_explorer'")
        directory = Path(directory or figures_dir())
        data = self.html.encode("utf-8")
        labels = self.payload["labels"]
        entry, files = add_manifest_entry(name, {"html": data}, kind="explorer", directory=directory,
                                          fields={"title": self.payload["title"],
                                                  "corpus": [labels["target"], labels["reference"]]},
                                          **self._provenance)
        rows = files.assign(bytes=len(data))[["file", "sha256", "bytes", "written"]]
        return SavedFiles(rows, name=files.name, folder=files.folder)


@stored_result
def explore(table: pd.DataFrame, target: Corpus, reference: Corpus | None = None, *,
            by: str | None = None, group=None, reference_group=None, lexicon=None,
            tokens=None, reference_tokens=None, window: int = 15, max_items: int = MAX_ITEMS,
            max_lines: int = MAX_LINES, alpha: float = 0.05, title: str | None = None,
            target_label: str | None = None, reference_label: str | None = None) -> Explorer:
    """An interactive explorer of a keyness comparison: chart, search and concordance.

    The page shows the items of ``table`` as a scatter (frequency on both
    sides against Log Ratio, coloured by side, filled where significant,
    lexicon entries as diamonds) and a searchable list with glosses; a click
    or a search opens the item's concordance lines (:func:`kit.kwic`) on both
    sides, each with its document's id and title, sortable by 1L/2L/1R/2R and
    filterable by the metadata columns the corpora have (source, date, genre,
    section, column, period, page).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.keyness`, or from :func:`kit.keyness_one_vs_rest`
        (then ``by`` and ``group`` choose the group's rows).
    target : Corpus
        The target corpus; with ``by``, the corpus whose groups were compared.
    reference : Corpus, optional
        The reference corpus (leave out with ``by``).
    by, group, reference_group : optional
        As in :func:`kit.keyness`: the metadata column and the group(s) that
        formed the two sides.
    lexicon : Lexicon, optional
        The lexicon of the comparison: items of kind ``entry`` are found with
        their variants, as :func:`kit.kwic` finds entries.
    tokens, reference_tokens : Tokens, optional
        Tokens of each side (with ``by``: of the one corpus).  With them, a
        token's lines are its occurrences as a whole token, the ones keyness
        counted; without, every match of its characters.
    window : int
        Characters of context on each side of a line.
    max_items : int
        Items embedded: every lexicon entry of the table first, then the
        items with the largest G².
    max_lines : int
        Lines embedded per item and side, spread evenly over the corpus when
        there are more; the page says how many were found.
    alpha : float
        Adjusted p-value under which a mark is filled.
    title, target_label, reference_label : str, optional
        Default to the table's names of the two sides.

    Returns
    -------
    Explorer
        Displays inline in JupyterLab; ``.save(name)`` writes ``NAME.html``
        and a manifest entry.  ``.summary`` lists the embedded items with
        ``lines_target``, ``lines_reference`` (found) and
        ``embedded_target``, ``embedded_reference``.

    Raises
    ------
    ValueError, TypeError, KeyError
        A table that is not a keyness table, sides that do not match it,
        bad caps.

    Examples
    --------
    >>> import kit
    >>> lexicon = kit.Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"},
    ...                                     {"phrase": "急难愁盼", "category": "民生"}])
    >>> page = kit.Corpus.from_texts(["坚持久久为功。", "久久为功，解决急难愁盼。"], name="page")
    >>> reference = kit.Corpus.from_texts(["急难愁盼，急难愁盼。", "回应急难愁盼，久久为功。"], name="reference")
    >>> keywords = kit.keyness(page, reference, lexicon=lexicon, unit="entry")
    >>> kit.explore(keywords, page, reference, lexicon=lexicon)
    Explorer('page' vs 'reference': 2 items, 7 lines, 0.0 MB; .save(name) writes it)
    """
    _check_table(table)
    for name, value in (("window", window), ("max_items", max_items), ("max_lines", max_lines)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"explore: {name} must be a whole number ≥ 1, got {value!r}")
    if not 0 < alpha < 1:
        raise ValueError(f"explore: alpha must lie between 0 and 1, got {alpha!r}")
    if "group" in table.columns:
        if by is None or group is None:
            raise ValueError("explore: this table compares every group with the rest "
                             "(kit.keyness_one_vs_rest): pass by= and group= to choose one group")
        table = table[table["group"] == group]
        if table.empty:
            raise ValueError(f"explore: the table has no rows for group={group!r}")
    sides = split_sides(target, reference, by, group, reference_group, tokens, reference_tokens)
    if by is not None:  # named as kit.keyness names the two groups
        names = {"target": f"{by}={_label(group)}",
                 "reference": f"{by}={_label(reference_group)}" if reference_group is not None
                 else f"{by}≠{_label(group)}"}
    else:
        names = {"target": table.attrs.get("target") or sides.target.name,
                 "reference": table.attrs.get("reference") or sides.reference.name}
    labels = {"target": target_label or names["target"], "reference": reference_label or names["reference"]}
    chosen = choose_items(table, max_items)
    payload, summary = _payload(table, chosen, sides, lexicon, window, max_lines, alpha, labels,
                                title or f"{labels['target']} against {labels['reference']}")
    provenance = {
        "inputs": [target] + ([reference] if reference is not None else []),
        "lexicon": lexicon,
        "tokenizer": _tokenizer_record(tokens),
        "params": {"by": by, "group": group, "reference_group": reference_group,
                   "unit": table.attrs.get("unit"), "window": window, "max_items": max_items,
                   "max_lines": max_lines, "alpha": alpha, "items_in_table": int(len(table)),
                   "items_embedded": int(len(chosen))},
    }
    return Explorer(render(payload), payload, summary, provenance)


def _check_table(table) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"explore: table must be a DataFrame from kit.keyness, not {type(table).__name__}")
    missing = [c for c in ITEM_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"explore: the table lacks {missing}: pass a table from kit.keyness "
                         "(or kit.keyness_one_vs_rest) with its columns")
    if table.empty:
        raise ValueError("explore: the keyness table has no rows (lower min_freq or max_p?)")


def _payload(table, chosen, sides, lexicon, window, max_lines, alpha, labels, title):
    filters = filter_columns(sides.target, sides.reference)
    docs, doc_index = [], {}
    corpora = {"target": sides.target, "reference": sides.reference}
    tokens = {"target": sides.target_tokens, "reference": sides.reference_tokens}
    frames = {side: corpus.docs.set_index("doc_id", drop=False) for side, corpus in corpora.items()}

    def doc_ref(side: str, doc_id: str) -> int:
        key = (side, doc_id)
        if key not in doc_index:
            row = frames[side].loc[doc_id]
            doc_index[key] = len(docs)
            docs.append([0 if side == "target" else 1, str(doc_id), short_title(row.get("title")),
                         [metadata_value(row.get(c)) for c in filters]])
        return doc_index[key]

    texts = {side: SideTexts(corpus) for side, corpus in corpora.items()}
    token_items = chosen.loc[chosen["kind"] == "token", "item"].astype(str).tolist()
    whole = {side: token_positions(tokens[side], token_items) for side in corpora}
    entries = entry_lexicons(lexicon, chosen.loc[chosen["kind"] == "entry", "item"])
    items, lines, summary = [], [], []
    for row in chosen.itertuples(index=False):
        record = row._asdict()
        item, kind = str(record["item"]), str(record["kind"])
        per_side, found = [], {}
        entry = entries[item] if kind == "entry" else None
        for side in ("target", "reference"):
            positions = whole[side].get(item, set()) if whole[side] is not None else None
            found[side], kept = side_lines(texts[side], item, kind, entry, positions, window, max_lines)
            per_side.append([[doc_ref(side, d), left, node, right] for d, left, node, right in kept])
        items.append([
            item, kind, _text_or_none(record.get("category")), _text_or_none(record.get("gloss")),
            int(record["freq_target"]), int(record["freq_reference"]),
            number(record["rel_target"]), number(record["rel_reference"]), number(record["log_ratio"]),
            number(record["g2"], 3), number(record["p_adjusted"], 6), int(record["direction"]),
            found["target"], found["reference"],
        ])
        lines.append(per_side)
        summary.append({"item": item, "kind": kind, "lines_target": found["target"],
                        "lines_reference": found["reference"], "embedded_target": len(per_side[0]),
                        "embedded_reference": len(per_side[1])})
    entries = sum(1 for r in items if r[2] is not None)
    capped = sum(1 for s in summary if s["lines_target"] > s["embedded_target"]
                 or s["lines_reference"] > s["embedded_reference"])
    if len(items) < len(table):
        shown = (f"Items: {len(items):,} of the table's {len(table):,} are embedded (the cap): "
                 f"{entries} lexicon entries first, then the largest G².")
    else:
        shown = f"Items: all {len(items):,} of the table ({entries} lexicon entries)."
    notes = [
        shown,
        f"Lines: at most {max_lines} per item and side, spread evenly over the corpus; "
        f"{capped} item(s) have more, and say how many were found. Context: {window} characters.",
    ]
    payload = {
        "title": title, "labels": labels, "unit": str(table.attrs.get("unit", "")), "alpha": alpha,
        "window": window, "caps": {"items": len(items), "lines": max_lines}, "notes": notes,
        "filters": filters, "columns": list(ITEM_COLUMNS) + ["lines_target", "lines_reference"],
        "items": items, "lines": lines, "docs": docs, "kit_version": _kit_version(),
    }
    return payload, pd.DataFrame(summary, columns=["item", "kind", "lines_target", "lines_reference",
                                                   "embedded_target", "embedded_reference"])


def _label(value) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "+".join(str(v) for v in value)
    return str(value)


def _tokenizer_record(tokens) -> dict | None:
    """The tokenizer's provenance, when the tokens carry one (tokens from kit.tokenization do)."""
    if tokens is None:
        return None
    try:
        return describe_tokenizer(tokens)
    except TypeError:
        return None


def _text_or_none(value):
    text = text_or_empty(value)
    return text or None


def _kit_version() -> str:
    try:
        return metadata.version("kit")
    except metadata.PackageNotFoundError:
        return ""
