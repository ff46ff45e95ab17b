"""What a shared server lets one user run: sessions, memory per session, uploads, run cost.

A workshop room is 20-30 browser tabs on one dashboard server. Without limits one
tab could start a run that takes the server's memory (an upload of 5 000 000
teachers). ``netsim dashboard`` sets the limits through environment variables
(:data:`ENV`), which the dashboard reads once (:meth:`Limits.from_env`); the
estimates follow how the evaluator runs a comparison (one replication after the
other) and the memory ``benchmarks/bench_model.py`` measures.

Nothing here draws; the page shows the messages these functions return.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Sequence

from netsim.io.scenarios import Scenario

logger = logging.getLogger(__name__)

MIB = 1024 * 1024

BASE_MIB = 40
"""Memory of one model besides its teachers (organisations, arrays, collectors), MiB."""

BYTES_PER_TEACHER = 2048
"""Memory of a model per teacher, bytes (about 1.2-1.8 KiB measured by bench_model.py)."""

BYTES_PER_ROW = 5 * 1024
"""Memory of one result row (a scenario's replication's month), bytes (measured 4.4 KiB)."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """The server's limits; :meth:`from_env` reads those ``netsim dashboard`` set.

    Attributes:
        max_sessions: browser sessions served at once; the next sees "the room is full".
        session_mib: estimated memory one session's run may take, MiB.
        upload_kib: largest scenario file accepted, KiB.
        max_cost: largest comparison, in teacher-months (teachers x months x
            replications, summed over the scenarios).
    """

    max_sessions: int = 30
    session_mib: int = 512
    upload_kib: int = 256
    max_cost: int = 500_000_000

    @classmethod
    def from_env(cls) -> Limits:
        """The limits named in the environment (:data:`ENV`), defaults for the others."""
        values = {}
        for field, var in ENV.items():
            text = os.environ.get(var, "")
            try:
                values[field] = int(text)
            except ValueError:
                if text:
                    logger.warning("%s=%r is not an integer; using the default", var, text)
        return cls(**values)


ENV = {
    "max_sessions": "NETSIM_DASHBOARD_MAX_SESSIONS",
    "session_mib": "NETSIM_DASHBOARD_SESSION_MIB",
    "upload_kib": "NETSIM_DASHBOARD_UPLOAD_KIB",
    "max_cost": "NETSIM_DASHBOARD_MAX_COST",
}
"""Field of :class:`Limits` -> the environment variable that sets it."""

CULL_ENV = "SOLARA_KERNEL_CULL_TIMEOUT"
"""Solara's setting: how long a session whose tab is gone keeps its models (e.g. ``30s``)."""


def _n(value: float) -> str:
    """A whole number with spaces between thousands: 2 400 000."""
    return f"{value:,.0f}".replace(",", " ")


def teachers(scenario: Scenario) -> int:
    """The scenario's number of teachers."""
    return int(scenario.params.get("n_teachers", 0))


def cost(scenarios: Sequence[Scenario], reps: int) -> int:
    """Teacher-months of a comparison: teachers x months x replications, summed."""
    return sum(teachers(s) * int(s.months) * reps for s in scenarios)


def memory_mib(scenarios: Sequence[Scenario], reps: int) -> float:
    """Estimated memory of a comparison in the page's thread, MiB.

    The replications run one after the other, so one model (the largest) is alive at
    a time; the result rows of every replication are kept.
    """
    if not scenarios:
        return 0.0
    model = BASE_MIB * MIB + BYTES_PER_TEACHER * max(teachers(s) for s in scenarios)
    rows = sum((int(s.months) + 1) * reps for s in scenarios)
    return (model + BYTES_PER_ROW * rows) / MIB


def run_problem(scenarios: Sequence[Scenario], reps: int, limits: Limits) -> str:
    """``""`` when the comparison fits the session's budget and cost limit, else why not."""
    need = memory_mib(scenarios, reps)
    if need > limits.session_mib:
        biggest = max(scenarios, key=teachers)
        return (
            f"Too large for this server: about {_n(need)} MiB estimated "
            f"({_n(teachers(biggest))} teachers in {biggest.name}, {reps} replications), "
            f"over the {_n(limits.session_mib)} MiB each session may use. "
            "Use fewer teachers or replications, or ask the host to start the server "
            "with a larger --session-memory."
        )
    spent = cost(scenarios, reps)
    if spent > limits.max_cost:
        return (
            f"Too long to run here: {_n(spent)} teacher-months (teachers x months x "
            f"replications), over this server's limit of {_n(limits.max_cost)}. Use fewer "
            "teachers, months or replications, or ask the host for a larger --max-cost."
        )
    return ""


def upload_problem(name: str, size: int, limits: Limits) -> str:
    """``""`` when an uploaded file of ``size`` bytes may be read, else the message."""
    if size > limits.upload_kib * 1024:
        return (
            f"{name}: the file is {_n(size / 1024)} KiB, over the {_n(limits.upload_kib)} KiB "
            "this server accepts for a scenario file; nothing was read."
        )
    return ""


def uploaded_problem(scenario: Scenario, name: str, reps: int, limits: Limits) -> str:
    """``""`` when an uploaded scenario may run with ``reps`` replications, else why not."""
    problem = run_problem([scenario], reps, limits)
    return f"{name}: refused before running. {problem}" if problem else ""
