# ruff: noqa: N802  (Solara components are named like classes, as in its docs)
"""The netsim dashboard: explore policies (policymakers) and run a workshop (instructors).

Run it with ``netsim dashboard`` (or ``solara run netsim/dashboard/app.py``). Every
piece of state lives inside the components (``use_reactive``, ``use_memo``), so
each browser session has its own scenarios, runs and workshop model.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import zipfile
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from html import escape
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlencode

import pandas as pd
import solara
import solara.server.kernel_context
import solara.server.settings

from netsim.core.indicators import BY_NAME, REGION
from netsim.core.params import PARAMETERS, Param, ParameterError
from netsim.dashboard.explore import (
    HEADLINES,
    RESILIENCE,
    format_value,
    headlines,
    holding_intro,
    holding_lines,
    levers,
    load_upload,
    moved_levers,
    reproducible,
    run_comparison,
    seed_problem,
    slider_step,
    with_levers,
)
from netsim.dashboard.live import (
    LIVE_SHOCKS,
    REGION_SHOCKS,
    SHOCK_SIZES,
    LiveRun,
    named_parameters,
)
from netsim.dashboard.live_view import PLOTLY_JS, LiveView
from netsim.dashboard.room import host as room_host
from netsim.dashboard.room.engine import RoomError
from netsim.dashboard.room.server import is_loopback
from netsim.dashboard.sessions import Sessions
from netsim.evaluate.budget import Limits, run_problem, upload_problem, uploaded_problem
from netsim.evaluate.engines import RunCancelledError
from netsim.evaluate.runner import Comparison
from netsim.io.launch import SEASONS
from netsim.io.scenarios import (
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_names,
    shipped_names,
)
from netsim.report import charts
from netsim.report.pages import comparison_report
from netsim.report.policy_words import SHIPPED, HoldingError, holding_path, read_holding

logger = logging.getLogger(__name__)

ASSETS = Path(__file__).parent / "assets"
"""Files served as /static/assets/ before Solara's own (its ``custom.js``)."""

# plotly.js for the workshop's live frame, served by this server (no CDN), and
# assets/custom.js (the anywidget module mapped before any widget loads; see the file)
for folder in (ASSETS, PLOTLY_JS):
    if str(folder) not in solara.server.settings.assets.extra_locations:
        solara.server.settings.assets.extra_locations.append(str(folder))

LIMITS = Limits.from_env()
"""This server's limits, set by ``netsim dashboard`` (see :mod:`netsim.evaluate.budget`)."""

SESSIONS = Sessions()
"""The browser sessions served now (at most ``LIMITS.max_sessions``)."""

ROOMS = room_host.from_env()
"""The workshop room server the Workshop view starts rooms on (started on first use)."""

ROOM_PRESET = "workshop_growth"
"""The preset a room starts with unless the instructor picks another (``netsim workshop``'s)."""

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
.netsim-hidden, .v-sheet.d-flex.netsim-hidden { display: none !important; }
.netsim-card { min-width: 260px; max-width: 360px; padding: 10px 14px;
  border: 1px solid #d5dbe1; border-radius: 6px; background: #fafbfc; }
.netsim-card h4 { margin: 0 0 6px 0; }
.netsim-room-starter { padding: 10px 14px; border: 1px solid #d5dbe1; border-radius: 6px;
  background: #fafbfc; margin: 8px 0; }
.netsim-room-starter h4 { margin: 0; }
.netsim-room { font-size: 14px; margin-top: 6px; }
.netsim-headline { display: grid; grid-template-columns: 1fr auto; column-gap: 10px;
  font-size: 14px; margin-bottom: 6px; }
.netsim-headline .h-title { grid-column: 1; }
.netsim-headline .h-unit { color: #566573; font-size: 12px; }
.netsim-headline .h-value { grid-column: 2; font-weight: 600; text-align: right; }
.netsim-headline .h-range, .netsim-headline .h-diff { grid-column: 1 / 3; color: #566573;
  font-size: 12px; }
.netsim-levers { max-height: 55vh; overflow-y: auto; padding-right: 6px; }
.netsim-lever { margin-bottom: 8px; }
.netsim-lever-label { font-size: 14px; }
.netsim-outdated { opacity: 0.45; }
.netsim-outdated-note { color: #b9770e; font-weight: 600; }
.netsim-info, .netsim-holding { margin: 8px 0; font-size: 14px; }
.netsim-info dt { font-weight: 600; margin-top: 4px; }
.netsim-info h4, .netsim-holding h4 { margin: 10px 0 2px 0; }
.netsim-info h5 { margin: 8px 0 0 0; font-size: 14px; color: #2a3f5f; }
.netsim-info .netsim-chart-list { column-count: 2; column-gap: 28px; }
.netsim-info .netsim-chart-defs { break-inside: avoid; }
.netsim-info .h-unit { color: #566573; font-weight: normal; font-size: 12px; }
.netsim-titles { font-size: 14px; margin: 4px 0 8px 0; }
.netsim-help { color: #566573; font-size: 12px; margin: -10px 0 6px 0; }
.netsim-error { white-space: pre-wrap; font-family: monospace; }
.netsim-log { max-height: 260px; overflow-y: auto; font-size: 14px; }
.netsim-live-large .netsim-live-figures { display: grid; grid-template-columns: 3fr 2fr;
  gap: 8px; }
.netsim-live-large .netsim-log { max-height: 200px; }
.netsim-network-title { font-size: 15px; color: #2a3f5f; margin: 4px 0 4px 8px; }
.netsim-live-large .netsim-network-title { font-size: 22px; }
.netsim-network-body { display: flex; gap: 8px; align-items: flex-start; }
.netsim-canvas { flex: 1 1 auto; min-width: 0; display: flex; justify-content: center; }
.netsim-network-legend { flex: 0 0 210px; font-size: 12px; color: #2a3f5f; }
.netsim-live-large .netsim-network-legend { flex-basis: 240px; font-size: 15px; }
.netsim-network-legend .line { display: inline-block; width: 18px; height: 3px;
  margin: 0 6px 3px 0; }
.netsim-network-legend .dot { display: inline-block; width: 10px; height: 10px;
  margin-right: 6px; }
.netsim-network-legend .circle { border-radius: 50%; }
.netsim-network-legend .diamond { transform: rotate(45deg) scale(0.8); }
.netsim-network-legend .star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%,
  50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%); }
.netsim-network-legend .triangle-up { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.netsim-present, .netsim-present .v-btn, .netsim-present .v-label,
.netsim-present .netsim-log, .netsim-present li { font-size: 22px !important; }
.netsim-present h2 { font-size: 34px !important; }
.netsim-upload { display: flex; flex-direction: column; gap: 4px; margin: 8px 0; }
"""


@solara.component_vue("upload.vue")
def TomlUpload(label: str, max_bytes: int, event_upload: Callable[[dict[str, Any]], None]) -> None:
    """A file picker that sends the chosen file's name, size and text to ``event_upload``.

    A file over ``max_bytes`` is not read: only its name and size are sent.
    """


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


def _query_levers(query: dict[str, list[str]], letter: str) -> dict[str, Any]:
    """Lever values of scenario ``letter`` in an address (``a.mandate_strength=0.5``)."""
    out: dict[str, Any] = {}
    for p in levers():
        text = query.get(f"{letter}.{p.name}", [None])[0]
        if text is None:
            continue
        try:
            out[p.name] = text.lower() == "true" if p.kind is bool else p.kind(float(text))
        except ValueError:
            out[p.name] = text  # the schema's message says what is allowed
    return out


def comparison_query(slots: list[dict[str, Any]], reps: int, months: int, seed: int) -> str:
    """The address query of a comparison: scenarios, moved levers, replications, months, seed."""
    parts = []
    for letter, slot in zip("abc", slots, strict=False):
        parts.append((letter, slot["scenario"]))
        try:
            base = load_scenario(slot["scenario"], confined=True)
        except ScenarioError:  # an upload, or a broken file: its problems are shown elsewhere
            continue
        for name, value in sorted(moved_levers(base, slot["levers"]).items()):
            parts.append(
                (
                    f"{letter}.{name}",
                    str(value).lower() if isinstance(value, bool) else f"{value:g}",
                )
            )
    parts += [("reps", str(reps)), ("months", str(months)), ("seed", str(seed))]
    return urlencode(parts, safe=".:")


def _events(scenarios: list[Scenario]) -> list[dict[str, Any]]:
    """Shocks of the compared scenarios, each with its scenario: drawn on that one's line only.

    ``tag`` (A, B, C) labels the marks: "funding cut (B)".
    """
    return [
        {"month": int(e["month"]), "kind": str(e["kind"]), "scenario": s.name, "tag": LETTERS[k]}
        for k, s in enumerate(scenarios)
        for e in s.events
    ]


@solara.component
def ErrorBox(message: str) -> None:
    """The same clear message as the command line, never a traceback."""
    if message:
        with solara.Error(icon=True):
            solara.Text(message, classes=["netsim-error"])


@solara.component
def LeverControls(
    values: dict[str, Any],
    on_change: Callable[[str, Any], None],
    params: list[Param] | None = None,
) -> None:
    """One control per lever, generated from the parameter schema: a slider and a box.

    The slider's step fits the lever's range and the value shown (:func:`slider_step`),
    and a slider event closer to the value than half a step is the slider placing the
    value, not a person moving it: displaying a scenario never changes it.
    ``params``: the parameters to show (default: every lever).
    """
    for p in levers() if params is None else params:
        value = values[p.name]
        with solara.Column(classes=["netsim-lever"], gap="0px"):
            if p.kind is bool:
                solara.Checkbox(
                    label=p.label, value=bool(value), on_value=partial(on_change, p.name)
                )
                solara.Text(p.meaning, classes=["netsim-help"])
                continue
            step = slider_step(p, value)

            def moved(new: Any, name: str = p.name, old: Any = value, step: float = step) -> None:
                if new is None or abs(float(new) - float(old)) <= step / 2:
                    return
                on_change(name, new)

            def typed(new: Any, name: str = p.name, old: Any = value) -> None:
                if new is not None and new != old:
                    on_change(name, new)

            solara.Text(f"{p.label} ({p.unit}): {value:g}", classes=["netsim-lever-label"])
            with solara.Row(style={"align-items": "center", "gap": "8px"}):
                with solara.Div(style={"flex": "1 1 auto", "min-width": "120px"}):
                    if p.kind is int:
                        solara.SliderInt(
                            label="",
                            value=int(value),
                            min=int(p.low or 0),
                            max=int(p.high or 0),
                            step=max(int(step), 1),
                            on_value=moved,
                        )
                    else:
                        solara.SliderFloat(
                            label="",
                            value=float(value),
                            min=float(p.low or 0),
                            max=float(p.high or 0),
                            step=step,
                            on_value=moved,
                        )
                with solara.Div(style={"width": "110px"}, classes=["netsim-lever-box"]):
                    if p.kind is int:
                        solara.InputInt(p.name, value=int(value), on_value=typed)
                    else:
                        solara.InputFloat(p.name, value=float(value), on_value=typed)
            solara.Text(p.meaning, classes=["netsim-help"])


@solara.component
def HeadlineCards(comparison: Comparison) -> None:
    """Cards of the headline values per scenario: unit, 5-95 % range, difference to A."""
    table = headlines(comparison)
    base = str(table["scenario"].iloc[0]).split(":")[0]
    with solara.Row(style={"flex-wrap": "wrap", "gap": "12px"}):
        for k, row in table.iterrows():
            with solara.Column(classes=["netsim-card"]):
                solara.HTML(tag="h4", unsafe_innerHTML=escape(str(row["scenario"])))
                rows = []
                for key, h in HEADLINES.items():
                    value = format_value(key, float(row[key]))
                    low, high = float(row[f"{key}_p5"]), float(row[f"{key}_p95"])
                    spread = ""
                    if low == low and high == high:
                        spread = f"5-95 %: {format_value(key, low)} to {format_value(key, high)}"
                    diff = ""
                    if int(str(k)) > 0 and row[f"{key}_diff"] == row[f"{key}_diff"]:
                        diff = format_value(key, float(row[f"{key}_diff"]), signed=True)
                        diff = f"{diff} vs {base}"
                    arrow = "↑" if h.better == "higher" else "↓"
                    rows.append(
                        f"<div class='netsim-headline' data-key='{key}'>"
                        f"<span class='h-title'>{escape(h.title)} <span class='h-unit'>"
                        f"({escape(h.unit)}; {arrow} {h.better} is better)</span></span>"
                        f"<span class='h-value'>{escape(value)}</span>"
                        f"<span class='h-range'>{escape(spread)}</span>"
                        f"<span class='h-diff'>{escape(diff)}</span></div>"
                    )
                Html("".join(rows))


UNIT_WORDS = {"share": "%", "0..1": "0 to 1"}
"""How the registry's units read in the definitions (a share is drawn as a percentage)."""

BETTER_WORDS = {"up": "↑ higher is better", "down": "↓ lower is better"}
"""Which way is better, in words (an indicator without a better direction says so)."""


NETWORK_NOTE = " Measured every few months (the parameter network_interval), not every month."


def _definition(name: str) -> str:
    """One indicator's entry: label, unit and better direction, then its meaning."""
    i = BY_NAME[name]
    better = BETTER_WORDS.get(i.better or "", "neither way is better in itself")
    shown = i.label.replace(REGION, "0, 1, ...")  # one line per region
    return (
        f"<dt data-indicator='{escape(name)}'>{escape(shown)} "
        f"<span class='h-unit'>({escape(UNIT_WORDS.get(i.unit, i.unit))}; {better})</span></dt>"
        f"<dd>{escape(i.meaning)}{NETWORK_NOTE if i.network else ''}</dd>"
    )


def _chart_definitions(panels: Mapping[str, Sequence[str]]) -> str:
    """Definitions of the indicators of each chart (or panel), under its title."""
    return "".join(
        f"<div class='netsim-chart-defs'><h5>{escape(title)}</h5><dl data-chart='{escape(title)}'>"
        + "".join(_definition(name) for name in names)
        + "</dl></div>"
        for title, names in panels.items()
    )


def LiveInfo() -> None:
    """What the workshop's month-by-month panels measure, from the indicator registry."""
    Html(
        "<details class='netsim-info netsim-live-info'><summary>What the charts measure"
        "</summary><p>One run (this seed), month by month; a dotted line marks each shock, "
        "scheduled or applied here.</p><div class='netsim-chart-list'>"
        + _chart_definitions(charts.LIVE_PANELS)
        + "</div></details>"
    )


def IndicatorInfo() -> None:
    """What every headline and every chart's indicator measures, from the indicator registry."""
    cards = []
    for key, h in HEADLINES.items():
        meaning = RESILIENCE.get(key) or (BY_NAME[key].meaning if key in BY_NAME else "")
        cards.append(
            f"<dt data-headline='{escape(key)}'>{escape(h.title)} "
            f"<span class='h-unit'>({escape(h.unit)}; "
            f"{'↑' if h.better == 'higher' else '↓'} {h.better} is better)</span></dt>"
            f"<dd>{escape(meaning)}</dd>"
        )
    groups = _chart_definitions({group: charts.TIME_CHARTS[group] for group in CHART_GROUPS})
    Html(
        "<details class='netsim-info'><summary>What the cards and charts measure</summary>"
        "<h4>Cards</h4><dl>"
        + "".join(cards)
        + "</dl><p>Values are at the last month, means over replications; the range is "
        "the 5-95 % of replications; differences are to scenario A with the same seeds.</p>"
        "<h4>Charts</h4><p>Lines are means, bands the 5-95 % of runs; a scenario's scheduled "
        "shock is a diamond on that scenario's own line, in its colour, with a dotted stem "
        "and a label naming its letter (A, B, C). Each chart's panels:</p>"
        f"<div class='netsim-chart-list'>{groups}</div></details>"
    )


def _holding() -> tuple[pd.DataFrame | None, str]:
    """The robustness table, or None and why it cannot be read."""
    try:
        return read_holding(holding_path()), ""
    except HoldingError as exc:
        return None, str(exc)


@solara.component
def HoldingInfo(slots: list[dict[str, Any]], bases: list[Scenario], uploaded: set[str]) -> None:
    """How each compared scenario holds up across the plausible futures, in plain words.

    Read from the robustness table shipped with netsim, or the one ``netsim dashboard
    --robustness`` names (see :mod:`netsim.report.policy_words`).
    """
    table, problem = solara.use_memo(_holding, [])
    if table is None:
        ErrorBox(problem)
        return
    moved = [bool(moved_levers(b, s["levers"])) for s, b in zip(slots, bases, strict=True)]
    upload = [s["scenario"] in uploaded for s in slots]
    lines = holding_lines(table, bases, moved, upload, shipped=holding_path() == SHIPPED)
    items = "".join(
        f"<li data-scenario='{LETTERS[k]}'><b>{LETTERS[k]}: {escape(b.name)}</b><ul>"
        + "".join(f"<li>{escape(line)}</li>" for line in said)
        + "</ul></li>"
        for k, (b, said) in enumerate(zip(bases, lines, strict=True))
    )
    Html(
        "<div class='netsim-holding'><h4>How each holds up in plausible futures"
        f"</h4><p>{escape(holding_intro(table))}</p><ul>{items}</ul></div>"
    )


def _resolve(
    slots: list[dict[str, Any]], uploads: dict[str, Scenario], months: int | None
) -> list[Scenario]:
    out = []
    for k, slot in enumerate(slots):
        name = slot["scenario"]
        base = uploads[name] if name in uploads else load_scenario(name, confined=True)
        moved = moved_levers(base, slot["levers"])
        label = f"{LETTERS[k]}: {base.name}" + (" (levers moved)" if moved else "")
        out.append(with_levers(base, moved, name=label, months=months))
    return out


def ScenarioTitles(scenarios: list[Scenario], bases: list[Scenario]) -> None:
    """Each compared scenario's title and summary, under its letter."""
    Html(
        "<ul class='netsim-titles'>"
        + "".join(
            f"<li><b>{escape(s.name)}</b>: {escape(b.title)}. {escape(b.summary)}</li>"
            for s, b in zip(scenarios, bases, strict=True)
        )
        + "</ul>"
    )


@solara.component
def ExploreView() -> None:
    """Pick scenarios, move levers, compare with uncertainty, download results."""
    router = solara.use_router()
    query = _query()
    fail = solara.use_memo(lambda: _failing(query, "explore"), [])  # armed once, at the start
    names = scenario_names()
    picked = [query.get(k, [d])[0] for k, d in (("a", "top_down"), ("b", "bottom_up"), ("c", ""))]
    start: list[dict[str, Any]] = [
        {"scenario": n, "levers": _query_levers(query, "abc"[k])}
        for k, n in enumerate(picked)
        if n in names
    ]
    if len(start) < 2:
        start = [{"scenario": "top_down", "levers": {}}, {"scenario": "bottom_up", "levers": {}}]
    slots = solara.use_reactive(start)
    uploads = solara.use_reactive(cast(dict[str, Scenario], {}))
    editing = solara.use_reactive(0)
    reps = solara.use_reactive(min(max(_int(query, "reps", 5), 1), 20))
    months = solara.use_reactive(_int(query, "months", 120))
    seed = solara.use_reactive(max(_int(query, "seed", 0), 0))
    upload_error = solara.use_reactive("")
    group = solara.use_reactive("Reach")
    progress = solara.use_reactive(0.0)

    choices = [*uploads.value, *scenario_names()]
    try:
        scenarios = _resolve(slots.value, uploads.value, months.value)
        error = ""
    except (ScenarioError, ParameterError) as exc:
        scenarios, error = [], str(exc)
    seed_error = seed_problem(seed.value)  # checked before running, never raised in the thread
    too_big = run_problem(scenarios, reps.value, LIMITS)  # the session's memory and cost limits

    key = tuple((s.name, tuple(sorted(s.params.items())), s.months) for s in scenarios)

    def work(cancel: threading.Event) -> Comparison | None:
        if not scenarios or seed_error or too_big:
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
    last = solara.use_ref(cast(Comparison | None, None))  # shown, marked outdated, while rerunning

    def follow() -> None:
        """Keep the comparison in the address bar, so it can be bookmarked and shared."""
        if any(slot["scenario"] not in names for slot in slots.value):
            return  # an upload cannot travel in an address
        address = "/?" + comparison_query(slots.value, reps.value, months.value, seed.value)
        if router.search != address[2:]:
            router.push(address)

    solara.use_effect(follow, [key, reps.value, months.value, seed.value])

    def set_slot(k: int, **change: Any) -> None:
        new = [dict(s) for s in slots.value]
        new[k].update(change)
        slots.set(new)

    def set_lever(name: str, value: Any) -> None:
        k = editing.value
        set_slot(k, levers={**slots.value[k]["levers"], name: value})

    def choose(k: int, name: str) -> None:
        set_slot(k, scenario=name, levers={})

    def on_upload(file: dict[str, Any]) -> None:
        name, text = str(file.get("name", "upload.toml")), str(file.get("text") or "")
        content = text.encode("utf-8")
        if refused := upload_problem(name, max(int(file.get("size") or 0), len(content)), LIMITS):
            upload_error.set(refused)
            return
        try:
            scenario = load_upload(name, content)
        except ScenarioError as exc:
            upload_error.set(str(exc))
            return
        if refused := uploaded_problem(scenario, name, reps.value, LIMITS):
            upload_error.set(refused)
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
            TomlUpload(
                label="Upload a scenario (.toml):",
                max_bytes=LIMITS.upload_kib * 1024,
                event_upload=on_upload,
            )
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
                with solara.Column(classes=["netsim-levers"]):
                    LeverControls(scenarios[k].params, set_lever)
        with solara.Column(classes=["netsim-results"]):
            # a failed run shows its message, never the previous (stale) results
            failed = result.state == solara.ResultState.ERROR
            failure = f"The run failed: {result.error}" if failed else ""
            message = error or seed_error or too_big or failure
            ErrorBox(message)
            running = result.state in (
                solara.ResultState.RUNNING,
                solara.ResultState.STARTING,
                solara.ResultState.WAITING,
            )
            if result.value is not None and not running:
                last.current = result.value
            comparison = result.value if not running else last.current
            if running:
                total = reps.value * max(len(scenarios), 1)
                solara.Text(
                    f"Running replications: {round(progress.value * total)} of {total}",
                    classes=["netsim-progress"],
                )
                solara.ProgressLinear(value=100 * progress.value)
                if comparison is not None:
                    solara.Text(
                        "Outdated: these results are for the previous settings; "
                        "new ones are being computed.",
                        classes=["netsim-outdated-note"],
                    )
            if comparison is not None and not message:
                bases = [_base(slot, uploads.value) for slot in slots.value]
                with solara.Column(classes=["netsim-outdated"] if running else []):
                    compared = ", ".join(r.scenario.name for r in comparison.runs)
                    Html(
                        f"<b>Compared:</b> {escape(compared)}: "
                        f"{len(comparison.runs[0].seeds)} replications each, same seeds; "
                        f"{int(comparison.data['month'].max())} months."
                    )
                    if not running and len(bases) == len(comparison.runs):
                        ScenarioTitles([r.scenario for r in comparison.runs], bases)
                    HeadlineCards(comparison)
                    if not running and len(bases) == len(comparison.runs):
                        HoldingInfo(slots.value, bases, set(uploads.value))
                    IndicatorInfo()
                    if fail:
                        Failing("explore")
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
                            data=lambda: _results_zip(comparison, bases),
                            filename="comparison.zip",
                            label="Download report, table and scenario files (ZIP)",
                        )


def _results_zip(comparison: Comparison, bases: list[Scenario]) -> bytes:
    """The report, the table and the scenario files its "Reproduce with" line names."""
    if len(bases) != len(comparison.runs):  # the page moved on: files for every scenario
        bases = [r.scenario for r in comparison.runs]
    named, files = reproducible(comparison, bases)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("comparison/comparison.html", comparison_report(named))
        z.writestr("comparison/comparison.csv", named.data.to_csv(index=False))
        for name, text in files.items():
            z.writestr(f"comparison/{name}", text)
    return out.getvalue()


def _base(slot: dict[str, Any], uploads: dict[str, Scenario]) -> Scenario:
    name = slot["scenario"]
    return uploads[name] if name in uploads else load_scenario(name, confined=True)


@solara.component
def PresetTexts(scenario: Scenario) -> None:
    """What the preset shows, things to notice and things to try."""
    w = scenario.workshop or {}
    text = [f"<p><b>{escape(scenario.title)}.</b> {escape(w.get('shows') or scenario.summary)}</p>"]
    for key, title in (("notice", "Things to notice"), ("try", "Things to try")):
        if w.get(key):
            items = "".join(f"<li>{escape(t)}</li>" for t in w[key])
            text.append(f"<b>{title}</b><ul>{items}</ul>")
    if scenario.name.startswith("workshop_") and scenario.path is not None:
        command = f"netsim workshop --host 0.0.0.0 --preset {escape(scenario.name)}"
        text.append(
            "<p><b>Let the room play it</b>: <i>Start a room</i> (on this computer) or "
            f"<code>{command}</code> starts a room where each participant plays an actor "
            "from their phone (docs/workshop.md).</p>"
        )
    Html("".join(text), classes=["netsim-texts"])


def _catching(report: Callable[[str], None], action: Callable[..., Any]) -> Callable[..., Any]:
    """``action`` that shows any error in the page (through ``report``), never a traceback."""

    def run(*args: Any) -> Any:
        try:
            return action(*args)
        except Exception as exc:  # any failure: a message in the page, the details in the log
            logger.exception("dashboard action failed")
            report(_failure(exc))
            return None

    return run


def _failure(exc: BaseException) -> str:
    if isinstance(exc, ScenarioError | ParameterError | ValueError):
        return str(exc)
    return f"Something went wrong ({type(exc).__name__}: {exc}). The rest of the page still works."


@solara.component
def ViewFailed(message: str, again: Callable[[], None]) -> None:
    """What a view shows in its place when it failed: the message and a way back."""
    with solara.Column(classes=["netsim-view-error"]):
        ErrorBox(message)
        solara.Button("Try again", on_click=again, color="primary")


@solara.component
def ViewBody(view: Callable[[], Any]) -> None:
    """The view itself, as a component of its own (see :func:`Guarded`)."""
    view()


@solara.component
def Guarded(name: str, view: Callable[[], Any]) -> None:
    """Show ``view``; if it fails, a message in its place and a way back, never a traceback.

    reacton's error boundary (``use_exception``) catches what the view raises while
    drawing, in an effect or in an event handler. The two branches put components of
    different types (and keys) under the boundary: had both been, say, a column,
    reacton would reconcile the failed subtree instead of dropping it, find its
    exception again on every pass and re-render without end. *Try again* clears the
    error, so the view is built afresh (from the address, which holds the comparison).
    """
    error, clear = solara.use_exception()

    def log() -> None:
        if error is not None:  # once per failure, with the traceback for the server's log
            logger.error("the %s view failed", name, exc_info=error)

    solara.use_effect(log, [error])
    if error is not None:
        ViewFailed(f"The {name} view stopped: {_failure(error)}", clear).key("failed")
        return
    ViewBody(view).key("view")


FAIL_HOOK = "NETSIM_DASHBOARD_TEST_FAILURES"
"""Test-only: with this environment variable set, ``?fail=explore`` (or ``workshop``)
makes that view fail while drawing, so the tests can check what the page shows then."""


def _failing(query: dict[str, list[str]], view: str) -> bool:
    """Whether the tests ask ``view`` to fail (see :data:`FAIL_HOOK`)."""
    return bool(os.environ.get(FAIL_HOOK)) and view in query.get("fail", [])


@solara.component
def Failing(view: str) -> None:
    """Fails on its second drawing (the tests' stand-in for any bug inside a view)."""
    armed = solara.use_reactive(False)
    solara.use_effect(lambda: armed.set(True), [])
    if armed.value:
        raise RuntimeError(f"a failure of the {view} view for the tests")


@solara.component
def WorkshopView(present: solara.Reactive[bool]) -> None:
    """The network grows month by month; shocks applied live; a log of what happened.

    The browser paces the run: :class:`~netsim.dashboard.live_view.LiveView` asks for
    the next month only once the previous frame is on screen, and this view steps
    the model only when asked. So Pause and shocks act at the month on screen, and
    the header, the pictures and the log always show the same month.
    """
    presets = [n for n in shipped_names() if n.startswith("workshop_")]
    others = [n for n in shipped_names() if not n.startswith("workshop_")]
    query = _query()
    fail = solara.use_memo(lambda: _failing(query, "workshop"), [])  # armed once, at the start
    asked = query.get("preset", [""])[0]
    preset = solara.use_reactive(asked if asked in presets + others else presets[0])
    seed = solara.use_reactive(1)
    speed = solara.use_reactive(4)
    playing = solara.use_reactive(False)
    resets = solara.use_reactive(0)
    shock = solara.use_reactive("funding_cut")
    size = solara.use_reactive(0.5)
    region = solara.use_reactive(-1)
    at_end = solara.use_reactive(False)
    problem = solara.use_reactive("")
    settings = solara.use_reactive(cast(dict[str, dict[str, Any]], {}))  # preset -> values
    live = solara.use_memo(LiveView, dependencies=[])  # one widget for the view's life
    current = solara.use_ref(cast(LiveRun | str | None, None))

    def make() -> LiveRun | str:
        if bad_seed := seed_problem(seed.value):
            return bad_seed
        try:
            scenario = load_scenario(preset.value, confined=True)
            if moved := settings.value.get(preset.value):
                scenario = with_levers(scenario, moved, name=scenario.name)
            if too_big := run_problem([scenario], 1, LIMITS):
                return too_big
            return LiveRun(scenario, seed=seed.value, large=present.value)
        except (ScenarioError, ParameterError) as exc:
            return str(exc)
        except Exception as exc:  # never a traceback in place of the view
            logger.exception("cannot start the workshop run")
            return _failure(exc)

    moved_now = tuple(sorted(settings.value.get(preset.value, {}).items()))
    run = solara.use_memo(make, dependencies=[preset.value, seed.value, resets.value, moved_now])

    current.current = run

    def publish() -> None:
        now = current.current
        if isinstance(now, LiveRun):
            live.frame = now.frame()
            if now.finished != at_end.value:
                at_end.set(now.finished)

    def advance(month: int) -> None:
        """The browser has drawn the previous frame and asks for ``month``."""
        now = current.current
        if not isinstance(now, LiveRun) or not playing.value or now.month + 1 != month:
            return
        now.step()
        publish()
        if now.finished:
            playing.set(False)

    def listen() -> Callable[[], None]:
        def on_msg(_widget: Any, content: Any, _buffers: Any) -> None:
            if isinstance(content, dict) and isinstance(content.get("next"), int):
                _catching(problem.set, advance)(content["next"])

        live.on_msg(on_msg)
        return lambda: live.on_msg(on_msg, remove=True)

    solara.use_effect(listen, [])

    def pace() -> None:
        live.playing = bool(playing.value)
        live.speed = float(speed.value)

    solara.use_effect(pace, [playing.value, speed.value])

    def show_run() -> None:
        if isinstance(run, LiveRun):
            if run.large != present.value:
                run.set_large(present.value)
            publish()

    solara.use_effect(_catching(problem.set, show_run), [run, present.value])

    def controls_for_error() -> None:
        solara.Select(label="Preset", value=preset, values=presets + others)
        solara.InputInt("Seed (same seed, same story)", value=seed)

    def set_value(name: str, value: Any) -> None:
        playing.set(False)
        mine = {**settings.value.get(preset.value, {}), name: value}
        settings.set({**settings.value, preset.value: mine})

    def TextLevers() -> None:
        named = named_parameters(load_scenario(preset.value, confined=True))
        if not named:
            return
        Html("Values from the texts", tag="h3")
        solara.Text(
            "Changing one starts the run again from month 0 with that value.",
            classes=["netsim-help"],
        )
        base = load_scenario(preset.value, confined=True).params
        values = {**base, **settings.value.get(preset.value, {})}
        with solara.Column(classes=["netsim-workshop-levers"]):
            LeverControls(values, set_value, [PARAMETERS[n] for n in named])
        if settings.value.get(preset.value):
            solara.Button(
                "Back to the preset's values",
                on_click=lambda: settings.set({**settings.value, preset.value: {}}),
                text=True,
            )

    if isinstance(run, str):
        # keep the controls that caused the message, so it can be put right
        controls_for_error()
        ErrorBox(run)
        if settings.value.get(preset.value):
            TextLevers()
        return

    def step() -> None:
        problem.set("")
        run.step()
        publish()

    def apply_shock() -> None:
        problem.set("")
        options: dict[str, float] = {}
        if shock.value in SHOCK_SIZES:
            options["size"] = float(size.value)
        if shock.value in REGION_SHOCKS and region.value >= 0:
            options["region"] = int(region.value)
        run.shock(shock.value, **options)
        publish()

    def reset() -> None:
        problem.set("")
        playing.set(False)
        resets.set(resets.value + 1)

    def choose_shock(label: str) -> None:
        shock.set(next(k for k, t in LIVE_SHOCKS.items() if t == label))

    regions = {"the model's choice": -1} | {
        f"region {r}": r for r in range(int(run.model.n_regions))
    }
    with solara.Row(style={"flex-wrap": "wrap", "gap": "10px", "align-items": "center"}):
        with solara.Div(style={"width": "260px"}):
            solara.Select(label="Preset", value=preset, values=presets + others)
        with solara.Div(style={"width": "170px"}):
            solara.InputInt("Seed (same seed, same story)", value=seed)
        solara.Button(
            "Pause" if playing.value else "Play",
            on_click=lambda: playing.set(not playing.value),
            color="primary",
            disabled=at_end.value,
            classes=["netsim-play"],
        )
        solara.Button(
            "One step",
            on_click=_catching(problem.set, step),
            disabled=playing.value or at_end.value,
        )
        solara.Button("Reset", on_click=reset)
        with solara.Div(style={"width": "320px"}):
            solara.SliderInt(f"Speed: {speed.value} months per second", value=speed, min=1, max=10)
    with solara.Row(style={"flex-wrap": "wrap", "gap": "10px", "align-items": "center"}):
        with solara.Div(style={"width": "280px"}):
            solara.Select(
                label="Shock",
                value=LIVE_SHOCKS[shock.value],
                values=list(LIVE_SHOCKS.values()),
                on_value=choose_shock,
            )
        if shock.value in SHOCK_SIZES:
            with solara.Div(style={"width": "170px"}):
                solara.Select(
                    label="Size (share of public money)",
                    value=size.value if size.value in SHOCK_SIZES[shock.value] else 0.5,
                    values=list(SHOCK_SIZES[shock.value]),
                    on_value=lambda v: size.set(float(v)),
                )
        if shock.value in REGION_SHOCKS:
            with solara.Div(style={"width": "200px"}):
                solara.Select(
                    label="In region",
                    value=next(k for k, r in regions.items() if r == region.value)
                    if region.value in regions.values()
                    else "the model's choice",
                    values=list(regions),
                    on_value=lambda v: region.set(regions[v]),
                )
        solara.Button(
            "Apply shock",
            on_click=_catching(problem.set, apply_shock),
            color="warning",
            disabled=at_end.value,
        )
        if at_end.value:
            solara.Text("The run is over: Reset to start again.", classes=["netsim-help"])
    ErrorBox(problem.value)
    if fail:
        Failing("workshop")
    if present.value:
        solara.Column(children=[live], classes=["netsim-live-box"])
        PresetTexts(run.scenario)
        TextLevers()
        LiveInfo()
    else:
        with solara.Columns([1, 3]):
            with solara.Column():
                PresetTexts(run.scenario)
                RoomStarter(run.scenario.name)
                TextLevers()
            with solara.Column():
                solara.Column(children=[live], classes=["netsim-live-box"])
                LiveInfo()


def _session_place() -> tuple[bool, str]:
    """Whether this browser session connects from this computer, and from which address.

    The address is the one of the session's websocket connection to this server (its
    TCP peer, not a header a browser could set). No address known counts as remote.
    """
    kernels = solara.server.kernel_context
    if not kernels.has_current_context():
        return False, "an unknown address"
    session = getattr(kernels.get_current_context().kernel, "session", None)
    hosts = sorted(
        {
            str(getattr(getattr(getattr(w, "ws", None), "client", None), "host", None))
            for w in list(getattr(session, "websockets", ()))
        }
    )
    local = bool(hosts) and all(is_loopback(h) for h in hosts)
    return local, ", ".join(hosts) or "an unknown address"


@solara.component
def RoomStarter(current: str) -> None:
    """Start a workshop room from the dashboard; its projector link stays on this computer.

    Only a session whose connection comes from this computer (loopback) sees the
    controls and the links with the instructor's key; any other sees why not. The
    rooms run on :data:`ROOMS`, the same room server as ``netsim workshop``, apart
    from this dashboard's sessions (see :mod:`netsim.dashboard.room.host`).

    Args:
        current: the preset the Workshop view shows (the room's, if a workshop preset).
    """
    presets = [n for n in shipped_names() if n.startswith("workshop_")]
    first = ROOM_PRESET if ROOM_PRESET in presets else (presets or [""])[0]
    preset = solara.use_reactive(current if current in presets else first)

    def follow() -> None:  # the preset shown beside, when it is a workshop preset
        if current in presets:
            preset.set(current)

    solara.use_effect(follow, [current])
    months = solara.use_reactive(72)
    season = solara.use_reactive(str(SEASONS[-1]))
    started = solara.use_reactive(cast(list[dict[str, str]], []))
    replay_page = solara.use_reactive("")
    problem = solara.use_reactive("")
    where = _session_place()

    def start() -> None:
        problem.set("")
        if not _session_place()[0]:  # asked again when it acts, not only when drawn
            problem.set("Rooms are started on the instructor's computer only.")
            return
        try:
            form = {"preset": preset.value, "months": months.value, "season": season.value}
            room = ROOMS.open(form)
        except RoomError as exc:
            problem.set(str(exc))
            return
        shown = {
            "code": room.code,
            "preset": room.game.scenario.title,
            "projector": ROOMS.projector_url(room),
            "join": ROOMS.server.join_url(room),
        }
        started.set([shown, *started.value])

    def open_replay() -> None:
        problem.set("")
        if not _session_place()[0]:
            problem.set("Rooms are started on the instructor's computer only.")
            return
        try:
            ROOMS.start()
        except RoomError as exc:
            problem.set(str(exc))
            return
        replay_page.set(ROOMS.local_base + "/new")

    with solara.Column(classes=["netsim-room-starter"]):
        Html("Start a workshop room", tag="h4")
        if not where[0]:
            Html(
                "<p class='netsim-room-refused'>Rooms are started on the instructor's computer "
                f"only, and this browser connects from {escape(where[1])}. Open the dashboard "
                "on the computer that runs <code>netsim dashboard</code> (its "
                "<code>localhost</code> address) to start a room; participants join with the "
                "room's code.</p>"
            )
            return
        Html(
            "<p class='netsim-help'>A room lets every participant play an actor from their "
            "phone while this computer runs the model and the projector shows it "
            "(docs/workshop.md).</p>"
        )
        if ROOMS.host not in room_host.WILDCARD:
            Html(
                "<p class='netsim-help netsim-room-local-only'>This dashboard listens on "
                f"{escape(ROOMS.host)} only, and so do its rooms: for phones on the same "
                "network, start it with <code>netsim dashboard --host 0.0.0.0</code>.</p>"
            )
        solara.Select(label="Workshop preset", value=preset, values=presets)
        solara.InputInt("Length (months)", value=months)
        solara.Text("Months per season (between two decision pauses)")
        solara.ToggleButtonsSingle(value=season, values=[str(n) for n in SEASONS])
        with solara.Row(style={"gap": "8px", "flex-wrap": "wrap"}):
            solara.Button(
                "Start a room",
                on_click=_catching(problem.set, start),
                color="primary",
                classes=["netsim-start-room"],
            )
            solara.Button(
                "Replay a downloaded game",
                on_click=_catching(problem.set, open_replay),
                text=True,
                classes=["netsim-replay-room"],
            )
        ErrorBox(problem.value)
        if replay_page.value:
            Html(
                f"<p><a class='netsim-replay-link' href='{escape(replay_page.value)}' "
                "target='_blank' rel='noopener'>Open the replay page</a> and upload the game "
                "file there (it also opens rooms with a seed and a countdown of your choice).</p>"
            )
        for room in started.value:
            Html(
                f"<div class='netsim-room' data-code='{escape(room['code'])}'>"
                f"<b>Room {escape(room['code'])}</b> ({escape(room['preset'])}): "
                f"<a class='netsim-projector-link' href='{escape(room['projector'])}' "
                "target='_blank' rel='noopener'>open the projector page</a> on this computer "
                "(the link holds the instructor's key: keep it to yourself). Participants "
                f"open <code>{escape(room['join'])}</code> or scan the projector's QR code.</div>"
            )


def _admit() -> bool:
    """Take one of the server's session slots for this browser session, or say it is full.

    The slot is freed when Solara closes the session (its tab closed, or gone for the
    cull time), so a closed tab's models and threads go with it.
    """
    kernels = solara.server.kernel_context
    if not kernels.has_current_context():  # rendered outside a server (tests)
        return True
    context = kernels.get_current_context()
    if not SESSIONS.admit(context.id, LIMITS.max_sessions):
        return False
    context.on_close(partial(SESSIONS.release, context.id))
    return True


@solara.component
def RoomFull() -> None:
    """The page a session sees when the server already serves as many as it may."""
    solara.Title("netsim dashboard: the room is full")
    solara.Style(CSS)
    with solara.Column(classes=["netsim-room-full"], style={"padding": "24px"}):
        solara.HTML(tag="h2", unsafe_innerHTML="The room is full")
        Html(
            f"<p>This netsim dashboard already serves {LIMITS.max_sessions} browser sessions, "
            "as many as it is set to. A closed tab's place comes free within a minute: "
            "reload this page then, or ask the host to start the server with a larger "
            "<code>--max-sessions</code>.</p>"
        )


@solara.component
def Page() -> None:
    """The dashboard: an Explore view and a Workshop view, with presentation mode."""
    admitted = solara.use_memo(_admit, dependencies=[])
    if admitted:
        Dashboard()
    else:
        RoomFull()


@solara.component
def Dashboard() -> None:
    """The views of an admitted session (its own component: hooks never follow a return)."""
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
        # a view is built the first time it is shown, then kept (hidden) with its state;
        # keyed, since reacton matches children by position: without keys, the Explore view
        # built after the Workshop one would take over the Workshop's place and state
        # (its error boundary's failure among them)
        if view.value == "Explore" or "Explore" in shown.value:
            solara.Column(
                children=[Guarded("Explore", ExploreView)],
                classes=["netsim-explore", *hidden("Explore")],
            ).key("explore")
        if view.value == "Workshop" or "Workshop" in shown.value:
            solara.Column(
                children=[Guarded("Workshop", partial(WorkshopView, present))],
                classes=["netsim-workshop", *hidden("Workshop")],
            ).key("workshop")


page = Page
