"""Standalone HTML reports of a run and of a comparison.

A report is one HTML page (see :mod:`netsim.report.page`) that opens without a
network connection, and every figure comes from :mod:`netsim.report.charts`.
It says what was run (scenario, settings, seeds and the command that
reproduces it), then shows the final indicators, the charts, the network at
the end and the model's log.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from netsim.analysis.tables import differences, summarise
from netsim.core.indicators import KEY_INDICATORS, is_share, label
from netsim.core.params import PARAMETERS
from netsim.evaluate.runner import Comparison, RunResult
from netsim.io.scenarios import SCENARIO_DIR, SECTIONS, Scenario
from netsim.report import charts
from netsim.report.page import esc, figure_html, format_number, html_table, standalone_page


def _command(verb: str, scenarios: Sequence[Scenario], reps: int, seed: int) -> str:
    names = [
        s.name if s.path is not None and s.path.parent == SCENARIO_DIR else str(s.path or s.name)
        for s in scenarios
    ]
    years = f"{scenarios[0].months / 12:g}"
    return f"netsim {verb} {' '.join(names)} --reps {reps} --seed {seed} --years {years}"


def _settings(scenario: Scenario) -> str:
    """Levers in full, then the other parameters that differ from the defaults."""
    changed = scenario.changed()
    parts = []
    for section, group in SECTIONS.items():
        names = [n for n, p in PARAMETERS.items() if p.group == group]
        if group != "lever":
            names = [n for n in names if n in changed]
        if not names:
            continue
        rows = [
            (
                f'<span class="{"changed" if n in changed else ""}">{esc(n)}</span>',
                esc(PARAMETERS[n].label),
                format_number(scenario.params[n]),
                format_number(PARAMETERS[n].default),
                esc(PARAMETERS[n].unit),
            )
            for n in names
        ]
        title = f"[{section}]" + ("" if group == "lever" else " (changed from default)")
        parts.append(f"<h3>{esc(title)}</h3>")
        parts.append(html_table(["key", "label", "value", "default", "unit"], rows, numeric_from=2))
    return "\n".join(parts)


def _events(scenario: Scenario) -> str:
    if not scenario.events:
        return "<p>No scheduled shocks.</p>"
    rows = [
        (
            str(e["month"]),
            esc(e["kind"]),
            esc(", ".join(f"{k} = {v:g}" for k, v in e.items() if k not in ("month", "kind"))),
        )
        for e in scenario.events
    ]
    return html_table(["month", "kind", "options"], rows, numeric_from=3)


def _workshop(scenario: Scenario) -> str:
    w = scenario.workshop
    if not w:
        return ""
    out = ["<h2>Workshop</h2>", f"<p>{esc(w.get('shows', ''))}</p>"]
    for key, title in (("notice", "Things to notice"), ("try", "Things to try")):
        if w.get(key):
            items = "".join(f"<li>{esc(t)}</li>" for t in w[key])
            out.append(f"<h3>{title}</h3><ul>{items}</ul>")
    return "\n".join(out)


def _final_table(data: pd.DataFrame) -> str:
    """Final values of the key indicators per scenario: mean and 5-95 % across runs."""
    summary = summarise(data)
    summary = summary[summary["indicator"].isin(KEY_INDICATORS)]
    scenarios = list(dict.fromkeys(data["scenario"]))
    rows = []
    for indicator in [i for i in KEY_INDICATORS if i in set(summary["indicator"])]:
        row = [esc(label(indicator))]
        for name in scenarios:
            r = summary[(summary["scenario"] == name) & (summary["indicator"] == indicator)]
            if r.empty:
                row.append("-")
                continue
            fmt = _percent if is_share(indicator) else format_number
            m, lo, hi = (float(r[c].iloc[0]) for c in ("mean", "p5", "p95"))
            row.append(f"{fmt(m)} <span class='muted'>({fmt(lo)} to {fmt(hi)})</span>")
        rows.append(row)
    return html_table(["indicator", *scenarios], rows)


def _percent(value: float) -> str:
    return "-" if value != value else f"{100 * value:.1f} %"


def _log(log: pd.DataFrame, scenario: str) -> str:
    rows = log[(log["scenario"] == scenario) & (log["replication"] == 0)]
    if rows.empty:
        return "<p>The model logged nothing.</p>"
    items = "".join(
        f"<li>month {int(m)}: {esc(t)}</li>"
        for m, t in zip(rows["month"], rows["text"], strict=True)
    )
    return f"<details><summary>{len(rows)} entries</summary><ul>{items}</ul></details>"


def _figures(figures: Sequence[go.Figure], prefix: str) -> list[str]:
    return [figure_html(f, f"{prefix}-{k}") for k, f in enumerate(figures)]


def _settling(settle: pd.DataFrame | None) -> list[str]:
    """The section on replications that settle (runs made with a precision), or nothing."""
    if settle is None or settle.empty:
        return []
    last = settle[settle["replications"] == settle["replications"].max()].reset_index(drop=True)
    widest = last.iloc[int(last["width"].to_numpy().argmax())]
    return [
        "<h2>Replications that settle</h2>",
        f"<p>Replications were added until the 95 % interval of each headline share's mean "
        f"final value was narrow enough, or the cap was reached: after "
        f"{int(widest['replications'])} replications the widest is "
        f"<code>{esc(widest['indicator'])}</code> of <code>{esc(widest['scenario'])}</code>, "
        f"{widest['width']:.4f} wide (every width is in <code>settling.csv</code>).</p>",
        figure_html(charts.settling_chart(settle), "settling"),
    ]


def run_report(result: RunResult) -> str:
    """Return the standalone HTML report of one scenario's replications."""
    s = result.scenario
    reps = len(result.seeds)
    body = [
        f"<h1>{esc(s.title)}</h1>",
        f'<p class="summary">{esc(s.summary)}</p>',
        f"<p>{esc(s.description)}</p>",
        "<h2>What was run</h2>",
        f"<p>Scenario <code>{esc(s.name)}</code>, {s.months} months, {reps} "
        f"replication{'s' if reps != 1 else ''} with master seed {result.seed}. "
        "Reproduce with:</p>",
        f"<pre>{esc(_command('run', [s], reps, result.seed))}</pre>",
        f"<details><summary>Seeds of the replications</summary><p>"
        f"{esc(', '.join(map(str, result.seeds)))}</p></details>",
        "<h3>Scheduled shocks</h3>",
        _events(s),
        _settings(s),
        _workshop(s),
        "<h2>At the end</h2>",
        _final_table(result.data),
        *_settling(result.settling),
        "<h2>Over time</h2>",
        *_figures(charts.run_figures(result.data, events=s.events), "run"),
    ]
    if result.snapshot is not None:
        body += [
            "<h2>The network</h2>",
            figure_html(charts.network_picture(result.snapshot), "network"),
        ]
    body += ["<h2>Log of replication 0</h2>", _log(result.log, s.name)]
    return standalone_page(f"netsim: {s.title}", body)


def _lever_differences(scenarios: Sequence[Scenario]) -> str:
    """Parameters whose values differ between the scenarios compared."""
    names = [n for n in PARAMETERS if len({repr(s.params[n]) for s in scenarios}) > 1]
    if not names:
        return "<p>The scenarios have the same parameters; only their events differ.</p>"
    rows = [
        [f"{esc(n)} <span class='muted'>[{esc(PARAMETERS[n].group)}]</span>"]
        + [format_number(s.params[n]) for s in scenarios]
        for n in names
    ]
    return html_table(["parameter", *[s.name for s in scenarios]], rows)


def _difference_table(diffs: pd.DataFrame) -> str:
    rows = []
    for indicator in KEY_INDICATORS:
        part = diffs[diffs["indicator"] == indicator]
        fmt = _percent if is_share(indicator) else format_number
        for r in part.to_dict("records"):
            rows.append(
                [
                    esc(label(indicator)),
                    esc(r["scenario"]),
                    fmt(float(r["baseline_mean"])),
                    fmt(float(r["scenario_mean"])),
                    fmt(float(r["difference"])),
                    f"{fmt(float(r['ci_low']))} to {fmt(float(r['ci_high']))}",
                ]
            )
    header = ["indicator", "scenario", "baseline", "scenario value", "difference", "95 % CI"]
    return html_table(header, rows, numeric_from=2)


def comparison_report(comparison: Comparison, diffs: pd.DataFrame | None = None) -> str:
    """Return the standalone HTML report of a comparison of scenarios.

    Args:
        comparison: the replications of the scenarios.
        diffs: their final differences to the baseline, if already computed
            (see :func:`netsim.analysis.tables.differences`).
    """
    if diffs is None:
        diffs = differences(comparison.data, baseline=comparison.baseline)
    scenarios = [r.scenario for r in comparison.runs]
    first = comparison.runs[0]
    reps = len(first.seeds)
    title = "Comparison: " + " / ".join(s.title for s in scenarios)
    # each scenario's shocks, drawn on that scenario's lines only
    events = [{**e, "scenario": s.name} for s in scenarios for e in s.events]
    intro = "".join(
        f"<li><b>{esc(s.title)}</b> (<code>{esc(s.name)}</code>): {esc(s.summary)}</li>"
        for s in scenarios
    )
    body = [
        f"<h1>{esc(title)}</h1>",
        f"<ul>{intro}</ul>",
        "<h2>What was run</h2>",
        f"<p>{reps} replications of each scenario with the same seeds (master seed "
        f"{first.seed}); the first scenario, <code>{esc(scenarios[0].name)}</code>, is the "
        "baseline. Reproduce with:</p>",
        f"<pre>{esc(_command('compare', scenarios, reps, first.seed))}</pre>",
        "<h3>What differs</h3>",
        _lever_differences(scenarios),
        "<h2>Final differences to the baseline</h2>",
        "<p>Mean over replications of the paired difference (same seed) of final values, "
        "with a Student-t 95 % confidence interval; all indicators are in "
        "<code>differences.csv</code>.</p>",
        _difference_table(diffs),
        figure_html(charts.differences_chart(diffs, KEY_INDICATORS), "diff"),
        "<h2>At the end</h2>",
        _final_table(comparison.data),
        *_settling(comparison.settling),
        "<h2>Over time</h2>",
        "<p>A diamond on a scenario's line, in its colour and with a dotted stem, marks "
        "each of its scheduled shocks.</p>"
        if events
        else "",
        *_figures(charts.run_figures(comparison.data, events=events), "cmp"),
    ]
    for k, run in enumerate(comparison.runs):
        if run.snapshot is not None:
            body += [
                f"<h2>The network at the end: {esc(run.scenario.title)}</h2>",
                figure_html(
                    charts.network_picture(run.snapshot, title=run.scenario.name), f"net-{k}"
                ),
            ]
    for run in comparison.runs:
        body += [f"<h2>Log of {esc(run.scenario.name)}, replication 0</h2>"]
        body += [_log(run.log, run.scenario.name)]
    return standalone_page(f"netsim: {title}", body)
