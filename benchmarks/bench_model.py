"""Speed and memory of the netsim model at 10 000, 100 000 and 1 000 000 teachers.

Every measurement runs in a fresh child process (``python bench_model.py --child ...``)
so that one size's memory and warm caches do not leak into the next, and so that
the peak memory of a size is that child's own ``ru_maxrss``. With ``--repeats N``
the small sizes are run N times and each time's minimum is reported (the machine
is shared; the minimum is the figure least disturbed by other work).

Usage::

    .venv/bin/python benchmarks/bench_model.py                 # full table, ~2-3 min
    .venv/bin/python benchmarks/bench_model.py --quick         # 10k and 100k, 24 steps
    .venv/bin/python benchmarks/bench_model.py --check         # exit 1 on a missed target
    .venv/bin/python benchmarks/bench_model.py --profile 10000 # cProfile of 24 steps
    .venv/bin/python benchmarks/bench_model.py --phases 10000 --profile-steps 120

Exit status: 0 whatever the figures (it is a benchmark, not a test); with ``--check``,
1 if a target is missed; 2 if a measurement could not be made (the model raised).
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import datetime as dt
import gc
import importlib.util
import inspect
import io
import json
import os
import platform
import pstats
import re
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
SEED = 1

# targets (growth-engine issue): 1M x 120 steps in <= 30 s and <= 2 GiB; 10k <= 2 ms/step;
# >= 100x faster than one agent at a time at 10k
BIG_N, BIG_STEPS, BIG_SECONDS, BIG_MIB = 1_000_000, 120, 30.0, 2048.0
SMALL_N, SMALL_MS = 10_000, 2.0
RATIO_N, RATIO_MIN = 10_000, 100.0
RATIO_AGREE = 1e-5  # largest difference allowed between the two participation probabilities


def regions_for(n_teachers: int) -> int:
    """Regions scaled with the country: 10 up to 50k teachers, 20 up to 500k, else 50."""
    if n_teachers < 50_000:
        return 10
    if n_teachers < 500_000:
        return 20
    return 50


def policy_for(n_teachers: int) -> dict[str, Any]:
    """Default parameters plus a policy with activity, so the network actually grows."""
    r = regions_for(n_teachers)
    return {
        "n_teachers": n_teachers,
        "n_regions": r,
        "decree_centres": r,
        "grassroots_founding": 0.1,
        "steering_group": 0.5,
    }


POLICY_TEXT = (
    "n_regions = 10 (<50k teachers) / 20 (<500k) / 50, decree_centres = n_regions, "
    "grassroots_founding = 0.1, steering_group = 0.5; all else default "
    "(network indicators every 12 months, data collection every month)"
)


# ------------------------------------------------------------------ child side
class _GcTimer:
    """Wall time spent in the cyclic garbage collector (invisible to cProfile)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._t = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t


def _maxrss_mib() -> float:
    # Linux reports ru_maxrss in KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_run(n: int, steps: int) -> dict[str, Any]:
    """Build one model and run it ``steps`` months; times, memory and a sanity check."""
    from netsim.core.model import PDNetworkModel

    rss_import = _maxrss_mib()
    gct = _GcTimer()
    gc.callbacks.append(gct)
    params = policy_for(n)
    w0, c0 = time.perf_counter(), time.process_time()
    model = PDNetworkModel(rng=SEED, **params)
    build = time.perf_counter() - w0
    gc_build = gct.seconds
    ties0 = len(model.peer_ties) + len(model.org_ties)
    step_s = []
    for _ in range(steps):
        t = time.perf_counter()
        model.step()
        step_s.append(time.perf_counter() - t)
    wall = time.perf_counter() - w0
    cpu = time.process_time() - c0
    last = model._report
    return {
        "n": n,
        "regions": params["n_regions"],
        "steps": steps,
        "build_s": build,
        "ms_per_step": 1e3 * sum(step_s) / max(steps, 1),
        "max_step_ms": 1e3 * max(step_s, default=0.0),
        "total_s": wall,
        "cpu_s": cpu,
        "gc_build_s": gc_build,
        "gc_steps_s": gct.seconds - gc_build,
        "peak_mib": _maxrss_mib(),
        "import_mib": rss_import,
        "reach_end": float(last["reach_teachers"]),
        "centres_end": float(last["n_centres"]),
        "ties_start": ties0,
        "ties_end": len(model.peer_ties) + len(model.org_ties),
        "live_ties_end": float(last["n_ties"]),
    }


def load_oracle() -> Any:
    """``tests/oracle.py``, loaded by path: the teacher rules one Mesa agent at a time."""
    path = ROOT / "tests" / "oracle.py"
    spec = importlib.util.spec_from_file_location("netsim_test_oracle", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child_ratio(n: int, steps: int, warmup: int) -> dict[str, Any]:
    """The participation rule over arrays against one Teacher agent at a time.

    One model is warmed up for ``warmup`` months (people attending, ties made).
    After each of ``steps`` further months both versions compute every teacher's
    monthly participation probability from the same state: the model's arrays (the
    peer view, then ``participation.propensity``, as the month's decision does) and
    the test oracle ``tests/oracle.py`` (each teacher's peer ties read one by one,
    then one Teacher agent at a time in plain Python). Both are timed, and the
    largest difference between their results is reported (they must agree).
    """
    import numpy as np

    from netsim.core.model import PDNetworkModel
    from netsim.core.submodels import participation
    from netsim.core.ties import PeerView

    oracle = load_oracle()
    model = PDNetworkModel(rng=SEED, **policy_for(n))
    for _ in range(warmup):
        model.step()
    step_s = array_s = agents_s = 0.0
    diff = 0.0
    for _ in range(steps):
        t = time.perf_counter()
        model.step()
        step_s += time.perf_counter() - t
        t = time.perf_counter()
        model.peers = PeerView(model)
        arrays = participation.propensity(model)
        array_s += time.perf_counter() - t
        t = time.perf_counter()
        one_by_one = oracle.participation_probabilities(model)
        agents_s += time.perf_counter() - t
        diff = max(diff, float(np.abs(arrays - np.asarray(one_by_one)).max()))
    return {
        "n": n,
        "steps": steps,
        "warmup": warmup,
        "array_step_ms": 1e3 * step_s / steps,
        "array_phase_ms": 1e3 * array_s / steps,
        "agents_phase_ms": 1e3 * agents_s / steps,
        "max_abs_diff": diff,
        "attendance": float(model._report["attendance"]),
    }


def child_main(spec: dict[str, Any]) -> None:
    """Entry point of a child process: run one measurement, print it as JSON."""
    if spec["what"] == "run":
        result = child_run(spec["n"], spec["steps"])
    else:
        result = child_ratio(spec["n"], spec["steps"], spec["warmup"])
    print(json.dumps(result))


# ------------------------------------------------------------------ parent side
def in_child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement in a fresh Python process and return its JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"child {spec} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


TIMES = ("build_s", "ms_per_step", "max_step_ms", "total_s", "cpu_s", "gc_build_s", "gc_steps_s")
RATIO_TIMES = ("array_step_ms", "array_phase_ms", "agents_phase_ms")


def best_of(spec: dict[str, Any], repeats: int) -> tuple[dict[str, Any], int]:
    """``repeats`` fresh-process runs: each time its minimum, peak memory its maximum.

    The minimum is the run least disturbed by other work on the shared machine
    (as ``timeit`` reports); the model and seed are the same in every run.
    """
    runs = [in_child(spec) for _ in range(max(1, repeats))]
    best = dict(runs[0])
    for key in (*TIMES, *RATIO_TIMES):
        if key in best:
            best[key] = min(r[key] for r in runs)
    if "peak_mib" in best:
        best["peak_mib"] = max(r["peak_mib"] for r in runs)
    return best, len(runs)


def fmt_n(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def cpu_text() -> str:
    """The processor's model name and whether numpy found AVX-512 on it.

    Both matter to the figures: the shared machine is not always the same processor,
    and numpy sorts and some ufuncs several times faster with AVX-512.
    """
    from numpy._core._multiarray_umath import __cpu_features__

    name = platform.processor() or "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    avx512 = "with" if __cpu_features__.get("AVX512F") else "without"
    return f"{name}, {avx512} AVX-512"


def reference_ms() -> tuple[float, float]:
    """Two fixed numpy workloads, best of 5, in ms: a reference for the machine of the day.

    ``calls``: 10 000 ufunc calls on 100 floats (the fixed cost per call that dominates a
    10 000-teacher month); ``sort``: ``np.sort`` of 1 000 000 random uint64 (the sorts
    and random gathers of a 1M-teacher month). Comparing them between two days says how
    much of a change in the model's figures is the machine's.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    small = rng.random(100)
    keys = rng.integers(0, 2**62, 1_000_000).astype(np.uint64)

    def calls() -> None:
        for _ in range(10_000):
            np.multiply(small, 2.0)

    def sort() -> None:
        np.sort(keys)

    out = []
    for work in (calls, sort):
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - t0)
        out.append(best * 1e3)
    return out[0], out[1]


def header(args: argparse.Namespace) -> list[str]:
    import mesa
    import numpy as np
    import scipy

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    calls, sort = reference_ms()
    return [
        f"netsim benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, "
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"mesa {mesa.__version__}",
        f"processor: {cpu_text()}; load average {os.getloadavg()[0]:.1f}",
        f"reference: 10 000 small numpy calls {calls:.1f} ms, np.sort of 1M uint64 {sort:.1f} ms",
        f"policy: {POLICY_TEXT}; seed {SEED}",
        f"runs: each size in a fresh process, {args.steps} steps; best of {args.repeats} "
        "(each time its minimum, peak memory its maximum) "
        f"for sizes < {fmt_n(args.repeat_below)} teachers, else 1 run",
    ]


def run_table(args: argparse.Namespace) -> tuple[list[str], list[bool]]:
    lines: list[str] = []
    verdicts: list[bool] = []
    failures = args.failures
    import_mib = float("nan")
    cols = (
        f"{'teachers':>9} {'regions':>7} {'build s':>8} {'ms/step':>8} {'max ms':>7} "
        f"{'build+' + str(args.steps) + ' s':>12} {'cpu s':>7} {'gc s':>6} {'peak MiB':>9} "
        f"{'reach':>6} {'centres':>7} {'ties 0->end':>19}  target -> verdict"
    )
    lines += [cols, "-" * len(cols)]
    print("\n".join(lines), flush=True)
    for n in args.sizes:
        reps = args.repeats if n < args.repeat_below else 1
        try:
            r, k = best_of({"what": "run", "n": n, "steps": args.steps}, reps)
        except RuntimeError as err:
            lines.append(f"{fmt_n(n):>9}  FAILED: {err}")
            print(lines[-1], flush=True)
            failures.append(n)
            continue
        targets = []
        if n == SMALL_N:
            ok = r["ms_per_step"] <= SMALL_MS
            verdicts.append(ok)
            targets.append(f"<= {SMALL_MS:g} ms/step -> {verdict(ok)}")
        if n == BIG_N:
            if args.steps == BIG_STEPS:
                ok_t = r["total_s"] <= BIG_SECONDS
                ok_m = r["peak_mib"] <= BIG_MIB
                verdicts += [ok_t, ok_m]
                targets.append(f"<= {BIG_SECONDS:g} s -> {verdict(ok_t)}")
                targets.append(f"<= {BIG_MIB:g} MiB -> {verdict(ok_m)}")
            else:
                targets.append(
                    f"<= {BIG_SECONDS:g} s and <= {BIG_MIB:g} MiB need --steps 120 -> n/a"
                )
        import_mib = r["import_mib"]
        ties = f"{fmt_n(r['ties_start'])}->{fmt_n(int(r['live_ties_end']))}"
        lines.append(
            f"{fmt_n(n):>9} {r['regions']:>7} {r['build_s']:>8.2f} {r['ms_per_step']:>8.2f} "
            f"{r['max_step_ms']:>7.1f} {r['total_s']:>12.2f} {r['cpu_s']:>7.2f} "
            f"{r['gc_build_s'] + r['gc_steps_s']:>6.2f} {r['peak_mib']:>9.0f} "
            f"{r['reach_end']:>6.1%} {r['centres_end']:>7.0f} {ties:>19}  "
            + ("; ".join(targets) if targets else "-")
        )
        print(lines[-1], flush=True)
        if args.verbose:
            print(f"    {k} run(s); {json.dumps(r)}", flush=True)
    lines += [
        "",
        "ms/step: wall time of model.step() averaged over all steps (data collection every",
        "month and network indicators every 12 months included); max ms: slowest step;",
        f"build+{args.steps} s: wall time of PDNetworkModel(...) plus all steps; cpu s: process",
        "CPU time of the same (much below wall = other work on the machine);",
        "gc s: time in Python's cyclic garbage collector (build + steps; not seen by cProfile);",
        "peak MiB: ru_maxrss of the child process, i.e. the OS high-water mark of resident",
        f"memory, interpreter and imports included ({import_mib:.0f} MiB before the model).",
        "reach: share of teachers engaged at the end; ties: live ties at month 0 and at the end.",
    ]
    return lines, verdicts


def run_ratio(args: argparse.Namespace) -> tuple[list[str], list[bool]]:
    spec = {"what": "ratio", "n": RATIO_N, "steps": args.ratio_steps, "warmup": 24}
    try:
        r, _ = best_of(spec, args.repeats)
    except RuntimeError as err:
        args.failures.append("ratio")
        return [f"one agent at a time vs arrays: FAILED: {err}"], []
    phase_x = r["agents_phase_ms"] / r["array_phase_ms"]
    step_x = r["agents_phase_ms"] / r["array_step_ms"]
    ok = phase_x >= RATIO_MIN
    agree = r["max_abs_diff"] <= RATIO_AGREE
    lines = [
        f"participation rule, one agent at a time vs arrays, {fmt_n(RATIO_N)} teachers, "
        f"after each of {args.ratio_steps} months following 24 warm-up months (same state):",
        f"{'':>22} {'arrays ms':>10} {'agents ms':>10} {'ratio':>8}",
        f"{'participation rule':>22} {r['array_phase_ms']:>10.3f} {r['agents_phase_ms']:>10.2f} "
        f"{phase_x:>7.1f}x  target >= {RATIO_MIN:g}x -> {verdict(ok)}",
        f"{'full array step':>22} {r['array_step_ms']:>10.3f} {'':>10} {step_x:>7.1f}x  "
        "(agents' rule against a whole array month, for information)",
        f"largest difference between the two: {r['max_abs_diff']:.1e}  "
        f"target <= {RATIO_AGREE:g} -> {verdict(agree)}",
        "Arrays: the peer view and participation.propensity, as the month's decision runs them;",
        "agents: tests/oracle.py, each teacher's peer ties read one by one, then one Teacher",
        "agent at a time in plain Python (the oracle the tests check the arrays against).",
    ]
    if args.verbose:
        lines.append(f"    {json.dumps(r)}")
    return lines, [ok, agree]


# ------------------------------------------------------------------ --phases
SECTION_COMMENT = re.compile(r"#\s*(\d+\.\s*.+?)\s*$")


class Phase(NamedTuple):
    """One call that PDNetworkModel.step() makes, as written in its source.

    ``chain`` is the dotted name called (``("funding", "spend_money")``,
    ``("self", "_housekeeping")``, ``("self", "datacollector", "collect")``,
    ``("PeerView",)``): its first name is ``self`` (the model) or a name of
    ``netsim.core.model``'s namespace. ``section`` is the numbered comment of
    step() it falls under (``""`` before the first one).
    """

    chain: tuple[str, ...]
    section: str
    line: int

    @property
    def label(self) -> str:
        return ".".join(self.chain)


def step_calls() -> tuple[list[Phase], list[str]]:
    """Every call in PDNetworkModel.step(), read from its source (so the list cannot drift).

    Returns:
        The calls to be timed, in source order, each once: those reached through the
        model (``self.…``) or to netsim code (the submodels, hosts, ``PeerView``, ...);
        and the other calls (numpy), which are left in step()'s own time.
    """
    import netsim.core.model as nm

    lines, first = inspect.getsourcelines(nm.PDNetworkModel.step)
    source = textwrap.dedent("".join(lines))
    # the numbered comments ("# 1. money and partners") that divide the month
    marks = [
        (k + 1, m[1].split(":")[0])
        for k, text in enumerate(source.splitlines())
        if (m := SECTION_COMMENT.search(text))
    ]
    calls = sorted(
        (node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    timed: list[Phase] = []
    other: list[str] = []
    for call in calls:
        chain = _dotted(call.func)
        if chain is None:
            other.append(ast.unparse(call.func))
            continue
        # builtins (len, int, ...) are not in the module's namespace: not netsim code
        target = getattr(nm, chain[0], None) if chain[0] != "self" else None
        if chain[0] != "self" and (target is None or not _is_netsim(_resolve(nm, chain))):
            other.append(".".join(chain))
            continue
        if any(p.chain == chain for p in timed):
            continue
        section = ""
        for line, name in marks:
            if line <= call.lineno:
                section = name
        timed.append(Phase(chain, section, first + call.lineno - 1))
    return timed, list(dict.fromkeys(other))


def _dotted(node: ast.expr) -> tuple[str, ...] | None:
    """``a.b.c`` as ``("a", "b", "c")``; None for anything else (a call's result, ...)."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return (node.id, *reversed(names))


def _resolve(root: Any, chain: tuple[str, ...]) -> Any:
    obj = root
    for name in chain:
        obj = getattr(obj, name)
    return obj


def _is_netsim(obj: Any) -> bool:
    module = obj.__name__ if inspect.ismodule(obj) else getattr(obj, "__module__", "")
    return str(module).split(".")[0] == "netsim"


def run_phases(args: argparse.Namespace) -> None:
    """Wall time of each call PDNetworkModel.step() makes, by wrapping them (no profiler).

    The calls are read from step()'s source (:func:`step_calls`). A call made from
    inside another timed one counts in the outer one only, and only calls made while
    step() runs are counted, so the phases do not overlap and add up to step().
    """
    import netsim.core.model as nm

    phases, untimed = step_calls()
    n = args.phases
    model = nm.PDNetworkModel(rng=SEED, **policy_for(n))
    spent = dict.fromkeys((p.label for p in phases), 0.0)
    calls = dict.fromkeys(spent, 0)
    state = {"in_step": False, "depth": 0, "step": 0.0}
    undo: list[tuple[Any, str, Any, bool]] = []

    def install(owner: Any, attr: str, wrapper: Any) -> None:
        own = attr in getattr(owner, "__dict__", {})
        undo.append((owner, attr, getattr(owner, attr), own))
        setattr(owner, attr, wrapper)

    def wrap(label: str, inner: Any) -> Any:
        def timed(*a: Any, **k: Any) -> Any:
            if state["depth"] or not state["in_step"]:
                return inner(*a, **k)  # inside another phase (or outside step): not again
            state["depth"] += 1
            t = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                spent[label] += time.perf_counter() - t
                calls[label] += 1
                state["depth"] -= 1

        return timed

    def user_step(inner: Any) -> Any:
        def timed() -> None:
            state["in_step"] = True
            t = time.perf_counter()
            try:
                inner()
            finally:
                state["step"] += time.perf_counter() - t
                state["in_step"] = False

        return timed

    for phase in phases:
        root = model if phase.chain[0] == "self" else nm
        chain = phase.chain[1:] if phase.chain[0] == "self" else phase.chain
        owner = _resolve(root, chain[:-1])
        install(owner, chain[-1], wrap(phase.label, getattr(owner, chain[-1])))
    # Mesa 3 runs the model's own step() as model._user_step from inside model.step()
    install(model, "_user_step", user_step(model._user_step))
    k = args.profile_steps
    t0 = time.perf_counter()
    try:
        for _ in range(k):
            model.step()
    finally:
        total = time.perf_counter() - t0
        for owner, attr, inner, own in reversed(undo):
            if own:
                setattr(owner, attr, inner)
            else:
                delattr(owner, attr)

    own_label = "step()'s own lines: " + (", ".join(untimed) or "-")
    width = max(
        len(own_label), *(len(p.label) + 2 for p in phases), *(len(p.section) for p in phases)
    )

    def row(label: str, seconds: float, months: str = "") -> str:
        line = f"  {label:{width}} {1e3 * seconds / k:9.3f} {seconds / total:8.1%} {months:>7}"
        return line.rstrip()

    print(f"policy: {POLICY_TEXT}")
    print(
        f"{fmt_n(n)} teachers, months 1-{k}: {1e3 * total / k:.3f} ms/step (no profiler); "
        f"phases: the {len(phases)} calls PDNetworkModel.step() makes, read from its source"
    )
    print(f"  {'phase':{width}} {'ms/step':>9} {'share':>8} {'months':>7}")
    for section in dict.fromkeys(p.section for p in phases):
        members = [p for p in phases if p.section == section]
        print(
            row(section or "(before the first numbered part)", sum(spent[p.label] for p in members))
        )
        for p in members:
            print(row("  " + p.label, spent[p.label], str(calls[p.label])))
    timed_total = sum(spent.values())
    own = state["step"] - timed_total
    print(row("all phases", timed_total))
    print(row(own_label, own))
    print(row("Mesa around step() (clock, event list)", total - state["step"]))
    print(row("model.step(), whole", total))
    print(
        f"months: in how many of the {k} months the phase ran (a phase behind an `if` "
        "runs only in some); share: of the whole model.step()."
    )


def run_profile(args: argparse.Namespace) -> None:
    from netsim.core.model import PDNetworkModel

    n = args.profile
    t = time.perf_counter()
    model = PDNetworkModel(rng=SEED, **policy_for(n))
    print(f"built {fmt_n(n)} teachers in {time.perf_counter() - t:.2f} s; policy: {POLICY_TEXT}")
    for _ in range(args.profile_warmup):
        model.step()
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for _ in range(args.profile_steps):
        model.step()
    prof.disable()
    wall = time.perf_counter() - t
    print(
        f"profiled months {args.profile_warmup + 1}-{args.profile_warmup + args.profile_steps}: "
        f"{wall:.2f} s under cProfile ({1e3 * wall / args.profile_steps:.1f} ms/step)"
    )
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats(args.profile_sort).print_stats(args.profile_top)
    print(buf.getvalue())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        help="numbers of teachers (default: 10000 100000 1000000)",
    )
    ap.add_argument("--steps", type=int, default=BIG_STEPS, help="months per run (default 120)")
    ap.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="fresh-process runs per small size; the fastest times are shown (default 3)",
    )
    ap.add_argument(
        "--repeat-below",
        type=int,
        default=200_000,
        help="sizes at or above this run once (default 200000)",
    )
    ap.add_argument(
        "--ratio-steps",
        type=int,
        default=24,
        help="months after which the one-agent-at-a-time ratio is timed (default 24)",
    )
    ap.add_argument("--no-ratio", action="store_true", help="skip the one-agent-at-a-time ratio")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="10k and 100k only, 24 steps, 1 run, ratio over 6 months",
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    ap.add_argument("--verbose", action="store_true", help="also print every raw result")
    ap.add_argument(
        "--profile",
        type=int,
        metavar="SIZE",
        help="instead of the table: cProfile of --profile-steps steps at SIZE teachers",
    )
    ap.add_argument(
        "--phases",
        type=int,
        metavar="SIZE",
        help="instead of the table: wall time of each call step() makes, at SIZE teachers",
    )
    ap.add_argument("--profile-steps", type=int, default=24, help="steps for --profile/--phases")
    ap.add_argument(
        "--profile-warmup", type=int, default=0, help="unprofiled months to run first (default 0)"
    )
    ap.add_argument("--profile-top", type=int, default=25)
    ap.add_argument("--profile-sort", default="cumulative", help="pstats key (default cumulative)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.failures = []
    if args.quick:
        args.sizes = [10_000, 100_000]
        args.steps = 24
        args.repeats = 1
        args.ratio_steps = 6
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child_main(json.loads(args.child))
        return 0
    if args.profile:
        run_profile(args)
        return 0
    if args.phases:
        run_phases(args)
        return 0
    lines = header(args)
    print("\n".join(lines) + "\n", flush=True)
    table, verdicts = run_table(args)
    print("\n".join(table[len(args.sizes) + 2 :]) + "\n", flush=True)
    if not args.no_ratio:
        ratio, more = run_ratio(args)
        verdicts += more
        print("\n".join(ratio) + "\n")
    missed = verdicts.count(False)
    failed = f", {len(args.failures)} FAILED to run" if args.failures else ""
    print(f"targets: {len(verdicts) - missed} PASS, {missed} MISS{failed}")
    if args.failures:
        return 2
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
