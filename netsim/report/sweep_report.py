"""Analysis of a sweep: Sobol and Morris indices, grid surfaces, tables and a report.

Works on a folder written by :func:`netsim.evaluate.sweep.sweep` and never runs a model.
Each outcome (the ``out_<name>`` columns of the runs table) is averaged over
the replications of each design point; the indices are computed on these
means with SALib:

- ``sobol``: first-order (``S1``) and total (``ST``) indices with their
  95 % bootstrap half-widths (``S1_conf``, ``ST_conf``);
- ``morris``: ``mu_star`` (mean absolute elementary effect, with
  ``mu_star_conf``), ``mu`` and ``sigma``;
- for both, the design's dummy parameters (``dummy_1``, ..., never read by the
  model) get indices too: their largest upper 95 % bound is the noise floor of each index
  (``S1_floor``, ``ST_floor``, ``mu_star_floor``), and ``<index>_above`` says
  whether a parameter lies above it (:mod:`netsim.analysis.sensitivity`);
- ``grid``: the mean, standard deviation and 5-95 % range of each outcome at
  each point (the surface), drawn as a heat map over the first two parameters
  (averaged over the others) or a line for one parameter;
- ``lhs``: the point table and scatter plots of each outcome against each
  parameter;
- every ``series`` outcome: its median and 5-95 % band per month across all
  runs (replications and design points), a table (``series.csv``) and a chart.

Sobol and Morris need every design point: a point whose runs all failed
makes them impossible, and the report says so.

A policies x uncertainties design gets, instead of indices, the robustness of
each policy across the sampled futures (:mod:`netsim.analysis.robustness`):
the spread of each outcome, the regret against the best policy in each future,
the share of futures in which it meets each outcome's goal, and for each policy
and goal it misses in some futures, PRIM's box of the futures in which it
misses (:mod:`netsim.analysis.discovery`).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.parquet as pq

from netsim.analysis.discovery import Box, box_sentence, prim_box
from netsim.analysis.robustness import future_values, regret, robustness
from netsim.analysis.sensitivity import FLOOR_INDICES, above_floor_sentence, mark_floor
from netsim.analysis.series import series_bands
from netsim.core.indicators import label
from netsim.io.experiments import Experiment, Outcome, load_experiment
from netsim.io.folders import OUT_PREFIX, PARAM_PREFIX
from netsim.report.charts import (
    layout,
    peeling_chart,
    policy_spread_chart,
    satisficing_chart,
    series_bands_chart,
)
from netsim.report.page import figure_html, format_number, html_table, standalone_page
from netsim.report.policy_words import holding_table


@dataclass(frozen=True, slots=True)
class Discovery:
    """Where a policy misses a goal: PRIM's box over the futures.

    Attributes:
        policy: the policy.
        outcome: the outcome whose goal it misses.
        miss: the failure in words (``misses reach >= 0.4``).
        box: PRIM's result.
        sentence: the chosen box in plain words.
    """

    policy: str
    outcome: str
    miss: str
    box: Box
    sentence: str


@dataclass(slots=True)
class Analysis:
    """The tables of an analysed sweep.

    Attributes:
        experiment: the experiment, as resolved in the folder.
        runs: the runs table.
        points: one row per design point: parameters, runs ok, and per outcome
            ``<name>_mean``, ``<name>_sd``, ``<name>_p5``, ``<name>_p95``.
        sobol: Sobol indices (outcome, parameter, S1, S1_conf, ST, ST_conf), or None.
        morris: Morris measures (outcome, parameter, mu_star, mu_star_conf, mu, sigma), or None.
        series: bands of the series outcomes over time (outcome, indicator, group, month,
            median, p5, p95, runs), or None if the experiment has none.
        futures: with policies, each policy's value, regret and goal met in each future
            (policy, future, outcome, value, runs, best, regret, meets), else None.
        robustness: with policies, per outcome and policy the spread over the futures,
            regret and satisficing share (see :func:`netsim.analysis.robustness.robustness`).
        discoveries: with policies, PRIM's box of the futures in which a policy misses
            a goal, for each policy and outcome with a goal it misses in some futures.
        notes: what could not be computed, and why.
    """

    experiment: Experiment
    runs: pd.DataFrame
    points: pd.DataFrame
    sobol: pd.DataFrame | None = None
    morris: pd.DataFrame | None = None
    series: pd.DataFrame | None = None
    futures: pd.DataFrame | None = None
    robustness: pd.DataFrame | None = None
    discoveries: list[Discovery] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def outcomes(self) -> list[str]:
        """Names of the scalar outcomes."""
        return [o.name for o in self.experiment.outcomes if o.stat != "series"]

    @property
    def series_outcomes(self) -> list[Outcome]:
        """The outcomes kept month by month."""
        return [o for o in self.experiment.outcomes if o.stat == "series"]


POINT_COLOUR = "#2874a6"
"""The colour of a sweep's design points and their line."""


def _points(exp: Experiment, runs: pd.DataFrame, design: pd.DataFrame) -> pd.DataFrame:
    names = [v.name for v in exp.varied] + exp.dummy_names
    ok = runs[runs["status"] == "ok"]
    out = design[["point", *(c for c in ("policy", "future") if c in design.columns)]].copy()
    for name in names:
        out[name] = [exp.point_value(row, name) for _, row in design.iterrows()]
    counts = ok.groupby("point").size()
    out["runs_ok"] = out["point"].map(counts).fillna(0).astype(int)
    for o in [o.name for o in exp.outcomes if o.stat != "series"]:
        g = ok.groupby("point")[f"{OUT_PREFIX}{o}"]
        out[f"{o}_mean"] = out["point"].map(g.mean())
        out[f"{o}_sd"] = out["point"].map(g.std(ddof=1))
        out[f"{o}_p5"] = out["point"].map(g.quantile(0.05))
        out[f"{o}_p95"] = out["point"].map(g.quantile(0.95))
    return out


class ResultsError(ValueError):
    """A sweep folder whose files cannot be read (a corrupt or truncated part file)."""


def _read(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a Parquet file, or a folder of part files one by one to name a bad one."""
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    tables = []
    for file in files:
        try:
            tables.append(pq.read_table(file, columns=columns))
        except (pa.ArrowInvalid, OSError) as exc:
            raise ResultsError(
                f"cannot read {file}: {exc}; delete it and rerun the sweep to redo that run"
            ) from None
    return pa.concat_tables(tables).to_pandas()


def analyze(folder: Path, goals: Mapping[str, float] | None = None) -> Analysis:
    """Read a sweep's folder and compute its tables.

    Args:
        folder: a folder written by ``netsim sweep``.
        goals: goals of outcomes, replacing those of the experiment file
            (``{"reach": 0.4}``: at least 0.4, or at most when lower is better).

    Raises:
        FileNotFoundError: if the folder holds no sweep.
        ResultsError: if a file of the folder cannot be read, or a goal names no
            outcome that has a number per run.
    """
    for needed in ("experiment.toml", "design.parquet", "runs"):
        if not (folder / needed).exists():
            raise FileNotFoundError(f"{folder} holds no sweep results (no {needed})")
    exp = _with_goals(load_experiment(folder / "experiment.toml"), goals or {})
    if not any((folder / "runs").glob("*.parquet")):
        raise FileNotFoundError(f"{folder} holds no finished runs yet")
    runs = _read(folder / "runs").sort_values("run_id", ignore_index=True)
    design = _read(folder / "design.parquet")
    points = _points(exp, runs, design)
    result = Analysis(exp, runs, points)
    expected = exp.n_points() * exp.replications
    if len(runs) < expected:
        result.notes.append(f"{expected - len(runs)} of {expected} runs are not done yet")
    failed = int((runs["status"] != "ok").sum())
    if failed:
        result.notes.append(f"{failed} runs failed; see the error column of the runs table")
    if result.series_outcomes:
        result.series = _series(folder, result)
    if exp.policies:
        _robustness(result, design)
    if exp.method in ("sobol", "morris") and not exp.policies:
        missing = points[[f"{o}_mean" for o in result.outcomes]].isna().any(axis=1)
        if missing.any() or len(points) != exp.n_points():
            result.notes.append(
                f"{exp.method} indices need every design point; {int(missing.sum())} points "
                "have no result (runs failed or not done)"
            )
        elif exp.method == "sobol":
            result.sobol = _sobol(exp, points, result.outcomes)
        else:
            result.morris = _morris(exp, design, points, result.outcomes)
    return result


def _with_goals(exp: Experiment, goals: Mapping[str, float]) -> Experiment:
    """The experiment with the outcomes' goals replaced by ``goals``."""
    scalar = [o.name for o in exp.outcomes if o.stat != "series"]
    for name in goals:
        if name not in scalar:
            raise ResultsError(
                f"--goal: no outcome {name!r} with a number per run "
                f"(the outcomes: {', '.join(scalar)})"
            )
    outcomes = tuple(
        dataclasses.replace(o, goal=float(goals[o.name])) if o.name in goals else o
        for o in exp.outcomes
    )
    return dataclasses.replace(exp, outcomes=outcomes)


def miss_words(outcome: Outcome) -> str:
    """What missing an outcome's goal means, in words: ``misses reach >= 0.4``."""
    sign = ">=" if outcome.better == "higher" else "<="
    return f"misses {outcome.name} {sign} {outcome.goal:g}"


def _robustness(result: Analysis, design: pd.DataFrame) -> None:
    """Robustness tables and scenario discovery of a policies x uncertainties sweep."""
    exp = result.experiment
    scalar = [o for o in exp.outcomes if o.stat != "series"]
    better = {o.name: o.better for o in scalar}
    goals = {o.name: o.goal for o in scalar}
    values = future_values(result.runs, [o.name for o in scalar])
    result.futures = regret(values, better, goals)
    result.robustness = robustness(result.futures, better, goals)
    names = [v.name for v in exp.varied]
    sample = design.drop_duplicates("future").set_index("future").sort_index()
    x = pd.DataFrame({n: [exp.point_value(r, n) for _, r in sample.iterrows()] for n in names})
    x.index = sample.index
    for o in scalar:
        if o.goal is None:
            continue
        for policy in exp.policies:
            t = result.futures[
                (result.futures["outcome"] == o.name) & (result.futures["policy"] == policy.name)
            ].dropna(subset=["meets"])
            failed = ~t["meets"].astype(bool).to_numpy()
            if not failed.any():
                continue
            miss = miss_words(o)
            if failed.all():
                result.notes.append(f"{policy.name} {miss} in every future sampled")
                continue
            box = prim_box(x.loc[t["future"].to_numpy()], failed)
            sentence = box_sentence(box, policy.name, miss)
            result.discoveries.append(Discovery(policy.name, o.name, miss, box, sentence))


def _series(folder: Path, result: Analysis) -> pd.DataFrame | None:
    """The bands of every series outcome, from the indicators table."""
    wanted = list(dict.fromkeys(o.indicator for o in result.series_outcomes))
    if not any((folder / "indicators").glob("*.parquet")):
        result.notes.append("no run has finished ok: the series outcomes have no band")
        return None
    indicators = _read(folder / "indicators", ["run_id", "month", *wanted])
    by = "policy" if "policy" in result.runs.columns else None
    parts = []
    for o in result.series_outcomes:
        bands = series_bands(indicators, result.runs, o.indicator, by=by)
        bands.insert(0, "indicator", o.indicator)
        bands.insert(0, "outcome", o.name)
        parts.append(bands)
    return pd.concat(parts, ignore_index=True)


def _sobol(exp: Experiment, points: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """S1 and ST of every varied parameter and dummy, each outcome, against the floor."""
    from SALib.analyze import sobol

    problem = exp.problem()
    rows = []
    for o in outcomes:
        y = points[f"{o}_mean"].to_numpy(float)
        if np.ptp(y) == 0:
            si = {
                k: np.full(problem["num_vars"], np.nan) for k in ("S1", "S1_conf", "ST", "ST_conf")
            }
        else:
            si = sobol.analyze(problem, y, calc_second_order=exp.second_order, seed=exp.seed)
        for k, name in enumerate(problem["names"]):
            rows.append(
                {
                    "outcome": o,
                    "parameter": name,
                    "S1": float(si["S1"][k]),
                    "S1_conf": float(si["S1_conf"][k]),
                    "ST": float(si["ST"][k]),
                    "ST_conf": float(si["ST_conf"][k]),
                }
            )
    return mark_floor(pd.DataFrame(rows), FLOOR_INDICES["sobol"])


def _morris(
    exp: Experiment, design: pd.DataFrame, points: pd.DataFrame, outcomes: list[str]
) -> pd.DataFrame:
    """mu*, mu and sigma of every varied parameter and dummy, each outcome, against the floor."""
    from SALib.analyze import morris

    problem = exp.problem()
    x = design[problem["names"]].to_numpy(float)
    rows = []
    for o in outcomes:
        y = points[f"{o}_mean"].to_numpy(float)
        si = morris.analyze(problem, x, y, num_levels=exp.levels, seed=exp.seed)
        for k, name in enumerate(problem["names"]):
            rows.append(
                {
                    "outcome": o,
                    "parameter": name,
                    "mu_star": float(si["mu_star"][k]),
                    "mu_star_conf": float(si["mu_star_conf"][k]),
                    "mu": float(si["mu"][k]),
                    "sigma": float(si["sigma"][k]),
                }
            )
    return mark_floor(pd.DataFrame(rows), FLOOR_INDICES["morris"])


# --- charts -------------------------------------------------------------------------------


def _outcome_label(exp: Experiment, name: str) -> str:
    o = next(o for o in exp.outcomes if o.name == name)
    what = label(o.indicator)
    span = f" of months {o.window[0]}-{o.window[1]}" if o.window else " over the run"
    if o.stat in ("mean", "max", "min"):
        return f"{name}: {what}, {o.stat}{span}"
    if o.stat == "at":
        return f"{name}: {what} at month {o.month}"
    if o.stat == "first_month":
        return f"{name}: first month {what} reaches {o.threshold:g}"
    return f"{name}: {what}, final"


FLOOR_COLOUR = "#b03a2e"
"""The noise floor's lines (the dummies' largest index)."""


def sobol_chart(table: pd.DataFrame, outcome: str, title: str) -> go.Figure:
    """Bars of S1 and ST per parameter with their confidence half-widths.

    The dummies' largest ST and S1 are dashed and dotted lines: the noise floor.
    """
    t = table[table["outcome"] == outcome].sort_values("ST", ascending=False)
    fig = go.Figure()
    for key, colour in (("S1", "#7fb3d5"), ("ST", "#2874a6")):
        fig.add_bar(
            x=t["parameter"],
            y=t[key],
            name="first order" if key == "S1" else "total",
            marker_color=colour,
            error_y={"type": "data", "array": t[f"{key}_conf"], "visible": True},
        )
    for key, dash in (("ST", "dash"), ("S1", "dot")):
        floor = float(t[f"{key}_floor"].iloc[0]) if len(t) else float("nan")
        if floor == floor:  # not NaN: the design has dummies
            fig.add_hline(
                y=floor,
                line={"color": FLOOR_COLOUR, "dash": dash, "width": 1},
                annotation_text=f"noise floor of {key} {floor:.3g}",
                annotation_font_color=FLOOR_COLOUR,
            )
    fig.update_layout(barmode="group", yaxis_title="Sobol index")
    return layout(fig, title)


def morris_chart(table: pd.DataFrame, outcome: str, title: str) -> go.Figure:
    """Morris mu* against sigma, one labelled marker per parameter.

    The dummies are grey and their largest mu* a dashed line: the noise floor.
    """
    t = table[table["outcome"] == outcome]
    fig = go.Figure()
    for is_dummy, name, colour in ((False, "parameters", "#2874a6"), (True, "dummies", "#999")):
        part = t[t["dummy"] == is_dummy]
        if len(part):
            fig.add_scatter(
                x=part["mu_star"],
                y=part["sigma"],
                mode="markers+text",
                name=name,
                text=part["parameter"],
                textposition="top center",
                error_x={"type": "data", "array": part["mu_star_conf"], "visible": True},
                marker={"size": 10, "color": colour},
            )
    floor = float(t["mu_star_floor"].iloc[0]) if len(t) else float("nan")
    if floor == floor:
        fig.add_vline(
            x=floor,
            line={"color": FLOOR_COLOUR, "dash": "dash", "width": 1},
            annotation_text=f"noise floor {floor:.3g}",
            annotation_font_color=FLOOR_COLOUR,
        )
    fig.update_layout(xaxis_title="mu* (importance)", yaxis_title="sigma (interactions)")
    return layout(fig, title)


def surface_chart(points: pd.DataFrame, params: list[str], outcome: str, title: str) -> go.Figure:
    """A heat map of an outcome's mean over the first two parameters, or a line for one."""
    column = f"{outcome}_mean"
    if len(params) == 1:
        fig = px.line(
            points.sort_values(params[0]),
            x=params[0],
            y=column,
            markers=True,
            labels={column: outcome},
            color_discrete_sequence=[POINT_COLOUR],
        )
        return layout(fig, title)
    surface = points.groupby([params[1], params[0]])[column].mean().unstack()
    fig = px.imshow(
        surface.rename(index=str, columns=str),
        origin="lower",
        aspect="auto",
        text_auto=".3g",
        color_continuous_scale="Blues",
        labels={"x": params[0], "y": params[1], "color": outcome},
    )
    return layout(fig, title)


def scatter_chart(points: pd.DataFrame, param: str, outcome: str, title: str) -> go.Figure:
    """An outcome's point means against one parameter."""
    column = f"{outcome}_mean"
    fig = px.scatter(
        points,
        x=param,
        y=column,
        opacity=0.6,
        labels={column: outcome},
        color_discrete_sequence=[POINT_COLOUR],
    )
    return layout(fig, title)


def figures(result: Analysis) -> list[go.Figure]:
    """Every chart of the report."""
    exp = result.experiment
    params = [v.name for v in exp.varied]
    out: list[go.Figure] = []
    if exp.policies:
        return robustness_figures(result)
    for o in result.outcomes:
        title = _outcome_label(exp, o)
        if result.sobol is not None:
            out.append(sobol_chart(result.sobol, o, f"Sobol indices — {title}"))
        elif result.morris is not None:
            out.append(morris_chart(result.morris, o, f"Morris screening — {title}"))
        elif exp.method == "grid":
            out.append(surface_chart(result.points, params, o, f"Surface — {title}"))
        elif exp.method == "lhs":
            out += [scatter_chart(result.points, p, o, f"{title} against {p}") for p in params]
    return out


def robustness_figures(result: Analysis) -> list[go.Figure]:
    """The charts of a policies design: spread and regret per outcome, goals met."""
    if result.futures is None or result.robustness is None:
        return []
    exp = result.experiment
    out = []
    for o in [o for o in exp.outcomes if o.stat != "series"]:
        t = result.futures[result.futures["outcome"] == o.name]
        title = _outcome_label(exp, o.name)
        out.append(
            policy_spread_chart(
                t, "value", title=f"{title}: each policy over the futures",
                y_title=o.name, goal=o.goal,
            )
        )  # fmt: skip
        out.append(
            policy_spread_chart(
                t, "regret", y_title=f"regret ({o.better} is better)",
                title=f"{o.name}: regret against the best policy in each future",
            )
        )  # fmt: skip
    if result.robustness["satisficing_share"].notna().any():
        out.append(satisficing_chart(result.robustness, title="Futures in which each goal is met"))
    return out


def discovery_figures(result: Analysis) -> list[go.Figure]:
    """PRIM's peeling trajectory for each policy and goal it misses in some futures."""
    return [
        peeling_chart(d.box.trajectory, title=f"Where {d.policy} {d.miss}: peeling trajectory")
        for d in result.discoveries
    ]


def series_figures(result: Analysis) -> list[go.Figure]:
    """One chart per series outcome: its median and 5-95 % band over the months."""
    if result.series is None:
        return []
    out = []
    for o in result.series_outcomes:
        bands = result.series[result.series["outcome"] == o.name]
        if len(bands):
            who = "per policy" if result.experiment.policies else "all runs"
            title = f"{o.name}: {label(o.indicator)} over time, {who}"
            out.append(series_bands_chart(bands, o.indicator, title=title))
    return out


# --- writing ------------------------------------------------------------------------------


ROBUSTNESS_COLUMNS = (
    "policy", "futures", "median", "p5", "p95", "regret_mean", "regret_max", "best_share",
    "goal", "satisficing_share",
)  # fmt: skip
"""Columns of robustness.csv shown in the report."""


def _robustness_section(result: Analysis) -> list[str]:
    exp = result.experiment
    assert result.robustness is not None
    policies = [
        [
            html.escape(p.name),
            html.escape(p.source.title if p.source else f"{exp.scenario.title} (the experiment's)"),
            html.escape(", ".join(f"{k} = {v}" for k, v in p.levers.items()) or "-"),
        ]
        for p in exp.policies
    ]
    body = [
        "<h2>Policies across futures</h2>",
        f"<p>Each of the {len(exp.policies)} policies was run in the same "
        f"{exp.n_futures()} futures (a {exp.method} sample of the varied parameters), "
        f"{exp.replications} replication(s) each with the same seeds. A policy's value in a "
        "future is its mean over the replications. <b>Regret</b> is how far it falls short "
        "of the best policy in that future (0 for the best); <b>best in</b> is the share of "
        "futures in which it is the best; <b>goal met</b> is the share of futures in which it "
        "meets the outcome's goal. The numbers are in robustness.csv and, future by future, "
        "in futures.csv.</p>",
        html_table(["policy", "scenario", "levers set"], policies, numeric_from=3),
    ]
    for o in [o for o in exp.outcomes if o.stat != "series"]:
        t = result.robustness[result.robustness["outcome"] == o.name]
        goal = f"; goal {o.goal:g}" if o.goal is not None else ""
        body += [
            f"<h3>{html.escape(_outcome_label(exp, o.name))}</h3>",
            f'<p class="muted">{o.better} is better{goal}.</p>',
            html_table(
                [
                    "policy", "futures", "median", "5 %", "95 %", "mean regret", "worst regret",
                    "best in", "goal", "goal met",
                ],
                [
                    [
                        html.escape(str(r["policy"])),
                        *[format_number(r[c]) for c in ROBUSTNESS_COLUMNS[1:7]],
                        f"{r['best_share']:.0%}",
                        format_number(r["goal"]),
                        "-" if r["satisficing_share"] != r["satisficing_share"]
                        else f"{r['satisficing_share']:.0%}",
                    ]
                    for _, r in t.iterrows()
                ],
            ),
        ]  # fmt: skip
    return body


BOX_HEADER = ("parameter", "box from", "box to", "sampled from", "sampled to", "restricted")
"""Columns of a PRIM box in the report."""


def _discovery_section(result: Analysis) -> list[str]:
    body = [
        "<h2>Where policies miss their goals (scenario discovery)</h2>",
        "<p>PRIM (EMA Workbench) peels the ranges of the varied parameters to find the "
        "futures in which a policy misses a goal. <b>Coverage</b>: the share of the futures in "
        "which it misses that lie in the box; <b>density</b>: the share of the futures in the "
        "box in which it misses. The chosen box is the densest that keeps at least 80 % "
        "coverage. The trajectories are in prim.csv, the boxes in prim_boxes.csv.</p>",
    ]
    for k, (d, fig) in enumerate(zip(result.discoveries, discovery_figures(result), strict=True)):
        rows = [
            [
                html.escape(str(r.parameter)),
                format_number(r.low),
                format_number(r.high),
                format_number(r.min),
                format_number(r.max),
                "yes" if r.restricted else "",
            ]
            for r in d.box.limits.itertuples()
        ]
        body += [
            f"<h3>{html.escape(d.policy)} {html.escape(d.miss)}</h3>",
            f"<p><b>{html.escape(d.sentence)}</b></p>",
            html_table(BOX_HEADER, rows),
            figure_html(fig, f"prim{k}"),
        ]
    return body


SENSITIVITY = {
    "sobol": ("Sobol indices", ("S1", "S1_conf", "ST", "ST_conf"), "ST"),
    "morris": ("Morris measures", ("mu_star", "mu_star_conf", "mu", "sigma"), "mu_star"),
}
"""Per method: the section's title, the columns shown, the index the rows are sorted by."""

INDEX_WORDS = {"S1": "first-order index S1", "ST": "total-order index ST", "mu_star": "mu*"}
"""Each index read against the floor, in words."""


def _sensitivity(result: Analysis) -> tuple[str, pd.DataFrame] | None:
    """The method and table of the indices, if the analysis has them."""
    if result.sobol is not None:
        return "sobol", result.sobol
    if result.morris is not None:
        return "morris", result.morris
    return None


def floor_sentences(result: Analysis) -> dict[str, str]:
    """Per outcome, in words: the noise floor of its indices and the parameters above it."""
    found = _sensitivity(result)
    if found is None:
        return {}
    method, table = found
    if not table["dummy"].any():
        none = "No dummy parameter in this design (dummies = 0): its indices have no noise floor."
        return dict.fromkeys(result.outcomes, none)
    return {
        o: " ".join(
            above_floor_sentence(table[table["outcome"] == o], index, INDEX_WORDS[index])
            for index in reversed(FLOOR_INDICES[method])
        )
        for o in result.outcomes
    }


def _sensitivity_section(result: Analysis) -> list[str]:
    """The indices of each outcome, the noise floor and, in words, what lies above it."""
    found = _sensitivity(result)
    if found is None:
        return []
    method, table = found
    title, columns, index = SENSITIVITY[method]
    sentences = floor_sentences(result)
    indices = FLOOR_INDICES[method]
    floors = [f"{i}_floor" for i in indices]
    words = " and ".join(INDEX_WORDS[i] for i in indices)
    body = [
        f"<h2>{title}</h2>",
        '<p class="muted">Each design point has its own seed, so the dummy parameters, '
        "which the model never reads, show what seed noise alone gives: the largest "
        "upper end of a dummy's 95 % interval is the <b>noise floor</b>, and a parameter "
        "is told apart from noise only above it (the <i>above</i> columns, on "
        f"{words}). The table is in {method}.csv and {method}.parquet, with every "
        "floor.</p>",
    ]
    for o in result.outcomes:
        t = table[table["outcome"] == o].sort_values(index, ascending=False)
        body += [
            f"<h3>{html.escape(_outcome_label(result.experiment, o))}</h3>",
            f"<p>{html.escape(sentences[o])}</p>",
            html_table(
                ["parameter", *columns, *floors, *(f"{i} above floor" for i in indices)],
                [
                    [
                        html.escape(str(r["parameter"])) + (" (dummy)" if r["dummy"] else ""),
                        *[format_number(float(r[c])) for c in (*columns, *floors)],
                        *[
                            "" if r["dummy"] else ("yes" if r[f"{i}_above"] else "no")
                            for i in indices
                        ],
                    ]
                    for _, r in t.iterrows()
                ],
            ),
        ]
    return body


def report(result: Analysis) -> str:
    """The standalone HTML report of a sweep (plotly.js inline, works offline)."""
    exp = result.experiment
    runs = result.runs
    ok = int((runs["status"] == "ok").sum())
    body = [
        f"<h1>{html.escape(exp.title)}</h1>",
        f'<p class="summary">{html.escape(exp.description)}</p>',
        "<h2>Experiment</h2>",
        html_table(
            ["setting", "value"],
            [
                ["base scenario", html.escape(exp.scenario.title)],
                [
                    "design",
                    exp.method
                    + (f", samples {exp.samples}" if exp.samples else "")
                    + (f", {exp.dummies} dummy parameter(s)" if exp.dummies else ""),
                ],
                ["design points", exp.n_points()],
                ["replications per point", exp.replications],
                ["months", exp.months],
                ["experiment seed", exp.seed],
                [
                    "runs ok / written / planned",
                    f"{ok} / {len(runs)} / {exp.n_points() * exp.replications}",
                ],
            ],
        ),
        html_table(
            ["varied parameter", "low", "high", "values"],
            [
                [
                    v.name,
                    format_number(v.low),
                    format_number(v.high),
                    ", ".join(map(format_number, v.values or ())),
                ]
                for v in exp.varied
            ]
            + [[name, "0", "1", "dummy: never read by the model"] for name in exp.dummy_names],
        ),
    ]
    body += [f'<p class="muted">{html.escape(n)}</p>' for n in result.notes]
    body += _sensitivity_section(result)
    if result.robustness is not None:
        body += _robustness_section(result)
    body.append("<h2>Charts</h2>")
    body += [figure_html(f, f"fig{k}") for k, f in enumerate(figures(result))]
    if result.discoveries:
        body += _discovery_section(result)
    over_time = series_figures(result)
    if over_time:
        body += [
            "<h2>Outcomes over time</h2>",
            '<p class="muted">The median over every run (all replications of all design '
            "points; of each policy's futures in a policies design) and the band from its "
            "5th to its 95th percentile, month by month; the numbers are in series.csv.</p>",
        ]
        body += [figure_html(f, f"series{k}") for k, f in enumerate(over_time)]
    failed = runs[runs["status"] != "ok"]
    if len(failed):
        params = [f"{PARAM_PREFIX}{v.name}" for v in exp.varied]
        body += [
            "<h2>Failed runs</h2>",
            html_table(
                ["run", *[p.removeprefix(PARAM_PREFIX) for p in params], "error"],
                [
                    [
                        int(r["run_id"]),
                        *[format_number(r[p]) for p in params],
                        html.escape(str(r["error"])),
                    ]
                    for _, r in failed.head(50).iterrows()
                ],
            ),
        ]
    return standalone_page(f"netsim sweep: {exp.title}", body)


def _prim_table(result: Analysis, which: str) -> pd.DataFrame:
    """The trajectories or the chosen boxes of every discovery, in one tidy table."""
    parts = []
    for d in result.discoveries:
        part = getattr(d.box, which).copy()
        part.insert(0, "outcome", d.outcome)
        part.insert(0, "policy", d.policy)
        if which == "limits":
            part["sentence"] = d.sentence
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def write_analysis(result: Analysis, folder: Path) -> list[Path]:
    """Write ``points.csv``, the other tables computed (CSV) and ``analysis.html``.

    The other tables are ``sobol.csv``, ``morris.csv`` (and the same as Parquet) and
    ``series.csv`` (the bands of the series outcomes), each when the analysis has it; with policies,
    ``robustness``, ``futures``, ``prim`` and ``prim_boxes`` as CSV and Parquet, and
    ``holding.csv`` (:func:`netsim.report.policy_words.holding_table`, which the
    dashboard reads).

    Returns:
        The files written.
    """
    written = [folder / "points.csv"]
    result.points.to_csv(written[0], index=False)
    tables = (("sobol.csv", result.sobol), ("morris.csv", result.morris))
    for name, table in (*tables, ("series.csv", result.series)):
        if table is not None:
            table.to_csv(folder / name, index=False)
            written.append(folder / name)
    for name, table in tables:  # the indices and floors, typed, for pandas
        if table is not None:
            written.append(folder / name.replace(".csv", ".parquet"))
            table.to_parquet(written[-1], index=False)
    robust: list[tuple[str, pd.DataFrame | None]] = [
        ("robustness", result.robustness),
        ("futures", result.futures),
    ]
    if result.discoveries:
        robust += [
            ("prim", _prim_table(result, "trajectory")),
            ("prim_boxes", _prim_table(result, "limits")),
        ]
    if result.futures is not None:
        written.append(folder / "holding.csv")
        boxes = {(d.policy, d.outcome): d.box for d in result.discoveries}
        holding_table(result.experiment, result.futures, boxes).to_csv(written[-1], index=False)
    for stem, table in robust:
        if table is not None:
            for path in (folder / f"{stem}.csv", folder / f"{stem}.parquet"):
                if path.suffix == ".csv":
                    table.to_csv(path, index=False)
                else:
                    table.to_parquet(path, index=False)
                written.append(path)
    (folder / "analysis.html").write_text(report(result), "utf-8")
    written.append(folder / "analysis.html")
    return written
