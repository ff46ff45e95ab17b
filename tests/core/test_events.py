"""Events are checked by one pydantic schema: a union of the kinds' models, told apart by kind."""

from __future__ import annotations

import pytest

from netsim.core.events import EVENT_KINDS, event_errors, event_schema


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
