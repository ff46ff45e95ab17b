"""Events are checked by one pydantic schema: a union of the kinds' models, told apart by kind."""

from __future__ import annotations

import math

import numpy as np
import pytest

from netsim.core.events import EVENT_KINDS, event_errors, event_schema
from netsim.core.model import PDNetworkModel
from netsim.core.params import ParameterError


def test_every_mistake_of_an_event_at_once_in_the_order_given() -> None:
    event = {"month": 200, "kind": "funding_cut", "size": 2.0, "bogus": 1}
    checked, errors = event_errors(event, 3, horizon=120, n_regions=10)
    assert checked is None
    assert [e.name for e in errors] == ["events[3].month", "events[3].size", "events[3].bogus"]
    assert "an integer month from 1 to 120" in str(errors[0])
    assert "a number from 0.0 to 1.0" in str(errors[1])
    assert "unknown field for funding_cut" in str(errors[2])


def test_a_wrong_kind_is_the_only_mistake_reported() -> None:
    _, errors = event_errors({"month": "x", "kind": "fundng_cut", "size": 9}, 0)
    assert [e.name for e in errors] == ["events[0].kind"]
    assert "did you mean 'funding_cut'" in str(errors[0])


@pytest.mark.parametrize("kind", list(EVENT_KINDS))
def test_each_kind_fills_its_defaults_and_keeps_the_fields_given(kind: str) -> None:
    spec = EVENT_KINDS[kind]
    checked, errors = event_errors({"month": 7.0, "kind": kind}, 0, horizon=120, n_regions=4)
    assert errors == []
    assert checked == {"month": 7, "kind": kind, **{k: float(v[0]) for k, v in spec.fields.items()}}
    assert type(checked["month"]) is int
    for name, (_, low, high, _) in spec.fields.items():
        value = high if name != "region" else 3
        done, errors = event_errors({"month": 7, "kind": kind, name: value}, 0, n_regions=4)
        assert errors == []
        assert done is not None
        assert done[name] == float(value)
        _, errors = event_errors({"month": 7, "kind": kind, name: high + 1}, 0)
        assert [e.name for e in errors] == [f"events[0].{name}"]
        assert low <= high


def test_counts_are_whole_numbers_and_regions_exist() -> None:
    _, errors = event_errors({"month": 5, "kind": "new_company", "region": 2.5}, 0)
    assert [e.name for e in errors] == ["events[0].region"]
    _, errors = event_errors({"month": 5, "kind": "new_company", "region": 12}, 0, n_regions=10)
    assert "the country has 10 regions" in str(errors[0])
    assert event_schema().validate_python({"month": 5, "kind": "national_event"}).month == 5


# --- non-finite and out-of-country values


@pytest.mark.parametrize("month", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_event_month_is_a_parameter_error(month):
    with pytest.raises(ParameterError) as err:
        PDNetworkModel(rng=1, n_teachers=300, events=[{"month": month, "kind": "funding_cut"}])
    assert err.value.name == "events[0].month"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n_teachers", float("nan")),
        ("n_teachers", float("inf")),
        ("budget_per_teacher", float("nan")),
        ("budget_per_teacher", float("inf")),
    ],
)
def test_non_finite_parameter_is_a_parameter_error(name, value):
    kwargs = {"n_teachers": 300, name: value}
    with pytest.raises(ParameterError) as err:
        PDNetworkModel(rng=1, **kwargs)
    assert err.value.name == name


def test_non_finite_event_size_is_a_parameter_error():
    with pytest.raises(ParameterError) as err:
        PDNetworkModel(
            rng=1, n_teachers=300, events=[{"month": 3, "kind": "funding_cut", "size": math.nan}]
        )
    assert err.value.name == "events[0].size"


def test_event_region_beyond_the_country_is_rejected():
    with pytest.raises(ParameterError) as err:
        PDNetworkModel(
            rng=1,
            n_teachers=300,
            n_regions=3,
            events=[{"month": 4, "kind": "new_university", "region": 3}],
        )
    assert err.value.name == "events[0].region"
    # the last region is fine
    PDNetworkModel(
        rng=1,
        n_teachers=300,
        n_regions=3,
        events=[{"month": 4, "kind": "new_university", "region": 2}],
    )


# --- a switched-off national event


def test_national_event_shock_when_switched_off_does_nothing():
    params = {
        "n_teachers": 2000,
        "n_regions": 4,
        "n_initial_centres": 2,
        "budget_per_teacher": 60.0,
        "enable_national_events": False,
    }
    months = 14
    quiet = PDNetworkModel(rng=3, **params)
    shocked = PDNetworkModel(rng=3, events=[{"month": 8, "kind": "national_event"}], **params)
    for _ in range(months):
        quiet.step()
        shocked.step()
        assert not shocked.event_this_month
    said = [text for month, text in shocked.log if month == 8]
    assert any("No national event" in text for text in said)
    assert not any("brings together" in text for _, text in shocked.log)
    # the same seed with and without the shock: the same ties and the same trust
    for name in ("peer_ties", "org_ties"):
        a, b = getattr(quiet, name), getattr(shocked, name)
        assert int(a.alive.sum()) == int(b.alive.sum())
        np.testing.assert_array_equal(a.a[a.alive], b.a[b.alive])
        np.testing.assert_array_equal(a.b[a.alive], b.b[b.alive])
    np.testing.assert_array_equal(quiet.teachers.trust, shocked.teachers.trust)
    # no ties across regions were made by an event
    pt = shocked.peer_ties
    region = shocked.teachers.region
    across = pt.alive & (region[pt.a] != region[pt.b])
    pt_q = quiet.peer_ties
    across_q = pt_q.alive & (region[pt_q.a] != region[pt_q.b])
    assert int(across.sum()) == int(across_q.sum())
