"""kit.stats.distributions against scipy.stats, bit for bit."""

import numpy as np
import pytest
from scipy import stats

from kit.stats.distributions import chi2_sf_one_df, normal_quantile


def test_chi2_tail_equals_scipy_stats_on_the_whole_range():
    rng = np.random.default_rng(7)
    statistic = np.concatenate([rng.exponential(4.0, 20_000), rng.uniform(0, 1e-6, 100),
                                [0.0, 3.841458820694124, 10.827566170662733, 500.0, np.inf, np.nan]])
    np.testing.assert_array_equal(chi2_sf_one_df(statistic), stats.chi2.sf(statistic, 1))


def test_chi2_tail_of_a_slightly_negative_statistic_is_one_as_in_scipy_stats():
    statistic = np.array([-1e-15, -2.0])
    np.testing.assert_array_equal(chi2_sf_one_df(statistic), stats.chi2.sf(statistic, 1))
    assert chi2_sf_one_df(-1e-15) == 1.0


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.9, 0.95, 0.99, 0.999])
def test_normal_quantile_equals_scipy_stats(confidence):
    q = 0.5 + confidence / 2
    assert normal_quantile(q) == stats.norm.ppf(q)
    np.testing.assert_array_equal(normal_quantile(np.array([q, 1 - q])), stats.norm.ppf([q, 1 - q]))


def test_scalars_in_give_floats_out():
    assert isinstance(chi2_sf_one_df(1.0), float)
    assert isinstance(normal_quantile(0.9), float)
