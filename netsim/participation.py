"""Voluntary participation and mandates (brief §4).

A teacher takes part when need, peers, school support and trust outweigh
workload; a mandate can force attendance. Centres ration places when demand
exceeds what they offer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel


def peer_share(model: PDNetworkModel) -> np.ndarray:
    """Share of a teacher's peers who are engaged; lead teachers count double."""
    t = model.teachers
    pt = model.peer_ties
    n = model.n_teachers
    a, b = pt.a, pt.b
    alive = pt.alive
    weight = (t.engagement >= 1).astype(np.float32) + t.lead
    wb = weight[b]
    wb *= alive
    wa = weight[a]
    wa *= alive
    num = np.bincount(a, weights=wb, minlength=n)
    num += np.bincount(b, weights=wa, minlength=n)
    return np.minimum(1.0, num / np.maximum(pt.degree, 1.0))


def propensity(model: PDNetworkModel, peers: np.ndarray) -> np.ndarray:
    """Monthly probability that each teacher chooses to take part (logistic)."""
    p = model.p
    t = model.teachers
    s = model.schools
    # need, motivation and workload do not change: their part is computed once
    support = np.minimum(s.support + np.float32(0.25) * (s.agreement_until > 0), 1.0)
    u = model.base_propensity + np.float32(p["w_school"]) * support[t.school]
    u += np.float32(p["w_peers"]) * peers.astype(np.float32)
    u += np.float32(p["w_trust"]) * t.trust
    u -= np.float32(p["distance_penalty"]) * model.far_from_home
    np.negative(u, out=u)
    np.exp(u, out=u)
    u += 1.0
    return np.reciprocal(u, out=u)


def take_part(model: PDNetworkModel) -> None:
    """Voluntary participation, mandates and rationing of places; sets ``attended``."""
    p = model.p
    t = model.teachers
    c = model.centres
    rng = model.rng
    n = model.n_teachers
    reachable = t.centre >= 0
    r = rng.random(n, dtype=np.float32)
    if p["enable_participation"]:
        prob = propensity(model, peer_share(model))
        wants = reachable & (r < prob)
    else:
        prob = np.zeros(n, np.float32)
        wants = np.zeros(n, bool)
    forced = np.zeros(n, bool)
    mandate = model.ministry.mandate if p["enable_mandates"] else 0.0
    if mandate > 0:
        # the same draw, rescaled above prob, decides whether a mandate catches them
        rest = (r - prob) / np.maximum(1.0 - prob, 1e-6)
        forced = reachable & ~wants & (rest < mandate * p["mandate_compliance"])
    demand = wants | forced
    slots = c.alive.size
    want_n = np.bincount(t.centre[demand], minlength=slots).astype(np.float64)
    c.demand[:] = np.bincount(t.centre[wants], minlength=slots)
    ratio = np.where(want_n > 0, np.minimum(1.0, c.capacity / np.maximum(want_n, 1.0)), 0.0)
    idx = np.flatnonzero(demand)
    admit = rng.random(idx.size) < ratio[t.centre[idx]]
    attended = np.zeros(n, bool)
    attended[idx[admit]] = True
    t.attended[:] = attended
    t.forced[:] = attended & forced
    c.attendance[:] = np.bincount(t.centre[attended], minlength=slots)
