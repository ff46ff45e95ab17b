"""Scenario discovery: PRIM finds a box planted in a synthetic table of futures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netsim.analysis.discovery import box_conditions, box_sentence, prim_box


def _futures(n: int = 400, seed: int = 1) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "trust_decay": rng.uniform(0.0, 0.06, n),
            "w_workload": rng.uniform(0.5, 2.0, n),
            "w_peers": rng.uniform(0.5, 4.0, n),
        }
    )
    failed = ((x["trust_decay"] > 0.03) & (x["w_workload"] > 1.2)).to_numpy()
    return x, failed


def test_prim_finds_the_planted_box() -> None:
    x, failed = _futures()
    box = prim_box(x, failed)
    limits = box.limits.set_index("parameter")
    assert set(limits.index[limits["restricted"]]) == {"trust_decay", "w_workload"}
    assert limits.loc["trust_decay", "low"] == pytest.approx(0.03, abs=0.004)
    assert limits.loc["w_workload", "low"] == pytest.approx(1.2, abs=0.1)
    assert box.density >= 0.8
    assert box.coverage >= 0.9
    t = box.trajectory
    assert t["chosen"].sum() == 1
    assert t["coverage"].iloc[0] == 1.0
    assert t["density"].iloc[0] == pytest.approx(failed.mean())
    conditions = box_conditions(box)
    assert [c.split(" ")[0] for c in conditions] == ["trust_decay", "w_workload"]
    sentence = box_sentence(box, "bottom_up", "misses reach >= 0.4")
    assert sentence.startswith("bottom_up misses reach >= 0.4 when trust_decay > 0.0")
    assert " and w_workload > 1." in sentence


def test_nothing_to_find_is_said() -> None:
    x, _ = _futures(50)
    with pytest.raises(ValueError, match="futures that fail and futures that do not"):
        prim_box(x, np.zeros(len(x), bool))
