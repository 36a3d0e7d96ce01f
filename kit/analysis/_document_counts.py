"""DocumentCounts: one items × documents table of counts under the analyses.

Layer: analysis.  ``count``, ``keyness``, ``trend``, the dispersion of
``discover``'s candidates and every analysis of a lazy corpus first reduce a
corpus to this object, then answer from it:

- ``matrix``: a sparse items × documents array of counts (int64; only the
  occupied cells are stored, so a corpus of a million documents and a
  lexicon of a thousand entries costs what its occurrences cost);
- ``items``: one row per item (for ``count`` the lexicon's entries, for
  ``keyness`` the pair ``kind``, ``item``);
- ``docs``: one row per document: ``doc_id``, ``size`` (characters or tokens,
  the denominator of rates and the part size of dispersion) and any metadata
  an analysis groups or filters by (``year``, a ``by`` column …).

It plays the part of quanteda's document-feature matrix, and it is what
partition-wise work needs: each partition of a corpus larger than memory is
counted on its own (in this process, in worker processes or on a Dask
cluster) and the partial tables are joined with :meth:`DocumentCounts.stack`,
which adds documents and unites items.  Everything an analysis reports is a
function of the joined table, so the in-memory path (one partition) and the
partitioned path give the same numbers.

Examples
--------
>>> counts = DocumentCounts.from_occurrences(
...     item_index=[0, 0, 1], doc_index=[0, 1, 1],
...     items=pd.DataFrame({"item": ["甲", "乙"]}),
...     docs=pd.DataFrame({"doc_id": ["d1", "d2"], "size": [10, 10]}))
>>> counts.frequency().tolist(), counts.document_frequency().tolist()
([2, 1], [2, 1])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from kit.stats import dispersion_scores
from kit.stats.dispersion import DISPERSION_COLUMNS


@dataclass
class DocumentCounts:
    """Counts of items in documents, sparse, with document sizes and metadata.

    Parameters
    ----------
    matrix : scipy.sparse.csr_array
        Shape (len(items), len(docs)), integer counts.
    items : pandas.DataFrame
        One row per item, in the order of the matrix's rows.
    docs : pandas.DataFrame
        One row per document, in the order of the matrix's columns; columns
        ``doc_id`` and ``size`` at least.

    Examples
    --------
    >>> c = DocumentCounts.empty(pd.DataFrame({"item": ["甲"]}),
    ...                          pd.DataFrame({"doc_id": ["d1"], "size": [3]}))
    >>> c.matrix.shape
    (1, 1)
    """

    matrix: sparse.csr_array
    items: pd.DataFrame
    docs: pd.DataFrame

    # -- building -----------------------------------------------------------------
    @classmethod
    def from_occurrences(cls, item_index, doc_index, items: pd.DataFrame, docs: pd.DataFrame,
                         weights=None) -> "DocumentCounts":
        """Counts from one (item, document) pair per occurrence.

        Parameters
        ----------
        item_index, doc_index : array of int
            Row of ``items`` and row of ``docs`` of each occurrence.
        items, docs : pandas.DataFrame
            See the class.
        weights : array of int, optional
            Occurrences each pair stands for (default 1 each).

        Returns
        -------
        DocumentCounts

        Examples
        --------
        >>> c = DocumentCounts.from_occurrences([0, 0], [0, 0], pd.DataFrame({"item": ["甲"]}),
        ...                                     pd.DataFrame({"doc_id": ["d1"], "size": [5]}))
        >>> int(c.matrix[0, 0])
        2
        """
        item_index = np.asarray(item_index, dtype=np.int64)
        doc_index = np.asarray(doc_index, dtype=np.int64)
        data = (np.ones(len(item_index), dtype=np.int64) if weights is None
                else np.asarray(weights, dtype=np.int64))
        matrix = sparse.coo_array((data, (item_index, doc_index)),
                                  shape=(len(items), len(docs))).tocsr()
        return cls(_canonical(matrix), items.reset_index(drop=True), docs.reset_index(drop=True))

    @classmethod
    def empty(cls, items: pd.DataFrame, docs: pd.DataFrame) -> "DocumentCounts":
        """No occurrence of any item in any document (see the class's example)."""
        return cls.from_occurrences([], [], items, docs)

    @classmethod
    def stack(cls, parts, keys: list[str] | None = None) -> "DocumentCounts":
        """Join the counts of several partitions: documents one after another, items united.

        Parameters
        ----------
        parts : sequence of DocumentCounts
            In document order.  Their ``docs`` share the same columns.
        keys : list of str, optional
            Columns of ``items`` that name an item.  Without them every part
            must have the same items in the same order (the lexicon's
            entries); with them the result's items are the sorted union.

        Returns
        -------
        DocumentCounts

        Examples
        --------
        >>> items = pd.DataFrame({"item": ["甲"]})
        >>> a = DocumentCounts.from_occurrences([0], [0], items, pd.DataFrame({"doc_id": ["d1"], "size": [4]}))
        >>> b = DocumentCounts.from_occurrences([0, 0], [0, 0], items, pd.DataFrame({"doc_id": ["d2"], "size": [4]}))
        >>> DocumentCounts.stack([a, b]).frequency().tolist()
        [3]
        """
        parts = list(parts)
        if not parts:
            raise ValueError("stack needs at least one part")
        docs = pd.concat([p.docs for p in parts], ignore_index=True)
        if keys is None:
            items = parts[0].items
            for part in parts[1:]:
                if not part.items.equals(items):
                    raise ValueError("the parts count different items; give keys= to unite them")
            matrices = [p.matrix for p in parts]
        else:
            items = (pd.concat([p.items[keys] for p in parts], ignore_index=True)
                     .drop_duplicates().sort_values(keys, kind="stable").reset_index(drop=True))
            row_of = pd.Series(np.arange(len(items)), index=pd.MultiIndex.from_frame(items))
            matrices = []
            for part in parts:
                rows = row_of.reindex(pd.MultiIndex.from_frame(part.items[keys])).to_numpy()
                coo = part.matrix.tocoo()
                matrices.append(sparse.coo_array((coo.data, (rows[coo.row], coo.col)),
                                                 shape=(len(items), part.matrix.shape[1])))
        matrix = sparse.hstack(matrices, format="csr") if len(matrices) > 1 else sparse.csr_array(matrices[0])
        return cls(_canonical(sparse.csr_array(matrix, dtype=np.int64)), items, docs)

    @classmethod
    def stack_items(cls, parts) -> "DocumentCounts":
        """Join counts of different items in the same documents: items one after another.

        Parameters
        ----------
        parts : sequence of DocumentCounts
            Over the same documents, in the same order.

        Returns
        -------
        DocumentCounts
            The parts' items in the order given, the first part's ``docs``.

        Raises
        ------
        ValueError
            If the parts count different documents.

        Examples
        --------
        >>> docs = pd.DataFrame({"doc_id": ["d1", "d2"], "size": [4, 4]})
        >>> a = DocumentCounts.from_occurrences([0], [1], pd.DataFrame({"item": ["甲"]}), docs)
        >>> b = DocumentCounts.from_occurrences([0, 0], [0, 0], pd.DataFrame({"item": ["乙"]}), docs)
        >>> DocumentCounts.stack_items([a, b]).frequency().tolist()
        [1, 2]
        """
        parts = list(parts)
        if not parts:
            raise ValueError("stack_items needs at least one part")
        docs = parts[0].docs
        for part in parts[1:]:
            if not part.docs["doc_id"].equals(docs["doc_id"]):
                raise ValueError("stack_items: the parts count different documents")
        matrix = sparse.vstack([p.matrix for p in parts], format="csr")
        items = pd.concat([p.items for p in parts], ignore_index=True)
        return cls(_canonical(sparse.csr_array(matrix, dtype=np.int64)), items, docs)

    # -- selecting ----------------------------------------------------------------
    def take_docs(self, positions) -> "DocumentCounts":
        """The counts of some documents (positions into ``docs``, in the order given)."""
        positions = np.asarray(positions, dtype=np.int64)
        return DocumentCounts(_canonical(self.matrix[:, positions]), self.items,
                              self.docs.iloc[positions].reset_index(drop=True))

    def take_items(self, rows) -> "DocumentCounts":
        """The counts of some items (rows of ``items``, in the order given)."""
        rows = np.asarray(rows, dtype=np.int64)
        return DocumentCounts(_canonical(self.matrix[rows, :]),
                              self.items.iloc[rows].reset_index(drop=True), self.docs)

    def positions_of(self, doc_ids) -> np.ndarray:
        """Positions in ``docs`` of the given doc_ids (each must be there)."""
        index = pd.Index(self.docs["doc_id"].astype(str))
        found = index.get_indexer(pd.Index(np.asarray(doc_ids, dtype=object).astype(str)))
        if (found < 0).any():
            raise KeyError(f"no document {np.asarray(doc_ids)[found < 0][0]!r} in these counts")
        return found.astype(np.int64)

    # -- answering ----------------------------------------------------------------
    def frequency(self) -> np.ndarray:
        """Occurrences of each item over all documents (int64)."""
        return np.asarray(self.matrix.sum(axis=1), dtype=np.int64).ravel()

    def document_frequency(self) -> np.ndarray:
        """Documents in which each item occurs (int64): its range."""
        return np.diff(self.matrix.indptr).astype(np.int64)

    def size(self) -> int:
        """The documents' sizes added up."""
        return int(self.docs["size"].sum())

    def dispersion(self, sizes_cover_counts: bool = False) -> pd.DataFrame:
        """Each item's dispersion over the documents of non-zero size.

        Empty documents hold no occurrence and would be parts of size 0, so
        they are left out; with fewer than two documents left every score is
        NaN (dispersion needs two parts).

        Parameters
        ----------
        sizes_cover_counts : bool
            Raise a document's size to the largest count in it: an entry
            found on characters may outnumber the tokens of a document of
            very few tokens.

        Returns
        -------
        pandas.DataFrame
            One row per item: range, dp, dp_norm, juilland_d
            (:func:`kit.stats.dispersion_scores`).

        Examples
        --------
        >>> c = DocumentCounts.from_occurrences([0, 0, 0], [0, 0, 1], pd.DataFrame({"item": ["甲"]}),
        ...                                     pd.DataFrame({"doc_id": ["a", "b", "c"], "size": [100] * 3}))
        >>> c.dispersion()["dp"].round(4).tolist()
        [0.3333]
        """
        sizes = self.docs["size"].to_numpy(dtype=np.int64)
        parts = np.flatnonzero(sizes > 0)
        if len(parts) < 2:
            frame = pd.DataFrame(np.nan, index=range(len(self.items)), columns=list(DISPERSION_COLUMNS))
            return frame
        matrix = sparse.csr_array(self.matrix[:, parts], dtype=np.float64)
        part_sizes = sizes[parts]
        if sizes_cover_counts and matrix.nnz:
            part_sizes = np.maximum(part_sizes, matrix.max(axis=0).toarray().ravel())
        return dispersion_scores(matrix, part_sizes)


def _canonical(matrix) -> sparse.csr_array:
    """CSR with sorted column indices and no explicit zeros: sums then run in one fixed order."""
    matrix = sparse.csr_array(matrix)
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix
