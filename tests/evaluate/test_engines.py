"""The evaluator's engines: same numbers everywhere, errors and cancels stop the batch."""

from __future__ import annotations

import math
import threading

import pandas as pd
import pytest

from netsim.evaluate.engines import (
    Dask,
    Processes,
    RunCancelledError,
    Serial,
    evaluate,
    evaluate_each,
    make_engine,
)
from netsim.evaluate.runner import run_scenario
from netsim.io.scenarios import load_scenario


def test_make_engine_follows_the_options() -> None:
    assert isinstance(make_engine(1), Serial)
    assert isinstance(make_engine(0, tasks=1), Serial)
    pool = make_engine(4, tasks=2)
    assert isinstance(pool, Processes)
    assert pool.workers == 2
    with make_engine(2, kind="dask") as dask:  # the cluster starts on first use only
        assert isinstance(dask, Dask)
    with pytest.raises(ValueError, match="engine must be one of"):
        make_engine(2, kind="threads")


def test_every_engine_gives_the_same_replications() -> None:
    scenario, _ = load_scenario("workshop_growth").with_months(6)
    here = run_scenario(scenario, reps=3, seed=4, engine=Serial(), progress=False).data
    with Processes(2) as pool:
        pooled = run_scenario(scenario, reps=3, seed=4, engine=pool, progress=False).data
    with Dask(workers=2) as cluster:  # a real LocalCluster of two processes
        dask = run_scenario(scenario, reps=3, seed=4, engine=cluster, progress=False).data
    pd.testing.assert_frame_equal(here, pooled, check_exact=True)
    pd.testing.assert_frame_equal(here, dask, check_exact=True)


def test_results_come_back_in_order() -> None:
    with Processes(2) as pool:
        assert evaluate(math.sqrt, [16.0, 1.0, 9.0, 4.0], engine=pool, progress=False) == [
            4.0,
            1.0,
            3.0,
            2.0,
        ]


def test_an_error_in_a_task_stops_the_batch() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="math domain error"):
        evaluate_each(math.sqrt, [1.0, -1.0, 4.0, 9.0], lambda k, _: seen.append(k), progress=False)
    assert seen == [0]  # serial: the tasks after the error never ran


def test_cancel_stops_between_tasks() -> None:
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def on_done(done: int, total: int) -> None:
        seen.append((done, total))
        cancel.set()

    with pytest.raises(RunCancelledError):
        evaluate(math.sqrt, [1.0, 4.0, 9.0], on_done=on_done, cancel=cancel, progress=False)
    assert seen == [(1, 3)]
    with pytest.raises(RunCancelledError):  # set before: nothing runs
        evaluate(math.sqrt, [1.0], cancel=cancel, progress=False)


class _Counted(list):
    """Items that remember the highest index read (the engines read them lazily)."""

    def __init__(self, n: int) -> None:
        super().__init__(range(n))
        self.read = -1

    def __iter__(self):
        for k, item in enumerate(super().__iter__()):
            self.read = max(self.read, k)
            yield item


@pytest.mark.parametrize("kind", ["processes", "dask"])
def test_tasks_are_handed_to_the_engine_in_a_bounded_window(kind: str) -> None:
    from netsim.evaluate.engines import IN_FLIGHT_PER_WORKER

    items = _Counted(400)
    engine = Processes(2) if kind == "processes" else Dask(workers=2)
    with engine:
        stream = engine.map_unordered(math.sqrt, items)
        first = next(stream)
        # two workers (Dask: two threads in all), a few tasks ahead of each: not 400
        assert items.read < IN_FLIGHT_PER_WORKER * 2 + 2
        results = dict([first, *stream])
    assert items.read == 399
    assert results == {k: math.sqrt(k) for k in range(400)}
