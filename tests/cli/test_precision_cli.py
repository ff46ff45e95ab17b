"""netsim run --precision: replications added until the headline intervals are narrow."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from netsim.cli.main import app

SMALL = """
title = "small"
summary = "s"
description = "d"
extends = "hybrid"
months = 12
[population]
n_teachers = 300
n_regions = 2
"""


def test_run_with_a_precision_says_how_many_and_writes_how_they_settled(tmp_path: Path) -> None:
    scenario = tmp_path / "small.toml"
    scenario.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(scenario), "--reps", "2", "--precision", "1e-6", "--max-reps", "4"]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "precision 1e-06 NOT met (the cap, --max-reps, was reached) with 4 replications" in (
        result.output
    )
    settle = pd.read_csv(out / "settling.csv")
    assert settle["replications"].max() == 4
    assert "Replications that settle" in (out / "report.html").read_text("utf-8")
