"""The workshop room's debrief figures: the room's run beside the same country, and its decisions.

The room's game and the comparison runs come in as indicator tables by run name
(``room``, ``no decisions``, ``top_down``, ``bottom_up``); the decisions as plain
rows (month, who, what was chosen), so this module knows nothing of rooms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from netsim.report import charts

ROOM = "room"
"""The run name of the room's own game."""


def comparison(
    runs: Mapping[str, pd.DataFrame],
    column: str,
    decisions: Sequence[Mapping[str, Any]],
    *,
    title: str,
) -> go.Figure:
    """One indicator over time for every run, each decision marked on the room's line."""
    data = pd.concat(
        [r.assign(scenario=name, replication=0) for name, r in runs.items()], ignore_index=True
    )
    marks = [{"month": d["month"], "kind": d["who"], "scenario": ROOM} for d in decisions]
    return charts.indicator_over_time(data, column, title=title, events=marks)


def timeline(decisions: Sequence[Mapping[str, Any]], months: int) -> go.Figure:
    """Who decided what, when: one row per role, one marker per decision, labelled."""
    fig = go.Figure()
    rows = sorted({d["who"] for d in decisions}, key=lambda w: (w == "instructor", w))
    for who in rows:
        mine = [d for d in decisions if d["who"] == who]
        fig.add_trace(
            go.Scatter(
                x=[d["month"] for d in mine],
                y=[who] * len(mine),
                mode="markers+text",
                text=[d["choice"] for d in mine],
                textposition="top right",
                marker={"size": 11, "symbol": "diamond" if who == "instructor" else "circle"},
                name=who,
                hovertemplate="month %{x}: %{text}<extra>" + who + "</extra>",
            )
        )
    fig.update_xaxes(title="month (when the choice took effect)")
    fig.update_xaxes(range=[-1, months + 1])
    fig.update_layout(showlegend=False)
    height = 140 + 45 * max(len(rows), 1)
    return charts.layout(fig, "The room's decisions on the timeline", height=height)
