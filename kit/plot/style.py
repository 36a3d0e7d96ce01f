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
    >>> family = apply_house_style()  # doctest: +SKIP
    """
    family = register_with_matplotlib(resolve_cjk_font())
    mpl.rcParams.update(house_rc(family))
    return family
