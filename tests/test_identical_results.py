"""Refactors change no number: shipped scenarios give the tables recorded in tests/data.

A comparison of five shipped scenarios (2 500 teachers, 66 months, 2 replications,
master seed 1) goes through the normal runner, and a small sweep through the normal
sweep; the tidy result table, each run's final values, the summary, the paired
differences and the sweep's runs table must equal, bit for bit, the tables recorded
in ``tests/data/identical_results/`` (Parquet, so every float is stored exactly).
The shock of ``austerity_cut`` (month 60) falls inside the run, and month 66 is not
a month of the network indicators, so their final value is the last one measured.

When the model's science changes on purpose (a new mechanism, a changed default),
these numbers change too: check that the change is the intended one, then record
the tables anew with::

    .venv/bin/python tests/test_identical_results.py

and commit them with the change that explains them. Never regenerate them in a
commit that only refactors.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netsim.analysis.tables import differences, final_values, summarise
from netsim.core.params import validate
from netsim.evaluate.runner import compare_scenarios
from netsim.evaluate.sweep import sweep
from netsim.io.experiments import load_experiment
from netsim.io.scenarios import Scenario, load_scenario

RECORDED = Path(__file__).parent / "data" / "identical_results"
SCENARIOS = ("hybrid", "bottom_up", "top_down", "austria_imst", "austerity_cut")
TEACHERS = 2_500
MONTHS = 66
REPS = 2
SEED = 1

EXPERIMENT = """
title = "identical results: a small grid"
scenario = "hybrid"
months = 30
replications = 2
seed = 3

[design]
method = "grid"

[fixed]
n_teachers = 400
n_regions = 3

[parameters.initial_trust]
values = [0.2, 0.5]

[parameters.w_peers]
values = [1.0, 4.0]

[outcomes.reach]
indicator = "reach_teachers"
stat = "final"

[outcomes.shape]
indicator = "largest_component"
stat = "final"

[outcomes.trust]
indicator = "trust_mean"
stat = "mean"
window = [12, 30]

[outcomes.practice]
indicator = "practice_mean"
stat = "series"
"""


def _scenario(name: str) -> Scenario:
    scenario, _ = load_scenario(name).with_months(MONTHS)
    params = validate({**scenario.params, "n_teachers": TEACHERS})
    return dataclasses.replace(scenario, params=params)


def comparison_tables() -> dict[str, pd.DataFrame]:
    """The tables of the comparison, by file stem."""
    scenarios = [_scenario(name) for name in SCENARIOS]
    data = compare_scenarios(scenarios, reps=REPS, seed=SEED, progress=False).data
    return {
        "results": data,
        "final": final_values(data),
        "summary": summarise(data),
        "differences": differences(data, baseline=SCENARIOS[0]),
    }


def sweep_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The runs and indicators tables of the small sweep, run into ``folder``."""
    path = folder / "experiment.toml"
    path.write_text(EXPERIMENT, encoding="utf-8")
    out = folder / "sweep"
    sweep(load_experiment(path), out, progress=False)
    runs = pd.read_parquet(out / "runs").sort_values("run_id", ignore_index=True)
    indicators = pd.read_parquet(out / "indicators")
    indicators = indicators.sort_values(["run_id", "month"], ignore_index=True)
    return {"sweep_runs": runs.drop(columns="wall_time"), "sweep_indicators": indicators}


def _differing(actual: pd.DataFrame, expected: pd.DataFrame) -> list[str]:
    """The columns whose values differ in any bit (NaN equal to NaN)."""
    out = []
    for column in expected.columns:
        a, e = actual[column].to_numpy(), expected[column].to_numpy()
        if a.dtype.kind == "f" and e.dtype.kind == "f":
            same = a.dtype == e.dtype and np.array_equal(a.view(np.uint64), e.view(np.uint64))
        else:
            same = a.dtype == e.dtype and bool(pd.Series(a).equals(pd.Series(e)))
        if not same:
            out.append(column)
    return out


def assert_identical(actual: pd.DataFrame, stem: str) -> None:
    """``actual`` has the recorded table's columns, rows and bits."""
    expected = pd.read_parquet(RECORDED / f"{stem}.parquet")
    assert list(actual.columns) == list(expected.columns), f"{stem}: the columns changed"
    assert actual.shape == expected.shape, f"{stem}: {actual.shape} rows, {expected.shape} recorded"
    actual = actual.reset_index(drop=True)
    differing = _differing(actual, expected)
    assert not differing, f"{stem}: values changed in {len(differing)} columns: {differing[:10]}"


@pytest.fixture(scope="module")
def comparison() -> dict[str, pd.DataFrame]:
    return comparison_tables()


@pytest.mark.parametrize("stem", ["results", "final", "summary", "differences"])
def test_a_comparison_gives_the_recorded_tables(
    comparison: dict[str, pd.DataFrame], stem: str
) -> None:
    assert_identical(comparison[stem], stem)


def test_a_sweep_gives_the_recorded_tables(tmp_path: Path) -> None:
    for stem, table in sweep_tables(tmp_path).items():
        assert_identical(table, stem)


def test_a_changed_number_is_caught(comparison: dict[str, pd.DataFrame]) -> None:
    changed = comparison["results"].copy()
    value = changed.loc[len(changed) - 1, "trust_mean"]
    changed.loc[len(changed) - 1, "trust_mean"] = np.nextafter(value, np.inf)  # one bit
    with pytest.raises(AssertionError, match="trust_mean"):
        assert_identical(changed, "results")


def record() -> None:
    """Record the tables anew (see the module docstring for when)."""
    import tempfile

    RECORDED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tables = comparison_tables() | sweep_tables(Path(folder))
    for stem, table in tables.items():
        table.reset_index(drop=True).to_parquet(RECORDED / f"{stem}.parquet", index=False)
        print(f"recorded {RECORDED / f'{stem}.parquet'}: {table.shape[0]} rows")


if __name__ == "__main__":
    sys.exit(record())
