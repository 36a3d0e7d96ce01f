"""Dispersion: how evenly an item is spread over the parts of a corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from kit.stats._inputs import as_float_array

DISPERSION_COLUMNS = ("range", "dp", "dp_norm", "juilland_d")


def dispersion_scores(counts, part_sizes) -> pd.DataFrame:
    """Range, Gries's DP, DPnorm and Juilland's D of items over corpus parts.

    Parameters
    ----------
    counts : array_like or scipy.sparse matrix, shape (n_items, n_parts) or (n_parts,)
        Frequency of each item in each part; a 1-D array is a single item.
        A pandas DataFrame keeps its row index in the result.  A sparse
        matrix is measured from its stored cells alone, so a lexicon over
        tens of thousands of documents never needs a dense matrix; the
        scores equal those of the dense matrix.
    part_sizes : array_like, shape (n_parts,)
        Size of each part in tokens; every size must be positive.

    Returns
    -------
    pandas.DataFrame
        One row per item (indexed like a DataFrame ``counts``, else 0, 1, …)
        with these float columns, in this order:

        range
            Number of parts in which the item occurs (count > 0).
        dp
            Gries's deviation of proportions, DP = ½ Σ |v_i − s_i|, where v_i
            is the share of the item's occurrences found in part i and s_i
            is part i's share of the corpus. 0 means spread exactly as the
            part sizes predict; values near 1, concentrated in few parts.
        dp_norm
            DP / (1 − min_i s_i) (Lijffijt & Gries 2012), which rescales DP
            so that an item found only in the smallest part scores 1.
        juilland_d
            Juilland's D = 1 − V/√(n − 1), with V the coefficient of
            variation (population standard deviation / mean) of the item's
            relative frequencies count_i / size_i in the n parts. 1 means
            perfectly even; 0, all occurrences in one part.

    Missing and undefined values
        An item with a NaN count gets NaN in every column. An item that
        never occurs (all counts 0) has range 0 and NaN for dp, dp_norm and
        juilland_d: with no occurrences there is no distribution to measure.
        No warnings are emitted.

    Raises
    ------
    ValueError
        If counts or part_sizes are non-numeric, counts are negative or
        exceed their part's size, part_sizes are not all positive and finite,
        there are fewer than 2 parts, or the number of parts differs between
        counts and part_sizes.

    References
    ----------
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    International Journal of Corpus Linguistics, 13(4), 403–437.

    Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries'
    "Dispersions and adjusted frequencies in corpora". International Journal
    of Corpus Linguistics, 17(1), 147–149.

    Juilland, A. & Chang-Rodríguez, E. (1964). Frequency Dictionary of
    Spanish Words. The Hague: Mouton.

    Carroll, J. B. (1970). An alternative to Juilland's usage coefficient for
    lexical frequencies. ETS Research Bulletin Series, 1970(2), i–15.

    Examples
    --------
    Lijffijt & Gries's (2012) example: three equal parts, two thirds of the
    occurrences in one part and one third in another.

    >>> scores = dispersion_scores([2, 1, 0], [100, 100, 100])
    >>> scores.round(4).values.tolist()
    [[2.0, 0.3333, 0.5, 0.4226]]
    """
    if sparse.issparse(counts):
        return _sparse_dispersion(counts, part_sizes)
    index = counts.index if isinstance(counts, pd.DataFrame) else None
    if isinstance(counts, pd.DataFrame):
        counts = counts.to_numpy()
    values, _ = as_float_array("counts", counts)
    sizes, _ = as_float_array("part_sizes", part_sizes)
    if values.ndim == 1:
        values = values[np.newaxis, :]
    if values.ndim != 2:
        raise ValueError(f"counts must be 1-D (one item) or 2-D (items × parts); got shape {values.shape}")
    if sizes.ndim != 1:
        raise ValueError(f"part_sizes must be 1-D; got shape {sizes.shape}")
    if values.shape[1] != sizes.shape[0]:
        raise ValueError(
            f"counts has {values.shape[1]} parts (columns) but part_sizes has {sizes.shape[0]} sizes"
        )
    if sizes.shape[0] < 2:
        raise ValueError("dispersion needs at least 2 parts")
    if np.isnan(sizes).any() or (sizes <= 0).any():
        raise ValueError("part_sizes must all be positive numbers; drop empty parts before measuring dispersion")
    if (values < 0).any():
        raise ValueError("counts must not be negative")
    if (values > sizes).any():
        item, part = np.argwhere(values > sizes)[0]
        raise ValueError(
            f"counts exceed part size (item {item}, part {part}: count {values[item, part]:g} > size {sizes[part]:g})"
        )

    n_parts = sizes.shape[0]
    missing = np.isnan(values).any(axis=1)
    totals = values.sum(axis=1)
    absent = totals == 0
    undefined = missing | absent
    safe_values = np.where(undefined[:, np.newaxis], 1.0, values)
    safe_totals = safe_values.sum(axis=1)

    expected_shares = sizes / sizes.sum()
    observed_shares = safe_values / safe_totals[:, np.newaxis]
    dp = 0.5 * np.abs(observed_shares - expected_shares).sum(axis=1)
    dp_norm = dp / (1.0 - expected_shares.min())

    relative = safe_values / sizes
    mean = relative.mean(axis=1)
    variation = relative.std(axis=1, ddof=0) / mean
    juilland_d = 1.0 - variation / np.sqrt(n_parts - 1)
    # D lies in [0, 1] (a coefficient of variation of n values is at most sqrt(n - 1)); the clip
    # removes rounding, which printed -2.2e-16 for an item in one part
    juilland_d = np.clip(juilland_d, 0.0, 1.0)

    frame = pd.DataFrame(
        {
            "range": np.where(missing, np.nan, (values > 0).sum(axis=1).astype(np.float64)),
            "dp": np.where(undefined, np.nan, dp),
            "dp_norm": np.where(undefined, np.nan, dp_norm),
            "juilland_d": np.where(undefined, np.nan, juilland_d),
        },
        index=index,
    )
    return frame[list(DISPERSION_COLUMNS)]


def _validated_sizes(part_sizes, n_parts: int) -> np.ndarray:
    sizes, _ = as_float_array("part_sizes", part_sizes)
    if sizes.ndim != 1:
        raise ValueError(f"part_sizes must be 1-D; got shape {sizes.shape}")
    if n_parts != sizes.shape[0]:
        raise ValueError(f"counts has {n_parts} parts (columns) but part_sizes has {sizes.shape[0]} sizes")
    if sizes.shape[0] < 2:
        raise ValueError("dispersion needs at least 2 parts")
    if np.isnan(sizes).any() or (sizes <= 0).any():
        raise ValueError("part_sizes must all be positive numbers; drop empty parts before measuring dispersion")
    return sizes


def _sparse_dispersion(counts, part_sizes) -> pd.DataFrame:
    """dispersion_scores for a sparse items × parts matrix, in O(stored cells).

    A part where the item is absent adds s_i to Σ|v_i − s_i| and (0 − mean)²
    to the variance, so both sums split into the stored cells plus a closed
    form for the absent ones.  Written out by hand because no library
    computes DP; checked against the dense path in the tests.
    """
    matrix = sparse.csr_array(counts, dtype=np.float64)
    matrix.sum_duplicates()
    n_items, n_parts = matrix.shape
    sizes = _validated_sizes(part_sizes, n_parts)
    data = matrix.data
    if not np.isfinite(data).all():
        raise ValueError("a sparse counts matrix must hold finite numbers; use a dense array to mark missing items with NaN")
    if (data < 0).any():
        raise ValueError("counts must not be negative")
    rows = np.repeat(np.arange(n_items), np.diff(matrix.indptr))
    cols = matrix.indices
    over = data > sizes[cols]
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise ValueError(
            f"counts exceed part size (item {rows[i]}, part {cols[i]}: count {data[i]:g} > size {sizes[cols[i]]:g})"
        )
    present = data > 0
    rows, cols, data = rows[present], cols[present], data[present]

    shares = sizes / sizes.sum()
    totals = np.bincount(rows, weights=data, minlength=n_items)
    occupied = np.bincount(rows, minlength=n_items).astype(np.float64)
    absent = totals == 0
    safe_totals = np.where(absent, 1.0, totals)

    observed = data / safe_totals[rows]
    deviation_present = np.bincount(rows, weights=np.abs(observed - shares[cols]), minlength=n_items)
    share_present = np.bincount(rows, weights=shares[cols], minlength=n_items)
    dp = 0.5 * (deviation_present + np.clip(1.0 - share_present, 0.0, None))
    dp_norm = dp / (1.0 - shares.min())

    relative = data / sizes[cols]
    mean = np.bincount(rows, weights=relative, minlength=n_items) / n_parts
    squares = np.bincount(rows, weights=(relative - mean[rows]) ** 2, minlength=n_items)
    variance = (squares + (n_parts - occupied) * mean**2) / n_parts
    safe_mean = np.where(absent, 1.0, mean)
    juilland_d = 1.0 - np.sqrt(variance) / safe_mean / np.sqrt(n_parts - 1)
    # D lies in [0, 1] (a coefficient of variation of n values is at most sqrt(n - 1)); the clip
    # removes rounding, which printed -2.2e-16 for an item in one part
    juilland_d = np.clip(juilland_d, 0.0, 1.0)

    frame = pd.DataFrame(
        {
            "range": occupied,
            "dp": np.where(absent, np.nan, dp),
            "dp_norm": np.where(absent, np.nan, dp_norm),
            "juilland_d": np.where(absent, np.nan, juilland_d),
        }
    )
    return frame[list(DISPERSION_COLUMNS)]
