"""Experiment files: which parameters to vary, how, and what to keep (the design layer).

An experiment file names a base scenario, the parameters to vary with their
values or ranges, a design, the replications per design point and the
outcomes to keep::

    title = "Trust x mandate on top-down"
    scenario = "top_down"      # a shipped name or a path relative to this file
    months = 60                # optional: overrides the scenario's months
    replications = 3
    seed = 1

    [design]
    method = "grid"            # grid, lhs, sobol or morris

    [fixed]                    # parameters set for every run (optional)
    n_teachers = 2000

    [parameters.mandate_strength]
    values = [0.0, 0.25, 0.5]
    [parameters.initial_trust]
    low = 0.1
    high = 0.7
    steps = 4                  # grid only: evenly spaced values from low to high

    [outcomes.reach]
    indicator = "reach_teachers"
    stat = "final"             # final, mean, max, min, at, first_month or series

Checks are made on load, with the messages of scenario files: one line per
problem naming the file, the key path and what is allowed, and the nearest
name for a misspelt key; parameter names and ranges come from
:data:`netsim.core.params.PARAMETERS`. Combinations of values (shares that add up
to more than 1, say) are checked when a run starts: such a run is recorded as
failed and the others go on.

Designs
    ``grid``: every combination of the values, the first parameter varying
    slowest. ``lhs``: ``samples`` points of a Latin hypercube (SALib).
    ``sobol``: Saltelli's extension of a Sobol' sequence (SALib), ``samples``
    times ``D + 2`` points (``2 D + 2`` with ``second_order``), ``samples`` a power
    of two. ``morris``: ``samples`` trajectories of ``D + 1`` points on
    ``levels`` levels. Every random design is drawn from the experiment seed, so
    loading the same file gives the same points. Integer parameters are rounded.

Runs
    Run ``r`` is replication ``r % replications`` of point ``r // replications``;
    its seed is :func:`netsim.evaluate.runner.derive_seeds` of the experiment seed, item
    ``r``, so it depends only on the seed and the run index.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netsim.core import indicators as registry
from netsim.core.events import EVENT_KINDS
from netsim.core.params import (
    DEFAULTS,
    PARAMETERS,
    SHARE_GROUPS,
    Param,
    ParameterError,
    did_you_mean,
    validate,
)
from netsim.io.resources import FolderError, entries, find, shipped
from netsim.io.scenarios import (
    MAX_MONTHS,
    TOO_DEEP,
    Problem,
    Scenario,
    ScenarioError,
    load_scenario,
    locate,
    problems_from,
    scenario_names,
    shown,
    unknown_key,
)
from netsim.io.toml import literal, to_toml

EXPERIMENT_DIR = shipped("experiments")
"""Where the shipped experiments live (``netsim/data/experiments/``, package data)."""

METHODS = ("grid", "lhs", "sobol", "morris")
"""Designs an experiment may use."""

STATS = ("final", "mean", "max", "min", "at", "first_month", "series")
"""What an outcome keeps of an indicator."""

MAX_RUNS = 1_000_000
"""Most runs one experiment may ask for."""

MAX_DUMMIES = 20
"""Most dummy parameters a Sobol or Morris design may add."""

DUMMY_PREFIX = "dummy_"
"""Names of the dummy parameters of a design: ``dummy_1``, ``dummy_2``, ..."""


def dummy_names(n: int) -> list[str]:
    """The names of ``n`` dummy parameters: columns of the design, never model parameters."""
    return [f"{DUMMY_PREFIX}{k}" for k in range(1, n + 1)]


def is_dummy(name: str) -> bool:
    """Whether a design column is a dummy parameter (the model never reads it)."""
    return name.startswith(DUMMY_PREFIX) and name not in PARAMETERS


TOP_KEYS: dict[str, tuple[str, str]] = {
    "title": ("a string", "Title shown in reports (required)."),
    "description": ("a string", "What the experiment asks, a short paragraph."),
    "scenario": (
        "a scenario name (yours, then the shipped ones) or a path to a .toml file "
        "relative to this file",
        "The base scenario every run starts from (required).",
    ),
    "months": (f"an integer from 1 to {MAX_MONTHS}", "Run length; default the scenario's."),
    "replications": ("an integer from 1 to 10000", "Runs per design point (default 1)."),
    "seed": ("a non-negative integer", "Experiment seed; every run's seed derives from it."),
    "name": (
        "one line of text, 1 to 200 characters (no line breaks or control characters)",
        "The experiment's name (default: the file name); resolved files keep it.",
    ),
}
"""Top-level keys other than the tables: key -> (allowed, meaning)."""

NAME_PATTERN = r"^[^\x00-\x1f\x7f\u0085\u2028\u2029]{1,200}$"
"""An experiment's name: one line (it heads the sweep folder's files and messages)."""

DESIGN_KEYS: dict[str, tuple[str, str]] = {
    "method": ("one of " + ", ".join(METHODS), "The design (required)."),
    "samples": (
        "a positive integer",
        "lhs: points; sobol: base samples N (a power of two); morris: trajectories.",
    ),
    "second_order": ("true or false", "sobol: also estimate second-order indices."),
    "levels": ("an even integer from 2 to 100", "morris: grid levels (default 4)."),
    "dummies": (
        f"an integer from 0 to {MAX_DUMMIES} (sobol or morris without policies)",
        "sobol, morris: parameters the model never reads, added to the design as the "
        "noise floor of the indices (default 1).",
    ),
}
"""Keys of ``[design]``."""

PARAMETER_KEYS: dict[str, tuple[str, str]] = {
    "values": ("a list of the parameter's values", "grid: the values to take."),
    "low": ("a number within the parameter's range", "Lower end of the range."),
    "high": ("a number within the parameter's range", "Upper end of the range."),
    "steps": ("an integer from 2 to 1000", "grid: evenly spaced values from low to high."),
}
"""Keys of each ``[parameters.NAME]`` table."""

OUTCOME_KEYS: dict[str, tuple[str, str]] = {
    "indicator": ("an indicator the model reports", "The indicator column (required)."),
    "stat": (
        "one of " + ", ".join(STATS),
        "final: last measured value; mean: mean over window; max, min: over the run or the"
        " window; at: the value at month (a network-shape indicator: the last measured by"
        " then); first_month: the first month the indicator reaches"
        " threshold (see crossing; the run's months + 1 when it never does); series: every"
        " month.",
    ),
    "window": (
        "[from, to], months within the run",
        "mean (required), max and min (optional): first and last month, inclusive.",
    ),
    "month": ("a month within the run", "at: the month whose value is kept (required)."),
    "threshold": ("a number", "first_month: the level to reach (required)."),
    "crossing": (
        "up or down",
        "first_month: up (default), the first month at or above threshold; down, the first"
        " month at or below it (a reach falling after a cut, a cost coming down).",
    ),
    "goal": (
        "a number",
        "The level a policy must meet in a future (at least it when higher is better, at"
        " most it when lower is): the satisficing share of netsim analyze.",
    ),
    "better": (
        "higher or lower",
        "Which way is better, for regret and goals; default: the indicator's (lower for"
        " first_month; higher when the indicator has none).",
    ),
}
"""Keys of each ``[outcomes.NAME]`` table."""

POLICY_KEYS: dict[str, tuple[str, str]] = {
    "scenario": (
        "a scenario name (yours, then the shipped ones) or a path to a .toml file "
        "relative to this file",
        "The policy's scenario; default: the experiment's scenario.",
    ),
    "NAME": (
        "a lever or switch of docs/scenarios.md, within its range",
        "Lever settings on top of the scenario (such as mandate_strength = 0.2).",
    ),
}
"""Keys of each ``[policies.NAME]`` table."""

TABLES = ("design", "fixed", "parameters", "outcomes", "policies")

_STRICT = ConfigDict(strict=True, extra="forbid")
_Number = int | float | bool


class DesignTable(BaseModel):
    """The ``[design]`` table."""

    model_config = _STRICT
    method: Literal["grid", "lhs", "sobol", "morris"]
    samples: int | None = Field(default=None, ge=1, le=MAX_RUNS)
    second_order: bool = False
    levels: int = Field(default=4, ge=2, le=100)
    dummies: int | None = Field(default=None, ge=0, le=MAX_DUMMIES)


class ParameterTable(BaseModel):
    """One ``[parameters.NAME]`` table."""

    model_config = _STRICT
    values: list[_Number] | None = Field(default=None, min_length=1)
    low: int | float | None = None
    high: int | float | None = None
    steps: int | None = Field(default=None, ge=2, le=1000)


class OutcomeTable(BaseModel):
    """One ``[outcomes.NAME]`` table."""

    model_config = _STRICT
    indicator: str
    stat: Literal["final", "mean", "max", "min", "at", "first_month", "series"] = "final"
    window: list[int] | None = Field(default=None, min_length=2, max_length=2)
    month: int | None = None
    threshold: int | float | None = None
    crossing: Literal["up", "down"] | None = None
    goal: int | float | None = None
    better: Literal["higher", "lower"] | None = None


class ExperimentFile(BaseModel):
    """Pydantic model of one experiment file."""

    model_config = _STRICT
    title: str
    description: str = ""
    # set only in the resolved experiment.toml of a sweep folder: the original name
    name: str | None = Field(default=None, pattern=NAME_PATTERN)
    scenario: str
    months: int | None = Field(default=None, ge=1, le=MAX_MONTHS)
    replications: int = Field(default=1, ge=1, le=10_000)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    design: DesignTable
    fixed: dict[str, _Number] = Field(default_factory=dict)
    parameters: dict[str, ParameterTable] = Field(min_length=1)
    outcomes: dict[str, OutcomeTable] = Field(min_length=1)
    policies: dict[str, dict[str, Any]] = Field(default_factory=dict)


class ExperimentError(ScenarioError):
    """An experiment that cannot be run; ``str()`` gives one line per problem."""


# --- indicators the model reports ---------------------------------------------------------


def indicator_names() -> tuple[str, ...]:
    """Return the indicators an outcome may read, from the registry (regions apart).

    Every indicator of :data:`netsim.core.indicators.INDICATORS` but ``month``; the
    per-region ones are ``reach_region_K`` for a region K (see :func:`is_indicator`).
    """
    return tuple(
        i.name for i in registry.INDICATORS if i.kind != "month" and registry.REGION not in i.name
    )


def is_indicator(name: str) -> bool:
    """Whether an outcome may read ``name`` (``reach_region_K`` for any region K)."""
    return name != "month" and registry.is_indicator(name)


# --- shocks varied like parameters -------------------------------------------------------

EVENT_FIELD = re.compile(r"events\.(\d+)\.([A-Za-z_][A-Za-z0-9_]*)")
"""A varied field of the base scenario's shocks: ``events.K.FIELD`` (K counts from 0)."""

INTEGER_FIELDS = ("month", "region", "months", "sections")
"""Event fields that take whole numbers (rounded in random designs)."""


def is_event_field(name: str) -> bool:
    """Whether ``name`` names a field of a shock (``events.0.month``), not a parameter."""
    return EVENT_FIELD.fullmatch(name) is not None


def _flatten_events(raw: dict[str, Any]) -> None:
    """Turn ``[parameters.events.0.month]`` (nested tables) into ``"events.0.month"`` keys.

    TOML reads the unquoted key as tables within tables; the quoted form
    ``[parameters."events.0.month"]`` is one key. Both are accepted, and the resolved
    experiment file is written with the quoted one.
    """
    parameters = raw.get("parameters")
    if not isinstance(parameters, dict) or not isinstance(parameters.get("events"), dict):
        return
    nested = parameters["events"]
    if not all(isinstance(v, dict) for v in nested.values()):
        return
    if not all(isinstance(t, dict) for v in nested.values() for t in v.values()):
        return
    del parameters["events"]
    for index, fields in nested.items():
        for field_name, table in fields.items():
            parameters[f"events.{index}.{field_name}"] = table


def _event_spec(
    name: str,
    events: list[dict[str, Any]],
    scenario: str,
    months: int,
    n_regions: int | None,
) -> Param | Problem:
    """The range of a varied shock field, as a parameter, or what is wrong with the name.

    Returns:
        A :class:`~netsim.core.params.Param` whose range is the field's (a month
        from 1 to the run's last month; a region from -1 to the last region), or a
        problem (its ``file`` left empty) naming the shocks the scenario has.
    """
    found = EVENT_FIELD.fullmatch(name)
    assert found is not None
    index, field_name = int(found[1]), found[2]
    listed = "; ".join(
        f"events.{k} is a {e['kind']} at month {e['month']}" for k, e in enumerate(events)
    )
    if index >= len(events):
        count = f"{len(events)} shock" + ("s" if len(events) > 1 else "")
        have = f"has {count} ({listed})" if events else "has no shocks"
        allowed = (
            f"events.K.FIELD with K from 0 to {len(events) - 1}"
            if events
            else "a base scenario with [[events]] to vary"
        )
        return Problem("", "", f"the base scenario '{scenario}' {have}", allowed)
    event = events[index]
    kind = EVENT_KINDS[event["kind"]]
    if field_name == "month":
        low, high, meaning = 1.0, float(months), "month at whose start the shock happens"
    elif field_name in kind.fields:
        _, low, high, meaning = kind.fields[field_name]
        if field_name == "region" and n_regions is not None:
            high = float(n_regions - 1)
    else:
        fields = ", ".join(["month", *kind.fields])
        what = f"events.{index} is a {event['kind']}, which has no field {field_name!r}"
        return Problem("", "", what, fields)
    return Param(
        name=name,
        kind=int if field_name in INTEGER_FIELDS else float,
        default=event.get(field_name),
        low=low,
        high=high,
        unit="",
        group="lever",
        mechanism="events",
        label=name,
        meaning=meaning,
        source="",
    )


# --- the loaded experiment ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Varied:
    """A parameter the design varies.

    Attributes:
        name: the parameter.
        low: lower end of its range.
        high: upper end of its range.
        values: the grid values, or None for a range.
    """

    name: str
    low: float
    high: float
    values: tuple[Any, ...] | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to keep of one indicator.

    Attributes:
        name: the outcome's name (its column is ``out_<name>`` in the runs table).
        indicator: the indicator column.
        stat: one of :data:`STATS`.
        window: first and last month of a mean, max or min, or None.
        month: the month of ``at``, or None.
        threshold: the level of ``first_month``, or None.
        goal: the level a policy must meet (see ``better``), or None.
        better: ``higher`` or ``lower``: which way is better.
        crossing: ``up`` or ``down``: which way ``first_month`` crosses the threshold.
    """

    name: str
    indicator: str
    stat: str
    window: tuple[int, int] | None
    month: int | None = None
    threshold: float | None = None
    goal: float | None = None
    better: str = "higher"
    crossing: str = "up"

    def key(self) -> list[str]:
        """What the outcome reads, for the experiment's fingerprint."""
        key = list(map(str, (self.name, self.indicator, self.stat, self.window)))
        if self.month is not None or self.threshold is not None:
            key += [str(self.month), repr(self.threshold)]
        if self.crossing != "up":
            key.append(self.crossing)
        return key


@dataclass(frozen=True)
class Policy:
    """One policy of a policies x uncertainties design.

    Attributes:
        name: the policy's name (its ``[policies.NAME]`` table).
        scenario: its scenario with the experiment's months, ``[fixed]`` and its lever
            settings applied.
        levers: its lever settings on top of the scenario.
        source: its scenario as loaded (written beside a sweep), or None when the
            policy uses the experiment's scenario.
    """

    name: str
    scenario: Scenario
    levers: dict[str, Any]
    source: Scenario | None = None


@dataclass(frozen=True)
class Experiment:
    """A resolved experiment, ready to sweep.

    Attributes:
        name: the file name without ``.toml``.
        title: title for reports.
        description: a short paragraph.
        scenario: the base scenario (months and fixed parameters applied).
        months: run length.
        replications: runs per design point.
        seed: the experiment seed.
        method: grid, lhs, sobol or morris.
        samples: the design's sample size, or None for a grid.
        second_order: sobol: second-order indices wanted.
        levels: morris: grid levels.
        dummies: sobol, morris: dummy parameters added to the design (never read by
            the model): their indices are the noise floor of the others.
        fixed: parameters set for every run.
        varied: the varied parameters, in file order.
        outcomes: what to keep.
        path: the file it was loaded from.
        base: the base scenario as loaded, before ``fixed`` (written apart by sweeps,
            since ``fixed`` alone may not suit it); None: ``scenario``.
        shock_list: when the design varies shock fields, every shock of the base
            scenario by month, before those after the last month are dropped: the list
            ``events.K`` counts in (a shock whose month is varied may come from
            beyond the scenario's run); empty otherwise.
        policies: the policies of a policies x uncertainties design, each run on every
            point of the sample of ``varied`` with the same seeds; empty otherwise.
    """

    name: str
    title: str
    description: str
    scenario: Scenario
    months: int
    replications: int
    seed: int
    method: str
    samples: int | None
    second_order: bool
    levels: int
    fixed: dict[str, Any]
    varied: tuple[Varied, ...]
    outcomes: tuple[Outcome, ...]
    path: Path | None = None
    base: Scenario | None = None
    shock_list: tuple[dict[str, Any], ...] = ()
    policies: tuple[Policy, ...] = ()
    dummies: int = 0

    @property
    def dummy_names(self) -> list[str]:
        """The design's dummy parameters (``dummy_1``, ...), after the varied ones."""
        return dummy_names(self.dummies)

    def problem(self) -> dict[str, Any]:
        """Return the SALib problem of the varied parameters, then the dummies on [0, 1]."""
        return {
            "num_vars": len(self.varied) + self.dummies,
            "names": [v.name for v in self.varied] + self.dummy_names,
            "bounds": [[v.low, v.high] for v in self.varied] + [[0.0, 1.0]] * self.dummies,
        }

    def design(self) -> pd.DataFrame:
        """Return the design points as drawn (one column per varied parameter, unrounded).

        With policies, every policy is crossed with the sample (:meth:`sample`): the
        columns ``policy`` and ``future`` (the sample's row) come first, and the
        points of a policy follow each other, in the order of the policies.
        """
        sample = self.sample()
        if not self.policies:
            return sample
        parts = []
        for policy in self.policies:
            part = sample.copy()
            part.insert(0, "future", np.arange(len(sample), dtype=np.int64))
            part.insert(0, "policy", policy.name)
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def sample(self) -> pd.DataFrame:
        """Return the points of the varied parameters (and dummies) as drawn, without policies."""
        if self.method == "grid":
            rows = list(itertools.product(*(v.values or () for v in self.varied)))
            return pd.DataFrame(rows, columns=[v.name for v in self.varied])
        from SALib.sample import latin, morris, sobol

        problem = self.problem()
        names = problem["names"]
        n = int(self.samples or 0)
        if self.method == "lhs":
            x = latin.sample(problem, n, seed=self.seed)
        elif self.method == "sobol":
            x = sobol.sample(problem, n, calc_second_order=self.second_order, seed=self.seed)
        else:
            x = morris.sample(problem, n, num_levels=self.levels, seed=self.seed)
        return pd.DataFrame(np.asarray(x, dtype=float), columns=names)

    def policy(self, name: str) -> Policy:
        """Return the policy called ``name``."""
        return next(p for p in self.policies if p.name == name)

    def _point_scenario(self, row: pd.Series) -> Scenario:
        """The scenario a design point starts from: its policy's, or the experiment's."""
        return self.policy(str(row["policy"])).scenario if self.policies else self.scenario

    def point_params(self, row: pd.Series) -> dict[str, Any]:
        """Return every model parameter of one design point (integers rounded)."""
        params = dict(self._point_scenario(row).params)
        for v in self.varied:
            if not is_event_field(v.name):
                params[v.name] = self.point_value(row, v.name)
        return params

    def point_value(self, row: pd.Series, name: str) -> Any:
        """Return the value a design point gives a varied parameter or shock field.

        Integers (integer parameters, and a shock's month or region) are rounded; a
        dummy keeps its value as drawn.
        """
        value = row[name]
        if is_dummy(name):
            return float(value)
        if is_event_field(name):
            field_name = name.rpartition(".")[2]
            return round(float(value)) if field_name in INTEGER_FIELDS else float(value)
        kind = PARAMETERS[name].kind
        if kind is bool:
            return bool(value)
        if kind is int:
            return round(float(value))
        return float(value)

    def point_events(self, row: pd.Series) -> list[dict[str, Any]]:
        """Return the base scenario's shocks with the design point's varied fields, by month.

        The month stays an integer and the other fields numbers, as in a scenario.
        """
        if not self.shock_list:
            return [dict(e) for e in self._point_scenario(row).events]
        events = [dict(e) for e in self.shock_list]
        for v in self.varied:
            found = EVENT_FIELD.fullmatch(v.name)
            if found is not None:
                value = self.point_value(row, v.name)
                field_name = found[2]
                events[int(found[1])][field_name] = value if field_name == "month" else float(value)
        kept = [e for e in events if e["month"] <= self.months]
        return sorted(kept, key=lambda e: e["month"])

    def shock_values(self, row: pd.Series) -> dict[str, Any]:
        """The varied shock fields of a design point (empty if the design varies none)."""
        names = [v.name for v in self.varied if is_event_field(v.name)]
        return {name: self.point_value(row, name) for name in names}

    def n_points(self) -> int:
        """Number of design points."""
        return self.n_futures() * max(1, len(self.policies))

    def n_futures(self) -> int:
        """Number of points of the varied parameters' sample (the design without policies)."""
        d = len(self.varied) + self.dummies
        n = int(self.samples or 0)
        if self.method == "grid":
            # Python integers: a large grid's size overflows numpy's int64 (and went negative)
            return math.prod(len(v.values or ()) for v in self.varied)
        if self.method == "lhs":
            return n
        if self.method == "sobol":
            return n * (2 * d + 2 if self.second_order else d + 2)
        return n * (d + 1)

    def size(self) -> str:
        """The design's size in words, saying how many of its dimensions are dummies.

        For example ``sobol, 20 points (2 parameters and 1 dummy) x 2 replications = 40
        runs of 12 months``: each dummy adds ``samples`` points to a Sobol or Morris design.
        """
        points = f"{self.n_points()} points"
        if self.dummies:
            dummies = "1 dummy" if self.dummies == 1 else f"{self.dummies} dummies"
            points += f" ({len(self.varied)} parameters and {dummies})"
        if self.policies:
            points = f"{len(self.policies)} policies x {self.n_futures()} futures = {points}"
        runs = self.n_points() * self.replications
        return (
            f"{self.method}, {points} x {self.replications} replications = {runs} runs of "
            f"{self.months} months"
        )

    def fingerprint(self) -> str:
        """A hash of everything that decides the runs' results (for safe resuming)."""
        blob = json.dumps(
            {
                "params": self.scenario.params,
                "events": self.scenario.events,
                "months": self.months,
                "replications": self.replications,
                "seed": self.seed,
                "design": self.design().to_numpy().tolist(),
                "varied": [v.name for v in self.varied],
                "outcomes": [o.key() for o in self.outcomes],
                **({"shock_list": list(self.shock_list)} if self.shock_list else {}),
                **(
                    {
                        "policies": [
                            [p.name, p.scenario.params, p.scenario.events] for p in self.policies
                        ]
                    }
                    if self.policies
                    else {}
                ),
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


# --- errors -------------------------------------------------------------------------------


def _allowed(loc: tuple[str | int, ...]) -> str:
    """What the key at ``loc`` accepts."""
    if len(loc) == 1 and loc[0] in TOP_KEYS:
        return TOP_KEYS[str(loc[0])][0]
    if loc and loc[0] == "design":
        return (
            DESIGN_KEYS[str(loc[1])][0]
            if len(loc) > 1 and loc[1] in DESIGN_KEYS
            else ("a table with " + ", ".join(DESIGN_KEYS))
        )
    if loc and loc[0] == "parameters":
        if len(loc) > 2 and loc[2] in PARAMETER_KEYS:
            return PARAMETER_KEYS[str(loc[2])][0]
        return "tables [parameters.NAME] with values, or low and high"
    if loc and loc[0] == "outcomes":
        if len(loc) > 2 and loc[2] in OUTCOME_KEYS:
            return OUTCOME_KEYS[str(loc[2])][0]
        return "tables [outcomes.NAME] with indicator, stat and window"
    if loc and loc[0] == "fixed":
        if len(loc) > 1 and loc[1] in PARAMETERS:
            return PARAMETERS[str(loc[1])].allowed
        return "a table of parameter = value"
    return ""


def _unknown(loc: tuple[str | int, ...]) -> tuple[str, str]:
    """Message and allowed text for a key the schema does not know."""
    tables = {
        "design": list(DESIGN_KEYS),
        "parameters": list(PARAMETER_KEYS),
        "outcomes": list(OUTCOME_KEYS),
    }
    return unknown_key(loc, [*TOP_KEYS, *TABLES], tables)


def _check_parameter(
    name: str,
    table: ParameterTable,
    method: str,
    file: str,
    problems: list[Problem],
    spec: Param | None = None,
) -> Varied | None:
    key = f"parameters.{name}"
    if spec is None and name not in PARAMETERS:
        hint = did_you_mean(name)
        problems.append(
            Problem(file, key, f"unknown parameter{hint}", "a name from docs/scenarios.md")
        )
        return None
    p = spec or PARAMETERS[name]
    if p.group == "output":
        problems.append(
            Problem(
                file,
                key,
                "an output setting, not a model parameter",
                "a lever, an uncertainty, a population or switch parameter",
            )
        )
        return None
    try:
        if table.values is not None:
            if method != "grid":
                problems.append(
                    Problem(
                        file,
                        f"{key}.values",
                        f"values are for grids; the {method} design needs low and high",
                        "low and high",
                    )
                )
                return None
            if table.low is not None or table.high is not None or table.steps is not None:
                problems.append(
                    Problem(
                        file,
                        key,
                        "give either values or low and high, not both",
                        "values, or low, high and steps",
                    )
                )
                return None
            values = tuple(p.check(v) for v in table.values)
            if len(set(values)) != len(values):
                problems.append(
                    Problem(file, f"{key}.values", "repeated values", "distinct values")
                )
                return None
            nums = [float(v) for v in values]
            return Varied(name, min(nums), max(nums), values)
        if p.kind is bool:
            problems.append(
                Problem(
                    file,
                    key,
                    "a switch takes values = [true, false], not a range",
                    "values = [true, false] in a grid",
                )
            )
            return None
        for end in ("low", "high"):
            if getattr(table, end) is None:
                problems.append(
                    Problem(
                        file, f"{key}.{end}", "missing", PARAMETER_KEYS[end][0] + f" ({p.allowed})"
                    )
                )
                return None
        low, high = p.check(table.low), p.check(table.high)
        if not low < high:
            problems.append(
                Problem(file, key, f"low {low!r} is not below high {high!r}", "low < high")
            )
            return None
        if method == "grid":
            if table.steps is None:
                problems.append(
                    Problem(
                        file,
                        f"{key}.steps",
                        "missing: a grid needs values, or low, high and steps",
                        PARAMETER_KEYS["steps"][0],
                    )
                )
                return None
            grid = np.linspace(float(low), float(high), table.steps)
            values = tuple(
                dict.fromkeys(round(float(x)) if p.kind is int else float(x) for x in grid)
            )
            return Varied(name, float(low), float(high), values)
        if table.steps is not None:
            problems.append(
                Problem(
                    file,
                    f"{key}.steps",
                    f"steps are for grids, not the {method} design",
                    "low and high only",
                )
            )
            return None
        return Varied(name, float(low), float(high), None)
    except ParameterError as exc:
        problems.append(Problem(file, key, exc.reason, exc.allowed))
        return None


def _varied_shocks(
    exp: ExperimentFile,
    scenario: Scenario,
    months: int,
    n_regions: int | None,
    file: str,
    problems: list[Problem],
) -> list[Varied]:
    """Check the ``[parameters."events.K.FIELD"]`` tables against the base scenario's shocks."""
    out = []
    timed = {n.split(".")[1] for n in exp.parameters if is_event_field(n) and n.endswith(".month")}
    for name, table in exp.parameters.items():
        if not is_event_field(name):
            continue
        index = name.split(".")[1]
        events = scenario.events
        if int(index) < len(events) and events[int(index)]["month"] > months and index not in timed:
            event = events[int(index)]
            problems.append(
                Problem(
                    file,
                    f"parameters.{name}",
                    f"events.{index} ({event['kind']}) is at month {event['month']}, after the"
                    f" run's last month ({months})",
                    f"vary events.{index}.month too, or a longer run (months)",
                )
            )
            continue
        spec = _event_spec(name, events, scenario.name, months, n_regions)
        if isinstance(spec, Problem):
            key = f"parameters.{name}"
            problems.append(dataclasses.replace(spec, file=file, key=key))
            continue
        v = _check_parameter(name, table, exp.design.method, file, problems, spec)
        if v is not None:
            out.append(v)
    return out


def _check_outcome(
    name: str,
    table: OutcomeTable,
    months: int,
    file: str,
    problems: list[Problem],
    n_regions: int | None = None,
) -> Outcome | None:
    key = f"outcomes.{name}"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        problems.append(Problem(file, key, "not a valid name", "letters, digits and _"))
        return None
    if not is_indicator(table.indicator):
        hint = did_you_mean(table.indicator, list(indicator_names()))
        problems.append(
            Problem(
                file,
                f"{key}.indicator",
                f"unknown indicator {literal(table.indicator)}{hint}",
                "an indicator column, listed in docs/experiments.md",
            )
        )
        return None
    region = re.fullmatch(r"reach_region_(\d+)", table.indicator)
    if region is not None and n_regions is not None and int(region[1]) >= n_regions:
        problems.append(
            Problem(
                file,
                f"{key}.indicator",
                f"no region {region[1]}: the runs have {n_regions} regions",
                f"reach_region_0 to reach_region_{n_regions - 1}",
            )
        )
        return None
    uses = {
        "window": ("mean", "max", "min"),
        "month": ("at",),
        "threshold": ("first_month",),
        "crossing": ("first_month",),
    }
    for field_name, stats in uses.items():
        if getattr(table, field_name) is not None and table.stat not in stats:
            problems.append(
                Problem(
                    file,
                    f"{key}.{field_name}",
                    f"a {field_name} is for stat = "
                    + " or ".join(f'"{x}"' for x in stats)
                    + f", not {table.stat!r}",
                    f"no {field_name}",
                )
            )
            return None
    needed = {"mean": "window", "at": "month", "first_month": "threshold"}.get(table.stat)
    if needed is not None and getattr(table, needed) is None:
        problems.append(
            Problem(
                file,
                f"{key}.{needed}",
                f"missing: stat = {table.stat!r} needs a {needed}",
                OUTCOME_KEYS[needed][0],
            )
        )
        return None
    window: tuple[int, int] | None = None
    if table.window is not None:
        a, b = table.window
        if not 0 <= a <= b <= months:
            problems.append(
                Problem(
                    file,
                    f"{key}.window",
                    f"got {literal(table.window)}",
                    f"[from, to] with 0 <= from <= to <= {months}",
                )
            )
            return None
        window = (a, b)
    if table.month is not None and not 0 <= table.month <= months:
        problems.append(
            Problem(
                file, f"{key}.month", f"got {literal(table.month)}", f"a month from 0 to {months}"
            )
        )
        return None
    threshold = None if table.threshold is None else float(table.threshold)
    if threshold is not None and not math.isfinite(threshold):
        problems.append(
            Problem(file, f"{key}.threshold", f"got {literal(table.threshold)}", "a finite number")
        )
        return None
    goal = None if table.goal is None else float(table.goal)
    if goal is not None and not math.isfinite(goal):
        problems.append(
            Problem(file, f"{key}.goal", f"got {literal(table.goal)}", "a finite number")
        )
        return None
    if goal is not None and table.stat == "series":
        problems.append(
            Problem(file, f"{key}.goal", "a goal is for a number per run, not a series", "no goal")
        )
        return None
    better = table.better or default_better(table.indicator, table.stat)
    crossing = table.crossing or "up"
    return Outcome(
        name, table.indicator, table.stat, window, table.month, threshold, goal, better, crossing
    )


def default_better(indicator: str, stat: str) -> str:
    """Which way an outcome is better when the file does not say: ``higher`` or ``lower``.

    The first month a threshold is reached is better early; otherwise the indicator
    registry's direction (:attr:`netsim.core.indicators.Indicator.better`), and
    ``higher`` for an indicator that has none.
    """
    if stat == "first_month":
        return "lower"
    return "lower" if registry.indicator(indicator).better == "down" else "higher"


def _check_design(exp: ExperimentFile, file: str, problems: list[Problem]) -> None:
    d = exp.design
    if d.method == "grid":
        if d.samples is not None:
            problems.append(
                Problem(
                    file,
                    "design.samples",
                    "a grid takes no samples",
                    "no samples: the grid is every combination of values",
                )
            )
        return
    if d.samples is None:
        problems.append(Problem(file, "design.samples", "missing", DESIGN_KEYS["samples"][0]))
        return
    if d.method == "sobol" and d.samples & (d.samples - 1):
        problems.append(
            Problem(
                file,
                "design.samples",
                f"got {d.samples}, not a power of two",
                "a power of two (Sobol' sequences), such as 64, 128, 256",
            )
        )
    if d.method in ("sobol", "morris") and len(exp.parameters) < 2:
        problems.append(
            Problem(
                file,
                "parameters",
                f"the {d.method} design needs two or more parameters",
                "two or more [parameters.NAME] tables",
            )
        )
    if d.method == "morris" and d.levels % 2:
        problems.append(
            Problem(file, "design.levels", f"got {d.levels}, not even", DESIGN_KEYS["levels"][0])
        )
    if d.dummies and (d.method not in ("sobol", "morris") or exp.policies):
        what = "policies x uncertainties" if exp.policies else d.method
        problems.append(
            Problem(
                file,
                "design.dummies",
                f"a {what} design computes no sensitivity index to set a noise floor for",
                "dummies = 0, or a sobol or morris design without policies",
            )
        )


def _dummies(exp: ExperimentFile) -> int:
    """The design's dummy parameters: as the file says; 1 for Sobol and Morris by default."""
    if exp.design.dummies is not None:
        return exp.design.dummies
    return 1 if exp.design.method in ("sobol", "morris") and not exp.policies else 0


def shipped_experiments() -> list[str]:
    """Return the names of the shipped experiments, sorted."""
    return sorted(p.stem for p in EXPERIMENT_DIR.glob("*.toml"))


def experiment_names() -> list[str]:
    """Return every name an experiment can be loaded by: the user's first, then the shipped."""
    try:
        return list(dict.fromkeys(e.name for e in entries("experiments")))
    except FolderError:
        return shipped_experiments()


ONLY_IN_EXPERIMENTS = ("scenario", "design", "parameters", "outcomes", "fixed", "policies")
"""Top-level keys that an experiment file has and a scenario file cannot have."""


def path_keys(name_or_path: str | Path) -> set[str] | None:
    """The top-level keys of the TOML file ``name_or_path`` names, if it is a path.

    None for a name (no ``.toml`` suffix, no ``/``); an empty set for a path that
    cannot be read as TOML (its loader reports why).
    """
    text = str(name_or_path)
    if not (text.endswith(".toml") or "/" in text or isinstance(name_or_path, Path)):
        return None
    try:
        return set(tomllib.loads(Path(text).expanduser().read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return set()


def is_experiment(name_or_path: str | Path) -> bool:
    """Whether ``name_or_path`` names an experiment file rather than a scenario file.

    A path is an experiment's if its TOML has a key of :data:`ONLY_IN_EXPERIMENTS`;
    a name is a scenario's if a scenario has it (user's or shipped), else an
    experiment's if an experiment has it. Anything unreadable is left to
    :func:`netsim.io.scenarios.load_scenario` to report (False).
    """
    text = str(name_or_path)
    keys = path_keys(name_or_path)
    if keys is not None:
        return any(key in keys for key in ONLY_IN_EXPERIMENTS)
    try:
        return find("scenarios", text) is None and find("experiments", text) is not None
    except FolderError:
        return False


_UNION_MEMBERS = ("int", "float", "bool", "list[int]")
_DEFAULTED = ("description", "name", "months", "replications", "seed")


def _salvage(raw: dict[str, Any], error: ValidationError) -> tuple[ExperimentFile | None, set[str]]:
    """Return the file without what pydantic refused, so that the other checks go on.

    A refused ``[parameters.NAME]``, ``[outcomes.NAME]`` or ``[fixed]`` entry is left
    out, a refused optional key takes its default and an unknown key is dropped.

    Returns:
        The file that is left (None if the design or the scenario is wrong: the
        other checks depend on them) and the top-level keys refused.
    """
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in raw.items()}
    refused: set[str] = set()
    for e in error.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if p not in _UNION_MEMBERS)
        if not loc:
            return None, refused
        head = str(loc[0])
        refused.add(head)
        if head in ("parameters", "outcomes", "fixed", "policies") and len(loc) > 1:
            if isinstance(out.get(head), dict):
                out[head].pop(loc[1], None)
        elif head == "title":
            out["title"] = ""
        elif head in _DEFAULTED or head not in ExperimentFile.model_fields:
            out.pop(head, None)
        else:
            return None, refused
    try:
        return ExperimentFile.model_validate(out), refused
    except ValidationError:
        return None, refused


def check_fixed(table: dict[str, Any], file: str, problems: list[Problem]) -> dict[str, Any]:
    """Check a ``[fixed]`` table's parameters; return the valid ones, add a problem per other."""
    fixed: dict[str, Any] = {}
    for name, value in table.items():
        if name not in PARAMETERS:
            hint = did_you_mean(name)
            problems.append(
                Problem(
                    file,
                    f"fixed.{name}",
                    f"unknown parameter{hint}",
                    "a name from docs/scenarios.md",
                )
            )
            continue
        try:
            fixed[name] = PARAMETERS[name].check(value)
        except ParameterError as exc:
            problems.append(Problem(file, f"fixed.{name}", exc.reason, exc.allowed))
    return fixed


def load_base(
    name: str,
    path: Path,
    file: str,
    problems: list[Problem],
    allowed: str,
    key: str = "scenario",
) -> Scenario | None:
    """Load the base scenario a file names; add a problem and return None if it fails.

    Args:
        name: the scenario's name, or a path relative to the file's folder.
        path: the file that names it.
        file: the file as shown in messages.
        problems: where a problem goes.
        allowed: what the file's ``scenario`` key accepts, for the message.
        key: the key that names it, for the message.
    """
    ref: str | Path = name
    if name.endswith(".toml") or "/" in name:
        scenario_path = Path(name)
        ref = scenario_path if scenario_path.is_absolute() else path.parent / scenario_path
    try:
        return load_scenario(ref)
    except ScenarioError as exc:
        if exc.problems and exc.problems[0].message.startswith("no such scenario"):
            hint = did_you_mean(name, scenario_names())
            problems.append(Problem(file, key, f"no scenario {literal(name)}{hint}", allowed))
        else:
            problems.extend(Problem(file, key, str(p)) for p in exc.problems)
        return None


POLICY_GROUPS = ("lever", "switch")
"""Parameter groups a policy may set: what a ministry or a network chooses."""


def _load_policies(
    exp: ExperimentFile,
    path: Path,
    file: str,
    problems: list[Problem],
    *,
    months: int,
    fixed: dict[str, Any],
    varied: list[Varied],
    base: Scenario | None,
) -> list[Policy]:
    """Check the ``[policies.NAME]`` tables and load each policy's scenario."""
    out = []
    names = {v.name for v in varied}
    if exp.policies and exp.design.method == "morris":
        problems.append(
            Problem(
                file,
                "design.method",
                "policies are crossed with a sample of the uncertainties, not a Morris screening",
                "lhs, sobol or grid",
            )
        )
    for name, table in exp.policies.items():
        key = f"policies.{name}"
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            problems.append(Problem(file, key, "not a valid name", "letters, digits and _"))
            continue
        if not isinstance(table, dict):
            problems.append(
                Problem(file, key, f"got {literal(table)}", "a table of scenario and levers")
            )
            continue
        source: Scenario | None = None
        scenario = base
        ref = table.get("scenario")
        if ref is not None:
            if not isinstance(ref, str):
                problems.append(
                    Problem(
                        file, f"{key}.scenario", f"got {literal(ref)}", POLICY_KEYS["scenario"][0]
                    )
                )
                continue
            scenario = source = load_base(
                ref, path, file, problems, POLICY_KEYS["scenario"][0], f"{key}.scenario"
            )
        levers: dict[str, Any] = {}
        for lever, value in table.items():
            if lever == "scenario":
                continue
            where = f"{key}.{lever}"
            param = PARAMETERS.get(lever)
            if param is None:
                hint = did_you_mean(lever, [*PARAMETERS, "scenario"])
                problems.append(
                    Problem(file, where, f"unknown key{hint}", "scenario, or a lever or switch")
                )
                continue
            if param.group not in POLICY_GROUPS:
                problems.append(
                    Problem(
                        file,
                        where,
                        f"{lever} is {'an' if param.group[0] in 'aeiou' else 'a'} {param.group}"
                        " parameter, not a lever: vary it in [parameters] or set it in [fixed]",
                        POLICY_KEYS["NAME"][0],
                    )
                )
                continue
            if lever in fixed or lever in names:
                other = "[fixed]" if lever in fixed else "[parameters]"
                problems.append(
                    Problem(file, where, f"also set in {other}", "a lever set in one place only")
                )
                continue
            try:
                levers[lever] = param.check(value)
            except ParameterError as exc:
                problems.append(Problem(file, where, exc.reason, exc.allowed))
        if scenario is None:
            continue
        resolved, _ = scenario.with_months(months)
        params = {**resolved.params, **fixed, **levers}
        out.append(Policy(name, dataclasses.replace(resolved, params=params), levers, source))
    return out


def read_toml(path: Path, file: str, error: type[ScenarioError]) -> dict[str, Any]:
    """Read a TOML file, or raise ``error`` with one line saying why it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error([Problem(file, "", f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise error([Problem(file, "", TOO_DEEP)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error([Problem(file, "", f"cannot read the file: {exc}")]) from None


def load_experiment(name_or_path: str | Path) -> Experiment:
    """Load and validate an experiment.

    Args:
        name_or_path: an experiment's name (``"quick"``: the user's folder first, see
            :mod:`netsim.io.resources`, then the shipped ones) or a path to a
            ``.toml`` file.

    Returns:
        The resolved experiment.

    Raises:
        ExperimentError: with one line per problem, naming file, key and what is
            allowed; every problem found is reported at once.
    """
    path = locate(
        name_or_path,
        "experiment",
        lambda name: find("experiments", name),
        experiment_names,
        ExperimentError,
        "an experiment name (" + ", ".join(experiment_names()) + ") or a path to a .toml file",
    )
    file = shown(path)
    raw = read_toml(path, file, ExperimentError)
    problems: list[Problem] = []
    refused: set[str] = set()
    _flatten_events(raw)
    try:
        exp: ExperimentFile | None = ExperimentFile.model_validate(raw)
    except ValidationError as exc:
        problems.extend(problems_from(exc, file, unknown=_unknown, allowed=_allowed))
        exp, refused = _salvage(raw, exc)
    if exp is None:
        raise ExperimentError(problems)

    scenario = loaded = load_base(exp.scenario, path, file, problems, TOP_KEYS["scenario"][0])
    months = exp.months or (scenario.months if scenario is not None else MAX_MONTHS)
    if scenario is not None:
        scenario, _ = scenario.with_months(months)
    fixed = check_fixed(exp.fixed, file, problems)
    varied = [
        v
        for name, table in exp.parameters.items()
        if not is_event_field(name)
        and (v := _check_parameter(name, table, exp.design.method, file, problems)) is not None
    ]
    for v in varied:
        if v.name in fixed:
            problems.append(
                Problem(
                    file,
                    f"fixed.{v.name}",
                    "also varied in [parameters]",
                    "a parameter that is not varied",
                )
            )
    known = {**(scenario.params if scenario is not None else {}), **fixed}
    n_regions: int | None = None
    if scenario is not None or "n_regions" in fixed:
        n_regions = int(known.get("n_regions", DEFAULTS["n_regions"]))
    for v in varied:
        if v.name == "n_regions":
            n_regions = int(min(v.values) if v.values else v.low)
    if "fixed" in refused:  # a refused fixed value may have been n_regions
        n_regions = None
    shocks: list[Varied] = []
    if loaded is not None:
        shocks = _varied_shocks(exp, loaded, months, n_regions, file, problems)
        order = list(exp.parameters)
        varied = sorted([*varied, *shocks], key=lambda v: order.index(v.name))
    window_months = MAX_MONTHS if "months" in refused else months
    outcomes = [
        o
        for name, table in exp.outcomes.items()
        if (o := _check_outcome(name, table, window_months, file, problems, n_regions)) is not None
    ]
    policies = _load_policies(
        exp, path, file, problems, months=months, fixed=fixed, varied=varied, base=scenario
    )
    if shocks and any(p.source is not None for p in policies):
        problems.append(
            Problem(
                file,
                "policies",
                "varied shocks count in the experiment's scenario: policies with a scenario of"
                " their own cannot vary them",
                "policies that set levers on the experiment's scenario (no scenario key)",
            )
        )
    _check_design(exp, file, problems)
    if problems or scenario is None:
        raise ExperimentError(list(dict.fromkeys(problems)))

    base = scenario
    if shocks and loaded is not None:
        # the shocks events.K counts in, and the file written beside the sweep: the
        # scenario as loaded (the experiment's months cut it again when read back)
        base = loaded
    scenario = dataclasses.replace(scenario, params={**scenario.params, **fixed})
    experiment = Experiment(
        name=exp.name or path.stem,
        title=exp.title,
        description=exp.description.strip(),
        scenario=scenario,
        months=months,
        replications=exp.replications,
        seed=exp.seed,
        method=exp.design.method,
        samples=exp.design.samples,
        second_order=exp.design.second_order,
        levels=exp.design.levels,
        dummies=_dummies(exp),
        fixed=fixed,
        varied=tuple(varied),
        outcomes=tuple(outcomes),
        path=path,
        base=base,
        shock_list=tuple(loaded.events) if shocks and loaded is not None else (),
        policies=tuple(policies),
    )
    runs = experiment.n_points() * experiment.replications
    if runs > MAX_RUNS:
        raise ExperimentError(
            [Problem(file, "design", f"{runs} runs, too many", f"at most {MAX_RUNS} runs")]
        )
    if fixed and experiment.n_points() <= MAX_CHECKED_POINTS:
        problems = _check_fixed_points(experiment, base, file)
        if problems:
            raise ExperimentError(problems)
    return experiment


MAX_CHECKED_POINTS = 20_000
"""Largest design whose points are checked with ``[fixed]`` at load."""


def _check_fixed_points(exp: Experiment, base: Scenario, file: str) -> list[Problem]:
    """Find ``[fixed]`` values that make a design point invalid that is valid without them.

    Every design (grid, lhs, sobol, morris) is checked point by point against the
    parameter schema, with the base scenario's values and ``[fixed]``. One problem
    is given per key, naming the first such point and how many others there are.
    A point invalid even without ``[fixed]`` is left to fail as a run (failed runs
    are data, and ``netsim sweep`` says how many failed). Since every varied value
    is checked against its range, only the rules across parameters
    (:data:`netsim.core.params.SHARE_GROUPS`) can break a point: designs that touch
    none of them are not walked.
    """
    touched = {v.name for v in exp.varied} | set(exp.fixed)
    if not any(touched & set(group) for group in SHARE_GROUPS):
        return []  # each value is in its range: only a rule across parameters can break
    restore = {k: base.params[k] for k in exp.fixed if k in base.params}
    first: dict[tuple[str, str], tuple[Problem, int]] = {}
    for _, row in exp.design().iterrows():
        params = exp.point_params(row)
        try:
            validate(params)
        except ParameterError as exc:
            try:
                validate({**params, **restore})
            except ParameterError:
                continue
            group = next((g for g in SHARE_GROUPS if exc.name in g), ())
            named = [k for k in (exc.name, *group) if k in exp.fixed]
            key = f"fixed.{named[0]}" if named else "fixed"
            reason = exc.reason.split(" add up to ")[0]
            if (key, reason) in first:
                problem, count = first[key, reason]
                first[key, reason] = (problem, count + 1)
                continue
            point = ", ".join(
                f"{v.name} = {literal(exp.point_value(row, v.name))}" for v in exp.varied
            )
            problem = Problem(
                file, key, f"with the design point {point}: {exc.reason}", exc.allowed
            )
            first[key, reason] = (problem, 0)
    out = []
    for problem, others in first.values():
        if others:
            more = f" (and {others} other point{'s' if others > 1 else ''})"
            problem = dataclasses.replace(problem, message=problem.message + more)
        out.append(problem)
    return out


# --- writing ------------------------------------------------------------------------------


POLICY_FOLDER = "policies"
"""Where a sweep folder keeps the scenario of each policy that has its own (NAME.toml)."""


def experiment_to_toml(exp: Experiment, scenario_file: str = "scenario.toml") -> str:
    """Write a resolved experiment (with tomli-w); its base scenario is ``scenario_file``.

    Every key is explicit (defaults included), ranges and grid values are
    written out, and the fingerprint of the runs is kept in the first line, a comment.
    A policy with a scenario of its own names ``policies/NAME.toml`` beside it.
    """
    design: dict[str, Any] = {"method": exp.method}
    if exp.samples is not None:
        design["samples"] = exp.samples
    if exp.method == "sobol":
        design["second_order"] = exp.second_order
    if exp.method == "morris":
        design["levels"] = exp.levels
    if exp.method in ("sobol", "morris") and not exp.policies:
        design["dummies"] = exp.dummies
    parameters: dict[str, Any] = {
        v.name: {"values": list(v.values)}
        if v.values is not None
        else {"low": v.low, "high": v.high}
        for v in exp.varied
    }
    outcomes: dict[str, Any] = {}
    for o in exp.outcomes:
        table: dict[str, Any] = {"indicator": o.indicator, "stat": o.stat}
        if o.window is not None:
            table["window"] = list(o.window)
        if o.month is not None:
            table["month"] = o.month
        if o.threshold is not None:
            table["threshold"] = o.threshold
        if o.crossing != "up":
            table["crossing"] = o.crossing
        if o.goal is not None:
            table["goal"] = o.goal
        if o.better != default_better(o.indicator, o.stat):
            table["better"] = o.better
        outcomes[o.name] = table
    data: dict[str, Any] = {
        "name": exp.name,
        "title": exp.title,
        "description": exp.description,
        "scenario": scenario_file,
        "months": exp.months,
        "replications": exp.replications,
        "seed": exp.seed,
        "design": design,
        **({"fixed": dict(exp.fixed)} if exp.fixed else {}),
        "parameters": parameters,
        "outcomes": outcomes,
    }
    if exp.policies:
        data["policies"] = {
            p.name: {
                **({"scenario": f"{POLICY_FOLDER}/{p.name}.toml"} if p.source else {}),
                **p.levers,
            }
            for p in exp.policies
        }
    # the fingerprint first and the name as a TOML literal: one line, whatever the name holds
    comment = f"fingerprint {exp.fingerprint()}: resolved experiment {literal(exp.name)}"
    return to_toml(data, comment=comment)
