"""TOML written with tomli-w (netsim.io.toml): what is written loads back the same."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsim.io.experiments import experiment_to_toml, load_experiment, shipped_experiments
from netsim.io.scenarios import load_scenario, resolved_name, scenario_to_toml, shipped_names
from netsim.io.toml import literal, to_toml


@pytest.mark.parametrize("name", shipped_names())
def test_resolved_scenario_loads_back_the_same(name: str, tmp_path: Path) -> None:
    scenario = load_scenario(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario_to_toml(scenario), encoding="utf-8")
    again = load_scenario(path)
    for attribute in ("title", "summary", "description", "months", "params", "events"):
        assert getattr(again, attribute) == getattr(scenario, attribute), attribute
    assert again.workshop == scenario.workshop
    assert "extends" not in tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", shipped_experiments())
def test_resolved_experiment_loads_back_the_same(name: str, tmp_path: Path) -> None:
    exp = load_experiment(name)
    assert exp.base is not None
    (tmp_path / "scenario.toml").write_text(scenario_to_toml(exp.base), encoding="utf-8")
    for policy in exp.policies:  # as netsim sweep writes them beside experiment.toml
        if policy.source is not None:
            (tmp_path / "policies").mkdir(exist_ok=True)
            path = tmp_path / "policies" / f"{policy.name}.toml"
            path.write_text(scenario_to_toml(policy.source), encoding="utf-8")
    text = experiment_to_toml(exp)
    assert text.splitlines()[0] == (
        f'# fingerprint {exp.fingerprint()}: resolved experiment "{exp.name}"'
    )
    path = tmp_path / "experiment.toml"
    path.write_text(text, encoding="utf-8")
    again = load_experiment(path)
    assert again.fingerprint() == exp.fingerprint()
    assert (again.name, again.title, again.description) == (exp.name, exp.title, exp.description)
    assert again.fixed == exp.fixed
    assert again.varied == exp.varied
    assert again.outcomes == exp.outcomes
    assert [(p.name, p.levers, p.scenario.params) for p in again.policies] == [
        (p.name, p.levers, p.scenario.params) for p in exp.policies
    ]


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, summary=TEXT, description=TEXT)
def test_any_text_round_trips(tmp_path: Path, title: str, summary: str, description: str) -> None:
    base = load_scenario("workshop_growth")
    scenario = dataclasses.replace(
        base, title=title, summary=summary, description=description.strip()
    )
    path = tmp_path / "any.toml"
    path.write_text(scenario_to_toml(scenario), encoding="utf-8")
    again = load_scenario(path)
    assert (again.title, again.summary, again.description) == (
        title,
        summary,
        description.strip(),
    )


def test_multi_line_text_is_written_as_a_multi_line_string() -> None:
    text = to_toml({"description": 'Two lines,\nwith "quotes" and a \\ backslash.'})
    assert text.startswith('description = """\n')
    assert tomllib.loads(text)["description"] == 'Two lines,\nwith "quotes" and a \\ backslash.'


def test_windows_line_ends_are_kept() -> None:
    assert tomllib.loads(to_toml({"a": "x\r\ny"}))["a"] == "x\r\ny"


def test_comment_lines_come_first() -> None:
    text = to_toml({"a": 1, "t": {"b": [1, 2]}}, comment="first\nsecond")
    assert text.startswith("# first\n# second\na = 1\n")
    assert tomllib.loads(text) == {"a": 1, "t": {"b": [1, 2]}}


def test_numpy_numbers_and_tuples_are_written_as_plain_values() -> None:
    data = {"n": np.int64(3), "x": np.float64(0.25), "ok": np.bool_(True), "v": (1, 2)}
    assert tomllib.loads(to_toml(data)) == {"n": 3, "x": 0.25, "ok": True, "v": [1, 2]}


def test_none_is_refused() -> None:
    with pytest.raises(TypeError):
        to_toml({"a": None})


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (3, "3"),
        (1.5, "1.5"),
        ("grids", '"grids"'),
        ('say "hi"\n', '"say \\"hi\\"\\n"'),
        ([0.1, 2], "[0.1, 2]"),
        ({"a": 1}, "{a = 1}"),
        (None, "None"),
    ],
)
def test_literal_is_one_line_of_toml(value: object, text: str) -> None:
    assert literal(value) == text


def test_a_resolved_scenario_file_keeps_the_name_it_was_written_from(tmp_path: Path) -> None:
    first = tmp_path / "scenario.toml"
    first.write_text(scenario_to_toml(load_scenario("hybrid")), "utf-8")
    loaded = load_scenario(first)
    assert (loaded.name, resolved_name(loaded)) == ("scenario", "hybrid")
    again = tmp_path / "again.toml"  # written again from the resolved file (a resumed sweep)
    again.write_text(scenario_to_toml(loaded), "utf-8")
    assert resolved_name(load_scenario(again)) == "hybrid"
    assert resolved_name(load_scenario("bottom_up")) == "bottom_up"  # not a resolved file


def test_literal_groups_digits_as_the_scenario_files_do() -> None:
    assert literal(20000, group_digits=True) == "20_000"
    assert literal(20000.0, group_digits=True) == "20_000.0"
    assert literal(2500.0, group_digits=True) == "2500.0"
    assert literal(True, group_digits=True) == "true"
    assert literal([1000, 0.5], group_digits=True) == "[1_000, 0.5]"
    assert literal(20000) == "20000"
    for value in (20000, 20000.0, -12345, 1e-05, [1000, 2.5]):
        assert tomllib.loads(f"v = {literal(value, group_digits=True)}")["v"] == value
