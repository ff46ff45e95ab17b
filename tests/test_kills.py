"""Commands killed at random moments, several times in a row, with real signals.

For `netsim run`, `compare`, `sweep` and `calibrate` (2 worker processes each):
SIGKILL and SIGINT at seeded random moments, three times in a row into the same output
folder. After each kill no process of the command is left (psutil) and the folder is
either absent or holds only whole files; then the same command, run to its end, gives
the same tables as a run never interrupted (a run and a comparison start clean, a sweep
and a calibration resume). The uninterrupted run is made in this process (the same
command through typer's runner, one worker: the tables of run, compare and sweep do not
depend on the number of workers), and the run to the end of a run or comparison uses
one worker, to keep the test short. A calibration on several workers is reproducible
only in what it does not sample (pyabc reseeds its worker processes): its run to the
end is checked to finish every generation with whole tables, and its resume on one
worker to equal an uninterrupted run in tests/studies/test_calibration.py.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from typer.testing import CliRunner

from netsim.cli.main import app

GONE_WITHIN_S = 10
KILLS = (signal.SIGKILL, signal.SIGINT, signal.SIGKILL)
COMMANDS = {
    "run": ["run", "workshop_growth", "--reps", "4", "--years", "1", "--seed", "3"],
    "compare": [
        "compare",
        "workshop_growth",
        "workshop_mandate",
        "--reps",
        "2",
        "--years",
        "1",
        "--seed",
        "3",
    ],
    "sweep": ["sweep", "quick"],
    "calibrate": ["calibrate", "CALIBRATION"],
}
TABLES = {
    "run": ["results.parquet"],
    "compare": ["comparison.parquet"],
    "sweep": ["runs", "indicators"],
    "calibrate": ["generations.parquet", "posterior.parquet"],
}
DELAYS = {"calibrate": (5.0, 15.0)}  # importing pyabc takes a few seconds
"""Seconds before a kill, drawn uniformly in this range (default 0.5 to 5)."""
CALIBRATION = """
title = "killed"
scenario = "hybrid"
months = 120
population = 8
seed = 2
[fixed]
n_teachers = 1000
n_regions = 2
[stop]
max_generations = 4
[parameters.w_peers]
low = 0.5
high = 5.0
[targets.talis_peer_networks]
"""
GENERATIONS = 4


def _netsim(args: list[str], out: Path, workers: int = 2) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "netsim", *args, "--workers", str(workers)]
    if args[0] != "calibrate":  # (calibrate prints one line per generation)
        cmd.append("--no-progress")
    return subprocess.Popen(
        [*cmd, "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def _kill_at(child: subprocess.Popen[bytes], delay: float, sig: signal.Signals) -> list[str]:
    """Send ``sig`` after ``delay`` s; wait until the command and all its processes are gone.

    Returns the command lines of processes still alive ``GONE_WITHIN_S`` after it ended.
    """
    parent = psutil.Process(child.pid)
    seen: dict[int, psutil.Process] = {}
    end = time.monotonic() + delay
    while time.monotonic() < end and child.poll() is None:
        try:
            for k in parent.children(recursive=True):
                seen.setdefault(k.pid, k)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    if child.poll() is None:
        child.send_signal(sig)
    child.wait(timeout=60)
    deadline = time.monotonic() + GONE_WITHIN_S
    while _alive(list(seen.values())) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _alive(list(seen.values()))
    for p in left:  # (only when the test fails)
        p.kill()
    return [" ".join(p.cmdline())[:100] for p in left]


def _whole(out: Path, *, killed: bool = False) -> None:
    """The folder is absent, or every file in it is whole: tables load, no temporary file.

    ``killed``: a process killed outright while writing a file leaves it under its
    temporary name (``.NAME.PID.tmp``, never read as a result); the next run removes it.
    """
    if not out.exists():
        return
    for path in out.rglob("*"):
        if path.name.endswith(".tmp"):
            assert killed, f"temporary file left: {path}"
            continue
        if path.suffix == ".parquet":
            pd.read_parquet(path)
        elif path.suffix == ".csv":
            pd.read_csv(path)


def _tables(out: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in names:
        path = out / name
        table = pd.read_parquet(path)
        table = table.drop(columns=["wall_time"], errors="ignore")  # seconds: never the same
        keys = [c for c in ("run", "scenario", "replication", "month") if c in table.columns]
        tables[name] = table.sort_values(keys).reset_index(drop=True) if keys else table
    return tables


@pytest.mark.parametrize("command", list(COMMANDS))
def test_killed_again_and_again_then_run_to_the_end(tmp_path: Path, command: str) -> None:
    args = COMMANDS[command]
    if command == "calibrate":
        file = tmp_path / "killed.toml"
        file.write_text(CALIBRATION, encoding="utf-8")
        args = [*args[:-1], str(file)]
        expected = {}
    else:
        options = ["--workers", "1", "--no-progress", "--out", str(tmp_path / "reference")]
        reference = CliRunner().invoke(app, [*args, *options])
        assert reference.exit_code == 0, reference.output
        expected = _tables(tmp_path / "reference", TABLES[command])

    out = tmp_path / "out"
    delays = random.Random(f"kills-{command}")  # seeded: the same moments every time
    for sig in KILLS:
        child = _netsim(args, out)
        delay = delays.uniform(*DELAYS.get(command, (0.5, 5.0)))
        left = _kill_at(child, delay, sig)
        assert not left, (sig, left)
        _whole(out, killed=sig == signal.SIGKILL)
        files = sorted(str(f.relative_to(out)) for f in out.rglob("*.*")) if out.exists() else None
        print(f"{command}: {sig.name} at {delay:.1f} s -> {files}")  # shown with pytest -s

    final = _netsim(args, out, workers=2 if command in ("sweep", "calibrate") else 1)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()
    _whole(out)
    got = _tables(out, TABLES[command])
    if command == "calibrate":
        assert sorted(got["generations.parquet"]["t"]) == list(range(GENERATIONS))
        assert len(got["posterior.parquet"]) > 0
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, check_like=True)
