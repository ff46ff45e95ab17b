"""Robustness of policies across sampled futures: distributions, regret and satisficing.

Works on the runs table of a policies x uncertainties sweep (see
:mod:`netsim.io.experiments`): every policy is run in the same futures (points of
a sample of the uncertain parameters) with the same seeds. Following the
robust decision-making literature (and EMA Workbench's robustness metrics):

- the value of a policy in a future is its outcome averaged over the future's
  replications;
- its regret in a future is how far it falls short of the best policy in that
  future: ``best - value`` when higher is better, ``value - best`` when lower is;
  zero for the best policy;
- its satisficing share is the share of futures in which it meets the
  outcome's goal (at least the goal when higher is better, at most it when
  lower is).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from netsim.io.folders import OUT_PREFIX


def future_values(runs: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Each policy's value of each outcome in each future: the mean over its replications.

    Args:
        runs: the runs table (``policy``, ``future``, ``status``, ``out_<name>``).
        outcomes: the outcome names.

    Returns:
        One row per policy, future and outcome: ``policy``, ``future``, ``outcome``,
        ``value`` and ``runs`` (the replications that finished), policies in the order
        of the table.
    """
    ok = runs[runs["status"] == "ok"]
    order = list(dict.fromkeys(runs["policy"]))
    parts = []
    for name in outcomes:
        grouped = ok.groupby(["policy", "future"])[f"{OUT_PREFIX}{name}"]
        part = pd.DataFrame({"value": grouped.mean(), "runs": grouped.count()}).reset_index()
        part.insert(2, "outcome", name)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["policy"] = pd.Categorical(out["policy"], categories=order, ordered=True)
    out = out.sort_values(["outcome", "policy", "future"], kind="stable", ignore_index=True)
    out["policy"] = out["policy"].astype(str)
    return out


def regret(
    values: pd.DataFrame,
    better: Mapping[str, str],
    goals: Mapping[str, float | None] | None = None,
) -> pd.DataFrame:
    """Regret and goal of each policy in each future.

    Args:
        values: a table of :func:`future_values`.
        better: ``higher`` or ``lower`` for each outcome.
        goals: each outcome's goal, or None where it has none.

    Returns:
        ``values`` with ``best`` (the best policy's value in that future), ``regret``
        (zero for the best policy) and ``meets`` (whether the goal is met; missing
        without a goal). A future in which only some policies have a value is
        compared among those.
    """
    goals = goals or {}
    out = values.copy()
    higher = out["outcome"].map(lambda o: better[o] == "higher").astype(bool)
    grouped = out.groupby(["outcome", "future"])["value"]
    out["best"] = np.where(higher, grouped.transform("max"), grouped.transform("min"))
    out["regret"] = np.where(higher, out["best"] - out["value"], out["value"] - out["best"])
    goal = out["outcome"].map(lambda o: goals.get(o)).astype(float)
    meets = np.where(higher, out["value"] >= goal, out["value"] <= goal)
    flags = pd.Series(meets, index=out.index, dtype="boolean")
    flags[goal.isna() | out["value"].isna()] = pd.NA
    out["meets"] = flags
    return out


def robustness(
    table: pd.DataFrame,
    better: Mapping[str, str],
    goals: Mapping[str, float | None] | None = None,
) -> pd.DataFrame:
    """Per policy and outcome: the distribution over futures, regret and satisficing share.

    Args:
        table: a table of :func:`regret`.
        better: ``higher`` or ``lower`` for each outcome.
        goals: each outcome's goal, or None where it has none.

    Returns:
        One row per outcome and policy: ``outcome``, ``policy``, ``better``,
        ``futures`` (with a value), ``mean``, ``sd``, ``p5``, ``median``, ``p95``,
        ``min``, ``max``; ``regret_mean``, ``regret_median``, ``regret_p90``,
        ``regret_max``; ``best_share`` (share of futures in which it is the best
        policy, ties counting for each); ``goal`` and ``satisficing_share``
        (missing without a goal).
    """
    goals = goals or {}
    rows = []
    for (outcome, policy), t in table.groupby(["outcome", "policy"], sort=False):
        v = t["value"].dropna()
        r = t["regret"].dropna()
        goal = goals.get(str(outcome))
        meets = t["meets"].dropna()
        rows.append(
            {
                "outcome": outcome,
                "policy": policy,
                "better": better[str(outcome)],
                "futures": len(v),
                "mean": v.mean(),
                "sd": v.std(ddof=1),
                "p5": v.quantile(0.05),
                "median": v.median(),
                "p95": v.quantile(0.95),
                "min": v.min(),
                "max": v.max(),
                "regret_mean": r.mean(),
                "regret_median": r.median(),
                "regret_p90": r.quantile(0.9),
                "regret_max": r.max(),
                "best_share": float((r == 0).mean()) if len(r) else float("nan"),
                "goal": float("nan") if goal is None else goal,
                "satisficing_share": float(meets.astype(bool).mean())
                if goal is not None and len(meets)
                else float("nan"),
            }
        )
    return pd.DataFrame(rows)
