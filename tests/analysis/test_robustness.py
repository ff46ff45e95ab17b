"""Robustness: regret is zero for the best policy in each future; goals met, both ways."""

from __future__ import annotations

import pandas as pd
import pytest

from netsim.analysis.robustness import future_values, regret, robustness


def _runs() -> pd.DataFrame:
    rows = []
    values = {"a": [0.5, 0.2, 0.9], "b": [0.4, 0.6, 0.1], "c": [0.45, 0.3, 0.2]}
    for policy, per_future in values.items():
        for future, value in enumerate(per_future):
            for rep, noise in enumerate((-0.01, 0.01)):
                rows.append(
                    {"policy": policy, "future": future, "replication": rep, "status": "ok",
                     "out_reach": value + noise, "out_months": 100 * value + noise}
                )  # fmt: skip
    rows.append({"policy": "a", "future": 0, "replication": 2, "status": "failed",
                 "out_reach": float("nan"), "out_months": float("nan")})  # fmt: skip
    return pd.DataFrame(rows)


def test_regret_is_zero_for_the_best_policy_of_each_future() -> None:
    values = future_values(_runs(), ["reach", "months"])
    assert values["runs"].max() == 2  # the failed run is left out
    better = {"reach": "higher", "months": "lower"}
    table = regret(values, better, {"reach": 0.4, "months": None})
    reach = table[table["outcome"] == "reach"].set_index(["policy", "future"])
    assert reach.loc[("a", 0), "regret"] == 0.0
    assert reach.loc[("b", 1), "regret"] == 0.0
    assert reach.loc[("b", 0), "regret"] == pytest.approx(0.1)
    assert (table.groupby(["outcome", "future"])["regret"].min() == 0).all()
    assert (table["regret"] >= 0).all()
    months = table[table["outcome"] == "months"].set_index(["policy", "future"])
    assert months.loc[("b", 0), "regret"] == 0.0  # lower is better: 40 beats 45 and 50
    assert months.loc[("a", 0), "regret"] == pytest.approx(10.0)
    assert reach["meets"].tolist() == [True, False, True, True, True, False, True, False, False]
    assert months["meets"].isna().all()

    summary = robustness(table, better, {"reach": 0.4, "months": None}).set_index(
        ["outcome", "policy"]
    )
    assert summary.loc[("reach", "a"), "satisficing_share"] == pytest.approx(2 / 3)
    assert summary.loc[("reach", "c"), "satisficing_share"] == pytest.approx(1 / 3)
    assert summary.loc[("reach", "a"), "best_share"] == pytest.approx(2 / 3)
    assert summary.loc[("reach", "a"), "regret_max"] == pytest.approx(0.4)
    assert summary.loc[("reach", "b"), "median"] == pytest.approx(0.4)
    assert pd.isna(summary.loc[("months", "a"), "satisficing_share"])
    assert summary.loc[("months", "c"), "futures"] == 3
