"""Exchange and reciprocity: the value an activity delivers, net of frictions (Principles).

Unequal power (a centre run by decree, or by the authority, without joint
steering) and unresolved competition between hosts of one region lower the
value of an exchange and so erode trust; joint steering resolves both (§4.c).
Exchanges also run along ties: a peer tie carries one in a month when one end
took part and the other is engaged, an organisation tie when both ends are
active. The kinds of the ties then move (:mod:`netsim.core.submodels.tie_decay`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import AUTHORITY, EVENT, SCHOOL_SESSION
from netsim.core.submodels import tie_decay

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def hierarchy(model: PDNetworkModel) -> np.ndarray:
    """Each host's power factor: 1 by decree, less for authority, university, association."""
    p = model.p
    c = model.centres
    return np.where(
        c.decree,
        1.0,
        np.where(c.host == AUTHORITY, p["power_authority"], p["power_association"]),
    )


def host_value(model: PDNetworkModel) -> None:
    """Value each host's activity delivers before the teacher's fit, net of frictions."""
    p = model.p
    c = model.centres
    value = c.quality.astype(np.float64)
    if p["enable_exchange"]:
        unresolved = 1.0 - p["steering_group"]
        regional = c.regional
        region = np.where(regional, c.region, 0).astype(np.intp)
        per_region = np.bincount(region[regional], minlength=model.n_regions)
        rivals = np.where(regional, per_region[region] - 1, 0)
        value = value - unresolved * (
            p["power_friction"] * hierarchy(model) + p["competition_friction"] * rivals
        )
    model.host_value = value


def school_value(model: PDNetworkModel) -> np.ndarray:
    """Value of a school peer session, per school: better with a lead teacher there."""
    p = model.p
    quality = (
        p["base_quality"]
        + p["quality_leads"] * (model.school_leads > 0)
        + p["quality_national_centre"] * p["national_centre"]
    )
    return np.minimum(quality, 1.0) * p["school_gain"]


def exchange_value(model: PDNetworkModel) -> np.ndarray:
    """Value of this month's activity for each participating teacher (rows ``attendees``)."""
    p = model.p
    t = model.teachers
    att = model.attendees
    channel = t.channel[att]
    base = model.host_value[np.maximum(t.host[att], 0)]
    at_school = channel == SCHOOL_SESSION
    if at_school.any():
        base = np.where(at_school, school_value(model)[t.school[att]], base)
    at_event = channel == EVENT
    if at_event.any():
        event = min(p["base_quality"] + p["quality_synergy"], 1.0) * p["event_gain"]
        base = np.where(at_event, event, base)
    fit = 1.0 - p["value_need_weight"] + p["value_need_weight"] * t.need[att]
    noise = model.rng.normal(0.0, p["value_noise"], att.size)
    return base * fit + noise


def mark_active_nodes(model: PDNetworkModel) -> None:
    """Which agents are active this month, for exchanges along organisation ties."""
    act = model.node_active
    act[:] = False
    o = model.offsets
    t = model.teachers
    act[: model.n_teachers] = t.attended
    act[o["school"] + t.school[model.attendees]] = True
    u = model.universities
    act[o["university"] : o["university"] + len(u)] = u.partner_of >= 0
    co = model.companies
    act[o["company"] : o["company"] + len(co)] = co.partner_of >= 0
    paid = model.p["enable_funding"] and model.ministry.annual_budget > 0
    act[o["ministry"] : o["ministry"] + 1 + model.n_regions] = paid
    c = model.centres
    busy = (c.capacity >= 1.0) | (c.attendance > 0)
    # a thematic network is active while one of its members takes part
    members = model.extra_centres.take(model.attendees, axis=0).ravel()  # (rows by take: fast)
    members = members[members >= 0]
    busy[members] = True
    act[o["centre"] : o["centre"] + c.alive.size] = c.alive & busy


def exchange_along_ties(model: PDNetworkModel) -> None:
    """Exchanges along peer and organisation ties this month; tie kinds then move."""
    t = model.teachers
    pt = model.peer_ties
    # one code per teacher: bit 1 engaged, bit 2 took part; an exchange needs one end that
    # took part and another that is engaged
    code = (t.engagement >= 1).view(np.uint8) | (t.attended.view(np.uint8) << 1)
    ca, cb = code[pt.a], code[pt.b]
    ex = (((ca >> 1) & cb) | ((cb >> 1) & ca)).view(bool)
    ex &= pt.alive
    tie_decay.update_tie_kinds(model, pt, ex)
    ot = model.org_ties
    active = model.node_active
    ex_org = active[ot.a] & active[ot.b] & ot.alive
    tie_decay.update_tie_kinds(model, ot, ex_org)
