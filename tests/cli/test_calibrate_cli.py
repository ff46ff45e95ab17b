"""netsim calibrate: progress by generation, a one-line message for a bad file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from netsim.cli.main import app

runner = CliRunner()

SMALL = """
title = "cli"
scenario = "hybrid"
months = 12
population = 4
[fixed]
n_teachers = 200
n_regions = 2
[stop]
max_generations = 1
[parameters.w_peers]
low = 0.5
high = 5.0
[targets.talis_any_pd]
"""


def test_calibrate_prints_generations_and_writes_the_report(tmp_path: Path) -> None:
    file = tmp_path / "cal.toml"
    file.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["calibrate", str(file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "generation 0: epsilon" in result.output
    assert "stopped: 1 generations" in result.output
    assert (out / "calibration.html").is_file()
    again = runner.invoke(app, ["calibrate", str(file), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert "resuming from" in again.output


def test_a_bad_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    file = tmp_path / "cal.toml"
    file.write_text(SMALL.replace("w_peers", "w_peer"), encoding="utf-8")
    result = runner.invoke(app, ["calibrate", str(file)])
    assert result.exit_code == 1
    assert "parameters.w_peer: unknown parameter; did you mean 'w_peers'?" in result.output
    assert "Traceback" not in result.output


def test_validate_checks_a_calibration_file(tmp_path: Path) -> None:
    file = tmp_path / "cal.toml"
    file.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(file), "talis_small"])
    assert result.exit_code == 0, result.output
    assert "(calibration: 1 parameters, 1 targets and 0 held out, 4 particles" in result.output
    assert "talis_small: Participation bias" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.replace("high = 5.0", "high = 500.0"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "bad.toml: parameters.w_peers: got 500.0, out of range" in result.output
    assert "Traceback" not in result.output
