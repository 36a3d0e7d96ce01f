"""The trend chart: rates of lexicon entries per period, with the documents behind them.

Layer: plot.  Takes a table from :func:`kit.analysis.trend`; computes nothing
but what the drawing needs (where each period lies on the time axis).

Each period is drawn over its own stretch of time: its bar of documents
spans it, its point sits in its middle, and the time axis runs from the
start of the first period with documents to the end of the last, so that
nothing suggests data before or after.
"""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from kit.plot.labels import fit_title
from kit.plot.legends import legend_below
from kit.plot.style import DOUBLE_COLUMN, PALETTE, add_caption, apply_house_style
from kit.plot.wording import count_noun

_COLUMNS = ("period", "entry", "documents")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_CODES = {"day": "D", "month": "M", "year": "Y"}
_TICK_FORMAT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
#: Up to this many series the legend stands right of the chart; beyond, below it in columns.
LEGEND_BESIDE_MAX = 6
#: Up to this many periods each gets a tick at its middle; beyond, matplotlib's date ticks.
FEW_PERIODS = 12
#: Beyond this many periods with documents, the documents panel is drawn as steps, not bars.
MANY_BARS = 400
#: A gloss in the legend is cut to this many characters.
GLOSS_CHARS = 24


def trend_lines(table: pd.DataFrame, value: str = "per_10k_chars", gloss: bool = False,
                title: str | None = None, ylabel: str | None = None):
    """Lines of each entry's rate per period, over a thin bar panel of documents per period.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kit.analysis.trend`: columns period (datetime), entry,
        documents, frequency and ``value``; its ``attrs`` say what was left
        out (undated documents, documents dated too coarsely).
    value : str
        The column drawn as lines: ``per_10k_chars`` (default) or ``frequency``.
    gloss : bool
        Add each entry's gloss to the legend, cut at its first parenthesis
        and to :data:`GLOSS_CHARS` characters.
    title, ylabel : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing the time axis: above, one line per entry (colour
        and marker, Okabe–Ito, in the table's entry order); below, the number
        of documents in each period, so that a rate resting on few documents
        can be seen.  The time axis spans the periods from the first with
        documents to the last.  A period without documents has no rate: the
        line breaks there, and a caption says how many such periods there
        are.  The legend, beside the chart (below it for more than
        :data:`LEGEND_BESIDE_MAX` entries), gives each entry's occurrences:
        "12 of 15 occurrences dated" when some stand in documents the trend
        cannot place (undated, or dated only to the year in a monthly
        trend), which the caption counts.

    Raises
    ------
    TypeError, KeyError, ValueError
        For a table that is not a trend table, or one without documents.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2026-01-01", "2026-02-01"]), "entry": "久久为功",
    ...                   "per_10k_chars": [1.5, 0.0], "frequency": [3, 0], "documents": [3, 2]})
    >>> t.attrs = {"period": "month", "total_frequency": {"久久为功": 4}, "undated_frequency": {"久久为功": 1}}
    >>> fig = trend_lines(t)
    >>> [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ['久久为功\\n3 of 4 occurrences dated']
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"trend_lines: expected a DataFrame from kit.analysis.trend, got {type(table).__name__}")
    missing = [c for c in _COLUMNS + (value,) if c not in table.columns]
    if missing:
        raise KeyError(f"trend_lines: the table has no column(s) {missing}; pass a table from "
                       f"kit.analysis.trend (it has {list(table.columns)})")
    if table.empty:
        raise ValueError("trend_lines: the table is empty; there is nothing to draw")
    table = table.assign(period=pd.to_datetime(table["period"]))
    period = _period_of(table)
    # each row at the start of its period, as kit.analysis.trend writes it
    table = table.assign(period=table["period"].dt.to_period(_CODES[period]).dt.to_timestamp(how="start"))
    spans = _period_spans(table, period)
    entries = list(dict.fromkeys(table["entry"]))

    apply_house_style()
    beside = len(entries) <= LEGEND_BESIDE_MAX
    # a legend below the chart takes height of its own: the chart keeps its height
    height = 3.0 if beside else 3.0 + 0.3 * -(-len(entries) // 3)
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(DOUBLE_COLUMN * 0.75, height),
                                      layout="constrained", gridspec_kw={"height_ratios": [3, 1]})
    fig.get_layout_engine().set(hspace=0.0, h_pad=0.02)
    colours = [c for c in PALETTE if c != "#F0E442"]  # yellow is too faint for a thin line
    for k, entry in enumerate(entries):
        rows = (table[table["entry"] == entry].drop_duplicates("period")
                .set_index("period").reindex(spans["start"]))
        # a period without documents has no rate, whatever the table holds: a gap, not a zero
        drawn = rows[value].where(spans["documents"].to_numpy() > 0)
        top.plot(spans["middle"], drawn.to_numpy(dtype=float), color=colours[k % len(colours)],
                 marker=_MARKERS[k % len(_MARKERS)], markersize=2.8, linewidth=1.0,
                 label=_legend_label(entry, table[table["entry"] == entry], gloss, table.attrs))
    top.set_ylabel(ylabel or {"per_10k_chars": "per 10,000 characters",
                              "frequency": "occurrences"}.get(value, value))
    top.set_ylim(bottom=0)
    _document_bars(bottom, spans)
    bottom.set_ylabel("documents", fontsize=7)
    bottom.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True, prune="upper"))
    bottom.set_xlim(spans["start"].iloc[0], spans["end"].iloc[-1])
    if beside:
        top.legend(frameon=False, fontsize=6.5, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    fig.canvas.draw()  # the layout sets the axes' width, which the title and the ticks are fitted to
    if title:
        fit_title(top, title)
        fig.canvas.draw()
    _date_ticks(bottom, spans, period)
    if not beside:
        handles, labels = top.get_legend_handles_labels()
        legend_below(bottom, handles, labels, columns=(3, 2))  # under the date labels as finally drawn
    caption = _caption(table.attrs, spans, period)
    if caption:
        add_caption(fig, caption)
    return fig


def period_middles(table: pd.DataFrame) -> pd.Series:
    """Where :func:`trend_lines` draws each row of a trend table: the middle of its period.

    A chart that marks points on a trend (a peak, a first appearance) puts
    them here, on the line.

    Parameters
    ----------
    table : pandas.DataFrame
        A trend table (column ``period``, the start of each period).

    Returns
    -------
    pandas.Series
        Timestamps, with the table's index.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2014-01-01", "2015-01-01"])})
    >>> t.attrs = {"period": "year"}
    >>> period_middles(t).dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2014-07-02 12:00', '2015-07-02 12:00']
    """
    starts = pd.to_datetime(table["period"])
    periods = starts.dt.to_period(_CODES[_period_of(table.assign(period=starts))])
    begin = periods.dt.to_timestamp(how="start")
    end = (periods + 1).dt.to_timestamp(how="start")
    return begin + (end - begin) / 2


def short_gloss(gloss, max_chars: int = GLOSS_CHARS) -> str:
    """A gloss short enough for a legend: up to its first parenthesis, at most ``max_chars`` characters.

    Parameters
    ----------
    gloss : str or None
    max_chars : int

    Returns
    -------
    str
        "" for a missing gloss; a cut gloss ends in "…", between words
        where it has spaces.

    Examples
    --------
    >>> short_gloss("the masses; the people (standard collective term for ordinary people)")
    'the masses; the people'
    >>> short_gloss("learn from past mistakes to avoid future ones")
    'learn from past…'
    """
    if not isinstance(gloss, str):
        return ""
    cut = gloss
    for opening in (" (", "（"):
        cut = cut.split(opening, 1)[0]
    cut = cut.strip()
    if len(cut) <= max_chars:
        return cut
    head = cut[: max_chars - 1]
    if cut[max_chars - 1] != " " and " " in head[max_chars // 2:]:
        head = head.rsplit(" ", 1)[0]  # an English gloss is cut between words
    return head.rstrip(" ,;") + "…"


def _legend_label(entry: str, rows: pd.DataFrame, gloss: bool, attrs: dict) -> str:
    """"久久为功 (sustained effort)" over "12 of 15 occurrences dated"."""
    name = str(entry)
    if gloss and "gloss" in rows.columns:
        short = short_gloss(rows["gloss"].iloc[0])
        if short:
            name = f"{name} ({short})"
    if "frequency" not in rows.columns:
        return name
    drawn = int(rows["frequency"].fillna(0).sum())
    total = (attrs.get("total_frequency") or {}).get(entry)
    left_out = sum(int((attrs.get(key) or {}).get(entry, 0))
                   for key in ("undated_frequency", "imprecise_frequency"))
    if total is None:
        total = drawn + left_out
    total = int(total)
    if drawn >= total:
        return f"{name}\n{count_noun(total, 'occurrence')}"
    # "dated" when undated or coarsely dated documents explain the difference; "drawn" when
    # the table was cut to a window of time as well
    what = "dated" if drawn + left_out == total else "drawn"
    return f"{name}\n{drawn:,} of {count_noun(total, 'occurrence')} {what}"


def _period_of(table: pd.DataFrame) -> str:
    """The table's period: from its attrs, else from its labels or the gaps between periods."""
    period = table.attrs.get("period")
    if period in _CODES:
        return period
    if "period_label" in table.columns and len(table):
        width = len(str(table["period_label"].iloc[0]))
        if width in (4, 7, 10):
            return {4: "year", 7: "month", 10: "day"}[width]
    starts = np.sort(table["period"].dropna().unique())
    if len(starts) < 2:
        return "day"
    gap = float(np.diff(starts).astype("timedelta64[D]").astype(float).min())
    return "year" if gap >= 365 else "month" if gap >= 28 else "day"


def _period_spans(table: pd.DataFrame, period: str) -> pd.DataFrame:
    """Every period from the first with documents to the last: start, end, middle, days, documents."""
    per_period = (table.dropna(subset=["period"]).groupby("period")["documents"].max()
                  .fillna(0).astype(np.int64))
    with_documents = per_period[per_period > 0]
    if with_documents.empty:
        raise ValueError("trend_lines: no period of the table has documents; there is nothing to draw")
    code = _CODES[period]
    periods = pd.period_range(with_documents.index.min().to_period(code),
                              with_documents.index.max().to_period(code), freq=code)
    start = periods.to_timestamp(how="start")
    end = (periods + 1).to_timestamp(how="start")
    documents = per_period.reindex(start, fill_value=0).to_numpy()
    return pd.DataFrame({"start": start, "end": end, "middle": start + (end - start) / 2,
                         "days": (end - start) / pd.Timedelta(days=1), "documents": documents})


def _document_bars(ax, spans: pd.DataFrame) -> None:
    """The documents of each period: a bar over each period that has any.

    Beyond :data:`MANY_BARS` such periods (days over years) the bars would
    be thinner than a pixel and cost a patch each; one filled outline of
    steps shows the same at the cost of one artist.
    """
    filled = spans[spans["documents"] > 0]
    if len(filled) <= MANY_BARS:
        ax.bar(filled["middle"], filled["documents"], width=0.85 * filled["days"], color="#999999")
        return
    edges = mdates.date2num(pd.concat([spans["start"], spans["end"].tail(1)]))
    ax.stairs(spans["documents"].to_numpy(dtype=float), edges, fill=True, color="#999999", linewidth=0)


def _date_ticks(ax, spans: pd.DataFrame, period: str) -> None:
    """Date ticks whose labels do not overlap.

    A few periods get a tick each, at their middle, named like the table's
    ``period_label``; many get matplotlib's date ticks in its concise
    format.  Either way the ticks are thinned, by measuring, until no label
    touches the next.
    """
    if len(spans) <= FEW_PERIODS:
        names = spans["start"].dt.strftime(_TICK_FORMAT[period]).tolist()
        middles = mdates.date2num(spans["middle"])
        # short unlabelled ticks where one period ends and the next begins
        ax.xaxis.set_minor_locator(FixedLocator(mdates.date2num(pd.concat([spans["start"], spans["end"].tail(1)]))))
        for step in range(1, len(spans) + 1):
            ax.xaxis.set_major_locator(FixedLocator(middles[::step]))
            ax.xaxis.set_major_formatter(FixedFormatter(names[::step]))
            if not _ticks_collide(ax):
                return
        return
    for most in (8, 6, 5, 4, 3):
        locator = mdates.AutoDateLocator(minticks=2, maxticks=most)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        if not _ticks_collide(ax):
            return


def _ticks_collide(ax) -> bool:
    """True when two of the axis's tick labels (or a label and the offset text) come within 3 px."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    low, high = sorted(ax.get_xlim())
    span = (high - low) * 1e-9
    # the locator may return ticks beyond the limits: matplotlib does not draw them, nor do we measure them
    boxes = [t.get_window_extent(renderer) for t, where in zip(ax.get_xticklabels(), ax.get_xticks())
             if low - span <= where <= high + span and t.get_visible() and t.get_text().strip()]
    offset = ax.xaxis.get_offset_text()
    if offset.get_visible() and offset.get_text().strip():
        boxes.append(offset.get_window_extent(renderer))
    boxes.sort(key=lambda box: box.x0)
    area = fig.bbox
    if any(box.x0 < area.x0 or box.x1 > area.x1 for box in boxes):
        return True
    return any(a.x1 + 3 > b.x0 and a.y0 < b.y1 and b.y0 < a.y1 for a, b in zip(boxes, boxes[1:]))


def _caption(attrs: dict, spans: pd.DataFrame, period: str) -> str:
    """What the chart leaves out and where its lines break, in a sentence or two."""
    notes = []
    parts = []
    if attrs.get("undated_documents", 0):
        parts.append(f"{count_noun(int(attrs['undated_documents']), 'undated document')}")
    for precision, n in (attrs.get("imprecise_precisions") or {}).items():
        parts.append(f"{count_noun(int(n), 'document')} dated only to the {precision}")
    if parts:
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        notes.append(f"Not in the trend: {joined}; the legend gives how many of each entry's "
                     "occurrences are dated.")
    empty = int((spans["documents"] == 0).sum())
    if empty:
        notes.append(f"{empty:,} of {count_noun(len(spans), period)} {'has' if empty == 1 else 'have'} no "
                     "documents: the lines break there.")
    return " ".join(notes)
