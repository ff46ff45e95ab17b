"""National events: a large, cheap, yearly pool and ties across regions (Roadmap).

LUMA Days, the IMST day and seminar: in months that are multiples of
``national_event_interval`` (or after a ``national_event`` shock) teachers meet
across regions. Committed teachers come most, newcomers who know the network
a little; at most ``event_size`` of all teachers fit. Attending is a
participation (channel ``event``, worth ``event_gain`` of a session at a host);
attendees tie with attendees of other regions, tell their colleagues about the
network, and all open hosts meet each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import EVENT
from netsim.core.ties import add_peer_ties

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def event_due(model: PDNetworkModel) -> bool:
    """True in a month with a scheduled or announced national event."""
    p = model.p
    every = p["national_event_interval"]
    due = every > 0 and model.month % every == 0
    return bool(p["enable_national_events"] and (due or model.pending_event))


def hold_national_event(model: PDNetworkModel) -> None:
    """Hold the national event if one is due this month."""
    due = event_due(model)
    model.pending_event = False
    if not due:
        return
    p = model.p
    t = model.teachers
    rng = model.rng
    eng = t.engagement
    if not p["enable_participation"]:  # going to an event is voluntary participation too
        return
    chance = np.where(
        eng >= 2,
        p["event_attend_regular"],
        np.where(eng == 1, p["event_attend_occasional"], p["event_attend_aware"] * t.aware),
    )
    expected = float(chance.sum())
    room = p["event_size"] * model.n_teachers
    if expected > room:
        chance = chance * (room / expected)
    goers = np.flatnonzero(rng.random(t.engagement.size) < chance)
    model.event_this_month = True
    if goers.size:
        newly = goers[~t.attended[goers]]
        t.attended[newly] = True
        t.channel[newly] = EVENT
        t.host[newly] = -1
        t.aware[goers] = True
        _tell_colleagues(model, goers)
    if goers.size > 1 and p["enable_tie_formation"]:
        ties = rng.poisson(p["event_ties"], goers.size)
        src = np.repeat(goers, ties)
        dst = goers[rng.integers(0, goers.size, src.size)]
        other = t.region[src] != t.region[dst]
        add_peer_ties(model, src[other], dst[other])
    nodes = model.offsets["centre"] + model.centres.open_slots
    if nodes.size > 1:
        a, b = np.triu_indices(nodes.size, 1)
        model.link_organisations(nodes[a], nodes[b])
    model.say(f"A national event brings together {goers.size} teachers from all regions.")


def _tell_colleagues(model: PDNetworkModel, goers: np.ndarray) -> None:
    """Each tie of an attendee carries the news with chance ``awareness_event``."""
    if not model.p["enable_awareness"]:
        return
    pi = model.peer_index
    deg = pi.degree[goers]
    owner_start = np.repeat(pi.indptr[goers] - np.concatenate([[0], np.cumsum(deg)[:-1]]), deg)
    nb = pi.indices[owner_start + np.arange(int(deg.sum()))]
    heard = nb[model.rng.random(nb.size) < model.p["awareness_event"]]
    model.teachers.aware[heard] = True
