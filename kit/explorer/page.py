"""The explorer as one self-contained HTML page: styles, script and data inlined.

Layer: explore (top).  Nothing in the page refers to another file or
address: its style sheet and script are read from this package and written
into the page, and its data is a JSON block that the script parses.
"""
from __future__ import annotations

import html
import json
from importlib import resources

_ASSETS = resources.files("kit.explorer") / "assets"


def asset(name: str) -> str:
    """The text of one of the page's assets (``explorer.css``, ``explorer.js``)."""
    return (_ASSETS / name).read_text(encoding="utf-8")


def data_block(payload: dict) -> str:
    """The payload as JSON that can sit inside a <script> element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text of a
    corpus can close the element or open a comment.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(payload: dict) -> str:
    """The whole page.

    Parameters
    ----------
    payload : dict
        From :func:`kit.explorer.explorer.build_payload`: ``title``,
        ``labels``, ``notes``, ``filters``, ``columns``, ``items``,
        ``lines``, ``docs`` …

    Returns
    -------
    str
        HTML, deterministic for the same payload.

    Examples
    --------
    >>> import kit
    >>> lexicon = kit.Lexicon.from_entries([{"phrase": "久久为功", "category": "作风"},
    ...                                     {"phrase": "急难愁盼", "category": "民生"}])
    >>> target = kit.Corpus.from_texts(["坚持久久为功。", "久久为功，解决急难愁盼。"], name="page")
    >>> reference = kit.Corpus.from_texts(["急难愁盼，急难愁盼。", "回应急难愁盼，久久为功。"], name="reference")
    >>> keywords = kit.keyness(target, reference, lexicon=lexicon, unit="entry")
    >>> explorer = kit.explore(keywords, target, reference, lexicon=lexicon)
    >>> render(explorer.payload) == explorer.html
    True
    """
    esc = html.escape
    labels = payload["labels"]
    notes = "".join(f'<p class="note">{esc(note)}</p>' for note in payload["notes"])
    sort_buttons = "".join(
        f'<button type="button" data-sort="{key}"{" class=on" if key == "order" else ""}>{label}</button>'
        for key, label in (("order", "corpus order"), ("1L", "1L"), ("2L", "2L"), ("1R", "1R"), ("2R", "2R"))
    )
    panes = "".join(
        f'<div class="pane" data-side="{side}"><h3>{esc(labels[side])} <span class="count"></span></h3>'
        '<div class="conc"><table><tbody></tbody></table></div></div>'
        for side in ("target", "reference")
    )
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="the kit {esc(payload.get("kit_version") or "")}">
<title>{esc(payload["title"])}</title>
<style>
{asset("explorer.css")}</style>
</head>
<body>
<h1>{esc(payload["title"])}</h1>
<p class="caption">{esc(labels["target"])} (target) against {esc(labels["reference"])} (reference) · unit: {esc(payload["unit"])}.
Filled marks: adjusted p ≤ {payload["alpha"]}; hollow: not significant. ◆ lexicon entry. Click a mark or a row, or search, to read its lines.</p>
{notes}
<div class="layout">
<section>
<svg id="scatter" role="img" aria-label="items by frequency and Log Ratio"></svg>
<div class="legend"><span><i class="sw" style="background:var(--target)"></i>more frequent in {esc(labels["target"])}</span><span><i class="sw" style="background:var(--reference)"></i>more frequent in {esc(labels["reference"])}</span><span><i class="sw diamond" style="background:#555"></i>lexicon entry</span></div>
<input id="search" type="search" placeholder="search an item or a gloss, Enter to open it" autocomplete="off">
<div class="itembox"><table id="items"><thead><tr><th data-key="item">item</th><th data-key="gloss">gloss</th><th data-key="freq_target" title="{esc(labels["target"])}">freq T</th><th data-key="freq_reference" title="{esc(labels["reference"])}">freq R</th><th data-key="log_ratio">Log Ratio</th></tr></thead><tbody></tbody></table></div>
</section>
<section id="detail">
<h2><span id="item-name">Choose an item</span><span id="item-gloss" class="gloss"></span></h2>
<div id="item-stats" class="stats"></div>
<div class="controls"><span class="sortkeys"><label>sort </label>{sort_buttons}</span><span id="filters"></span><span id="docchip" class="chip" style="display:none"></span></div>
{panes}
</section>
</div>
<script type="application/json" id="kit-data">{data_block(payload)}</script>
<script>
{asset("explorer.js")}</script>
</body>
</html>
"""
