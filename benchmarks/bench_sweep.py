"""Runs per minute of ``netsim sweep`` with 1 and 2 local workers and a Dask LocalCluster.

Every engine runs the same experiment (the shipped ``quick`` grid, its runs
lengthened and its country enlarged with ``--teachers`` and ``--months``) into a
fresh temporary folder; the time counted is the whole sweep, start-up of the
worker processes or of the cluster included, so small sweeps favour one worker.
The indicator tables of the three engines are checked to be identical.

Usage::

    .venv/bin/python benchmarks/bench_sweep.py                    # 1 000 teachers, 60 months
    .venv/bin/python benchmarks/bench_sweep.py --teachers 5000 --months 120 --reps 4
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from netsim.evaluate.sweep import sweep  # noqa: E402
from netsim.io.experiments import Experiment, load_experiment  # noqa: E402


def experiment(teachers: int, months: int, reps: int) -> Experiment:
    exp = load_experiment("quick")
    scenario, _ = exp.scenario.with_months(months)
    scenario = dataclasses.replace(scenario, params={**scenario.params, "n_teachers": teachers})
    outcomes = tuple(
        o if o.window is None else dataclasses.replace(o, window=(months // 2, months))
        for o in exp.outcomes
    )
    return dataclasses.replace(
        exp, scenario=scenario, months=months, replications=reps, outcomes=outcomes
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=1000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--reps", type=int, default=3, help="replications per point (9 points)")
    args = parser.parse_args()
    exp = experiment(args.teachers, args.months, args.reps)
    runs = exp.n_points() * exp.replications
    print(
        f"experiment: quick grid, {runs} runs of {args.teachers} teachers x {args.months} months; "
        f"{os.cpu_count()} CPUs"
    )
    engines = [
        ("1 local worker", 1, "processes"),
        ("2 local workers", 2, "processes"),
        ("Dask LocalCluster, 2 workers", 2, "dask"),
    ]
    tables = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, workers, engine) in enumerate(engines):
            out = Path(tmp) / str(k)
            start = time.perf_counter()
            summary = sweep(exp, out, workers=workers, engine=engine, progress=False)
            seconds = time.perf_counter() - start
            assert summary.ok == runs, summary
            print(f"{name:<30} {seconds:7.1f} s  {60 * runs / seconds:8.1f} runs/minute")
            tables.append(pd.read_parquet(out / "indicators").sort_values(["run_id", "month"]))
    identical = all(t.equals(tables[0]) for t in tables[1:])
    print(f"indicator tables identical across engines: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
