"""Grow one run's network month by month and record it for Gephi and other SNA tools.

The model is built as ``netsim run SCENARIO --seed S`` builds its replication 0
(the same seed, derived with :func:`netsim.evaluate.runner.derive_seeds`), stepped
month by month, and watched by a :class:`netsim.core.graph.NetworkRecorder`.
"""

from __future__ import annotations

import networkx as nx

from netsim.core.graph import NetworkRecorder
from netsim.core.model import PDNetworkModel
from netsim.evaluate.runner import derive_seeds
from netsim.io.scenarios import Scenario


def grow_network(
    scenario: Scenario, *, seed: int = 0, replication: int = 0, every: int = 1
) -> nx.Graph:
    """Run ``scenario`` once and return its network with the months each tie was alive.

    Args:
        scenario: the scenario (its months are the run's).
        seed: the master seed, as ``netsim run --seed``.
        replication: which replication of ``netsim run`` to grow (0: the first).
        every: observe the ties every this many months (and at the last month);
            1 sees every tie that lives a month.

    Returns:
        The graph of :meth:`netsim.core.graph.NetworkRecorder.graph`.
    """
    rng = derive_seeds(seed, replication + 1)[replication]
    model = PDNetworkModel(rng=rng, events=scenario.events, **scenario.params)
    recorder = NetworkRecorder(model)
    recorder.observe()
    for month in range(1, scenario.months + 1):
        model.step()
        if month % every == 0 or month == scenario.months:
            recorder.observe()
    return recorder.graph()
