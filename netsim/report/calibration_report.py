"""The report of a calibration: posteriors against priors, generations, predictive check.

Works on the tables :func:`netsim.studies.calibration.tables` reads from pyabc's
database and never runs a model. The page is standalone and works offline
(:func:`netsim.report.page.standalone_page`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netsim.report.charts import layout
from netsim.report.page import figure_html, format_number, html_table, standalone_page

PRIOR_COLOUR = "#b2babb"
POSTERIOR_COLOUR = "#2874a6"
OBSERVED_COLOUR = "#c0392b"
HELD_OUT_COLOUR = "#d68910"


def marginal_chart(
    name: str, posterior: pd.DataFrame, prior: Any, low: float, high: float
) -> go.Figure:
    """The posterior's weighted histogram of one parameter over its prior's density."""
    x = posterior[name].to_numpy(float)
    w = posterior["weight"].to_numpy(float)
    bins = np.linspace(low, high, 21)
    density, edges = np.histogram(x, bins=bins, weights=w, density=True)
    fig = go.Figure()
    fig.add_bar(
        x=(edges[:-1] + edges[1:]) / 2,
        y=density,
        width=np.diff(edges),
        name="posterior (last generation, weighted)",
        marker_color=POSTERIOR_COLOUR,
        opacity=0.75,
    )
    grid = np.linspace(low, high, 200)
    fig.add_scatter(
        x=grid,
        y=prior.pdf(grid),
        mode="lines",
        name="prior",
        line={"color": PRIOR_COLOUR, "width": 3},
    )
    fig.update_layout(xaxis_title=name, yaxis_title="density", bargap=0)
    return layout(fig, f"{name}: posterior against prior")


def pairs_chart(posterior: pd.DataFrame, names: Sequence[str]) -> go.Figure:
    """Every pair of estimated parameters, one marker per particle sized by its weight."""
    w = posterior["weight"].to_numpy(float)
    size = 5 + 15 * w / max(float(w.max()), 1e-12)
    n = len(names) - 1
    fig = make_subplots(rows=n, cols=n, horizontal_spacing=0.06, vertical_spacing=0.08)
    for i in range(1, len(names)):
        for j in range(i):
            fig.add_scatter(
                x=posterior[names[j]],
                y=posterior[names[i]],
                mode="markers",
                marker={"size": size, "color": POSTERIOR_COLOUR, "opacity": 0.6},
                showlegend=False,
                row=i,
                col=j + 1,
            )
            fig.update_xaxes(title_text=names[j], row=i, col=j + 1)
            fig.update_yaxes(title_text=names[i], row=i, col=j + 1)
    title = "Posterior particles, pair by pair (size: weight)"
    return layout(fig, title, height=320 * n + 100)


def generations_chart(generations: pd.DataFrame) -> go.Figure:
    """Epsilon, acceptance rate and effective sample size by generation."""
    fig = make_subplots(rows=1, cols=3, subplot_titles=("epsilon", "acceptance rate", "ESS"))
    for k, column in enumerate(("epsilon", "acceptance_rate", "ess"), start=1):
        fig.add_scatter(
            x=generations["t"],
            y=generations[column],
            mode="lines+markers",
            line_color=POSTERIOR_COLOUR,
            showlegend=False,
            row=1,
            col=k,
        )
        fig.update_xaxes(title_text="generation", dtick=1, row=1, col=k)
    fig.update_yaxes(type="log", row=1, col=1)
    return layout(fig, "Generations")


def predictive_chart(predictive: pd.DataFrame, held_out: bool) -> go.Figure:
    """Each target's tolerance against the posterior predictive mean and 5-95 % interval."""
    rows = predictive[predictive["held_out"] == held_out]
    colour = HELD_OUT_COLOUR if held_out else POSTERIOR_COLOUR
    fig = go.Figure()
    low = rows["low"].astype(float)
    high = rows["high"].astype(float)
    mid = np.where(low.isna(), high, np.where(high.isna(), low, (low + high) / 2))
    # a bar for a range or a point, a triangle toward the allowed side for a direction
    symbols = [
        "triangle-up" if math.isnan(hi) else "triangle-down" if math.isnan(lo) else "line-ew-open"
        for lo, hi in zip(low, high, strict=True)
    ]
    fig.add_scatter(
        x=rows["target"],
        y=mid,
        mode="markers",
        name="observed figure and tolerance (a triangle: this bound, on the side it points to)",
        marker={
            "color": OBSERVED_COLOUR,
            "symbol": symbols,
            "size": 16,
            "line": {"width": 3, "color": OBSERVED_COLOUR},
        },
        error_y={
            "type": "data",
            "symmetric": False,
            "array": np.nan_to_num(high - mid, nan=0.0),
            "arrayminus": np.nan_to_num(mid - low, nan=0.0),
            "color": OBSERVED_COLOUR,
            "thickness": 6,
            "width": 0,
        },
    )
    fig.add_scatter(
        x=rows["target"],
        y=rows["mean"],
        mode="markers",
        name="posterior predictive mean, 5-95 %",
        marker={"color": colour, "size": 11},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": rows["p95"] - rows["mean"],
            "arrayminus": rows["mean"] - rows["p5"],
            "color": colour,
        },
    )
    kind = "Held-out targets (not fitted)" if held_out else "Calibrated targets (fitted)"
    fig.update_layout(yaxis_title="figure")
    return layout(fig, f"Posterior predictive check: {kind}")


def _table(frame: pd.DataFrame, numeric_from: int = 1) -> str:
    rows = [
        [format_number(v) if not isinstance(v, str) else html.escape(v) for v in r]
        for r in frame.itertuples(index=False)
    ]
    return html_table(list(frame.columns), rows, numeric_from=numeric_from)


def report(
    *,
    title: str,
    description: str,
    settings: Sequence[tuple[str, str]],
    priors: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
) -> str:
    """The standalone HTML report of a calibration (plotly.js inline, works offline).

    Args:
        title: the calibration's title.
        description: its paragraph.
        settings: (setting, value) rows.
        priors: parameter -> its prior (a frozen scipy.stats distribution).
        tables: ``posterior``, ``marginals``, ``predictive``, ``targets``, ``generations``.
    """
    marginals = tables["marginals"]
    posterior = tables["posterior"]
    predictive = tables["predictive"]
    names = list(marginals["parameter"])
    figures: list[go.Figure] = [
        marginal_chart(str(name), posterior, priors[str(name)], float(low), float(high))
        for name, low, high in zip(
            marginals["parameter"], marginals["prior_low"], marginals["prior_high"], strict=True
        )
    ]
    if len(names) > 1:
        figures.append(pairs_chart(posterior, names))
    targets = tables["targets"]
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="summary">{html.escape(description)}</p>',
        "<h2>Calibration</h2>",
        html_table(["setting", "value"], [[html.escape(k), html.escape(v)] for k, v in settings]),
        "<h2>Targets</h2>",
        _table(
            targets[
                [
                    "target",
                    "held_out",
                    "text",
                    "source",
                    "measured",
                    "observed",
                    "low",
                    "high",
                    "scale",
                ]
            ],
            numeric_from=5,
        ),
        "<h2>Posterior against prior</h2>",
        _table(marginals),
        *(figure_html(f, f"marg{k}") for k, f in enumerate(figures)),
        "<h2>Generations</h2>",
        _table(tables["generations"]),
        figure_html(generations_chart(tables["generations"]), "gens"),
        "<h2>Posterior predictive check</h2>",
        '<p class="muted">The figures the last generation\'s accepted particles simulated '
        "(weighted): the fitted targets chose these particles, the held-out targets did not. "
        "Which held-out targets the fitted model reproduces is the result.</p>",
        figure_html(predictive_chart(predictive, held_out=False), "ppc_fit"),
    ]
    if bool(predictive["held_out"].any()):
        body.append(figure_html(predictive_chart(predictive, held_out=True), "ppc_held"))
    body.append(_table(predictive, numeric_from=2))
    return standalone_page(f"netsim calibration: {title}", body)
