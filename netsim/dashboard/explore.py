"""The explore view's data: scenarios with lever settings, their replications and headlines.

Nothing here draws or knows about Solara; the dashboard calls these functions
(the replications in a background thread) and shows what they return.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netsim.core.indicators import BY_NAME
from netsim.core.params import PARAMETERS, Param, validate
from netsim.evaluate.engines import Engine
from netsim.evaluate.runner import Comparison, compare_scenarios
from netsim.io.experiments import ExperimentError, load_experiment
from netsim.io.scenarios import (
    SCENARIO_DIR,
    Problem,
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_to_toml,
    shipped_names,
)
from netsim.report.policy_words import holding_rows, holding_sentence, plain_rows


@dataclasses.dataclass(frozen=True)
class Headline:
    """One headline card line: what it measures, its unit and which way is better.

    Which way is better comes from the indicator registry (``better``); the two
    resilience lines, which are not indicators, are better higher.
    """

    key: str
    title: str
    unit: str

    @property
    def better(self) -> str:
        """``higher`` or ``lower``."""
        better = BY_NAME[self.key].better if self.key in BY_NAME else "up"
        return "lower" if better == "down" else "higher"


HEADLINES: dict[str, Headline] = {
    h.key: h
    for h in (
        Headline("reach_teachers", "Teachers engaged now", "% of teachers"),
        Headline("reach_teachers_ever", "Teachers ever reached", "% of teachers"),
        Headline("practice_mean", "Depth: practice change", "0 (none) to 1 (full)"),
        Headline("cost_per_teacher_reached", "Cost per teacher ever reached", "€"),
        Headline("equity_gap_region", "Reach gap between regions", "percentage points"),
        Headline("lowest_after_shock", "After the first shock: lowest reach", "% of before"),
        Headline("kept_after_shock", "After the first shock: reach at the end", "% of before"),
    )
}
"""The headline cards, in order: indicator (or resilience measure) -> what it shows."""

PERCENT = {
    "reach_teachers",
    "reach_teachers_ever",
    "equity_gap_region",
    "kept_after_shock",
    "lowest_after_shock",
}
"""Headlines shown as percentages."""

RESILIENCE = {
    "lowest_after_shock": "Lowest share of teachers engaged in any month from the first shock on, "
    "over the share engaged in the month before it (mean over replications).",
    "kept_after_shock": "Share of teachers engaged at the end, over the share engaged in the month "
    "before the first shock (mean over replications); above 100 % the network grew past the shock.",
}
"""What the two resilience headlines measure (they are not model indicators)."""


def slider_step(param: Param, value: float) -> float:
    """A slider step for ``param`` that fits its range and puts ``value`` on the grid.

    About 200 steps over the range, rounded to 1, 2 or 5 times a power of ten; finer
    (down to 1/100 000 of the range) when ``value`` would otherwise fall between
    two steps, since a slider moves a value between steps onto one; 0 (no steps,
    any value) when even that does not fit. Integers step by whole numbers.
    """
    low, high = float(param.low or 0), float(param.high or 0)
    span = high - low
    if span <= 0:
        return 1.0
    base = 10 ** np.floor(np.log10(span / 200))
    step = next(m * base for m in (5, 2, 1) if span / (m * base) >= 100)
    if param.kind is int:
        step = max(1.0, float(round(step)))
    while True:
        k = (float(value) - low) / step
        if abs(k - round(k)) < 1e-6:
            return float(f"{step:.10g}")
        if param.kind is int and step <= 1:
            return 1.0
        if step < span / 100_000:
            return 0.0
        step = max(1.0, float(round(step / 10))) if param.kind is int else step / 10


def moved_levers(scenario: Scenario, values: Mapping[str, Any]) -> dict[str, Any]:
    """The lever values of ``values`` that differ from the scenario file's."""
    return {k: v for k, v in values.items() if scenario.params.get(k) != v}


def levers() -> list[Param]:
    """The lever parameters, in schema order: the controls of the explore view."""
    return [p for p in PARAMETERS.values() if p.group == "lever"]


def with_levers(
    scenario: Scenario, overrides: Mapping[str, Any], *, name: str, months: int | None = None
) -> Scenario:
    """Return ``scenario`` with lever values changed, renamed, and run for ``months`` months.

    Raises:
        ParameterError: if a value or the combination is rejected by the schema.
        ScenarioError: if ``months`` is out of range.
    """
    params = validate({**scenario.params, **overrides})
    out = dataclasses.replace(scenario, name=name, params=params)
    if months is not None and months != out.months:
        out, _ = out.with_months(months)
    return out


def seed_problem(value: object) -> str:
    """Return ``""`` for a usable master seed, else why not, in the page's message style.

    A seed is a non-negative integer (as ``--seed`` on the command line); anything
    else would make the model or :func:`~netsim.evaluate.runner.derive_seeds` raise.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return f"seed: got {value!r} (allowed: an integer of 0 or more)"
    return ""


def _check_upload_extends(name: str, content: bytes) -> None:
    """Refuse an upload whose ``extends`` is not a shipped scenario name.

    On the command line ``extends`` may also be a path; from a browser that would
    let anyone probe which ``.toml`` files exist on the server, so uploads may
    only build on the shipped scenarios. Unreadable TOML and an ``extends`` that
    is not a string are left to :func:`~netsim.io.scenarios.load_scenario`, which
    reports them in its usual words.
    """
    try:
        raw = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    parent = raw.get("extends")
    names = shipped_names()
    if isinstance(parent, str) and parent not in names:
        allowed = "only a shipped scenario name (" + ", ".join(names) + "), not a path"
        problem = Problem(name, "extends", f"got {parent!r}", allowed)
        raise ScenarioError([problem])


def load_upload(filename: str, content: bytes) -> Scenario:
    """Load an uploaded scenario file; its ``extends`` may name only a shipped scenario.

    Raises:
        ScenarioError: the same messages as ``netsim validate``, naming the uploaded file;
            also when ``extends`` is anything but a shipped scenario's name (a path).
    """
    name = Path(filename).name or "upload.toml"
    if not name.endswith(".toml"):
        name += ".toml"
    _check_upload_extends(name, content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            return load_scenario(path, confined=True)
        except ScenarioError as exc:
            problems = [
                dataclasses.replace(p, file=p.file.replace(str(path), name)) for p in exc.problems
            ]
            raise ScenarioError(problems) from None


def run_comparison(
    scenarios: Sequence[Scenario],
    *,
    reps: int,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    engine: Engine | None = None,
) -> Comparison:
    """Run every scenario ``reps`` times with common seeds, for the explore view.

    The evaluator's :func:`~netsim.evaluate.runner.compare_scenarios`, with the
    dashboard's progress and cancellation: no progress bar, a callback instead.

    Args:
        scenarios: two or three scenarios with different names; the first is the baseline.
        reps: replications per scenario.
        seed: master seed.
        progress: called with (done, total) after each replication.
        cancel: when set, stop between replications and raise
            :class:`~netsim.evaluate.engines.RunCancelledError`.
        engine: where to run the replications (default: one after the other, here).
    """
    return compare_scenarios(
        scenarios,
        reps=reps,
        seed=seed,
        engine=engine,
        progress=False,
        on_done=progress,
        cancel=cancel,
    )


def _after_shock(data: pd.DataFrame, events: Sequence[Mapping[str, Any]]) -> tuple[float, float]:
    """(lowest, final) share engaged from the first shock on, over the month before it.

    Means over replications; NaN, NaN without a shock.
    """
    if not events:
        return float("nan"), float("nan")
    before = int(min(e["month"] for e in events)) - 1
    lows, ends = [], []
    for _, rep in data.sort_values("month").groupby("replication"):
        pre = rep.loc[rep["month"] <= before, "reach_teachers"]
        after = rep.loc[rep["month"] > before, "reach_teachers"]
        if pre.empty or after.empty or pre.iloc[-1] <= 0:
            continue
        lows.append(after.min() / pre.iloc[-1])
        ends.append(after.iloc[-1] / pre.iloc[-1])
    if not lows:
        return float("nan"), float("nan")
    return float(np.mean(lows)), float(np.mean(ends))


def headlines(comparison: Comparison) -> pd.DataFrame:
    """One row per scenario: the headline values at the end and their differences to the first.

    Columns: ``scenario``, then for each key of :data:`HEADLINES` its mean, its
    5 % and 95 % quantiles across replications (``<key>_p5``, ``<key>_p95``)
    and the difference to the baseline (``<key>_diff``).
    """
    rows = []
    for run in comparison.runs:
        data = run.data
        last = data[data["month"] == data["month"].max()]
        row: dict[str, Any] = {"scenario": run.scenario.name}
        low, end = _after_shock(data, run.scenario.events)
        for key in HEADLINES:
            if key in RESILIENCE:
                row[key] = low if key == "lowest_after_shock" else end
                row[f"{key}_p5"] = row[f"{key}_p95"] = float("nan")
                continue
            values = last[key].astype(float)
            row[key] = float(values.mean())
            row[f"{key}_p5"] = float(values.quantile(0.05))
            row[f"{key}_p95"] = float(values.quantile(0.95))
        rows.append(row)
    table = pd.DataFrame(rows)
    for key in HEADLINES:
        table[f"{key}_diff"] = table[key] - table[key].iloc[0]
    return table


def reproducible(
    comparison: Comparison, bases: Sequence[Scenario]
) -> tuple[Comparison, dict[str, str]]:
    """The comparison named for a report whose "Reproduce with" line runs as written.

    A shipped scenario with its own values keeps its name (``netsim compare`` finds
    it; the run length is the command's ``--years``); any other (levers moved, an
    upload) is written as a resolved
    TOML file, ``a_top_down.toml`` for scenario A, named by that file in the report.

    Args:
        comparison: what the page ran, scenarios named ``A: top_down (levers moved)``.
        bases: the scenario each one started from (shipped or uploaded), in order.

    Returns:
        The renamed comparison, and the files to put next to the report (name -> text).
    """
    files: dict[str, str] = {}
    runs, names = [], {}
    used: set[str] = set()
    for k, (run, base) in enumerate(zip(comparison.runs, bases, strict=True)):
        s = run.scenario
        shipped = base.path is not None and base.path.parent == SCENARIO_DIR
        # the run length is the command's --years, the same for all
        same = shipped and s.params == base.params and s.events == base.events
        if same and base.name not in used:
            new = dataclasses.replace(s, name=base.name, path=base.path)
        else:
            stem = f"{'abc'[k]}_{base.name}"
            new = dataclasses.replace(s, name=stem, path=Path(f"{stem}.toml"))
            files[f"{stem}.toml"] = scenario_to_toml(new)
        used.add(new.name)
        names[s.name] = new.name
        runs.append(dataclasses.replace(run, scenario=new, data=run.data.assign(scenario=new.name)))
    data = comparison.data.assign(scenario=comparison.data["scenario"].map(names))
    return Comparison(runs=runs, data=data), files


def format_value(key: str, value: float, *, signed: bool = False) -> str:
    """A headline value in plain words: 42 %, 1 250 €, 0.31, or 'no shock'."""
    if value != value:  # NaN
        return "no shock" if key in RESILIENCE else "-"
    sign = "+" if signed else ""
    if key == "equity_gap_region":
        return f"{100 * value:{sign}.1f} points"
    if key in PERCENT:
        return f"{100 * value:{sign}.1f} %" if not signed else f"{100 * value:+.1f} points"
    if key == "cost_per_teacher_reached":
        return f"{value:{sign},.0f} €".replace(",", "\u202f")
    return f"{value:{sign}.3f}"


def holding_intro(table: pd.DataFrame) -> str:
    """Where the robustness sentences come from, in words: the experiment and its futures."""
    if table.empty:
        return "The robustness table holds no policy."
    name = str(table["experiment"].iloc[0])
    futures = int(table["futures"].max())
    differ = ""
    try:
        exp = load_experiment(name)
    except (ExperimentError, ScenarioError, FileNotFoundError):
        exp = None
    if exp is not None and exp.policies:
        words = [
            PARAMETERS[v.name].label.lower() if v.name in PARAMETERS else v.name for v in exp.varied
        ]
        differ = f", which differ in what nobody controls ({', '.join(words)})"
    return (
        f"Computed in advance with the experiment {name}: each policy run in the same "
        f"{futures} plausible futures{differ}. Each line says in how many of them a policy "
        "meets a goal and, where it misses, in which futures it mostly does."
    )


def holding_lines(
    table: pd.DataFrame,
    bases: Sequence[Scenario],
    moved: Sequence[bool],
    uploaded: Sequence[bool],
    *,
    shipped: bool = True,
) -> list[list[str]]:
    """For each compared scenario, the sentences saying how it holds up, or why there are none.

    Args:
        table: a holding table (:func:`~netsim.report.policy_words.read_holding`).
        bases: the scenario each compared one starts from (shipped, the user's, or uploaded).
        moved: whether its levers were moved.
        uploaded: whether it was uploaded in the page (the table never covers those).
        shipped: whether the table is the one shipped, which covers shipped scenarios
            only (not a file of the user's folder with a shipped scenario's name).
    """
    covered = ", ".join(dict.fromkeys(plain_rows(table)["scenario"])) or "no scenario"
    out = []
    for base, changed, upload in zip(bases, moved, uploaded, strict=True):
        rows = holding_rows(table, base.name)
        if upload:
            out.append([f"No robustness result for an uploaded scenario ({base.name})."])
        elif shipped and (base.path is None or base.path.parent != SCENARIO_DIR):
            out.append(
                [
                    f"No robustness result for your scenario file {base.name}: the table is "
                    "for the shipped scenarios."
                ]
            )
        elif rows.empty:
            out.append([f"No robustness result for {base.name}: the table covers {covered}."])
        elif changed:
            out.append(
                [
                    f"No robustness result with levers moved: the table is for {base.name} "
                    "with the levers of its file."
                ]
            )
        else:
            out.append([holding_sentence(row) for _, row in rows.iterrows()])
    return out
