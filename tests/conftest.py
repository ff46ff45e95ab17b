"""Shared helpers for the model tests: small countries, seeded runs, seed averages.

Mechanism tests compare two settings over the same seeds (a paired design: the
same seed builds the same country) and assert the DIRECTION of the mean, never
the result of one lucky run.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

from netsim import PDNetworkModel
from netsim.core.indicators import NETWORK_COLUMNS

SMALL: dict[str, Any] = {"n_teachers": 2000, "n_regions": 4}
"""A small country: fast, yet large enough for averages over a few seeds."""

AMPLE: dict[str, Any] = {"budget_per_teacher": 100.0, "cost_per_place": 10.0}
"""Money enough that places are never the bottleneck.

At the default budget (10 EUR per teacher and year, 80 EUR per place) centres
offer places for about 1.5 % of teachers a month, so reach is set by rationing
and behavioural levers (trust, peers, mandates) barely move it. Mechanism tests
that are about behaviour use AMPLE so that the behaviour, not the budget, decides.
"""

SEEDS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)


def make_model(seed: int, **params: Any) -> PDNetworkModel:
    """A model of a small country (SMALL unless overridden)."""
    return PDNetworkModel(rng=seed, **{**SMALL, **params})


def run_model(seed: int, months: int, **params: Any) -> PDNetworkModel:
    """Build a small-country model and run it for ``months`` months."""
    model = make_model(seed, **params)
    for _ in range(months):
        model.step()
    return model


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


@lru_cache(maxsize=512)
def _cached_frame(seed: int, months: int, frozen: tuple) -> pd.DataFrame:
    params = {k: (_thaw_events(v) if k == "events" else v) for k, v in frozen}
    return run_model(seed, months, **params).datacollector.get_model_vars_dataframe()


def _thaw_events(events: tuple) -> list[dict[str, Any]]:
    return [dict(e) for e in events]


def frame(seed: int, months: int, **params: Any) -> pd.DataFrame:
    """Indicator table of a run (cached: identical runs are deterministic); a copy."""
    return _cached_frame(seed, months, _freeze(params)).copy()


def per_seed(
    column: str, months: int, seeds: Iterable[int] = SEEDS, row: int = -1, **params: Any
) -> np.ndarray:
    """One indicator at one row (default: the last month), one value per seed."""
    return np.array([frame(s, months, **params)[column].iloc[row] for s in seeds])


def per_seed_mean(
    column: str,
    months: int,
    first: int,
    last: int,
    seeds: Iterable[int] = SEEDS,
    **params: Any,
) -> np.ndarray:
    """Mean of one indicator over months ``first..last`` (inclusive), one value per seed."""
    out = []
    for s in seeds:
        df = frame(s, months, **params)
        out.append(df.loc[(df["month"] >= first) & (df["month"] <= last), column].mean())
    return np.array(out)


def non_network(df: pd.DataFrame) -> pd.DataFrame:
    """The indicators computed every month (network-shape columns dropped)."""
    return df.drop(columns=[c for c in NETWORK_COLUMNS if c in df.columns])


@pytest.fixture
def small_model() -> PDNetworkModel:
    """A fresh small model at month 0 (seed 7)."""
    return make_model(7)
