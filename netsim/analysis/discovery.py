"""Scenario discovery: the boxes of uncertain parameters in which a policy fails (PRIM).

The Patient Rule Induction Method (Friedman and Fisher 1999), as EMA Workbench
implements it (:mod:`ema_workbench.analysis.prim`), peels the space of the
uncertain parameters a little at a time, keeping the futures in which the
policy fails, and gives a trajectory of ever smaller boxes:

- *coverage*: the share of all failing futures that lie in the box;
- *density*: the share of the futures in the box that fail.

The box chosen here is the densest one whose coverage is still at least
``coverage_min`` (0.8 by default: it holds 80 % of the failing futures), the
first such if several are as dense; the first box (every future) always
qualifies. :func:`box_sentence` says it in plain words.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

COVERAGE_MIN = 0.8
"""Coverage the chosen box must keep."""


@dataclass(frozen=True)
class Box:
    """The result of PRIM on one table of futures.

    Attributes:
        trajectory: one row per box of the peeling trajectory: ``step``, ``coverage``,
            ``density``, ``mass`` (share of all futures in the box), ``futures`` (in
            the box), ``restricted`` (number of parameters the box restricts) and
            ``chosen``.
        chosen: the step of the chosen box.
        limits: the chosen box: one row per parameter with ``parameter``, ``low`` and
            ``high`` (the box's edges), ``min`` and ``max`` (the sample's), and
            ``restricted``.
        futures: futures in the table.
        failures: futures in which the policy fails.
    """

    trajectory: pd.DataFrame
    chosen: int
    limits: pd.DataFrame
    futures: int
    failures: int

    @property
    def coverage(self) -> float:
        """Coverage of the chosen box."""
        return float(self.trajectory["coverage"].to_numpy()[self.chosen])

    @property
    def density(self) -> float:
        """Density of the chosen box."""
        return float(self.trajectory["density"].to_numpy()[self.chosen])


def prim_box(x: pd.DataFrame, failed: np.ndarray, *, coverage_min: float = COVERAGE_MIN) -> Box:
    """Find the box of ``x`` in which the futures fail, with PRIM.

    Args:
        x: one row per future, one column per uncertain parameter.
        failed: whether the policy fails in each future.
        coverage_min: coverage the chosen box must keep.

    Raises:
        ValueError: if no future fails or every future fails (there is nothing to find).
    """
    failed = np.asarray(failed, dtype=bool)
    if not failed.any() or failed.all():
        raise ValueError("PRIM needs futures that fail and futures that do not")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench warns of optional parts not installed
        from ema_workbench.analysis import prim

        box = prim.Prim(x.reset_index(drop=True).astype(float), failed).find_box()
    peel = box.peeling_trajectory
    trajectory = pd.DataFrame(
        {
            "step": np.arange(len(peel)),
            "coverage": peel["coverage"].to_numpy(float),
            "density": peel["density"].to_numpy(float),
            "mass": peel["mass"].to_numpy(float),
            "futures": peel["n"].to_numpy(int),
            "restricted": peel["res_dim"].to_numpy(int),
        }
    )
    covering = trajectory[trajectory["coverage"] >= coverage_min]
    chosen = int(covering["step"].iloc[int(np.argmax(covering["density"].to_numpy()))])
    trajectory["chosen"] = trajectory["step"] == chosen
    first, lims = box.box_lims[0], box.box_lims[chosen]
    limits = pd.DataFrame(
        {
            "parameter": list(x.columns),
            "low": [float(lims[c].iloc[0]) for c in x.columns],
            "high": [float(lims[c].iloc[1]) for c in x.columns],
            "min": [float(first[c].iloc[0]) for c in x.columns],
            "max": [float(first[c].iloc[1]) for c in x.columns],
        }
    )
    limits["restricted"] = (limits["low"] > limits["min"]) | (limits["high"] < limits["max"])
    return Box(trajectory, chosen, limits, len(failed), int(failed.sum()))


def _number(value: float) -> str:
    return f"{value:.3g}"


def box_conditions(box: Box) -> list[str]:
    """The chosen box's restrictions in words: ``trust_decay > 0.03``, ``0.2 < w < 0.5``."""
    out = []
    t = box.limits
    for name, low, high, lo, hi in zip(
        t["parameter"], t["low"], t["high"], t["min"], t["max"], strict=True
    ):
        above, below = float(low) > float(lo), float(high) < float(hi)
        if above and below:
            out.append(f"{_number(low)} < {name} < {_number(high)}")
        elif above:
            out.append(f"{name} > {_number(low)}")
        elif below:
            out.append(f"{name} < {_number(high)}")
    return out


def box_sentence(box: Box, policy: str, miss: str) -> str:
    """The chosen box in plain words.

    Args:
        box: a result of :func:`prim_box`.
        policy: the policy's name.
        miss: what failing means, such as ``misses reach_10y >= 0.4``.

    Returns:
        For example: "bottom_up misses reach_10y >= 0.4 when trust_decay > 0.03 and
        w_workload > 1.2: 85 % of the 20 futures in which it misses are in this box
        (coverage), and it misses in 90 % of the futures in the box (density); it
        misses in 20 of the 64 futures sampled."
    """
    conditions = box_conditions(box)
    where = " and ".join(conditions) if conditions else "anywhere in the sampled ranges"
    failures = f"{box.failures} future{'s' if box.failures != 1 else ''}"
    return (
        f"{policy} {miss} when {where}: {_percent(box.coverage)} of the {failures} in which "
        f"it misses are in this box (coverage), and it misses in {_percent(box.density)} of "
        f"the futures in the box (density); it misses in {box.failures} of the "
        f"{box.futures} futures sampled."
    )


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"
