"""The network of a run for social-network tools: GEXF (dynamic, for Gephi) and GraphML.

The graph comes from :class:`netsim.core.graph.NetworkRecorder` (every month of a
run) or :func:`netsim.core.graph.to_networkx` (the current month); its nodes and
edges and their attributes are described there.

:func:`write_gexf` writes the graph as GEXF 1.2 in dynamic mode: nodes and edges
carry their ``spells`` (months, inclusive) and ``engagement`` and ``kind`` are
dynamic attributes, so Gephi's timeline plays the growth of the network.
:func:`write_graphml` writes the same graph with the final values only (GraphML
has no time): ``start`` and ``end`` are plain attributes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from netsim.core.graph import NetworkRecorder, to_networkx
from netsim.io.folders import write_atomic

__all__ = [
    "FORMATS",
    "NetworkRecorder",
    "to_networkx",
    "write_gexf",
    "write_graphml",
    "write_network",
]

FORMATS = ("gexf", "graphml")
"""File formats :func:`write_network` writes."""


def _for_gexf(graph: nx.Graph) -> nx.Graph:
    """A copy with GEXF's names: ``spells`` on nodes and edges, dynamic attributes as lists."""
    out = nx.Graph(mode="dynamic", name=graph.graph.get("name", ""))
    for node, data in graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in _DYNAMIC and not _missing(v)}
        attrs.pop("start")
        attrs.pop("end")
        attrs["spells"] = data.get("host_spells") or [(data["start"], data["end"])]
        if "engagement_over_time" in data:
            attrs["engagement"] = list(data["engagement_over_time"])
        else:
            attrs.pop("engagement")  # only teachers have one: one dynamic attribute
        out.add_node(node, **attrs)
    for a, b, data in graph.edges(data=True):
        attrs = {k: v for k, v in data.items() if k not in _DYNAMIC and k not in ("start", "end")}
        attrs["kind"] = list(data["kind_over_time"])
        attrs["spells"] = list(data["spells"])
        out.add_edge(a, b, **attrs)
    return out


_DYNAMIC = ("engagement_over_time", "kind_over_time", "host_spells", "spells")


def _missing(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _for_graphml(graph: nx.Graph) -> nx.Graph:
    """A copy with the final values only (GraphML takes numbers, strings and booleans)."""
    out = nx.Graph(name=graph.graph.get("name", ""), last_month=graph.graph.get("last_month", 0))
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: v for k, v in data.items() if k not in _DYNAMIC})
    for a, b, data in graph.edges(data=True):
        out.add_edge(a, b, **{k: v for k, v in data.items() if k not in _DYNAMIC})
    return out


def write_gexf(graph: nx.Graph, path: Path) -> Path:
    """Write ``graph`` (from :meth:`NetworkRecorder.graph`) as dynamic GEXF 1.2."""
    write_atomic(path, lambda tmp: nx.write_gexf(_for_gexf(graph), tmp))
    return path


def write_graphml(graph: nx.Graph, path: Path) -> Path:
    """Write ``graph`` (from :meth:`NetworkRecorder.graph`) as GraphML, final values only."""
    write_atomic(path, lambda tmp: nx.write_graphml(_for_graphml(graph), tmp))
    return path


def write_network(graph: nx.Graph, path: Path, fmt: str) -> Path:
    """Write ``graph`` in ``fmt`` (one of :data:`FORMATS`) to ``path``."""
    if fmt == "gexf":
        return write_gexf(graph, path)
    if fmt == "graphml":
        return write_graphml(graph, path)
    raise ValueError(f"format {fmt!r}: not one of {', '.join(FORMATS)}")
