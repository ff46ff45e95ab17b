"""Every plotly figure netsim draws, for the reports and the dashboard.

Each builder takes a tidy result table (see :mod:`netsim.evaluate.runner`: columns
``scenario``, ``replication``, ``month`` and the indicators; one or several
scenarios) and returns a :class:`plotly.graph_objects.Figure`; none of them
reads files or runs a model.

Uncertainty across replications is drawn the same way everywhere: a line for
the mean over replications and a shaded band from the 5th to the 95th
percentile (:data:`BAND`). Bar charts of final values carry the same 5-95 %
range as error bars. Scheduled shocks can be marked with vertical lines. Labels,
and which indicators are shares (drawn as percentages), come from the indicator
registry (:func:`netsim.core.indicators.label`, :func:`~netsim.core.indicators.is_share`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from netsim.analysis.tables import final_values
from netsim.core.indicators import REGION, is_share, label
from netsim.core.population import LEVELS

BAND = (0.05, 0.95)
"""Quantiles of the band drawn around the mean across replications."""

NODE_COLOURS: dict[str, str] = {
    "teacher": "#9aa5b1",
    "school": "#6c8ebf",
    "university": "#8e44ad",
    "company": "#e67e22",
    "ministry": "#c0392b",
    "centre": "#27ae60",
}
"""Colour of each node type in the network picture."""

ENGAGED_COLOURS = ("#d5dbe1", "#7fb3d5", "#2874a6", "#f1c40f")
"""Teacher colours by engagement: never, occasional, regular, lead."""

TIE_COLOURS = {
    "punctual": "rgba(149,165,166,0.25)",
    "periodic": "rgba(93,109,126,0.3)",
    "continuous": "rgba(46,64,83,0.35)",
}
"""Edge colour by kind of tie (translucent, so that dense bundles stay readable)."""

_NODE_STYLE: dict[str, tuple[str, int, str]] = {
    "teacher": ("teachers", 5, "circle"),
    "school": ("schools", 6, "square"),
    "university": ("universities", 11, "diamond"),
    "company": ("companies", 9, "triangle-up"),
    "ministry": ("ministries", 12, "star"),
    "centre": ("PD centres", 15, "circle"),
}
"""Legend name, marker size and symbol of each node type."""

_ENGAGEMENT_NAMES = ("never", "occasional", "regular", "lead")


def _node_groups(
    nodes: pd.DataFrame,
) -> list[tuple[str, np.ndarray, str, int, str, str]]:
    """Legend groups of a network snapshot's nodes: teachers by engagement, others by type.

    Returns:
        (legend name, row mask, colour, marker size, marker symbol, node type) per group.
    """
    kinds = nodes["type"].to_numpy()
    eng = nodes["engagement"].to_numpy().clip(0, 3)
    groups = []
    for node_type, colour in NODE_COLOURS.items():
        mask = kinds == node_type
        plural, size, symbol = _NODE_STYLE[node_type]
        if node_type == "teacher":
            for e in range(4):
                name = f"{plural}, {_ENGAGEMENT_NAMES[e]}"
                groups.append(
                    (name, mask & (eng == e), ENGAGED_COLOURS[e], size, symbol, node_type)
                )
        else:
            groups.append((plural, mask, colour, size, symbol, node_type))
    return groups


_HEIGHT = 380


def scenario_colours(names: Iterable[str]) -> dict[str, str]:
    """Give each scenario a fixed colour, in order of appearance."""
    palette = qualitative.Plotly
    return {name: palette[k % len(palette)] for k, name in enumerate(dict.fromkeys(names))}


def _rgba(colour: str, alpha: float) -> str:
    h = colour.lstrip("#")
    r, g, b = (int(h[k : k + 2], 16) for k in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _scenarios(data: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(data["scenario"]))


def band_table(data: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean and 5-95 % band of ``column`` per scenario and month, across replications.

    Months where the indicator was not measured (NaN in every replication) are dropped.
    """
    rows = data[["scenario", "month", column]].dropna()
    grouped = rows.groupby(["scenario", "month"], sort=False)[column]
    out = pd.DataFrame(
        {
            "mean": grouped.mean(),
            "low": grouped.quantile(BAND[0]),
            "high": grouped.quantile(BAND[1]),
        }
    )
    return out.reset_index()


def _band_trace(
    x: np.ndarray, low: pd.Series, high: pd.Series, colour: str, group: str
) -> go.Scatter:
    """The shaded band from ``low`` to ``high`` over ``x``, in ``group``'s legend group."""
    return go.Scatter(
        x=np.concatenate([x, x[::-1]]),
        y=np.concatenate([high.to_numpy(), low.to_numpy()[::-1]]),
        fill="toself",
        fillcolor=_rgba(colour, 0.18),
        line={"width": 0},
        hoverinfo="skip",
        showlegend=False,
        legendgroup=group,
    )


def _add_band(
    fig: go.Figure,
    data: pd.DataFrame,
    column: str,
    *,
    row: int | None = None,
    col: int | None = None,
    legend: bool = True,
    dash: str | None = None,
    name_suffix: str = "",
) -> None:
    """Add a mean line and a 5-95 % band per scenario to ``fig``."""
    colours = scenario_colours(_scenarios(data))
    table = band_table(data, column)
    where: dict[str, Any] = {"row": row, "col": col} if row is not None else {}
    for name, colour in colours.items():
        t = table[table["scenario"] == name]
        if t.empty:
            continue
        x = t["month"].to_numpy()
        fig.add_trace(_band_trace(x, t["low"], t["high"], colour, name), **where)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=t["mean"],
                mode="lines",
                name=f"{name}{name_suffix}",
                legendgroup=name,
                showlegend=legend,
                line={"color": colour, "width": 2, "dash": dash},
                customdata=np.stack([t["low"], t["high"]], axis=-1),
                hovertemplate=(
                    f"{name}{name_suffix}<br>month %{{x}}<br>mean %{{y:.3g}}"
                    "<br>5-95 %: %{customdata[0]:.3g} to %{customdata[1]:.3g}<extra></extra>"
                ),
            ),
            **where,
        )


SHARE_TICKS = ".2~%"
"""Tick labels of a share over time: up to two decimals, trailing zeros dropped, so a
share that stays below 1 % (lead teachers) reads 0.25 %, 0.5 % rather than 0 %, 0 %."""


def _axis_pairs(fig: go.Figure) -> list[tuple[str, str]]:
    """The (x, y) axis references of the subplots that hold a trace."""
    used = {(tr.xaxis or "x", tr.yaxis or "y") for tr in fig.data}
    return sorted(used, key=lambda xy: int(xy[0][1:] or 1))


def _shock_text(kinds: Mapping[str, int]) -> str:
    """``national event ×3, funding cut``: the kinds of shocks of one month, counted."""
    return ", ".join(k if n == 1 else f"{k} ×{n}" for k, n in kinds.items())


def _by_month(events: Iterable[Mapping[str, Any]]) -> dict[float, dict[str, int]]:
    """Shocks by month: kind (in words) -> how many."""
    out: dict[float, dict[str, int]] = {}
    for event in events:
        kinds = out.setdefault(float(event["month"]), {})
        kind = str(event["kind"]).replace("_", " ")
        kinds[kind] = kinds.get(kind, 0) + 1
    return out


def _mark_events(fig: go.Figure, events: Sequence[Mapping[str, Any]] | None) -> None:
    """Mark scheduled shocks on every subplot.

    A shock without a ``scenario`` (a single run's) gets a grey dotted vertical line
    at its month. A shock with a ``scenario`` (the name of a scenario in the chart)
    belongs to that scenario: it is drawn on that scenario's own line only (see
    :func:`_mark_scenario_events`). Shocks of the same month share one line and one
    label ("national event ×3"), and the shapes are added in one layout update:
    plotly's ``add_vline`` re-scans every subplot on each call, which took minutes
    for a few hundred events.
    """
    if not events:
        return
    shared = [e for e in events if not e.get("scenario")]
    own = [e for e in events if e.get("scenario")]
    if own:
        _mark_scenario_events(fig, own)
    if not shared:
        return
    by_month = _by_month(shared)
    line = {"dash": "dot", "color": "#7f8c8d", "width": 1}
    shapes = list(fig.layout.shapes or ())
    notes = list(fig.layout.annotations or ())
    for x, y in _axis_pairs(fig):
        ref = "y domain" if y == "y" else f"{y} domain"
        for month, kinds in sorted(by_month.items()):
            shapes.append(
                {"type": "line", "xref": x, "yref": ref, "x0": month, "x1": month,
                 "y0": 0, "y1": 1, "line": line}
            )  # fmt: skip
            notes.append(
                {"xref": x, "yref": ref, "x": month, "y": 1, "text": _shock_text(kinds),
                 "showarrow": False, "xanchor": "right", "yanchor": "top",
                 "font": {"size": 10}}
            )  # fmt: skip
    fig.update_layout(shapes=shapes, annotations=notes)


SHOCK_MARKER = "diamond"
"""Marker symbol of a scenario's shock, drawn on that scenario's line."""


def _mark_scenario_events(fig: go.Figure, events: Sequence[Mapping[str, Any]]) -> None:
    """Draw each scenario's shocks on its own mean line, in its colour, on every subplot.

    For each month with shocks of a scenario: a dotted stem in the scenario's colour
    from the bottom of the subplot's data up to the scenario's line, and a marker on
    the line labelled with the shocks (and ``tag``, if the events give one: "funding
    cut (B)"); hovering names the scenario. Stems and markers are traces of the
    scenario's legend group, so hiding a scenario in the legend hides its shocks too;
    other scenarios' lines carry no mark of them. Two traces per scenario and subplot,
    however many shocks.
    """
    by_scenario: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        by_scenario.setdefault(str(event["scenario"]), []).append(event)
    traces = list(fig.data)
    # labels of different scenarios on different sides of their marks, so that shocks
    # of two scenarios in nearby months do not write over each other
    sides = ("top left", "bottom right", "top right", "bottom left")
    side = {name: sides[k % len(sides)] for k, name in enumerate(by_scenario)}
    for xref, yref in _axis_pairs(fig):
        here = [t for t in traces if (t.xaxis or "x", t.yaxis or "y") == (xref, yref)]
        values = np.concatenate([np.asarray(t.y, dtype=float) for t in here if t.y is not None])
        values = values[np.isfinite(values)]
        if values.size == 0:
            continue
        bottom = float(values.min())
        where = {"xaxis": xref, "yaxis": yref}
        for name, own in by_scenario.items():
            line = next(
                (t for t in here if t.legendgroup == name and t.fill != "toself" and t.line.color),
                None,
            )
            if line is None:
                continue  # this scenario has no line here, so no shock to mark on it
            colour = line.line.color
            x, y = np.asarray(line.x, dtype=float), np.asarray(line.y, dtype=float)
            ok = np.isfinite(x) & np.isfinite(y)
            if not ok.any():
                continue
            order = np.argsort(x[ok])
            xs, ys = x[ok][order], y[ok][order]
            months, heights, texts = [], [], []
            tag = str(own[0].get("tag") or name)
            for month, kinds in sorted(_by_month(own).items()):
                months.append(month)
                heights.append(float(np.interp(month, xs, ys)))
                texts.append(_shock_text(kinds))
            stem_x = [v for m in months for v in (m, m, None)]
            stem_y = [v for h in heights for v in (bottom, h, None)]
            fig.add_trace(
                go.Scatter(
                    x=stem_x, y=stem_y, mode="lines", legendgroup=name, showlegend=False,
                    line={"color": colour, "width": 1.5, "dash": "dot"}, hoverinfo="skip",
                    name=f"{tag}: shocks", **where,
                )
            )  # fmt: skip
            fig.add_trace(
                go.Scatter(
                    x=months, y=heights, mode="markers+text", legendgroup=name,
                    showlegend=False, name=f"{tag}: shocks",
                    text=[f"{t} ({tag})" for t in texts],
                    textposition=[_inside(side[name], m, xs[0], xs[-1]) for m in months],
                    cliponaxis=False,
                    textfont={"color": colour, "size": 11},
                    marker={"symbol": SHOCK_MARKER, "size": 10, "color": colour,
                            "line": {"color": "white", "width": 1}},
                    customdata=texts,
                    hovertemplate=f"{name}<br>month %{{x}}: %{{customdata}}<extra></extra>",
                    **where,
                )
            )  # fmt: skip


def _inside(side: str, month: float, first: float, last: float) -> str:
    """``side`` ("top left"), turned to face inward near either end of the x axis.

    A label written leftward from a mark in the first sixth of the months (or rightward
    in the last sixth) would run out of the plot and be cut off.
    """
    vertical, horizontal = side.split()
    span = max(last - first, 1e-9)
    if month - first < span / 6:
        horizontal = "right"
    elif last - month < span / 6:
        horizontal = "left"
    return f"{vertical} {horizontal}"


def layout(fig: go.Figure, title: str, *, height: int = _HEIGHT) -> go.Figure:
    """Give ``fig`` the reports' look: title, white template, margins, legend below."""
    fig.update_layout(
        title={"text": title, "x": 0.01},
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "y": -0.18},
        hovermode="closest",
    )
    return fig


def indicator_over_time(
    data: pd.DataFrame,
    column: str,
    *,
    title: str | None = None,
    events: Sequence[Mapping[str, Any]] | None = None,
) -> go.Figure:
    """One indicator over time: mean and 5-95 % band across replications, per scenario."""
    fig = go.Figure()
    _add_band(fig, data, column)
    fig.update_xaxes(title="month")
    fig.update_yaxes(title=label(column), tickformat=SHARE_TICKS if is_share(column) else None)
    _mark_events(fig, events)
    return layout(fig, title or f"{label(column)} (mean, band 5-95 % of runs)")


def series_bands_chart(bands: pd.DataFrame, column: str, *, title: str | None = None) -> go.Figure:
    """An outcome over time across a sweep's runs: median line and 5-95 % band per group.

    Args:
        bands: a table of :func:`netsim.analysis.series.series_bands` (``group``,
            ``month``, ``median``, ``p5``, ``p95``, ``runs``).
        column: the indicator, for the axis label and the percent ticks of a share.
        title: the chart's title (default: the indicator's label).
    """
    fig = go.Figure()
    groups = list(dict.fromkeys(bands["group"]))
    colours = scenario_colours(groups)
    for name in groups:
        t = bands[bands["group"] == name]
        x = t["month"].to_numpy()
        colour = colours[name]
        fig.add_trace(_band_trace(x, t["p5"], t["p95"], colour, name))
        fig.add_trace(
            go.Scatter(
                x=x,
                y=t["median"],
                mode="lines",
                name=name,
                legendgroup=name,
                showlegend=len(groups) > 1,
                line={"color": colour, "width": 2},
                customdata=np.stack([t["p5"], t["p95"], t["runs"]], axis=-1),
                hovertemplate=(
                    f"{name}<br>month %{{x}}<br>median %{{y:.3g}}<br>5-95 %: "
                    "%{customdata[0]:.3g} to %{customdata[1]:.3g}<br>%{customdata[2]} runs"
                    "<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(title="month")
    fig.update_yaxes(title=label(column), tickformat=SHARE_TICKS if is_share(column) else None)
    heading = title or label(column)
    return layout(fig, f"{heading} (median, band 5-95 % of runs)")


def _grid(
    data: pd.DataFrame,
    columns: Sequence[str],
    title: str,
    *,
    cols: int = 2,
    events: Sequence[Mapping[str, Any]] | None = None,
) -> go.Figure:
    """Small multiples: one panel per indicator, bands per scenario."""
    columns = [c for c in columns if c in data.columns]
    rows = max(1, -(-len(columns) // cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[label(c) for c in columns],
        horizontal_spacing=0.1,
        vertical_spacing=0.16 if rows > 1 else 0.1,
    )
    for k, column in enumerate(columns):
        r, c = k // cols + 1, k % cols + 1
        _add_band(fig, data, column, row=r, col=c, legend=k == 0)
        if is_share(column):
            fig.update_yaxes(tickformat=SHARE_TICKS, row=r, col=c)
        fig.update_xaxes(title="month" if r == rows else None, row=r, col=c)
    _mark_events(fig, events)
    return layout(fig, f"{title} (mean, band 5-95 % of runs)", height=60 + 300 * rows)


TIME_CHARTS: dict[str, tuple[str, ...]] = {
    "Reach": ("reach_teachers", "reach_schools"),
    "Depth": ("practice_mean", "lead_share", "regular_share", "attendance", "mandated_attendance"),
    "Money": ("budget_month", "money_spent", "reach_per_million", "cost_per_teacher_reached"),
    "Equity": ("equity_gap_region", "equity_gap_level"),
    "Trust": ("trust_mean", "trust_sd"),
    "Network shape": (
        "largest_component",
        "clustering",
        "cross_sector_ties",
        "cross_region_ties",
        "centre_brokerage",
        "ties_continuous",
    ),
    "Institutions": (
        "n_centres",
        "schools_with_agreement",
        "companies_engaged",
        "universities_engaged",
    ),
}
"""The indicators of each chart over time, by the chart's title, in panel order.

Read by the builders below and by whoever explains the charts (the dashboard's
definitions), so both name the same indicators. ``mandated_attendance`` is drawn
only when some teacher was mandated.
"""


def reach_over_time(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Reach: share of teachers and of schools active in PD."""
    return _grid(data, TIME_CHARTS["Reach"], "Reach", events=events)


def depth_over_time(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Depth: practice change, regular participants, lead teachers and attendance."""
    columns = list(TIME_CHARTS["Depth"])
    if "mandated_attendance" not in data or not data["mandated_attendance"].fillna(0).any():
        columns.remove("mandated_attendance")
    return _grid(data, columns, "Depth", events=events)


def trust_over_time(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Trust: its mean and its spread across teachers."""
    return _grid(data, TIME_CHARTS["Trust"], "Trust", events=events)


def network_shape(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Network shape, measured every ``network_interval`` months, and the kinds of ties."""
    return _grid(data, TIME_CHARTS["Network shape"], "Network shape", events=events)


def institutions_over_time(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Institutions: centres, agreements, companies and universities engaged."""
    return _grid(data, TIME_CHARTS["Institutions"], "Institutions", events=events)


def money_over_time(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Cost: money spent each month and in all, and teachers reached per million euros."""
    return _grid(data, TIME_CHARTS["Money"], "Money", events=events)


def equity_over_time(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> go.Figure:
    """Equity: largest reach gap between regions and between school levels."""
    return _grid(data, TIME_CHARTS["Equity"], "Equity", events=events)


def _final_bars(data: pd.DataFrame, columns: Sequence[str], title: str) -> go.Figure:
    """Grouped bars of final values per scenario, with 5-95 % error bars."""
    last = final_values(data)
    colours = scenario_colours(_scenarios(data))
    fig = go.Figure()
    for name, colour in colours.items():
        rows = last[last["scenario"] == name]
        present = [c for c in columns if c in rows and rows[c].notna().any()]
        means = rows[present].mean()
        low = rows[present].quantile(BAND[0])
        high = rows[present].quantile(BAND[1])
        fig.add_trace(
            go.Bar(
                x=[label(c) for c in present],
                y=means,
                name=name,
                marker_color=colour,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (high - means).clip(lower=0),
                    "arrayminus": (means - low).clip(lower=0),
                },
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.1%}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", title="share reached")
    return layout(fig, f"{title} at the end (mean, bars 5-95 % of runs)")


def reach_by_level(data: pd.DataFrame) -> go.Figure:
    """Final reach of teachers by school level."""
    return _final_bars(data, [f"reach_{lvl}" for lvl in LEVELS], "Reach by school level")


def reach_by_region(data: pd.DataFrame) -> go.Figure:
    """Final reach of teachers by region."""
    regions = sorted(
        (c for c in data.columns if c.startswith("reach_region_")),
        key=lambda c: int(c.removeprefix("reach_region_")),
    )
    return _final_bars(data, regions, "Reach by region")


def differences_chart(differences: pd.DataFrame, indicators: Sequence[str]) -> go.Figure:
    """Forest plot of final differences to the baseline with their confidence intervals."""
    rows = differences[differences["indicator"].isin(indicators)]
    scenarios = list(dict.fromkeys(rows["scenario"]))
    colours = scenario_colours(["baseline", *scenarios])
    panels = [i for i in indicators if i in set(rows["indicator"])]
    fig = make_subplots(rows=len(panels) or 1, cols=1, subplot_titles=[label(i) for i in panels])
    for k, indicator in enumerate(panels, start=1):
        part = rows[rows["indicator"] == indicator]
        for name in scenarios:
            r = part[part["scenario"] == name]
            if r.empty:
                continue
            d, lo, hi = (float(r[c].iloc[0]) for c in ("difference", "ci_low", "ci_high"))
            fig.add_trace(
                go.Scatter(
                    x=[d],
                    y=[name],
                    mode="markers",
                    marker={"color": colours[name], "size": 10},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": [hi - d],
                        "arrayminus": [d - lo],
                    },
                    name=name,
                    legendgroup=name,
                    showlegend=k == 1,
                    hovertemplate=(
                        f"{name} - baseline<br>{label(indicator)}: %{{x:.3g}}"
                        f"<br>95 % CI {lo:.3g} to {hi:.3g}<extra></extra>"
                    ),
                ),
                row=k,
                col=1,
            )
        fig.add_vline(x=0, line={"color": "#7f8c8d", "width": 1}, row=k, col=1)
    base = str(rows["baseline"].iloc[0]) if not rows.empty else "baseline"
    fig = layout(
        fig,
        f"Final difference to {base} (mean of paired runs, 95 % t-interval)",
        height=90 + 110 * max(len(panels), 1),
    )
    fig.update_layout(showlegend=False)
    return fig


def _layout_nodes(nodes: pd.DataFrame, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Place nodes: regions on a circle, organisations near a region's middle, teachers around.

    National nodes (region -1) sit at the centre. The jitter is seeded, so the
    same snapshot is always drawn the same way.
    """
    rng = np.random.default_rng(seed)
    region = nodes["region"].to_numpy()
    kind = nodes["type"].to_numpy()
    n_regions = int(region.max()) + 1 if region.size and region.max() >= 0 else 1
    angle = 2 * np.pi * np.where(region >= 0, region, 0) / n_regions
    radius = np.where(region >= 0, 1.0, 0.0)
    cx, cy = radius * np.cos(angle), radius * np.sin(angle)
    spread = np.select(
        [kind == "centre", kind == "ministry", kind == "teacher"], [0.03, 0.08, 0.42], 0.22
    )
    spread = spread * np.sqrt(rng.uniform(size=region.size)) * min(1.0, 4.0 / n_regions + 0.3)
    theta = rng.uniform(0, 2 * np.pi, region.size)
    return cx + spread * np.cos(theta), cy + spread * np.sin(theta)


def network_picture(snapshot: Mapping[str, pd.DataFrame], *, title: str | None = None) -> go.Figure:
    """The network at one moment: nodes by type (teachers by engagement), ties by kind.

    Args:
        snapshot: ``{"nodes": DataFrame(id, type, region, engagement), "edges":
            DataFrame(a, b, kind, trust, formal)}`` as returned by
            ``PDNetworkModel.network_snapshot()``.
        title: figure title.
    """
    nodes = snapshot["nodes"].reset_index(drop=True)
    edges = snapshot["edges"]
    x, y = _layout_nodes(nodes)
    where = pd.Series(np.arange(len(nodes)), index=nodes["id"].to_numpy())
    fig = go.Figure()
    for kind, colour in TIE_COLOURS.items():
        part = edges[edges["kind"] == kind]
        a = where.reindex(part["a"]).to_numpy()
        b = where.reindex(part["b"]).to_numpy()
        ok = ~(np.isnan(a) | np.isnan(b))
        a, b = a[ok].astype(int), b[ok].astype(int)
        if a.size == 0:
            continue
        ex = np.stack([x[a], x[b], np.full(a.size, np.nan)], axis=1).ravel()
        ey = np.stack([y[a], y[b], np.full(a.size, np.nan)], axis=1).ravel()
        fig.add_trace(
            go.Scattergl(
                x=ex,
                y=ey,
                mode="lines",
                line={"color": colour, "width": 0.7},
                name=f"{kind} ties ({a.size})",
                hoverinfo="skip",
            )
        )
    for name, m, c, size, symbol, node_type in _node_groups(nodes):
        if m.any():
            hover = [
                f"{node_type} {i}, region {r}"
                for i, r in zip(nodes["id"][m], nodes["region"][m], strict=True)
            ]
            fig.add_trace(
                go.Scattergl(
                    x=x[m],
                    y=y[m],
                    mode="markers",
                    marker={
                        "color": c,
                        "size": size,
                        "symbol": symbol,
                        "line": {"width": 0.5, "color": "white"},
                    },
                    name=f"{name} ({int(m.sum())})",
                    text=hover,
                    hoverinfo="text",
                )
            )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    fig = layout(fig, title or "The network at the end (replication 0)", height=620)
    fig.update_layout(legend={"orientation": "v", "y": 1, "x": 1.02})
    return fig


def run_figures(
    data: pd.DataFrame, *, events: Sequence[Mapping[str, Any]] | None = None
) -> list[go.Figure]:
    """The standard set of time charts and final bars for one or more scenarios."""
    return [
        reach_over_time(data, events=events),
        reach_by_level(data),
        reach_by_region(data),
        depth_over_time(data, events=events),
        trust_over_time(data, events=events),
        network_shape(data, events=events),
        institutions_over_time(data, events=events),
        money_over_time(data, events=events),
        equity_over_time(data, events=events),
    ]


# --- live pictures for the dashboard's workshop view ----------------------------------------
#
# These are built as plain plotly JSON (``{"data": [...], "layout": {...}}``), not as
# ``go.Figure``: a figure object validates every property and copies its template on
# each build (about 80 ms a frame), while the workshop draws several frames a second.

AGGREGATE_ABOVE = 2_000
"""Above this many teachers the live picture draws regions, not single teachers."""

LIVE_SERIES = ("reach_teachers", "reach_teachers_ever", "reach_schools", "regular_share")
"""Indicators of the live reach panel (all shares, so they share one axis)."""

LIVE_TIES = ("ties_punctual", "ties_periodic", "ties_continuous")
"""Indicators of the live tie-kinds panel."""

LIVE_PANELS: dict[str, tuple[str, ...]] = {
    "Reach": LIVE_SERIES,
    "Tie kinds (share of ties)": LIVE_TIES,
    "Reach by region (engaged now)": ("reach_region_<r>",),
}
"""The live panels of :func:`live_series`, by title: their indicators (``<r>``: each region)."""

LIVE_EDGES = 1_500
"""At most this many ties of one kind and trust level are drawn in the live picture."""

_LIVE_TIE_COLOURS = {
    ("punctual", False): "rgba(149,165,166,0.12)",
    ("punctual", True): "rgba(149,165,166,0.35)",
    ("periodic", False): "rgba(93,109,126,0.15)",
    ("periodic", True): "rgba(93,109,126,0.45)",
    ("continuous", False): "rgba(46,64,83,0.2)",
    ("continuous", True): "rgba(46,64,83,0.55)",
}
"""Tie colour by kind and trust (low, high): faint, so a dense network stays readable."""


def stable_jitter(n_nodes: int, seed: int = 0) -> np.ndarray:
    """Fixed offsets of every node id from its region's middle, shape ``(n_nodes, 2)``.

    Column 0 is a radius factor in [0, 1), column 1 an angle. Drawn once per
    model, they keep every node in the same place from one frame to the next.
    """
    rng = np.random.default_rng(seed)
    return np.column_stack([np.sqrt(rng.uniform(size=n_nodes)), rng.uniform(0, 2 * np.pi, n_nodes)])


def _spread_factor(n_regions: int) -> float:
    return min(1.0, 4.0 / n_regions + 0.3)


def stable_positions(
    ids: np.ndarray, kinds: np.ndarray, regions: np.ndarray, jitter: np.ndarray, n_regions: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of nodes by id: region on a circle, then the node's fixed offset.

    National nodes (region -1) sit at the centre. The same id, type and region
    always give the same position.
    """
    n_regions = max(int(n_regions), 1)
    angle = 2 * np.pi * np.where(regions >= 0, regions, 0) / n_regions
    radius = np.where(regions >= 0, 1.0, 0.0)
    cx, cy = radius * np.cos(angle), radius * np.sin(angle)
    spread = np.select(
        [kinds == "centre", kinds == "ministry", kinds == "teacher", kinds == "region"],
        [0.05, 0.08, 0.42, 0.0],
        0.22,
    ) * _spread_factor(n_regions)
    r, theta = jitter[ids, 0], jitter[ids, 1]
    return cx + spread * r * np.cos(theta), cy + spread * r * np.sin(theta)


def _coords(values: np.ndarray) -> list[float]:
    return [float(v) for v in np.round(values, 3)]


def _pairs(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Points as one flat list ``[x0, y0, x1, y1, ...]`` (3 decimals)."""
    return [float(v) for v in np.round(np.column_stack([x, y]), 3).ravel()]


def _sample_ties(a: np.ndarray, b: np.ndarray, limit: int) -> np.ndarray:
    """Mask keeping about ``limit`` ties, the same ties from one frame to the next."""
    if a.size <= limit:
        return np.ones(a.size, bool)
    code = a.astype(np.uint64) * np.uint64(2654435761) + b.astype(np.uint64) * np.uint64(40503)
    return (code % np.uint64(10_007)).astype(np.int64) < 10_007 * limit / a.size


def _mix(low: str, high: str, share: float) -> str:
    """The colour ``share`` of the way from ``low`` to ``high`` (hex colours)."""
    lo = np.array([int(low[k : k + 2], 16) for k in (1, 3, 5)], float)
    hi = np.array([int(high[k : k + 2], 16) for k in (1, 3, 5)], float)
    r, g, b = np.round(lo + (hi - lo) * min(max(share, 0.0), 1.0)).astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


@functools.cache
def _white_layout() -> dict[str, Any]:
    """The layout of plotly's ``plotly_white`` template, as JSON, built once."""
    return dict(pio.templates["plotly_white"].layout.to_plotly_json())


def _live_layout(title: str, height: int, large: bool) -> dict[str, Any]:
    return {
        "template": {"layout": _white_layout()},
        "title": {"text": title, "x": 0.01, "font": {"size": 22 if large else 15}},
        "height": height,
        "font": {"size": 18 if large else 12},
        "margin": {"l": 10, "r": 10, "t": 50 if large else 40, "b": 10},
        "hovermode": "closest",
    }


def live_network(
    snapshot: Mapping[str, pd.DataFrame],
    *,
    jitter: np.ndarray,
    n_regions: int,
    title: str = "The network",
) -> dict[str, Any]:
    """The network now, for the workshop view, with positions that do not move.

    Drawn on a canvas by the dashboard (``netsim/dashboard/live_view.js``): SVG
    plotly needs 150-300 ms for a frame of 1 500 teachers, a canvas a few.
    Nodes are coloured by type (teachers by engagement: never, occasional,
    regular, lead); ties by kind, drawn thicker and darker when trust is high
    (0.6 or more); at most :data:`LIVE_EDGES` ties of one kind and trust level
    are drawn (the same ones each frame; the legend says how many exist).
    ``snapshot`` is ``PDNetworkModel.network_snapshot()`` or, for large
    populations, :func:`netsim.dashboard.live.region_snapshot` (type ``region``
    nodes carry a ``size`` and the share of teachers engaged now in ``engagement``).

    Args:
        snapshot: nodes (id, type, region, engagement[, size]) and edges (a, b, kind, trust).
        jitter: :func:`stable_jitter` of the model.
        n_regions: regions of the country.
        title: the picture's title.

    Returns:
        ``{"title", "range", "edges", "nodes", "regions"}``: ``range`` is the half
        width of the square drawn; each edge group has ``name``, ``colour``,
        ``width`` and ``xy`` (x0, y0, x1, y1 per tie); each node group ``name``,
        ``colour``, ``size``, ``symbol`` and ``xy``; ``regions`` (large countries
        only) has ``xy``, ``size``, ``colour`` and ``text`` per region.
    """
    nodes = snapshot["nodes"].reset_index(drop=True)
    edges = snapshot["edges"]
    ids = nodes["id"].to_numpy()
    kinds = nodes["type"].to_numpy()
    x, y = stable_positions(ids, kinds, nodes["region"].to_numpy(), jitter, n_regions)
    where = pd.Series(np.arange(len(nodes)), index=ids)
    edge_groups: list[dict[str, Any]] = []
    for kind in TIE_COLOURS:
        part = edges[edges["kind"] == kind]
        for strong in (False, True):
            sub = part[(part["trust"] >= 0.6) == strong]
            a = where.reindex(sub["a"]).to_numpy()
            b = where.reindex(sub["b"]).to_numpy()
            ok = ~(np.isnan(a) | np.isnan(b))
            if not ok.any():
                continue
            a, b = a[ok].astype(np.int64), b[ok].astype(np.int64)
            shown = _sample_ties(ids[a], ids[b], LIVE_EDGES)
            a, b = a[shown], b[shown]
            count = f"{ok.sum()}" if shown.all() else f"{int(shown.sum())} of {int(ok.sum())} drawn"
            xy = np.round(np.column_stack([x[a], y[a], x[b], y[b]]), 3).ravel()
            edge_groups.append(
                {"name": f"{kind} ties, {'high' if strong else 'low'} trust ({count})",
                 "colour": _LIVE_TIE_COLOURS[kind, strong], "width": 1.8 if strong else 0.6,
                 "xy": [float(v) for v in xy]}
            )  # fmt: skip
    node_groups = [
        {"name": f"{name} ({int(m.sum())})", "colour": c, "size": size, "symbol": symbol,
         "xy": _pairs(x[m], y[m])}
        for name, m, c, size, symbol, _ in _node_groups(nodes)
        if m.any()
    ]  # fmt: skip
    regions: dict[str, Any] = {}
    is_region = kinds == "region"
    if is_region.any():
        share = nodes["engagement"].to_numpy(float)[is_region]
        teachers = nodes["size"].to_numpy(float)[is_region]
        size = 14 + 40 * np.sqrt(teachers / max(teachers.max(), 1.0)) * min(1.0, 10 / n_regions)
        regions = {
            "name": "regions (size: teachers; colour and label: share engaged now)",
            "xy": _pairs(x[is_region], y[is_region]),
            "size": _coords(size),
            "colour": [_mix(ENGAGED_COLOURS[0], ENGAGED_COLOURS[2], v) for v in share],
            "text": [f"{v:.0%}" for v in share],
        }
    reach = 1.0 + 0.42 * _spread_factor(max(n_regions, 1)) + 0.04
    return {"title": title, "range": round(reach, 3), "edges": edge_groups,
            "nodes": node_groups, "regions": regions}  # fmt: skip


def live_series(
    history: pd.DataFrame,
    shocks: Sequence[tuple[int, str]],
    *,
    months: int | None = None,
    large: bool = False,
    stacked: bool = False,
    height: int = 330,
) -> dict[str, Any]:
    """The workshop run so far, month by month, with shocks marked (plotly JSON).

    Three panels: reach (engaged now, ever reached, schools, regular participants),
    tie kinds (shares of punctual, periodic and continuous ties) and reach by region.

    Args:
        history: the model's indicator table (one row per month).
        shocks: (month, kind) of every shock applied, scheduled or live.
        months: length of the x axis (the preset's run length).
        large: large type for presentation mode.
        stacked: panels one above the other (else side by side).
        height: figure height in pixels.
    """
    regions = sorted(
        (str(c) for c in history.columns if str(c).startswith("reach_region_")),
        key=lambda c: int(c.removeprefix("reach_region_")),
    )
    panels: list[tuple[str, list[str]]] = [
        (title, regions if REGION in columns[0] else [c for c in columns if c in history])
        for title, columns in LIVE_PANELS.items()
    ]
    last = int(history["month"].max()) if len(history) else 0
    span = [0, max(months or 0, last, 12)]
    month = [int(m) for m in history["month"]] if len(history) else []
    gap = 0.09 if stacked else 0.06
    size = (1 - gap * 2) / 3
    data: list[dict[str, Any]] = []
    layout = _live_layout("Month by month", height, large)
    layout.update(showlegend=True, legend={"orientation": "h", "y": -0.12 if stacked else -0.25,
                                           "font": {"size": 14 if large else 11}})  # fmt: skip
    shapes, notes = [], []
    colours = qualitative.Plotly
    by_month: dict[int, list[str]] = {}
    for m, kind in shocks:
        by_month.setdefault(int(m), []).append(kind.replace("_", " "))
    for k, (title, columns) in enumerate(panels):
        ax = "" if k == 0 else str(k + 1)
        start = k * (size + gap)
        domain = [round(1 - start - size, 4), round(1 - start, 4)] if stacked else None
        xdomain = [0, 1] if stacked else [round(start, 4), round(start + size, 4)]
        layout[f"xaxis{ax}"] = {
            "domain": xdomain,
            "range": span,
            "anchor": f"y{ax}",
            "showticklabels": not stacked or k == 2,
            "title": {"text": "month"} if not stacked else None,
        }
        layout[f"yaxis{ax}"] = {"domain": domain or [0, 1], "range": [0, 1],
                                "tickformat": ".0%", "anchor": f"x{ax}"}  # fmt: skip
        notes.append(
            {"xref": f"x{ax} domain", "yref": f"y{ax} domain", "x": 0, "y": 1.0,
             "yanchor": "bottom", "xanchor": "left", "showarrow": False,
             "text": f"<b>{title}</b>", "font": {"size": 16 if large else 12}}
        )  # fmt: skip
        for j, column in enumerate(columns):
            many = len(columns) > 8
            data.append(
                {"type": "scatter", "x": month, "y": _coords(history[column].to_numpy(float)),
                 "mode": "lines", "xaxis": f"x{ax}", "yaxis": f"y{ax}",
                 "name": label(column), "showlegend": k < 2,
                 "line": {"color": colours[(j + 4 * k) % len(colours)],
                          "width": 1 if many else (3 if large else 2)}}
            )  # fmt: skip
        for m, kinds in sorted(by_month.items()):
            shapes.append(
                {"type": "line", "xref": f"x{ax}", "yref": f"y{ax} domain", "x0": m, "x1": m,
                 "y0": 0, "y1": 1, "line": {"dash": "dot", "color": "#7f8c8d", "width": 1.5}}
            )  # fmt: skip
            notes.append(
                {"xref": f"x{ax}", "yref": f"y{ax} domain", "x": m, "y": 0.98,
                 "text": ", ".join(kinds), "showarrow": False, "xanchor": "right",
                 "yanchor": "top", "textangle": -90 if not stacked else 0,
                 "font": {"size": 14 if large else 11, "color": "#34495e"},
                 "bgcolor": "rgba(255,255,255,0.8)"}
            )  # fmt: skip
    layout.update(shapes=shapes, annotations=notes, uirevision="series")
    layout["margin"] = {"l": 50, "r": 10, "t": 60 if large else 50, "b": 10}
    return {"data": data, "layout": layout}


# --- robustness of policies across futures -------------------------------------------------


def policy_spread_chart(
    table: pd.DataFrame,
    column: str,
    *,
    title: str,
    y_title: str,
    goal: float | None = None,
) -> go.Figure:
    """The spread of ``column`` over the sampled futures, one box per policy.

    Args:
        table: one row per policy and future (``policy`` and ``column``), as in
            :func:`netsim.analysis.robustness.regret`.
        column: ``value`` (the outcome) or ``regret``.
        title: the chart's title.
        y_title: the y axis title.
        goal: a goal to draw as a dashed line, or None.
    """
    colours = scenario_colours(list(dict.fromkeys(table["policy"])))
    fig = px.box(
        table,
        x="policy",
        y=column,
        color="policy",
        color_discrete_map=colours,
        category_orders={"policy": list(colours)},
        points="all",
        hover_data=["future"],
    )
    fig.update_traces(jitter=0.4, pointpos=0)
    if goal is not None:
        fig.add_hline(y=goal, line={"dash": "dash", "color": "#c0392b"}, annotation_text="goal")
    fig.update_layout(showlegend=False, xaxis_title=None, yaxis_title=y_title)
    return layout(fig, title)


def satisficing_chart(summary: pd.DataFrame, *, title: str) -> go.Figure:
    """Share of futures in which each policy meets each outcome's goal, as bars.

    Args:
        summary: a table of :func:`netsim.analysis.robustness.robustness`; outcomes
            without a goal are left out.
        title: the chart's title.
    """
    t = summary.dropna(subset=["satisficing_share"])
    colours = scenario_colours(t["policy"])
    fig = px.bar(
        t,
        x="outcome",
        y="satisficing_share",
        color="policy",
        color_discrete_map=colours,
        category_orders={"policy": list(colours)},
        text=[f"{v:.0%}" for v in t["satisficing_share"]],
    )
    fig.update_traces(textposition="outside")
    fig.update_layout(barmode="group", xaxis_title=None, yaxis={"title": "futures meeting the goal",
                                              "tickformat": ".0%", "range": [0, 1.1]})  # fmt: skip
    return layout(fig, title)


def peeling_chart(trajectory: pd.DataFrame, *, title: str) -> go.Figure:
    """PRIM's peeling trajectory: density against coverage of each box, the chosen one ringed.

    Args:
        trajectory: :attr:`netsim.analysis.discovery.Box.trajectory`.
        title: the chart's title.
    """
    fig = go.Figure(
        go.Scatter(
            x=trajectory["coverage"],
            y=trajectory["density"],
            mode="lines+markers",
            line={"color": "#aab7b8"},
            marker={
                "color": trajectory["restricted"],
                "colorscale": "Viridis",
                "size": 8,
                "colorbar": {"title": "parameters<br>restricted"},
            },
            customdata=np.stack([trajectory["step"], trajectory["futures"]], axis=-1),
            hovertemplate=(
                "box %{customdata[0]}<br>coverage %{x:.0%}<br>density %{y:.0%}"
                "<br>%{customdata[1]} futures<extra></extra>"
            ),
            showlegend=False,
        )
    )
    chosen = trajectory[trajectory["chosen"]]
    fig.add_trace(
        go.Scatter(
            x=chosen["coverage"],
            y=chosen["density"],
            mode="markers",
            marker={"size": 18, "color": "rgba(0,0,0,0)", "line": {"color": "#c0392b", "width": 2}},
            name="chosen box",
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(
        title="coverage (share of failing futures in the box)", tickformat=".0%", range=[0, 1.05]
    )
    fig.update_yaxes(
        title="density (share of the box's futures that fail)", tickformat=".0%", range=[0, 1.05]
    )
    return layout(fig, title)


def settling_chart(settle: pd.DataFrame, precision: float | None = None) -> go.Figure:
    """How each headline share's mean final value and its 95 % interval settle.

    One panel per indicator, one band per scenario, replications on the x axis.
    """
    indicators = list(dict.fromkeys(settle["indicator"]))
    fig = make_subplots(
        rows=len(indicators),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[label(i) for i in indicators],
    )
    colours = scenario_colours(dict.fromkeys(settle["scenario"]))
    for row, indicator in enumerate(indicators, start=1):
        for name, colour in colours.items():
            t = settle[(settle["indicator"] == indicator) & (settle["scenario"] == name)]
            n = t["replications"]
            fig.add_scatter(
                x=pd.concat([n, n[::-1]]),
                y=pd.concat([t["mean"] + t["half_width"], (t["mean"] - t["half_width"])[::-1]]),
                fill="toself",
                fillcolor=_rgba(colour, 0.2),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                row=row,
                col=1,
            )
            fig.add_scatter(
                x=n, y=t["mean"], mode="lines", name=name, line_color=colour,
                showlegend=row == 1, row=row, col=1,
            )  # fmt: skip
    fig.update_xaxes(title_text="replications", row=len(indicators), col=1)
    title = "How the mean final value and its 95 % interval settle as replications are added"
    if precision is not None:
        title += f" (precision asked: interval at most {precision:g} wide)"
    return layout(fig, title, height=200 * len(indicators) + 120)
