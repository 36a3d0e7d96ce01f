"""Tests for kit.stats.association_scores.

Reference values come from NLTK's BigramAssocMeasures (nltk 3.10.4), scipy,
and formulas written out here; never from the kit itself.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kit.stats import association_scores

nltk_association = pytest.importorskip("nltk.metrics.association")
BAM = nltk_association.BigramAssocMeasures

COLUMNS = ["pmi", "mi3", "t_score", "z_score", "dice", "log_dice", "delta_p", "delta_p_reverse", "g2", "chi2"]
RTOL, ATOL = 1e-9, 1e-9  # see test_stats_keyness.py: ATOL only matters within 1e-9 of zero


def random_pairs(seed=19900101, size=300):
    """(o11, r1, c1, n) with both items present and no empty row or column."""
    rng = np.random.default_rng(seed)
    r1 = rng.integers(1, 400, size)
    c1 = rng.integers(1, 400, size)
    o11 = np.minimum(rng.integers(0, 60, size), np.minimum(r1, c1))
    o11[:15] = 0
    n = r1 + c1 + rng.integers(1, 100_000, size)
    return o11, r1, c1, n


def test_columns_are_exactly_the_documented_ones_in_order():
    result = association_scores([3, 4], [10, 10], [20, 20], 1000)
    assert list(result.columns) == COLUMNS
    assert all(result[column].dtype == np.float64 for column in COLUMNS)


def test_matches_nltk_bigram_assoc_measures():
    o11, r1, c1, n = random_pairs()
    result = association_scores(o11, r1, c1, n)
    for i in range(len(o11)):
        # NLTK's bigram scores take (n_ii, (n_ix, n_xi), n_xx).
        args = (int(o11[i]), (int(r1[i]), int(c1[i])), int(n[i]))
        row = result.iloc[i]
        assert row["chi2"] == pytest.approx(BAM.chi_sq(*args), rel=RTOL, abs=ATOL)
        # NLTK adds 1e-20 inside its logarithm and to E; far below 1e-9.
        assert row["g2"] == pytest.approx(BAM.likelihood_ratio(*args), rel=RTOL, abs=ATOL)
        assert row["dice"] == pytest.approx(BAM.dice(*args), rel=RTOL, abs=ATOL)
        if o11[i] > 0:
            assert row["pmi"] == pytest.approx(BAM.pmi(*args), rel=RTOL, abs=ATOL)
            # mi_like(power=3) = O³/(R1·C1) = O³/(E·N), so MI3 = log2(mi_like·N).
            assert row["mi3"] == pytest.approx(math.log2(BAM.mi_like(*args, power=3) * n[i]), rel=RTOL, abs=ATOL)
            # NLTK's student_t follows Manning & Schütze 5.3.1: t = (x̄ − μ)/√(s²/N)
            # with the sample variance approximated by s² ≈ p = O/N, which gives
            # (O − E)/√O, our definition (Church et al. 1991). NLTK adds 1e-20
            # under the root so that O = 0 gives a huge negative number; we
            # return −inf there (tested below), so only O > 0 is compared.
            assert row["t_score"] == pytest.approx(BAM.student_t(*args), rel=RTOL, abs=ATOL)


def test_g2_and_chi2_match_scipy():
    o11, r1, c1, n = random_pairs(seed=5, size=100)
    result = association_scores(o11, r1, c1, n)
    for i in range(len(o11)):
        table = [[o11[i], r1[i] - o11[i]], [c1[i] - o11[i], n[i] - r1[i] - c1[i] + o11[i]]]
        g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        chi2 = stats.chi2_contingency(table, correction=False)[0]
        assert result["g2"].iloc[i] == pytest.approx(g2, rel=RTOL, abs=ATOL)
        assert result["chi2"].iloc[i] == pytest.approx(chi2, rel=RTOL, abs=ATOL)


def test_hand_worked_pair():
    # O11 = 20, R1 = 50, C1 = 80, N = 10 000.
    # E11 = 50·80/10 000 = 0.4. O21 = 60, R2 = 9 950, O12 = 30, C2 = 9 920.
    row = association_scores(20, 50, 80, 10_000).iloc[0]
    assert row["pmi"] == pytest.approx(math.log2(20 / 0.4), rel=1e-12)  # log2 50
    assert row["mi3"] == pytest.approx(math.log2(8000 / 0.4), rel=1e-12)  # log2 20 000
    assert row["t_score"] == pytest.approx((20 - 0.4) / math.sqrt(20), rel=1e-12)
    assert row["z_score"] == pytest.approx((20 - 0.4) / math.sqrt(0.4), rel=1e-12)
    assert row["dice"] == pytest.approx(40 / 130, rel=1e-12)
    assert row["log_dice"] == pytest.approx(14 + math.log2(40 / 130), rel=1e-12)
    assert row["delta_p"] == pytest.approx(20 / 50 - 60 / 9950, rel=1e-12)
    assert row["delta_p_reverse"] == pytest.approx(20 / 80 - 30 / 9920, rel=1e-12)


def test_log_dice_maximum_is_14_rychly_2008():
    # Rychlý (2008): logDice has a theoretical maximum of 14, reached when
    # the two items only ever occur together.
    assert association_scores(37, 37, 37, 10**6)["log_dice"].iloc[0] == pytest.approx(14.0, abs=1e-12)


def test_delta_p_is_asymmetric_and_zero_under_independence():
    # Independence: O11/R1 = C1/N exactly (10/100 = 1000/10 000).
    independent = association_scores(10, 100, 1000, 10_000).iloc[0]
    assert independent["delta_p"] == pytest.approx(0.0, abs=1e-15)
    assert independent["delta_p_reverse"] == pytest.approx(0.0, abs=1e-15)
    assert independent["pmi"] == pytest.approx(0.0, abs=1e-15)
    # A rare first item always followed by a frequent second one:
    # the first predicts the second much better than the reverse.
    skewed = association_scores(10, 10, 1000, 10_000).iloc[0]
    assert skewed["delta_p"] > 0.8 > skewed["delta_p_reverse"]


def test_pair_that_never_cooccurs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = association_scores(0, 50, 80, 10_000).iloc[0]
    assert row["pmi"] == -np.inf
    assert row["mi3"] == -np.inf
    assert row["log_dice"] == -np.inf
    assert row["t_score"] == -np.inf
    assert row["dice"] == 0.0
    assert row["z_score"] == pytest.approx(-math.sqrt(0.4), rel=1e-12)
    assert np.isfinite(row[["delta_p", "delta_p_reverse", "g2", "chi2"]].to_numpy(dtype=float)).all()


def test_undefined_rows_are_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = association_scores([0, 0, 0, np.nan, 1], [0, 5, 0, 5, 5], [5, 0, 0, 5, 5], [100, 100, 0, 100, np.nan])
    assert result.isna().all(axis=None)


def test_item_filling_the_whole_sample_gives_nan_table_statistics():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = association_scores(30, 100, 30, 100).iloc[0]  # R1 = N: R2 = 0
    assert np.isnan(row["g2"]) and np.isnan(row["chi2"]) and np.isnan(row["delta_p"])
    assert row["delta_p_reverse"] == pytest.approx(30 / 30 - 70 / 70, abs=1e-15)
    assert row["pmi"] == pytest.approx(0.0, abs=1e-15)


def test_broadcasting_and_series_index():
    pairs = pd.Index(["打通/最后一米", "解决/急难愁盼"])
    o11 = pd.Series([12, 30], index=pairs)
    r1 = pd.Series([40, 90], index=pairs)
    c1 = pd.Series([15, 33], index=pairs)
    result = association_scores(o11, r1, c1, 200_000)
    assert result.index.equals(pairs)
    expected = association_scores([12, 30], [40, 90], [15, 33], [200_000, 200_000])
    np.testing.assert_array_equal(result.to_numpy(), expected.to_numpy())


@pytest.mark.parametrize(
    "args, message",
    [
        ((-1, 5, 5, 100), "o11 must not be negative"),
        ((6, 5, 10, 100), "o11 must not exceed r1"),
        ((6, 10, 5, 100), "o11 must not exceed c1"),
        ((1, 500, 5, 100), "r1 must not exceed n"),
        ((1, 5, 500, 100), "c1 must not exceed n"),
        ((1, 60, 60, 100), r"r1 \+ c1 - o11 must not exceed n"),
        (("1", 5, 5, 100), "o11 must be numeric"),
        ((1, 5, 5, [100, "x"]), "n must be numeric"),
        ((1, 5, 5, [100, object()]), "n must be numeric"),
    ],
)
def test_bad_input_raises_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        association_scores(*args)
