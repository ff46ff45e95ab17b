"""benchmarks/bench_model.py --phases: it times exactly what PDNetworkModel.step() calls."""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path

import pytest

import netsim.core.model as nm
from netsim.core.params import MECHANISMS

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_model.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("netsim_bench_model", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_phases_are_read_from_step(bench):
    phases, untimed = bench.step_calls()
    labels = [p.label for p in phases]
    assert len(labels) == len(set(labels))
    for name in (
        "politics.hold_elections",
        "funding.allocate_public_money",
        "delivery.serve",
        "exchange.exchange_value",
        "trust.update_trust",
        "PeerView",
        "self._housekeeping",
        "self.datacollector.collect",
    ):
        assert name in labels
    # whatever step() calls through a submodel module is timed, and nothing of netsim is left
    source = inspect.getsource(nm.PDNetworkModel.step)
    called = set(re.findall(r"\b([a-z_]+\.[a-z_]+)\(", source))
    modules = {*MECHANISMS, "hosts"}
    assert {c for c in called if c.split(".")[0] in modules} <= set(labels)
    assert untimed
    assert all(name.startswith("np.") for name in untimed)
    # in the month's order, under step()'s numbered comments
    assert [p.line for p in phases] == sorted(p.line for p in phases)
    assert phases[-1].section.startswith("6.")


def test_phases_add_up_to_the_step_and_are_unwrapped_after(bench, capsys):
    before = (nm.delivery.serve, nm.PeerView, nm.hosts.assign_home_hosts)
    bench.run_phases(bench.parse_args(["--phases", "600", "--profile-steps", "3"]))
    out = capsys.readouterr().out
    assert (nm.delivery.serve, nm.PeerView, nm.hosts.assign_home_hosts) == before
    ms = {
        label.split(":")[0]: float(value)
        for label, value in re.findall(r"^  (\S.*?)\s+([\d.]+)\s+[\d.]+%", out, re.MULTILINE)
    }
    phases, own, mesa = (
        ms["all phases"],
        ms["step()'s own lines"],
        ms["Mesa around step() (clock, event list)"],
    )
    assert phases + own + mesa == pytest.approx(ms["model.step(), whole"], abs=0.003)
    # step()'s time is nearly all in its calls (its own lines are assignments and np.flatnonzero)
    assert phases / (phases + own) > 0.8
    assert re.search(r"^    delivery\.serve\s+[\d.]+\s+[\d.]+%\s+3$", out, re.MULTILINE)
