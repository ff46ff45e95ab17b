"""The ``netsim`` command: list, check, run and compare scenarios, sweep experiments.

Every mistake a user can make (a scenario that does not exist, a key out of
range, a folder that cannot be written) ends in one clear message on standard
error and exit code 1, never in a traceback.

A scenario or experiment is named by path or by name; a name is looked up in the
user's folder (``--scenarios DIR``, ``--experiments DIR``, or the environment
variables ``NETSIM_SCENARIOS`` and ``NETSIM_EXPERIMENTS``) first, then among the
shipped files. ``netsim docs``, ``netsim patterns`` and ``netsim growth-checks``
are developer tools that rewrite ``docs/`` of a source checkout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from netsim.analysis.tables import summarise
from netsim.core.indicators import KEY_INDICATORS, is_share, label
from netsim.evaluate.agents import AgentSample
from netsim.evaluate.budget import CULL_ENV, Limits
from netsim.evaluate.budget import ENV as LIMIT_ENV
from netsim.evaluate.runner import MAX_REPS, compare_scenarios, run_scenario
from netsim.io.folders import OutputError, interrupt_after, output_folder
from netsim.io.launch import (
    COUNTDOWN_SECONDS,
    DEFAULT_ROOM_PORT,
    ROOM_ENV,
    SEASONS,
    RoomOptions,
)
from netsim.io.resources import (
    ENV_VARS,
    REPO_ROOT,
    Entry,
    FolderError,
    Kind,
    entries,
    set_user_folders,
)
from netsim.io.scenarios import (
    MAX_MONTHS,
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_to_toml,
)
from netsim.report.outputs import write_comparison, write_run
from netsim.report.policy_words import ENV as HOLDING_ENV
from netsim.report.policy_words import HoldingError, holding_path, read_holding

app = typer.Typer(
    name="netsim",
    help="Simulate professional-development networks for STEM teachers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Reps = Annotated[
    int,
    typer.Option("--reps", "-n", min=1, max=MAX_REPS, help="Replications per scenario."),
]
Seed = Annotated[
    int, typer.Option("--seed", "-s", min=0, help="Master seed; replication seeds derive from it.")
]
Years = Annotated[
    float | None,
    typer.Option(
        "--years",
        "-y",
        min=0.1,
        max=MAX_MONTHS / 12,
        help="Run length in years, instead of the scenario's months.",
    ),
]
Out = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Folder for the results [default: results/NAME]."),
]
Workers = Annotated[
    int, typer.Option("--workers", "-w", min=0, help="Processes to use; 0: one per CPU.")
]
Progress = Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")]
Precision = Annotated[
    float | None,
    typer.Option(
        "--precision",
        min=1e-9,
        help="Add replications until the 95 % interval of each headline share's final mean "
        "is at most this wide (--reps to start, --max-reps at most).",
    ),
]
MaxReps = Annotated[
    int,
    typer.Option("--max-reps", min=2, max=MAX_REPS, help="The most replications --precision adds."),
]
ScenariosDir = Annotated[
    Path | None,
    typer.Option(
        "--scenarios",
        metavar="DIR",
        help="Your folder of scenario files: a name is looked up there first, then among "
        f"the shipped ones [default: ${ENV_VARS['scenarios']}, if set].",
    ),
]
ExperimentsDir = Annotated[
    Path | None,
    typer.Option(
        "--experiments",
        metavar="DIR",
        help="Your folder of experiment files: a name is looked up there first, then among "
        f"the shipped ones [default: ${ENV_VARS['experiments']}, if set].",
    ),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` on standard error and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def _folders(scenarios: Path | None = None, experiments: Path | None = None) -> None:
    """Use the user's folders named by the options, else those of the environment."""
    chosen: dict[Kind, Path | None] = {"scenarios": scenarios, "experiments": experiments}
    for kind, folder in chosen.items():
        if folder is not None and not folder.is_dir():
            raise _fail(f"--{kind}: {folder}: no such folder")
        set_user_folders(kind, None if folder is None else [folder], f"--{kind}")


def _shipped_only() -> None:
    """Look names up among the shipped files only (the studies measure the shipped presets)."""
    set_user_folders("scenarios", [])
    set_user_folders("experiments", [])


def _load(name: str, years: float | None = None) -> Scenario:
    """Load a scenario for running, shortened or lengthened to ``years`` if given."""
    try:
        scenario = load_scenario(name)
        if years is None:
            return scenario
        scenario, dropped = scenario.with_months(max(1, round(years * 12)))
    except ScenarioError as exc:
        raise _fail(str(exc)) from None
    for event in dropped:
        typer.echo(
            f"note: {scenario.name}: the {event['kind']} of month {event['month']} falls after "
            f"the last month ({scenario.months}) and will not happen",
            err=True,
        )
    return scenario


def _listing(kind: Kind) -> list[Entry]:
    try:
        return entries(kind)
    except FolderError as exc:
        raise _fail(str(exc)) from None


def _line(entry: Entry, width: int, kind: Kind) -> str:
    """One line of ``netsim list``: the name and the summary (a scenario) or title."""
    from netsim.io.experiments import ExperimentError, is_experiment, load_experiment

    try:
        if kind == "experiments":
            text = load_experiment(entry.path).title
        elif is_experiment(entry.path):
            text = "(an experiment file: name its folder with --experiments or NETSIM_EXPERIMENTS)"
        else:
            text = load_scenario(entry.path).summary
    except (ScenarioError, ExperimentError) as exc:
        text = f"(broken: {exc.problems[0]})"
    if entry.hidden_by is not None:
        text += f"  [hidden: the name finds {entry.hidden_by}]"
    return f"  {entry.name:<{width}}  {text}"


@app.command("list")
def list_(scenarios: ScenariosDir = None, experiments: ExperimentsDir = None) -> None:
    """List the scenarios and experiments, yours first, then the shipped ones.

    Each is shown with its one-line summary (a scenario) or title (an experiment).
    """
    _folders(scenarios, experiments)
    kinds: tuple[Kind, ...] = ("scenarios", "experiments")
    found = {kind: _listing(kind) for kind in kinds}
    width = max((len(e.name) for group in found.values() for e in group), default=0)
    for kind, group in found.items():
        for shipped in (False, True):
            shown = [e for e in group if e.shipped is shipped]
            if not shown:
                continue
            if shipped:
                typer.echo(f"{kind.capitalize()} shipped with netsim:")
            else:
                folders = ", ".join(dict.fromkeys(str(e.path.parent) for e in shown))
                typer.echo(f"{kind.capitalize()} of yours ({folders}):")
            for entry in shown:
                typer.echo(_line(entry, width, kind))


def _check_file(file: str) -> str | None:
    """Load a scenario, experiment or calibration file: its ``ok`` line, or None if refused."""
    from netsim.io.calibrations import is_calibration
    from netsim.io.experiments import ExperimentError, is_experiment, load_experiment
    from netsim.studies import calibration

    try:
        if is_calibration(file):
            cal = calibration.load(file)
            held = sum(t.held_out for t in cal.targets)
            return (
                f"ok  {file}: {cal.title} (calibration: {len(cal.priors)} parameters, "
                f"{len(cal.targets) - held} targets and {held} held out, {cal.population} "
                f"particles x {cal.replications} replications, at most "
                f"{cal.max_generations} generations of {cal.months} months)"
            )
        if is_experiment(file):
            exp = load_experiment(file)
            return f"ok  {file}: {exp.title} (experiment: {exp.size()})"
        scenario = load_scenario(file)
    except (ScenarioError, ExperimentError) as exc:
        typer.echo(str(exc), err=True)
        return None
    return f"ok  {file}: {scenario.title} ({scenario.months} months)"


@app.command()
def validate(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Scenario, experiment or calibration files (paths or names) to check.",
            metavar="FILE...",
        ),
    ],
    scenarios: ScenariosDir = None,
    experiments: ExperimentsDir = None,
) -> None:
    """Check scenario, experiment and calibration files without running them.

    A file with a targets, held_out or stop key is checked as a
    calibration (its base scenario, priors and targets too); one with a scenario,
    design, parameters, outcomes, fixed or policies key as an experiment (its base
    scenario and its design points too); any other as a scenario. Every problem of
    every file is printed, one line each, naming the file, the key and what is
    allowed; the exit code is 1 if any file has one.
    """
    _folders(scenarios, experiments)
    bad = 0
    for file in files:
        line = _check_file(file)
        if line is None:
            bad += 1
        else:
            typer.echo(line)
    if bad:
        raise _fail(f"{bad} of {len(files)} files have problems")


@app.command()
def show(
    scenario: Annotated[
        str,
        typer.Argument(help="Scenario name or path to a .toml file.", metavar="SCENARIO"),
    ],
    scenarios: ScenariosDir = None,
) -> None:
    """Print a scenario resolved, with every parameter, as TOML."""
    _folders(scenarios)
    typer.echo(scenario_to_toml(_load(scenario)), nl=False)


def _compact(value: float) -> str:
    """A number in at most about five characters: 0.213, 87.5, 4.56k, 1.96M."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def _print_summary(data: pd.DataFrame) -> None:
    """Print the final key indicators per scenario: mean and 5-95 % range."""
    summary = summarise(data).set_index(["scenario", "indicator"])
    scenarios = list(dict.fromkeys(data["scenario"]))
    width = max(24, *(len(s) + 2 for s in scenarios))
    typer.echo("final values: mean (5-95 % of runs)")
    typer.echo(f"{'':32}" + "".join(f"{s:>{width}}" for s in scenarios))
    for indicator in KEY_INDICATORS:
        cells = []
        for name in scenarios:
            if (name, indicator) not in summary.index:
                cells.append(f"{'-':>{width}}")
                continue
            row = summary.loc[(name, indicator), ["mean", "p5", "p95"]]
            m, lo, hi = map(float, row.to_numpy(float))
            if m != m:  # never measured
                text = "-"
            elif is_share(indicator):
                text = f"{100 * m:.1f}% ({100 * lo:.1f}-{100 * hi:.1f})"
            else:
                text = f"{_compact(m)} ({_compact(lo)}-{_compact(hi)})"
            cells.append(f"{text:>{width}}")
        typer.echo(f"{label(indicator)[:31]:<32}" + "".join(cells))


def _print_growth(data: pd.DataFrame) -> None:
    """Print how teacher reach grew, year by year, per scenario (mean of runs)."""
    yearly = data[data["month"] % 12 == 0]
    table = yearly.pivot_table(
        index="month", columns="scenario", values="reach_teachers", aggfunc="mean", sort=False
    )
    scenarios = list(dict.fromkeys(data["scenario"]))
    width = max(12, *(len(s) + 2 for s in scenarios))
    typer.echo("teachers reached, by year: mean of runs")
    typer.echo(f"{'year':>4}" + "".join(f"{s:>{width}}" for s in scenarios))
    table = table[scenarios]
    for month, row in zip(table.index.astype(int), table.to_numpy(float), strict=True):
        cells = "".join(f"{100 * value:>{width - 1}.1f}%" for value in row)
        typer.echo(f"{month // 12:>4}" + cells)
    typer.echo("")


INTERRUPTED = "interrupted: nothing was written"


@contextlib.contextmanager
def _output(folder: Path) -> Iterator[None]:
    """The results folder, checked before running and removed again if left empty."""
    try:
        with output_folder(folder):
            yield
    except OutputError as exc:
        raise _fail(str(exc)) from None


def _report_and_write(data: pd.DataFrame, write: Callable[[], list[Path]], folder: Path) -> None:
    """Print the growth and summary tables, then write the files and list them."""
    _print_growth(data)
    _print_summary(data)
    try:
        with interrupt_after() as stop:
            files = write()
    except OSError as exc:
        raise _fail(f"cannot write the results into {folder}: {exc}") from None
    _written(files)
    if stop.interrupted:
        raise _fail("interrupted while writing: every file above was written in full first")


def _written(files: list[Path]) -> None:
    typer.echo("wrote:")
    for path in files:
        typer.echo(f"  {path}")


def _print_settled(settle: pd.DataFrame | None, precision: float | None) -> None:
    """Say how many replications --precision took and the widest interval left."""
    if settle is None or precision is None or settle.empty:
        return
    n = int(settle["replications"].max())
    last = settle[settle["replications"] == n].reset_index(drop=True)
    widest = last.iloc[int(last["width"].to_numpy().argmax())]
    met = "met" if widest["width"] <= precision else "NOT met (the cap, --max-reps, was reached)"
    typer.echo(
        f"precision {precision:g} {met} with {n} replications: the widest 95 % interval is "
        f"{widest['indicator']} of {widest['scenario']}, {widest['width']:.4f} wide"
    )


@app.command()
def run(
    scenario: Annotated[
        str,
        typer.Argument(help="Scenario name or path to a .toml file.", metavar="SCENARIO"),
    ],
    reps: Reps = 10,
    seed: Seed = 0,
    years: Years = None,
    out: Out = None,
    workers: Workers = 1,
    progress: Progress = True,
    scenarios: ScenariosDir = None,
    precision: Precision = None,
    max_reps: MaxReps = 200,
    agents: Annotated[
        int,
        typer.Option(
            "--agents",
            min=0,
            metavar="N",
            help="Also record N teachers drawn from each replication's seed (0: none) "
            "into agents.parquet.",
        ),
    ] = 0,
    agent_every: Annotated[
        int,
        typer.Option(
            "--agent-every",
            min=1,
            metavar="MONTHS",
            help="With --agents: record them at month 0, every MONTHS months and at the end.",
        ),
    ] = 12,
) -> None:
    """Run replications of a scenario and write its results and HTML report.

    Writes results.parquet, results.csv, log.csv, scenario.toml (resolved) and
    report.html into the output folder; with ``--agents N``, agents.parquet: N
    teachers of each replication (replication, teacher, month, engagement, trust,
    practice, region, school) every ``--agent-every`` months.
    """
    _folders(scenarios)
    loaded = _load(scenario, years)
    sample = AgentSample(agents, agent_every) if agents else None
    folder = out or Path("results") / loaded.name
    with _output(folder):
        try:
            result = run_scenario(
                loaded,
                reps=reps,
                seed=seed,
                workers=workers,
                progress=progress,
                precision=precision,
                max_reps=max_reps,
                agents=sample,
            )
        except KeyboardInterrupt:
            raise _fail(INTERRUPTED) from None
        _print_settled(result.settling, precision)
        _report_and_write(result.data, lambda: write_run(result, folder), folder)


@app.command()
def compare(
    scenarios: Annotated[
        list[str],
        typer.Argument(
            help="Two or more scenarios (names or paths); the first is the baseline.",
            metavar="A B [C...]",
        ),
    ],
    reps: Reps = 10,
    seed: Seed = 0,
    years: Years = None,
    out: Out = None,
    workers: Workers = 1,
    progress: Progress = True,
    folder_option: ScenariosDir = None,
    precision: Precision = None,
    max_reps: MaxReps = 200,
) -> None:
    """Run scenarios with the same seeds and compare them with the first.

    Writes comparison.parquet, comparison.csv, differences.csv (final differences
    with paired 95 % t-intervals), log.csv, each resolved scenario and
    comparison.html into the output folder.
    """
    _folders(folder_option)
    if len(scenarios) < 2:
        raise _fail("compare needs at least two scenarios (the first is the baseline)")
    loaded = [_load(name, years) for name in scenarios]
    names = [s.name for s in loaded]
    if len(set(names)) != len(names):
        raise _fail(f"compare needs scenarios with different names, got {', '.join(names)}")
    folder = out or Path("results") / ("compare_" + "_vs_".join(names))
    with _output(folder):
        try:
            comparison = compare_scenarios(
                loaded,
                reps=reps,
                seed=seed,
                workers=workers,
                progress=progress,
                precision=precision,
                max_reps=max_reps,
            )
        except KeyboardInterrupt:
            raise _fail(INTERRUPTED) from None
        _print_settled(comparison.settling, precision)
        _report_and_write(comparison.data, lambda: write_comparison(comparison, folder), folder)


@app.command("export-network")
def export_network(
    scenario: Annotated[
        str,
        typer.Argument(help="Scenario name or path to a .toml file.", metavar="SCENARIO"),
    ],
    seed: Seed = 0,
    years: Years = None,
    teachers: Annotated[
        int | None,
        typer.Option("--teachers", "-t", min=1, help="Teachers, instead of the scenario's."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="gexf (dynamic, for Gephi), graphml, or both."),
    ] = "gexf",
    every: Annotated[
        int, typer.Option("--every", min=1, help="Look at the ties every N months.")
    ] = 1,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write [default: results/NAME-network.FORMAT]."),
    ] = None,
    scenarios: ScenariosDir = None,
) -> None:
    """Run a scenario once and write its network for Gephi or other network tools.

    The run is replication 0 of `netsim run SCENARIO --seed S`. GEXF is dynamic:
    every node and tie has the months it was in the network, so Gephi's timeline
    plays the growth; GraphML has the final values. Nodes carry type, region,
    level, engagement, trust, practice and memberships; ties kind, trust, formal
    and age.
    """
    from netsim.core.params import PARAMETERS, ParameterError
    from netsim.evaluate.networks import grow_network
    from netsim.io.networks import FORMATS, write_network

    _folders(scenarios)
    formats = list(FORMATS) if fmt == "both" else [fmt]
    if not set(formats) <= set(FORMATS):
        raise _fail(f"--format: got {fmt!r} (allowed: {', '.join(FORMATS)}, both)")
    loaded = _load(scenario, years)
    if teachers is not None:
        try:
            n = PARAMETERS["n_teachers"].check(teachers)
        except ParameterError as exc:
            raise _fail(f"--teachers: {exc.reason} (allowed: {exc.allowed})") from None
        loaded = dataclasses.replace(loaded, params={**loaded.params, "n_teachers": n})
    base = out or Path("results") / f"{loaded.name}-network"
    try:
        graph = grow_network(loaded, seed=seed, every=every)
    except KeyboardInterrupt:
        raise _fail(INTERRUPTED) from None
    except ParameterError as exc:
        raise _fail(str(exc)) from None
    written = []
    for f in formats:
        path = base if len(formats) == 1 and base.suffix else base.with_suffix(f".{f}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            written.append(write_network(graph, path, f))
        except OSError as exc:
            raise _fail(f"cannot write {path}: {exc}") from None
    typer.echo(
        f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} tied pairs over "
        f"months 0 to {loaded.months}"
    )
    _written(written)


# --- experiments --------------------------------------------------------------------------


@app.command()
def sweep(
    experiment: Annotated[
        str,
        typer.Argument(
            help="Experiment name or path to an experiment .toml file.",
            metavar="EXPERIMENT",
        ),
    ],
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=0, help="Local worker processes; 0: one per CPU.")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786)."),
    ] = None,
    engine: Annotated[
        str,
        typer.Option("--engine", help="Local engine: processes (a pool) or dask (a LocalCluster)."),
    ] = "processes",
    out: Out = None,
    progress: Progress = True,
    scenarios: ScenariosDir = None,
    experiments: ExperimentsDir = None,
) -> None:
    """Run an experiment's design and write its runs as they finish; rerun to resume.

    Writes runs/ and indicators/ (Parquet datasets, one part file per run),
    design.parquet, experiment.toml and scenario.toml (resolved) into the output folder.
    A run that fails (a design point the model refuses) is recorded with its error
    and the others go on; the exit code is then 1, saying how many failed.
    """
    from netsim.evaluate.engines import ENGINES
    from netsim.evaluate.sweep import SweepError
    from netsim.evaluate.sweep import sweep as run_sweep
    from netsim.io.experiments import load_experiment

    _folders(scenarios, experiments)
    if engine not in ENGINES:
        raise _fail(f"--engine: got {engine!r} (allowed: {', '.join(ENGINES)})")
    try:
        loaded = load_experiment(experiment)
    except ScenarioError as exc:
        raise _fail(str(exc)) from None
    folder = out or Path("results") / f"sweep_{loaded.name}"
    typer.echo(f"{loaded.title}: {loaded.size()}")
    try:
        summary = run_sweep(
            loaded, folder, workers=workers, scheduler=scheduler, engine=engine, progress=progress
        )
    except SweepError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail(
            f"interrupted; the finished runs are in {folder}: run the same command to resume"
        ) from None
    except OSError as exc:
        if exc.filename is not None:
            raise _fail(f"cannot write the results into {folder}: {exc}") from None
        raise _fail(f"the sweep stopped: {exc}; the finished runs are in {folder}") from None
    typer.echo(
        f"{summary.total} runs: {summary.skipped} already done, {summary.ok} ok, "
        f"{summary.failed} failed, in {summary.seconds:.1f} s"
    )
    failed = _failed_runs(folder, summary.failed)
    where = f"see the error column of the runs table in {folder / 'runs'}"
    if failed and failed == summary.total:
        raise _fail(f"every run failed; {where}")
    typer.echo(f"results in {folder}; next: netsim analyze {folder}")
    if failed:
        raise _fail(f"{failed} of {summary.total} runs failed; {where}")


def _failed_runs(folder: Path, failed_now: int) -> int:
    """Count the failed runs in a sweep's folder (those of this sweep if it cannot be read)."""
    try:
        status = pd.read_parquet(folder / "runs", columns=["status"])["status"]
    except (OSError, ValueError, KeyError):
        return failed_now
    return int((status != "ok").sum())


def _goals(texts: list[str]) -> dict[str, float]:
    """Read ``--goal NAME=VALUE`` options."""
    goals = {}
    for text in texts:
        name, sep, value = text.partition("=")
        try:
            goals[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not name.strip() or goals[name.strip()] != goals[name.strip()]:
            raise _fail(f"--goal: got {text!r} (allowed: OUTCOME=NUMBER, such as reach=0.4)")
    return goals


@app.command()
def analyze(
    folder: Annotated[Path, typer.Argument(help="Folder written by netsim sweep.", metavar="DIR")],
    goal: Annotated[
        list[str] | None,
        typer.Option(
            "--goal",
            "-g",
            help="OUTCOME=NUMBER: the goal a policy must meet (at least it, or at most it when "
            "lower is better), instead of the experiment's; repeat for several outcomes.",
        ),
    ] = None,
) -> None:
    """Compute indices, surfaces, series bands or policy robustness of a sweep; write CSV, HTML.

    Writes points.csv, sobol or morris .csv and .parquet (by design), series.csv (series outcomes),
    for policies x uncertainties robustness, futures and PRIM tables, and analysis.html.
    """
    from netsim.report.sweep_report import ResultsError, floor_sentences, write_analysis
    from netsim.report.sweep_report import analyze as run_analysis

    goals = _goals(goal or [])
    try:
        result = run_analysis(folder, goals)
        files = write_analysis(result, folder)
    except (FileNotFoundError, ScenarioError, ResultsError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write into {folder}: {exc}") from None
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    for discovery in result.discoveries:
        typer.echo(discovery.sentence)
    for outcome, sentence in floor_sentences(result).items():
        typer.echo(f"{outcome}: {sentence}")
    _written(files)


CULL_SECONDS = 30.0
"""Default time a closed tab's session keeps its models (Solara's own default is 24 h)."""

DASHBOARD_APP = Path(str(resources.files("netsim.dashboard").joinpath("app.py")))
"""The Solara app served by ``netsim dashboard``."""


@app.command()
def calibrate(
    file: Annotated[str, typer.Argument(help="Calibration name or path to a .toml file.")],
    workers: Workers = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="Local engine: processes, or dask (a LocalCluster).")
    ] = "processes",
    out: Out = None,
    scenarios: ScenariosDir = None,
) -> None:
    """Fit a calibration file's parameters to its targets (ABC-SMC, pyabc); rerun to resume.

    Prints each generation's epsilon, acceptance rate and effective sample size, and
    writes into the output folder pyabc's database (abc.db), the tables (posterior,
    marginals, predictive, targets, generations; Parquet and CSV), the calibrated
    scenario and calibration.html. See docs/calibration.md.
    """
    from netsim.evaluate.engines import ENGINES, EngineError
    from netsim.studies import calibration

    _folders(scenarios)
    if engine not in ENGINES:
        raise _fail(f"--engine: got {engine!r} (allowed: {', '.join(ENGINES)})")
    try:
        cal = calibration.load(file)
    except ScenarioError as exc:
        raise _fail(str(exc)) from None
    folder = out or Path("results") / f"calibration_{cal.name}"
    try:
        done = calibration.calibrate(
            cal, folder, workers=workers, scheduler=scheduler, engine=engine, echo=typer.echo
        )
    except (calibration.CalibrationFolderError, EngineError) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail(
            f"interrupted; the finished generations are in {folder}: rerun to resume"
        ) from None
    typer.echo(f"stopped: {done.stopped}; report: {folder / 'calibration.html'}")


@app.command()
def dashboard(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (localhost: this computer only).")
    ] = "localhost",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port.")] = 8765,
    scenarios: ScenariosDir = None,
    max_sessions: Annotated[
        int,
        typer.Option(
            "--max-sessions", min=1, help="Browser sessions served at once; the next sees 'full'."
        ),
    ] = Limits.max_sessions,
    session_memory: Annotated[
        int,
        typer.Option(
            "--session-memory",
            min=64,
            metavar="MIB",
            help="Estimated memory a session's run may use.",
        ),
    ] = Limits.session_mib,
    upload_limit: Annotated[
        int, typer.Option("--upload-limit", min=1, metavar="KIB", help="Largest scenario upload.")
    ] = Limits.upload_kib,
    max_cost: Annotated[
        int,
        typer.Option(
            "--max-cost",
            min=1,
            metavar="TEACHER_MONTHS",
            help="Largest comparison: teachers x months x replications, summed over scenarios.",
        ),
    ] = Limits.max_cost,
    cull_after: Annotated[
        float,
        typer.Option(
            "--cull-after",
            min=1,
            metavar="SECONDS",
            help="Free a session's models this long after its tab is gone.",
        ),
    ] = CULL_SECONDS,
    robustness: Annotated[
        Path | None,
        typer.Option(
            "--robustness",
            metavar="FOLDER_OR_CSV",
            help="How policies hold up, shown in the explore view: a sweep folder analysed by "
            "netsim analyze (its holding.csv); default the table shipped for robust_policies.",
        ),
    ] = None,
    room_port: Annotated[
        int,
        typer.Option(
            "--room-port",
            min=1,
            max=65535,
            help="Port of the workshop rooms the Workshop view starts (same --host).",
        ),
    ] = DEFAULT_ROOM_PORT,
) -> None:
    """Serve the dashboard (explore and workshop views) in the browser; works offline.

    Runs ``solara run netsim/dashboard/app.py`` in production mode: no telemetry, no
    check page fetched from the internet, every script and font served locally.
    Your scenario folder (``--scenarios`` or the environment variable) is listed
    beside the shipped scenarios; nothing outside it and the shipped ones is read.
    Stop it with Ctrl+C. A workshop room's limits: ``--max-sessions`` tabs at once (the
    next sees "the room is full"), ``--session-memory`` MiB and ``--max-cost``
    teacher-months per comparison, ``--upload-limit`` KiB per uploaded file, and a
    closed tab's models are freed ``--cull-after`` seconds after it is gone.
    ``--robustness`` shows, under the cards, how the scenarios compared hold up in a
    policies x uncertainties sweep of yours instead of the shipped ``robust_policies``.
    The Workshop view's *Start a room* (on this computer only) serves participatory
    rooms, as ``netsim workshop`` does, on ``--room-port`` (docs/workshop.md).
    """
    _folders(scenarios)
    if robustness is not None:
        try:
            read_holding(holding_path(robustness))
        except HoldingError as exc:
            raise _fail(f"--robustness: {exc}") from None
    if not DASHBOARD_APP.is_file():
        raise _fail(f"cannot find the dashboard app at {DASHBOARD_APP}")
    command = [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(DASHBOARD_APP),
        "--production",
        "--no-open",
        "--host",
        host,
        "--port",
        str(port),
    ]
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}
    limits = Limits(max_sessions, session_memory, upload_limit, max_cost)
    env |= {var: str(getattr(limits, field)) for field, var in LIMIT_ENV.items()}
    env[CULL_ENV] = f"{cull_after:g}s"
    env |= {ROOM_ENV["host"]: host, ROOM_ENV["port"]: str(room_port)}
    if robustness is not None:
        env[HOLDING_ENV] = str(holding_path(robustness).resolve())
    if scenarios is not None:  # the server is another process: it reads the folder from here
        env[ENV_VARS["scenarios"]] = str(scenarios.resolve())
    typer.echo(f"netsim dashboard: http://{host}:{port}/  (Ctrl+C to stop)", err=False)
    _serve(command, env, "dashboard")


@app.command()
def workshop(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0: phones on this network).")
    ] = RoomOptions.host,
    port: Annotated[
        int, typer.Option("--port", "-p", min=1, max=65535, help="Port.")
    ] = RoomOptions.port,
    preset: Annotated[str, typer.Option("--preset", help="Workshop preset.")] = RoomOptions.preset,
    months: Annotated[
        int | None, typer.Option("--months", min=1, help="Game length (default: the preset's).")
    ] = None,
    season: Annotated[
        int, typer.Option("--season", help="Months run between two decision pauses (6 or 12).")
    ] = RoomOptions.season,
    seed: Annotated[int, typer.Option("--seed", help="The model's seed.")] = RoomOptions.seed,
    decide_seconds: Annotated[
        float,
        typer.Option(
            "--decide-seconds",
            min=COUNTDOWN_SECONDS[0],
            max=COUNTDOWN_SECONDS[1],
            help="Countdown of a decision pause (s).",
        ),
    ] = RoomOptions.decide_seconds,
    replay: Annotated[
        Path | None, typer.Option("--replay", help="A downloaded game: replay it to its debrief.")
    ] = None,
) -> None:
    """Start a participatory workshop room: a projector page and one screen per participant.

    Prints the room code, the address participants open (also shown as a QR code on the
    projector) and the projector's address with the instructor's key. Works offline;
    binds to localhost unless ``--host`` names another address. See docs/workshop.md.
    """
    if season not in SEASONS:
        raise _fail(f"--season: got {season} (allowed: {', '.join(map(str, SEASONS))})")
    options = RoomOptions(
        host=host,
        port=port,
        preset=preset,
        months=months,
        season=season,
        seed=seed,
        decide_seconds=decide_seconds,
        replay=None if replay is None else str(replay.resolve()),
    )
    _serve([sys.executable, "-m", "netsim.dashboard.room"], os.environ | options.env(), "workshop")


def _serve(command: list[str], env: dict[str, str], what: str) -> None:
    """Become the server ``command`` starts (on POSIX, so that signals reach it directly)."""
    if os.name == "posix":
        os.execve(sys.executable, command, env)  # noqa: S606 (our own interpreter and module)
    try:
        code = subprocess.call(command, env=env)  # noqa: S603 (our own interpreter and module)
    except KeyboardInterrupt:
        code = 0
    if code:
        raise _fail(f"the {what} server stopped with exit code {code}")


# --- developer tools: they rewrite docs/ of a source checkout ------------------------------

DOCS = REPO_ROOT / "docs"
"""The ``docs/`` folder of the source checkout these tools rewrite (absent from a wheel)."""

IN_CHECKOUT = "Needs a source checkout of netsim: an installed wheel has no docs/ folder."


def _docs_folder(folder: Path) -> Path:
    if not folder.is_dir():
        raise _fail(f"{folder}: no such folder. {IN_CHECKOUT}", code=2)
    return folder


@app.command()
def docs(
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file is stale.")
    ] = False,
    folder: Annotated[
        Path,
        typer.Option(
            "--dir",
            metavar="DIR",
            show_default=False,
            help="Folder holding ODD.md, scenarios.md and experiments.md "
            "[default: docs/ of the source checkout].",
        ),
    ] = DOCS,
) -> None:
    """Rebuild the generated tables of docs/ODD.md, docs/scenarios.md and docs/experiments.md.

    The tables (parameters, shocks, indicators, scenario and experiment keys) are
    made from the code; the text around them is not touched. This rewrites docs/
    in a source checkout of netsim (an installed wheel has none).
    """
    from netsim.report.docs import update_docs
    from netsim.report.references import write_experiment_reference, write_scenario_reference

    _docs_folder(folder)
    writers: dict[str, Callable[..., bool]] = {
        "ODD.md": update_docs,
        "scenarios.md": write_scenario_reference,
        "experiments.md": write_experiment_reference,
    }
    stale = []
    for name, rewrite in writers.items():
        path = folder / name
        try:
            changed = rewrite(path, write=not check)
        except (OSError, ValueError, KeyError) as exc:
            raise _fail(f"{path}: {exc}", code=2) from None
        if check and changed:
            stale.append(path)
            typer.echo(f"{path} is stale: run `netsim docs`", err=True)
        elif check:
            typer.echo(f"{path} is up to date")
        else:
            typer.echo(f"{path} {'updated' if changed else 'already up to date'}")
    if stale:
        raise typer.Exit(1)


@app.command()
def patterns(
    reps: Annotated[int, typer.Option("--reps", "-n", min=1, help="Replications per preset.")] = 20,
    seed: Seed = 0,
    months: Annotated[
        int | None,
        typer.Option("--months", min=1, max=MAX_MONTHS, help="Run length instead of the presets'."),
    ] = None,
    workers: Workers = 1,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Also put the table into docs/validation.md (source checkout)."
        ),
    ] = False,
) -> None:
    """Check the brochure's patterns on the shipped presets and print the table.

    Runs every preset a pattern needs with the same seeds, decides each pattern
    and prints the Markdown table. With --write the table replaces the generated
    one in docs/validation.md of the source checkout (an installed wheel has none).
    """
    from netsim.studies import validation

    _shipped_only()
    if write:
        _docs_folder(validation.DOC.parent)
    outcomes = validation.validate(reps=reps, seed=seed, months=months, workers=workers)
    text = validation.table(outcomes, reps=reps, seed=seed, months=months)
    if write:
        validation.write_doc(text)
    typer.echo(text, nl=False)


@app.command("growth-checks")
def growth_checks(
    reps: Annotated[int, typer.Option("--reps", "-n", min=1, help="Seeds per run.")] = 8,
    raise_reps: Annotated[
        int | None,
        typer.Option(
            "--raise-reps",
            min=1,
            help="Seeds for the checks that a change raises reach (default: --reps).",
        ),
    ] = None,
    seed: Seed = 0,
    teachers: Annotated[int, typer.Option("--teachers", min=1, help="Country size.")] = 10_000,
    workers: Workers = 0,
    morris: Annotated[
        int,
        typer.Option(
            "--morris",
            min=0,
            metavar="R",
            help="Run the Morris screening with R trajectories instead of the checks.",
        ),
    ] = 0,
    screen_teachers: Annotated[
        int, typer.Option("--screen-teachers", min=1, help="Country size of the screening.")
    ] = 5_000,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Also put the table into docs/validation.md (source checkout)."
        ),
    ] = False,
    progress: Progress = True,
) -> None:
    """Check where growth comes from (paired variants of the presets) and print the table.

    With --morris R, screen every behavioural parameter instead (Morris, R
    trajectories, with dummy parameters as the noise floor). With --write the
    table replaces its generated one in docs/validation.md of the source checkout
    (an installed wheel has none).
    """
    from netsim.studies import growth_checks as gc

    _shipped_only()
    if write:
        _docs_folder(gc.DOC.parent)
    if morris:
        result = gc.screen(
            trajectories=morris,
            seed=seed,
            teachers=screen_teachers,
            workers=workers,
            progress=progress,
        )
        text = gc.morris_table(result, trajectories=morris, seed=seed, teachers=screen_teachers)
    else:
        outcomes = gc.run_checks(
            reps=reps,
            raise_reps=raise_reps,
            seed=seed,
            teachers=teachers,
            workers=workers,
            progress=progress,
        )
        text = gc.table(outcomes, reps=reps, seed=seed, teachers=teachers, raise_reps=raise_reps)
    if write:
        gc.write_doc(text, morris=bool(morris))
    typer.echo(text, nl=False)
