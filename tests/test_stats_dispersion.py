"""Tests for kit.stats.dispersion_scores.

Published values:
- Gries (2020), "Analyzing dispersion", in M. Paquot & S. Th. Gries (eds.),
  A Practical Handbook of Corpus Linguistics, Springer, 99–118: the toy
  corpus of 5 parts (sizes 9, 10, 10, 10, 11) also used in Gries (2008),
  with Range, Juilland's D, DP and DPnorm for the words b, i, q, x given to
  3 decimals. We took the numbers as transcribed in the test suite of the
  scattertext package (tests/test_dispersion.py); we checked by hand that
  DP and DPnorm follow from the definitions.
- Lijffijt & Gries (2012), IJCL 17(1), 147–149, Table 1: three equal parts,
  2/3 of the occurrences in one, 1/3 in another: DP = 1/3, DPnorm = 0.5.
- Carroll (1970), ETS Research Bulletin 1970(2), p. 14: Juilland's D of the
  frequencies 0, 4, 3, 2, 1 in five equal parts = 0.6464 (as transcribed in
  the Wordless test suite).
Other expected values are hand computations from the definitions, written
out with numpy below, never by calling the kit.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from kit.stats import dispersion_scores

COLUMNS = ["range", "dp", "dp_norm", "juilland_d"]

GRIES_CORPUS = """b a m n i b e u p
b a s a t b e w q n
b c a g a b e s t a
b a g h a b e a a t
b a h a a b e a x a t"""


def gries_counts(words):
    parts = [line.split() for line in GRIES_CORPUS.splitlines()]
    sizes = np.array([len(part) for part in parts], dtype=float)
    counts = np.array([[part.count(word) for part in parts] for word in words], dtype=float)
    return counts, sizes


def test_columns_are_exactly_the_documented_ones_in_order():
    result = dispersion_scores([[1, 2], [3, 0]], [10, 10])
    assert list(result.columns) == COLUMNS
    assert len(result) == 2


def test_gries_2020_published_values():
    counts, sizes = gries_counts(["b", "i", "q", "x"])
    assert sizes.tolist() == [9, 10, 10, 10, 11]
    result = dispersion_scores(counts, sizes)
    # Published to 3 decimals (DP to 2): tolerance half a unit in the 3rd.
    assert result["range"].tolist() == [5, 1, 1, 1]
    np.testing.assert_allclose(result["dp"], [0.02, 0.82, 0.80, 0.78], rtol=0, atol=5e-4)
    np.testing.assert_allclose(result["dp_norm"], [0.024, 1.0, 0.976, 0.951], rtol=0, atol=5e-4)
    np.testing.assert_allclose(result["juilland_d"], [0.968, 0.0, 0.0, 0.0], rtol=0, atol=5e-4)


def test_dp_of_a_in_gries_2008_corpus_by_hand():
    # "a" occurs 1, 2, 3, 4, 5 times; s = (9, 10, 10, 10, 11)/50.
    # DP = 0.5·(|1/15 − .18| + |2/15 − .2| + |3/15 − .2| + |4/15 − .2| + |5/15 − .22|)
    #    = 0.5·(0.11333… + 0.06666… + 0 + 0.06666… + 0.11333…) = 0.18
    counts, sizes = gries_counts(["a"])
    assert counts.tolist() == [[1, 2, 3, 4, 5]]
    result = dispersion_scores(counts, sizes)
    assert result["dp"].iloc[0] == pytest.approx(0.18, rel=1e-12)
    assert result["dp_norm"].iloc[0] == pytest.approx(0.18 / (1 - 0.18), rel=1e-12)


def test_lijffijt_gries_2012_table_1():
    result = dispersion_scores([2, 1, 0], [1000, 1000, 1000])
    assert result["dp"].iloc[0] == pytest.approx(1 / 3, rel=1e-12)
    assert result["dp_norm"].iloc[0] == pytest.approx(0.5, rel=1e-12)


def test_juilland_d_carroll_1970_example():
    result = dispersion_scores([0, 4, 3, 2, 1], [500] * 5)
    # Published to 4 decimals.
    assert result["juilland_d"].iloc[0] == pytest.approx(0.6464, abs=5e-5)


def test_juilland_d_by_hand_for_unequal_parts():
    counts = np.array([3.0, 0.0, 7.0, 1.0])
    sizes = np.array([100.0, 250.0, 400.0, 50.0])
    relative = counts / sizes  # 0.03, 0, 0.0175, 0.02
    mean = (0.03 + 0.0 + 0.0175 + 0.02) / 4
    population_sd = np.sqrt(((0.03 - mean) ** 2 + mean**2 + (0.0175 - mean) ** 2 + (0.02 - mean) ** 2) / 4)
    expected = 1 - (population_sd / mean) / np.sqrt(4 - 1)
    assert np.allclose(relative, [0.03, 0, 0.0175, 0.02])
    assert dispersion_scores(counts, sizes)["juilland_d"].iloc[0] == pytest.approx(expected, rel=1e-12)


def test_perfectly_even_and_maximally_uneven_items():
    sizes = [100, 200, 300, 400]
    result = dispersion_scores([[1, 2, 3, 4], [0, 0, 0, 9], [5, 0, 0, 0]], sizes)
    np.testing.assert_allclose(result.iloc[0][["dp", "dp_norm", "juilland_d"]], [0, 0, 1], atol=1e-12)
    # Only in the largest part (share 0.4): DP = 0.6; DPnorm = 0.6/0.9.
    np.testing.assert_allclose(result.iloc[1][["dp", "dp_norm", "juilland_d"]], [0.6, 0.6 / 0.9, 0], atol=1e-12)
    # Only in the smallest part: DPnorm reaches 1.
    assert result["dp_norm"].iloc[2] == pytest.approx(1.0, rel=1e-12)


def test_absent_item_and_nan_counts_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = dispersion_scores([[0, 0, 0], [1, np.nan, 2], [1, 1, 1]], [10, 10, 10])
    assert result["range"].iloc[0] == 0
    assert result.iloc[0][["dp", "dp_norm", "juilland_d"]].isna().all()
    assert result.iloc[1].isna().all()
    assert result.iloc[2].notna().all()


def test_one_dimensional_counts_and_dataframe_index():
    assert len(dispersion_scores([1, 2, 3], [10, 10, 10])) == 1
    counts = pd.DataFrame([[1, 2, 3], [0, 0, 4]], index=["久久为功", "急难愁盼"])
    result = dispersion_scores(counts, pd.Series([10, 20, 30]))
    assert result.index.tolist() == ["久久为功", "急难愁盼"]


@pytest.mark.parametrize(
    "counts, sizes, message",
    [
        ([[1, 2]], [10, 10, 10], "2 parts"),
        ([[1, 2, 3]], [10, 0, 10], "positive"),
        ([[1, 2, 3]], [10, np.nan, 10], "positive"),
        ([[1, -2, 3]], [10, 10, 10], "negative"),
        ([[1, 20, 3]], [10, 10, 10], "exceed"),
        ([[1]], [10], "at least 2 parts"),
        ([["a", "b"]], [10, 10], "counts must be numeric"),
        ([[1, 2]], [[10, 10]], "part_sizes must be 1-D"),
        (np.ones((2, 2, 2)), [10, 10], "1-D .* or 2-D"),
    ],
)
def test_bad_input_raises_value_error(counts, sizes, message):
    with pytest.raises(ValueError, match=message):
        dispersion_scores(counts, sizes)


# --- the sparse path -----------------------------------------------------------


def test_sparse_matrix_gives_the_dense_scores():
    """A scipy.sparse matrix is scored from its stored cells alone; the result
    must equal the dense computation (1e-12 relative) on random data with
    empty rows, single-part rows and unequal part sizes."""
    from scipy import sparse

    rng = np.random.default_rng(2008)
    dense = rng.poisson(0.4, size=(60, 25)).astype(float)
    dense[rng.random(dense.shape) < 0.5] = 0
    dense[3] = 0  # an item that never occurs
    dense[4] = 0
    dense[4, 7] = 5  # an item in one part only
    sizes = rng.integers(20, 200, size=25)
    expected = dispersion_scores(dense, sizes)
    got = dispersion_scores(sparse.csr_array(dense), sizes)
    pd.testing.assert_frame_equal(got, expected, rtol=1e-12, atol=1e-12)


def test_sparse_matrix_reproduces_the_published_example():
    from scipy import sparse

    scores = dispersion_scores(sparse.csr_array(np.array([[2.0, 1.0, 0.0]])), [100, 100, 100])
    # Lijffijt & Gries (2012): DP = 1/3, DPnorm = 0.5.
    assert scores.loc[0, "dp"] == pytest.approx(1 / 3, rel=1e-12)
    assert scores.loc[0, "dp_norm"] == pytest.approx(0.5, rel=1e-12)


def test_sparse_matrix_bad_input_is_refused():
    from scipy import sparse

    with pytest.raises(ValueError, match="exceed part size"):
        dispersion_scores(sparse.csr_array(np.array([[5.0, 0.0]])), [2, 2])
    with pytest.raises(ValueError, match="parts"):
        dispersion_scores(sparse.csr_array(np.array([[1.0, 0.0]])), [2, 2, 2])


def test_juilland_d_of_an_item_in_one_part_is_exactly_zero():
    # computed as 1 - CV / sqrt(n - 1), which rounding puts at -2.2e-16 for these sizes
    sizes = np.array([4648, 4484, 370])
    values = np.array([[0, 0, 1]])
    import scipy.sparse

    for counts in (values, scipy.sparse.csr_matrix(values)):
        assert dispersion_scores(counts, sizes)["juilland_d"].iloc[0] == 0.0
