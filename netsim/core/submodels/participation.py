"""Voluntary participation, the second stage of adoption (Principles; TALIS 2018).

A teacher who knows the network takes part in a month when need, peers, school
support and trust outweigh workload: a logistic choice. Peers count through
their ties (trusted, lasting ties weigh more) and an invitation by an engaged
peer adds to it. What the network pays for also enters: release time and a
school agreement's planned PD days lower the workload barrier, reimbursed
travel lowers the burden of going to a centre and to one in another region,
and a month when their own school runs a peer session asks for no travel at all.
Teachers with no host can still take part in their school's peer sessions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from netsim.core.submodels import online

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def base_propensity(p: dict[str, Any], need: np.ndarray, motivation: np.ndarray) -> np.ndarray:
    """The part of the log-odds that does not change: bias, need and motivation."""
    perceived = online.perceived_need(p, need)
    return (p["participation_bias"] + p["w_need"] * perceived * (0.5 + motivation)).astype(
        np.float32
    )


def propensity(model: PDNetworkModel) -> np.ndarray:
    """Monthly probability that each teacher chooses to take part (if aware)."""
    p = model.p
    t = model.teachers
    s = model.schools
    c = model.centres
    f32 = np.float32
    signed = s.agreement_until > 0
    support = np.minimum(s.support + f32(p["agreement_support"]) * signed, 1.0)
    # per school and per host first, then read by each teacher's school and home host,
    # two numbers side by side (a complex64) in one gather: the school's planned PD days
    # and support, the host's release relief and unpaid travel; the host row added last
    # (index -1) is 0 for teachers without a home host
    per_school = np.empty(signed.size, np.complex64)
    per_school.real = f32(p["agreement_pd_days"]) * signed
    per_school.imag = f32(p["w_school"]) * support
    per_host = np.zeros(c.release.size + 1, np.complex64)
    per_host.real[:-1] = f32(p["release_relief"]) * c.release.astype(np.float32)
    per_host.imag[:-1] = 1.0 - c.travel.astype(np.float32)
    at_school = per_school[t.school]
    at_home = per_host[t.centre]
    relief = at_home.real + at_school.real
    # a peer session at their own school this month asks for no travel
    unpaid_travel = at_home.imag * ~model.school_session[t.school]
    u = model.base_propensity + at_school.imag
    u += f32(p["w_peers"]) * model.peers.share.astype(np.float32)
    u += f32(p["w_trust"]) * t.trust
    u -= f32(p["w_workload"]) * t.workload * np.maximum(1.0 - relief, 0.0)
    u -= unpaid_travel * (
        f32(p["travel_burden"]) + f32(p["distance_penalty"]) * model.far_from_home
    )
    u += f32(p["w_invite"]) * t.invited
    np.negative(u, out=u)
    np.exp(u, out=u)
    u += 1.0
    return np.reciprocal(u, out=u)


def decide(model: PDNetworkModel) -> None:
    """Who wants to take part this month (``model.wants``); keeps the draw for mandates."""
    p = model.p
    t = model.teachers
    n = model.n_teachers
    model.draw = model.rng.random(n, dtype=np.float32)
    if p["enable_participation"]:
        model.prob = propensity(model)
        model.wants = t.aware & (model.draw < model.prob)
    else:
        model.prob = np.zeros(n, np.float32)
        model.wants = np.zeros(n, bool)
    t.invited[:] = False
