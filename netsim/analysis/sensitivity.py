"""Sensitivity indices against a noise floor set by dummy parameters.

A dummy parameter is a column of the design that the model never reads. Each
design point of a sweep (and of the growth checks' screening) has a seed of its
own, so a dummy's index measures what seed noise alone gives. The noise floor is
the largest among the dummies of the upper end of their index's 95 % confidence
interval (the index plus its bootstrap half-width, ``<index>_conf``, where the
table has one; the index alone otherwise), and only a parameter whose index lies
above it is told apart from noise at this design's size (Zhang et al. 2015 use
one dummy for Sobol' indices; several give a steadier floor, since the seed
noise of a run is heavy-tailed and one dummy's index varies a lot between
designs). With one dummy and the index alone, a parameter the model never reads
would lie above the floor half the time; the half-width makes that rare.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from netsim.io.experiments import is_dummy

FLOOR_INDICES = {"sobol": ("S1", "ST"), "morris": ("mu_star",)}
"""The indices of each method read against the floor."""


def _upper(table: pd.DataFrame, index: str) -> pd.Series:
    """The index plus its 95 % half-width where the table has one, else the index."""
    conf = f"{index}_conf"
    return table[index] + table[conf] if conf in table.columns else table[index]


def noise_floor(table: pd.DataFrame, index: str) -> float:
    """The dummies' largest ``index`` (plus its half-width, if any); NaN without dummies."""
    dummies = _upper(table, index)[table["parameter"].map(is_dummy)]
    return float(dummies.max()) if len(dummies) else float("nan")


def mark_floor(table: pd.DataFrame, indices: Sequence[str], by: str = "outcome") -> pd.DataFrame:
    """Add, per ``by`` group, a ``dummy`` column, each index's floor and whether it is above.

    Returns:
        ``table`` with ``dummy`` (bool), ``<index>_floor`` and ``<index>_above`` (bool: the
        index is larger than its floor; False for a dummy, or when there is no dummy).
    """
    out = table.copy()
    out["dummy"] = out["parameter"].map(is_dummy).astype(bool)
    for index in indices:
        floors = _upper(out, index)[out["dummy"]].groupby(out[by]).max()
        out[f"{index}_floor"] = out[by].map(floors).astype(float)
        out[f"{index}_above"] = (out[index] > out[f"{index}_floor"]) & ~out["dummy"]
    return out


def above_floor_sentence(table: pd.DataFrame, index: str, what: str) -> str:
    """In words, for one outcome's rows: the floor and the parameters above it."""
    dummies = table[table["dummy"]]
    if dummies.empty:
        return f"No dummy parameter in this design: {what} has no noise floor."
    floor = float(table[f"{index}_floor"].iloc[0])
    above = table[table[f"{index}_above"]].sort_values(index, ascending=False)
    n = len(table) - len(dummies)
    pairs = zip(above["parameter"], above[index], strict=True)
    shown = ", ".join(f"{p} ({v:.3g})" for p, v in pairs)
    which = f": {shown}" if len(above) else ""
    conf = " plus its 95 % half-width" if f"{index}_conf" in table.columns else ""
    rest = (
        "; the others are not told apart from seed noise by this design." if len(above) < n else "."
    )
    return (
        f"Noise floor of {what}: {floor:.3g}, the largest {what}{conf} among "
        f"{len(dummies)} dummy parameter(s) the model never reads. {len(above)} of {n} "
        "parameters lie above "
        f"it{which}{rest}"
    )
