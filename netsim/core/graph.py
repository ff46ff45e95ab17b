"""The network of a run as a networkx graph, seen from outside the model.

A :class:`NetworkRecorder` watches a model month by month from outside (it reads
the tie stores and the agents' arrays, and changes nothing), and keeps, for every
tie, the months it was alive and its kind over time, and for every teacher the
engagement over time. :meth:`NetworkRecorder.graph` turns what it saw into a
:class:`networkx.Graph`, and :func:`to_networkx` (``PDNetworkModel.to_networkx``)
gives the network of the current month:

Nodes
    every agent that had a tie at some month, and every PD host that opened. ``type``
    (teacher, school, university, company, ministry, centre), ``label``, ``region``
    (-1: national), ``level`` (teachers and schools: primary, lower_secondary, ...;
    empty for others), ``host`` (centres: association, university, ...),
    ``engagement`` (teachers: not engaged, occasional, regular, lead teacher; 0 to 3),
    ``trust`` and ``practice`` (teachers, at the last month seen), ``memberships``
    (teachers: PD institutions they belong to), ``start`` and ``end`` (the first and
    last month the node had a tie, or its host was open).
Edges
    one per pair that was tied: ``kind`` (punctual, periodic, continuous), ``trust``,
    ``formal`` (a written agreement), ``age`` (months from its start to its last
    month), ``start``, ``end`` (the last month it was alive: the run's last month for
    a tie alive at the end), ``ties`` (the ties the pair had over the run: a pair
    whose tie ended and was made again has several ``spells``).

Writing the graph to files (GEXF, GraphML) is :mod:`netsim.io.networks`' part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from netsim.core.population import ENGAGEMENT, HOSTS, LEVELS, NODE_TYPES
from netsim.core.ties import KIND_NAMES

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


@dataclass(slots=True)
class _Tie:
    """What the recorder saw of one tie (a pair, a store, a birth month)."""

    start: int
    last: int
    kinds: list[tuple[int, int]]  # (kind, first month of that kind)
    trust: float
    formal: bool


@dataclass(slots=True)
class _Host:
    """What the recorder saw of one PD host slot: its open spells and kind."""

    spells: list[list[int]] = field(default_factory=list)
    host: int = 0


class NetworkRecorder:
    """Watches a model's ties month by month, for a dynamic network file.

    Call :meth:`observe` once before the first step (month 0) and after each step
    (or every few steps: a tie is then seen only at those months).

    Args:
        model: the model to watch; it is only read.
    """

    def __init__(self, model: PDNetworkModel) -> None:
        self.model = model
        self.ties: dict[tuple[int, int, int, int], _Tie] = {}
        self.hosts: dict[int, _Host] = {}
        self.months: list[int] = []
        n = model.n_teachers
        self.engagement: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        self._engagement = np.full(n, -1, np.int16)

    def observe(self) -> None:
        """Record the ties, open hosts and teachers' engagement of the current month."""
        model = self.model
        month = int(model.steps)
        self.months.append(month)
        for store_id, store in enumerate((model.peer_ties, model.org_ties)):
            live = np.flatnonzero(store.alive)
            a, b = store.a[live], store.b[live]
            lo, hi = np.minimum(a, b).tolist(), np.maximum(a, b).tolist()
            born = store.born[live].tolist()
            kinds = store.kind[live].tolist()
            trust = store.trust[live].tolist()
            formal = store.formal[live].tolist()
            for k in range(live.size):
                key = (store_id, lo[k], hi[k], born[k])
                tie = self.ties.get(key)
                if tie is None:
                    self.ties[key] = _Tie(
                        born[k], month, [(kinds[k], born[k])], trust[k], formal[k]
                    )
                    continue
                tie.last = month
                tie.trust = trust[k]
                tie.formal = formal[k]
                if tie.kinds[-1][0] != kinds[k]:
                    tie.kinds.append((kinds[k], month))
        c = model.centres
        for slot in np.flatnonzero(c.alive).tolist():
            seen = self.hosts.setdefault(slot, _Host())
            seen.host = int(c.host[slot])
            if seen.spells and seen.spells[-1][1] == self._previous():
                seen.spells[-1][1] = month
            else:
                seen.spells.append([month, month])
        eng = model.teachers.engagement.astype(np.int16)
        for t in np.flatnonzero(eng != self._engagement).tolist():
            self.engagement[t].append((int(eng[t]), month))
        self._engagement = eng

    def _previous(self) -> int | None:
        """The month observed before the current one, or None."""
        return self.months[-2] if len(self.months) > 1 else None

    def graph(self) -> nx.Graph:
        """The network seen so far, with node and edge attributes and time spells."""
        model = self.model
        end = self.months[-1] if self.months else 0
        graph = nx.Graph(mode="dynamic", name="netsim network", last_month=end)
        pairs: dict[tuple[int, int], list[_Tie]] = {}
        for (_, lo, hi, _), tie in self.ties.items():
            pairs.setdefault((lo, hi), []).append(tie)
        spans: dict[int, list[int]] = {}
        for (lo, hi), ties in pairs.items():
            ties.sort(key=lambda t: (t.start, t.last))
            latest = max(ties, key=lambda t: (t.last, t.start))
            start, last = min(t.start for t in ties), max(t.last for t in ties)
            kinds = [
                (KIND_NAMES[kind], since, _until(tie.kinds, k, tie.last))
                for tie in ties
                for k, (kind, since) in enumerate(tie.kinds)
            ]
            graph.add_edge(
                lo,
                hi,
                kind=KIND_NAMES[latest.kinds[-1][0]],
                trust=round(float(latest.trust), 4),
                formal=bool(latest.formal),
                age=int(latest.last - latest.start),
                start=int(start),
                end=int(last),
                ties=len(ties),
                spells=[(int(t.start), int(t.last)) for t in ties],
                kind_over_time=kinds,
            )
            for node in (lo, hi):
                span = spans.setdefault(node, [start, last])
                span[0], span[1] = min(span[0], start), max(span[1], last)
        offset = model.offsets["centre"]
        for slot, seen in self.hosts.items():
            node = offset + slot
            span = spans.setdefault(node, [seen.spells[0][0], seen.spells[-1][1]])
            span[0] = min(span[0], seen.spells[0][0])
            span[1] = max(span[1], seen.spells[-1][1])
        for node, (start, last) in sorted(spans.items()):
            graph.add_node(node, **self._node(node, start, last, end))
        return graph

    def _node(self, node: int, start: int, last: int, end: int) -> dict[str, Any]:
        """The attributes of one node."""
        model = self.model
        kind = NODE_TYPES[int(model.node_type[node])]
        index = node - model.offsets[kind]
        out: dict[str, Any] = {
            "label": f"{kind} {index}",
            "type": kind,
            "region": int(model.node_region[node]),
            "level": "",
            "host": "",
            "engagement": -1,
            "trust": float("nan"),
            "practice": float("nan"),
            "memberships": -1,
            "start": int(start),
            "end": int(last),
        }
        if kind == "teacher":
            t = model.teachers
            changes = self.engagement[index]
            out |= {
                "level": LEVELS[int(t.level[index])],
                "engagement": int(t.engagement[index]),
                "engagement_name": ENGAGEMENT[int(t.engagement[index])],
                "trust": round(float(t.trust[index]), 4),
                "practice": round(float(t.practice[index]), 4),
                "memberships": int(t.memberships[index]),
                "engagement_over_time": [
                    (value, since, _until(changes, k, end))
                    for k, (value, since) in enumerate(changes)
                ],
            }
        elif kind == "school":
            out["level"] = LEVELS[int(model.schools.level[index])]
        elif kind == "centre":
            seen = self.hosts.get(index)
            if seen is not None:
                out["host"] = HOSTS[seen.host]
                out["region"] = int(model.centres.region[index])
                out["host_spells"] = [(s, e) for s, e in seen.spells]
        return out


def to_networkx(model: PDNetworkModel) -> nx.Graph:
    """The model's network as it is now, with the attributes of :meth:`NetworkRecorder.graph`.

    Each tie's ``start`` is its birth month and its ``end`` the current month (only
    this month is seen: ties that ended before it are not there); a node's months are
    those of its ties.
    """
    recorder = NetworkRecorder(model)
    recorder.observe()
    return recorder.graph()


def _until(changes: Sequence[tuple[Any, int]], k: int, last: int) -> int:
    """The last month of the ``k``-th value of a list of (value, first month) changes."""
    return changes[k + 1][1] - 1 if k + 1 < len(changes) else last
