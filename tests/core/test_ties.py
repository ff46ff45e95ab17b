"""The tie helpers that replace slower numpy calls must give exactly what those give."""

from __future__ import annotations

import numpy as np
import pytest

from netsim.core.model import PDNetworkModel
from netsim.core.params import PARAMETERS, ParameterError
from netsim.core.ties import CONTINUOUS, RECENT_KEEP, group_order, weighted_count


@pytest.mark.parametrize("size", [0, 1, 7, 500, 3000])
def test_group_order_is_lexsort(size: int) -> None:
    rng = np.random.default_rng(size)
    groups = rng.integers(0, 40, size)
    u = rng.random(size)
    u[: size // 3] = u[size // 3 : 2 * (size // 3)]  # repeated draws: ties keep row order
    assert np.array_equal(group_order(groups, u), np.lexsort((u, groups)))


@pytest.mark.parametrize(
    ("groups", "u"),
    [
        (np.array([3, 2000, 1, 3]), np.array([0.5, 0.25, 0.75, 0.125])),  # group too large
        (np.array([3, -1, 1, 3]), np.array([0.5, 0.25, 0.75, 0.125])),  # negative group
        (np.array([3, 2, 1, 3]), np.array([0.5, 0.25, 1.5, 0.125])),  # not a uniform draw
        (np.array([1, 1, 1, 1]), np.array([0.3, 2**-60, 0.1, 3 * 2**-60])),  # finer than 2**-53
        (np.array([1, 1, 0, 0]), np.array([0.3, 0.1, 0.2, 0.1], np.float32)),  # float32
    ],
)
def test_group_order_falls_back_to_lexsort(groups: np.ndarray, u: np.ndarray) -> None:
    assert np.array_equal(group_order(groups, u), np.lexsort((u, groups)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weighted_count_is_bincount_to_the_bit(dtype: type) -> None:
    rng = np.random.default_rng(3)
    index = rng.integers(0, 500, 20_000)  # many repeats per bin: the order of sums matters
    weights: np.ndarray = (rng.random(20_000) * 10.0 ** rng.integers(-8, 8, 20_000)).astype(dtype)
    expected = np.bincount(index, weights=weights, minlength=600)
    assert np.array_equal(weighted_count(index, weights, 600), expected)
    with pytest.raises(IndexError):
        weighted_count(index, weights, 100)


# --- tie upgrade thresholds


def test_largest_tie_upgrade_threshold_is_reachable():
    high = PARAMETERS["tie_upgrade_exchanges"].high
    # a tie exchanging every month converges to 1 / (1 - keep) = 12 recent exchanges
    ceiling = 1.0 / (1.0 - float(RECENT_KEEP))
    assert high < ceiling - 0.5
    recent = 1.0
    months = 0
    while recent < high and months < 120:
        recent = recent * float(RECENT_KEEP) + 1.0
        months += 1
    assert recent >= high, "monthly exchanges never reach the largest allowed threshold"


def test_continuous_ties_appear_at_the_largest_threshold():
    high = PARAMETERS["tie_upgrade_exchanges"].high
    model = PDNetworkModel(
        rng=1,
        n_teachers=1500,
        n_regions=2,
        n_initial_centres=2,
        budget_per_teacher=100.0,
        cost_per_place=10.0,
        tie_upgrade_exchanges=high,
    )
    continuous = 0
    for _ in range(60):
        model.step()
        for store in (model.peer_ties, model.org_ties):
            continuous += int((store.kind[store.alive] == CONTINUOUS).sum())
        if continuous:
            break
    assert continuous > 0


def test_threshold_above_the_maximum_is_rejected():
    high = PARAMETERS["tie_upgrade_exchanges"].high
    with pytest.raises(ParameterError):
        PDNetworkModel(rng=1, n_teachers=300, tie_upgrade_exchanges=high + 1.0)
