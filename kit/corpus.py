"""The Corpus: one row per document, a pandas DataFrame underneath.

Layer: text (a data container; it reads no files).  Readers in :mod:`kit.io`
build Corpus objects; analyses in :mod:`kit.analysis` take them.

Columns a reader may add (documented here so every reader uses the same names):
``source`` (newspaper), ``date`` (pandas datetime), ``section`` (page kicker),
``column`` (column banner), ``genre`` (news / commentary / feature / unknown),
``byline``, ``reporters`` and ``correspondents`` (lists of names), ``file`` and
``line`` (where the document starts), ``flags`` and ``repairs`` (lists of
str, what a reader found suspicious or mended).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import pandas as pd

from kit.text.sentences import count_sentences

REQUIRED_COLUMNS = ("doc_id", "title", "text")
#: The fields of a document an analysis can read, in the order they are joined.
FIELDS = ("title", "text")


@dataclass(frozen=True)
class Skipped:
    """A document that was not loaded, and why.

    Parameters
    ----------
    source : str
        The file (or file and record) that was skipped.
    reason : str
        Why, in words a researcher can act on.
    line : int or None
        Line number in the file, where there is one.
    """

    source: str
    reason: str
    line: int | None = None


@dataclass
class Corpus:
    """Documents with metadata.

    Parameters
    ----------
    docs : pandas.DataFrame
        One row per document.  Required columns: ``doc_id`` (str, unique),
        ``title`` (str, may be empty) and ``text`` (str).  Any other column is
        metadata (source, date, section, column, genre, byline, reporters ...).
    name : str
        A short name for the corpus, used when corpora are combined.
    skipped : list of Skipped
        Every input that was not loaded, with its reason.
    meta : dict
        Corpus-level metadata (origin, licence, credit, page masthead ...).

    Examples
    --------
    >>> c = Corpus.from_texts(["久久为功。", "急难愁盼"], name="demo")
    >>> len(c)
    2
    """

    docs: pd.DataFrame
    name: str = "corpus"
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [c for c in REQUIRED_COLUMNS if c not in self.docs.columns]
        if missing:
            raise ValueError(
                f"a Corpus needs the columns {list(REQUIRED_COLUMNS)}; missing: {missing}"
            )
        if self.docs["doc_id"].duplicated().any():
            dup = self.docs.loc[self.docs["doc_id"].duplicated(), "doc_id"].iloc[0]
            raise ValueError(f"doc_id must be unique; {dup!r} occurs more than once")
        self.docs = self.docs.reset_index(drop=True)

    @classmethod
    def from_texts(cls, texts, titles=None, name: str = "corpus", **metadata) -> "Corpus":
        """Build a Corpus from a list of strings.

        Parameters
        ----------
        texts : sequence of str
        titles : sequence of str, optional
        name : str
        **metadata : sequences of the same length, stored as columns.

        Returns
        -------
        Corpus with doc_ids ``"{name}-0001"``, ``"{name}-0002"`` ...

        Examples
        --------
        >>> Corpus.from_texts(["一", "二"], genre=["news", "commentary"]).docs["genre"].tolist()
        ['news', 'commentary']
        """
        texts = list(texts)
        frame = pd.DataFrame(
            {
                "doc_id": [f"{name}-{i:04d}" for i in range(1, len(texts) + 1)],
                "title": list(titles) if titles is not None else [""] * len(texts),
                "text": texts,
            }
        )
        for key, values in metadata.items():
            frame[key] = list(values)
        return cls(frame, name=name)

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[pd.Series]:
        """Iterate over documents as rows (pandas Series)."""
        for _, row in self.docs.iterrows():
            yield row

    def __repr__(self) -> str:
        return f"Corpus({self.name!r}, {len(self)} documents, {int(self.docs['text'].str.len().sum())} characters)"

    @property
    def texts(self) -> list[str]:
        """The document texts, in order."""
        return self.docs["text"].tolist()

    def where(self, **conditions) -> "Corpus":
        """Select documents by metadata.

        Parameters
        ----------
        **conditions : column=value, or column=list of accepted values.

        Returns
        -------
        Corpus with the matching documents (same name, meta; no skipped).

        Examples
        --------
        >>> c = Corpus.from_texts(["一", "二"], genre=["news", "commentary"])
        >>> len(c.where(genre="news"))
        1
        """
        mask = pd.Series(True, index=self.docs.index)
        for column, value in conditions.items():
            if column not in self.docs.columns:
                raise KeyError(
                    f"no metadata column {column!r}; columns are {list(self.docs.columns)}"
                )
            if isinstance(value, (list, tuple, set, frozenset)):
                mask &= self.docs[column].isin(list(value))
            else:
                mask &= self.docs[column] == value
        return Corpus(self.docs[mask].copy(), name=self.name, meta=dict(self.meta))

    def summary(self, by: str | list[str] | None = None) -> pd.DataFrame:
        """Documents, characters and sentences, overall or per group.

        Parameters
        ----------
        by : str or list of str, optional
            Metadata column(s) to group by.  Documents whose group value is
            missing form a group of their own (shown as NA), so none is lost.

        Returns
        -------
        pandas.DataFrame
            One row per group (one row in all when ``by`` is None), with the
            group column(s) and ``documents``, ``characters`` (all characters
            of the text), ``han_characters`` (Chinese characters only) and
            ``sentences`` (as :func:`kit.text.split_sentences` counts them).

        Examples
        --------
        >>> c = Corpus.from_texts(["久久为功。好！", "急难愁盼"], genre=["news", "news"])
        >>> c.summary(by="genre")[["genre", "documents", "sentences"]].values.tolist()
        [['news', 2, 3]]
        """
        frame = pd.DataFrame(
            {
                "documents": 1,
                "characters": self.docs["text"].str.len().astype("int64"),
                "han_characters": [len(_HAN.findall(t)) for t in self.texts],
                "sentences": [count_sentences(t) for t in self.texts],
            }
        )
        counts = ["documents", "characters", "han_characters", "sentences"]
        if by is None:
            return frame[counts].sum().to_frame().T.astype("int64").reset_index(drop=True)
        keys = [by] if isinstance(by, str) else list(by)
        for key in keys:
            if key not in self.docs.columns:
                raise KeyError(f"no metadata column {key!r}; columns are {list(self.docs.columns)}")
            frame[key] = self.docs[key].to_numpy()
        return frame.groupby(keys, dropna=False, sort=True)[counts].sum().reset_index()

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the ``text`` column holds: ``("text",)`` for a corpus as
        read, or the fields joined by :meth:`with_fields`."""
        return tuple(self.meta.get("fields", ("text",)))

    def with_fields(self, fields: str | Iterable[str] = ("title", "text")) -> "Corpus":
        """The corpus with the named fields as the text that analyses read.

        Headlines are not part of ``text``, so by default no analysis counts
        a formula that stands in a headline.  ``with_fields(("title",
        "text"))`` returns a corpus whose ``text`` is each document's title,
        a line break, then its text (a document without a title keeps its
        text alone); ``with_fields("title")`` keeps the titles only.  The
        line break ends a sentence and a paragraph, so no match, sentence or
        co-occurrence unit runs from the headline into the text.  Analyses
        that take ``fields=`` call this themselves and report the field of
        every hit (:func:`field_positions`).

        Parameters
        ----------
        fields : str or iterable of str
            Some of :data:`FIELDS`; always joined in the order title, text.

        Returns
        -------
        Corpus
            The same documents and metadata; ``meta["fields"]`` records the
            fields, and the original text stays in ``meta`` of no one: use
            the original corpus for it.

        Raises
        ------
        ValueError
            For an unknown or empty choice of fields.

        Examples
        --------
        >>> c = Corpus.from_texts(["正文。"], titles=["标题"])
        >>> c.with_fields(("title", "text")).texts
        ['标题\\n正文。']
        """
        chosen = check_fields(fields)
        if self.fields != ("text",):
            raise ValueError(f"corpus {self.name!r} already holds the fields {self.fields}; "
                             "choose fields on the corpus as read")
        if chosen == ("text",):
            return self
        docs = self.docs.copy()
        titles = docs["title"].fillna("").astype(str)
        if chosen == ("title",):
            docs["text"] = titles
        else:
            docs["text"] = [f"{t}\n{x}" if t else x for t, x in zip(titles, docs["text"].astype(str))]
        meta = dict(self.meta)
        meta["fields"] = chosen
        return Corpus(docs, name=self.name, skipped=list(self.skipped), meta=meta)

    @classmethod
    def concat(cls, corpora: Iterable["Corpus"], names: list[str] | None = None, name: str = "combined") -> "Corpus":
        """Combine corpora into one.

        Parameters
        ----------
        corpora : iterable of Corpus
        names : list of str, optional
            A name for each corpus; defaults to each corpus's ``name``.  Repeated
            names get ``-2``, ``-3`` ... appended, in order.
        name : str
            The name of the combined corpus.

        Returns
        -------
        Corpus
            All documents, in order, with a column ``corpus`` (which corpus each
            came from), ``doc_id`` made unique as ``"{corpus}/{doc_id}"`` and the
            old id kept in ``original_doc_id``.  Columns missing in a part are NA.
            ``skipped`` is the parts' lists joined; ``meta["parts"]`` maps each
            name to its corpus's meta.

        Examples
        --------
        >>> a = Corpus.from_texts(["一"], name="a"); b = Corpus.from_texts(["二"], name="b")
        >>> Corpus.concat([a, b]).docs["doc_id"].tolist()
        ['a/a-0001', 'b/b-0001']
        """
        corpora = list(corpora)
        if not corpora:
            raise ValueError("concat() needs at least one corpus")
        for part in corpora:
            if not isinstance(part, Corpus):
                raise TypeError(f"concat() takes Corpus objects, got {type(part).__name__}")
        if names is None:
            names = [part.name for part in corpora]
        if len(names) != len(corpora):
            raise ValueError(f"{len(names)} names for {len(corpora)} corpora")
        unique, seen = [], {}
        for part_name in names:
            seen[part_name] = seen.get(part_name, 0) + 1
            unique.append(part_name if seen[part_name] == 1 else f"{part_name}-{seen[part_name]}")
        frames = []
        for part_name, part in zip(unique, corpora):
            frame = part.docs.copy()
            frame.insert(0, "corpus", part_name)
            frame["original_doc_id"] = frame["doc_id"]
            frame["doc_id"] = part_name + "/" + frame["doc_id"].astype(str)
            frames.append(frame)
        combined = pd.concat(frames, ignore_index=True, sort=False)
        skipped = [s for part in corpora for s in part.skipped]
        meta = {"parts": {n: dict(part.meta) for n, part in zip(unique, corpora)}}
        return cls(combined, name=name, skipped=skipped, meta=meta)


class NotACorpusError(TypeError):
    """Something other than a kit Corpus was passed where a corpus is needed."""


class EmptyCorpusError(ValueError):
    """The corpus has no document."""


class MissingTextError(TypeError, ValueError):
    """A document's text is missing or is not text (a TypeError and a ValueError: both were raised for it)."""


def checked_texts(corpus, who: str = "") -> list[str]:
    """The texts of a corpus, checked: the one check of every analysis and of tokenisation.

    Parameters
    ----------
    corpus : Corpus
    who : str
        The step asking (``"tokenize"``), named at the start of the message.

    Returns
    -------
    list of str
        ``corpus.docs["text"]``, in document order.

    Raises
    ------
    NotACorpusError, EmptyCorpusError, MissingTextError

    Examples
    --------
    >>> checked_texts(Corpus.from_texts(["一"]))
    ['一']
    >>> checked_texts(["一"], "tokenize")
    Traceback (most recent call last):
    ...
    kit.corpus.NotACorpusError: tokenize: expected a kit Corpus (e.g. kit.Corpus.from_texts or kit.read_corpus), got list
    """
    prefix = f"{who}: " if who else ""
    if not isinstance(corpus, Corpus):
        raise NotACorpusError(f"{prefix}expected a kit Corpus (e.g. kit.Corpus.from_texts or kit.read_corpus), "
                              f"got {type(corpus).__name__}")
    if len(corpus) == 0:
        raise EmptyCorpusError(f"{prefix}corpus {corpus.name!r} has no documents")
    texts = corpus.docs["text"].tolist()
    for doc_id, text in zip(corpus.docs["doc_id"], texts):
        if not isinstance(text, str):
            raise MissingTextError(f"{prefix}document {doc_id!r} has no text (got {text!r})")
    return texts


def check_fields(fields: str | Iterable[str]) -> tuple[str, ...]:
    """``fields`` as a tuple in canonical order (title before text), checked.

    Examples
    --------
    >>> check_fields(["text", "title"]), check_fields("title")
    (('title', 'text'), ('title',))
    """
    chosen = (fields,) if isinstance(fields, str) else tuple(fields)
    unknown = [f for f in chosen if f not in FIELDS]
    if unknown or not chosen:
        raise ValueError(f"fields must be some of {list(FIELDS)}, got {list(chosen)}")
    return tuple(f for f in FIELDS if f in chosen)


def field_positions(corpus: "Corpus", doc_index, start):
    """The field of each offset into a corpus's text, and the offset within that field.

    Parameters
    ----------
    corpus : Corpus
        As returned by :meth:`Corpus.with_fields` (or as read: every offset
        is then in ``text``).
    doc_index : array of int
        Row position of each offset's document.
    start : array of int
        Offsets into the documents' ``text``.

    Returns
    -------
    (numpy.ndarray of str, numpy.ndarray of int)
        ``field`` (``"title"`` or ``"text"``) and the offset within the field.

    Examples
    --------
    >>> c = Corpus.from_texts(["正文。"], titles=["标题"]).with_fields(("title", "text"))
    >>> field_positions(c, [0, 0], [0, 3])
    (array(['title', 'text'], dtype=object), array([0, 0]))
    """
    import numpy as np

    doc_index = np.asarray(doc_index, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    fields = corpus.fields
    if fields == ("text",):
        return np.full(len(start), "text", dtype=object), start
    if fields == ("title",):
        return np.full(len(start), "title", dtype=object), start
    title_length = corpus.docs["title"].fillna("").astype(str).str.len().to_numpy(dtype=np.int64)
    has_title = title_length > 0
    boundary = np.where(has_title, title_length + 1, 0)[doc_index]
    in_title = start < boundary
    field = np.where(in_title, "title", "text").astype(object)
    return field, np.where(in_title, start, start - boundary)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def concat(corpora: Iterable[Corpus], names: list[str] | None = None, name: str = "combined") -> Corpus:
    """Combine corpora into one; see :meth:`Corpus.concat`.

    Examples
    --------
    >>> len(concat([Corpus.from_texts(["一"]), Corpus.from_texts(["二"])]))
    2
    """
    return Corpus.concat(corpora, names=names, name=name)
