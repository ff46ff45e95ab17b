"""The netsim command: help, list, validate, run and compare, with no tracebacks."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from netsim.analysis.tables import PARAM_PREFIX
from netsim.cli.main import app
from netsim.core.params import PARAMETERS
from netsim.io.scenarios import load_scenario, shipped_names

BROKEN = Path(__file__).parents[1] / "data" / "broken"
BROKEN_CASES: dict[str, dict[str, str]] = tomllib.loads(
    (BROKEN.parent / "broken_expected.toml").read_text(encoding="utf-8")
)

runner = CliRunner()
CDN_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)


def invoke(*args: str):
    return runner.invoke(app, list(args))


COMMANDS = ["list", "validate", "show", "run", "compare", "sweep", "analyze", "dashboard"]
COMMANDS += ["export-network"]
COMMANDS += ["docs", "patterns", "growth-checks"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_list_shows_every_shipped_scenario_with_its_summary():
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    start = lines.index("Scenarios shipped with netsim:")
    listed = lines[start + 1 : start + 1 + len(shipped_names())]
    for name, line in zip(shipped_names(), listed, strict=True):
        assert line.split()[0] == name
        assert load_scenario(name).summary in line
    assert "Experiments shipped with netsim:" in lines
    assert any(line.split()[0] == "quick" for line in lines if line.startswith("  "))


def test_validate_accepts_the_shipped_scenarios():
    paths = [str(p) for p in sorted(Path("scenarios").glob("*.toml"))] or shipped_names()
    result = invoke("validate", *paths)
    assert result.exit_code == 0, result.output
    assert result.output.count("ok  ") == len(paths)


@pytest.mark.parametrize("file", sorted(BROKEN_CASES))
def test_validate_reports_a_broken_file_clearly(file):
    key, message, allowed = BROKEN_CASES[file].values()
    result = invoke("validate", str(BROKEN / file))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert file in result.stderr
    if key:
        assert f": {key}: " in result.stderr
    assert message in result.stderr
    if allowed:
        assert f"(allowed: {allowed}" in result.stderr


def test_validate_mixed_files_fails_but_checks_all():
    result = invoke("validate", "hybrid", str(BROKEN / "out_of_range.toml"))
    assert result.exit_code == 1
    assert "ok  hybrid" in result.stdout
    assert "1 of 2 files have problems" in result.stderr


@pytest.mark.parametrize("command", ["run", "show"])
def test_unknown_scenario_is_a_clear_error(command):
    result = invoke(command, "no_such_scenario")
    assert result.exit_code == 1
    assert "no_such_scenario: no such scenario" in result.stderr
    assert "Traceback" not in result.output


def test_run_broken_scenario_does_not_run(tmp_path):
    result = invoke("run", str(BROKEN / "out_of_range.toml"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "levers.mandate_strength" in result.stderr
    assert not (tmp_path / "out").exists()


def test_show_prints_the_resolved_scenario():
    result = invoke("show", "top_down")
    assert result.exit_code == 0
    raw = tomllib.loads(result.stdout)
    assert raw["levers"]["decree_centres"] == load_scenario("top_down").params["decree_centres"]


def _no_cdn(html: str) -> None:
    assert not CDN_SCRIPT.search(html)
    assert "http://cdn" not in html.split("<script", 1)[0]
    assert "Plotly.newPlot" in html


def test_run_writes_results_that_load_back(tmp_path):
    out = tmp_path / "run"
    result = invoke(
        "run", "workshop_growth", "--reps", "2", "--years", "2", "--seed", "4",
        "--out", str(out), "--no-progress",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Teachers engaged now" in result.stdout  # the summary, labelled from the registry
    for name in ("results.parquet", "results.csv", "scenario.toml", "report.html", "log.csv"):
        assert (out / name).is_file(), name
    data = pd.read_parquet(out / "results.parquet")
    csv = pd.read_csv(out / "results.csv")
    assert len(data) == len(csv) == 2 * 25
    assert list(data.columns) == list(csv.columns)
    assert list(data.columns[:4]) == ["scenario", "replication", "seed", "month"]
    expected = {f"{PARAM_PREFIX}{n}" for n in PARAMETERS} | {
        "reach_teachers", "reach_schools", "trust_mean", "n_ties", "money_spent",
        "equity_gap_region", "largest_component",
    }  # fmt: skip
    assert expected <= set(data.columns)
    assert set(data["scenario"]) == {"workshop_growth"}
    assert sorted(data["replication"].unique()) == [0, 1]
    assert data["month"].max() == 24
    resolved = load_scenario(out / "scenario.toml")
    assert resolved.params == load_scenario("workshop_growth").params
    assert resolved.months == 24
    html = (out / "report.html").read_text(encoding="utf-8")
    _no_cdn(html)
    assert "Workshop: how a network grows" in html
    assert "netsim run workshop_growth --reps 2 --seed 4 --years 2" in html


def test_run_note_for_events_after_a_shortened_run(tmp_path):
    result = invoke(
        "run", "workshop_funding_cut", "--reps", "1", "--years", "1",
        "--out", str(tmp_path), "--no-progress",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "funding_cut of month 60 falls after the last month (12)" in result.stderr


def test_compare_writes_tables_differences_and_report(tmp_path):
    out = tmp_path / "cmp"
    result = invoke(
        "compare", "workshop_growth", "workshop_mandate", "--reps", "2", "--years", "1",
        "--out", str(out), "--no-progress",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = pd.read_parquet(out / "comparison.parquet")
    assert set(data["scenario"]) == {"workshop_growth", "workshop_mandate"}
    assert len(pd.read_csv(out / "comparison.csv")) == len(data) == 2 * 2 * 13
    diff = pd.read_csv(out / "differences.csv")
    assert {"indicator", "scenario", "baseline", "difference", "ci_low", "ci_high"} <= set(diff)
    assert set(diff["baseline"]) == {"workshop_growth"}
    assert (diff["ci_low"] <= diff["ci_high"]).all()
    for name in ("workshop_growth.toml", "workshop_mandate.toml"):
        assert load_scenario(out / name).months == 12
    _no_cdn((out / "comparison.html").read_text(encoding="utf-8"))


def test_compare_needs_two_scenarios():
    result = invoke("compare", "hybrid")
    assert result.exit_code == 1
    assert "at least two scenarios" in result.stderr


def test_run_applies_the_scheduled_shock(tmp_path):
    result = invoke(
        "run", "workshop_funding_cut", "--reps", "1", "--years", "6",
        "--out", str(tmp_path), "--no-progress",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    log = pd.read_csv(tmp_path / "log.csv")
    assert set(log.columns) == {"scenario", "replication", "month", "text"}
    assert (log["month"] == 60).any()
    data = pd.read_parquet(tmp_path / "results.parquet")
    assert data["month"].max() == 72
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "funding_cut" in html


# --- output folder checked before running, atomic writes, Ctrl-C ---------------------------


def _no_simulation(monkeypatch):
    """Make any simulation fail the test: the output checks must come first."""

    def boom(*args, **kwargs):
        raise AssertionError("the simulation ran before the output folder was checked")

    monkeypatch.setattr("netsim.cli.main.run_scenario", boom)
    monkeypatch.setattr("netsim.cli.main.compare_scenarios", boom)


def _clean_failure(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output


@pytest.mark.parametrize("command", ["run", "compare"])
def test_out_that_is_a_file_fails_before_running(tmp_path, monkeypatch, command):
    _no_simulation(monkeypatch)
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    names = ["hybrid"] if command == "run" else ["hybrid", "top_down"]
    result = invoke(command, *names, "--out", str(target), "--no-progress")
    _clean_failure(result, "cannot write the results into", "not a folder")
    assert target.read_text(encoding="utf-8") == "mine"
    below = invoke(command, *names, "--out", str(target / "sub"), "--no-progress")
    _clean_failure(below, "cannot write the results into")


def test_out_that_cannot_be_written_fails_before_running(tmp_path, monkeypatch):
    _no_simulation(monkeypatch)

    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    result = invoke("run", "hybrid", "--out", str(tmp_path / "out"), "--no-progress")
    _clean_failure(result, "cannot write the results into", "No space left on device")
    assert not (tmp_path / "out").exists()  # made for the check, removed again


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anyway")
def test_read_only_out_fails_before_running(tmp_path, monkeypatch):
    _no_simulation(monkeypatch)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = invoke("run", "hybrid", "--out", str(locked), "--no-progress")
    finally:
        locked.chmod(0o700)
    _clean_failure(result, "cannot write the results into")


@pytest.mark.parametrize("marker", ["experiment.toml", "runs"])
@pytest.mark.parametrize("command", ["run", "compare"])
def test_out_holding_a_sweep_is_refused(tmp_path, monkeypatch, command, marker):
    _no_simulation(monkeypatch)
    if marker == "runs":
        (tmp_path / "runs").mkdir()
    else:
        (tmp_path / marker).write_text("# sweep\n", encoding="utf-8")
    (tmp_path / "scenario.toml").write_text("# the sweep's own\n", encoding="utf-8")
    names = ["hybrid"] if command == "run" else ["hybrid", "top_down"]
    result = invoke(command, *names, "--out", str(tmp_path), "--no-progress")
    _clean_failure(result, "holds the results of a sweep", "--out")
    assert (tmp_path / "scenario.toml").read_text(encoding="utf-8") == "# the sweep's own\n"


@pytest.mark.parametrize("command", ["run", "compare"])
def test_ctrl_c_exits_cleanly_and_writes_nothing(tmp_path, monkeypatch, command):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("netsim.cli.main.run_scenario", interrupted)
    monkeypatch.setattr("netsim.cli.main.compare_scenarios", interrupted)
    names = ["hybrid"] if command == "run" else ["hybrid", "top_down"]
    out = tmp_path / "out"
    result = invoke(command, *names, "--out", str(out), "--workers", "2", "--no-progress")
    _clean_failure(result, "interrupted: nothing was written")
    assert not out.exists()  # the folder made for the run is removed again


def test_ctrl_c_keeps_a_folder_that_existed(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("netsim.cli.main.run_scenario", interrupted)
    (tmp_path / "mine.txt").write_text("kept", encoding="utf-8")
    result = invoke("run", "hybrid", "--out", str(tmp_path), "--no-progress")
    _clean_failure(result, "interrupted: nothing was written")
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "kept"
    nested = tmp_path / "a" / "b"
    result = invoke("run", "hybrid", "--out", str(nested), "--no-progress")
    _clean_failure(result, "interrupted: nothing was written")
    assert not (tmp_path / "a").exists()  # both folders made for the run are gone


def test_failed_write_leaves_no_half_written_file(tmp_path, monkeypatch):
    out = tmp_path / "run"
    (out).mkdir()
    (out / "report.html").write_text("old report", encoding="utf-8")

    real_write_text = Path.write_text

    def half(self, text, *args, **kwargs):
        if ".html" in self.name:  # the disk fills up half-way through the report
            real_write_text(self, text[:10], *args, **kwargs)
            raise OSError(28, "No space left on device")
        return real_write_text(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", half)
    result = invoke(
        "run", "workshop_growth", "--reps", "1", "--years", "0.5", "--out", str(out),
        "--no-progress",
    )  # fmt: skip
    _clean_failure(result, "cannot write the results into", "No space left on device")
    assert (out / "report.html").read_text(encoding="utf-8") == "old report"
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# --- messages ------------------------------------------------------------------------------


def test_share_sum_error_names_the_child_that_set_the_shares(tmp_path):
    child = tmp_path / "mine.toml"
    child.write_text(
        'title = "t"\nsummary = "s"\nextends = "default_country"\n'
        "[population]\nshare_primary = 0.9\nshare_lower_secondary = 0.9\n",
        encoding="utf-8",
    )
    result = invoke("validate", str(child))
    _clean_failure(result, "mine.toml: population.share_lower_secondary: ", "add up to")
    assert "default_country.toml" not in result.output


def test_shortened_child_is_named_in_the_event_month_error(tmp_path):
    child = tmp_path / "short.toml"
    child.write_text(
        'title = "t"\nsummary = "s"\nextends = "austerity_cut"\nmonths = 24\n', encoding="utf-8"
    )
    result = invoke("validate", str(child))
    _clean_failure(result, "austerity_cut.toml: events[0].month: got 60", "short.toml")
    assert "replace_events = true" in result.output
    assert "larger months" in result.output


@pytest.mark.parametrize(("month", "shown"), [("month = true\n", "got true"), ("", "got missing")])
def test_event_month_is_shown_as_written_in_toml(tmp_path, month, shown):
    path = tmp_path / "ev.toml"
    path.write_text(
        f'title = "t"\nsummary = "s"\n[[events]]\n{month}kind = "funding_cut"\nsize = 0.5\n',
        encoding="utf-8",
    )
    result = invoke("validate", str(path))
    _clean_failure(result, f"events[0].month: {shown}")
    assert "True" not in result.output
    assert "None" not in result.output


def test_summary_share_range_contains_its_mean(monkeypatch, capsys):
    from netsim.cli import main as cli

    table = pd.DataFrame(
        {"scenario": ["a"], "indicator": ["reach_teachers"], "mean": [0.048], "p5": [0.046],
         "p95": [0.054]}
    )  # fmt: skip
    monkeypatch.setattr(cli, "summarise", lambda data: table)
    cli._print_summary(pd.DataFrame({"scenario": ["a"]}))
    out = capsys.readouterr().out
    assert "4.8% (4.6-5.4)" in out


def test_reps_beyond_the_bound_are_refused_before_anything_runs(tmp_path, monkeypatch):
    _no_simulation(monkeypatch)
    out = tmp_path / "out"
    result = invoke("run", "hybrid", "--reps", "100000000", "--out", str(out))
    assert result.exit_code == 2
    assert "--reps" in result.output
    assert "10000" in result.output
    assert not out.exists()
