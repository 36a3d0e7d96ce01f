"""The trend chart: rates of lexicon entries per period, with the documents behind them.

Layer: plot.  Takes a table from :func:`kit.analysis.trend`; computes nothing.
"""
from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.ticker import MaxNLocator
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kit.plot.labels import fit_title
from kit.plot.style import DOUBLE_COLUMN, PALETTE, apply_house_style

_COLUMNS = ("period", "entry", "documents")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def trend_lines(table: pd.DataFrame, value: str = "per_10k_chars", gloss: bool = False,
                title: str | None = None, ylabel: str | None = None):
    """Lines of each entry's rate per period, over a thin bar panel of documents per period.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.trend`: columns period (datetime), entry,
        documents, and ``value``.
    value : str
        The column drawn as lines: ``per_10k_chars`` (default) or ``frequency``.
    gloss : bool
        Add the ``gloss`` column to the legend.
    title, ylabel : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing the time axis: above, one line per entry (colour
        and marker, Okabe–Ito, in the table's entry order); below, the number
        of documents in each period, so that a rate resting on few documents
        can be seen.  A period without documents has no rate: the line
        breaks there.  When ``table.attrs`` reports undated documents, or
        documents dated too coarsely for the period (a year-only date in a
        monthly trend), a note under the chart says how many were left out.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2026-01-01", "2026-02-01"]),
    ...                   "entry": "久久为功", "per_10k_chars": [1.5, 0.0], "documents": [3, 2]})
    >>> fig = trend_lines(t)
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"trend_lines: expected a DataFrame from kit.analysis._trend, got {type(table).__name__}")
    missing = [c for c in _COLUMNS + (value,) if c not in table.columns]
    if missing:
        raise KeyError(f"trend_lines: the table has no column(s) {missing}; pass a table from "
                       f"kit.analysis.trend (it has {list(table.columns)})")
    if table.empty:
        raise ValueError("trend_lines: the table is empty; there is nothing to draw")
    apply_house_style()
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(DOUBLE_COLUMN * 0.75, 3.0),
                                      gridspec_kw={"height_ratios": [3, 1], "hspace": 0.08})
    entries = list(dict.fromkeys(table["entry"]))
    colours = [c for c in PALETTE if c != "#F0E442"]  # yellow is too faint for a thin line
    for k, entry in enumerate(entries):
        rows = table[table["entry"] == entry].sort_values("period", kind="mergesort")
        label = entry
        if gloss and "gloss" in rows and isinstance(rows["gloss"].iloc[0], str):
            label = f"{entry} ({rows['gloss'].iloc[0][:40]})"
        top.plot(rows["period"], rows[value], color=colours[k % len(colours)],
                 marker=_MARKERS[k % len(_MARKERS)], markersize=2.8, linewidth=1.0, label=label)
    top.set_ylabel(ylabel or {"per_10k_chars": "per 10,000 characters",
                              "frequency": "occurrences"}.get(value, value))
    top.set_ylim(bottom=0)
    top.legend(frameon=False, fontsize=6.5, ncol=1 if gloss else min(3, len(entries)), loc="upper left",
               bbox_to_anchor=(0, 1.0))
    periods = table.drop_duplicates("period").sort_values("period", kind="mergesort")
    width = _bar_width(periods["period"])
    bottom.bar(periods["period"], periods["documents"], width=width, color="#999999")
    bottom.set_ylabel("documents", fontsize=7)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    bottom.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True, prune="upper"))
    note = _left_out_note(table.attrs)
    if note:
        bottom.set_xlabel(note, loc="left", fontsize=6, color="#555555")
    if title:
        fit_title(top, title)
    return fig


def _left_out_note(attrs: dict) -> str:
    """"3 undated and 5 year-only documents not shown", or ""."""
    parts = []
    if attrs.get("undated_documents", 0):
        parts.append(f"{attrs['undated_documents']} undated")
    for precision, n in (attrs.get("imprecise_precisions") or {}).items():
        parts.append(f"{n} {precision}-only")
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{joined} document(s) not shown"


def _bar_width(periods: pd.Series) -> float:
    """Bar width in days: 80% of the smallest gap between periods (or of a day)."""
    values = pd.to_datetime(periods).to_numpy()
    if len(values) < 2:
        return 0.8
    gaps = np.diff(values).astype("timedelta64[s]").astype(float) / 86_400
    return 0.8 * float(gaps.min())
