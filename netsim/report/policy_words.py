"""How each policy holds up across the sampled futures, in words a policymaker reads.

``netsim analyze`` condenses a policies x uncertainties sweep into a small table
(:func:`holding_table`, written as ``holding.csv``): one row per policy and
outcome with a goal, saying in how many futures the policy meets the goal and,
when it misses in some, PRIM's box of the futures in which it misses. The
package ships such a table for the shipped experiment ``robust_policies``
(:data:`SHIPPED`); the dashboard's explore view reads it (or one a user
computed) with :func:`read_holding` and shows :func:`holding_sentence` for
each scenario compared. The words come from the indicator registry and the
parameter schema, so the table holds only numbers and names.

Regenerate the shipped table (a few minutes on 2 cores)::

    netsim sweep robust_policies --workers 2 --out results/robust
    netsim analyze results/robust
    cp results/robust/holding.csv netsim/data/robustness/robust_policies.csv
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from netsim.core import indicators as registry
from netsim.core.params import PARAMETERS
from netsim.io.resources import shipped
from netsim.io.scenarios import resolved_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    from netsim.analysis.discovery import Box
    from netsim.io.experiments import Experiment

SHIPPED = shipped("robustness", "robust_policies.csv")
"""The robustness of the shipped scenarios, from the shipped experiment robust_policies."""

ENV = "NETSIM_ROBUSTNESS"
"""Environment variable naming the holding table to read instead of :data:`SHIPPED`
(a ``holding.csv`` or the sweep folder holding it; ``netsim dashboard --robustness``)."""

COLUMNS: dict[str, str] = {
    "experiment": "the experiment's name",
    "policy": "the policy's name",
    "scenario": "the scenario the policy runs",
    "levers": "the policy's lever settings on top of its scenario, as JSON ({} for none)",
    "outcome": "the outcome's name",
    "indicator": "the outcome's indicator",
    "stat": "how the outcome reads the indicator (an outcome's stat, not series)",
    "months": "the run length",
    "month": "the month of stat at (empty otherwise)",
    "window_from": "first month of the outcome's window (empty without one)",
    "window_to": "last month of the outcome's window (empty without one)",
    "threshold": "the level of stat first_month (empty otherwise)",
    "crossing": "up or down: which way first_month crosses the threshold",
    "better": "higher or lower",
    "goal": "the level the policy must meet",
    "futures": "futures in which the policy has a value",
    "met": "futures in which it meets the goal",
    "box": "PRIM's box of the futures in which it misses, as JSON "
    "{parameter: [low or null, high or null]} (empty when it never or always misses)",
    "coverage": "share of the futures in which it misses that are in the box",
    "density": "share of the futures in the box in which it misses",
}
"""The columns of a holding table, and what each holds (read by the dashboard)."""


class HoldingError(ValueError):
    """A holding table the dashboard cannot read; ``str()`` names the file and what is wrong."""


def holding_table(
    exp: Experiment, futures: pd.DataFrame | None, boxes: Mapping[tuple[str, str], Box]
) -> pd.DataFrame:
    """One row per policy and outcome with a goal: futures met, PRIM's box where it misses.

    Args:
        exp: a policies x uncertainties experiment.
        futures: its futures table (:func:`netsim.analysis.robustness.regret`).
        boxes: PRIM's box for each (policy, outcome) that misses its goal in some futures.

    Returns:
        A table with the columns of :data:`COLUMNS`; empty (with those columns)
        without policies or goals.
    """
    rows: list[dict[str, Any]] = []
    for o in exp.outcomes:
        if o.goal is None or o.stat == "series" or futures is None:
            continue
        for policy in exp.policies:
            t = futures[(futures["outcome"] == o.name) & (futures["policy"] == policy.name)]
            meets = t["meets"].dropna().astype(bool)
            box = boxes.get((policy.name, o.name))
            limits = {} if box is None else _limits(box.limits)
            rows.append(
                {
                    "experiment": exp.name,
                    "policy": policy.name,
                    "scenario": resolved_name(policy.source or exp.base or exp.scenario),
                    "levers": json.dumps(policy.levers, sort_keys=True),
                    "outcome": o.name,
                    "indicator": o.indicator,
                    "stat": o.stat,
                    "months": exp.months,
                    "month": o.month,
                    "window_from": o.window[0] if o.window else None,
                    "window_to": o.window[1] if o.window else None,
                    "threshold": o.threshold,
                    "crossing": o.crossing,
                    "better": o.better,
                    "goal": o.goal,
                    "futures": len(meets),
                    "met": int(meets.sum()),
                    "box": json.dumps(limits) if box is not None else "",
                    "coverage": box.coverage if box is not None else None,
                    "density": box.density if box is not None else None,
                }
            )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("months", "month", "window_from", "window_to"):
        out[column] = out[column].astype("Int64")
    return out


def _limits(limits: pd.DataFrame) -> dict[str, list[float | None]]:
    """The restricted edges of a box: parameter -> [low or None, high or None], 6 digits."""
    out: dict[str, list[float | None]] = {}
    for _, r in limits[limits["restricted"]].iterrows():
        low = float(f"{r['low']:.6g}") if r["low"] > r["min"] else None
        high = float(f"{r['high']:.6g}") if r["high"] < r["max"] else None
        out[str(r["parameter"])] = [low, high]
    return out


def holding_path(named: str | Path | None = None) -> Path:
    """The holding table named: a file, or a sweep folder with ``holding.csv``.

    By default the one :data:`ENV` names, else :data:`SHIPPED`.
    """
    named = named or os.environ.get(ENV) or SHIPPED
    path = Path(named)
    return path / "holding.csv" if path.is_dir() else path


def read_holding(path: Path) -> pd.DataFrame:
    """Read a holding table written by ``netsim analyze`` (or the shipped one).

    Raises:
        HoldingError: if the file is missing, unreadable or lacks a column of
            :data:`COLUMNS`; the message names the file.
    """
    try:
        table = pd.read_csv(path, keep_default_na=True)
    except FileNotFoundError:
        raise HoldingError(f"{path}: no such file (netsim analyze writes holding.csv)") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise HoldingError(f"{path}: not a readable CSV table ({exc})") from None
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise HoldingError(
            f"{path}: missing column(s) {', '.join(missing)} "
            f"(allowed: a holding.csv of netsim analyze, with {', '.join(COLUMNS)})"
        )
    table["levers"] = table["levers"].fillna("{}")
    table["box"] = table["box"].fillna("")
    for k, row in table.iterrows():
        line = int(str(k)) + 2  # the header is line 1
        for column, allowed in (
            ("levers", "a JSON object of lever settings ({} for none)"),
            ("box", "empty, or a JSON object {parameter: [low or null, high or null]}"),
        ):
            if _json_problem(str(row[column]), column):
                raise HoldingError(
                    f"{path}: line {line}, {column}: got {row[column]!r} (allowed: {allowed})"
                )
        for column in ("futures", "met"):
            if not _whole(row[column]):
                raise HoldingError(
                    f"{path}: line {line}, {column}: got {row[column]!r} "
                    "(allowed: a whole number of 0 or more)"
                )
    return table.astype({"futures": int, "met": int})


def _whole(value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(number) and number == int(number) and number >= 0


def _json_problem(text: str, column: str) -> bool:
    """Whether ``text`` is not what the column holds (a box may be empty)."""
    if column == "box" and not text:
        return False
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return True
    if not isinstance(value, dict):
        return True
    return column == "box" and not all(
        isinstance(edges, list) and len(edges) == 2 for edges in value.values()
    )


def plain_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``table`` whose policy is a scenario as it is, without lever settings."""
    return table[table["levers"].map(lambda text: not json.loads(text))]


def holding_rows(table: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The rows of ``table`` for the policy that runs ``scenario`` as it is, without levers."""
    plain = plain_rows(table)
    return plain[plain["scenario"] == scenario]


def _number(indicator: str, value: float) -> str:
    """A goal or threshold in the indicator's unit: 40 %, 1 250 €, 0.3."""
    info = registry.indicator(indicator)
    if registry.is_share(indicator):
        return f"{100 * value:.0f} %"
    if info.kind == "money":
        return f"{value:,.0f} €".replace(",", "\u202f")
    return f"{value:g}"


def _when(row: pd.Series) -> str:
    """When the outcome reads the indicator, in words: after 10 years, at its highest."""
    stat = str(row["stat"])
    window = ""
    if _given(row["window_from"]):
        window = f" between months {int(row['window_from'])} and {int(row['window_to'])}"
    if stat == "at":
        month = int(row["month"])
        return f"after {month // 12} years" if month % 12 == 0 else f"at month {month}"
    if stat == "final":
        months = int(row["months"])
        when = f"after {months // 12} years" if months % 12 == 0 else f"at month {months}"
        return f"{when} (the end of the run)"
    if stat == "mean":
        return f"on average{window}"
    return f"at its {'highest' if stat == 'max' else 'lowest'}{window or ' over the run'}"


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def goal_words(row: pd.Series) -> str:
    """The goal in words: ``"teachers engaged now: at least 40 % after 10 years"``."""
    indicator = str(row["indicator"])
    what = registry.label(indicator).lower()
    if row["stat"] == "first_month":
        threshold = _number(indicator, float(row["threshold"]))
        crossed = "falls to" if row["crossing"] == "down" else "reaches"
        when = "by" if row["better"] == "lower" else "not before"
        return f"{what} {crossed} {threshold} {when} month {float(row['goal']):g}"
    level = "at least" if row["better"] == "higher" else "at most"
    return f"{what}: {level} {_number(indicator, float(row['goal']))} {_when(row)}"


def _edge(name: str, low: float | None, high: float | None) -> str:
    param = PARAMETERS.get(name)
    what = param.label.lower() if param is not None else name
    if low is not None and high is not None:
        return f"{what} is between {low:.3g} and {high:.3g}"
    if low is not None:
        return f"{what} is above {low:.3g}"
    return f"{what} is below {high:.3g}"


def holding_sentence(row: pd.Series) -> str:
    """One policy's robustness for one goal, in words without statistics.

    For example: "bottom_up meets the goal 'teachers engaged now: at least 40 % after
    10 years' in 22 of 40 plausible futures. It misses in the other 18, mostly when trust decay
    is above 0.03 and weight of workload is above 1.2: 17 of those 18 futures are of
    that kind, and in such futures it misses 9 times in 10."
    """
    futures, met = int(row["futures"]), int(row["met"])
    head = (
        f"{row['policy']} meets the goal \u201c{goal_words(row)}\u201d in {met} of "
        f"{futures} plausible futures."
    )
    missed = futures - met
    if futures == 0:
        return f"{row['policy']}: no future has a result."
    if missed == 0:
        return head + " It never misses in the futures sampled."
    if met == 0:
        return head + " It misses in every one of them."
    box = json.loads(row["box"]) if row["box"] else {}
    if not box:
        return (
            head + f" It misses in the other {missed}, with no simple pattern in the "
            "uncertain behaviour that singles them out."
        )
    edges = [_edge(name, *limits) for name, limits in box.items()]
    where = " and ".join([", ".join(edges[:-1]), edges[-1]] if len(edges) > 1 else edges)
    inside = round(float(row["coverage"]) * missed)
    kind = "all of them are" if inside == missed else f"{inside} of those {missed} are"
    tenths = round(10 * float(row["density"]))
    often = "always misses" if tenths == 10 else f"misses {tenths} times in 10"
    return (
        head + f" It misses in the other {missed}, mostly when {where}: {kind} futures of "
        f"that kind, and in such futures it {often}."
    )
