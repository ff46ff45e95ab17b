"""Calibration against patterns and outside figures: ABC-SMC with pyabc on netsim's runs.

Targets
    A :class:`Target` is a figure the model should reproduce: how it is read from
    a particle's tidy result tables (one number per replication, whose mean is the
    particle's figure), its observed value, the tolerance it is held to and its
    scale in the distance. :data:`TARGETS` holds the defined ones: every pattern of
    :data:`netsim.studies.validation.PATTERNS` (the same measure and tolerance as
    docs/validation.md, read on the particle's runs of the pattern's presets) and
    two figures of TALIS 2018 (OECD). A calibration file may add targets of its own
    (an indicator's value at a month) and change a target's observed figure or scale.

Distance
    A target's error is how far the particle's figure lies outside the target's
    tolerance ``[low, high]`` (0 inside; a point figure has ``low == high``),
    divided by its scale; the distance is the Euclidean norm of the fitted
    targets' errors. Held-out targets are computed for every particle (they are
    in pyabc's database) but do not enter the distance.

Runs
    A particle's parameters are set in the base scenario and in every preset a
    target needs (with the file's months and ``[fixed]``), and each runs
    ``replications`` times through :func:`netsim.evaluate.runner.run_scenario`,
    the same seeds for every scenario of the particle. The particle's master seed
    is drawn from numpy's global generator, which is seeded from the calibration
    seed and the generation before each generation (:func:`generation_seed`).

Generations
    Each generation is one ``ABCSMC.run(max_nr_populations=1)`` on a fresh
    ``ABCSMC`` object loaded from the database (``abc.load``), so that a
    calibration killed and started again continues exactly as it would have gone
    on: on one worker, the results are the same run through or resumed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netsim.core.params import PARAMETERS, ParameterError, validate
from netsim.evaluate.runner import run_scenario
from netsim.io.calibrations import Calibration, TargetSpec, load_calibration
from netsim.io.folders import write_text_atomic
from netsim.io.resources import REPO_ROOT
from netsim.io.scenarios import Scenario, load_scenario, scenario_to_toml
from netsim.report import markdown
from netsim.studies.validation import AFTER, PATTERNS, SHOCK, Pattern, Runs, final

BASE = "@base"
"""Key of the calibration's base scenario among a particle's runs."""


# --- targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A figure the model is fitted to or checked on.

    Attributes:
        id: short key, used in calibration files.
        text: the figure in words.
        source: where it comes from.
        measured: how the model's figure is read, in words.
        scenarios: the presets it reads (``BASE``: the calibration's base scenario).
        measure: reads one number per replication from the particle's runs.
        observed: the observed figure.
        low: lower end of the tolerance (None: none).
        high: upper end of the tolerance (None: none).
        scale: one unit of distance.
        min_months: the fewest months a run needs for the measure.
    """

    id: str
    text: str
    source: str
    measured: str
    scenarios: tuple[str, ...]
    measure: Callable[[Runs], np.ndarray]
    observed: float
    low: float | None
    high: float | None
    scale: float
    min_months: int = 1

    def error(self, value: float) -> float:
        """How far ``value`` lies outside the tolerance, in scales (inf if NaN)."""
        if not math.isfinite(value):
            return math.inf
        below = (self.low - value) if self.low is not None else 0.0
        above = (value - self.high) if self.high is not None else 0.0
        return max(0.0, below, above) / self.scale

    def tolerance(self) -> str:
        """The tolerance in words."""
        if self.low is not None and self.low == self.high:
            return f"{self.low:g}"
        if self.low is not None and self.high is not None:
            return f"[{self.low:g}, {self.high:g}]"
        return f"≥ {self.low:g}" if self.low is not None else f"≤ {self.high:g}"


ONE_SIDED_SCALE = 0.1
"""Scale of a pattern that is a direction (an inequality): a tenth of the unit interval."""

MIN_MONTHS = {"anisn_lasting_ties": 25, "multi_actor_outlives_terms": SHOCK + AFTER}
"""Patterns whose measure reads a month before the last."""


def from_pattern(p: Pattern) -> Target:
    """The target of a validation pattern: its measure and tolerance, on the mean.

    A pattern held to a range of its mean (such as IMST's 8 %) is the range,
    observed at its middle, its scale half its width. A direction (the 5-95 %
    interval on one side of a bound) becomes the mean on that side of the
    bound, scale :data:`ONE_SIDED_SCALE`.
    """
    assert p.measure is not None
    if p.low is not None and p.high is not None:
        observed, scale = (p.low + p.high) / 2, (p.high - p.low) / 2
    else:
        observed, scale = float(p.low if p.low is not None else p.high or 0.0), ONE_SIDED_SCALE
    measure = p.measure
    return Target(
        p.id,
        p.text,
        f"brochure ({p.brochure})",
        p.measured,
        p.scenarios,
        measure,
        observed,
        p.low,
        p.high,
        scale,
        MIN_MONTHS.get(p.id, 1),
    )


def _peer_networks(runs: Runs) -> np.ndarray:
    data = runs[BASE]
    reach = final(BASE, "reach_lower_secondary")(runs)
    last = data["month"].max()
    year = data[data["month"] > last - 12]
    own = year.groupby("replication")["own_time_share"].mean().sort_index().fillna(0.0)
    return reach * own.to_numpy(float)


TALIS = (
    Target(
        "talis_any_pd",
        "More than 90 % of lower-secondary teachers take part in some PD in a year.",
        "TALIS 2018 (OECD)",
        "final `reach_lower_secondary` (share of lower-secondary teachers engaged: took part "
        "in about the last 14 months), on the base scenario",
        (BASE,),
        final(BASE, "reach_lower_secondary"),
        0.90,
        0.90,
        1.0,
        0.05,
    ),
    Target(
        "talis_peer_networks",
        "44 % of lower-secondary teachers take part in peer learning or teacher networks "
        "formed for PD.",
        "TALIS 2018 (OECD)",
        "final `reach_lower_secondary` times the mean of `own_time_share` over the last 12 "
        "months (the share of participations through lead teachers', section members' and "
        "school peer sessions), on the base scenario: an estimate of the share of teachers "
        "engaged through peer channels that assumes they are spread like participations",
        (BASE,),
        _peer_networks,
        0.44,
        0.44,
        0.44,
        0.05,
        min_months=12,
    ),
)

TARGETS: dict[str, Target] = {
    t.id: t for t in (*TALIS, *(from_pattern(p) for p in PATTERNS if p.measure is not None))
}
"""The defined targets by id: TALIS 2018, then the brochure's patterns."""


def _indicator_measure(indicator: str, month: int | None) -> Callable[[Runs], np.ndarray]:
    def measure(runs: Runs) -> np.ndarray:
        data = runs[BASE]
        at = data["month"].max() if month is None else month
        rows = data[data["month"] == at].sort_values("replication")
        return rows[indicator].to_numpy(float)

    return measure


def resolve(spec: TargetSpec) -> Target:
    """The target a file's entry names, with the file's observed figure and scale."""
    if spec.indicator is None:
        target = TARGETS[spec.name]
        if spec.observed is not None:
            # a new figure: a point when the target was one, else the tolerance moves with it
            shift = spec.observed - target.observed
            target = replace(
                target,
                observed=spec.observed,
                low=None if target.low is None else target.low + shift,
                high=None if target.high is None else target.high + shift,
            )
        return target if spec.scale is None else replace(target, scale=spec.scale)
    assert spec.observed is not None
    assert spec.scale is not None
    when = "final" if spec.month is None else f"month {spec.month}"
    return Target(
        spec.name,
        f"{spec.indicator} at {when}: {spec.observed:g}",
        "the calibration file",
        f"{when} `{spec.indicator}` on the base scenario",
        (BASE,),
        _indicator_measure(spec.indicator, spec.month),
        spec.observed,
        spec.observed,
        spec.observed,
        spec.scale,
        1 if spec.month is None else spec.month,
    )


def load(name_or_path: str | Path) -> Calibration:
    """Load a calibration file (:func:`netsim.io.calibrations.load_calibration`), targets checked.

    Raises:
        CalibrationError: one line per problem, also for a target that needs more
            months than the runs have.
    """
    from netsim.io.calibrations import CalibrationError
    from netsim.io.scenarios import Problem, shown

    cal = load_calibration(name_or_path, defined=tuple(TARGETS))
    file = shown(cal.path) if cal.path else cal.name
    problems = []
    for spec in cal.targets:
        need = resolve(spec).min_months
        if cal.months < need:
            table = "held_out" if spec.held_out else "targets"
            problems.append(
                Problem(
                    file,
                    f"{table}.{spec.name}",
                    f"needs runs of at least {need} months, the calibration runs {cal.months}",
                    f"months = {need} or more",
                )
            )
    if problems:
        raise CalibrationError(problems)
    return cal


# --- one particle ---------------------------------------------------------------------------


def _scenarios(cal: Calibration, targets: Sequence[Target]) -> dict[str, Scenario]:
    """Every scenario the targets read, with the calibration's months and ``[fixed]``."""
    out = {BASE: cal.scenario}
    for t in targets:
        for name in t.scenarios:
            if name not in out:
                preset, _ = load_scenario(name).with_months(cal.months)
                out[name] = replace(preset, params={**preset.params, **cal.fixed})
    return out


def particle_params(cal: Calibration, theta: dict[str, float]) -> dict[str, Any]:
    """The estimated parameters of one particle, typed (integers rounded)."""
    out: dict[str, Any] = {}
    for prior in cal.priors:
        value = float(theta[prior.name])
        out[prior.name] = round(value) if PARAMETERS[prior.name].kind is int else value
    return out


class ParticleModel:
    """Runs one particle and returns every target's figure (pyabc's model; picklable).

    Args:
        cal: the calibration.
    """

    def __init__(self, cal: Calibration) -> None:
        self.cal = cal
        self.ids = [s.name for s in cal.targets]
        self.scenarios = _scenarios(cal, [resolve(s) for s in cal.targets])

    def runs(self, theta: dict[str, float], seed: int) -> Runs | None:
        """The particle's tidy tables by scenario (None if its parameters are refused)."""
        estimated = particle_params(self.cal, theta)
        out: Runs = {}
        for key, scenario in self.scenarios.items():
            params = {**scenario.params, **estimated}
            try:
                validate(params)
            except ParameterError:
                return None
            run = replace(scenario, params=params)
            result = run_scenario(run, reps=self.cal.replications, seed=seed, progress=False)
            out[key] = result.data
        return out

    def figures(self, runs: Runs | None) -> dict[str, float]:
        """Each target's mean over replications (NaN when it cannot be read)."""
        out = {}
        for spec in self.cal.targets:
            value = math.nan
            if runs is not None:
                values = np.asarray(resolve(spec).measure(runs), float)
                if values.size and np.isfinite(values).all():
                    value = float(values.mean())
            out[spec.name] = value
        return out

    def __call__(self, theta: dict[str, float]) -> dict[str, float]:
        """The particle's figures (pyabc's model), its seed drawn from numpy's global generator."""
        seed = int(np.random.randint(0, 2**62))
        return self.figures(self.runs(dict(theta), seed))


class Distance:
    """Euclidean norm of the fitted targets' errors in scales (pyabc's distance; picklable)."""

    def __init__(self, cal: Calibration) -> None:
        self.targets = [resolve(s) for s in cal.targets if not s.held_out]

    def __call__(self, x: dict[str, float], x0: dict[str, float]) -> float:
        """The distance of a particle's figures ``x`` (``x0``, the observed ones, is unused)."""
        errors = [t.error(float(x[t.id])) for t in self.targets]
        return math.sqrt(sum(e * e for e in errors))


# --- the ABC-SMC run ------------------------------------------------------------------------

DATABASE = "abc.db"
STATE = "calibration.json"


class CalibrationFolderError(RuntimeError):
    """An output folder that holds another calibration."""


def generation_seed(seed: int, t: int) -> int:
    """The seed of numpy's and Python's global generators before generation ``t``."""
    return int(np.random.SeedSequence([seed, t]).generate_state(1)[0])


def _prior(cal: Calibration) -> Any:
    import pyabc

    return pyabc.Distribution(
        **{
            p.name: pyabc.RV(p.distribution, *p.shapes, loc=p.loc, scale=p.scale)
            for p in cal.priors
        }
    )


def _sampler(workers: int, scheduler: str | None, engine: str) -> tuple[Any, Callable[[], None]]:
    """The pyabc sampler the options ask for, and what closes it."""
    import os

    import pyabc

    if scheduler is not None or engine == "dask":
        from netsim.evaluate.engines import Dask

        dask = Dask(scheduler, workers=workers or os.cpu_count() or 1)
        client = dask.client()
        return pyabc.sampler.DaskDistributedSampler(client), dask.close
    n = workers or os.cpu_count() or 1
    if n <= 1:
        return pyabc.sampler.SingleCoreSampler(), lambda: None
    return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=n), lambda: None


@dataclass
class Generation:
    """One generation's figures, as printed and written.

    Attributes:
        t: the generation (0 first).
        epsilon: its acceptance threshold.
        accepted: particles accepted.
        evaluations: particles simulated.
        ess: effective sample size of the weights.
        runs: model runs in all so far.
        seconds: wall time of the generation.
    """

    t: int
    epsilon: float
    accepted: int
    evaluations: int
    ess: float
    runs: int
    seconds: float

    @property
    def acceptance(self) -> float:
        """Accepted over simulated particles."""
        return self.accepted / max(self.evaluations, 1)

    def line(self) -> str:
        """The progress line."""
        return (
            f"generation {self.t}: epsilon {self.epsilon:.4g}, accepted {self.accepted} of "
            f"{self.evaluations} (acceptance rate {self.acceptance:.3f}), ESS {self.ess:.1f}, "
            f"{self.runs} model runs in all, {self.seconds:.1f} s"
        )


def runs_per_particle(cal: Calibration) -> int:
    """Model runs one particle takes: replications times scenarios."""
    return cal.replications * len(ParticleModel(cal).scenarios)


def generations(history: Any, per_particle: int) -> list[Generation]:
    """Every finished generation in a pyabc History."""
    from pyabc.weighted_statistics import effective_sample_size

    pops = history.get_all_populations()
    out = []
    total = int(pops.loc[pops["t"] < 0, "samples"].sum())  # the calibration sample
    for row in pops[pops["t"] >= 0].itertuples():
        total += int(row.samples)
        _, w = history.get_distribution(m=0, t=int(row.t))
        out.append(
            Generation(
                int(row.t),
                float(row.epsilon),
                int(row.particles),
                int(row.samples),
                float(effective_sample_size(w)),
                total * per_particle,
                float(row.wall_time or 0.0),
            )
        )
    return out


@dataclass
class Outcome:
    """What a calibration leaves: its tables (see :func:`tables`) and where they are."""

    calibration: Calibration
    folder: Path
    generations: list[Generation]
    stopped: str
    resumed_at: int | None = None
    files: list[Path] = field(default_factory=list)


def _abc(cal: Calibration, sampler: Any) -> Any:
    import pyabc

    return pyabc.ABCSMC(
        ParticleModel(cal),
        _prior(cal),
        Distance(cal),
        population_size=cal.population,
        sampler=sampler,
    )


def _check_folder(cal: Calibration, folder: Path) -> bool:
    """True when ``folder`` holds this calibration's database (resume); refuse another's."""
    state = folder / STATE
    db = folder / DATABASE
    if not db.exists():
        return False
    mine = state.exists() and json.loads(state.read_text("utf-8")).get("fingerprint") == (
        cal.fingerprint()
    )
    if not mine:
        raise CalibrationFolderError(
            f"{folder} holds another calibration's database ({DATABASE}); "
            "give another --out, or remove the folder to start over"
        )
    return True


def calibrate(
    cal: Calibration,
    folder: Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    engine: str = "processes",
    echo: Callable[[str], None] = print,
) -> Outcome:
    """Run (or resume) the ABC-SMC of ``cal`` in ``folder`` and write its tables and report.

    Args:
        cal: the calibration (see :func:`load`).
        folder: the output folder; its ``abc.db`` is pyabc's database.
        workers: local processes (pyabc's MulticoreEvalParallelSampler); 1 runs here
            (SingleCoreSampler); 0 uses one per CPU.
        scheduler: address of a running Dask scheduler (DaskDistributedSampler).
        engine: ``processes``, or ``dask`` for a Dask LocalCluster of ``workers``.
        echo: prints a progress line after each generation.
    """
    import pyabc  # noqa: F401 (its loggers are set up on import; quiet them after)

    for name in list(logging.root.manager.loggerDict):
        if name == "ABC" or name.startswith("ABC."):
            logging.getLogger(name).setLevel(logging.WARNING)
    folder.mkdir(parents=True, exist_ok=True)
    resuming = _check_folder(cal, folder)
    if not resuming:
        write_text_atomic(
            folder / STATE,
            json.dumps({"fingerprint": cal.fingerprint(), "file": str(cal.path)}, indent=1),
        )
    db = f"sqlite:///{folder / DATABASE}"
    per_particle = runs_per_particle(cal)
    max_evaluations = max(1, cal.max_runs // per_particle)
    sampler, close = _sampler(workers, scheduler, engine)
    resumed_at = None
    first = True
    stopped = f"{cal.max_generations} generations"
    try:
        while True:
            abc = _abc(cal, sampler)
            if resuming:
                history = abc.load(db, 1)
            else:
                history = abc.new(db, {s.name: float(resolve(s).observed) for s in cal.targets})
                resuming = True
            done = generations(history, per_particle)
            t = history.max_t + 1
            if first and t > 0:
                resumed_at = t
                echo(f"resuming from {folder / DATABASE}: {t} generation(s) done")
                for g in done:
                    echo(g.line())
            first = False
            if done and done[-1].epsilon <= cal.min_epsilon:
                stopped = f"epsilon {done[-1].epsilon:.4g} ≤ min_epsilon {cal.min_epsilon:g}"
                break
            if t >= cal.max_generations:
                break
            evaluated = done[-1].runs // per_particle if done else 0
            if evaluated >= max_evaluations:
                stopped = f"max_runs {cal.max_runs} reached"
                break
            np.random.seed(generation_seed(cal.seed, t) % 2**32)
            random.seed(generation_seed(cal.seed, t))
            history = abc.run(
                max_nr_populations=1,
                minimum_epsilon=cal.min_epsilon,
                max_total_nr_simulations=max_evaluations,
            )
            if history.max_t < t:
                stopped = "pyabc could not fill the generation"
                break
            echo(generations(history, per_particle)[-1].line())
    finally:
        close()
    outcome = Outcome(cal, folder, generations(history, per_particle), stopped, resumed_at)
    outcome.files = write_outputs(outcome, history)
    return outcome


# --- tables ---------------------------------------------------------------------------------


def _wquantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    cum = np.cumsum(w[order])
    cum = cum / cum[-1]
    return float(np.interp(q, cum - w[order] / cum[-1] / 2, x[order]))


def target_table(cal: Calibration) -> pd.DataFrame:
    """One row per target of ``cal``: how it is read, its figure, tolerance and scale."""
    rows = []
    for spec in cal.targets:
        t = resolve(spec)
        rows.append(
            {
                "target": t.id,
                "held_out": spec.held_out,
                "text": t.text,
                "source": t.source,
                "measured": t.measured,
                "observed": t.observed,
                "low": t.low,
                "high": t.high,
                "scale": t.scale,
            }
        )
    return pd.DataFrame(rows)


def tables(cal: Calibration, history: Any) -> dict[str, pd.DataFrame]:
    """The calibration's tables, from pyabc's database.

    ``posterior``: the last generation's particles (parameters, weight, and each
    target's figure, ``fig_<target>``); ``marginals``: per parameter, the prior's
    and the posterior's mean and 5/50/95 % quantiles; ``predictive``: per target,
    the posterior predictive mean and 5-95 % interval (the accepted particles'
    figures, weighted) and whether it meets the tolerance; ``targets``.
    """
    t = history.max_t
    params, w = history.get_distribution(m=0, t=t)
    w = np.asarray(w, float)
    _, stats = history.get_weighted_sum_stats(t=t)
    figures = pd.DataFrame(stats).add_prefix("fig_")
    posterior = params.reset_index(drop=True).copy()
    posterior["weight"] = w
    # get_distribution and get_weighted_sum_stats list the particles in the same order
    posterior = pd.concat([posterior, figures.reset_index(drop=True)], axis=1)
    rows = []
    for prior in cal.priors:
        x = posterior[prior.name].to_numpy(float)
        dist = prior.frozen()
        rows.append(
            {
                "parameter": prior.name,
                "default": PARAMETERS[prior.name].default,
                "prior": prior.distribution,
                "prior_low": prior.low,
                "prior_high": prior.high,
                "prior_mean": float(dist.mean()),
                "prior_p5": float(dist.ppf(0.05)),
                "prior_p95": float(dist.ppf(0.95)),
                "posterior_mean": float(np.average(x, weights=w)),
                "posterior_p5": _wquantile(x, w, 0.05),
                "posterior_median": _wquantile(x, w, 0.5),
                "posterior_p95": _wquantile(x, w, 0.95),
            }
        )
    marginals = pd.DataFrame(rows)
    targets = target_table(cal)
    pred = []
    for spec in cal.targets:
        target = resolve(spec)
        v = posterior[f"fig_{spec.name}"].to_numpy(float)
        ok = np.isfinite(v)
        mean = float(np.average(v[ok], weights=w[ok])) if ok.any() else math.nan
        pred.append(
            {
                "target": spec.name,
                "held_out": spec.held_out,
                "observed": target.observed,
                "low": target.low,
                "high": target.high,
                "mean": mean,
                "p5": _wquantile(v[ok], w[ok], 0.05) if ok.any() else math.nan,
                "p95": _wquantile(v[ok], w[ok], 0.95) if ok.any() else math.nan,
                "holds": target.error(mean) <= (1.0 if target.low == target.high else 0.0),
            }
        )
    return {
        "posterior": posterior,
        "marginals": marginals,
        "predictive": pd.DataFrame(pred),
        "targets": targets,
    }


def calibrated_scenario(cal: Calibration, marginals: pd.DataFrame, stopped: str) -> str:
    """The base scenario with the posterior medians, as a self-contained scenario file."""
    theta = dict(zip(marginals["parameter"], marginals["posterior_median"], strict=True))
    params = {**cal.scenario.params, **particle_params(cal, theta)}
    set_to = ", ".join(f"{k} = {params[k]:.4g}" for k in theta)
    note = (
        f"Calibrated {dt.date.today().isoformat()} by `netsim calibrate {_shown(cal)}` "
        f"(ABC-SMC, population {cal.population}, {cal.replications} replication(s) per "
        f"particle, seed {cal.seed}, stopped: {stopped}): posterior medians {set_to}."
    )
    scenario = replace(
        cal.scenario,
        name=f"{cal.scenario.name}_calibrated",
        title=f"{cal.scenario.title} (calibrated: {cal.title})",
        description=f"{cal.scenario.description}\n\n{note}".strip(),
        params=params,
    )
    return scenario_to_toml(scenario)


def write_outputs(outcome: Outcome, history: Any) -> list[Path]:
    """Write the tables (Parquet and CSV), the calibrated scenario and the HTML report."""
    from netsim.report.calibration_report import report

    folder, cal = outcome.folder, outcome.calibration
    tabs = tables(cal, history)
    gens = pd.DataFrame(
        [{**g.__dict__, "acceptance_rate": g.acceptance} for g in outcome.generations]
    )
    tabs["generations"] = gens
    written = []
    for name, table in tabs.items():
        for suffix in (".parquet", ".csv"):
            path = folder / f"{name}{suffix}"
            if suffix == ".csv":
                table.to_csv(path, index=False)
            else:
                table.to_parquet(path, index=False)
            written.append(path)
    scenario = folder / "calibrated_scenario.toml"
    write_text_atomic(scenario, calibrated_scenario(cal, tabs["marginals"], outcome.stopped))
    page = folder / "calibration.html"
    write_text_atomic(
        page,
        report(
            title=cal.title,
            description=cal.description,
            settings=_settings(cal, outcome),
            priors={p.name: p.frozen() for p in cal.priors},
            tables=tabs,
        ),
    )
    return [*written, scenario, page]


def _shown(cal: Calibration) -> str:
    from netsim.io.scenarios import shown

    return shown(cal.path) if cal.path else cal.name


def _settings(cal: Calibration, outcome: Outcome) -> list[tuple[str, str]]:
    return [
        ("calibration file", _shown(cal)),
        ("base scenario", cal.scenario.name),
        ("months", str(cal.months)),
        ("teachers", f"{cal.scenario.params['n_teachers']:,}".replace(",", " ")),
        ("replications per particle", str(cal.replications)),
        ("population", str(cal.population)),
        ("seed", str(cal.seed)),
        (
            "stopping rule",
            f"epsilon ≤ {cal.min_epsilon:g}, {cal.max_generations} generations, "
            f"{cal.max_runs} model runs",
        ),
        ("stopped", outcome.stopped),
        ("model runs", str(outcome.generations[-1].runs if outcome.generations else 0)),
    ]


# --- the docs' table -----------------------------------------------------------------------

DOC = REPO_ROOT / "docs" / "calibration.md"
DOC_BEGIN = "<!-- BEGIN generated targets -->"
DOC_END = "<!-- END generated targets -->"


def targets_block() -> str:
    """The defined targets as docs/calibration.md shows them: a line and a markdown table."""
    rows = [
        (f"`{t.id}`", t.text, t.source, t.measured, t.tolerance(), f"{t.scale:g}")
        for t in TARGETS.values()
    ]
    header = ["id", "figure", "source", "read from the runs as", "tolerance", "scale"]
    intro = (
        "The defined targets (generated from `netsim/studies/calibration.py` by "
        "`write_doc()`; `tests/studies/test_calibration.py` checks this table):"
    )
    return f"{intro}\n\n{markdown.table(rows, header)}\n"


def write_doc(*, write: bool = True) -> bool:
    """Put the targets' table into docs/calibration.md; True if it changed (or would)."""
    return markdown.write_block(DOC, DOC_BEGIN, DOC_END, targets_block(), write=write)
