"""Networks out: GEXF (dynamic) and GraphML that networkx reads back with their attributes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.evaluate.networks import grow_network
from netsim.io.networks import NetworkRecorder
from netsim.io.scenarios import load_scenario

runner = CliRunner()
MONTHS = 18


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    scenario, _ = load_scenario("bottom_up").with_months(MONTHS)
    scenario = dataclasses.replace(
        scenario, params={**scenario.params, "n_teachers": 300, "n_regions": 2}
    )
    return grow_network(scenario, seed=2)


def test_the_graph_has_attributes_and_months(graph: nx.Graph) -> None:
    types = nx.get_node_attributes(graph, "type")
    assert {"teacher", "school", "centre"} <= set(types.values())
    teacher = next(n for n, t in types.items() if t == "teacher")
    data = graph.nodes[teacher]
    assert data["level"] in ("primary", "lower_secondary", "upper_secondary", "vocational")
    assert 0 <= data["trust"] <= 1
    assert 0 <= data["practice"] <= 1
    assert data["engagement"] in (0, 1, 2, 3)
    assert data["memberships"] >= 0
    assert data["region"] in (0, 1)
    assert 0 <= data["start"] <= data["end"] <= MONTHS
    over = data["engagement_over_time"]
    assert over[0][1] == 0
    assert over[-1][2] == MONTHS
    assert over[-1][0] == data["engagement"]
    for _, _, edge in graph.edges(data=True):
        assert edge["kind"] in ("punctual", "periodic", "continuous")
        assert 0 <= edge["start"] <= edge["end"] <= MONTHS
        assert edge["age"] >= 0
        assert isinstance(edge["formal"], bool)
    starts = [e["start"] for _, _, e in graph.edges(data=True)]
    assert min(starts) == 0
    assert max(starts) > 0  # ties made during the run: the network grows


def test_the_recorder_sees_the_live_ties_of_the_last_month() -> None:
    scenario, _ = load_scenario("bottom_up").with_months(3)
    scenario = dataclasses.replace(
        scenario, params={**scenario.params, "n_teachers": 120, "n_regions": 2}
    )
    from netsim.core.model import PDNetworkModel

    model = PDNetworkModel(rng=1, events=scenario.events, **scenario.params)
    recorder = NetworkRecorder(model)
    recorder.observe()
    for _ in range(3):
        model.step()
        recorder.observe()
    g = recorder.graph()
    alive = {
        (min(a, b), max(a, b))
        for store in (model.peer_ties, model.org_ties)
        for a, b in zip(store.a[store.alive].tolist(), store.b[store.alive].tolist(), strict=True)
    }
    ending = {(min(a, b), max(a, b)) for a, b, e in g.edges(data=True) if e["end"] == 3}
    assert ending == alive


def test_gexf_and_graphml_read_back_with_attributes_and_spells(tmp_path: Path) -> None:
    out = tmp_path / "net"
    result = runner.invoke(
        app,
        ["export-network", "bottom_up", "--years", "1.5", "--teachers", "300", "--seed", "2",
         "--format", "both", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "tied pairs over months 0 to 18" in result.output
    gexf = nx.read_gexf(out.with_suffix(".gexf"))
    assert gexf.graph["mode"] == "dynamic"
    node, data = next((n, d) for n, d in gexf.nodes(data=True) if d["type"] == "teacher")
    assert {"region", "level", "trust", "practice", "memberships", "spells"} <= set(data)
    assert all(0 <= s <= e <= 18 for s, e in data["spells"])
    engagement = data["engagement"]  # dynamic: (value, start, end)
    assert engagement[0][1] == 0
    assert engagement[-1][2] == 18
    a, b, edge = next(iter(gexf.edges(data=True)))
    assert {"trust", "formal", "age", "kind", "spells"} <= set(edge)
    assert all(0 <= s <= e <= 18 for s, e in edge["spells"])
    assert edge["kind"][0][0] in ("punctual", "periodic", "continuous")
    grown = {s for _, _, e in gexf.edges(data=True) for s, _ in e["spells"]}
    assert 0 in grown
    assert max(grown) > 0
    graphml = nx.read_graphml(out.with_suffix(".graphml"))
    assert graphml.number_of_nodes() == gexf.number_of_nodes()
    assert graphml.number_of_edges() == gexf.number_of_edges()
    node_data = graphml.nodes[node]
    assert node_data["type"] == "teacher"
    assert node_data["start"] == data["spells"][0][0]
    edge_data = graphml.edges[a, b]
    assert edge_data["kind"] in ("punctual", "periodic", "continuous")
    assert {"trust", "formal", "age", "start", "end"} <= set(edge_data)


def test_to_networkx_is_the_network_of_the_current_month() -> None:
    from netsim.core.model import PDNetworkModel
    from netsim.io.networks import to_networkx

    scenario = load_scenario("hybrid")
    params = {**scenario.params, "n_teachers": 150, "n_regions": 2}
    model = PDNetworkModel(rng=3, events=[], **params)
    for _ in range(6):
        model.step()
    g = model.to_networkx()
    same = to_networkx(model)  # the method is the function (NaN attributes: no ==)
    assert list(g.nodes) == list(same.nodes)
    assert list(g.edges(data="kind")) == list(same.edges(data="kind"))
    live = sum(int(s.alive.sum()) for s in (model.peer_ties, model.org_ties))
    assert sum(e["ties"] for _, _, e in g.edges(data=True)) == live
    assert {e["end"] for _, _, e in g.edges(data=True)} == {6}
    assert all(e["age"] == 6 - e["start"] for _, _, e in g.edges(data=True))
    assert {"teacher", "centre"} <= set(nx.get_node_attributes(g, "type").values())
