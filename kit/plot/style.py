"""The kit's house style for figures: journal page sizes, a colour-blind safe
palette, the CJK font, and settings that make saved files byte-for-byte
reproducible.

Layer: plot.
"""
from __future__ import annotations

import matplotlib as mpl

from kit.fonts import register_with_matplotlib, resolve_cjk_font

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the
# common forms of colour-vision deficiency, and in greyscale print by order.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)

MM = 1 / 25.4
# Column widths of common journal pages (Elsevier/Springer/Taylor & Francis).
SINGLE_COLUMN = 89 * MM
ONE_AND_HALF_COLUMN = 140 * MM
DOUBLE_COLUMN = 183 * MM

SEED = 20260129  # every random layout in the kit starts from this seed

# One colour per family of lexicon categories, the same in every figure (a
# word cloud, a network, a barcode): sixteen categories cannot each have a
# colour of a colour-blind safe palette, so related ones share one, and the
# legend names them together.  Yellow is left out: too faint for text on white.
CATEGORY_FAMILIES = (
    (("党建", "理论"), "#0072B2"),                 # Party building and ideology: blue
    (("民生",), "#E69F00"),                        # livelihood: orange
    (("治理", "法治"), "#009E73"),                  # governance and law: bluish green
    (("经济", "政策", "生态"), "#D55E00"),          # economy, policy, ecology: vermillion
    (("文化", "四字格"), "#CC79A7"),                # culture and set phrases: reddish purple
    (("作风", "隐喻", "数字化提法"), "#56B4E9"),    # work style, metaphor, numbered formulas: sky blue
    (("外交", "国防", "港澳台"), "#000000"),        # foreign affairs, defence, Hong Kong/Macao/Taiwan: black
)
OTHER_COLOUR = "#8C8C8C"  # a category the families do not name (a researcher's own)


def category_colour(category) -> str:
    """The colour of a lexicon category, the same in every figure.

    Examples
    --------
    >>> category_colour("民生"), category_colour("我的类别")
    ('#E69F00', '#8C8C8C')
    """
    for members, colour in CATEGORY_FAMILIES:
        if category in members:
            return colour
    return OTHER_COLOUR


def category_legend(categories) -> list[tuple[str, str]]:
    """(label, colour) for the legend of the categories a figure shows, families together.

    Examples
    --------
    >>> category_legend(["理论", "民生", "党建", "自定义"])
    [('党建 / 理论', '#0072B2'), ('民生', '#E69F00'), ('other', '#8C8C8C')]
    """
    shown = set(categories)
    rows = []
    for members, colour in CATEGORY_FAMILIES:
        present = [m for m in members if m in shown]
        if present:
            rows.append((" / ".join(present), colour))
    if any(category_colour(c) == OTHER_COLOUR for c in shown):
        rows.append(("other", OTHER_COLOUR))
    return rows


def colour_scheme(values, weights=None) -> tuple[dict, list[tuple[str, str]]]:
    """Colours for the values of a column a figure colours by, and their legend.

    When every value is a category of the bundled lexicon, each gets the
    colour of its family (:data:`CATEGORY_FAMILIES`), the same in every
    figure.  Otherwise (a researcher's own categories, groups, sources) the
    values are ranked by total weight and the heaviest six get the colours of
    :data:`PALETTE` without yellow (too faint on white); the rest share grey
    as "other", so that no two values look alike.

    Parameters
    ----------
    values : iterable of str
        The value of each item drawn (repeats allowed).
    weights : iterable of float, optional
        The weight of each item (its size in the figure); the count of items
        when omitted.

    Returns
    -------
    (dict, list)
        value → colour, and (label, colour) rows for the legend in order.

    Examples
    --------
    >>> colour_scheme(["民生", "党建", "理论"])[1]
    [('党建 / 理论', '#0072B2'), ('民生', '#E69F00')]
    >>> colour_scheme(["A", "B", "A"])[0]
    {'A': '#0072B2', 'B': '#E69F00'}
    """
    values = [str(v) for v in values]
    weights = [1.0] * len(values) if weights is None else [float(w) for w in weights]
    known = {m for members, _ in CATEGORY_FAMILIES for m in members}
    if values and set(values) <= known:
        return {v: category_colour(v) for v in set(values)}, category_legend(values)
    totals: dict = {}
    for value, weight in zip(values, weights):
        totals[value] = totals.get(value, 0.0) + weight
    ranked = sorted(totals, key=lambda v: (-totals[v], v))
    colours = [c for c in PALETTE if c != "#F0E442"]
    if len(ranked) > len(colours):
        named = ranked[: len(colours) - 1]
        mapping = {v: (colours[named.index(v)] if v in named else OTHER_COLOUR) for v in ranked}
        return mapping, [(v, mapping[v]) for v in named] + [("other", OTHER_COLOUR)]
    mapping = dict(zip(ranked, colours))
    return mapping, list(mapping.items())


def counting_rule(table, value: str) -> str | None:
    """The sentence a figure of lexicon counts needs: which of the kit's two counts it shows.

    :func:`kit.count` counts an entry both ways: ``frequency`` counts every
    occurrence, also inside a longer entry (新时代 inside 新时代文明实践);
    ``frequency_longest`` counts the leftmost-longest matches only.  The
    two can differ by half for a short entry, so a figure says which it
    drew.  Tables that are not lexicon counts (token frequencies, keyness)
    get None.

    Parameters
    ----------
    table : pandas.DataFrame
        The table the figure draws.
    value : str
        The column drawn.

    Returns
    -------
    str or None

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"entry": ["新时代"], "frequency": [3], "frequency_longest": [1]})
    >>> counting_rule(t, "frequency_longest")[:35]
    'counted: leftmost-longest matches ('
    >>> counting_rule(pd.DataFrame({"token": ["的"], "frequency": [9]}), "frequency") is None
    True
    """
    call = (getattr(table, "attrs", {}) or {}).get("call") or {}
    if call.get("function") == "category_totals":
        value = "frequency_longest"  # category totals add the leftmost-longest count
    elif "frequency_longest" not in getattr(table, "columns", ()):
        return None
    if value == "frequency_longest":
        return ("counted: leftmost-longest matches (an entry inside a longer one, as 新时代 in 新时代文明实践, "
                "counts only for the longer)")
    if value in ("frequency", "per_10k_chars", "per_10k_tokens", "doc_freq", "range"):
        return ("counted: every occurrence, also inside a longer entry (新时代 in 新时代文明实践 counts for both); "
                "frequency_longest counts the longest only")
    return None


def add_caption(fig, text: str, fontsize: float = 6.5):
    """Write a note under everything else in a figure (what it counts, what it leaves out).

    The note is placed below the lowest text or axes of the figure as drawn,
    left-aligned and wrapped to the figure's width, so it can neither overlap
    them nor be cut off.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    text : str
    fontsize : float

    Returns
    -------
    matplotlib.text.Text
    """
    import textwrap

    renderer = fig.canvas.get_renderer()
    area = fig.get_tightbbox(renderer)  # inches
    note = fig.text(area.x0 / fig.get_figwidth(), area.y0 / fig.get_figheight() - 0.01, text,
                    ha="left", va="top", fontsize=fontsize, color="#444444")
    limit = area.width * fig.dpi
    width = max(20, len(text))
    # Wrapped by measuring, not by counting characters: a Chinese character is twice a letter's width.
    while note.get_window_extent(renderer).width > limit and width > 10:
        width = int(width * 0.85)
        note.set_text("\n".join(textwrap.wrap(text, width, break_long_words=True)))
    return note


def house_rc(font_family: str) -> dict:
    """The rcParams of the house style.

    Parameters
    ----------
    font_family : str
        A CJK family matplotlib knows (see :func:`kit.fonts.register_with_matplotlib`).

    Returns
    -------
    dict of rcParams.

    Examples
    --------
    >>> house_rc("Noto Sans CJK SC")["pdf.fonttype"]
    42
    """
    return {
        "font.family": [font_family],
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "xtick.labelsize": 7.5,
        "ytick.labelsize": 7.5,
        "legend.fontsize": 7.5,
        "figure.figsize": (SINGLE_COLUMN, SINGLE_COLUMN * 0.75),
        "figure.dpi": 150,
        "savefig.dpi": 300,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.02,
        "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,  # the CJK font's hyphen-minus, not U+2212
        "axes.axisbelow": True,
        "axes.grid": False,
        "lines.linewidth": 1.2,
        "pdf.fonttype": 42,  # embed the font as TrueType: text stays searchable
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "kit",  # fixed ids in SVG output
        "image.cmap": "cividis",  # perceptually uniform and colour-blind safe
    }


def apply_house_style() -> str:
    """Apply the house style to matplotlib globally.

    Returns
    -------
    str
        The CJK font family in use.

    Raises
    ------
    kit.fonts.FontNotFoundError
        If no font draws Chinese; the message names the fix.

    Examples
    --------
    >>> apply_house_style() == resolve_cjk_font().family
    True
    """
    family = register_with_matplotlib(resolve_cjk_font())
    mpl.rcParams.update(house_rc(family))
    return family
