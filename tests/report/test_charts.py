"""Charts: scheduled shocks are marked once per month and subplot, whatever their number."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
