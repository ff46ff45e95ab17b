"""Calibration files: which parameters to estimate, their priors, the targets to fit.

A calibration file names a base scenario, the parameters to estimate with their
priors, the targets the model is fitted to, the held-out targets it is then
checked on, and how the ABC-SMC runs (see :mod:`netsim.studies.calibration`)::

    title = "Peer pull and trust gain against TALIS participation"
    scenario = "hybrid"        # a shipped name or a path relative to this file
    months = 36                # optional: overrides the scenario's months
    replications = 2           # runs per particle (their mean is the particle's figure)
    population = 16            # particles per generation
    seed = 1

    [fixed]                    # parameters set for every run (optional)
    n_teachers = 500

    [stop]                     # optional; stops at whichever comes first
    min_epsilon = 0.0
    max_generations = 3
    max_runs = 2000            # model runs in all (particles x replications x scenarios)

    [parameters.w_peers]       # uniform over [low, high], within the schema's range
    low = 0.5
    high = 4.0
    [parameters.trust_gain]    # or a scipy.stats distribution, whose support must lie
    distribution = "beta"      # within the schema's range
    shapes = [2.0, 2.0]
    loc = 0.0
    scale = 0.2

    [targets.talis_any_pd]     # a defined target (netsim calibrate --targets lists them)
    [targets.talis_peer_networks]
    scale = 0.1                # its observed figure and scale may be changed
    [targets.reach_at_36]      # or a target of your own: an indicator's final value
    indicator = "reach_teachers"
    observed = 0.3
    scale = 0.05

    [held_out.imst_two_institutions]   # checked after the fit, not fitted

Checks are made on load, with the messages of scenario and experiment files: one
line per problem naming the file, the key and what is allowed. The defined
targets are the studies layer's (:data:`netsim.studies.calibration.TARGETS`): the
loader is given their names and leaves their meaning to it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netsim.core.params import PARAMETERS, ParameterError, did_you_mean
from netsim.io.experiments import (
    check_fixed,
    indicator_names,
    is_indicator,
    load_base,
    path_keys,
    read_toml,
)
from netsim.io.resources import FolderError, find, shipped
from netsim.io.scenarios import (
    MAX_MONTHS,
    Problem,
    Scenario,
    ScenarioError,
    locate,
    problems_from,
    shown,
    unknown_key,
)
from netsim.io.toml import literal

CALIBRATION_DIR = shipped("calibrations")
"""Where the shipped calibrations live (``netsim/data/calibrations/``, package data)."""

MAX_POPULATION = 10_000
MAX_REPLICATIONS = 1_000

TOP_KEYS: dict[str, str] = {
    "title": "a string",
    "description": "a string",
    "scenario": "a scenario name or a path to a .toml file relative to this file",
    "months": f"an integer from 1 to {MAX_MONTHS}",
    "replications": f"an integer from 1 to {MAX_REPLICATIONS}",
    "population": f"an integer from 2 to {MAX_POPULATION}",
    "seed": "a non-negative integer",
}
"""Top-level keys other than the tables, and what each accepts."""

STOP_KEYS: dict[str, str] = {
    "min_epsilon": "a non-negative number (default 0)",
    "max_generations": "an integer from 1 to 100 (default 5)",
    "max_runs": "an integer from 1 to 100 000 000 (default 1 000 000)",
}
PARAMETER_KEYS: dict[str, str] = {
    "low": "a number within the parameter's range (uniform prior)",
    "high": "a number within the parameter's range (uniform prior)",
    "distribution": "the name of a continuous scipy.stats distribution, such as norm or beta",
    "shapes": "a list of numbers: the distribution's shape parameters",
    "loc": "a number",
    "scale": "a positive number",
}
TARGET_KEYS: dict[str, str] = {
    "observed": "a number: the figure to fit",
    "scale": "a positive number: one unit of distance",
    "indicator": "an indicator column (a target of your own)",
    "month": "a month within the run (default: the last)",
}
TABLES = ("fixed", "stop", "parameters", "targets", "held_out")

_STRICT = ConfigDict(strict=True, extra="forbid")
_Number = int | float


class StopTable(BaseModel):
    """The ``[stop]`` table."""

    model_config = _STRICT
    min_epsilon: _Number = Field(default=0.0, ge=0)
    max_generations: int = Field(default=5, ge=1, le=100)
    max_runs: int = Field(default=1_000_000, ge=1, le=100_000_000)


class PriorTable(BaseModel):
    """One ``[parameters.NAME]`` table."""

    model_config = _STRICT
    low: _Number | None = None
    high: _Number | None = None
    distribution: str | None = None
    shapes: list[_Number] = Field(default_factory=list)
    loc: _Number | None = None
    scale: _Number | None = None


class TargetTable(BaseModel):
    """One ``[targets.NAME]`` or ``[held_out.NAME]`` table."""

    model_config = _STRICT
    observed: _Number | None = None
    scale: _Number | None = None
    indicator: str | None = None
    month: int | None = None


class CalibrationFile(BaseModel):
    """Pydantic model of one calibration file."""

    model_config = _STRICT
    title: str
    description: str = ""
    scenario: str
    months: int | None = Field(default=None, ge=1, le=MAX_MONTHS)
    replications: int = Field(default=1, ge=1, le=MAX_REPLICATIONS)
    population: int = Field(default=20, ge=2, le=MAX_POPULATION)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    fixed: dict[str, _Number | bool] = Field(default_factory=dict)
    stop: StopTable = Field(default_factory=StopTable)
    parameters: dict[str, PriorTable] = Field(min_length=1)
    targets: dict[str, TargetTable] = Field(min_length=1)
    held_out: dict[str, TargetTable] = Field(default_factory=dict)


class CalibrationError(ScenarioError):
    """A calibration that cannot be run; ``str()`` gives one line per problem."""


@dataclass(frozen=True, slots=True)
class Prior:
    """The prior of one estimated parameter.

    Attributes:
        name: the parameter.
        distribution: a scipy.stats continuous distribution's name.
        shapes: its shape parameters.
        loc: its location.
        scale: its scale (for ``uniform``, ``high - low``).
        low: the lower end of its support.
        high: the upper end of its support.
    """

    name: str
    distribution: str
    shapes: tuple[float, ...]
    loc: float
    scale: float
    low: float
    high: float

    def frozen(self) -> Any:
        """The scipy.stats frozen distribution."""
        from scipy import stats

        return getattr(stats, self.distribution)(*self.shapes, loc=self.loc, scale=self.scale)


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A target as the file gives it (its meaning is the studies layer's).

    Attributes:
        name: a defined target's name, or the file's own name for an indicator.
        held_out: True for a ``[held_out.NAME]`` target.
        observed: the file's observed figure, or None (the target's own).
        scale: the file's scale, or None (the target's own).
        indicator: an indicator column (a target of the file's own), or None.
        month: the month the indicator is read at, or None (the last).
    """

    name: str
    held_out: bool
    observed: float | None = None
    scale: float | None = None
    indicator: str | None = None
    month: int | None = None


@dataclass(frozen=True)
class Calibration:
    """A resolved calibration, ready to run.

    Attributes:
        name: the file name without ``.toml``.
        title: title for reports.
        description: a short paragraph.
        scenario: the base scenario (months and fixed parameters applied).
        months: run length.
        replications: runs per particle and scenario.
        population: particles per generation.
        seed: the calibration seed.
        min_epsilon: stop once a generation's epsilon is at most this.
        max_generations: stop after this many generations.
        max_runs: stop once this many model runs are done.
        fixed: parameters set for every run.
        priors: the estimated parameters, in file order.
        targets: the fitted targets, then the held-out ones, in file order.
        path: the file it was loaded from.
    """

    name: str
    title: str
    description: str
    scenario: Scenario
    months: int
    replications: int
    population: int
    seed: int
    min_epsilon: float
    max_generations: int
    max_runs: int
    fixed: dict[str, Any]
    priors: tuple[Prior, ...]
    targets: tuple[TargetSpec, ...]
    path: Path | None = None

    def fingerprint(self) -> str:
        """A hash of everything that decides the results (for safe resuming)."""
        blob = json.dumps(
            {
                "params": self.scenario.params,
                "events": self.scenario.events,
                "months": self.months,
                "replications": self.replications,
                "population": self.population,
                "seed": self.seed,
                "priors": [dataclasses.astuple(p) for p in self.priors],
                "targets": [dataclasses.astuple(t) for t in self.targets],
                "min_epsilon": self.min_epsilon,
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


# --- errors -------------------------------------------------------------------------------


def _allowed(loc: tuple[str | int, ...]) -> str:
    head = str(loc[0]) if loc else ""
    last = str(loc[-1]) if loc else ""
    if len(loc) == 1 and head in TOP_KEYS:
        return TOP_KEYS[head]
    if head == "stop":
        return STOP_KEYS.get(last, "a table with " + ", ".join(STOP_KEYS))
    if head == "parameters":
        return PARAMETER_KEYS.get(last, "tables [parameters.NAME] with low and high")
    if head in ("targets", "held_out"):
        return TARGET_KEYS.get(last, f"tables [{head}.NAME]")
    if head == "fixed":
        return PARAMETERS[last].allowed if last in PARAMETERS else "a table of parameter = value"
    return ""


def _unknown(loc: tuple[str | int, ...]) -> tuple[str, str]:
    """Message and allowed text for a key the schema does not know."""
    tables = {
        "stop": list(STOP_KEYS),
        "parameters": list(PARAMETER_KEYS),
        "targets": list(TARGET_KEYS),
        "held_out": list(TARGET_KEYS),
    }
    return unknown_key(loc, [*TOP_KEYS, *TABLES], tables)


# --- checks -------------------------------------------------------------------------------


def _check_prior(name: str, table: PriorTable, file: str, problems: list[Problem]) -> Prior | None:
    key = f"parameters.{name}"
    if name not in PARAMETERS:
        hint = did_you_mean(name)
        problems.append(
            Problem(file, key, f"unknown parameter{hint}", "a name from docs/scenarios.md")
        )
        return None
    p = PARAMETERS[name]
    if p.group == "output" or p.kind is bool:
        what = "an output setting" if p.group == "output" else "a switch"
        problems.append(Problem(file, key, f"{what} cannot be estimated", "a numeric parameter"))
        return None
    lo, hi = float(p.low or 0), float(p.high or 0)
    schema = f"within the schema's range {lo:g} to {hi:g}"
    dist = table.distribution or "uniform"
    if dist == "uniform" and table.distribution is None:
        if table.shapes or table.loc is not None or table.scale is not None:
            problems.append(
                Problem(file, key, "shapes, loc and scale need a distribution", "low and high")
            )
            return None
        for end in ("low", "high"):
            if getattr(table, end) is None:
                problems.append(Problem(file, f"{key}.{end}", "missing", f"a number {schema}"))
                return None
        try:
            low, high = float(p.check(table.low)), float(p.check(table.high))
        except ParameterError as exc:
            problems.append(Problem(file, key, exc.reason, exc.allowed))
            return None
        if not low < high:
            problems.append(
                Problem(file, key, f"low {low:g} is not below high {high:g}", "low < high")
            )
            return None
        return Prior(name, "uniform", (), low, high - low, low, high)
    if table.low is not None or table.high is not None:
        problems.append(
            Problem(
                file,
                key,
                "low and high are for the default uniform prior, not a distribution",
                "distribution with shapes, loc and scale",
            )
        )
        return None
    from scipy import stats

    rv = getattr(stats, dist, None)
    if not isinstance(rv, stats.rv_continuous):
        problems.append(
            Problem(
                file,
                f"{key}.distribution",
                f"got {literal(dist)}, not a continuous scipy.stats distribution",
                PARAMETER_KEYS["distribution"],
            )
        )
        return None
    loc = float(table.loc if table.loc is not None else 0.0)
    scale = float(table.scale if table.scale is not None else 1.0)
    shapes = tuple(float(s) for s in table.shapes)
    numargs = int(getattr(rv, "numargs", 0))
    if len(shapes) != numargs:
        names = rv.shapes or "none"
        problems.append(
            Problem(
                file,
                f"{key}.shapes",
                f"{dist} takes {numargs} shape parameter(s), got {len(shapes)}",
                f"shapes = [{names}]",
            )
        )
        return None
    try:
        support = rv(*shapes, loc=loc, scale=scale).support()
        low, high = (float(x) for x in support)
    except (ValueError, TypeError) as exc:
        problems.append(Problem(file, key, f"{dist} refuses these values: {exc}"))
        return None
    if not (scale > 0 and math.isfinite(low) and math.isfinite(high) and lo <= low < high <= hi):
        problems.append(
            Problem(
                file,
                key,
                f"the {dist} prior spans {low:g} to {high:g}, not {schema}",
                "a bounded distribution inside the range (uniform, beta, truncnorm, triang)",
            )
        )
        return None
    return Prior(name, dist, shapes, loc, scale, low, high)


def _check_target(
    name: str,
    table: TargetTable,
    held_out: bool,
    defined: Collection[str],
    months: int,
    file: str,
    problems: list[Problem],
) -> TargetSpec | None:
    key = f"{'held_out' if held_out else 'targets'}.{name}"
    if table.scale is not None and not table.scale > 0:
        problems.append(Problem(file, f"{key}.scale", f"got {table.scale!r}", TARGET_KEYS["scale"]))
        return None
    if table.indicator is None:
        if table.month is not None:
            problems.append(
                Problem(file, f"{key}.month", "a month is for an indicator", "no month")
            )
            return None
        if name not in defined:
            hint = did_you_mean(name, list(defined))
            problems.append(
                Problem(
                    file,
                    key,
                    f"no target {literal(name)}{hint}",
                    "a defined target (" + ", ".join(defined) + ") or a table with indicator",
                )
            )
            return None
        return TargetSpec(name, held_out, _num(table.observed), _num(table.scale))
    if name in defined:
        problems.append(
            Problem(
                file, f"{key}.indicator", "a defined target's measure cannot change", "no indicator"
            )
        )
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
    for field in ("observed", "scale"):
        if getattr(table, field) is None:
            problems.append(Problem(file, f"{key}.{field}", "missing", TARGET_KEYS[field]))
            return None
    if table.month is not None and not 0 <= table.month <= months:
        problems.append(
            Problem(file, f"{key}.month", f"got {table.month}", f"a month from 0 to {months}")
        )
        return None
    return TargetSpec(
        name, held_out, _num(table.observed), _num(table.scale), table.indicator, table.month
    )


def _num(x: float | None) -> float | None:
    return None if x is None else float(x)


# --- loading ------------------------------------------------------------------------------


ONLY_IN_CALIBRATIONS = ("targets", "held_out", "stop")
"""Top-level keys that a calibration file has and scenario and experiment files cannot."""


def is_calibration(name_or_path: str | Path) -> bool:
    """Whether ``name_or_path`` names a calibration file rather than a scenario or experiment.

    A path is a calibration's if its TOML has a key of :data:`ONLY_IN_CALIBRATIONS`;
    a name is one if only a shipped calibration has it. Anything unreadable is left to
    the scenario loader to report (False).
    """
    text = str(name_or_path)
    keys = path_keys(name_or_path)
    if keys is not None:
        return any(key in keys for key in ONLY_IN_CALIBRATIONS)
    try:
        return text in shipped_calibrations() and find("scenarios", text) is None
    except FolderError:
        return False


def shipped_calibrations() -> list[str]:
    """Return the names of the shipped calibrations, sorted."""
    return sorted(p.stem for p in CALIBRATION_DIR.glob("*.toml"))


def _shipped(name: str) -> Path | None:
    path = CALIBRATION_DIR / f"{name}.toml"
    return path if path.is_file() else None


def load_calibration(name_or_path: str | Path, defined: Collection[str] = ()) -> Calibration:
    """Load and validate a calibration file.

    Args:
        name_or_path: a shipped calibration's name or a path to a ``.toml`` file.
        defined: the names of the defined targets (the studies layer's).

    Raises:
        CalibrationError: with one line per problem, naming file, key and what is
            allowed; every problem found is reported at once.
    """
    path = locate(
        name_or_path,
        "calibration",
        _shipped,
        shipped_calibrations,
        CalibrationError,
        "a calibration name (" + ", ".join(shipped_calibrations()) + ") or a path to a .toml file",
    )
    file = shown(path)
    raw = read_toml(path, file, CalibrationError)
    try:
        cal = CalibrationFile.model_validate(raw)
    except ValidationError as exc:
        raise CalibrationError(
            problems_from(exc, file, unknown=_unknown, allowed=_allowed)
        ) from None

    problems: list[Problem] = []
    scenario = load_base(cal.scenario, path, file, problems, TOP_KEYS["scenario"])
    months = cal.months or (scenario.months if scenario is not None else MAX_MONTHS)
    fixed = check_fixed(cal.fixed, file, problems)
    priors = [
        prior
        for name, table in cal.parameters.items()
        if (prior := _check_prior(name, table, file, problems)) is not None
    ]
    for prior in priors:
        if prior.name in fixed:
            problems.append(
                Problem(
                    file,
                    f"fixed.{prior.name}",
                    "also estimated in [parameters]",
                    "a parameter that is not estimated",
                )
            )
    targets = [
        spec
        for held, tables in ((False, cal.targets), (True, cal.held_out))
        for name, table in tables.items()
        if (spec := _check_target(name, table, held, defined, months, file, problems)) is not None
    ]
    for name in set(cal.targets) & set(cal.held_out):
        problems.append(
            Problem(
                file, f"held_out.{name}", "also a fitted target in [targets]", "a target not fitted"
            )
        )
    if problems or scenario is None:
        raise CalibrationError(list(dict.fromkeys(problems)))
    scenario, _ = scenario.with_months(months)
    scenario = dataclasses.replace(scenario, params={**scenario.params, **fixed})
    return Calibration(
        name=path.stem,
        title=cal.title,
        description=cal.description.strip(),
        scenario=scenario,
        months=months,
        replications=cal.replications,
        population=cal.population,
        seed=cal.seed,
        min_epsilon=float(cal.stop.min_epsilon),
        max_generations=cal.stop.max_generations,
        max_runs=cal.stop.max_runs,
        fixed=fixed,
        priors=tuple(priors),
        targets=tuple(targets),
        path=path,
    )
