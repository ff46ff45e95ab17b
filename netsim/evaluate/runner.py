"""Run replications of scenarios into tidy result tables (the evaluator layer).

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

Engines
    The replications go through :func:`netsim.evaluate.engines.evaluate`: here,
    in a pool of processes or on Dask (``workers`` or ``engine``), with its
    progress bar and Ctrl-C policy. Every replication carries its seed, so the
    results do not depend on the engine.

Differences between scenarios are computed by :func:`netsim.analysis.tables.differences`
(paired Student-t 95 % intervals); the folders of a run and of a comparison
(tables, resolved scenarios, HTML report) are written by
:mod:`netsim.report.outputs`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from netsim.analysis.tables import settling
from netsim.core.model import PDNetworkModel
from netsim.evaluate.agents import COLUMNS as AGENT_COLUMNS
from netsim.evaluate.agents import AgentRecorder, AgentSample
from netsim.evaluate.engines import Engine, evaluate, make_engine
from netsim.io.folders import PARAM_PREFIX
from netsim.io.scenarios import Scenario

SNAPSHOT_TEACHERS = 600
"""Teachers kept in the end-of-run network picture (engaged ones first)."""


MAX_REPS = 10_000
"""The most replications of one scenario a run or a comparison takes (a bound set before any
seed is drawn: ``--reps 100000000`` took gigabytes before its first replication)."""


def replication_seeds(seed: int, reps: int) -> list[int]:
    """:func:`derive_seeds` for the replications of a run or comparison, ``reps`` bounded.

    Raises:
        ValueError: if ``reps`` is not from 1 to :data:`MAX_REPS`.
    """
    if not 1 <= reps <= MAX_REPS:
        raise ValueError(f"reps must be from 1 to {MAX_REPS}, got {reps}")
    return derive_seeds(seed, reps)


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

    The one description of a model run: runs, comparisons, studies and the
    dashboard run tasks with :func:`execute`; a sweep wraps each in a
    :class:`netsim.evaluate.sweep.RunSpec` with what to keep of it.

    Attributes:
        scenario: the scenario's name (a label; a sweep's runs have none).
        replication: index of the replication (0-based).
        seed: the replication's seed.
        params: every model parameter.
        events: the scheduled shocks.
        months: months to run.
        snapshot: whether to keep the network at the end for drawing.
        agents: which teachers to record, and how often; None: none.
    """

    scenario: str
    replication: int
    seed: int
    params: dict[str, Any]
    events: list[dict[str, Any]]
    months: int
    snapshot: bool = False
    agents: AgentSample | None = None


@dataclass(slots=True)
class Replication:
    """What one replication returns.

    Attributes:
        task: the task that was run.
        data: the model's indicators, one row per month.
        log: the model's log, (month, sentence) pairs.
        snapshot: nodes and edges at the end, if asked for.
        agents: the sampled teachers month by month (see
            :class:`netsim.evaluate.agents.AgentRecorder`), if asked for.
    """

    task: Task
    data: pd.DataFrame
    log: list[tuple[int, str]]
    snapshot: dict[str, pd.DataFrame] | None
    agents: pd.DataFrame | None = None


def run_task(task: Task) -> Replication:
    """Build the model of ``task``, run it for ``task.months`` months and read it."""
    model = PDNetworkModel(rng=task.seed, events=task.events, **task.params)
    recorder = None if task.agents is None else AgentRecorder(model, task.agents, task.seed)
    recorded = set(task.agents.months(task.months)) if task.agents is not None else set()
    if recorder is not None and 0 in recorded:
        recorder.observe()
    for month in range(1, task.months + 1):
        model.step()
        if recorder is not None and month in recorded:
            recorder.observe()
    data = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    data["month"] = data["month"].astype(int)
    snapshot = model.network_snapshot(max_teachers=SNAPSHOT_TEACHERS) if task.snapshot else None
    agents = recorder.table() if recorder is not None else None
    return Replication(task, data, list(model.log), snapshot, agents)


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


def execute(
    tasks: Sequence[Task],
    *,
    workers: int = 1,
    engine: Engine | None = None,
    progress: bool = True,
    desc: str = "runs",
    on_done: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[Replication]:
    """Run ``tasks`` (see :func:`netsim.evaluate.engines.evaluate`) and return them in order.

    Args:
        tasks: the replications to run.
        workers: processes to use when no ``engine`` is given; 1 runs here, 0 uses
            one per CPU.
        engine: where to run them (left open); by default one made from ``workers``.
        progress: show a progress bar on standard error.
        desc: label of the progress bar.
        on_done: called with (done, total) after each replication.
        cancel: when set, stop between replications and raise
            :class:`~netsim.evaluate.engines.RunCancelledError`.
    """
    with contextlib.ExitStack() as own:
        if engine is None:
            engine = own.enter_context(make_engine(workers, tasks=len(tasks)))
        return evaluate(
            run_task,
            tasks,
            engine=engine,
            progress=progress,
            desc=desc,
            on_done=on_done,
            cancel=cancel,
        )


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
        settling: how the replications settled (with a precision), else None.
        agents: the sampled teachers of every replication, month by month (``replication``
            and :data:`netsim.evaluate.agents.COLUMNS`), if asked for.
    """

    scenario: Scenario
    seed: int
    seeds: list[int]
    data: pd.DataFrame
    log: pd.DataFrame
    snapshot: dict[str, pd.DataFrame] | None
    settling: pd.DataFrame | None = None
    agents: pd.DataFrame | None = None


def _tasks(
    scenario: Scenario, seeds: list[int], first: int = 0, agents: AgentSample | None = None
) -> list[Task]:
    return [
        Task(scenario.name, k, s, scenario.params, scenario.events, scenario.months, k == 0, agents)
        for k, s in enumerate(seeds)
        if k >= first
    ]


DEFAULT_MAX_REPS = 200
"""The most replications ``precision`` adds up to unless told otherwise."""


def _replicate(
    scenarios: Sequence[Scenario],
    *,
    reps: int,
    seed: int,
    precision: float | None,
    max_reps: int,
    run: Callable[[list[Task]], list[Replication]],
    agents: AgentSample | None = None,
) -> tuple[list[int], list[list[Replication]], pd.DataFrame | None]:
    """Run ``reps`` replications of each scenario, then more until ``precision`` is met.

    With a ``precision``, replications are added (all scenarios alike, same seeds)
    until the 95 % interval of the mean final value of every headline share
    (:func:`netsim.analysis.tables.headline_shares`) is at most ``precision`` wide
    in every scenario, or ``max_reps`` is reached. Each round asks for as many
    replications as the current spread says are needed (at least half again as many).
    Replication ``i`` has the seed it has in a run of any other size.

    Returns:
        The seeds, each scenario's replications, and the settling table (None
        without a precision).
    """
    done: list[list[Replication]] = [[] for _ in scenarios]
    n = reps
    while True:
        seeds = replication_seeds(seed, n)
        first = len(done[0])
        new = run([t for s in scenarios for t in _tasks(s, seeds, first, agents)])
        per = n - first
        for k in range(len(scenarios)):
            done[k] += new[k * per : (k + 1) * per]
        if precision is None:
            return seeds, done, None
        data = pd.concat([_tidy(r) for reps_ in done for r in reps_], ignore_index=True)
        table = settling(data)
        last = table[table["replications"] == n]
        if n >= max_reps or (len(last) and bool((last["width"] <= precision).all())):
            return seeds, done, table
        # n such that 2 * t * sd / sqrt(n) <= precision, with t about 2
        wanted = (
            int(np.ceil(float(((4.0 * last["sd"] / precision) ** 2).max()))) if len(last) else n
        )
        n = min(max_reps, max(wanted, n + max(1, n // 2)))


def _collect(scenario: Scenario, seed: int, seeds: list[int], reps: list[Replication]) -> RunResult:
    data = pd.concat([_tidy(r) for r in reps], ignore_index=True)
    log = pd.DataFrame(
        [(r.task.scenario, r.task.replication, month, text) for r in reps for month, text in r.log],
        columns=["scenario", "replication", "month", "text"],
    )
    recorded = [
        r.agents.assign(replication=r.task.replication) for r in reps if r.agents is not None
    ]
    agents = None
    if recorded:
        agents = pd.concat(recorded, ignore_index=True)
        agents = agents[["replication", *AGENT_COLUMNS]]
    snapshot = reps[0].snapshot if reps else None
    return RunResult(scenario, seed, seeds, data, log, snapshot, agents=agents)


def run_scenario(
    scenario: Scenario,
    *,
    reps: int = 10,
    seed: int = 0,
    workers: int = 1,
    engine: Engine | None = None,
    progress: bool = True,
    precision: float | None = None,
    max_reps: int = DEFAULT_MAX_REPS,
    agents: AgentSample | None = None,
) -> RunResult:
    """Run ``reps`` replications of ``scenario`` with seeds derived from ``seed``.

    Args:
        scenario: a loaded scenario (see :func:`netsim.io.scenarios.load_scenario`).
        reps: number of replications.
        seed: master seed (see :func:`derive_seeds`).
        workers: processes to use; 1 runs here, 0 uses one per CPU. The results do
            not depend on it.
        engine: where to run the replications instead (see :func:`execute`).
        progress: show a progress bar on standard error.
        precision: add replications until the 95 % interval of each headline share's
            mean final value is at most this wide (see :func:`_replicate`); the
            result's ``settling`` table shows how they settled.
        max_reps: the most replications ``precision`` adds up to.
        agents: record a sample of teachers every few months in each replication
            (the result's ``agents``); the indicators do not change.
    """
    with contextlib.ExitStack() as own:
        if engine is None and workers != 1:
            engine = own.enter_context(make_engine(workers, tasks=max_reps if precision else reps))

        def run(tasks: list[Task]) -> list[Replication]:
            return execute(
                tasks, workers=workers, engine=engine, progress=progress, desc=scenario.name
            )

        seeds, (done,), settle = _replicate(
            [scenario],
            reps=reps,
            seed=seed,
            precision=precision,
            max_reps=max_reps,
            run=run,
            agents=agents,
        )
    result = _collect(scenario, seed, seeds, done)
    result.settling = settle
    return result


@dataclass(slots=True)
class Comparison:
    """Replications of several scenarios with the same seeds.

    The differences to the baseline are analysis: see
    :func:`netsim.analysis.tables.differences` (``differences(c.data, c.baseline)``).

    Attributes:
        runs: one result per scenario, the baseline first.
        data: the tidy tables of all runs, one under the other.
    """

    runs: list[RunResult]
    data: pd.DataFrame
    settling: pd.DataFrame | None = None

    @property
    def baseline(self) -> str:
        """The name of the first scenario, which the others are compared with."""
        return self.runs[0].scenario.name


def compare_scenarios(
    scenarios: Sequence[Scenario],
    *,
    reps: int = 10,
    seed: int = 0,
    workers: int = 1,
    engine: Engine | None = None,
    progress: bool = True,
    on_done: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    precision: float | None = None,
    max_reps: int = DEFAULT_MAX_REPS,
) -> Comparison:
    """Run every scenario with the same seeds (the first is the baseline).

    Args:
        scenarios: two or more scenarios with different names; the first is the baseline.
        reps: replications per scenario.
        seed: master seed shared by all scenarios.
        workers: processes to use; 1 runs here, 0 uses one per CPU.
        engine: where to run the replications instead (see :func:`execute`).
        progress: show a progress bar on standard error.
        on_done: called with (done, total) after each replication.
        cancel: when set, stop between replications and raise
            :class:`~netsim.evaluate.engines.RunCancelledError`.
        precision: add replications to every scenario until each headline share's
            95 % interval is at most this wide in each (see :func:`_replicate`).
        max_reps: the most replications ``precision`` adds up to.
    """
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"scenarios to compare must have different names, got {names}")
    with contextlib.ExitStack() as own:
        if engine is None and workers != 1:
            most = max_reps if precision else reps
            engine = own.enter_context(make_engine(workers, tasks=most * len(scenarios)))

        def run(tasks: list[Task]) -> list[Replication]:
            return execute(
                tasks,
                workers=workers,
                engine=engine,
                progress=progress,
                desc="compare",
                on_done=on_done,
                cancel=cancel,
            )

        seeds, done, settle = _replicate(
            scenarios, reps=reps, seed=seed, precision=precision, max_reps=max_reps, run=run
        )
    runs = [_collect(s, seed, seeds, done[k]) for k, s in enumerate(scenarios)]
    data = pd.concat([r.data for r in runs], ignore_index=True)
    return Comparison(runs, data, settle)
