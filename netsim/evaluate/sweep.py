"""Run an experiment's design, here, in local processes or on a Dask cluster, resumably.

Storage (in the output folder ``DIR``)
    ``experiment.toml`` and ``scenario.toml``: the resolved experiment and its
    base scenario (``netsim sweep DIR/experiment.toml --out DIR`` resumes it);
    ``design.parquet``: the design points as drawn, unrounded;
    ``runs/run-NNNNNNNN.parquet``: one row per run: ``run_id``, ``point``,
    ``replication``, ``seed``, ``status`` (``ok`` or ``failed``), ``wall_time`` (s),
    ``error``, every parameter as ``param_<name>`` (and each varied shock field, as
    ``param_events.0.month``, and each dummy parameter of a Sobol or Morris design, as
    ``param_dummy_1``) and each scalar outcome as ``out_<name>``;
    ``indicators/run-NNNNNNNN.parquet``: one row per month of each ok run:
    ``run_id``, ``month`` and every indicator the outcomes use.

    ``pd.read_parquet(DIR / "runs")`` and ``pd.read_parquet(DIR / "indicators")``
    read each table whole, sorted by run id. Each run's files are written, under
    a temporary name then renamed, by the one process that collects the results,
    as soon as the run finishes, indicators first: a run is done once its runs
    file exists. Stopping the sweep loses only the runs in flight; the same
    command later skips the runs done and never writes a run twice.

Engines
    The runs go through :func:`netsim.evaluate.engines.evaluate_each`, like every
    other batch of runs: ``workers`` 1 runs in this process; more use a pool of
    spawned processes (or a Dask ``LocalCluster`` with ``engine="dask"``);
    ``scheduler`` sends the runs to a running Dask scheduler. Every run gets its
    seed as an argument (see :mod:`netsim.io.experiments`), so the results do not
    depend on the engine or on the number of workers.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from netsim.analysis.tables import final_values
from netsim.core.params import PARAMETERS
from netsim.evaluate.engines import EngineError, evaluate_each, make_engine
from netsim.evaluate.runner import Task, derive_seeds, run_task
from netsim.io.experiments import (
    POLICY_FOLDER,
    Experiment,
    Outcome,
    experiment_to_toml,
    is_event_field,
)
from netsim.io.folders import (
    OUT_PREFIX,
    PARAM_PREFIX,
    remove_stale_temporaries,
    write_atomic,
    write_text_atomic,
)
from netsim.io.scenarios import scenario_to_toml


class SweepError(RuntimeError):
    """A sweep that cannot start (such as a folder holding another experiment)."""


@dataclass(frozen=True, slots=True)
class RunSpec:
    """One run of a sweep, self-contained so that it can go to another process or machine.

    Attributes:
        run_id: the run's index in the experiment.
        point: the design point.
        task: the model run (its ``replication`` is the replication of the point;
            its parameters are not yet checked together: the model checks them).
        outcomes: what to keep.
        columns: more columns of the run's row: each varied shock field
            (``param_events.0.month``), and with policies ``policy`` and ``future``.
    """

    run_id: int
    point: int
    task: Task
    outcomes: tuple[Outcome, ...]
    columns: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RunOutput:
    """What one run returns: its row of the runs table and its indicator rows (or None)."""

    row: dict[str, Any]
    indicators: pd.DataFrame | None


def series_indicators(outcomes: Sequence[Outcome]) -> list[str]:
    """The indicators kept month by month: every indicator an outcome uses, once."""
    return list(dict.fromkeys(o.indicator for o in outcomes))


def outcome_value(data: pd.DataFrame, outcome: Outcome) -> float:
    """One run's value of a scalar outcome (see ``stat`` in docs/experiments.md).

    ``final``: the last measured value; ``mean``, ``max``, ``min``: over the window (the
    whole run when there is none); ``at``: the value at ``month`` (for an indicator
    measured every few months, the last measured by then); ``first_month``: the
    first month the indicator reaches ``threshold`` (at or above it; at or below it with
    ``crossing = "down"``), or the run's last month + 1 when it never does (a censored
    value, so that sensitivity indices can use it). Months in which an indicator was not
    measured (NaN) are left out.
    """
    if outcome.stat == "final":
        return float(final_values(data[["month", outcome.indicator]])[outcome.indicator].iloc[0])
    values, months = data[outcome.indicator], data["month"]
    if outcome.stat == "at":
        measured = values[(months <= outcome.month) & values.notna()]
        return float(measured.iloc[-1]) if len(measured) else float("nan")
    if outcome.stat == "first_month":
        level = outcome.threshold or 0.0
        reached = months[values <= level if outcome.crossing == "down" else values >= level]
        return float(reached.iloc[0]) if len(reached) else float(months.iloc[-1] + 1)
    if outcome.window is not None:
        lo, hi = outcome.window
        values = values[(months >= lo) & (months <= hi)]
    if outcome.stat == "max":
        return float(values.max())
    if outcome.stat == "min":
        return float(values.min())
    return float(values.mean())


def run_one(spec: RunSpec) -> RunOutput:
    """Run one design point's replication; an error is caught and recorded, not raised."""
    start = time.perf_counter()
    task = spec.task
    row: dict[str, Any] = {
        "run_id": spec.run_id,
        "point": spec.point,
        "replication": task.replication,
        "seed": task.seed,
        "status": "ok",
        "wall_time": 0.0,
        "error": None,
    }
    row |= {f"{PARAM_PREFIX}{k}": v for k, v in task.params.items()}
    row |= spec.columns
    scalar = [o for o in spec.outcomes if o.stat != "series"]
    row |= {f"{OUT_PREFIX}{o.name}": float("nan") for o in scalar}
    indicators = None
    try:
        data = run_task(task).data
        months = data["month"].astype(np.int64)
        keep = series_indicators(spec.outcomes)
        missing = [k for k in keep if k not in data.columns]
        if missing:
            raise KeyError(f"the model does not report {', '.join(missing)}")
        for o in scalar:
            row[f"{OUT_PREFIX}{o.name}"] = outcome_value(data, o)
        indicators = pd.DataFrame(
            {"run_id": np.full(len(data), spec.run_id, np.int64), "month": months.to_numpy()}
            | {k: data[k].to_numpy(dtype=np.float64) for k in keep}
        )
    except Exception as exc:  # a failed run is data, not the end of the sweep
        row["status"] = "failed"
        row["error"] = f"{type(exc).__name__}: {exc}"
        indicators = None
    row["wall_time"] = time.perf_counter() - start
    return RunOutput(row, indicators)


# --- specs and storage --------------------------------------------------------------------


def run_specs(exp: Experiment) -> list[RunSpec]:
    """Every run of the experiment, in run-id order.

    With policies, replication ``r`` of future ``f`` (a point of the uncertainty
    sample) has the same seed under every policy: item ``f * replications + r`` of
    the experiment seed's children, so that policies are compared in the same futures.
    """
    design = exp.design()
    reps = exp.replications
    seeds = derive_seeds(exp.seed, exp.n_futures() * reps if exp.policies else len(design) * reps)
    specs = []
    for point, (_, row) in enumerate(design.iterrows()):
        params = exp.point_params(row)
        events = exp.point_events(row)
        columns = {f"{PARAM_PREFIX}{k}": v for k, v in exp.shock_values(row).items()}
        # the dummies go with the run's inputs, so the runs table alone can be re-analysed
        columns |= {f"{PARAM_PREFIX}{k}": float(row[k]) for k in exp.dummy_names}
        if exp.policies:
            columns |= {"policy": str(row["policy"]), "future": int(row["future"])}
        for rep in range(reps):
            run_id = point * reps + rep
            seed = seeds[int(row["future"]) * reps + rep if exp.policies else run_id]
            task = Task(exp.name, rep, seed, params, events, exp.months)
            specs.append(RunSpec(run_id, point, task, exp.outcomes, columns))
    return specs


def _arrow_type(kind: type) -> pa.DataType:
    return {bool: pa.bool_(), int: pa.int64()}.get(kind, pa.float64())


def runs_schema(exp: Experiment) -> pa.Schema:
    """The schema of the runs table (fixed, so that every part file agrees)."""
    fields = [
        pa.field("run_id", pa.int64()),
        pa.field("point", pa.int64()),
        pa.field("replication", pa.int64()),
        pa.field("seed", pa.int64()),
        pa.field("status", pa.string()),
        pa.field("wall_time", pa.float64()),
        pa.field("error", pa.string()),
    ]
    fields += [
        pa.field(f"{PARAM_PREFIX}{p.name}", _arrow_type(p.kind)) for p in PARAMETERS.values()
    ]
    fields += [
        pa.field(f"{PARAM_PREFIX}{v.name}", pa.float64())
        for v in exp.varied
        if is_event_field(v.name)
    ]
    fields += [pa.field(f"{PARAM_PREFIX}{name}", pa.float64()) for name in exp.dummy_names]
    if exp.policies:
        fields += [pa.field("policy", pa.string()), pa.field("future", pa.int64())]
    fields += [
        pa.field(f"{OUT_PREFIX}{o.name}", pa.float64()) for o in exp.outcomes if o.stat != "series"
    ]
    return pa.schema(fields)


def indicators_schema(exp: Experiment) -> pa.Schema:
    """The schema of the indicators table."""
    fields = [pa.field("run_id", pa.int64()), pa.field("month", pa.int64())]
    fields += [pa.field(k, pa.float64()) for k in series_indicators(exp.outcomes)]
    return pa.schema(fields)


FINGERPRINT = re.compile(r"fingerprint ([0-9a-f]+)")
"""The fingerprint of the runs, on the first line of a sweep folder's ``experiment.toml``."""


def _part(folder: Path, run_id: int) -> Path:
    return folder / f"run-{run_id:08d}.parquet"


def _write_part(table: pa.Table, path: Path) -> None:
    """Write a part file; the data reaches the disk before the name marks the run done."""
    write_atomic(path, lambda tmp: pq.write_table(table, tmp), fsync=True)


def _ids(path: Path, columns: list[str]) -> pa.Table | None:
    """The ``columns`` of a part file, or None if it cannot be read whole."""
    try:
        return pq.read_table(path, columns=columns)
    except (pa.ArrowInvalid, OSError, KeyError):
        return None


def _run_done(out: Path, run_id: int) -> bool:
    """Whether run ``run_id`` is written whole: its row, and its indicators if it ran ok.

    Each part file must be readable and hold that run's id only (a file copied under
    another run's name is not that run), and an ok run's indicators must be there
    (its row is written last, but a part can be truncated or removed afterwards).
    """
    row = _ids(_part(out / "runs", run_id), ["run_id", "status"])
    if row is None or row.num_rows != 1 or row["run_id"][0].as_py() != run_id:
        return False
    if row["status"][0].as_py() != "ok":
        return True
    series = _ids(_part(out / "indicators", run_id), ["run_id"])
    if series is None or series.num_rows == 0:
        return False
    ids = series["run_id"].to_numpy()
    return bool((ids == run_id).all())


def done_runs(out: Path) -> set[int]:
    """The ids of the runs already written whole in ``out`` (see :func:`_run_done`)."""
    found = (p.stem.removeprefix("run-") for p in (out / "runs").glob("run-*.parquet"))
    return {int(i) for i in found if i.isdigit() and _run_done(out, int(i))}


STARTED = ("scenario.toml", "design.parquet")
"""Files :func:`prepare` writes before ``experiment.toml``, which marks the folder as a sweep's."""


def _not_started(out: Path) -> list[Path]:
    """What ``out`` holds besides what :func:`prepare` writes before ``experiment.toml``.

    A sweep killed while it prepared its folder leaves empty ``runs/`` and
    ``indicators/`` folders, a scenario and a design: the next run starts over there.
    """
    made = [out / "runs", out / "indicators"]  # made first, then the files
    if not all(d.is_dir() and not any(d.iterdir()) for d in made):
        return list(out.iterdir())
    return [p for p in out.iterdir() if p not in made and p.name not in STARTED]


def prepare(exp: Experiment, out: Path) -> None:
    """Create ``out`` with the resolved experiment, or check it holds the same experiment.

    Raises:
        SweepError: if ``out`` holds the results of a different experiment, or other
            files without an ``experiment.toml``.
    """
    text = experiment_to_toml(exp)
    target = out / "experiment.toml"
    for folder in (out, out / "runs", out / "indicators"):  # left by a sweep killed outright
        remove_stale_temporaries(folder)
    if not target.exists() and out.is_dir() and any(_not_started(out)):
        raise SweepError(
            f"{out} is not empty and holds no experiment.toml (other results?); "
            "use an empty or new --out folder"
        )
    if target.exists():
        try:
            head = target.read_text("utf-8").partition("\n")[0]
        except (OSError, UnicodeDecodeError):
            head = ""
        found = FINGERPRINT.search(head)
        if found is None or found.group(1) != exp.fingerprint():
            raise SweepError(
                f"{out} holds the results of another experiment ({head.lstrip('# ')[:200]}); "
                "use another --out folder"
            )
    (out / "runs").mkdir(parents=True, exist_ok=True)
    (out / "indicators").mkdir(exist_ok=True)
    # the base scenario without [fixed] (kept in experiment.toml), so that both load back
    base = exp.base or exp.scenario
    write_text_atomic(out / "scenario.toml", scenario_to_toml(base))
    for policy in exp.policies:
        if policy.source is not None:
            (out / POLICY_FOLDER).mkdir(exist_ok=True)
            resolved = scenario_to_toml(policy.source)
            write_text_atomic(out / POLICY_FOLDER / f"{policy.name}.toml", resolved)
    design = exp.design()
    design.insert(0, "point", np.arange(len(design), dtype=np.int64))
    write_atomic(out / "design.parquet", lambda tmp: design.to_parquet(tmp, index=False))
    write_text_atomic(target, text)  # last: it marks the folder as this experiment's


def store(result: RunOutput, out: Path, exp: Experiment) -> None:
    """Write one finished run: its indicators first, then its row (which marks it done)."""
    run_id = int(result.row["run_id"])
    if result.indicators is not None:
        table = pa.Table.from_pandas(
            result.indicators, schema=indicators_schema(exp), preserve_index=False
        )
        _write_part(table, _part(out / "indicators", run_id))
    rows = pa.Table.from_pylist([result.row], schema=runs_schema(exp))
    _write_part(rows, _part(out / "runs", run_id))


# --- execution ----------------------------------------------------------------------------


@dataclass(slots=True)
class SweepSummary:
    """What a sweep did.

    Attributes:
        total: runs in the experiment.
        skipped: runs already done before this sweep.
        ok: runs finished now without error.
        failed: runs finished now with an error.
        seconds: wall time of this sweep.
    """

    total: int
    skipped: int
    ok: int
    failed: int
    seconds: float


def sweep(
    exp: Experiment,
    out: Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    engine: str = "processes",
    progress: bool = True,
    on_run: Callable[[RunOutput], None] | None = None,
) -> SweepSummary:
    """Run every run of ``exp`` not yet in ``out`` and write each as it finishes.

    Args:
        exp: a loaded experiment (see :func:`netsim.io.experiments.load_experiment`).
        out: the results folder; created if needed, resumed if it holds this experiment.
        workers: local workers; 1 runs here, 0 uses one per CPU. Ignored with ``scheduler``.
        scheduler: address of a running Dask scheduler, such as ``tcp://host:8786``.
        engine: ``processes`` (a process pool) or ``dask`` (a Dask LocalCluster).
        progress: show a progress bar on standard error.
        on_run: called after each run is written.

    Raises:
        SweepError: if ``out`` holds another experiment or other files, or if the
            scheduler cannot be reached (checked before anything is written).
    """
    start = time.perf_counter()
    try:
        where = make_engine(workers, kind=engine, scheduler=scheduler)
    except EngineError as exc:
        raise SweepError(f"--scheduler: {exc}") from None
    with where:
        prepare(exp, out)
        specs = run_specs(exp)
        done = done_runs(out)
        todo = [s for s in specs if s.run_id not in done]
        summary = SweepSummary(len(specs), len(specs) - len(todo), 0, 0, 0.0)
        if summary.skipped:
            tqdm.write(f"resuming: {summary.skipped} of {summary.total} runs already done")

        def handle(_: int, result: RunOutput) -> None:
            store(result, out, exp)
            if result.row["status"] == "ok":
                summary.ok += 1
            else:
                summary.failed += 1
            if on_run is not None:
                on_run(result)

        evaluate_each(
            run_one,
            todo,
            handle,
            engine=where,
            progress=progress,
            desc=exp.name,
            tally=lambda r: None if r.row["status"] == "ok" else "failed",
        )
    summary.seconds = time.perf_counter() - start
    return summary
