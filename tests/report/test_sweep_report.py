"""The sweep report: series outcomes appear as bands, in series.csv and analysis.html."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from netsim.cli.main import app

runner = CliRunner()

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
