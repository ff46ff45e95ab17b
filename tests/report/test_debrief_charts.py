"""The workshop room's debrief figures."""

from __future__ import annotations

import pandas as pd

from netsim.report import debrief_charts


def runs() -> dict[str, pd.DataFrame]:
    months = list(range(13))
    return {
        name: pd.DataFrame({"month": months, "reach_teachers": [k * f for k in months]})
        for name, f in (("room", 0.02), ("no decisions", 0.01), ("top_down", 0.015))
    }


DECISIONS = [
    {"month": 0, "who": "The ministry", "choice": "A strong mandate"},
    {"month": 0, "who": "instructor", "choice": "shock: funding cut"},
    {"month": 6, "who": "The ministry", "choice": "No mandate"},
]


def test_comparison_draws_every_run_and_marks_the_room() -> None:
    fig = debrief_charts.comparison(runs(), "reach_teachers", DECISIONS, title="Reach")
    names = {t.name for t in fig.data}
    assert {"room", "no decisions", "top_down"} <= names
    text = fig.to_json()
    assert "The ministry" in text


def test_timeline_has_one_row_per_actor_and_every_choice() -> None:
    fig = debrief_charts.timeline(DECISIONS, months=12)
    assert [t.name for t in fig.data] == ["The ministry", "instructor"]
    assert list(fig.data[0].x) == [0, 6]
    assert list(fig.data[0].text) == ["A strong mandate", "No mandate"]
