"""Association sections: capacity from members' volunteer hours and dues (brochure §2.b).

A teacher whose home host is an association section and who takes part
regularly becomes a member: they pay dues and give volunteer hours, which
become places in the section's sessions. A member stays one while they remain
at least an occasional participant. A section lives while its volunteers do:
with fewer than ``section_min_volunteers`` it runs dry and closes (see
:func:`netsim.core.submodels.delivery.close_dry_hosts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import ASSOCIATION, SECTION
from netsim.core.submodels.delivery import hours_to_places, ownership

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def collect_dues(model: PDNetworkModel) -> None:
    """Members pay their dues to their section (a twelfth of the yearly dues a month)."""
    p = model.p
    if not p["enable_sections"] or p["member_dues"] <= 0:
        return
    t = model.teachers
    members = model.members_idx
    if members.size:
        dues = np.bincount(t.centre[members], minlength=model.centres.alive.size)
        model.centres.money += dues * (p["member_dues"] / 12.0)


def offer_member_sessions(model: PDNetworkModel) -> None:
    """Members' volunteer hours become places at their section; volunteers are counted."""
    p = model.p
    c = model.centres
    t = model.teachers
    slots = c.alive.size
    members = model.members_idx
    helpers = members[~t.lead[members]]  # lead teachers give lead hours instead
    if p["enable_sections"] and helpers.size:
        boost = (1.0 + p["volunteer_support"] * np.minimum(c.posts, 1.0)) * ownership(model)
        hours = np.bincount(t.centre[helpers], minlength=slots) * p["member_hours"] * boost
    else:
        hours = np.zeros(slots)
    c.hours[:] = hours
    c.supply[:, SECTION] = hours_to_places(model, hours)
    home = t.centre[model.leads_idx]
    c.volunteers[:] = np.bincount(home[home >= 0], minlength=slots)
    c.volunteers += np.bincount(t.centre[helpers], minlength=slots)


def update_members(model: PDNetworkModel) -> None:
    """Regular participants of a section join it; members who stop taking part lapse."""
    t = model.teachers
    c = model.centres
    # per host first, then read by home host (the entry added last, index -1: no home host)
    open_section = np.append(c.alive & (c.host == ASSOCIATION), False)
    at_section = open_section[t.centre]
    if model.p["enable_sections"]:
        t.member |= at_section & (t.engagement >= 2)
    t.member &= at_section & (t.engagement >= 1)
    model.members_idx = np.flatnonzero(t.member)
