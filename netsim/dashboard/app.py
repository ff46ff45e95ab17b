# ruff: noqa: N802  (Solara components are named like classes, as in its docs)
"""The netsim dashboard: explore policies (policymakers) and run a workshop (instructors).

Run it with ``netsim dashboard`` (or ``solara run netsim/dashboard/app.py``). Every
piece of state lives inside the components (``use_reactive``, ``use_memo``), so
each browser session has its own scenarios, runs and workshop model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any, cast
from urllib.parse import parse_qs

import solara
from solara.hooks.misc import use_force_update

from netsim.core.params import ParameterError
from netsim.dashboard.explore import (
    HEADLINES,
    format_value,
    headlines,
    levers,
    load_upload,
    run_comparison,
    seed_problem,
    with_levers,
)
from netsim.dashboard.live import LIVE_SHOCKS, LiveRun
from netsim.evaluate.engines import RunCancelledError
from netsim.evaluate.runner import Comparison
from netsim.io.scenarios import Scenario, ScenarioError, load_scenario, shipped_names
from netsim.report import charts
from netsim.report.pages import comparison_report

LETTERS = "ABC"
CHART_GROUPS: dict[str, Callable[..., Any]] = {
    "Reach": charts.reach_over_time,
    "Depth": charts.depth_over_time,
    "Money": charts.money_over_time,
    "Equity": charts.equity_over_time,
    "Trust": charts.trust_over_time,
    "Network shape": charts.network_shape,
    "Institutions": charts.institutions_over_time,
}

CSS = """
.netsim-hidden { display: none !important; }
.netsim-card { min-width: 230px; padding: 10px 14px; border: 1px solid #d5dbe1;
  border-radius: 6px; background: #fafbfc; }
.netsim-card h4 { margin: 0 0 6px 0; }
.netsim-headline { display: flex; justify-content: space-between; gap: 12px; font-size: 14px; }
.netsim-headline .diff { color: #566573; }
.netsim-help { color: #566573; font-size: 12px; margin: -10px 0 6px 0; }
.netsim-error { white-space: pre-wrap; font-family: monospace; }
.netsim-log { max-height: 260px; overflow-y: auto; font-size: 14px; }
.netsim-present, .netsim-present .v-btn, .netsim-present .v-label,
.netsim-present .netsim-log, .netsim-present li { font-size: 22px !important; }
.netsim-present h2 { font-size: 34px !important; }
.netsim-upload { display: flex; flex-direction: column; gap: 4px; margin: 8px 0; }
"""


@solara.component_vue("upload.vue")
def TomlUpload(label: str, event_upload: Callable[[dict[str, str]], None]) -> None:
    """A file picker that sends the chosen file's text to ``event_upload``."""


def Html(text: str, tag: str = "div", classes: list[str] | None = None) -> None:
    """Static text as HTML (solara.Markdown would fetch KaTeX, which is not served offline)."""
    solara.HTML(tag=tag, unsafe_innerHTML=text, classes=classes or [])


def _query() -> dict[str, list[str]]:
    """The address's query, for links that open a view ready to show.

    ``?a=top_down&b=bottom_up&c=hybrid&reps=2&months=24`` (explore) or
    ``?view=workshop&preset=workshop_growth`` (workshop).
    """
    return parse_qs(solara.use_router().search or "")


def _int(query: dict[str, list[str]], key: str, default: int) -> int:
    try:
        return int(query.get(key, [default])[0])
    except ValueError:
        return default


def _events(scenarios: list[Scenario]) -> list[dict[str, Any]]:
    seen: dict[tuple[int, str], dict[str, Any]] = {}
    for s in scenarios:
        for e in s.events:
            seen.setdefault((int(e["month"]), str(e["kind"])), e)
    return list(seen.values())


@solara.component
def ErrorBox(message: str) -> None:
    """The same clear message as the command line, never a traceback."""
    if message:
        with solara.Error(icon=True):
            solara.Text(message, classes=["netsim-error"])


@solara.component
def LeverControls(values: dict[str, Any], on_change: Callable[[str, Any], None]) -> None:
    """One control per lever, generated from the parameter schema."""
    for p in levers():
        value = values[p.name]
        label = f"{p.label} ({p.unit}): {value:g}" if p.kind is not bool else p.label
        if p.kind is bool:
            solara.Checkbox(label=label, value=bool(value), on_value=partial(on_change, p.name))
        elif p.kind is int:
            solara.SliderInt(
                label=label,
                value=int(value),
                min=int(p.low or 0),
                max=int(p.high or 0),
                on_value=partial(on_change, p.name),
            )
        else:
            low, high = float(p.low or 0), float(p.high or 0)
            solara.SliderFloat(
                label=label,
                value=float(value),
                min=low,
                max=high,
                step=(high - low) / 100,
                on_value=partial(on_change, p.name),
            )
        solara.Text(p.meaning, classes=["netsim-help"])


@solara.component
def HeadlineCards(comparison: Comparison) -> None:
    """Cards of the headline values per scenario, with differences to the first."""
    table = headlines(comparison)
    base = str(table["scenario"].iloc[0])
    with solara.Row(style={"flex-wrap": "wrap", "gap": "12px"}):
        for k, row in table.iterrows():
            with solara.Column(classes=["netsim-card"]):
                solara.HTML(tag="h4", unsafe_innerHTML=str(row["scenario"]))
                for key, title in HEADLINES.items():
                    value = format_value(key, float(row[key]))
                    diff = ""
                    if int(str(k)) > 0 and row[f"{key}_diff"] == row[f"{key}_diff"]:
                        diff = f"{format_value(key, float(row[f'{key}_diff']), signed=True)}"
                        diff += f" vs {base.split(':')[0]}"
                    with solara.Div(classes=["netsim-headline"]):
                        solara.Text(title)
                        solara.Text(f"{value}  {diff}".strip(), classes=["diff"])


def _resolve(
    slots: list[dict[str, Any]], uploads: dict[str, Scenario], months: int | None
) -> list[Scenario]:
    out = []
    for k, slot in enumerate(slots):
        name = slot["scenario"]
        base = uploads[name] if name in uploads else load_scenario(name)
        label = f"{LETTERS[k]}: {base.name}" + (" (levers moved)" if slot["levers"] else "")
        out.append(with_levers(base, slot["levers"], name=label, months=months))
    return out


@solara.component
def ExploreView() -> None:
    """Pick scenarios, move levers, compare with uncertainty, download results."""
    query = _query()
    names = shipped_names()
    picked = [query.get(k, [d])[0] for k, d in (("a", "top_down"), ("b", "bottom_up"), ("c", ""))]
    start: list[dict[str, Any]] = [{"scenario": n, "levers": {}} for n in picked if n in names]
    if len(start) < 2:
        start = [{"scenario": "top_down", "levers": {}}, {"scenario": "bottom_up", "levers": {}}]
    slots = solara.use_reactive(start)
    uploads = solara.use_reactive(cast(dict[str, Scenario], {}))
    editing = solara.use_reactive(0)
    reps = solara.use_reactive(min(max(_int(query, "reps", 5), 1), 20))
    months = solara.use_reactive(_int(query, "months", 120))
    seed = solara.use_reactive(0)
    upload_error = solara.use_reactive("")
    group = solara.use_reactive("Reach")
    progress = solara.use_reactive(0.0)

    choices = [*uploads.value, *shipped_names()]
    try:
        scenarios = _resolve(slots.value, uploads.value, months.value)
        error = ""
    except (ScenarioError, ParameterError) as exc:
        scenarios, error = [], str(exc)
    seed_error = seed_problem(seed.value)  # checked before running, never raised in the thread

    key = tuple((s.name, tuple(sorted(s.params.items())), s.months) for s in scenarios)

    def work(cancel: threading.Event) -> Comparison | None:
        if not scenarios or seed_error:
            return None
        progress.set(0.0)
        try:
            return run_comparison(
                scenarios,
                reps=reps.value,
                seed=seed.value,
                progress=lambda done, total: progress.set(done / total),
                cancel=cancel,
            )
        except RunCancelledError:
            return None

    result = solara.use_thread(
        work, dependencies=[key, reps.value, seed.value], intrusive_cancel=False
    )

    def set_slot(k: int, **change: Any) -> None:
        new = [dict(s) for s in slots.value]
        new[k].update(change)
        slots.set(new)

    def set_lever(name: str, value: Any) -> None:
        k = editing.value
        base = scenarios[k] if k < len(scenarios) else None
        moved = dict(slots.value[k]["levers"])
        moved[name] = value
        if base is not None and name not in slots.value[k]["levers"] and base.params[name] == value:
            return
        set_slot(k, levers=moved)

    def choose(k: int, name: str) -> None:
        set_slot(k, scenario=name, levers={})

    def on_upload(file: dict[str, str]) -> None:
        try:
            scenario = load_upload(file["name"], file["text"].encode("utf-8"))
        except ScenarioError as exc:
            upload_error.set(str(exc))
            return
        upload_error.set("")
        uploads.set({**uploads.value, f"upload: {scenario.name}": scenario})
        set_slot(editing.value, scenario=f"upload: {scenario.name}", levers={})

    with solara.Columns([1, 3]):
        with solara.Column():
            Html("Scenarios", tag="h3")
            for k, slot in enumerate(slots.value):
                solara.Select(
                    label=f"Scenario {LETTERS[k]}" + (" (baseline)" if k == 0 else ""),
                    value=slot["scenario"],
                    values=choices,
                    on_value=partial(choose, k),
                )
            with solara.Row():
                if len(slots.value) < 3:
                    solara.Button(
                        "Add a third",
                        on_click=lambda: slots.set(
                            [*slots.value, {"scenario": "hybrid", "levers": {}}]
                        ),
                        text=True,
                    )
                else:
                    solara.Button(
                        "Remove C", on_click=lambda: slots.set(slots.value[:2]), text=True
                    )
            TomlUpload(label="Upload a scenario (.toml):", event_upload=on_upload)
            ErrorBox(upload_error.value)
            solara.InputInt("Months to run", value=months)
            solara.SliderInt(f"Replications: {reps.value}", value=reps, min=1, max=20)
            solara.InputInt("Seed", value=seed)
            Html("Levers", tag="h3")
            solara.ToggleButtonsSingle(
                value=LETTERS[editing.value],
                values=list(LETTERS[: len(slots.value)]),
                on_value=lambda v: editing.set(LETTERS.index(v)),
            )
            k = min(editing.value, len(slots.value) - 1)
            if k < len(scenarios):
                solara.Button("Reset levers", on_click=lambda: set_slot(k, levers={}), text=True)
                LeverControls(scenarios[k].params, set_lever)
        with solara.Column():
            # a failed run shows its message, never the previous (stale) results
            failed = result.state == solara.ResultState.ERROR
            message = error or seed_error or (f"The run failed: {result.error}" if failed else "")
            ErrorBox(message)
            if result.state in (
                solara.ResultState.RUNNING,
                solara.ResultState.STARTING,
                solara.ResultState.WAITING,
            ):
                total = reps.value * max(len(scenarios), 1)
                solara.Text(
                    f"Running replications: {round(progress.value * total)} of {total}",
                    classes=["netsim-progress"],
                )
                solara.ProgressLinear(value=100 * progress.value)
            comparison = result.value
            if comparison is not None and not message:
                compared = ", ".join(r.scenario.name for r in comparison.runs)
                Html(
                    f"<b>Compared:</b> {escape(compared)}: {len(comparison.runs[0].seeds)} "
                    "replications each, same seeds; lines are means, bands the 5-95 % of runs."
                )
                HeadlineCards(comparison)
                solara.ToggleButtonsSingle(value=group, values=list(CHART_GROUPS))
                events = _events([r.scenario for r in comparison.runs])
                fig = CHART_GROUPS[group.value](comparison.data, events=events)
                solara.FigurePlotly(fig, dependencies=[id(comparison), group.value])
                with solara.Row():
                    solara.FileDownload(
                        data=lambda: comparison.data.to_csv(index=False).encode("utf-8"),
                        filename="comparison.csv",
                        label="Download results (CSV)",
                    )
                    solara.FileDownload(
                        data=lambda: comparison_report(comparison).encode("utf-8"),
                        filename="comparison.html",
                        label="Download report (HTML)",
                    )


@solara.component
def PresetTexts(scenario: Scenario) -> None:
    """What the preset shows, things to notice and things to try."""
    w = scenario.workshop or {}
    text = [f"<p><b>{escape(scenario.title)}.</b> {escape(w.get('shows') or scenario.summary)}</p>"]
    for key, title in (("notice", "Things to notice"), ("try", "Things to try")):
        if w.get(key):
            items = "".join(f"<li>{escape(t)}</li>" for t in w[key])
            text.append(f"<b>{title}</b><ul>{items}</ul>")
    Html("".join(text), classes=["netsim-texts"])


@solara.component
def WorkshopView(present: solara.Reactive[bool]) -> None:
    """The network grows month by month; shocks applied live; a log of what happened."""
    presets = [n for n in shipped_names() if n.startswith("workshop_")]
    others = [n for n in shipped_names() if not n.startswith("workshop_")]
    asked = _query().get("preset", [""])[0]
    preset = solara.use_reactive(asked if asked in presets + others else presets[0])
    seed = solara.use_reactive(1)
    speed = solara.use_reactive(4)
    playing = solara.use_reactive(False)
    resets = solara.use_reactive(0)
    shock = solara.use_reactive("funding_cut")
    rerender = use_force_update()

    def make() -> LiveRun | str:
        if problem := seed_problem(seed.value):
            return problem
        try:
            return LiveRun(load_scenario(preset.value), seed=seed.value, large=present.value)
        except (ScenarioError, ParameterError) as exc:
            return str(exc)

    run = solara.use_memo(make, dependencies=[preset.value, seed.value, resets.value])

    def sync_large() -> None:
        if isinstance(run, LiveRun) and run.large != present.value:
            run.set_large(present.value)
            rerender()

    solara.use_effect(sync_large, [present.value, run])

    def loop(cancel: threading.Event) -> None:
        if not playing.value or not isinstance(run, LiveRun):
            return
        while not cancel.is_set() and not run.finished:
            start = time.perf_counter()
            run.step()
            rerender()
            cancel.wait(max(0.0, 1.0 / speed.value - (time.perf_counter() - start)))
        if run.finished:
            playing.set(False)

    solara.use_thread(loop, dependencies=[playing.value, run, speed.value], intrusive_cancel=False)

    if isinstance(run, str):
        # keep the controls that caused the message, so it can be put right
        solara.Select(label="Preset", value=preset, values=presets + others)
        solara.InputInt("Seed (same seed, same story)", value=seed)
        ErrorBox(run)
        return

    def step() -> None:
        run.step()
        rerender()

    def apply_shock() -> None:
        run.shock(shock.value)
        rerender()

    def reset() -> None:
        playing.set(False)
        resets.set(resets.value + 1)

    with solara.Columns([1, 3]):
        with solara.Column():
            solara.Select(label="Preset", value=preset, values=presets + others)
            solara.InputInt("Seed (same seed, same story)", value=seed)
            with solara.Row():
                solara.Button(
                    "Pause" if playing.value else "Play",
                    on_click=lambda: playing.set(not playing.value),
                    color="primary",
                    disabled=run.finished,
                )
                solara.Button("One step", on_click=step, disabled=playing.value or run.finished)
                solara.Button("Reset", on_click=reset)
            solara.SliderInt(f"Speed: {speed.value} months per second", value=speed, min=1, max=10)
            Html("Apply a shock now", tag="h3")
            solara.Select(
                label="Shock",
                value=LIVE_SHOCKS[shock.value],
                values=list(LIVE_SHOCKS.values()),
                on_value=lambda v: shock.set(next(k for k, t in LIVE_SHOCKS.items() if t == v)),
            )
            solara.Button("Apply shock", on_click=apply_shock, color="warning")
            PresetTexts(run.scenario)
        with solara.Column():
            Html(f"Month {run.month} of {run.scenario.months}", tag="h2", classes=["netsim-month"])
            solara.FigurePlotly(run.network, dependencies=[id(run.network)])
            solara.FigurePlotly(run.series, dependencies=[id(run.series)])
            Html("What happened", tag="h3")
            with solara.Column(classes=["netsim-log"]):
                entries = run.log()[:40]
                if not entries:
                    solara.Text("Nothing yet: press Play or One step.")
                for month, sentence in entries:
                    solara.Text(f"Month {month}: {sentence}")


@solara.component
def Page() -> None:
    """The dashboard: an Explore view and a Workshop view, with presentation mode."""
    start = "Workshop" if _query().get("view", [""])[0].lower() == "workshop" else "Explore"
    view = solara.use_reactive(start)
    present = solara.use_reactive(False)
    solara.Title("netsim dashboard")

    shown = solara.use_reactive(cast(frozenset[str], frozenset()))
    if view.value not in shown.value:
        shown.set(shown.value | {view.value})

    def hidden(name: str) -> list[str]:
        return [] if view.value == name else ["netsim-hidden"]

    solara.Style(CSS)
    with solara.Column(
        classes=["netsim-present"] if present.value else [], style={"padding": "12px"}
    ):
        with solara.Row(style={"align-items": "center", "gap": "24px"}):
            solara.HTML(tag="h2", unsafe_innerHTML="netsim: PD networks for STEM teachers")
            solara.ToggleButtonsSingle(value=view, values=["Explore", "Workshop"])
            solara.Switch(label="Presentation mode", value=present)
        # a view is built the first time it is shown, then kept (hidden) with its state
        if view.value == "Explore" or "Explore" in shown.value:
            with solara.Column(classes=["netsim-explore", *hidden("Explore")]):
                ExploreView()
        if view.value == "Workshop" or "Workshop" in shown.value:
            with solara.Column(classes=["netsim-workshop", *hidden("Workshop")]):
                WorkshopView(present)


page = Page
