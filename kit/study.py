"""A notebook's study: its corpus, lexicon, reference, label and figures folder.

Layer: figures (top).  Every notebook opens with a parameters cell
(``CORPUS``, ``LEXICON``, ``REFERENCE``, ``LABEL``, ``GROUP_BY``,
``OUTPUT_DIR``, ``TEXT_COLUMN``, ``TITLE_COLUMN``, ``ID_COLUMN``,
``DATE_COLUMN``, ``TO_SIMPLIFIED``) and turns them into one :class:`Study`::

    study = kit.Study(CORPUS, lexicon=LEXICON, reference=REFERENCE, label=LABEL, ...)
    corpus, lexicon = study.corpus, study.lexicon

The study knows what the corpus can support, so a notebook runs to the end
on any corpus: a section that needs dates, groups or the bundled corpora asks
first (``study.has_dates()``, ``study.has_groups()``, ``study.bundled()``)
and, when the answer is no, the study prints one line saying what was
skipped and why (``kit: skipped …``), which ``make figures`` repeats in its
log.  Figures are saved through :meth:`Study.save`, into the study's own
folder (never an environment variable), each required to name its corpus.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from kit.analysis._trend import choose_period
from kit.corpus import Corpus
from kit.corpus_cache import open_corpus_cached
from kit.figures import SavedFiles, save_figure, shown_folder
from kit.io import corpus_folder_name, corpus_label
from kit.lexicon import Lexicon, load_lexicon
from kit.paths import figures_dir
from kit.plot.style import add_caption

#: Metadata columns tried first, in this order, when the study chooses how to group documents.
PREFERRED_GROUPS = ("genre", "section", "column", "source", "outlet", "category", "type")
#: A grouping column needs between this many groups ...
MIN_GROUPS = 2
#: ... and this many.
MAX_GROUPS = 12
_NOT_GROUPS = {"doc_id", "title", "text", "date", "date_precision", "file", "line", "byline",
               "reporters", "correspondents", "flags", "repairs", "first_line", "paragraphs"}


class Study:
    """A corpus with what a notebook needs around it.

    Parameters
    ----------
    corpus : None, str or path
        ``None`` for the bundled sample page, ``"peoples_daily_1998"``, or a
        path to a folder or table (see :func:`kit.open_corpus`).
    lexicon : None, path or list of paths
        ``None`` for the bundled lexicon.
    reference : str, path or None
        The corpus to compare with (default the People's Daily 1998); None
        for none.
    label : str, optional
        How figures name the corpus; default the corpus's own label
        (``吕梁日报 2026``, or the file's or folder's name).
    group_by : str, optional
        The metadata column whose groups are compared.  Given, it must
        exist (an error lists the columns); left out, the study chooses the
        first of :data:`PREFERRED_GROUPS`, then any other column, with
        2–12 groups (:meth:`choose_group_column`).
    output_dir : path, optional
        Where figures go; default ``figures/`` for the bundled sample page
        and ``figures/<corpus folder>/`` for any other corpus
        (:func:`kit.io.corpus_folder_name`).
    text_column, title_column, id_column, date_column : str, optional
        How to read a table (see :func:`kit.read_corpus`).
    to_simplified : bool
        Convert Traditional characters to Simplified on reading.

    Examples
    --------
    >>> study = Study()
    >>> study.label, len(study.corpus)
    ('吕梁日报 2026', 7)
    """

    def __init__(self, corpus: str | os.PathLike | None = None, *, lexicon=None,
                 reference: str | os.PathLike | None = "peoples_daily_1998", label: str | None = None,
                 group_by: str | None = None, output_dir: str | os.PathLike | None = None,
                 text_column: str | None = None, title_column: str | None = None,
                 id_column: str | None = None, date_column: str | None = None,
                 to_simplified: bool = False):
        self.spec = corpus
        self.to_simplified = bool(to_simplified)
        self.corpus: Corpus = open_corpus_cached(
            corpus, label=label, text_column=text_column, title_column=title_column,
            id_column=id_column, date_column=date_column, to_simplified=self.to_simplified or None)
        self.label = corpus_label(self.corpus)
        self.lexicon: Lexicon = load_lexicon(lexicon)
        self.reference_spec = reference
        self._reference: Corpus | None = None
        self.output_dir = Path(output_dir).expanduser().resolve() if output_dir else (
            figures_dir() / corpus_folder_name(corpus)).resolve()
        self.group_by = self._resolve_group(group_by)
        self._period_choice = choose_period(self.corpus)
        self.period = self._period_choice.period
        self.notes: list[str] = []

    # -- what the corpus is -------------------------------------------------------
    @property
    def is_sample(self) -> bool:
        """True for the bundled sample page."""
        return self.spec is None

    @property
    def reference(self) -> Corpus | None:
        """The reference corpus, opened on first use (None when there is none)."""
        if self._reference is None and self.reference_spec is not None:
            self._reference = open_corpus_cached(self.reference_spec)
        return self._reference

    @property
    def reference_label(self) -> str:
        """How figures name the reference corpus."""
        return corpus_label(self.reference) if self.reference is not None else ""

    def __repr__(self) -> str:
        docs = self.corpus.docs
        dated = int(docs["date"].notna().sum()) if "date" in docs else 0
        parts = [f"{len(docs):,} documents", f"{int(docs['text'].str.len().sum()):,} characters"]
        if dated:
            parts.append(f"{dated} dated" + (f" ({self._precision_summary()})" if self._precision_summary() else ""))
        parts.append(f"groups: {self.group_by}" if self.group_by else "no groups")
        return (f"Study of {self.label!r} ({', '.join(parts)}); lexicon {self.lexicon.name} "
                f"{self.lexicon.version} ({len(self.lexicon)} entries); reference "
                f"{self.reference_spec or 'none'}; figures go to {self._shown_folder()}")

    def _precision_summary(self) -> str:
        if "date_precision" not in self.corpus.docs:
            return ""
        counts = self.corpus.docs["date_precision"].value_counts()
        coarse = [f"{int(counts[p])} {p}-only" for p in ("month", "year") if counts.get(p, 0)]
        return ", ".join(coarse)

    def _shown_folder(self) -> str:
        return shown_folder(self.output_dir)

    # -- asking before a section ---------------------------------------------------
    def skip(self, section: str, reason: str) -> None:
        """Say, in one line, that a section is skipped and why.

        Parameters
        ----------
        section, reason : str
        """
        line = f"kit: skipped {section}: {reason}"
        self.notes.append(line)
        print(line, flush=True)

    def bundled(self, section: str) -> bool:
        """True when the study runs on the bundled sample page; else skip ``section``.

        Sections about the reference corpus alone (its own figures) and the
        sample page's own reading belong to the bundled run: a corpus's
        folder holds figures about that corpus only.
        """
        if self.is_sample:
            return True
        self.skip(section, "it is about the bundled corpora, whose figures are in figures/")
        return False

    def has_reference(self, section: str) -> bool:
        """True when there is a reference corpus distinct from the corpus; else skip ``section``."""
        if self.reference_spec is None:
            self.skip(section, "no reference corpus (REFERENCE = None)")
            return False
        if str(self.reference_spec) == str(self.spec):
            self.skip(section, "the corpus is the reference corpus itself")
            return False
        return True

    def has_dates(self, section: str) -> bool:
        """True when the corpus's dates make a trend (:func:`kit.choose_period`); else skip ``section``."""
        if self.period is not None:
            return True
        dated = int(self.corpus.docs["date"].notna().sum()) if "date" in self.corpus.docs else 0
        if dated:  # why no period will do (kit.choose_period)
            self.skip(section, self._period_choice.reason)
        else:
            self.skip(section, "the corpus has no dates (a table's date column is named with DATE_COLUMN)")
        return False

    def has_groups(self, section: str) -> bool:
        """True when documents fall into at least two groups; else skip ``section``."""
        if self.group_by is not None:
            return True
        columns = [c for c in self.corpus.docs.columns if c not in _NOT_GROUPS]
        self.skip(section, "no metadata column divides the documents into 2–12 groups"
                  + (f" (columns: {columns}; choose one with GROUP_BY)" if columns else " (the corpus has no metadata)"))
        return False

    def for_sample(self, sample_value, otherwise):
        """``sample_value`` on the bundled sample page, else ``otherwise``.

        A choice made by reading the sample page (which formula to read in
        context, which candidates to keep) applies to the sample only; on
        any other corpus the notebook passes a choice computed from the
        corpus (the top-ranked).
        """
        return sample_value if self.is_sample else otherwise

    # -- groups ---------------------------------------------------------------------
    def _resolve_group(self, group_by: str | None) -> str | None:
        docs = self.corpus.docs
        if group_by is not None:
            if group_by not in docs.columns:
                raise KeyError(f"GROUP_BY={group_by!r} names no column of {self.label!r}; "
                               f"its columns are {list(docs.columns)}")
            groups = docs[group_by].dropna().nunique()
            return group_by if groups >= MIN_GROUPS else None
        return choose_group_column(self.corpus)

    # -- saving -----------------------------------------------------------------------
    def save(self, fig, name: str, table: pd.DataFrame, *, inputs=None, tokenizer=None,
             params: dict | None = None, label: str | list[str] | None = None,
             lexicon: Lexicon | None = None) -> SavedFiles:
        """Save a figure into the study's folder; see :func:`kit.save_figure`.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
        name : str
        table : pandas.DataFrame
        inputs : list, optional
            Default: the study's corpus.
        tokenizer : optional
        params : dict, optional
            The plot's parameters; the analysis's call is recorded from the
            table itself (``table.attrs["call"]``).
        label : str or list of str, optional
            The corpus names the figure must show; default the study's label.
        lexicon : Lexicon, optional
            Default: the study's lexicon.

        Returns
        -------
        SavedFiles
            The files written, shown in a notebook as one line.
        """
        labels = label if label is not None else [self.label]
        inputs = inputs if inputs is not None else [self.corpus]
        if any(item is self.corpus for item in inputs):
            note = unconverted_script_note(self.corpus, self.label)
            if note:
                add_caption(fig, note)
        return save_figure(fig, name, table, inputs=inputs,
                           lexicon=lexicon if lexicon is not None else self.lexicon, tokenizer=tokenizer,
                           params=params, directory=self.output_dir, label=labels)


def unconverted_script_note(corpus: Corpus, label: str) -> str | None:
    """The caption a figure needs when documents in Traditional characters were left unconverted.

    Their words count apart from the Simplified forms (a lexicon in
    Simplified characters finds nothing in them), so a figure of the corpus
    says how many there are and how to convert them.

    Parameters
    ----------
    corpus : Corpus
        As read by :func:`kit.io.open_corpus` (``meta["traditional_documents"]``).
    label : str
        The corpus's name in the figure.

    Returns
    -------
    str or None
        None when every document is Simplified or they were converted.

    Examples
    --------
    >>> c = Corpus.from_texts(["一"])
    >>> unconverted_script_note(c, "demo") is None
    True
    """
    meta = getattr(corpus, "meta", None) or {}
    ids = set(map(str, meta.get("traditional_documents") or []))
    if not ids or (meta.get("normalization") or {}).get("to_simplified"):
        return None
    present = int(corpus.docs["doc_id"].astype(str).isin(ids).sum())
    if not present:
        return None
    return (f"{present} of {len(corpus.docs)} documents of {label} are in Traditional characters and were not "
            "converted: their words count apart from the Simplified forms (TO_SIMPLIFIED=1 converts them)")


def choose_group_column(corpus: Corpus) -> str | None:
    """A metadata column whose values divide the documents into comparable groups.

    The first of :data:`PREFERRED_GROUPS`, then of the other columns in
    order, that has between :data:`MIN_GROUPS` and :data:`MAX_GROUPS`
    distinct values and gives a value to at least half of the documents.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    str or None

    Examples
    --------
    >>> c = Corpus.from_texts(["一", "二", "三"], outlet=["甲报", "乙报", "甲报"])
    >>> choose_group_column(c)
    'outlet'
    """
    docs = corpus.docs
    preferred = [c for c in PREFERRED_GROUPS if c in docs.columns]
    others = [c for c in docs.columns if c not in preferred and c not in _NOT_GROUPS]
    for column in preferred + others:
        values = docs[column]
        if values.map(lambda v: isinstance(v, (list, tuple, dict))).any():
            continue
        filled = values.notna() & (values.astype(str).str.strip() != "")
        groups = values[filled].astype(str).nunique()
        if MIN_GROUPS <= groups <= MAX_GROUPS and filled.mean() >= 0.5 and groups < len(docs):
            return column
    return None
