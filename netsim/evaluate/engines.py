"""Where the runs go: one executor interface, serial, local processes or Dask behind it.

Every batch of independent runs (a run's or a comparison's replications, a
sweep's design, the studies, the dashboard's background runs) goes through
:func:`evaluate` (results in order) or :func:`evaluate_each` (each result handled
as it finishes), which hand the work to an :class:`Engine`:

- :class:`Serial`: one after the other, in this process (lazily: nothing runs
  before its result is asked for);
- :class:`Processes`: a pool of spawned local processes;
- :class:`Dask`: a Dask ``LocalCluster`` started for the purpose, or a running
  Dask scheduler given by its address.

An engine only says *where* a function runs; every task carries its own seed,
so the numbers never depend on the engine or on the number of workers.

One progress and interruption policy, whatever the engine:

- progress: a tqdm bar on standard error (``progress=True``), a callback
  ``on_done(done, total)`` after each task (the dashboard), or both;
- Ctrl-C: worker processes ignore SIGINT, so only the parent is interrupted;
  it then cancels the work not yet started, waits for the tasks in flight (a
  few seconds each) and stops its workers, so that no process is left behind;
  the KeyboardInterrupt reaches the caller, which has written nothing half
  (results folders are written atomically, see :mod:`netsim.io.folders`);
- cancellation: setting the ``cancel`` event stops the batch the same way
  between tasks and raises :class:`RunCancelledError`.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Self

from tqdm import tqdm

ENGINES = ("processes", "dask")
"""Local engines to choose from: a process pool, or a Dask LocalCluster."""

IN_FLIGHT_PER_WORKER = 4
"""Tasks handed to the engine ahead of each worker: submitted in a bounded window, so that
a sweep of a million runs holds a few futures at a time, not a million."""

CONNECT_TIMEOUT = 10
"""Seconds to wait for a Dask scheduler."""


class EngineError(RuntimeError):
    """An engine that cannot start, such as a Dask scheduler that does not answer."""


class RunCancelledError(Exception):
    """The batch was stopped because its ``cancel`` event was set."""


ORPHAN_CHECK_SECONDS = 0.5
"""How often a worker process checks that the process that started it is still there."""


def start_worker(parent: int) -> None:
    """Worker initializer: leave Ctrl-C to the parent, and end with the parent.

    Ctrl-C is ignored, so that every worker does not print its own KeyboardInterrupt
    traceback: the parent stops the batch cleanly. And when the parent is gone
    without stopping the pool (``kill -9``, a crash), nothing would stop the worker:
    it would run on under PID 1, and with it the resource tracker it holds open. A
    daemon thread checks the parent's process id and ends the worker when it changes.

    Args:
        parent: the process id of the process that starts the pool, given by it (the
            parent may already be gone when the worker gets here, after its imports).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)  # the parent died: nobody will read this worker's results

    threading.Thread(target=watch, name="netsim-orphan-check", daemon=True).start()


@contextlib.contextmanager
def sigint_ignored_by_children() -> Generator[None]:
    """Ignore SIGINT in this process while it starts worker processes, which inherit it.

    A worker started meanwhile begins life ignoring Ctrl-C (Python keeps a SIGINT
    ignored at start-up), so a Ctrl-C while it is still importing does not print
    its traceback. The parent's own handler is back as soon as the workers are
    started. Only the main thread may change signal handlers; elsewhere (the
    dashboard's background thread, which Ctrl-C does not reach) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Engine(ABC):
    """Runs a function over items, in any order, yielding ``(index, result)`` as each ends.

    Attributes:
        workers: how many tasks may run at once.
    """

    workers: int = 1

    @abstractmethod
    def map_unordered[T, R](
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Generator[tuple[int, R]]:
        """Yield ``(k, fn(items[k]))`` for every item, in the order they finish.

        ``fn`` and the items must be picklable for the engines that use other
        processes. Closing the generator early (an exception, Ctrl-C, a cancel)
        cancels the tasks not yet started and waits for those in flight.
        """

    def close(self) -> None:  # noqa: B027 (most engines hold nothing between batches)
        """Release what the engine holds (a cluster, a connection); the default holds nothing."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(workers={self.workers})"


class Serial(Engine):
    """Runs every task here, one after the other, when its result is asked for."""

    def map_unordered[T, R](
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Generator[tuple[int, R]]:
        """Yield ``(k, fn(items[k]))`` in the items' order, computing each on demand."""
        for k, item in enumerate(items):
            yield k, fn(item)


class Processes(Engine):
    """A pool of spawned local processes, started for each batch and stopped after it.

    A batch of one task runs here: starting a process would only add time.

    Args:
        workers: processes to start (at most one per task of a batch).
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, got {workers}")
        self.workers = workers

    def map_unordered[T, R](
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Generator[tuple[int, R]]:
        """Yield ``(k, fn(items[k]))`` as the pool finishes them."""
        n = min(self.workers, len(items))
        if n <= 1:
            yield from Serial().map_unordered(fn, items)
            return
        pool = ProcessPoolExecutor(
            n,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(os.getpid(),),
        )
        finished = False
        ahead = iter(enumerate(items))
        futures: dict[Future[R], int] = {}

        def top_up() -> None:
            # a bounded window of tasks: a million runs are not a million futures at once
            for k, item in itertools.islice(ahead, IN_FLIGHT_PER_WORKER * n - len(futures)):
                futures[pool.submit(fn, item)] = k

        try:
            with sigint_ignored_by_children():  # the pool starts its processes here
                top_up()
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    yield futures.pop(future), future.result()
                top_up()
            finished = True
        finally:
            if not finished:
                # an interruption: stop the tasks in flight too, whose results nobody
                # will read (waiting for them kept Ctrl-C waiting for seconds)
                _terminate_workers(pool)
            pool.shutdown(wait=True, cancel_futures=True)


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's worker processes now (``terminate_workers`` from Python 3.14 on)."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    # Python 3.12-3.13: the executor's own table of its processes
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(ProcessLookupError, ValueError, AttributeError):
            process.terminate()


def _connect(client_class: Any, address: str) -> Any:
    """A client of the scheduler at ``address``, or a clear error within a deadline.

    Dask's own ``timeout`` covers opening the connection but not a scheduler that
    accepts it and never answers its handshake (the command then waited forever), so
    the connection is made in a thread given ``CONNECT_TIMEOUT`` + 5 seconds.
    """
    box: dict[str, Any] = {}

    def attempt() -> None:
        try:
            box["client"] = client_class(address, timeout=CONNECT_TIMEOUT)
        except Exception as exc:
            # an abandoned attempt may fail later (even as the command exits): kept
            # here, never printed as a thread's traceback
            box["error"] = exc

    thread = threading.Thread(target=attempt, name="netsim-connect", daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT + 5)
    if thread.is_alive():
        raise EngineError(
            f"cannot connect to {address}: no answer from the scheduler within "
            f"{CONNECT_TIMEOUT + 5} s (is it a Dask scheduler?)"
        )
    if "error" in box:
        raise EngineError(f"cannot connect to {address}: {box['error']}") from None
    return box["client"]


class Dask(Engine):
    """Dask: a running scheduler given by its address, or a LocalCluster of its own.

    With an ``address`` (or a ``client``) the tasks go to that cluster, whose
    size the cluster decides; without, a ``LocalCluster`` of ``workers``
    single-threaded processes (no more than the first batch has tasks) is started
    on first use and stopped by :meth:`close`. A connection the engine opened is
    closed by :meth:`close`; a ``client`` given to it is left open.

    Args:
        address: a running scheduler, such as ``tcp://host:8786``.
        workers: processes of the LocalCluster (without ``address`` or ``client``).
        client: an open ``distributed.Client`` to use.

    Raises:
        EngineError: if the address is malformed or the scheduler does not answer
            (checked here, before any work).
    """

    def __init__(
        self, address: str | None = None, *, workers: int = 1, client: Any | None = None
    ) -> None:
        self.workers = max(1, workers)
        self._cluster: Any | None = None
        self._owns_client = client is None
        self._client = client
        if client is None and address is not None:
            from distributed import Client

            self._client = _connect(Client, address)

    def _ensure_client(self, tasks: int) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            with sigint_ignored_by_children():  # its worker processes start here
                self._cluster = LocalCluster(
                    n_workers=min(self.workers, tasks),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            self._client = Client(self._cluster)
        return self._client

    def client(self) -> Any:
        """The ``distributed.Client`` (a LocalCluster of ``workers`` is started if none)."""
        return self._ensure_client(self.workers)

    def map_unordered[T, R](
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Generator[tuple[int, R]]:
        """Yield ``(k, fn(items[k]))`` as the cluster finishes them."""
        if not items:
            return
        from distributed import as_completed as dask_completed

        client = self._ensure_client(len(items))
        window = max(IN_FLIGHT_PER_WORKER * sum(client.nthreads().values()), 1)
        ahead = iter(enumerate(items))
        first = list(itertools.islice(ahead, window))
        futures = client.map(fn, [item for _, item in first], pure=False)
        index = {f.key: k for f, (k, _) in zip(futures, first, strict=True)}
        pending = {f.key: f for f in futures}
        stream = dask_completed(futures)
        try:
            for future in stream:
                result = future.result()
                pending.pop(future.key, None)
                future.release()
                for k, item in itertools.islice(ahead, 1):  # keep the window full
                    more = client.submit(fn, item, pure=False)
                    index[more.key] = k
                    pending[more.key] = more
                    stream.add(more)
                yield index.pop(future.key), result
        finally:
            if pending:
                with contextlib.suppress(Exception):
                    client.cancel(list(pending.values()))

    def close(self) -> None:
        """Close the connection the engine opened and the LocalCluster it started."""
        if self._client is not None and self._owns_client:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_engine(
    workers: int = 1,
    *,
    tasks: int | None = None,
    kind: str = "processes",
    scheduler: str | None = None,
) -> Engine:
    """The engine the command-line options ask for.

    Args:
        workers: local workers; 1 runs here, 0 uses one per CPU.
        tasks: the number of tasks, if known: no more workers than tasks are started.
        kind: ``processes`` (a pool; with one worker, this process) or ``dask``
            (a LocalCluster, even of one worker).
        scheduler: address of a running Dask scheduler; ``workers`` and ``kind``
            are then ignored.

    Raises:
        ValueError: if ``kind`` is not one of :data:`ENGINES`.
        EngineError: if the scheduler cannot be reached.
    """
    if kind not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {kind!r}")
    if scheduler is not None:
        return Dask(scheduler)
    n = workers or os.cpu_count() or 1
    if tasks is not None:
        n = min(n, max(1, tasks))
    if kind == "dask":
        return Dask(workers=n)
    return Serial() if n <= 1 else Processes(n)


def evaluate_each[T, R](
    fn: Callable[[T], R],
    items: Sequence[T],
    handle: Callable[[int, R], None],
    *,
    engine: Engine | None = None,
    progress: bool = True,
    desc: str = "runs",
    on_done: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    tally: Callable[[R], str | None] | None = None,
) -> None:
    """Run ``fn`` over ``items`` on ``engine`` and ``handle(k, result)`` each as it finishes.

    The progress bar and ``on_done`` count a task once ``handle`` has taken it
    (so a sweep's bar counts runs written). An exception, in a task or in
    ``handle``, or Ctrl-C cancels the rest before it propagates (see the module
    docstring).

    Args:
        fn: a picklable function of one item.
        items: the tasks.
        handle: called in this process with each task's index and result.
        engine: where to run them (default: :class:`Serial`); the caller closes it.
        progress: show a progress bar on standard error.
        desc: label of the progress bar.
        on_done: called with (done, total) after each task.
        cancel: when set, stop between tasks and raise :class:`RunCancelledError`.
        tally: names a result's kind (such as ``"failed"``), or None; the bar shows
            the count of each kind.

    Raises:
        RunCancelledError: if ``cancel`` was set before every task was done.
    """
    engine = engine if engine is not None else Serial()
    total = len(items)
    if cancel is not None and cancel.is_set():
        raise RunCancelledError
    counts: Counter[str] = Counter()
    done = 0
    with (
        tqdm(total=total, desc=desc, unit="run", disable=not progress, leave=False) as bar,
        contextlib.closing(engine.map_unordered(fn, items)) as results,
    ):
        for k, result in results:
            handle(k, result)
            done += 1
            if tally is not None and (kind := tally(result)) is not None:
                counts[kind] += 1
                bar.set_postfix(counts, refresh=False)
            bar.update()
            if on_done is not None:
                on_done(done, total)
            if cancel is not None and cancel.is_set() and done < total:
                raise RunCancelledError


def evaluate[T, R](
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    engine: Engine | None = None,
    progress: bool = True,
    desc: str = "runs",
    on_done: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[R]:
    """Run ``fn`` over ``items`` (see :func:`evaluate_each`); return the results in order."""
    results: dict[int, R] = {}
    evaluate_each(
        fn,
        items,
        results.__setitem__,
        engine=engine,
        progress=progress,
        desc=desc,
        on_done=on_done,
        cancel=cancel,
    )
    return [results[k] for k in range(len(items))]
