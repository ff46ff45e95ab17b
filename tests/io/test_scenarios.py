"""Scenario files: the shipped ones, the checks, extends and the TOML round trip."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from netsim.core.params import PARAMETERS, SHARE_GROUPS, ParameterError, validate
from netsim.io.scenarios import (
    SECTIONS,
    ScenarioError,
    load_scenario,
    scenario_to_toml,
    section_model,
    shipped_names,
)

BROKEN = Path(__file__).parents[1] / "data" / "broken"

POLICIES = ("top_down", "bottom_up", "hybrid")
PRESETS = ("france_maisons", "italy_anisn", "finland_luma", "austria_imst", "uk_stem_learning")
WORKSHOPS = ("workshop_growth", "workshop_mandate", "workshop_funding_cut", "workshop_trust")

BROKEN_CASES: dict[str, dict[str, str]] = tomllib.loads(
    (BROKEN.parent / "broken_expected.toml").read_text(encoding="utf-8")
)
"""Broken file -> the key path, message fragment and allowed fragment it must report."""


def _error(path: Path | str) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- shipped scenarios --------------------------------------------------------------------


def test_shipped_scenarios_are_all_there():
    names = set(shipped_names())
    expected = {"default_country", *POLICIES, *PRESETS, *WORKSHOPS}
    expected |= {"austerity_cut", "change_of_government", "top_down_austerity"}
    assert expected <= names


@pytest.mark.parametrize("name", shipped_names())
def test_every_shipped_scenario_loads_and_validates(name):
    s = load_scenario(name)
    assert s.name == name
    assert s.title
    assert s.summary
    assert s.description
    assert "\n" not in s.summary
    assert set(s.params) == set(PARAMETERS)
    assert validate(s.params) == s.params
    assert all(1 <= e["month"] <= s.months for e in s.events)
    # a scenario must run in seconds
    assert s.params["n_teachers"] <= 60_000


def test_policies_differ_only_in_levers():
    base = load_scenario("default_country")
    for name in POLICIES:
        s = load_scenario(name)
        differing = {k for k in PARAMETERS if s.params[k] != base.params[k]}
        assert differing, name
        assert {PARAMETERS[k].group for k in differing} == {"lever"}, name
        assert s.events == base.events == []
        assert s.months == base.months


def test_policies_follow_the_brief():
    top, bottom, hybrid = (load_scenario(n).params for n in POLICIES)
    assert top["decree_centres"] == top["n_regions"]
    assert top["central_funding_share"] >= 0.8
    assert top["mandate_strength"] > 0
    assert top["grassroots_founding"] == 0
    assert top["steering_group"] == 0
    assert bottom["decree_centres"] == 0
    assert bottom["central_funding_share"] <= 0.2
    assert bottom["mandate_strength"] == 0
    assert bottom["grassroots_founding"] > 0
    assert hybrid["steering_group"] > 0
    assert hybrid["advisory_board"] > 0
    assert hybrid["evaluation_weight"] > 0
    assert hybrid["grassroots_founding"] > 0
    assert 0 < hybrid["decree_centres"] < hybrid["n_regions"]
    assert top["budget_per_teacher"] == bottom["budget_per_teacher"] == hybrid["budget_per_teacher"]


def test_presets_carry_the_figures_of_the_brief():
    fr, it, fi, at, uk = (load_scenario(n).params for n in PRESETS)
    assert fr["n_regions"] == fr["decree_centres"] == 10
    assert fr["share_primary"] + fr["share_lower_secondary"] > 0.8
    assert it["n_initial_centres"] == 26
    assert it["agreement_cycle_months"] == 12
    assert it["decree_centres"] == 0
    assert fi["n_regions"] == fi["n_initial_centres"] == 13
    assert fi["advisory_board"] > 0.5
    assert fi["national_event_interval"] == 12
    assert at["n_regions"] == at["decree_centres"] == 9
    assert at["funding_cycle_months"] == 36
    assert at["steering_group"] > 0.5
    assert at["national_event_interval"] == 6
    assert uk["n_regions"] == uk["decree_centres"] == 45
    for p in (fr, it, fi, at, uk):
        assert 20_000 <= p["n_teachers"] <= 60_000


@pytest.mark.parametrize("name", WORKSHOPS)
def test_workshop_presets_are_small_and_explained(name):
    s = load_scenario(name)
    assert s.params["n_teachers"] <= 2_000
    assert s.months == 120
    assert s.workshop is not None
    assert s.workshop["shows"]
    assert len(s.workshop["notice"]) >= 2
    assert len(s.workshop["try"]) >= 2


def test_shock_scenarios_schedule_their_shock():
    cut = load_scenario("austerity_cut")
    assert cut.events == [{"month": 60, "kind": "funding_cut", "size": 0.5}]
    assert cut.params == load_scenario("hybrid").params
    for policy in ("top_down", "bottom_up"):
        s = load_scenario(f"{policy}_austerity")
        assert s.events == cut.events
        assert s.params == load_scenario(policy).params
    gov = load_scenario("change_of_government")
    assert [e["kind"] for e in gov.events] == ["change_of_government"]


# --- broken files -------------------------------------------------------------------------


@pytest.mark.parametrize("file", sorted(BROKEN_CASES))
def test_broken_file_gives_one_clear_message(file):
    key, message, allowed = BROKEN_CASES[file].values()
    text = _error(BROKEN / file)
    assert len(text.splitlines()) == 1
    assert text.startswith(str(BROKEN / file)) or f"{file}: " in text
    if key:
        assert f"{file}: {key}: " in text
    assert message in text
    if allowed:
        assert f"(allowed: {allowed}" in text
    assert "Traceback" not in text
    assert "pydantic" not in text


def test_every_broken_file_has_a_case():
    files = {p.name for p in BROKEN.glob("*.toml")}
    assert files - set(BROKEN_CASES) == {"cycle_a.toml", "cycle_b.toml", "bad_parent.toml"}


def test_cycle_in_extends_is_reported():
    text = _error(BROKEN / "cycle_a.toml")
    assert "extends: cycle: " in text
    assert "cycle_a.toml -> " in text
    assert "cycle_b.toml -> " in text


def test_file_extending_itself_is_a_cycle(tmp_path):
    path = _write(tmp_path, "me.toml", 'title = "t"\nsummary = "s"\nextends = "me.toml"\n')
    assert "me.toml: extends: cycle: " in _error(path)


def test_problem_in_parent_names_the_parent():
    text = _error(BROKEN / "bad_parent.toml")
    assert "out_of_range.toml: levers.mandate_strength" in text


def test_several_problems_give_one_line_each(tmp_path):
    path = _write(
        tmp_path,
        "two.toml",
        'title = "t"\nsummary = "s"\n[levers]\nmandate_strength = 2\nsteering_group = -1\n',
    )
    lines = _error(path).splitlines()
    assert len(lines) == 2
    assert any("levers.mandate_strength" in line for line in lines)
    assert any("levers.steering_group" in line for line in lines)


def test_unknown_scenario_name_suggests_a_shipped_one():
    text = _error("hybird")
    assert "hybird: no such scenario; did you mean 'hybrid'?" in text


# --- extends ------------------------------------------------------------------------------


def test_extends_overrides_section_by_section(tmp_path):
    path = _write(
        tmp_path,
        "child.toml",
        """
title = "Child"
summary = "hybrid, smaller, without steering"
extends = "hybrid"
months = 36
[population]
n_teachers = 3000
[levers]
steering_group = 0.1
[[events]]
month = 24
kind = "national_event"
""",
    )
    child, parent = load_scenario(path), load_scenario("hybrid")
    assert child.title == "Child"
    assert child.months == 36
    assert child.params["n_teachers"] == 3000
    assert child.params["steering_group"] == 0.1
    changed = {k for k in PARAMETERS if child.params[k] != parent.params[k]}
    assert changed == {"n_teachers", "steering_group"}
    assert child.description == parent.description  # inherited
    assert [p.name for p in child.chain] == ["default_country.toml", "hybrid.toml", "child.toml"]


def test_events_are_appended_unless_replaced(tmp_path):
    base = 'title = "c"\nsummary = "s"\nextends = "austerity_cut"\n'
    event = '[[events]]\nmonth = 90\nkind = "funding_boost"\nsize = 1.0\n'
    appended = load_scenario(_write(tmp_path, "a.toml", base + event))
    assert [(e["month"], e["kind"]) for e in appended.events] == [
        (60, "funding_cut"),
        (90, "funding_boost"),
    ]
    replaced = load_scenario(_write(tmp_path, "r.toml", base + "replace_events = true\n" + event))
    assert [(e["month"], e["kind"]) for e in replaced.events] == [(90, "funding_boost")]


def test_extends_a_relative_path(tmp_path):
    (tmp_path / "sub").mkdir()
    _write(tmp_path, "base.toml", 'title = "b"\nsummary = "s"\n[population]\nn_teachers = 777\n')
    child = _write(
        tmp_path / "sub", "c.toml", 'title = "c"\nsummary = "s"\nextends = "../base.toml"\n'
    )
    assert load_scenario(child).params["n_teachers"] == 777


def test_parent_event_after_the_child_end_is_reported(tmp_path):
    path = _write(
        tmp_path,
        "short.toml",
        'title = "c"\nsummary = "s"\nextends = "austerity_cut"\nmonths = 24\n',
    )
    text = _error(path)
    assert "austerity_cut.toml: events[0].month: got 60" in text
    assert "from 1 to 24" in text


# --- schema, writing, reference -----------------------------------------------------------


def test_section_models_are_generated_from_the_schema():
    for section, group in SECTIONS.items():
        fields = section_model(section).model_fields
        expected = {n for n, p in PARAMETERS.items() if p.group == group}
        assert set(fields) == expected
        model = section_model(section)
        for name in fields:
            p = PARAMETERS[name]
            if p.kind is bool:
                assert model.model_validate({name: True}).model_dump()[name] is True
                continue
            # the file's section and the model's keyword arguments accept and refuse alike
            shared = any(name in keys for keys in SHARE_GROUPS)  # their sum is checked too
            for value in (p.low, p.high):
                assert model.model_validate({name: value}).model_dump()[name] == value
                if not shared:
                    assert validate({name: value})[name] == value
            for value in (p.low - 1, p.high + 1):
                with pytest.raises(ValidationError):
                    model.model_validate({name: value})
                with pytest.raises(ParameterError, match="out of range"):
                    validate({name: value})


@pytest.mark.parametrize("name", shipped_names())
def test_resolved_toml_round_trips(name, tmp_path):
    s = load_scenario(name)
    text = scenario_to_toml(s)
    raw = tomllib.loads(text)
    assert "extends" not in raw
    assert sum(len(raw[section]) for section in SECTIONS) == len(PARAMETERS)
    back = load_scenario(_write(tmp_path, f"{name}.toml", text))
    assert back.params == s.params
    assert back.events == s.events
    assert back.months == s.months
    assert (back.title, back.summary, back.description) == (s.title, s.summary, s.description)
    assert back.workshop == s.workshop


def test_with_months_drops_later_events():
    s, dropped = load_scenario("austerity_cut").with_months(24)
    assert s.months == 24
    assert s.events == []
    assert dropped == [{"month": 60, "kind": "funding_cut", "size": 0.5}]
    with pytest.raises(ScenarioError, match="months: got 0"):
        s.with_months(0)
