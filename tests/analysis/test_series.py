"""Series bands: median and 5-95 % band per month across runs, per group."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netsim.analysis.series import series_bands


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    runs = pd.DataFrame(
        {
            "run_id": range(6),
            "status": ["ok"] * 5 + ["failed"],
            "policy": ["a", "a", "a", "b", "b", "b"],
        }
    )
    rows = [
        {"run_id": r, "month": m, "x": float(r * 10 + m), "y": np.nan if m == 1 else 1.0}
        for r in range(5)
        for m in range(3)
    ]
    return pd.DataFrame(rows), runs


def test_bands_over_all_runs_skip_failed_runs_and_unmeasured_months() -> None:
    indicators, runs = _tables()
    bands = series_bands(indicators, runs, "x")
    assert bands["group"].unique().tolist() == ["all"]
    assert bands["month"].tolist() == [0, 1, 2]
    month0 = bands.iloc[0]
    assert month0["median"] == 20.0
    assert month0["p5"] == np.quantile([0, 10, 20, 30, 40], 0.05)
    assert month0["p95"] == np.quantile([0, 10, 20, 30, 40], 0.95)
    assert (bands["runs"] == 5).all()
    assert series_bands(indicators, runs, "y")["month"].tolist() == [0, 2]


def test_bands_per_group() -> None:
    indicators, runs = _tables()
    bands = series_bands(indicators, runs, "x", by="policy")
    assert bands["group"].unique().tolist() == ["a", "b"]
    b = bands[bands["group"] == "b"]
    assert b["runs"].tolist() == [2, 2, 2]
    assert b["median"].tolist() == [35.0, 36.0, 37.0]
