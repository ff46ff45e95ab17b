"""The tie helpers that replace slower numpy calls must give exactly what those give."""

from __future__ import annotations

import numpy as np
import pytest

from netsim.core.model import PDNetworkModel
from netsim.core.params import PARAMETERS, ParameterError
from netsim.core.ties import (
    CONTINUOUS,
    RECENT_KEEP,
    first_occurrences,
    group_order,
    isin_keys,
    key_shift,
    pair_keys,
    sorted_keys,
    weighted_count,
)


@pytest.mark.parametrize("size", [0, 1, 7, 500, 1100, 3000])
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


@pytest.mark.parametrize("size", [1100, 5000])
def test_group_order_is_lexsort_when_leading_bits_tie(size: int) -> None:
    # draws equal in their leading bits but not in the last ones: the packed sort cannot
    # tell them apart, so the exact path must give lexsort's order
    rng = np.random.default_rng(size)
    groups = rng.integers(0, 3, size)
    u = rng.random(size)
    u[1::2] = np.nextafter(u[0::2][: size // 2], 1.0)
    assert np.array_equal(group_order(groups, u), np.lexsort((u, groups)))


@pytest.mark.parametrize("size", [0, 1, 2, 100, 511, 512, 5000])
@pytest.mark.parametrize("high", [3, 10**6, 2**40, 2**62])
def test_first_occurrences_is_unique_with_index(size: int, high: int) -> None:
    keys = np.random.default_rng(size + high % 97).integers(0, high, size, dtype=np.int64)
    distinct, first = first_occurrences(keys)
    expected, expected_first = np.unique(keys, return_index=True)
    assert np.array_equal(distinct, expected)
    assert np.array_equal(first, expected_first)


def test_pair_keys_sort_as_pairs_and_split_back() -> None:
    rng = np.random.default_rng(5)
    n = 10_007
    a, b = rng.integers(0, n, 2000), rng.integers(0, n, 2000)
    keys = pair_keys(a, b, n)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    assert np.array_equal(np.argsort(keys, kind="stable"), np.lexsort((hi, lo)))
    shift = key_shift(n)
    assert np.array_equal(keys >> shift, lo)
    assert np.array_equal(keys & ((1 << shift) - 1), hi)
    assert np.array_equal(pair_keys(b, a, n), keys)


@pytest.mark.parametrize("bits", [20, 32, 33, 62])
def test_sorted_keys_and_isin_keys_are_numpy_s(bits: int) -> None:
    rng = np.random.default_rng(bits)
    keys = rng.integers(0, 2**bits, 3000, dtype=np.int64)
    pool = np.concatenate([keys[:700], rng.integers(0, 2**bits, 900, dtype=np.int64)])
    sorted_ = sorted_keys(keys, bits)
    assert sorted_.dtype == np.int64
    assert np.array_equal(sorted_, np.sort(keys))
    assert np.array_equal(isin_keys(keys, pool, bits), np.isin(keys, pool))
    assert np.array_equal(isin_keys(keys, pool[:0], bits), np.isin(keys, pool[:0]))


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
