"""Agent-level indicators on request: a sample of teachers recorded every few months.

The model core keeps each teacher as a row of arrays (``model.teachers``); the
:class:`AgentRecorder` reads the rows of a fixed sample of teachers after the
months asked for, as Mesa's ``DataCollector`` agent reporters would, without
building a Python object per teacher and month. The sample is drawn from the
replication's seed with a generator of its own, so the model's random stream,
and therefore its results, are the same with or without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netsim.core.population import ENGAGEMENT

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel

COLUMNS = ("teacher", "month", "engagement", "trust", "practice", "region", "school")
"""The columns of an agent table, after ``replication`` in a run's ``agents.parquet``."""

_STREAM = 0x6167656E7473  # "agents": the sample's own stream of the replication's seed


@dataclass(frozen=True, slots=True)
class AgentSample:
    """Which teachers to record, and how often.

    Attributes:
        teachers: how many teachers (all of them when there are fewer).
        every: record at month 0, every this many months, and at the last month.
    """

    teachers: int
    every: int = 12

    def months(self, last: int) -> list[int]:
        """The months recorded in a run of ``last`` months."""
        return sorted({*range(0, last + 1, self.every), last})


def sample_teachers(n_teachers: int, size: int, seed: int) -> np.ndarray:
    """``size`` teacher rows drawn without replacement from ``seed``, in increasing order."""
    rng = np.random.default_rng([seed, _STREAM])
    if size >= n_teachers:
        return np.arange(n_teachers, dtype=np.int64)
    return np.sort(rng.choice(n_teachers, size=size, replace=False)).astype(np.int64)


class AgentRecorder:
    """Records the sampled teachers of one model at the months :meth:`observe` is called."""

    def __init__(self, model: PDNetworkModel, sample: AgentSample, seed: int) -> None:
        self.model = model
        self.ids = sample_teachers(model.n_teachers, sample.teachers, seed)
        self._parts: list[dict[str, np.ndarray]] = []

    def observe(self) -> None:
        """Record the sampled teachers as they are now."""
        t, ids = self.model.teachers, self.ids
        self._parts.append(
            {
                "teacher": ids,
                "month": np.full(len(ids), self.model.month, np.int64),
                "engagement": t.engagement[ids].astype(np.int64),
                "trust": t.trust[ids].astype(np.float64),
                "practice": t.practice[ids].astype(np.float64),
                "region": t.region[ids].astype(np.int64),
                "school": t.school[ids].astype(np.int64),
            }
        )

    def table(self) -> pd.DataFrame:
        """One row per sampled teacher and month recorded (columns :data:`COLUMNS`)."""
        empty = {c: np.zeros(0, np.int64) for c in COLUMNS}
        out = pd.DataFrame(
            {c: np.concatenate([empty[c], *(p[c] for p in self._parts)]) for c in COLUMNS}
        )
        out["engagement"] = pd.Categorical.from_codes(
            out["engagement"].to_numpy(np.int64), dtype=pd.CategoricalDtype(list(ENGAGEMENT))
        )
        return out
