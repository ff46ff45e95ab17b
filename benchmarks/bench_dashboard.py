"""How long one workshop frame takes: one model step plus the redraw of both figures.

The dashboard's workshop view calls ``LiveRun.step()`` for every frame: it runs
one month of the model and rebuilds the live network picture and the time
series (:func:`netsim.report.charts.live_network`, :func:`netsim.report.charts.live_series`),
built as plain JSON-ready dicts. How many months the browser then draws per second at
each speed is measured by ``bench_dashboard_pacing.py``.
The target is 200 ms per frame with 2 000 teachers (95th percentile). Larger
populations are drawn aggregated (one node per region), so their frame time
should stay in the same range.

``json ms`` is the extra time to serialise the whole frame (both pictures and the
log) as JSON, close to what the widget sends to the browser.

Usage::

    .venv/bin/python benchmarks/bench_dashboard.py                  # 2 000 and 20 000 teachers
    .venv/bin/python benchmarks/bench_dashboard.py --sizes 2000 --frames 120
    .venv/bin/python benchmarks/bench_dashboard.py --check          # exit 1 on a missed target

Exit status: 0 whatever the figures (a benchmark, not a test); 1 with ``--check``
when the 95th percentile frame at 2 000 teachers is above the target.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time

from netsim.dashboard.live import LiveRun
from netsim.io.scenarios import load_scenario

TARGET_MS = 200.0
PRESET = "workshop_funding_cut"


def measure(teachers: int, frames: int, seed: int) -> dict[str, float]:
    base = load_scenario(PRESET)
    scenario = dataclasses.replace(base, params={**base.params, "n_teachers": teachers})
    start = time.perf_counter()
    run = LiveRun(scenario, seed=seed)
    build = time.perf_counter() - start
    step_ms, json_ms = [], []
    for _ in range(frames):
        t0 = time.perf_counter()
        run.step()
        t1 = time.perf_counter()
        json.dumps(run.frame())
        step_ms.append(1000 * (t1 - t0))
        json_ms.append(1000 * (time.perf_counter() - t1))
    step_ms.sort()
    return {
        "teachers": teachers,
        "aggregated": float(run.aggregated),
        "build_s": build,
        "median_ms": statistics.median(step_ms),
        "p95_ms": step_ms[int(0.95 * (len(step_ms) - 1))],
        "max_ms": step_ms[-1],
        "json_ms": statistics.median(json_ms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--frames", type=int, default=60, help="months to step (frames)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 if 2 000 misses the target")
    args = parser.parse_args()
    print(f"workshop frame = one step + redraw ({PRESET}, {args.frames} frames, seed {args.seed})")
    header = f"{'teachers':>9} {'drawn as':>9} {'build s':>8} {'median ms':>10}"
    print(header + f" {'p95 ms':>8} {'max ms':>8} {'json ms':>8}")
    missed = False
    for n in args.sizes:
        r = measure(n, args.frames, args.seed)
        drawn = "regions" if r["aggregated"] else "teachers"
        print(
            f"{n:>9} {drawn:>9} {r['build_s']:>8.2f} {r['median_ms']:>10.1f}"
            f" {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} {r['json_ms']:>8.1f}"
        )
        if n == 2000 and r["p95_ms"] > TARGET_MS:
            missed = True
    verdict = "MISSED" if missed else "met"
    print(f"target: 95 % of frames at 2 000 teachers <= {TARGET_MS:.0f} ms: {verdict}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
