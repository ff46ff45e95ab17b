"""Run replications of scenarios and write tidy results (the evaluator layer).

Seeds
    A run with master seed ``S`` gives replication ``i`` the seed
    ``SeedSequence(S).spawn(n)[i].generate_state(1, uint64)[0] >> 1`` (see
    :func:`derive_seeds`): a 63-bit integer that depends only on ``S`` and ``i``,
    never on the number of replications or of worker processes, so replication
    3 of ``--reps 5`` is replication 3 of ``--reps 50``. A comparison gives every
    scenario the same seeds (common random numbers), which makes the paired
    differences between scenarios much less noisy.

Results
    :attr:`RunResult.data` is a tidy table with one row per replication and
    month (month 0 is the state before the first step). Its columns are, in
    order: ``scenario``, ``replication``, ``seed``, ``month``, then one column
    ``param_<name>`` per model parameter (the prefix keeps parameters apart from
    indicators), then every indicator the model reports, unchanged. The
    network-shape indicators are NaN except every ``network_interval`` months.

Differences between scenarios are computed by :func:`netsim.analysis.tables.differences`
(paired Student-t 95 % intervals).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from netsim.analysis.tables import PARAM_PREFIX, differences
from netsim.core.model import PDNetworkModel
from netsim.core.params import PARAMETERS
from netsim.io.scenarios import Scenario, scenario_to_toml
from netsim.report.pages import comparison_report, run_report

SNAPSHOT_TEACHERS = 600
"""Teachers kept in the end-of-run network picture (engaged ones first)."""


def derive_seeds(seed: int, n: int) -> list[int]:
    """Return the seeds of ``n`` replications derived from the master ``seed``.

    Replication ``i`` gets the first 64-bit word of the ``i``-th child of
    ``numpy.random.SeedSequence(seed)``, shifted right by one bit so that it fits
    a signed 64-bit column. The ``i``-th seed does not depend on ``n``.

    Args:
        seed: the master seed, a non-negative integer.
        n: number of replications.
    """
    children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


@dataclass(frozen=True, slots=True)
class Task:
    """One replication to run, self-contained so that it can go to another process.

    Attributes:
        scenario: the scenario's name.
        replication: index of the replication (0-based).
        seed: the replication's seed.
        params: every model parameter.
        events: the scheduled shocks.
        months: months to run.
        snapshot: whether to keep the network at the end for drawing.
    """

    scenario: str
    replication: int
    seed: int
    params: dict[str, Any]
    events: list[dict[str, Any]]
    months: int
    snapshot: bool = False


@dataclass(slots=True)
class Replication:
    """What one replication returns.

    Attributes:
        task: the task that was run.
        data: the model's indicators, one row per month.
        log: the model's log, (month, sentence) pairs.
        snapshot: nodes and edges at the end, if asked for.
    """

    task: Task
    data: pd.DataFrame
    log: list[tuple[int, str]]
    snapshot: dict[str, pd.DataFrame] | None


def run_task(task: Task) -> Replication:
    """Build the model of ``task``, run it for ``task.months`` months and read it."""
    model = PDNetworkModel(rng=task.seed, events=task.events, **task.params)
    for _ in range(task.months):
        model.step()
    data = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    data["month"] = data["month"].astype(int)
    snapshot = model.network_snapshot(max_teachers=SNAPSHOT_TEACHERS) if task.snapshot else None
    return Replication(task, data, list(model.log), snapshot)


def _tidy(rep: Replication) -> pd.DataFrame:
    """Put the identifying and parameter columns in front of the indicators."""
    t = rep.task
    n = len(rep.data)
    front = {
        "scenario": [t.scenario] * n,
        "replication": np.full(n, t.replication, np.int64),
        "seed": np.full(n, t.seed, np.int64),
        "month": rep.data["month"].to_numpy(),
    }
    params = {f"{PARAM_PREFIX}{k}": [v] * n for k, v in t.params.items()}
    indicators = rep.data.drop(columns="month")
    return pd.concat([pd.DataFrame(front | params), indicators], axis=1)


def _ignore_sigint() -> None:
    """Worker initializer: leave Ctrl-C to the parent, which shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _executor(workers: int, tasks: int) -> Executor | None:
    """A pool of spawned processes (``workers`` 0: one per CPU), or None to run here.

    The workers ignore SIGINT, so Ctrl-C interrupts only the parent process
    (which raises KeyboardInterrupt) instead of printing a traceback per worker.
    """
    n = min(workers or os.cpu_count() or 1, tasks)
    if n <= 1:
        return None
    return ProcessPoolExecutor(
        n, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint
    )


def execute(
    tasks: Sequence[Task], *, workers: int = 1, progress: bool = True, desc: str = "runs"
) -> list[Replication]:
    """Run ``tasks``, in this process or in a pool, and return them in the given order.

    Args:
        tasks: the replications to run.
        workers: processes to use; 1 runs here, 0 uses one per CPU.
        progress: show a progress bar on standard error.
        desc: label of the progress bar.
    """
    bar = tqdm(total=len(tasks), desc=desc, unit="run", disable=not progress, leave=False)
    pool = _executor(workers, len(tasks))
    try:
        if pool is None:
            out = []
            for task in tasks:
                out.append(run_task(task))
                bar.update()
            return out
        with pool:
            futures = {pool.submit(run_task, task): k for k, task in enumerate(tasks)}
            done: dict[int, Replication] = {}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                bar.update()
        return [done[k] for k in range(len(tasks))]
    finally:
        bar.close()


@dataclass(slots=True)
class RunResult:
    """Replications of one scenario.

    Attributes:
        scenario: the scenario that was run.
        seed: the master seed.
        seeds: the seed of each replication, derived from ``seed``.
        data: the tidy result table (see the module docstring).
        log: the models' logs: scenario, replication, month, text.
        snapshot: the network of replication 0 at the end (nodes and edges).
    """

    scenario: Scenario
    seed: int
    seeds: list[int]
    data: pd.DataFrame
    log: pd.DataFrame
    snapshot: dict[str, pd.DataFrame] | None


def _tasks(scenario: Scenario, seeds: list[int]) -> list[Task]:
    return [
        Task(scenario.name, k, s, scenario.params, scenario.events, scenario.months, k == 0)
        for k, s in enumerate(seeds)
    ]


def _collect(scenario: Scenario, seed: int, seeds: list[int], reps: list[Replication]) -> RunResult:
    data = pd.concat([_tidy(r) for r in reps], ignore_index=True)
    log = pd.DataFrame(
        [(r.task.scenario, r.task.replication, month, text) for r in reps for month, text in r.log],
        columns=["scenario", "replication", "month", "text"],
    )
    return RunResult(scenario, seed, seeds, data, log, reps[0].snapshot if reps else None)


def run_scenario(
    scenario: Scenario,
    *,
    reps: int = 10,
    seed: int = 0,
    workers: int = 1,
    progress: bool = True,
) -> RunResult:
    """Run ``reps`` replications of ``scenario`` with seeds derived from ``seed``.

    Args:
        scenario: a loaded scenario (see :func:`netsim.io.scenarios.load_scenario`).
        reps: number of replications.
        seed: master seed (see :func:`derive_seeds`).
        workers: processes to use; 1 runs here, 0 uses one per CPU. The results do
            not depend on it.
        progress: show a progress bar on standard error.
    """
    seeds = derive_seeds(seed, reps)
    done = execute(_tasks(scenario, seeds), workers=workers, progress=progress, desc=scenario.name)
    return _collect(scenario, seed, seeds, done)


@dataclass(slots=True)
class Comparison:
    """Replications of several scenarios with the same seeds.

    Attributes:
        runs: one result per scenario, the baseline first.
        data: the tidy tables of all runs, one under the other.
        differences: final differences to the baseline (see :func:`differences`).
    """

    runs: list[RunResult]
    data: pd.DataFrame
    differences: pd.DataFrame


def compare_scenarios(
    scenarios: Sequence[Scenario],
    *,
    reps: int = 10,
    seed: int = 0,
    workers: int = 1,
    progress: bool = True,
) -> Comparison:
    """Run every scenario with the same seeds and compare each with the first.

    Args:
        scenarios: two or more scenarios; the first is the baseline.
        reps: replications per scenario.
        seed: master seed shared by all scenarios.
        workers: processes to use; 1 runs here, 0 uses one per CPU.
        progress: show a progress bar on standard error.
    """
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"scenarios to compare must have different names, got {names}")
    seeds = derive_seeds(seed, reps)
    tasks = [t for s in scenarios for t in _tasks(s, seeds)]
    done = execute(tasks, workers=workers, progress=progress, desc="compare")
    runs = [
        _collect(s, seed, seeds, done[k * reps : (k + 1) * reps]) for k, s in enumerate(scenarios)
    ]
    data = pd.concat([r.data for r in runs], ignore_index=True)
    return Comparison(runs, data, differences(data, baseline=names[0]))


# --- writing ------------------------------------------------------------------------------


class OutputError(Exception):
    """An output folder that cannot or must not be written into."""


def prepare_output(out: Path) -> None:
    """Create ``out`` and check that results can be written into it, before running.

    Raises:
        OutputError: if ``out`` is a file, holds the results of a sweep
            (``experiment.toml`` or a ``runs/`` folder), cannot be created or is
            not writable.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write the results into {out}: it is a file, not a folder")
    if (out / "experiment.toml").exists() or (out / "runs").is_dir():
        raise OutputError(
            f"{out} holds the results of a sweep; use another --out folder "
            "so that they are not overwritten"
        )
    probe = out / f".netsim-probe.{os.getpid()}.tmp"
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"probe")
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write the results into {out}: {reason}") from None


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` through ``write`` to a temporary name, then rename it into place.

    A failed write leaves no half-written file: the temporary file is removed
    and any older ``path`` stays as it was.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_text(text, "utf-8")

    return write


def _parameter_check(data: pd.DataFrame) -> None:
    """Fail loudly if a table lost its parameter columns (a bug, not a user error)."""
    missing = [n for n in PARAMETERS if f"{PARAM_PREFIX}{n}" not in data.columns]
    if missing:
        raise RuntimeError(f"result table misses parameter columns {missing[:3]}...")


def write_run(result: RunResult, out: Path) -> list[Path]:
    """Write ``results.parquet``, ``results.csv``, ``log.csv``, ``scenario.toml``, ``report.html``.

    Args:
        result: the replications of one scenario.
        out: the directory to write into; created if needed.

    Returns:
        The files written.
    """
    _parameter_check(result.data)
    out.mkdir(parents=True, exist_ok=True)
    names = ("results.parquet", "results.csv", "log.csv", "scenario.toml", "report.html")
    parquet, csv, log, toml, html = written = [out / name for name in names]
    _write_atomic(parquet, lambda tmp: result.data.to_parquet(tmp, index=False))
    _write_atomic(csv, lambda tmp: result.data.to_csv(tmp, index=False))
    _write_atomic(log, lambda tmp: result.log.to_csv(tmp, index=False))
    _write_atomic(toml, _text_writer(scenario_to_toml(result.scenario)))
    _write_atomic(html, _text_writer(run_report(result)))
    return written


def write_comparison(comparison: Comparison, out: Path) -> list[Path]:
    """Write the comparison tables, each scenario's resolved TOML and ``comparison.html``.

    Files: ``comparison.parquet``, ``comparison.csv``, ``differences.csv``,
    ``log.csv``, ``<scenario>.toml`` for each scenario and ``comparison.html``.

    Args:
        comparison: the result of :func:`compare_scenarios`.
        out: the directory to write into; created if needed.

    Returns:
        The files written.
    """
    _parameter_check(comparison.data)
    out.mkdir(parents=True, exist_ok=True)
    log = pd.concat([r.log for r in comparison.runs], ignore_index=True)
    written = [out / "comparison.parquet", out / "comparison.csv", out / "differences.csv"]
    _write_atomic(written[0], lambda tmp: comparison.data.to_parquet(tmp, index=False))
    _write_atomic(written[1], lambda tmp: comparison.data.to_csv(tmp, index=False))
    _write_atomic(written[2], lambda tmp: comparison.differences.to_csv(tmp, index=False))
    _write_atomic(out / "log.csv", lambda tmp: log.to_csv(tmp, index=False))
    written.append(out / "log.csv")
    for run in comparison.runs:
        path = out / f"{run.scenario.name}.toml"
        _write_atomic(path, _text_writer(scenario_to_toml(run.scenario)))
        written.append(path)
    _write_atomic(out / "comparison.html", _text_writer(comparison_report(comparison)))
    written.append(out / "comparison.html")
    return written
