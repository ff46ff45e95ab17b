"""Test oracles: two teacher rules recomputed one Mesa agent at a time, in plain Python.

The model applies its rules to arrays of all teachers at once. The functions here
apply the same rules to one :class:`~netsim.core.agents.Teacher` agent at a time,
from that agent's attributes (and those of its school's and home host's agents),
its peer ties read one by one, and ``model.p``, with Python floats and ``math.exp``.
They share no code with :mod:`netsim.core.submodels`: a test that finds them equal
to the array result for every teacher checks the array code against an independent
reading of the rule (docs/ODD.md), and ``benchmarks/bench_model.py`` times them
against it ("one agent at a time").

Where an agent has no view of an attribute the rule needs (whether a teacher was
invited or ever took part, a host's release time and travel money) the oracle reads
that one row of the model's arrays.

Rules covered:

* :func:`participation_probability`: the monthly probability that a teacher who
  knows the network chooses to take part (``participation.propensity``);
* :func:`trust_after_exchange`: a teacher's trust after this month's exchange, or
  after a month of disuse (``trust.update_trust``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

from netsim.core.agents import School, Teacher

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def teachers_in_order(model: PDNetworkModel) -> list[Teacher]:
    """The Teacher agents, by their row in the model's arrays."""
    return sorted(model.agents_by_type[Teacher], key=lambda a: a.index)


def _logistic(u: float) -> float:
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    e = math.exp(u)
    return e / (1.0 + e)


# ---------------------------------------------------------------- peers


def peer_ties_by_teacher(model: PDNetworkModel) -> dict[int, list[tuple[Teacher, float]]]:
    """Each teacher's live peer ties, one tie at a time: (the peer's agent, tie weight).

    A tie weighs its trust times the weight of its kind: 1 punctual,
    ``tie_weight_periodic`` periodic, ``tie_weight_continuous`` continuous.
    """
    p = model.p
    kind_weight = (1.0, p["tie_weight_periodic"], p["tie_weight_continuous"])
    agents = teachers_in_order(model)
    pt = model.peer_ties
    ties: dict[int, list[tuple[Teacher, float]]] = defaultdict(list)
    for a, b, trust, kind, alive in zip(
        pt.a.tolist(),
        pt.b.tolist(),
        pt.trust.tolist(),
        pt.kind.tolist(),
        pt.alive.tolist(),
        strict=True,
    ):
        if not alive:
            continue
        weight = kind_weight[kind] * trust
        ties[a].append((agents[b], weight))
        ties[b].append((agents[a], weight))
    return ties


def peer_share(teacher: Teacher, ties: list[tuple[Teacher, float]]) -> float:
    """Tie-weighted share of engaged peers, capped at 1 (a lead teacher pulls more)."""
    lead_weight = teacher.model.p["lead_peer_weight"]
    pull = weight = 0.0
    for peer, w in ties:
        weight += w
        if peer.engagement != "not engaged":
            pull += w * (1.0 + (lead_weight if peer.engagement == "lead teacher" else 0.0))
    if pull <= 0.0:
        return 0.0
    return min(1.0, pull / max(weight, 1e-9))


# ---------------------------------------------------------------- participation


def participation_probability(teacher: Teacher, share: float, school: School) -> float:
    """Monthly probability that ``teacher``, if aware, chooses to take part.

    A logistic choice: need (as perceived with online resources) times motivation,
    school support (raised by a written agreement), engaged peers, trust and an
    invitation for; workload (lowered by paid release time and an agreement's PD
    days) and unpaid travel to the home host (more to one in another region; none in a
    month when their school runs a peer session) against.

    Args:
        teacher: the teacher's agent.
        share: their tie-weighted share of engaged peers (:func:`peer_share`).
        school: their school's agent.
    """
    m = teacher.model
    p = m.p
    need = teacher.need
    if p["enable_online"]:
        need += p["online_need_gain"] * p["online_resources"] * (1.0 - need)
    u = p["participation_bias"] + p["w_need"] * need * (0.5 + teacher.motivation)
    signed = school.has_agreement
    u += p["w_school"] * min(school.support + p["agreement_support"] * signed, 1.0)
    u += p["w_peers"] * share
    u += p["w_trust"] * teacher.trust
    relief = p["agreement_pd_days"] * signed
    if teacher.centre >= 0:
        host = m.centre_agents[teacher.centre]
        relief += p["release_relief"] * float(m.centres.release[host.slot])
        unpaid = 1.0 - float(m.centres.travel[host.slot])
        if school.runs_peer_session:
            unpaid = 0.0  # the session is at their own school
        far = host.region != teacher.region
        u -= unpaid * (p["travel_burden"] + p["distance_penalty"] * far)
    u -= p["w_workload"] * teacher.workload * max(1.0 - relief, 0.0)
    if m.teachers.invited[teacher.index]:
        u += p["w_invite"]
    return _logistic(u)


def participation_probabilities(model: PDNetworkModel) -> list[float]:
    """:func:`participation_probability` of every teacher, in row order, one at a time."""
    ties = peer_ties_by_teacher(model)
    schools = {a.index: a for a in model.agents_by_type[School]}
    return [
        participation_probability(t, peer_share(t, ties.get(t.index, [])), schools[t.school])
        for t in teachers_in_order(model)
    ]


# ---------------------------------------------------------------- trust


def trust_after_exchange(teacher: Teacher, value: float | None) -> float:
    """The teacher's trust after this month: moved by the exchange's value, or faded.

    A participant (``value`` not None) closes ``trust_gain`` times the value of the
    gap to full trust when the value is positive (less when the attendance was
    forced) and loses ``trust_loss`` times the value of their trust when it is not;
    trust stays in [0, 1]. A teacher who took part before but not this month loses
    ``trust_decay`` of their trust (disuse).
    """
    m = teacher.model
    p = m.p
    trust = teacher.trust
    if value is not None and p["enable_trust"]:
        if value > 0:
            factor = p["mandate_trust_factor"] if m.teachers.forced[teacher.index] else 1.0
            trust += p["trust_gain"] * factor * value * (1.0 - trust)
        else:
            trust += p["trust_loss"] * value * trust
        trust = min(max(trust, 0.0), 1.0)
    if value is None and p["enable_tie_decay"] and m.teachers.ever[teacher.index]:
        trust *= 1.0 - p["trust_decay"]
    return trust


def trusts_after_exchange(model: PDNetworkModel, value_of: dict[int, float]) -> list[float]:
    """:func:`trust_after_exchange` of every teacher; ``value_of`` maps participants' rows."""
    return [trust_after_exchange(t, value_of.get(t.index)) for t in teachers_in_order(model)]
