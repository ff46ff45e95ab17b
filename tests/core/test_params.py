"""The parameter schema: one pydantic type per parameter, for keyword arguments and files."""

from __future__ import annotations

import math

import pytest

from netsim.core.params import PARAMETERS, ParameterError, parameters_model, validate


def test_numbers_are_typed_as_the_schema_says() -> None:
    out = validate({"n_teachers": 3000.0, "trust_gain": 1, "enable_companies": False})
    assert out["n_teachers"] == 3000
    assert type(out["n_teachers"]) is int
    assert type(out["trust_gain"]) is float
    assert out["enable_companies"] is False
    assert list(out) == list(PARAMETERS)  # every parameter, in the schema's order


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"n_teachers": 2.5}, "parameter 'n_teachers': got 2.5, not an integer"),
        ({"trust_gain": 2}, "parameter 'trust_gain': got 2, out of range"),
        ({"trust_gain": "0.5"}, "parameter 'trust_gain': got '0.5' (allowed: a number"),
        ({"trust_gain": math.nan}, "parameter 'trust_gain': got nan"),
        ({"trust_gain": True}, "parameter 'trust_gain': got True"),
        ({"enable_companies": 1}, "parameter 'enable_companies': got 1 (allowed: true or false)"),
        ({"trust_gian": 0.1}, "unknown parameter; did you mean 'trust_gain'?"),
    ],
)
def test_bad_values_name_the_parameter_and_what_is_allowed(values: dict, message: str) -> None:
    with pytest.raises(ParameterError) as info:
        validate(values)
    assert message in str(info.value)


def test_the_first_bad_value_given_is_the_one_reported() -> None:
    with pytest.raises(ParameterError) as info:
        validate({"w_peers": -1.0, "trust_gain": 2.0})
    assert info.value.name == "w_peers"
    with pytest.raises(ParameterError) as info:
        validate({"trust_gain": 2.0, "w_peers": -1.0})
    assert info.value.name == "trust_gain"


def test_single_values_and_the_whole_model_use_the_same_types() -> None:
    model = parameters_model()
    assert set(model.model_fields) == set(PARAMETERS)
    for name, p in PARAMETERS.items():
        assert model.model_fields[name].default == p.default
        if p.kind is not bool:
            assert p.check(p.high) == p.high
            with pytest.raises(ParameterError, match="out of range"):
                p.check(p.high + 1)
