"""Tests for kit.stats.adjust_p.

Published example: Benjamini & Hochberg (1995), JRSS B 57(1), section 4,
the 15 p-values of a myocardial-infarction trial (Neuhaus et al. 1992). At
level 0.05 the Bonferroni procedure rejects 3 hypotheses and the
Benjamini–Hochberg procedure rejects 4. The adjusted values are worked out
by hand below from p_(i)·m/i and the step-up minimum.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from kit.stats import adjust_p

BH_1995_P = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
             0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000]


def test_benjamini_hochberg_1995_number_of_rejections():
    assert (adjust_p(BH_1995_P, "fdr_bh") <= 0.05).sum() == 4
    assert (adjust_p(BH_1995_P, "bonferroni") <= 0.05).sum() == 3


def test_benjamini_hochberg_1995_adjusted_values_by_hand():
    m = 15
    # p_(i)·m/i for i = 1..15:
    # .0015, .003, .0095, .035625, .0603, .0695, .0638571…, .0645, .0765,
    # .486, .58118…, .714875, .75323…, .81321…, 1.
    # Taking the minimum from the largest rank down changes only rank 6
    # (.0695 -> rank 7's .0298·15/7); rank 5's .0603 is already smaller.
    expected = [
        0.0001 * m / 1,
        0.0004 * m / 2,
        0.0019 * m / 3,
        0.0095 * m / 4,
        0.0201 * m / 5,
        0.0298 * m / 7,  # rank 6 capped by rank 7
        0.0298 * m / 7,
        0.0344 * m / 8,
        0.0459 * m / 9,
        0.3240 * m / 10,
        0.4262 * m / 11,
        0.5719 * m / 12,
        0.6528 * m / 13,
        0.7590 * m / 14,
        1.0,
    ]
    np.testing.assert_allclose(adjust_p(BH_1995_P), expected, rtol=1e-12)


def test_bonferroni_is_m_times_p_capped_at_one():
    np.testing.assert_allclose(adjust_p([0.01, 0.2, 0.5], "bonferroni"), [0.03, 0.6, 1.0], rtol=1e-12)


def test_order_of_input_is_kept():
    shuffled_order = [14, 3, 0, 9, 6, 1, 12, 5, 8, 2, 11, 7, 13, 4, 10]
    shuffled = [BH_1995_P[i] for i in shuffled_order]
    np.testing.assert_allclose(adjust_p(shuffled), adjust_p(BH_1995_P)[shuffled_order], rtol=1e-15)


def test_nans_stay_in_place_and_are_not_counted():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        adjusted = adjust_p([0.01, np.nan, 0.04, np.nan])
    # m = 2: 0.01·2/1 = 0.02, 0.04·2/2 = 0.04.
    assert np.isnan(adjusted[[1, 3]]).all()
    np.testing.assert_allclose(adjusted[[0, 2]], [0.02, 0.04], rtol=1e-12)
    assert np.isnan(adjust_p([np.nan, np.nan])).all()
    assert adjust_p([]).shape == (0,)


def test_monotone_capped_and_ties():
    p = np.random.default_rng(1995).uniform(0, 1, 200)
    p[:10] = 0.3
    adjusted = adjust_p(p)
    order = np.argsort(p, kind="stable")
    assert (np.diff(adjusted[order]) >= 0).all()
    # p·m/m can round one ulp below p, hence the relative slack of 1e-15.
    assert (adjusted >= p * (1 - 1e-15)).all() and (adjusted <= 1).all()
    assert len(set(adjusted[:10])) == 1


def test_returns_numpy_array_for_series_input():
    adjusted = adjust_p(pd.Series([0.01, 0.02], index=["a", "b"]))
    assert isinstance(adjusted, np.ndarray)
    assert adjusted.dtype == np.float64


@pytest.mark.parametrize(
    "p, method, message",
    [
        ([0.1, 1.2], "fdr_bh", "between 0 and 1"),
        ([-0.1], "fdr_bh", "between 0 and 1"),
        ([0.1], "holm", "method must be one of"),
        (["0.1"], "fdr_bh", "p must be numeric"),
        ([[0.1, 0.2]], "fdr_bh", "1-D"),
    ],
)
def test_bad_input_raises_value_error(p, method, message):
    with pytest.raises(ValueError, match=message):
        adjust_p(p, method=method)
