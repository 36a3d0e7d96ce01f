"""Tests for kit.stats.keyness_scores.

Expected values come from scipy, from formulas written out here with the
Python standard library, and from Dunning (1993); never from the kit itself.
"""

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kit.stats import keyness_scores

COLUMNS = ["g2", "ll_2term", "chi2", "chi2_yates", "log_ratio", "pct_diff", "odds_ratio", "bic", "p_value", "direction"]

# Relative tolerance where the reference is computed to full double precision;
# the absolute part only matters for statistics within 1e-9 of zero, where the
# reference's own rounding error dominates.
RTOL, ATOL = 1e-9, 1e-9


def random_tables(seed=20260131, size=400):
    """Keyness tables (a, b, c, d) with no empty row or column, many with a zero cell."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 60, size)
    b = rng.integers(0, 60, size)
    c = a + rng.integers(0, 5000, size)
    d = b + rng.integers(0, 5000, size)
    # Zero cells of every kind, without emptying a row or column.
    a[:20], b[:20] = 0, rng.integers(1, 60, 20)
    b[20:40], a[20:40] = 0, rng.integers(1, 60, 20)
    c[40:60] = a[40:60]  # c − a = 0
    d[60:80] = b[60:80] + 1  # d − b small
    ok = (a + b > 0) & (c > 0) & (d > 0) & ~((a == c) & (b == d))
    return a[ok], b[ok], c[ok], d[ok]


def test_columns_are_exactly_the_documented_ones_in_order():
    result = keyness_scores([5, 6], [7, 8], 1000, 2000)
    assert list(result.columns) == COLUMNS
    assert len(result) == 2
    assert all(result[column].dtype == np.float64 for column in COLUMNS)


def test_g2_matches_dunning_1993_published_values():
    # Dunning (1993), Computational Linguistics 19(1), Table of bigrams scored
    # by -2 log lambda: (k11, k12, k21, k22) -> value printed to 2 decimals.
    # Read as keyness: a = k11, b = k21, c = k11 + k12, d = k21 + k22.
    rows = [
        ((110, 2442, 111, 29114), 270.72),  # "the swiss"
        ((29, 13, 123, 31612), 263.90),  # "can be"
        ((9, 12, 429, 31327), 48.94),
    ]
    a = [k11 for (k11, _, _, _), _ in rows]
    b = [k21 for (_, _, k21, _), _ in rows]
    c = [k11 + k12 for (k11, k12, _, _), _ in rows]
    d = [k21 + k22 for (_, _, k21, k22), _ in rows]
    published = [value for _, value in rows]
    # Tolerance: half a unit in the last printed decimal.
    np.testing.assert_allclose(keyness_scores(a, b, c, d)["g2"], published, rtol=0, atol=0.005)


def test_g2_and_chi2_match_scipy_over_random_tables_with_zero_cells():
    a, b, c, d = random_tables()
    assert (a == 0).any() and (b == 0).any() and (c - a == 0).any()
    result = keyness_scores(a, b, c, d)
    for i in range(len(a)):
        table = [[a[i], b[i]], [c[i] - a[i], d[i] - b[i]]]
        g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        chi2 = stats.chi2_contingency(table, correction=False)[0]
        chi2_yates = stats.chi2_contingency(table, correction=True)[0]
        assert result["g2"].iloc[i] == pytest.approx(g2, rel=RTOL, abs=ATOL), table
        assert result["chi2"].iloc[i] == pytest.approx(chi2, rel=RTOL, abs=ATOL), table
        assert result["chi2_yates"].iloc[i] == pytest.approx(chi2_yates, rel=RTOL, abs=ATOL), table


def _g2_in_60_digit_decimal(a, b, c, d):
    """G² over the four cells in 60-digit decimal arithmetic (0·ln 0 = 0)."""
    with localcontext() as context:
        context.prec = 60
        cells = [Decimal(a), Decimal(b), Decimal(c - a), Decimal(d - b)]
        n = sum(cells)
        rows = [cells[0] + cells[1], cells[2] + cells[3]]
        cols = [cells[0] + cells[2], cells[1] + cells[3]]
        expected = [rows[0] * cols[0] / n, rows[0] * cols[1] / n, rows[1] * cols[0] / n, rows[1] * cols[1] / n]
        total = sum((o * (o / e).ln() for o, e in zip(cells, expected) if o > 0), Decimal(0))
        return float(2 * total)


@pytest.mark.parametrize(
    "a, b, c, d",
    [
        (123_456, 654_321, 98_765_432, 512_345_678),  # corpora of 10^8 tokens
        (1_000, 2_001, 1_000_000, 2_000_000),  # nearly equal rates: G² ≈ 1.7e-4
        (3, 0, 7_000_000, 90_000_000),
    ],
)
def test_g2_is_accurate_for_large_corpora_and_near_equal_rates(a, b, c, d):
    # The plain sum 2 Σ O ln(O/E) loses digits to cancellation here (scipy's
    # chi2_contingency is off by 4e-9 and 3e-6 relative on the first two
    # rows); the kit must stay within 1e-12 of a 60-digit computation.
    reference = _g2_in_60_digit_decimal(a, b, c, d)
    assert keyness_scores(a, b, c, d)["g2"].iloc[0] == pytest.approx(reference, rel=1e-12)


def test_p_value_is_chi2_survival_of_g2_with_one_df():
    a, b, c, d = random_tables(seed=7, size=100)
    result = keyness_scores(a, b, c, d)
    expected = stats.chi2.sf(result["g2"].to_numpy(), 1)
    np.testing.assert_allclose(result["p_value"], expected, rtol=1e-12)


def test_ll_2term_matches_the_ucrel_formula_written_out():
    # UCREL calculator: E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d),
    # LL = 2(a ln(a/E1) + b ln(b/E2)), a zero frequency contributing 0.
    cases = [(110, 111, 2552, 29225), (0, 15, 10_000, 20_000), (42, 0, 50_000, 90_000), (3, 9, 1000, 1000)]
    result = keyness_scores(*map(list, zip(*cases)))
    for i, (a, b, c, d) in enumerate(cases):
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        ll = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
        assert result["ll_2term"].iloc[i] == pytest.approx(ll, rel=RTOL)


def test_bic_is_g2_minus_log_n():
    cases = [(110, 111, 2552, 29225), (0, 15, 10_000, 20_000)]
    result = keyness_scores(*map(list, zip(*cases)))
    for i, (a, b, c, d) in enumerate(cases):
        table = [[a, b], [c - a, d - b]]
        g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert result["bic"].iloc[i] == pytest.approx(g2 - math.log(c + d), rel=RTOL)


def test_log_ratio_follows_hardies_reading_of_doublings():
    # Hardie (2014): Log Ratio 1 = twice as frequent, 2 = four times, -1 = half.
    result = keyness_scores([20, 40, 5], [10, 10, 10], 1000, 1000)
    np.testing.assert_allclose(result["log_ratio"], [1.0, 2.0, -1.0], rtol=1e-12)
    # Different corpus sizes: rates 30/1000 against 15/3000 -> ratio 6.
    assert keyness_scores(30, 15, 1000, 3000)["log_ratio"].iloc[0] == pytest.approx(math.log2(6), rel=1e-12)


def test_log_ratio_replaces_a_zero_frequency_with_one_half():
    result = keyness_scores([0, 8], [10, 0], 1000, 2000)
    assert result["log_ratio"].iloc[0] == pytest.approx(math.log2((0.5 / 1000) / (10 / 2000)), rel=1e-12)
    assert result["log_ratio"].iloc[1] == pytest.approx(math.log2((8 / 1000) / (0.5 / 2000)), rel=1e-12)
    assert np.isfinite(result["log_ratio"]).all()


def test_pct_diff_formula_and_zero_reference_rule():
    # Rates 30/1000 = 3% and 10/1000 = 1%: (3 - 1)/1 * 100 = 200 %DIFF.
    result = keyness_scores([30, 10, 6], [10, 30, 0], 1000, 1000)
    assert result["pct_diff"].iloc[0] == pytest.approx(200.0, rel=1e-12)
    assert result["pct_diff"].iloc[1] == pytest.approx(-66.666666666666667, rel=1e-12)
    # b = 0: reference normalised frequency taken as 1e-18 per million tokens.
    small_rate = 1e-18 / 1e6
    assert result["pct_diff"].iloc[2] == pytest.approx((6 / 1000 - small_rate) / small_rate * 100, rel=1e-12)
    assert np.isfinite(result["pct_diff"]).all()


def test_odds_ratio_and_haldane_correction_for_zero_cells():
    result = keyness_scores([30, 0, 10], [10, 5, 10], [1000, 1000, 10], [2000, 2000, 2000])
    assert result["odds_ratio"].iloc[0] == pytest.approx((30 * 1990) / (10 * 970), rel=1e-12)
    # a = 0: 0.5 added to every cell.
    assert result["odds_ratio"].iloc[1] == pytest.approx((0.5 * 1995.5) / (5.5 * 1000.5), rel=1e-12)
    # c - a = 0: 0.5 added to every cell.
    assert result["odds_ratio"].iloc[2] == pytest.approx((10.5 * 1990.5) / (10.5 * 0.5), rel=1e-12)


def test_direction_and_equal_rates():
    # Rates: 10/1000 = 20/2000 exactly; 11/1000 > 20/2000; 9/1000 < 20/2000.
    result = keyness_scores([10, 11, 9], 20, 1000, 2000)
    assert result["direction"].tolist() == [0.0, 1.0, -1.0]
    equal = result.iloc[0]
    assert equal["log_ratio"] == 0.0
    assert equal["pct_diff"] == 0.0
    assert equal["odds_ratio"] == pytest.approx(1.0, rel=1e-12)
    assert equal["g2"] == pytest.approx(0.0, abs=1e-12)
    assert equal["chi2"] == pytest.approx(0.0, abs=1e-12)
    assert equal["p_value"] == pytest.approx(1.0, abs=1e-9)


def test_broadcasts_scalar_sizes_and_keeps_series_index():
    words = pd.Index(["最后一米", "急难愁盼", "久久为功"], name="phrase")
    a = pd.Series([12, 3, 0], index=words)
    b = pd.Series([2, 3, 9], index=words)
    result = keyness_scores(a, b, 50_000, 80_000)
    assert result.index.equals(words)
    expected = keyness_scores([12, 3, 0], [2, 3, 9], [50_000] * 3, [80_000] * 3)
    np.testing.assert_array_equal(result.to_numpy(), expected.to_numpy())


def test_scalar_input_gives_one_row():
    result = keyness_scores(110, 111, 2552, 29225)
    assert len(result) == 1


def test_undefined_rows_are_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = keyness_scores(
            [0, np.nan, 5, 0, 5, 4, 7],
            [0, 3, np.nan, 3, 0, 6, 3],
            [1000, 1000, 1000, 0, 1000, 4, 1000],
            [2000, 2000, 2000, 2000, 0, 6, np.nan],
        )
    # a = b = 0; NaN a; NaN b; c = 0; d = 0; a = c and b = d; NaN d.
    assert result.isna().all(axis=None)


def test_zero_cells_give_finite_values_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = keyness_scores([0, 12, 20], [12, 0, 5], [1000, 1000, 20], [1000, 1000, 1000])
    assert np.isfinite(result.to_numpy()).all()
    assert (result["g2"] > 0).all()


@pytest.mark.parametrize(
    "args, word",
    [
        (([-1], [2], 100, 100), "a"),
        (([1], [-2], 100, 100), "b"),
        (([1], [2], -100, 100), "c"),
        (([101], [2], 100, 100), "a must not exceed c"),
        (([1], [200], 100, 100), "b must not exceed d"),
        ((["7"], [2], 100, 100), "a"),
        (([1], [True], 100, 100), "b"),
        (([1], [2], "100", 100), "c"),
        (([1], [2], 100, np.inf), "d"),
        (([1, 2], [2, 3, 4], 100, 100), "broadcast"),
        (([[1, 2], [3, 4]], 2, 100, 100), "1-D"),
    ],
)
def test_bad_input_raises_value_error_naming_the_problem(args, word):
    with pytest.raises(ValueError, match=word):
        keyness_scores(*args)


def test_series_with_different_indexes_are_refused():
    a = pd.Series([1, 2], index=["x", "y"])
    b = pd.Series([1, 2], index=["y", "x"])
    with pytest.raises(ValueError, match="different indexes"):
        keyness_scores(a, b, 100, 100)


def test_output_is_deterministic():
    a, b, c, d = random_tables(seed=3, size=50)
    first = keyness_scores(a, b, c, d)
    second = keyness_scores(a, b, c, d)
    pd.testing.assert_frame_equal(first, second)
