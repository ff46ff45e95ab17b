"""Public money follows politics and shocks, and is spent without going negative."""

from __future__ import annotations

import pytest

from netsim.core.model import PDNetworkModel

POLITICS = {
    "n_teachers": 300,
    "n_regions": 2,
    "priority_change_prob": 1.0,
    "political_term_months": 6,
    "steering_group": 0.0,
}


def _budget_by_month(model: PDNetworkModel, months: int) -> list[float]:
    out = [model.ministry.budget_factor]
    for _ in range(months):
        model.step()
        out.append(model.ministry.budget_factor)
    return out


def test_restoring_priorities_after_a_full_cut_restores_the_money():
    model = PDNetworkModel(rng=1, priority_change_cut=1.0, **POLITICS)
    budget = _budget_by_month(model, 13)
    assert budget[5] == 1.0
    assert budget[6] == 0.0  # first election: PD is dropped, all money cut
    assert budget[12] == 1.0  # second election: priority restored, exactly
    assert model.ministry.priority
    assert model.ministry.mandate == model.p["mandate_strength"]


@pytest.mark.parametrize("size", [0.3, 1.0])
def test_funding_cut_between_elections_survives_the_restore(size):
    model = PDNetworkModel(
        rng=1,
        priority_change_cut=1.0,
        events=[{"month": 9, "kind": "funding_cut", "size": size}],
        **POLITICS,
    )
    budget = _budget_by_month(model, 13)
    assert budget[6] == 0.0
    assert budget[9] == 0.0
    assert budget[12] == 1.0 - size


@pytest.mark.parametrize("cut", [0.5, 1.0])
def test_change_of_government_when_pd_is_no_priority_cuts_nothing(cut):
    model = PDNetworkModel(
        rng=1,
        priority_change_cut=cut,
        events=[{"month": 9, "kind": "change_of_government"}],
        **POLITICS,
    )
    budget = _budget_by_month(model, 13)
    assert budget[6] == 1.0 - cut
    assert budget[9] == 1.0 - cut  # no second cut
    assert budget[12] == 1.0
    assert any("already no priority" in text for month, text in model.log if month == 9)


@pytest.mark.parametrize("seed", [0, 1])
def test_money_spent_in_full_leaves_no_negative_places(seed):
    # When posts, release time and travel take all of a host's money, the rounding of
    # free - posts - release - travel left -1e-70 places (found by the property test).
    model = PDNetworkModel(
        rng=seed, n_teachers=600, n_regions=2, decree_centres=2,
        spend_coordinators=0.3, spend_release_time=0.6, spend_travel=0.1,
    )  # fmt: skip
    for _ in range(12):
        model.step()
        assert (model.centres.supply >= 0).all()
        assert (model.centres.capacity >= 0).all()
