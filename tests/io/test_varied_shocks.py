"""Shocks in sweeps: an event's month, size and region varied like a parameter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netsim.evaluate.sweep import sweep
from netsim.io.experiments import ExperimentError, load_experiment

SHOCKS = """
title = "size and timing of a cut"
scenario = "bottom_up_austerity"
months = 12
replications = 1
seed = 4

[design]
method = "grid"

[fixed]
n_teachers = 60
n_regions = 2

{parameters}

[outcomes.shock_month]
indicator = "shock"
stat = "first_month"
threshold = 1

[outcomes.money]
indicator = "public_month"
stat = "at"
month = 11
"""

QUOTED = """
[parameters."events.0.month"]
values = [3, 8]

[parameters."events.0.size"]
values = [0.0, 0.9]
"""

NESTED = """
[parameters.events.0.month]
values = [3, 8]

[parameters.events.0.size]
values = [0.0, 0.9]
"""


def _write(tmp_path: Path, parameters: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(SHOCKS.format(parameters=parameters), encoding="utf-8")
    return path


def test_a_shock_month_and_size_are_swept(tmp_path: Path) -> None:
    exp = load_experiment(_write(tmp_path, QUOTED))
    nested = load_experiment(_write(tmp_path, NESTED, "nested.toml"))
    assert [v.name for v in exp.varied] == ["events.0.month", "events.0.size"]
    assert nested.fingerprint() == exp.fingerprint()
    out = tmp_path / "out"
    summary = sweep(exp, out, progress=False)
    assert summary.ok == 4
    runs = pd.read_parquet(out / "runs").sort_values("run_id")
    assert runs["param_events.0.month"].tolist() == [3, 3, 8, 8]
    assert runs["param_events.0.size"].tolist() == [0.0, 0.9, 0.0, 0.9]
    # the shock happens at the start of the month it names, measured at that month
    assert runs["out_shock_month"].tolist() == [3, 3, 8, 8]
    money = runs.set_index(["param_events.0.month", "param_events.0.size"])["out_money"]
    assert money[3, 0.9] < money[3, 0.0]
    assert money[8, 0.9] < money[8, 0.0]
    # written back with the quoted key, and read again as the same experiment
    again = load_experiment(out / "experiment.toml")
    assert again.fingerprint() == exp.fingerprint()
    assert '[parameters."events.0.month"]' in (out / "experiment.toml").read_text("utf-8")


def test_random_designs_round_the_month(tmp_path: Path) -> None:
    text = SHOCKS.format(
        parameters='[parameters."events.0.month"]\nlow = 2\nhigh = 10\n'
        "[parameters.initial_trust]\nlow = 0.2\nhigh = 0.6\n"
    ).replace('method = "grid"', 'method = "lhs"\nsamples = 5')
    path = tmp_path / "lhs.toml"
    path.write_text(text, encoding="utf-8")
    exp = load_experiment(path)
    design = exp.design()
    for _, row in design.iterrows():
        (event,) = exp.point_events(row)
        assert event["month"] == round(row["events.0.month"])
        assert isinstance(event["month"], int)
        assert 2 <= event["month"] <= 10
        assert exp.point_params(row)["initial_trust"] == row["initial_trust"]


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        (
            '[parameters."events.1.month"]\nvalues = [3]',
            "exp.toml: parameters.events.1.month: the base scenario 'bottom_up_austerity' has 1"
            " shock (events.0 is a funding_cut at month 60) (allowed: events.K.FIELD with K"
            " from 0 to 0)",
        ),
        (
            '[parameters."events.0.month"]\nvalues = [3]\n'
            '[parameters."events.0.region"]\nvalues = [0]',
            "exp.toml: parameters.events.0.region: events.0 is a funding_cut, which has no field"
            " 'region' (allowed: month, size)",
        ),
        (
            '[parameters."events.0.month"]\nvalues = [3, 13]',
            "exp.toml: parameters.events.0.month: got 13, out of range (allowed: an integer"
            " from 1 to 12)",
        ),
        (
            '[parameters."events.0.month"]\nvalues = [3]\n'
            '[parameters."events.0.size"]\nlow = 0.5\nhigh = 1.5\nsteps = 3',
            "exp.toml: parameters.events.0.size: got 1.5, out of range (allowed: a number"
            " from 0 to 1)",
        ),
        (
            '[parameters."events.0.size"]\nvalues = [0.2]',
            "exp.toml: parameters.events.0.size: events.0 (funding_cut) is at month 60, after"
            " the run's last month (12) (allowed: vary events.0.month too, or a longer run"
            " (months))",
        ),
    ],
)
def test_wrong_shock_fields_name_the_file_and_the_key(
    tmp_path: Path, parameters: str, message: str
) -> None:
    path = _write(tmp_path, parameters)
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    lines = str(caught.value).splitlines()
    assert any(line.endswith(message) for line in lines), lines


def test_a_scenario_without_shocks_says_so(tmp_path: Path) -> None:
    text = SHOCKS.format(parameters='[parameters."events.0.month"]\nvalues = [3]').replace(
        "bottom_up_austerity", "bottom_up"
    )
    path = tmp_path / "none.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExperimentError, match="'bottom_up' has no shocks"):
        load_experiment(path)
