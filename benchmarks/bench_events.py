"""Scheduled events cost what they do: `netsim run` with an event every month vs every year.

A scenario of 20 000 teachers with a national event scheduled in each of its 120
months, run with ``netsim run --reps 1``, against the same scenario with one
event a year (12 events): the target is at most twice the time. Each command runs
in a fresh process (import, loading, running, the report with its shock markers,
writing), best of ``--repeats``.

    .venv/bin/python benchmarks/bench_events.py            # the table (about 1 minute)
    .venv/bin/python benchmarks/bench_events.py --check    # exit 1 if the target is missed
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEACHERS = 20_000
MONTHS = 120
TARGET = 2.0


def scenario(every: int) -> str:
    events = "\n".join(
        f'[[events]]\nmonth = {m}\nkind = "national_event"\n'
        for m in range(every, MONTHS + 1, every)
    )
    return (
        f'extends = "hybrid"\ntitle = "events every {every} months"\nsummary = "bench"\n'
        f"months = {MONTHS}\n[population]\nn_teachers = {TEACHERS}\n" + events
    )


def timed_run(folder: Path, every: int) -> float:
    path = folder / f"every_{every}.toml"
    path.write_text(scenario(every), encoding="utf-8")
    out = folder / f"out_{every}"
    cmd = [sys.executable, "-m", "netsim", "run", str(path), "--reps", "1", "--no-progress"]
    start = time.perf_counter()
    subprocess.run([*cmd, "--out", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        yearly = min(timed_run(folder, 12) for _ in range(args.repeats))
        monthly = min(timed_run(folder, 1) for _ in range(args.repeats))
    ratio = monthly / yearly
    verdict = "PASS" if ratio <= TARGET else "MISS"
    print(f"netsim run, {TEACHERS:,} teachers, {MONTHS} months, 1 replication, best of "
          f"{args.repeats} fresh processes")  # fmt: skip
    print(f"  12 events (yearly):   {yearly:6.1f} s")
    print(f"  120 events (monthly): {monthly:6.1f} s")
    print(f"  ratio {ratio:.2f}  target <= {TARGET:g}x -> {verdict}")
    return 1 if args.check and verdict == "MISS" else 0


if __name__ == "__main__":
    sys.exit(main())
