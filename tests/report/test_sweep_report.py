"""The sweep report: series outcomes as bands; Sobol and Morris indices against their floor."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from netsim.cli.main import app

runner = CliRunner()
CDN_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)

SERIES = """
title = "series bands"
scenario = "bottom_up"
months = 6
replications = 2
seed = 5

[design]
method = "grid"

[fixed]
n_teachers = 60
n_regions = 2

[parameters.initial_trust]
values = [0.2, 0.6]

[outcomes.reach]
indicator = "reach_teachers"

[outcomes.trust_over_time]
indicator = "trust_mean"
stat = "series"

[outcomes.shape]
indicator = "largest_component"
stat = "series"
"""


def test_series_outcomes_are_bands_in_the_report(tmp_path: Path) -> None:
    path = tmp_path / "series.toml"
    path.write_text(SERIES, encoding="utf-8")
    out = tmp_path / "out"
    swept = runner.invoke(app, ["sweep", str(path), "--out", str(out), "--no-progress"])
    assert swept.exit_code == 0, swept.output
    result = runner.invoke(app, ["analyze", str(out)])
    assert result.exit_code == 0, result.output
    assert "series.csv" in result.output
    bands = pd.read_csv(out / "series.csv")
    assert list(bands.columns) == [
        "outcome", "indicator", "group", "month", "median", "p5", "p95", "runs"
    ]  # fmt: skip
    trust = bands[bands["outcome"] == "trust_over_time"]
    assert trust["month"].tolist() == list(range(7))
    assert (trust["runs"] == 4).all()  # 2 points x 2 replications
    assert (trust["p5"] <= trust["median"]).all()
    assert (trust["median"] <= trust["p95"]).all()
    indicators = pd.read_parquet(out / "indicators")
    month3 = indicators.loc[indicators["month"] == 3, "trust_mean"]
    assert trust.loc[trust["month"] == 3, "median"].iloc[0] == month3.median()
    page = (out / "analysis.html").read_text(encoding="utf-8")
    assert "Outcomes over time" in page
    assert "trust_over_time: " in page
    assert "shape: " in page


SENSITIVITY = """
title = "tiny {method}"
scenario = "bottom_up"
months = {months}
seed = {seed}

[design]
method = "{method}"
samples = {samples}
{dummies}

[fixed]
n_teachers = {teachers}
n_regions = 2
n_companies = 0

[parameters.participation_bias]
low = -9.0
high = -2.0

[parameters.company_join_rate]
low = 0.0
high = 0.5

[outcomes.reach]
indicator = "reach_teachers"

[outcomes.trust]
indicator = "trust_mean"
"""
"""Participation bias drives reach; companies' joining rate cannot, with no company."""

WORDS = {"S1": "first-order index S1", "ST": "total-order index ST", "mu_star": "mu*"}
"""How the report names each index read against the floor."""


def sweep_and_analyze(
    tmp_path: Path, *options: str, out: str = "out", **settings: Any
) -> tuple[Path, Any, Any]:
    """Sweep a small Sobol or Morris experiment, then analyse it (both must succeed)."""
    path = tmp_path / "sa.toml"
    values = {"months": 12, "seed": 3, "samples": 4, "dummies": "", "teachers": 120}
    path.write_text(SENSITIVITY.format(**(values | settings)), encoding="utf-8")
    folder = tmp_path / out
    args = ["sweep", str(path), "--out", str(folder), "--no-progress", *options]
    swept = runner.invoke(app, args)
    assert swept.exit_code == 0, swept.output
    result = runner.invoke(app, ["analyze", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, swept, result


def test_the_noise_floor_is_the_same_whatever_the_workers(tmp_path: Path) -> None:
    """Each design point's seed depends on its run index only, so the floor does too."""
    one, _, _ = sweep_and_analyze(tmp_path, "--workers", "1", out="one", method="sobol")
    two, _, _ = sweep_and_analyze(tmp_path, "--workers", "2", out="two", method="sobol")
    runs = [pd.read_parquet(f / "runs").sort_values("run_id") for f in (one, two)]
    assert runs[0]["seed"].nunique() == len(runs[0])  # a seed per design point
    pd.testing.assert_frame_equal(
        pd.read_parquet(one / "sobol.parquet"), pd.read_parquet(two / "sobol.parquet")
    )


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_analyze_writes_indices_and_offline_report(tmp_path: Path, method: str) -> None:
    out, swept, result = sweep_and_analyze(tmp_path, method=method)
    # the size counts the default dummy: Sobol 4 x (3 + 2), Morris 4 x (3 + 1)
    points = 20 if method == "sobol" else 16
    assert f"{method}, {points} points (2 parameters and 1 dummy) x 1 replications" in (
        swept.output
    )
    runs = pd.read_parquet(out / "runs")
    assert runs["param_dummy_1"].between(0.0, 1.0).all()
    csv = pd.read_csv(out / f"{method}.csv")
    table = pd.read_parquet(out / f"{method}.parquet")
    assert list(table.columns) == list(csv.columns)
    assert table["dummy"].dtype == bool
    wanted = (
        ["S1", "S1_conf", "ST", "ST_conf"]
        if method == "sobol"
        else ["mu_star", "mu_star_conf", "mu", "sigma"]
    )
    assert set(wanted) <= set(table.columns)
    # two parameters and the default dummy, for each of two outcomes
    assert table["dummy"].tolist() == [False, False, True] * 2
    assert table.loc[table["outcome"] == "trust", wanted[0]].notna().all()
    page = (out / "analysis.html").read_text(encoding="utf-8")
    assert "Plotly" in page
    assert not CDN_SCRIPT.search(page)
    assert "dummy_1 (dummy)" in page
    assert "noise floor" in page  # the chart's line
    reach = table[table["outcome"] == "reach"]
    for index in ["S1", "ST"] if method == "sobol" else ["mu_star"]:
        dummy = reach[reach["dummy"]]
        floor = float((dummy[index] + dummy[f"{index}_conf"]).max())
        assert reach[f"{index}_floor"].to_numpy() == pytest.approx(floor)
        params = reach[~reach["dummy"]].set_index("parameter")
        above = params[index] > floor
        assert params[f"{index}_above"].equals(above)
        # the floor in words, each parameter above it named, a column per index
        sentence = f"Noise floor of {WORDS[index]}: {floor:.3g}"
        assert sentence in page
        assert sentence in result.output
        for name in above[above].index:
            assert f"{name} (" in page
        assert f"{index} above floor" in page


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_a_parameter_that_matters_lies_above_the_dummies_noise_floor(
    tmp_path: Path, method: str
) -> None:
    """Participation bias lies above the floor of two dummies; the joining rate is noise.

    The floor is the largest upper end of the dummies' 95 % intervals. The joining
    rate is a noise term like the dummies (whether it lands above or below their floor
    is chance), so only its distance from participation bias is checked.
    """
    out, _, result = sweep_and_analyze(
        tmp_path,
        method=method,
        months=24,
        seed=5,
        samples=32 if method == "sobol" else 10,
        dummies="dummies = 2",
        teachers=300,
    )
    table = pd.read_csv(out / f"{method}.csv")
    table = table[table["outcome"] == "reach"].set_index("parameter")
    index = "ST" if method == "sobol" else "mu_star"
    dummies = table.loc[["dummy_1", "dummy_2"]]
    floor = (dummies[index] + dummies[f"{index}_conf"]).max()
    assert table[f"{index}_floor"].to_numpy() == pytest.approx(floor)
    assert table.loc["participation_bias", index] > floor
    assert bool(table.loc["participation_bias", f"{index}_above"])
    assert not table.loc[["dummy_1", "dummy_2"], f"{index}_above"].any()
    assert table.loc["company_join_rate", index] < table.loc["participation_bias", index] / 3
    assert "participation_bias (" in result.output
    assert "Noise floor of" in result.output
