"""The workshop view's live run: one model stepped month by month, drawn each frame.

A :class:`LiveRun` belongs to one browser session. It owns the model, the
fixed node offsets (so the picture never jumps) and a lock, because the play
loop steps it in a background thread while the page reads it.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from netsim.core.events import EVENT_KINDS
from netsim.core.model import PDNetworkModel
from netsim.core.params import PARAMETERS
from netsim.core.ties import KIND_NAMES
from netsim.io.scenarios import Scenario
from netsim.report import charts

LIVE_SHOCKS: dict[str, str] = {
    "funding_cut": "Cut funding (half the public money)",
    "change_of_government": "Change of government",
    "national_event": "National event",
    "new_company": "Bring in a company",
    "new_university": "Bring in a university",
}
"""Shocks an instructor can apply live, with their button labels."""

SHOCK_SIZES: dict[str, tuple[float, ...]] = {
    "funding_cut": (0.25, 0.5, 0.75, 0.9),
    "change_of_government": (0.25, 0.5, 0.75),
}
"""Sizes offered for the shocks that take one (share of the public money cut)."""

REGION_SHOCKS = ("new_company", "new_university")
"""Shocks that land in one region (chosen, or the model's default)."""


def named_parameters(scenario: Scenario) -> list[str]:
    """Parameters that the preset's workshop texts name, in schema order.

    The workshop view offers a control for each, so that "Set trust_gain to
    0.05" can be done where it is read.
    """
    w = scenario.workshop or {}
    text = " ".join([str(w.get("shows", "")), *w.get("notice", []), *w.get("try", [])])
    words = set(re.findall(r"[a-z_]+", text))
    return [name for name, p in PARAMETERS.items() if name in words and p.kind is not bool]


def region_snapshot(model: PDNetworkModel) -> dict[str, pd.DataFrame]:
    """The network with teachers gathered into one node per region (for large populations).

    Organisations (schools excepted) stay single nodes. Ties between teachers
    become ties between their regions, one per region pair and kind; ties between
    a teacher and an organisation start at the teacher's region.

    Returns:
        ``{"nodes": DataFrame(id, type, region, engagement, size), "edges":
        DataFrame(a, b, kind, trust)}``; a region node's id is ``n_nodes + region``
        and its ``engagement`` is the share of its teachers ever engaged.
    """
    t = model.teachers
    n, n_nodes = model.n_teachers, model.n_nodes
    # the model stores regions in a small integer type; node ids need 64 bits
    region = np.asarray(t.region, dtype=np.int64)
    per_region = np.bincount(region, minlength=model.n_regions)
    engaged = np.bincount(region, weights=(t.engagement > 0), minlength=model.n_regions)
    snap = model.network_snapshot(max_teachers=0)
    orgs = snap["nodes"]
    orgs = orgs[orgs["type"] != "school"]
    regions = pd.DataFrame(
        {
            "id": n_nodes + np.arange(model.n_regions),
            "type": "region",
            "region": np.arange(model.n_regions),
            "engagement": engaged / np.maximum(per_region, 1),
            "size": per_region,
        }
    )
    nodes = pd.concat([regions, orgs.assign(size=1.0)], ignore_index=True)
    kind_names = np.array(KIND_NAMES)
    parts = []
    for store in (model.peer_ties, model.org_ties):
        alive = store.alive
        a, b = store.a[alive].astype(np.int64), store.b[alive].astype(np.int64)
        kind, trust = store.kind[alive], store.trust[alive]
        a = np.where(a < n, n_nodes + region[np.minimum(a, n - 1)], a)
        b = np.where(b < n, n_nodes + region[np.minimum(b, n - 1)], b)
        keep = a != b
        parts.append(
            pd.DataFrame({"a": a[keep], "b": b[keep], "kind": kind[keep], "trust": trust[keep]})
        )
    edges = pd.concat(parts, ignore_index=True)
    edges = edges.groupby(["a", "b", "kind"])["trust"].mean().reset_index()
    edges["kind"] = kind_names[edges["kind"].to_numpy()]
    shown = set(nodes["id"])
    edges = edges[edges["a"].isin(shown) & edges["b"].isin(shown)]
    return {"nodes": nodes, "edges": edges.reset_index(drop=True)}


@dataclass
class LiveRun:
    """One workshop run: a scenario's model, stepped month by month and drawn as frames.

    A frame (:meth:`frame`) holds everything the page shows of one month: the
    header, the network picture, the time series and the log, so they always
    show the same month. The play loop asks for the next month only once the
    browser has drawn the previous frame.

    Attributes:
        scenario: the preset being run.
        seed: the model's seed (same seed, same story).
        large: presentation mode (large type, panels stacked beside the network).
    """

    scenario: Scenario
    seed: int = 0
    large: bool = False
    model: PDNetworkModel = field(init=False)
    jitter: np.ndarray = field(init=False)
    lock: threading.RLock = field(init=False, default_factory=threading.RLock)
    network: dict[str, Any] = field(init=False)
    series: dict[str, Any] = field(init=False)
    draw_seconds: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        s = self.scenario
        self.model = PDNetworkModel(rng=self.seed, events=s.events, **s.params)
        extra = self.model.n_regions  # room for the region nodes of the aggregated picture
        self.jitter = charts.stable_jitter(self.model.n_nodes + extra, seed=self.seed)
        self.draw()

    @property
    def month(self) -> int:
        """Months run so far."""
        return int(self.model.steps)

    @property
    def finished(self) -> bool:
        """Whether the preset's run length is reached."""
        return self.month >= self.scenario.months

    @property
    def aggregated(self) -> bool:
        """Whether teachers are drawn as regions (large populations)."""
        return self.model.n_teachers > charts.AGGREGATE_ABOVE

    def log(self) -> list[tuple[int, str]]:
        """The model's log so far, newest first."""
        with self.lock:
            return list(reversed(self.model.log))

    def step(self) -> bool:
        """Run one month and redraw; return False (and do nothing) after the last month."""
        with self.lock:
            if self.finished:
                return False
            self.model.step()
            self.draw()
        return True

    def shock(self, kind: str, **options: float) -> None:
        """Apply a shock now; it lands before the next month.

        Raises:
            ValueError: for an unknown shock, or after the last month.
        """
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown shock {kind!r}")
        with self.lock:
            if self.finished:
                raise ValueError("the run is over: a shock after the last month would never land")
            self.model.apply_shock(kind, **options)
            self.draw()

    def set_large(self, large: bool) -> None:
        """Switch presentation mode and redraw."""
        with self.lock:
            self.large = large
            self.draw()

    def draw(self) -> None:
        """Rebuild both pictures from the model's current state."""
        start = time.perf_counter()
        with self.lock:
            m = self.model
            snap = region_snapshot(m) if self.aggregated else m.network_snapshot()
            history = m.results()
            shocks = list(m.shock_months)
            what = f"{m.n_regions} regions" if self.aggregated else f"{m.n_teachers} teachers"
            self.network = charts.live_network(
                snap,
                jitter=self.jitter,
                n_regions=m.n_regions,
                title=f"Month {self.month}: the network ({what})",
            )
            self.series = charts.live_series(
                history, shocks, months=self.scenario.months, large=self.large, stacked=self.large
            )
        self.draw_seconds = time.perf_counter() - start

    def frame(self) -> dict[str, Any]:
        """What the page shows of the current month, as one JSON-ready dict."""
        with self.lock:
            return {
                "month": self.month,
                "months": self.scenario.months,
                "header": f"Month {self.month} of {self.scenario.months}",
                "network": self.network,
                "series": self.series,
                "log": [[int(m), str(t)] for m, t in self.log()[:60]],
                "finished": self.finished,
                "large": self.large,
            }
