"""Charts: scheduled shocks are marked once per month and subplot, whatever their number."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netsim.report import charts


def _runs(months: int = 120) -> pd.DataFrame:
    rows = []
    for rep in range(2):
        for m in range(months + 1):
            rows.append(
                {"scenario": "a", "replication": rep, "month": m,
                 "reach_teachers": m / months, "reach_schools": m / (2 * months)}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_shock_markers_grow_with_the_months_that_have_shocks_not_with_the_shocks() -> None:
    data = _runs()
    monthly = [{"month": m, "kind": "national_event"} for m in range(1, 121)]
    doubled = monthly + [{"month": m, "kind": "funding_cut"} for m in range(1, 121)]
    fig = charts.reach_over_time(data, events=doubled)
    # two subplots (teachers, schools): one line per month and subplot
    assert len(fig.layout.shapes) == 120 * 2
    labels = {a.text for a in fig.layout.annotations if a.x == 5}
    assert labels == {"national event, funding cut"}
    single = charts.indicator_over_time(data, "reach_teachers", events=monthly[:3] * 4)
    assert len(single.layout.shapes) == 3
    assert {a.text for a in single.layout.annotations} >= {"national event ×4"}
    assert np.isfinite([s.x0 for s in single.layout.shapes]).all()


def test_a_scenarios_shocks_are_drawn_on_its_own_line_only() -> None:
    both = pd.concat([_runs(24).assign(scenario="A"), _runs(24).assign(scenario="B")])
    events = [
        {"month": 12, "kind": "funding_cut", "scenario": "B", "tag": "B"},
        {"month": 12, "kind": "funding_cut", "scenario": "B", "tag": "B"},
        {"month": 18, "kind": "national_event", "scenario": "B", "tag": "B"},
    ]
    fig = charts.reach_over_time(both, events=events)
    assert not fig.layout.shapes  # no line across every scenario's chart
    colours = charts.scenario_colours(["A", "B"])
    marks = [t for t in fig.data if t.name == "B: shocks"]
    assert len(marks) == 2 * 2  # a stem trace and a marker trace per subplot
    assert not [t for t in fig.data if t.name == "A: shocks"]
    for t in marks:
        assert t.legendgroup == "B"  # hiding B in the legend hides its shocks
        assert t.showlegend is False
        colour = t.line.color if t.mode == "lines" else t.marker.color
        assert colour == colours["B"]
    markers = [t for t in marks if t.mode == "markers+text"]
    assert list(markers[0].text) == ["funding cut ×2 (B)", "national event (B)"]
    # each marker sits on B's own mean line, at the shock's month
    for t in markers:
        line = next(
            d for d in fig.data
            if d.name == "B" and d.mode == "lines" and (d.xaxis, d.yaxis) == (t.xaxis, t.yaxis)
        )  # fmt: skip
        for month, height in zip(t.x, t.y, strict=True):
            assert height == pytest.approx(float(np.interp(month, line.x, line.y)))
    # a shock without a scenario (a single run's) is still a grey line on every subplot
    single = charts.reach_over_time(_runs(24), events=[{"month": 6, "kind": "funding_cut"}])
    assert len(single.layout.shapes) == 2


def test_a_shocks_label_faces_into_the_plot_near_either_end() -> None:
    # scenario A's labels go to the "top left" of their marks: at month 0 that would run
    # out of the plot and be cut off, so the label turns right; at the last month it stays
    # left, and in the middle it keeps its side
    data = _runs(24).assign(scenario="A")
    events = [{"month": m, "kind": "funding_cut", "scenario": "A"} for m in (0, 12, 24)]
    fig = charts.indicator_over_time(data, "reach_teachers", events=events)
    (marker,) = [t for t in fig.data if t.name == "A: shocks" and t.mode == "markers+text"]
    assert list(marker.x) == [0, 12, 24]
    assert list(marker.textposition) == ["top right", "top left", "top left"]
    # B's side is "bottom right": at the last month it turns left
    both = pd.concat([data, _runs(24).assign(scenario="B")])
    events_b = [{"month": m, "kind": "funding_cut", "scenario": "B"} for m in (0, 12, 24)]
    fig = charts.indicator_over_time(both, "reach_teachers", events=events + events_b)
    (marker,) = [t for t in fig.data if t.name == "B: shocks" and t.mode == "markers+text"]
    assert list(marker.textposition) == ["bottom right", "bottom right", "bottom left"]
