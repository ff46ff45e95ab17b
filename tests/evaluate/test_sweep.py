"""Sweeps: engine-independent results, resuming after a kill, failed runs, analysis errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.evaluate.sweep import sweep
from netsim.io.experiments import load_experiment

runner = CliRunner()

GRID = """
title = "tiny grid"
scenario = "bottom_up"
months = {months}
replications = 2
seed = 7

[design]
method = "grid"

[fixed]
n_teachers = {teachers}
n_regions = 3

[parameters.initial_trust]
values = [0.1, 0.4, 0.7]

[parameters.w_peers]
values = {peers}

[outcomes.reach]
indicator = "reach_teachers"

[outcomes.trust]
indicator = "trust_mean"
stat = "mean"
window = [6, {months}]

[outcomes.shape]
indicator = "largest_component"
stat = "series"
"""


def experiment(
    tmp_path: Path, *, months: int = 12, teachers: int = 200, peers: str = "[1.0, 4.0]"
) -> Path:
    path = tmp_path / "exp.toml"
    path.write_text(GRID.format(months=months, teachers=teachers, peers=peers), encoding="utf-8")
    return path


def tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    runs = pd.read_parquet(folder / "runs").sort_values("run_id", ignore_index=True)
    indicators = pd.read_parquet(folder / "indicators").sort_values(
        ["run_id", "month"], ignore_index=True
    )
    return runs, indicators


def same(a: Path, b: Path) -> None:
    runs_a, ind_a = tables(a)
    runs_b, ind_b = tables(b)
    assert (
        ind_a.to_csv(float_format="%.17g").encode() == ind_b.to_csv(float_format="%.17g").encode()
    )
    pd.testing.assert_frame_equal(ind_a, ind_b, check_exact=True)
    pd.testing.assert_frame_equal(
        runs_a.drop(columns="wall_time"), runs_b.drop(columns="wall_time"), check_exact=True
    )


def sweep_cli(*args: str) -> None:
    result = runner.invoke(app, ["sweep", *args, "--no-progress"])
    assert result.exit_code == 0, result.output


def test_tables_have_one_row_per_run_and_month(tmp_path: Path) -> None:
    exp = experiment(tmp_path)
    sweep_cli(str(exp), "--out", str(tmp_path / "out"))
    runs, indicators = tables(tmp_path / "out")
    assert runs["run_id"].tolist() == list(range(12))
    assert (runs["status"] == "ok").all()
    assert runs["seed"].nunique() == 12
    assert {"param_initial_trust", "param_n_teachers", "out_reach", "out_trust"} <= set(
        runs.columns
    )
    assert "out_shape" not in runs.columns
    assert len(indicators) == 12 * 13
    assert list(indicators.columns) == [
        "run_id",
        "month",
        "reach_teachers",
        "trust_mean",
        "largest_component",
    ]
    last = indicators[indicators["month"] == 12].set_index("run_id")["reach_teachers"]
    assert (last.to_numpy() == runs["out_reach"].to_numpy()).all()
    assert (tmp_path / "out" / "experiment.toml").is_file()
    assert (
        load_experiment(tmp_path / "out" / "experiment.toml").fingerprint()
        == load_experiment(exp).fingerprint()
    )


def test_workers_and_engine_do_not_change_results(tmp_path: Path) -> None:
    from distributed import LocalCluster

    exp = experiment(tmp_path)
    sweep_cli(str(exp), "--out", str(tmp_path / "one"), "--workers", "1")
    sweep_cli(str(exp), "--out", str(tmp_path / "two"), "--workers", "2")
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        sweep_cli(
            str(exp), "--out", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address
        )
    same(tmp_path / "one", tmp_path / "two")
    same(tmp_path / "one", tmp_path / "dask")


def test_killed_sweep_resumes_to_the_same_tables(tmp_path: Path) -> None:
    exp = experiment(tmp_path, months=24, teachers=500, peers="[0.5, 1.0, 2.0, 3.0, 4.0, 5.0]")
    whole, part = tmp_path / "whole", tmp_path / "part"
    sweep(load_experiment(exp), whole, progress=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "netsim", "sweep", str(exp), "--out", str(part), "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if len(list((part / "runs").glob("run-*.parquet"))) >= 5:
                break
            assert proc.poll() is None, "the sweep finished before it could be killed"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    written = len(list((part / "runs").glob("run-*.parquet")))
    assert 5 <= written < 36
    summary = sweep(load_experiment(exp), part, progress=False)
    assert summary.skipped == written
    assert summary.ok + summary.skipped == summary.total == 36
    same(whole, part)


def test_failing_run_is_recorded_and_others_go_on(tmp_path: Path) -> None:
    text = experiment(tmp_path).read_text(encoding="utf-8")
    text = text.replace(
        "[parameters.w_peers]\nvalues = [1.0, 4.0]",
        "[parameters.share_primary]\nvalues = [0.4, 0.7]",
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["sweep", str(path), "--out", str(tmp_path / "out"), "--no-progress"]
    )
    assert result.exit_code == 1, result.output
    assert "6 ok, 6 failed" in result.output
    assert "6 of 12 runs failed; see the error column" in result.stderr
    runs, indicators = tables(tmp_path / "out")
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 6
    assert (failed["param_share_primary"] == 0.7).all()
    assert failed["error"].str.startswith("ParameterError: parameter 'share_upper_secondary'").all()
    assert failed["out_reach"].isna().all()
    assert set(indicators["run_id"]) == set(runs.loc[runs["status"] == "ok", "run_id"])
    again = runner.invoke(
        app, ["sweep", str(path), "--out", str(tmp_path / "out"), "--no-progress"]
    )
    assert "12 already done, 0 ok, 0 failed" in again.output
    assert again.exit_code == 1  # the folder still holds the failed runs
    assert "6 of 12 runs failed" in again.stderr
    analysis = runner.invoke(app, ["analyze", str(tmp_path / "out")])
    assert analysis.exit_code == 0, analysis.output
    assert "6 runs failed" in analysis.output


def test_other_experiment_in_the_folder_is_refused(tmp_path: Path) -> None:
    sweep_cli(str(experiment(tmp_path)), "--out", str(tmp_path / "out"))
    other = experiment(tmp_path, months=10)
    result = runner.invoke(
        app, ["sweep", str(other), "--out", str(tmp_path / "out"), "--no-progress"]
    )
    assert result.exit_code == 1
    assert "holds the results of another experiment" in result.output


def test_analyze_grid_surface_and_clear_errors(tmp_path: Path) -> None:
    sweep_cli(str(experiment(tmp_path)), "--out", str(tmp_path / "out"))
    result = runner.invoke(app, ["analyze", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    points = pd.read_csv(tmp_path / "out" / "points.csv")
    assert len(points) == 6
    assert (points["runs_ok"] == 2).all()
    assert {"reach_mean", "reach_sd", "trust_p5", "trust_p95"} <= set(points.columns)
    missing = runner.invoke(app, ["analyze", str(tmp_path / "nothing")])
    assert missing.exit_code == 1
    assert "holds no sweep results" in missing.output
    bad = runner.invoke(app, ["sweep", "quik", "--no-progress"])
    assert bad.exit_code == 1
    assert "did you mean 'quick'" in bad.output


def test_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "scenario.toml").write_text("# a netsim run result\n", encoding="utf-8")
    result = runner.invoke(
        app, ["sweep", str(experiment(tmp_path)), "--out", str(out), "--no-progress"]
    )
    assert result.exit_code == 1
    assert "is not empty and holds no experiment.toml" in result.output
    assert (out / "scenario.toml").read_text(encoding="utf-8") == "# a netsim run result\n"
    assert sorted(p.name for p in out.iterdir()) == ["scenario.toml"]


def test_a_sweep_killed_while_preparing_its_folder_starts_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for folder in ("runs", "indicators"):  # what prepare() makes before experiment.toml
        (out / folder).mkdir(parents=True)
    (out / "scenario.toml").write_text("# half a sweep\n", encoding="utf-8")
    (out / ".experiment.toml.999999999.tmp").write_text("# cut", encoding="utf-8")  # pid gone
    (out / "runs" / ".run-00000001.parquet.999999999.tmp").write_bytes(b"PAR1")
    result = runner.invoke(
        app, ["sweep", str(experiment(tmp_path)), "--out", str(out), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert not list(out.rglob("*.tmp"))
    assert len(list((out / "runs").iterdir())) == 12


FIXED_SHARES = """
title = "fixed shares"
scenario = "default_country"
months = 2
[design]
method = "grid"
[fixed]
n_teachers = 50
n_regions = 2
share_lower_secondary = 0.5
[parameters.share_primary]
values = [0.2, 0.25]
[outcomes.reach]
indicator = "reach_teachers"
"""


def test_written_files_load_back_with_fixed_and_name(tmp_path: Path) -> None:
    path = tmp_path / "shares.toml"
    path.write_text(FIXED_SHARES, encoding="utf-8")
    out = tmp_path / "out"
    sweep_cli(str(path), "--out", str(out))
    again = load_experiment(out / "experiment.toml")
    assert again.fingerprint() == load_experiment(path).fingerprint()
    assert again.name == "shares"
    assert again.fixed["share_lower_secondary"] == 0.5
    resumed = runner.invoke(
        app, ["sweep", str(out / "experiment.toml"), "--out", str(out), "--no-progress"]
    )
    assert resumed.exit_code == 0, resumed.output
    assert "2 already done" in resumed.output
    analysis = runner.invoke(app, ["analyze", str(out)])
    assert analysis.exit_code == 0, analysis.output


def test_bad_scheduler_fails_cleanly_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["sweep", str(experiment(tmp_path)), "--out", str(out), "--scheduler", "notanaddress"],
    )
    assert result.exit_code == 1
    assert "--scheduler: cannot connect to notanaddress" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_every_run_failing_exits_1(tmp_path: Path) -> None:
    text = experiment(tmp_path).read_text(encoding="utf-8")
    text = text.replace(
        "[parameters.w_peers]\nvalues = [1.0, 4.0]",
        "[parameters.share_primary]\nvalues = [0.7, 0.8]",
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["sweep", str(path), "--out", str(tmp_path / "out"), "--no-progress"]
    )
    assert result.exit_code == 1
    assert "0 ok, 12 failed" in result.output
    assert "every run failed" in result.output
    assert len(list((tmp_path / "out" / "runs").glob("run-*.parquet"))) == 12


def test_corrupt_part_file_is_named_and_redone(tmp_path: Path) -> None:
    from netsim.evaluate.sweep import done_runs

    out = tmp_path / "out"
    sweep_cli(str(experiment(tmp_path, months=6, teachers=50)), "--out", str(out))
    part = out / "runs" / "run-00000003.parquet"
    part.write_bytes(part.read_bytes()[:20])
    result = runner.invoke(app, ["analyze", str(out)])
    assert result.exit_code == 1
    assert f"cannot read {part}" in result.output
    assert "Traceback" not in result.output
    assert 3 not in done_runs(out)
    assert len(done_runs(out)) == 11


def test_truncated_or_misnamed_parts_are_redone_to_the_same_tables(tmp_path: Path) -> None:
    from netsim.evaluate.sweep import done_runs

    exp = str(experiment(tmp_path, months=6, teachers=50))
    ref, out = tmp_path / "ref", tmp_path / "out"
    sweep_cli(exp, "--out", str(ref))
    sweep_cli(exp, "--out", str(out))
    series = out / "indicators" / "run-00000004.parquet"
    series.write_bytes(series.read_bytes()[:40])  # the row of run 4 still says ok
    (out / "indicators" / "run-00000006.parquet").unlink()
    copied = out / "runs" / "run-00000007.parquet"
    copied.write_bytes((out / "runs" / "run-00000008.parquet").read_bytes())
    assert done_runs(out) == set(range(12)) - {4, 6, 7}
    sweep_cli(exp, "--out", str(out))
    assert done_runs(out) == set(range(12))
    same(ref, out)


@pytest.mark.parametrize("name", [r"two\rlines", r"line\u2028separator", r"new\nline", r"tab\t"])
def test_a_name_with_line_breaks_is_refused_by_name(tmp_path: Path, name: str) -> None:
    text = experiment(tmp_path, months=6, teachers=50).read_text(encoding="utf-8")
    path = tmp_path / "named.toml"
    path.write_text(f'name = "{name}"\n' + text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["sweep", str(path), "--out", str(out), "--no-progress"])
    assert result.exit_code == 1
    assert "name:" in result.output
    assert "one line of text" in result.output
    assert not out.exists()


def test_the_fingerprint_heads_the_folders_experiment_file(tmp_path: Path) -> None:
    text = experiment(tmp_path, months=6, teachers=50).read_text(encoding="utf-8")
    path = tmp_path / "named.toml"
    path.write_text("name = \"it's 'quoted'; fingerprint 0\"\n" + text, encoding="utf-8")
    out = tmp_path / "out"
    sweep_cli(str(path), "--out", str(out))
    head = (out / "experiment.toml").read_text(encoding="utf-8").partition("\n")[0]
    assert head.startswith("# fingerprint ")
    sweep_cli(str(path), "--out", str(out))  # resumes: the same experiment
    sweep_cli(str(out / "experiment.toml"), "--out", str(out))  # from the folder's own file


def test_a_scheduler_that_never_answers_gives_a_message(tmp_path):
    # A server that accepts the connection and never speaks: Dask's connect timeout
    # does not cover its handshake, and `netsim sweep --scheduler` waited forever.
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    out = tmp_path / "never"
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "netsim", "sweep", "quick", "--scheduler", address,
             "--out", str(out)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert proc.returncode == 1
    assert f"cannot connect to {address}: no answer from the scheduler" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


STATS_EXPERIMENT = """
title = "outcome stats"
scenario = "bottom_up"
months = 24
replications = 2
seed = 3

[design]
method = "grid"

[fixed]
n_teachers = 300
n_regions = 2
network_interval = 6

[parameters.w_peers]
values = [1.0, 4.0]

[outcomes.final]
indicator = "reach_teachers"

[outcomes.peak]
indicator = "reach_teachers"
stat = "max"

[outcomes.low_late]
indicator = "reach_teachers"
stat = "min"
window = [12, 24]

[outcomes.at12]
indicator = "reach_teachers"
stat = "at"
month = 12

[outcomes.first5]
indicator = "reach_teachers_ever"
stat = "first_month"
threshold = 0.12

[outcomes.never]
indicator = "reach_teachers"
stat = "first_month"
threshold = 2.0

[outcomes.fall]
indicator = "trust_mean"
stat = "first_month"
threshold = 0.3
crossing = "down"

[outcomes.net13]
indicator = "exchanges_centre_school"
stat = "at"
month = 13

[outcomes.series]
indicator = "reach_teachers"
stat = "series"
"""


def test_outcome_stats_read_the_runs_series(tmp_path: Path) -> None:
    path = tmp_path / "stats.toml"
    path.write_text(STATS_EXPERIMENT, encoding="utf-8")
    out = tmp_path / "out"
    sweep_cli(str(path), "--out", str(out))
    runs, series = tables(out)
    for run in runs.itertuples():
        s = series[series["run_id"] == run.run_id].set_index("month")["reach_teachers"]
        assert run.out_final == s.iloc[-1]
        assert run.out_peak == s.max()
        assert run.out_low_late == s.loc[12:24].min()
        assert run.out_at12 == s.loc[12]
        assert run.out_never == 25  # never reached: the run's months + 1
        ever = series[series["run_id"] == run.run_id].set_index("month")["reach_teachers_ever"]
        assert run.out_first5 == (ever[ever >= 0.12].index.min() if (ever >= 0.12).any() else 25)
        trust = series[series["run_id"] == run.run_id].set_index("month")["trust_mean"]
        fell = trust[trust <= 0.3]
        assert run.out_fall == (fell.index.min() if len(fell) else 25)
        # measured every 6 months: at month 13, the value measured at month 12
        net = series[series["run_id"] == run.run_id].set_index("month")["exchanges_centre_school"]
        assert np.isnan(net.loc[13])
        assert run.out_net13 == net.loc[12]
        assert not np.isnan(run.out_net13)
    ever = pd.read_parquet(out / "indicators", columns=["run_id", "month"])
    assert ever["month"].max() == 24
    assert runs["out_first5"].between(0, 25).all()
    # the resolved file keeps the new keys and loads back to the same experiment
    again = load_experiment(out / "experiment.toml")
    assert {o.name: (o.month, o.threshold) for o in again.outcomes}["at12"] == (12, None)
    assert {o.name: o.crossing for o in again.outcomes}["fall"] == "down"
    assert again.fingerprint() == load_experiment(path).fingerprint()


@pytest.mark.parametrize(
    ("crossing", "values", "month"),
    [
        ("up", [0.1, 0.2, 0.35, 0.2, 0.4, 0.5], 2),
        ("down", [0.5, 0.4, 0.35, 0.2, 0.25, 0.1], 3),
        ("down", [0.5, 0.4, 0.35, 0.4, 0.45, 0.5], 6),  # never: the run's months + 1
        ("up", [0.1, np.nan, np.nan, 0.3, 0.2, 0.1], 3),  # months not measured are left out
    ],
)
def test_first_month_finds_the_first_crossing_either_way(
    crossing: str, values: list[float], month: int
) -> None:
    from netsim.evaluate.sweep import outcome_value
    from netsim.io.experiments import Outcome

    data = pd.DataFrame({"month": range(6), "x": values})
    outcome = Outcome("o", "x", "first_month", None, threshold=0.3, crossing=crossing)
    assert outcome_value(data, outcome) == month


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('stat = "at"', "missing: stat = 'at' needs a month"),
        ('stat = "at"\nmonth = 99', "a month from 0 to 24"),
        ('stat = "first_month"', "needs a threshold"),
        ('stat = "final"\nthreshold = 0.5', "a threshold is for stat"),
        ('stat = "max"\nmonth = 3', "a month is for stat"),
        ('stat = "max"\ncrossing = "down"', 'a crossing is for stat = "first_month"'),
        ('stat = "first_month"\nthreshold = 1\ncrossing = "under"', "up or down"),
        ('stat = "max"\nwindow = [20, 30]', "[from, to] with 0 <= from <= to <= 24"),
    ],
)
def test_outcome_stat_keys_are_checked(tmp_path: Path, table: str, message: str) -> None:
    from netsim.io.experiments import ExperimentError

    text = STATS_EXPERIMENT.split("[outcomes.final]")[0]
    text += f'[outcomes.bad]\nindicator = "reach_teachers"\n{table}\n'
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExperimentError, match=r"outcomes\.bad") as info:
        load_experiment(path)
    assert message in str(info.value)
