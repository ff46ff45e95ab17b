"""A command killed with SIGKILL leaves no worker process behind (real processes, psutil).

`kill -9` gives the command no chance to stop its pool: the workers notice that
their parent is gone (:func:`netsim.evaluate.engines.start_worker`) and end, and the
resource tracker, whose pipe they held open, ends with them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

WORKERS_UP_S = 60  # importing netsim in a spawned worker takes a few seconds on a busy machine
GONE_WITHIN_S = 10


def _wait_for_workers(proc: psutil.Process, n: int) -> list[psutil.Process]:
    deadline = time.monotonic() + WORKERS_UP_S
    while time.monotonic() < deadline:
        kids = proc.children(recursive=True)
        workers = [k for k in kids if "spawn_main" in " ".join(k.cmdline())]
        if len(workers) >= n:
            return kids
        time.sleep(0.2)
    raise AssertionError(f"fewer than {n} workers started within {WORKERS_UP_S} s")


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.parametrize(
    "args",
    [
        ["run", "hybrid", "--reps", "6", "--workers", "2", "--no-progress"],
        ["compare", "hybrid", "top_down", "--reps", "3", "--workers", "2", "--no-progress"],
        ["sweep", "quick", "--workers", "2", "--no-progress"],
        ["sweep", "quick", "--engine", "dask", "--workers", "2", "--no-progress"],
    ],
    ids=["run", "compare", "sweep", "sweep-dask"],
)
def test_kill_9_leaves_no_worker_running(tmp_path: Path, args: list[str]) -> None:
    cmd = [sys.executable, "-m", "netsim", *args, "--out", str(tmp_path / "out")]
    child = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    kids: list[psutil.Process] = []
    try:
        kids = _wait_for_workers(psutil.Process(child.pid), 2)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + GONE_WITHIN_S
        while _alive(kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _alive(kids)
        assert not left, [" ".join(p.cmdline())[:80] for p in left]
    finally:
        child.kill()
        for p in _alive(kids):  # (only when the test failed)
            p.kill()
