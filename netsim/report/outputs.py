"""The results folder of a run and of a comparison: tables, resolved scenarios, HTML report.

Every file is written atomically (:func:`netsim.io.folders.write_atomic`): a
failed write leaves no half-written file. Check the folder with
:func:`netsim.io.folders.prepare_output` before running, so that a long run
does not end on a folder it cannot write into.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netsim.analysis.tables import differences
from netsim.core.params import PARAMETERS
from netsim.evaluate.runner import Comparison, RunResult
from netsim.io.folders import PARAM_PREFIX, write_atomic, write_text_atomic
from netsim.io.scenarios import scenario_to_toml
from netsim.report.pages import comparison_report, run_report


def _parameter_check(data: pd.DataFrame) -> None:
    """Fail loudly if a table lost its parameter columns (a bug, not a user error)."""
    missing = [n for n in PARAMETERS if f"{PARAM_PREFIX}{n}" not in data.columns]
    if missing:
        raise RuntimeError(f"result table misses parameter columns {missing[:3]}...")


def _write_table(data: pd.DataFrame, out: Path, stem: str) -> list[Path]:
    """Write ``data`` as ``<stem>.parquet`` and ``<stem>.csv``."""
    parquet, csv = out / f"{stem}.parquet", out / f"{stem}.csv"
    write_atomic(parquet, lambda tmp: data.to_parquet(tmp, index=False))
    write_atomic(csv, lambda tmp: data.to_csv(tmp, index=False))
    return [parquet, csv]


def _write_csv(data: pd.DataFrame, path: Path) -> Path:
    write_atomic(path, lambda tmp: data.to_csv(tmp, index=False))
    return path


def write_run(result: RunResult, out: Path) -> list[Path]:
    """Write ``results.parquet``, ``results.csv``, ``log.csv``, ``scenario.toml``, ``report.html``.

    Also ``settling.csv`` when replications were added for a precision, and
    ``agents.parquet`` when a sample of teachers was recorded.

    Args:
        result: the replications of one scenario.
        out: the directory to write into; created if needed.

    Returns:
        The files written.
    """
    _parameter_check(result.data)
    out.mkdir(parents=True, exist_ok=True)
    written = _write_table(result.data, out, "results")
    written.append(_write_csv(result.log, out / "log.csv"))
    if result.settling is not None:
        written.append(_write_csv(result.settling, out / "settling.csv"))
    if result.agents is not None:
        agents = result.agents
        written.append(out / "agents.parquet")
        write_atomic(written[-1], lambda tmp: agents.to_parquet(tmp, index=False))
    for name, text in (
        ("scenario.toml", scenario_to_toml(result.scenario)),
        ("report.html", run_report(result)),
    ):
        write_text_atomic(out / name, text)
        written.append(out / name)
    return written


def write_comparison(comparison: Comparison, out: Path) -> list[Path]:
    """Write the comparison tables, each scenario's resolved TOML and ``comparison.html``.

    Files: ``comparison.parquet``, ``comparison.csv``, ``differences.csv`` (final
    differences to the baseline, see :func:`netsim.analysis.tables.differences`),
    ``log.csv``, ``<scenario>.toml`` for each scenario and ``comparison.html``.

    Args:
        comparison: the result of :func:`netsim.evaluate.runner.compare_scenarios`.
        out: the directory to write into; created if needed.

    Returns:
        The files written.
    """
    _parameter_check(comparison.data)
    out.mkdir(parents=True, exist_ok=True)
    diffs = differences(comparison.data, baseline=comparison.baseline)
    log = pd.concat([r.log for r in comparison.runs], ignore_index=True)
    written = _write_table(comparison.data, out, "comparison")
    written.append(_write_csv(diffs, out / "differences.csv"))
    written.append(_write_csv(log, out / "log.csv"))
    if comparison.settling is not None:
        written.append(_write_csv(comparison.settling, out / "settling.csv"))
    for run in comparison.runs:
        path = out / f"{run.scenario.name}.toml"
        write_text_atomic(path, scenario_to_toml(run.scenario))
        written.append(path)
    write_text_atomic(out / "comparison.html", comparison_report(comparison, diffs))
    written.append(out / "comparison.html")
    return written
