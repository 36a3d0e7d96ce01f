"""Where entries occur: a barcode per document, and frequency against dispersion.

Layer: plot.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from matplotlib.ticker import FuncFormatter, LogLocator

from kit.plot.labels import fit_title, place_labels
from kit.plot.legends import legend_below
from kit.plot.style import DOUBLE_COLUMN, PALETTE, SINGLE_COLUMN, add_caption, apply_house_style
from kit.plot.wording import count_noun


def dispersion_plot(positions: pd.DataFrame, entries=None, label: str = "title", max_label: int = 14,
                    max_documents: int | None = None, ax=None, title: str | None = None):
    """A barcode of where entries occur, one row per document (AntConc's Plot, for several entries).

    Parameters
    ----------
    positions : pandas.DataFrame
        From :func:`kit.analysis.positions.occurrence_positions`; its
        ``attrs["documents"]`` gives the rows, documents without an
        occurrence included.
    entries : list of str, optional
        Entries to draw, each in its own colour (at most 8; default: the most
        frequent, up to 8).
    label : {"title", "doc_id"}
        What names each row.
    max_label : int
        Row labels are cut to this many characters.
    max_documents : int, optional
        Draw at most this many documents: those with the most occurrences of
        the entries (ties in corpus order), in corpus order; a document
        without any occurrence is then never drawn.  A caption says how
        many documents were left out, and why.  Default: every document,
        those without an occurrence included.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        x is the position in the document (0 = start, 1 = end); each tick is
        one occurrence; the number of occurrences is written at the right,
        in a column headed "hits".

    Examples
    --------
    >>> from kit.corpus import Corpus
    >>> from kit.lexicon import Lexicon
    >>> from kit.analysis.positions import occurrence_positions
    >>> lexicon = Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"}])
    >>> positions = occurrence_positions(Corpus.from_texts(["久久为功，再接再厉。", "坚持久久为功。"]), lexicon)
    >>> fig = dispersion_plot(positions)
    """
    documents = positions.attrs.get("documents")
    if documents is None:
        raise ValueError("dispersion_plot needs the table from kit.analysis.positions.occurrence_positions")
    if entries is None:
        frequent = positions["entry"].value_counts(sort=False)
        ordered = pd.DataFrame({"entry": frequent.index, "n": frequent.to_numpy()})
        entries = ordered.sort_values(["n", "entry"], ascending=[False, True])["entry"].head(len(PALETTE)).tolist()
    entries = list(entries)
    if not entries:
        raise ValueError("dispersion_plot: no occurrence to draw")
    if len(entries) > len(PALETTE):
        raise ValueError(f"dispersion_plot draws at most {len(PALETTE)} entries at once; got {len(entries)}")
    shown = positions[positions["entry"].isin(entries)]
    all_docs = len(documents)
    caption = ""
    if max_documents is not None and all_docs > max_documents:
        hits = shown.groupby("doc_index").size().reindex(range(all_docs), fill_value=0)
        # rows are scarce: none goes to a document without an occurrence
        ranked = hits[hits > 0].sort_values(ascending=False, kind="mergesort")
        keep = sorted(ranked.index[:max_documents])
        if not keep:
            raise ValueError(f"dispersion_plot: none of the {count_noun(all_docs, 'document')} has an "
                             f"occurrence of {entries}; there is nothing to draw")
        caption = _left_out_caption(all_docs, len(keep), int((hits > 0).sum()), max_documents)
        renumber = {old: new for new, old in enumerate(keep)}
        documents = documents.iloc[keep].reset_index(drop=True)
        shown = shown[shown["doc_index"].isin(keep)].assign(doc_index=lambda t: t["doc_index"].map(renumber))
    apply_house_style()
    n_docs = len(documents)
    if ax is None:
        fig, ax = plt.subplots(figsize=(DOUBLE_COLUMN * 0.8, 0.7 + 0.24 * n_docs))
    else:
        fig = ax.figure
    band = 0.8 / len(entries)
    for k, entry in enumerate(entries):
        hits = shown[shown["entry"] == entry]
        y = hits["doc_index"].to_numpy() - 0.4 + band * (k + 0.5)
        ax.vlines(hits["relative_position"], y - band * 0.45, y + band * 0.45, color=PALETTE[k], linewidth=1.4,
                  label=entry)
    counts = shown.groupby("doc_index").size().reindex(range(n_docs), fill_value=0)
    for i, n in counts.items():
        ax.text(1.01, i, str(int(n)), va="center", fontsize=6.5, transform=ax.get_yaxis_transform())
    ax.text(1.01, 1.0, "hits", va="bottom", fontsize=6.5, color="#444444", transform=ax.transAxes)
    names = documents[label].astype(str).where(documents[label].astype(str) != "", documents["doc_id"])
    names = [n if len(n) <= max_label else n[: max_label - 1] + "…" for n in names]
    ax.set_yticks(range(n_docs), names)
    ax.set_ylim(n_docs - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in the document (0 = start, 1 = end)")
    for i in range(n_docs):
        ax.axhspan(i - 0.45, i + 0.45, color="0.95", zorder=0, linewidth=0)
    if title:
        fit_title(ax, title)
    legend_below(ax, columns=(4, 2), fontsize=7.5)
    if caption:
        add_caption(fig, caption)
    return fig


def _left_out_caption(all_docs: int, drawn: int, with_hits: int, max_documents: int) -> str:
    """Which documents a truncated barcode leaves out, and by which rule."""
    left_out = all_docs - drawn
    without = all_docs - with_hits
    if with_hits <= max_documents:
        return (f"{left_out:,} of {count_noun(all_docs, 'document')} not drawn: "
                f"{'it has' if left_out == 1 else 'they have'} no occurrence of these entries.")
    kept = "the document with the most occurrences of these entries is" if drawn == 1 else \
        f"the {drawn:,} with the most occurrences of these entries are"
    return (f"{left_out:,} of {count_noun(all_docs, 'document')} not drawn: only {kept} "
            f"(ties go to the earlier document)"
            + (f"; {without:,} of those left out {'has' if without == 1 else 'have'} none." if without else "."))


def dispersion_scatter(counts: pd.DataFrame, measure: str = "dp", label_top: int = 10, ax=None,
                       title: str | None = None):
    """Frequency against dispersion: which entries are frequent because one document repeats them.

    Parameters
    ----------
    counts : pandas.DataFrame
        From :func:`kit.count`: columns entry, frequency and ``measure``.
    measure : {"dp", "dp_norm"}
        Gries's DP (0 = spread as evenly as the documents' sizes; near 1 =
        concentrated in few documents) or its normalised form.
    label_top : int
        Label the most frequent entries.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = pd.DataFrame({"entry": ["a", "b"], "frequency": [5, 1], "dp": [0.2, 0.9]})
    >>> fig = dispersion_scatter(t)
    """
    for name in ("entry", "frequency", measure):
        if name not in counts.columns:
            raise KeyError(f"dispersion_scatter: no column {name!r}; the table has {list(counts.columns)}")
    rows = counts[(counts["frequency"] > 0) & counts[measure].notna()]
    if rows.empty:
        raise ValueError(f"dispersion_scatter: no entry with a frequency and a {measure}")
    apply_house_style()
    if ax is None:
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN, SINGLE_COLUMN * 0.8))
    else:
        fig = ax.figure
    ax.scatter(rows["frequency"], rows[measure], s=14, color=PALETTE[0], alpha=0.8, linewidths=0)
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax.set_xlim(rows["frequency"].min() / 1.4, rows["frequency"].max() * 1.6)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("frequency (log scale)")
    ax.set_ylabel({"dp": "Gries's DP (0 = even, 1 = concentrated)"}.get(measure, measure))
    points, texts = _coincident_labels(rows, measure, label_top)
    fig.canvas.draw()  # label placement measures text in screen space
    hidden = place_labels(ax, points, texts, obstacles=rows[["frequency", measure]].to_numpy(dtype=float))
    fig.kit_hidden_labels = hidden
    if title:
        fit_title(ax, title)
    if hidden:
        add_caption(fig, f"{count_noun(len(hidden), 'label')} left out for lack of room: "
                         + "; ".join(hidden[:4]) + (" …" if len(hidden) > 4 else "") + ".")
    return fig


def _coincident_labels(rows: pd.DataFrame, measure: str, label_top: int, names: int = 3):
    """One label per point of the ``label_top`` most frequent entries, naming every entry at that point.

    Entries with the same frequency and the same dispersion stand on one
    point; their labels would be drawn over one another.  One label names
    them all: "A, B, C", or "A, B +3 more" beyond ``names``.
    """
    ordered = rows.sort_values(["frequency", "entry"], ascending=[False, True], kind="mergesort")
    key = list(zip(ordered["frequency"].astype(float), ordered[measure].astype(float).round(9)))
    at_point: dict = {}
    for point, entry in zip(key, ordered["entry"].astype(str)):
        at_point.setdefault(point, []).append(entry)
    chosen = list(dict.fromkeys(key[:label_top]))
    texts = []
    for point in chosen:
        entries = at_point[point]
        texts.append(", ".join(entries) if len(entries) <= names
                     else ", ".join(entries[: names - 1]) + f" +{len(entries) - names + 1} more")
    return chosen, texts
