"""The ``netsim`` command: list, check, run and compare scenarios.

Every mistake a user can make (a scenario that does not exist, a key out of
range, a folder that cannot be written) ends in one clear message on standard
error and exit code 1, never in a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from netsim.analysis.tables import KEY_INDICATORS, summarise
from netsim.evaluate.runner import compare_scenarios, run_scenario
from netsim.io.folders import OutputError, prepare_output
from netsim.io.scenarios import (
    MAX_MONTHS,
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_to_toml,
    shipped_names,
)
from netsim.report.charts import SHARES, label
from netsim.report.outputs import write_comparison, write_run

app = typer.Typer(
    name="netsim",
    help="Simulate professional-development networks for STEM teachers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Reps = Annotated[int, typer.Option("--reps", "-n", min=1, help="Replications per scenario.")]
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


def _fail(message: str) -> typer.Exit:
    """Print ``message`` on standard error and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(1)


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


@app.command("list")
def list_() -> None:
    """List the shipped scenarios with their one-line summaries."""
    names = shipped_names()
    width = max(map(len, names), default=0)
    for name in names:
        try:
            summary = load_scenario(name).summary
        except ScenarioError as exc:
            summary = f"(broken: {exc.problems[0]})"
        typer.echo(f"{name:<{width}}  {summary}")


@app.command()
def validate(
    files: Annotated[
        list[str],
        typer.Argument(help="Scenario files or shipped names to check.", metavar="FILE..."),
    ],
) -> None:
    """Check scenario files; exit 1 with one message per problem if any is wrong."""
    bad = 0
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            bad += 1
            typer.echo(str(exc), err=True)
        else:
            typer.echo(f"ok  {file}: {scenario.title} ({scenario.months} months)")
    if bad:
        raise _fail(f"{bad} of {len(files)} scenario files have problems")


@app.command()
def show(
    scenario: Annotated[
        str,
        typer.Argument(help="Shipped scenario name or path to a .toml file.", metavar="SCENARIO"),
    ],
) -> None:
    """Print a scenario resolved, with every parameter, as TOML."""
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
            elif indicator in SHARES:
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


def _prepare(folder: Path) -> None:
    """Check before running that the results can be written into ``folder``."""
    try:
        prepare_output(folder)
    except OutputError as exc:
        raise _fail(str(exc)) from None


def _report_and_write(data: pd.DataFrame, write: Callable[[], list[Path]], folder: Path) -> None:
    """Print the growth and summary tables, then write the files and list them."""
    _print_growth(data)
    _print_summary(data)
    try:
        files = write()
    except OSError as exc:
        raise _fail(f"cannot write the results into {folder}: {exc}") from None
    _written(files)


def _written(files: list[Path]) -> None:
    typer.echo("wrote:")
    for path in files:
        typer.echo(f"  {path}")


@app.command()
def run(
    scenario: Annotated[
        str,
        typer.Argument(help="Shipped scenario name or path to a .toml file.", metavar="SCENARIO"),
    ],
    reps: Reps = 10,
    seed: Seed = 0,
    years: Years = None,
    out: Out = None,
    workers: Workers = 1,
    progress: Progress = True,
) -> None:
    """Run replications of a scenario and write its results and HTML report.

    Writes results.parquet, results.csv, log.csv, scenario.toml (resolved) and
    report.html into the output folder.
    """
    loaded = _load(scenario, years)
    folder = out or Path("results") / loaded.name
    _prepare(folder)
    try:
        result = run_scenario(loaded, reps=reps, seed=seed, workers=workers, progress=progress)
    except KeyboardInterrupt:
        raise _fail(INTERRUPTED) from None
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
) -> None:
    """Run scenarios with the same seeds and compare them with the first.

    Writes comparison.parquet, comparison.csv, differences.csv (final differences
    with paired 95 % t-intervals), log.csv, each resolved scenario and
    comparison.html into the output folder.
    """
    if len(scenarios) < 2:
        raise _fail("compare needs at least two scenarios (the first is the baseline)")
    loaded = [_load(name, years) for name in scenarios]
    names = [s.name for s in loaded]
    if len(set(names)) != len(names):
        raise _fail(f"compare needs scenarios with different names, got {', '.join(names)}")
    folder = out or Path("results") / ("compare_" + "_vs_".join(names))
    _prepare(folder)
    try:
        comparison = compare_scenarios(
            loaded, reps=reps, seed=seed, workers=workers, progress=progress
        )
    except KeyboardInterrupt:
        raise _fail(INTERRUPTED) from None
    _report_and_write(comparison.data, lambda: write_comparison(comparison, folder), folder)


# --- experiments --------------------------------------------------------------------------


@app.command()
def sweep(
    experiment: Annotated[
        str,
        typer.Argument(
            help="Shipped experiment name or path to an experiment .toml file.",
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
) -> None:
    """Run an experiment's design and write its runs as they finish; rerun to resume.

    Writes runs/ and indicators/ (Parquet datasets, one part file per run),
    design.parquet, experiment.toml and scenario.toml (resolved) into the output folder.
    """
    from netsim.evaluate.engines import ENGINES
    from netsim.evaluate.sweep import SweepError
    from netsim.evaluate.sweep import sweep as run_sweep
    from netsim.io.experiments import load_experiment

    if engine not in ENGINES:
        raise _fail(f"--engine: got {engine!r} (allowed: {', '.join(ENGINES)})")
    try:
        loaded = load_experiment(experiment)
    except ScenarioError as exc:
        raise _fail(str(exc)) from None
    folder = out or Path("results") / f"sweep_{loaded.name}"
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
    if summary.failed and not summary.ok:
        raise _fail(
            f"every run failed; see the error column of the runs table in {folder / 'runs'}"
        )
    typer.echo(f"results in {folder}; next: netsim analyze {folder}")


@app.command()
def analyze(
    folder: Annotated[Path, typer.Argument(help="Folder written by netsim sweep.", metavar="DIR")],
) -> None:
    """Compute Sobol or Morris indices or grid surfaces of a sweep and write CSV and HTML.

    Writes points.csv, sobol.csv or morris.csv (by design) and analysis.html into DIR.
    """
    from netsim.report.sweep_report import ResultsError, write_analysis
    from netsim.report.sweep_report import analyze as run_analysis

    try:
        result = run_analysis(folder)
        files = write_analysis(result, folder)
    except (FileNotFoundError, ScenarioError, ResultsError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write into {folder}: {exc}") from None
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    _written(files)


DASHBOARD_APP = Path(str(resources.files("netsim.dashboard").joinpath("app.py")))
"""The Solara app served by ``netsim dashboard``."""


@app.command()
def dashboard(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (localhost: this computer only).")
    ] = "localhost",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port.")] = 8765,
) -> None:
    """Serve the dashboard (explore and workshop views) in the browser; works offline.

    Runs ``solara run netsim/dashboard/app.py`` in production mode: no telemetry, no
    check page fetched from the internet, every script and font served locally.
    Stop it with Ctrl+C.
    """
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
    typer.echo(f"netsim dashboard: http://{host}:{port}/  (Ctrl+C to stop)", err=False)
    if os.name == "posix":  # become the server, so that signals reach it directly
        os.execve(sys.executable, command, env)  # noqa: S606 (our own interpreter and app)
    try:
        code = subprocess.call(command, env=env)  # noqa: S603 (our own interpreter and app)
    except KeyboardInterrupt:
        code = 0
    if code:
        raise _fail(f"the dashboard server stopped with exit code {code}")
