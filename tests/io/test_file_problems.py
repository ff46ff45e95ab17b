"""Every problem of a scenario or experiment file at once; experiment files in netsim validate."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.io.experiments import ExperimentError, is_experiment, load_experiment
from netsim.io.resources import shipped
from netsim.io.scenarios import ScenarioError, load_scenario

runner = CliRunner()

SCENARIO = """
title = "Many mistakes"
summary = "s"
extends = "hybrid"
months = 24
[levers]
mandate_strength = 2
decree_centres = "ten"
[population]
share_primary = 0.7
share_lower_secondary = 0.5
[[events]]
month = 30
kind = "funding_cut"
size = 2.0
bogus = 1
[[events]]
month = 3
kind = "funding_cutt"
[[events]]
month = 6
kind = "funding_boost"
size = 0.5
"""

EXPERIMENT = """
title = "Many mistakes"
scenario = "bottom_up"
months = 24
colour = "red"
[design]
method = "lhs"
samples = 8
[fixed]
n_teachers = -5
[parameters.initial_trus]
low = 0.1
high = 0.5
[parameters.w_peers]
low = 0.5
high = 99.0
[parameters.mandate_strength]
values = [0.1, 0.2]
[outcomes.reach]
indicator = "reach_teacher"
[outcomes.trust]
indicator = "trust_mean"
stat = "mean"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lines(error: pytest.ExceptionInfo[ScenarioError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_every_problem_of_a_scenario_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, "many.toml", SCENARIO))
    keys = [line.split(": ")[1] for line in lines(info)]
    assert keys == [
        "levers.mandate_strength",
        "levers.decree_centres",
        "population.share_lower_secondary",
        "events[0].month",
        "events[0].size",
        "events[0].bogus",
        "events[1].kind",
    ]
    assert len(str(info.value).splitlines()) == 7


def test_problems_of_parent_and_child_are_reported_together(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", 'title = "p"\nsummary = "s"\n[levers]\nsteering_group = 7\n')
    child = write(
        tmp_path,
        "child.toml",
        'title = "c"\nsummary = "s"\nextends = "parent.toml"\n[levers]\nmandate_strength = -1\n',
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    found = lines(info)
    assert any("child.toml: levers.mandate_strength" in line for line in found)
    assert any("parent.toml: levers.steering_group" in line for line in found)


def test_a_child_fixing_its_parents_value_hides_no_problem_of_its_own(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", 'title = "p"\nsummary = "s"\nmonths = 12\n')
    child = write(
        tmp_path,
        "child.toml",
        'title = "c"\nsummary = "s"\nextends = "parent.toml"\nmonths = 0\n'
        '[[events]]\nmonth = 30\nkind = "funding_cut"\n',
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    # months is wrong in the child: the event is not checked against the parent's 12 months
    assert [line.split(": ")[1] for line in lines(info)] == ["months"]


def test_both_share_groups_are_reported(tmp_path: Path) -> None:
    text = (
        'title = "t"\nsummary = "s"\n[population]\nshare_primary = 0.7\n'
        "share_lower_secondary = 0.5\n[levers]\nspend_travel = 0.9\nspend_coordinators = 0.5\n"
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, "shares.toml", text))
    found = lines(info)
    assert len(found) == 2
    assert "add up to" in found[0]
    assert "add up to" in found[1]


def test_every_problem_of_an_experiment_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ExperimentError) as info:
        load_experiment(write(tmp_path, "exp.toml", EXPERIMENT))
    keys = [line.split(": ")[1] for line in lines(info)]
    assert keys == [
        "colour",
        "fixed.n_teachers",
        "parameters.initial_trus",
        "parameters.w_peers",
        "parameters.mandate_strength.values",
        "outcomes.reach.indicator",
        "outcomes.trust.window",
    ]


def test_experiment_with_a_broken_scenario_reports_the_rest_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = EXPERIMENT.replace('"bottom_up"', '"botom_up"').replace('colour = "red"\n', "")
    with pytest.raises(ExperimentError) as info:
        load_experiment(write(tmp_path, "exp.toml", text))
    found = lines(info)
    assert found[
        0
    ] == "exp.toml: scenario: no scenario \"botom_up\"; did you mean 'bottom_up'? " + (
        "(allowed: a scenario name (yours, then the shipped ones) or a path to a .toml file "
        "relative to this file)"
    )
    assert len(found) == 7


@pytest.mark.parametrize(
    ("design", "extra"),
    [("lhs", "samples = 16\n"), ("sobol", "samples = 8\n"), ("morris", "samples = 4\n")],
)
def test_fixed_that_breaks_points_of_a_random_design_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, design: str, extra: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text = f"""
title = "t"
scenario = "default_country"
months = 12
[design]
method = "{design}"
{extra}
[fixed]
share_lower_secondary = 0.5
[parameters.share_primary]
low = 0.1
high = 0.5
[parameters.initial_trust]
low = 0.1
high = 0.5
[outcomes.reach]
indicator = "reach_teachers"
"""
    with pytest.raises(ExperimentError) as info:
        load_experiment(write(tmp_path, "exp.toml", text))
    (line,) = lines(info)
    assert line.startswith(
        "exp.toml: fixed.share_lower_secondary: with the design point share_primary = "
    )
    assert "add up to" in line
    assert "other point" in line
    assert "(allowed: shares whose sum is at most 1" in line


def test_file_kind_is_told_by_its_keys_or_its_name(tmp_path: Path) -> None:
    assert is_experiment(shipped("experiments") / "quick.toml")
    assert is_experiment("quick")
    assert not is_experiment("hybrid")
    assert not is_experiment(shipped("scenarios") / "hybrid.toml")
    assert not is_experiment(write(tmp_path, "bad.toml", "not [ toml"))
    assert not is_experiment("no_such_name")


def test_validate_accepts_the_shipped_experiments_by_path_and_name() -> None:
    paths = sorted(str(p) for p in shipped("experiments").glob("*.toml"))
    result = runner.invoke(app, ["validate", *paths, "quick"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("ok  ") == len(paths) + 1
    assert "(experiment: grid, 9 points x 2 replications = 18 runs of 36 months)" in result.stdout
    assert result.stderr == ""


def test_validate_prints_every_problem_of_each_file(tmp_path: Path) -> None:
    scenario = write(tmp_path, "many.toml", SCENARIO)
    experiment = write(tmp_path, "exp.toml", EXPERIMENT)
    result = runner.invoke(app, ["validate", str(scenario), str(experiment), "hybrid"])
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    assert sum("many.toml: " in line for line in problems) == 7
    assert sum("exp.toml: " in line for line in problems) == 7
    assert problems[-1] == "2 of 3 files have problems"
    assert "ok  hybrid" in result.stdout
    assert "Traceback" not in result.output


def test_deeply_nested_toml_is_a_message_not_a_traceback(tmp_path):
    # tomllib recurses once per nesting level: thousands of [ gave a RecursionError
    from netsim.io.experiments import ExperimentError, load_experiment
    from netsim.io.scenarios import ScenarioError, load_scenario

    deep = "[" * 5000 + "]" * 5000
    scenario = tmp_path / "deep.toml"
    scenario.write_text(f'title = "x"\nsummary = "y"\n[levers]\nbudget_per_teacher = {deep}\n')
    with pytest.raises(ScenarioError, match="nested too deeply"):
        load_scenario(scenario)
    experiment = tmp_path / "deep_exp.toml"
    experiment.write_text(f'scenario = "hybrid"\nseed = {deep}\n')
    with pytest.raises(ExperimentError, match="nested too deeply"):
        load_experiment(experiment)


def test_an_extends_chain_has_a_length_limit(tmp_path):
    # a chain of 1 000 files exhausted the recursion; now the 32nd file is refused
    from netsim.io.scenarios import MAX_EXTENDS, ScenarioError, load_scenario

    for i in range(1000):
        (tmp_path / f"s{i}.toml").write_text(
            f'title = "x"\nsummary = "y"\nextends = "s{i + 1}.toml"\n'
        )
    (tmp_path / "s1000.toml").write_text('title = "x"\nsummary = "y"\n')
    with pytest.raises(ScenarioError, match=f"more than {MAX_EXTENDS} files long"):
        load_scenario(tmp_path / "s0.toml")
    # a chain within the limit still loads
    (tmp_path / "s5.toml").write_text('title = "x"\nsummary = "y"\nextends = "hybrid"\n')
    assert load_scenario(tmp_path / "s0.toml").params["budget_per_teacher"] > 0


def test_a_grid_larger_than_64_bits_is_refused_by_name(tmp_path):
    # 60 values for each of 11 parameters: the run count overflowed numpy's int64 and
    # went negative, so the limit on runs let it through
    from netsim.core.params import PARAMETERS

    names = ["initial_trust", "w_peers", "w_trust", "w_need", "trust_gain", "learning_rate",
             "session_size", "lead_hours", "w_school", "travel_burden", "invite_rate"]  # fmt: skip
    text = 'title = "big"\nscenario = "bottom_up"\nmonths = 12\nreplications = 2\nseed = 1\n'
    text += '[design]\nmethod = "grid"\n[outcomes.reach]\nindicator = "reach_teachers"\n'
    text += 'stat = "final"\n'
    for name in names:
        p = PARAMETERS[name]
        values = [p.low + (p.high - p.low) * k / 100 for k in range(60)]
        text += f"[parameters.{name}]\nvalues = {values}\n"
    path = tmp_path / "grid.toml"
    path.write_text(text)
    with pytest.raises(ExperimentError, match=r"design: 72559411200000000000 runs, too many"):
        load_experiment(path)


# --- non-finite and out-of-country values in files


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_reports_nan_month_without_traceback(tmp_path):
    path = _write(
        tmp_path,
        "nan_month.toml",
        'title = "nan"\nsummary = "nan"\nextends = "bottom_up"\n\n'
        '[[events]]\nmonth = nan\nkind = "funding_cut"\n',
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "month" in result.output


def test_validate_reports_nan_parameter_without_traceback(tmp_path):
    path = _write(
        tmp_path,
        "nan_param.toml",
        'title = "nan"\nsummary = "nan"\nextends = "bottom_up"\n\n[population]\nn_teachers = nan\n',
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "n_teachers" in result.output


@pytest.mark.parametrize("kind", ["new_university", "new_company", "loss_of_coordinator"])
def test_event_region_beyond_the_country_is_rejected_in_a_scenario_file(tmp_path, kind):
    path = _write(
        tmp_path,
        "far_region.toml",
        'title = "far"\nsummary = "far"\nextends = "bottom_up"\nmonths = 24\n\n'
        "[population]\nn_teachers = 1000\nn_regions = 3\n\n"
        f'[[events]]\nmonth = 4\nkind = "{kind}"\nregion = 3\n',
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "events[0].region" in str(err.value)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "events[0].region" in result.output
