"""Property-based tests: random valid parameters drawn from the schema itself
(netsim.core.params.PARAMETERS), small countries, short runs, invariants that must
hold whatever the policy or behaviour."""

from __future__ import annotations

from typing import Any

import numpy as np
import oracle
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsim import PARAMETERS, ParameterError, PDNetworkModel, validate
from netsim.core.indicators import NETWORK_COLUMNS
from netsim.core.params import SHARE_GROUPS
from netsim.core.population import (
    ASSOCIATION,
    EVENT,
    HOST_CHANNELS,
    LEVELS,
    SCHOOL_SESSION,
)
from netsim.core.submodels import participation
from netsim.core.ties import PeerView

# Small countries: sizes and counts are capped, every other parameter spans its full range.
CAPS: dict[str, float] = {
    "n_teachers": 600,
    "n_regions": 6,
    "n_universities": 12,
    "n_companies": 40,
    "n_initial_centres": 6,
    "decree_centres": 6,
    "founding_group_size": 40,
    "network_interval": 12,
}
SHARED = {name: group for group in SHARE_GROUPS for name in group}
"""Each parameter of a group of shares that must add up to at most 1 -> its group."""

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _value(name: str, *, capped: bool = True) -> st.SearchStrategy[Any]:
    """Values inside the parameter's [low, high] (sizes capped for small countries)."""
    p = PARAMETERS[name]
    if p.kind is bool:
        return st.booleans()
    assert p.low is not None
    assert p.high is not None
    high = min(p.high, CAPS.get(name, p.high)) if capped else p.high
    if p.kind is int:
        return st.integers(int(p.low), int(high))
    return st.floats(float(p.low), float(high), allow_nan=False, allow_infinity=False)


def _fit_shares(params: dict[str, Any]) -> dict[str, Any]:
    """Scale each group of shares (SHARE_GROUPS) down when it adds up to more than 1."""
    for group in SHARE_GROUPS:
        total = sum(params[s] for s in group)
        if total > 1.0:
            for s in group:
                params[s] = params[s] / total * 0.999
    return params


valid_parameters = st.fixed_dictionaries({name: _value(name) for name in PARAMETERS}).map(
    _fit_shares
)
seeds = st.integers(0, 2**32 - 1)

SHARE_COLUMNS = (
    "reach_teachers",
    "reach_schools",
    *(f"reach_{level}" for level in LEVELS),
    *(f"reach_schools_{level}" for level in LEVELS),
    "attendance",
    "mandated_attendance",
    "practice_mean",
    "regular_share",
    "lead_share",
    "trust_mean",
    "trust_sd",
    "ties_punctual",
    "ties_periodic",
    "ties_continuous",
    "schools_with_agreement",
    "companies_engaged",
    "universities_engaged",
    "member_1",
    "member_2",
    "member_3plus",
    "equity_gap_region",
    "equity_gap_level",
    *NETWORK_COLUMNS,
)


def _check_state(model: PDNetworkModel) -> None:
    """Invariants of the model's state after a step."""
    t = model.teachers
    assert np.all((t.trust >= 0.0) & (t.trust <= 1.0)), (t.trust.min(), t.trust.max())
    assert np.all((t.practice >= 0.0) & (t.practice <= 1.0)), (t.practice.min(), t.practice.max())
    for store in (model.peer_ties, model.org_ties):
        alive = store.alive
        assert np.all(store.a[alive] != store.b[alive]), "a tie to itself"
        assert np.all((store.trust[alive] >= 0.0) & (store.trust[alive] <= 1.0))
        assert np.all((store.kind[alive] >= 0) & (store.kind[alive] <= 2))
    # peer ties join teachers only, and each pair at most once
    pt = model.peer_ties
    a, b = pt.a[pt.alive].astype(np.int64), pt.b[pt.alive].astype(np.int64)
    assert np.all((a < model.n_teachers) & (b < model.n_teachers))
    keys = np.minimum(a, b) * model.n_teachers + np.maximum(a, b)
    assert np.unique(keys).size == keys.size, "a pair of teachers tied twice"
    # attendance: per-host counts add up to the teachers served at a host; the others
    # took part in their school's peer session or at a national event; every
    # participation has one channel
    c = model.centres
    at_host = t.attended & (t.host >= 0)
    assert c.attendance.sum() == np.count_nonzero(at_host)
    # (a host may close at the end of a month it served someone in)
    assert np.all(c.opened[t.host[at_host]] != 0), "served at a host never opened"
    assert np.all((t.channel >= 0) == t.attended)
    assert np.all(np.isin(t.channel[t.attended & ~at_host], (SCHOOL_SESSION, EVENT)))
    assert np.all(t.channel[at_host] < HOST_CHANNELS)
    assert np.all(t.forced <= t.attended)
    assert np.all((t.engagement >= 0) & (t.engagement <= 3))
    assert np.all(t.lead <= (t.engagement == 3))
    assert np.all((t.centre >= -1) & (t.centre < c.alive.size))
    if c.alive.any():
        assert np.all(c.alive[t.centre[t.centre >= 0]]), "home centre closed"
    # members belong to the open section that is their home, and only they pay and give hours
    members = np.flatnonzero(t.member)
    assert np.all(t.centre[members] >= 0), "a member without a home host"
    assert np.all(c.alive[t.centre[members]] & (c.host[t.centre[members]] == ASSOCIATION))
    np.testing.assert_array_equal(model.members_idx, members)


def _check_table(model: PDNetworkModel, df: pd.DataFrame) -> None:
    """Invariants of the indicator table."""
    interval = model.p["network_interval"]
    assert len(df) == model.steps + 1
    cheap = df.drop(columns=list(NETWORK_COLUMNS))
    assert not cheap.isna().any().any(), cheap.columns[cheap.isna().any()].tolist()
    due = df["month"] % interval == 0
    assert df.loc[due, list(NETWORK_COLUMNS)].notna().all().all()
    assert df.loc[~due, list(NETWORK_COLUMNS)].isna().all().all()
    for column in SHARE_COLUMNS:
        values = df[column].dropna()
        assert values.between(0.0, 1.0).all(), (column, values.min(), values.max())
    for r in range(model.n_regions):
        assert df[f"reach_region_{r}"].between(0.0, 1.0).all()
    # counts add up
    kinds = df["ties_punctual"] + df["ties_periodic"] + df["ties_continuous"]
    np.testing.assert_allclose(kinds[df["n_ties"] > 0], 1.0, atol=1e-9)
    members = df["member_1"] + df["member_2"] + df["member_3plus"]
    assert (np.isclose(members, 1.0, atol=1e-9) | (members == 0.0)).all()
    t = model.teachers
    level_n = np.bincount(t.level, minlength=len(LEVELS))
    assert level_n.sum() == model.n_teachers
    by_level = sum(df[f"reach_{name}"] * level_n[k] for k, name in enumerate(LEVELS))
    np.testing.assert_allclose(by_level / model.n_teachers, df["reach_teachers"], atol=1e-9)
    region_n = np.bincount(t.region, minlength=model.n_regions)
    by_region = sum(df[f"reach_region_{r}"] * region_n[r] for r in range(model.n_regions))
    np.testing.assert_allclose(by_region / model.n_teachers, df["reach_teachers"], atol=1e-9)
    assert (df["mandated_attendance"] <= df["attendance"] + 1e-12).all()
    assert (df["regular_share"] <= df["reach_teachers"] + 1e-12).all()
    assert (df["lead_share"] <= df["regular_share"] + 1e-12).all()
    assert (df["n_centres"] >= 0).all()
    assert (df["capacity"] >= 0).all()
    assert (np.diff(df["money_spent"]) >= -1e-9).all()


def _run_checked(seed: int, params: dict[str, Any], months: int) -> PDNetworkModel:
    model = PDNetworkModel(rng=seed, **params)
    _check_state(model)
    for _ in range(months):
        model.step()
        _check_state(model)
        # the reported attendance counts every participation, whatever its channel
        reported = model.datacollector.model_vars["attendance"][-1]
        assert reported * model.n_teachers == pytest.approx(model.teachers.attended.sum())
    _check_table(model, model.datacollector.get_model_vars_dataframe())
    return model


@SETTINGS
@given(params=valid_parameters, seed=seeds, months=st.integers(12, 24))
def test_invariants_hold_for_any_valid_parameters(params, seed, months):
    _run_checked(seed, params, months)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    params=valid_parameters.map(lambda p: {**p, "n_teachers": min(p["n_teachers"], 300)}),
    seed=seeds,
)
def test_participation_matches_the_one_agent_at_a_time_oracle_for_any_parameters(params, seed):
    # tests/oracle.py applies the participation rule to one Teacher agent at a time
    model = PDNetworkModel(rng=seed, **params)
    for month in range(1, 13):
        model.step()
        _check_state(model)
        if month % 6 == 0:
            model.peers = PeerView(model)
            np.testing.assert_allclose(
                participation.propensity(model),
                oracle.participation_probabilities(model),
                rtol=1e-5,
                atol=1e-6,
            )
    _check_table(model, model.datacollector.get_model_vars_dataframe())


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=valid_parameters, seed=seeds)
def test_same_seed_same_run_for_any_parameters(params, seed):
    a = PDNetworkModel(rng=seed, **params)
    b = PDNetworkModel(rng=seed, **params)
    for _ in range(12):
        a.step()
        b.step()
    pd.testing.assert_frame_equal(
        a.datacollector.get_model_vars_dataframe(),
        b.datacollector.get_model_vars_dataframe(),
        check_exact=True,
    )
    assert a.log == b.log


# ---------------------------------------------------------------- the schema itself

NUMERIC = sorted(n for n, p in PARAMETERS.items() if p.kind is not bool)
SWITCHES = sorted(n for n, p in PARAMETERS.items() if p.kind is bool)


def test_schema_is_consistent():
    for name, p in PARAMETERS.items():
        assert p.name == name
        if p.kind is bool:
            assert isinstance(p.default, bool)
            continue
        assert p.low is not None
        assert p.high is not None
        assert p.low <= p.default <= p.high, name
        assert isinstance(p.default, p.kind) or (p.kind is float and isinstance(p.default, int))
    assert validate({}) == {n: p.default for n, p in PARAMETERS.items()}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_value_in_range_is_accepted_and_typed(data):
    name = data.draw(st.sampled_from(sorted(PARAMETERS)))
    value = data.draw(_value(name, capped=False))
    params = {name: value}
    if name in SHARED:
        params = dict.fromkeys(SHARED[name], 0.0) | params
    out = validate(params)
    assert out[name] == value
    assert type(out[name]) is PARAMETERS[name].kind


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_value_out_of_range_raises_a_clear_error(data):
    name = data.draw(st.sampled_from(NUMERIC))
    p = PARAMETERS[name]
    assert p.low is not None
    assert p.high is not None
    span = 10 * (abs(p.low) + abs(p.high)) + 10
    if p.kind is int:
        above = st.integers(int(p.high) + 1, int(p.high + span))
        below = st.integers(int(p.low - span), int(p.low) - 1)
    else:
        above = st.floats(p.high, p.high + span, exclude_min=True)
        below = st.floats(p.low - span, p.low, exclude_max=True)
    value = data.draw(st.one_of(above, below))
    with pytest.raises(ParameterError) as info:
        validate({name: value})
    assert info.value.name == name
    assert f"'{name}'" in str(info.value)
    assert info.value.allowed == p.allowed
    assert p.allowed in str(info.value)


@settings(max_examples=30, deadline=None)
@given(
    name=st.sampled_from(NUMERIC),
    value=st.one_of(st.text(max_size=5), st.booleans(), st.none(), st.lists(st.integers())),
)
def test_non_numbers_are_rejected_for_numbers(name, value):
    with pytest.raises(ParameterError) as info:
        validate({name: value})
    assert info.value.name == name


@settings(max_examples=30, deadline=None)
@given(
    name=st.sampled_from(SWITCHES),
    value=st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=5), st.none()),
)
def test_non_booleans_are_rejected_for_switches(name, value):
    with pytest.raises(ParameterError) as info:
        validate({name: value})
    assert info.value.name == name
    assert "true or false" in str(info.value)
