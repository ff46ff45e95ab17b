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

from netsim.core.params import PARAMETERS, Param, validate
from netsim.evaluate.engines import Engine
from netsim.evaluate.runner import Comparison, compare_scenarios
from netsim.io.scenarios import Problem, Scenario, ScenarioError, load_scenario, shipped_names

HEADLINES: dict[str, str] = {
    "reach_teachers": "Reach (teachers ever reached)",
    "practice_mean": "Depth (practice change)",
    "cost_per_teacher_reached": "Cost per teacher reached (€)",
    "equity_gap_region": "Equity gap between regions",
    "kept_after_shock": "Reach kept after the first shock",
}
"""The headline cards: indicator -> plain-words title."""

PERCENT = {"reach_teachers", "equity_gap_region", "kept_after_shock"}
"""Headlines shown as percentages."""


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
            return load_scenario(path)
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


def _kept_after_shock(data: pd.DataFrame, events: Sequence[Mapping[str, Any]]) -> float:
    """Final reach over reach in the month before the first shock, mean over replications."""
    if not events:
        return float("nan")
    before = int(min(e["month"] for e in events)) - 1
    rows = data.sort_values("month").groupby("replication")
    ratios = []
    for _, rep in rows:
        pre = rep.loc[rep["month"] <= before, "reach_teachers"]
        if pre.empty or pre.iloc[-1] <= 0:
            continue
        ratios.append(rep["reach_teachers"].iloc[-1] / pre.iloc[-1])
    return float(np.mean(ratios)) if ratios else float("nan")


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
        for key in HEADLINES:
            if key == "kept_after_shock":
                row[key] = _kept_after_shock(data, run.scenario.events)
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


def format_value(key: str, value: float, *, signed: bool = False) -> str:
    """A headline value in plain words: 42 %, 1 250 €, 0.31, or 'no shock'."""
    if value != value:  # NaN
        return "no shock" if key == "kept_after_shock" else "-"
    sign = "+" if signed else ""
    if key in PERCENT:
        return f"{100 * value:{sign}.1f} %" if not signed else f"{100 * value:+.1f} points"
    if key == "cost_per_teacher_reached":
        return f"{value:{sign},.0f} €".replace(",", " ")
    return f"{value:{sign}.3f}"
