"""Outcomes over time of a sweep: bands across replications and design points.

A ``stat = "series"`` outcome keeps its indicator month by month in the sweep's
``indicators`` table. :func:`series_bands` reads that table with the runs table
and gives, for each month, the median and the 5th and 95th percentiles of the
indicator over every run that finished (all replications of all design points),
or over the runs of each group (each policy of a policies design, say).
"""

from __future__ import annotations

import pandas as pd

BAND_QUANTILES = (0.05, 0.5, 0.95)
"""Quantiles of a series band: its low edge, its middle line and its high edge."""


def series_bands(
    indicators: pd.DataFrame,
    runs: pd.DataFrame,
    column: str,
    *,
    by: str | None = None,
) -> pd.DataFrame:
    """Median and 5-95 % band of ``column`` per month, across runs.

    Args:
        indicators: the sweep's indicators table (``run_id``, ``month``, indicators).
        runs: the sweep's runs table (``run_id``, ``status`` and ``by`` if given).
        column: the indicator.
        by: a column of ``runs`` whose values each get a band (such as ``policy``);
            None: one band over every run, in group ``all``.

    Returns:
        One row per group and month: ``group``, ``month``, ``median``, ``p5``, ``p95``
        and ``runs`` (the runs measured that month). Months in which the indicator
        was not measured (NaN in every run) are left out.
    """
    ok = runs.loc[runs["status"] == "ok", ["run_id", *([by] if by else [])]]
    rows = indicators[["run_id", "month", column]].merge(ok, on="run_id").dropna(subset=[column])
    rows["group"] = rows[by].astype(str) if by else "all"
    grouped = rows.groupby(["group", "month"], sort=False)[column]
    low, mid, high = BAND_QUANTILES
    out = pd.DataFrame(
        {
            "median": grouped.quantile(mid),
            "p5": grouped.quantile(low),
            "p95": grouped.quantile(high),
            "runs": grouped.count(),
        }
    ).reset_index()
    order = list(dict.fromkeys(rows["group"]))
    out["group"] = pd.Categorical(out["group"], categories=order, ordered=True)
    out = out.sort_values(["group", "month"], ignore_index=True)
    out["group"] = out["group"].astype(str)
    return out
