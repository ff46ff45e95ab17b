"""Analysis of result tables: final values, summaries and differences between scenarios.

Works on the tidy tables of :mod:`netsim.evaluate.runner` (one row per scenario,
replication and month) and never runs a model: this layer sits below the evaluator,
which reads final values with :func:`final_values` too.

Differences
    :func:`differences` compares the final value of each indicator (the last
    month, or the last month it was measured) between a scenario and the
    baseline, replication by replication (the runs share their seeds), with a
    paired Student-t confidence interval of the mean difference.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from netsim.core.indicators import KEY_INDICATORS, is_share
from netsim.io.folders import PARAM_PREFIX

ID_COLUMNS = ("scenario", "replication", "seed", "month")
"""The columns that identify a row of a result table."""

RUN_COLUMNS = ("scenario", "replication")
"""The columns that tell the runs of a result table apart."""


def indicator_columns(data: pd.DataFrame) -> list[str]:
    """Return the indicator columns of a result table, key indicators first."""
    rest = [c for c in data.columns if c not in ID_COLUMNS and not c.startswith(PARAM_PREFIX)]
    key = [c for c in KEY_INDICATORS if c in rest]
    return key + [c for c in rest if c not in key]


def final_values(data: pd.DataFrame) -> pd.DataFrame:
    """Return each run's final value of every indicator: the one place final values are read.

    As the registry says (:attr:`netsim.core.indicators.Indicator.final`), the final
    value is the last one measured: the last month's, or for the indicators measured
    only every ``network_interval`` months the last month they were measured.

    Args:
        data: a tidy result table (runs told apart by ``scenario`` and
            ``replication``), or the table of one run (one row per month).

    Returns:
        One row per run: ``scenario``, ``replication``, ``seed`` and ``month`` (the
        last month), those the table has, then the indicators, key indicators first.
    """
    columns = indicator_columns(data)
    keys = [k for k in RUN_COLUMNS if k in data.columns]
    ordered = data.sort_values([*keys, "month"])
    runs = ordered.groupby(keys or np.zeros(len(ordered), np.int64), sort=False)
    out = runs[columns].last()  # the last value that is not missing
    if "seed" in data.columns:
        out.insert(0, "seed", runs["seed"].first())
    out.insert(int("seed" in data.columns), "month", runs["month"].max())
    return out.reset_index(drop=not keys)


def summarise(data: pd.DataFrame) -> pd.DataFrame:
    """Final values per scenario and indicator: mean, 5th and 95th percentile across runs."""
    final = final_values(data)
    long = final.melt(
        id_vars=["scenario", "replication"],
        value_vars=indicator_columns(data),
        var_name="indicator",
    )
    grouped = long.groupby(["scenario", "indicator"], sort=False)["value"]
    out = pd.DataFrame(
        {
            "mean": grouped.mean(),
            "p5": grouped.quantile(0.05),
            "p95": grouped.quantile(0.95),
            "n": grouped.count(),
        }
    )
    return out.reset_index()


def differences(data: pd.DataFrame, baseline: str, confidence: float = 0.95) -> pd.DataFrame:
    """Final differences of every scenario to ``baseline``, with paired t-intervals.

    For each indicator and scenario, ``difference`` is the mean over replications
    of (scenario - baseline) final values, paired by replication (same seed). The
    interval is ``difference ± t(1 - (1 - confidence) / 2, n - 1) · sd / √n``;
    it is NaN with a single replication.

    Args:
        data: a tidy result table with several scenarios.
        baseline: the scenario the others are compared with.
        confidence: confidence level of the interval.

    Returns:
        Columns: indicator, scenario, baseline, baseline_mean, scenario_mean,
        difference, ci_low, ci_high, n, confidence.
    """
    final = final_values(data).set_index(["scenario", "replication"])
    columns = indicator_columns(data)
    base = final.loc[baseline]
    rows = []
    for name in dict.fromkeys(final.index.get_level_values("scenario")):
        if name == baseline:
            continue
        other = final.loc[name]
        for col in columns:
            pairs = pd.concat([base[col], other[col]], axis=1, join="inner").dropna()
            d = (pairs.iloc[:, 1] - pairs.iloc[:, 0]).to_numpy(float)
            n = d.size
            if n == 0:  # not measured in one of the two (e.g. a region the other lacks)
                continue
            mean = float(d.mean())
            half = float("nan")
            if n > 1:
                q = stats.t.ppf(1 - (1 - confidence) / 2, n - 1)
                half = float(q * d.std(ddof=1) / np.sqrt(n))
            rows.append(
                {
                    "indicator": col,
                    "scenario": name,
                    "baseline": baseline,
                    "baseline_mean": float(pairs.iloc[:, 0].mean()),
                    "scenario_mean": float(pairs.iloc[:, 1].mean()),
                    "difference": mean,
                    "ci_low": mean - half,
                    "ci_high": mean + half,
                    "n": n,
                    "confidence": confidence,
                }
            )
    return pd.DataFrame(rows)


def headline_shares(data: pd.DataFrame) -> list[str]:
    """The key indicators of a result table that are shares (0..1): what ``--precision`` reads."""
    return [c for c in KEY_INDICATORS if c in data.columns and is_share(c)]


def settling(data: pd.DataFrame, indicators: list[str] | None = None) -> pd.DataFrame:
    """How the mean of each final value and its 95 % interval settle as replications are added.

    For each scenario, indicator and n from 2 to the number of replications, the
    mean of the final values of replications 0 to n - 1 and the half-width of its
    Student-t 95 % interval (``t(0.975, n - 1) · sd / √n``); ``width`` is twice it.

    Args:
        data: a tidy result table.
        indicators: the indicators (default: :func:`headline_shares`).

    Returns:
        Columns: scenario, indicator, replications, mean, sd, half_width, width.
    """
    indicators = headline_shares(data) if indicators is None else indicators
    final = final_values(data).sort_values(["scenario", "replication"])
    rows = []
    for scenario, runs in final.groupby("scenario", sort=False):
        for column in indicators:
            x = runs[column].to_numpy(float)
            for n in range(2, len(x) + 1):
                sd = float(np.std(x[:n], ddof=1))
                half = float(stats.t.ppf(0.975, n - 1)) * sd / np.sqrt(n)
                rows.append((scenario, column, n, float(np.mean(x[:n])), sd, half, 2 * half))
    columns = ["scenario", "indicator", "replications", "mean", "sd", "half_width", "width"]
    return pd.DataFrame(rows, columns=columns)
