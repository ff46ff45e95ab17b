"""Hosts of PD: opening and closing them, and every teacher's home host.

A host is a slot of :class:`~netsim.core.population.Centres`: a PD centre (run
by paid staff, hosted by a university or an authority, often by decree), an
association section (run by its members' volunteer work, brochure §2.b) or a
national thematic network (§2.a). The submodels that open hosts (grassroots
founding, shocks) and close them (delivery) call these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import ASSOCIATION, THEMATIC, UNIVERSITY_HOST

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def assign_home_hosts(model: PDNetworkModel) -> None:
    """Give every teacher a home host: one of their region's, else a random open one.

    A host that opens in a region that already has one takes its share of the
    region's teachers. A teacher who changes home host leaves the old one: the
    tie to it ends (and a section's membership with it), and the tie to the new
    one is made at the first visit. Thematic networks are never a home.
    """
    t = model.teachers
    c = model.centres
    rs = model.region_start
    open_slots = np.flatnonzero(c.regional)
    fresh = np.array(sorted(model.fresh_centres), dtype=np.int64)
    model.fresh_centres.clear()
    if open_slots.size == 0:
        _leave(model, np.flatnonzero(t.centre >= 0))
        t.centre[:] = -1
        model.region_centre[:] = -1
        model.far_from_home[:] = 0.0
        model.members_idx = np.flatnonzero(t.member)
        return
    rng = model.rng
    region_of = c.region[open_slots]
    # membership of a slot in a region's hosts by a table read by home slot (index -1,
    # no home, is the extra last entry: never set), instead of np.isin's set operations
    is_local = np.zeros(c.alive.size + 1, bool)
    is_new = np.zeros(c.alive.size + 1, bool)
    is_fresh = np.zeros(c.alive.size + 1, bool)
    is_fresh[fresh] = True
    for r in range(model.n_regions):
        start = int(rs[r])
        rows = slice(start, int(rs[r + 1]))
        local = open_slots[region_of == r]
        home = t.centre[rows]  # a view
        valid = home >= 0
        valid[valid] = c.alive[home[valid]]
        if local.size:
            model.region_centre[r] = local[0]
            is_local[local] = True
            keep = valid & is_local[home]
            is_local[local] = False
            pool = local
        else:
            model.region_centre[r] = -1
            keep = valid
            pool = open_slots
        need = np.flatnonzero(~keep)
        new_here = local[is_fresh[local]]
        moved = np.zeros(0, np.int64)
        if new_here.size and new_here.size < local.size:
            # the new hosts draw their share of the teachers the region's older hosts had
            # (their founders, already at home there, stay: they keep their membership)
            is_new[new_here] = True
            older = keep & ~is_new[home]
            is_new[new_here] = False
            moved = np.flatnonzero(older & (rng.random(home.size) < new_here.size / local.size))
        changed = np.concatenate([need, moved])
        if changed.size:
            _leave(model, start + changed)
            home[need] = pool[rng.integers(0, pool.size, need.size)]
            home[moved] = new_here[rng.integers(0, new_here.size, moved.size)]
    model.far_from_home[:] = c.region[np.maximum(t.centre, 0)] != t.region
    # members who left (or whose section closed) no longer pay dues or give hours
    model.members_idx = np.flatnonzero(t.member)


def _leave(model: PDNetworkModel, rows: np.ndarray) -> None:
    """Teachers ``rows`` leave their home host: their tie to it and membership end."""
    t = model.teachers
    ties = t.ctie[rows]
    ties = ties[ties >= 0]
    if ties.size:
        model.org_ties.end(ties)
    t.ctie[rows] = -1
    t.member[rows] = False


def open_host(
    model: PDNetworkModel, region: int, host: int, host_id: int = -1, *, decree: bool = False
) -> int:
    """Open a host in ``region`` (-1 for a national thematic network).

    Args:
        model: the model.
        region: its region, or -1 for a thematic network.
        host: index into :data:`~netsim.core.population.HOSTS`.
        host_id: the hosting university, if any.
        decree: created by the ministry.

    Returns:
        The host's slot, or -1 (logged) when every slot is taken by an open host.
    """
    c = model.centres
    free = np.flatnonzero(~c.alive & (c.opened == 0))
    if free.size == 0:
        free = np.flatnonzero(~c.alive)  # reuse the slot of a closed host
    if free.size == 0:
        model.say(f"No room for another PD host in region {region}: every slot is open.")
        return -1
    slot = int(free[0])
    for name in ("money", "public", "central", "capacity", "demand", "attendance"):
        getattr(c, name)[slot] = 0.0
    c.performance[slot] = 0.0
    c.supply[slot] = 0.0
    c.coordinator_lost_until[slot] = 0
    c.alive[slot] = True
    c.region[slot] = region
    model.node_region[model.offsets["centre"] + slot] = region
    c.host[slot] = host
    c.host_id[slot] = host_id
    c.decree[slot] = decree
    c.opened[slot] = max(model.month, 1) if model.month > 0 else -1
    c.quality[slot] = model.p["base_quality"]
    c.empty_months[slot] = 0
    model.add_centre_agent(slot)
    if host != THEMATIC:
        model.fresh_centres.add(slot)
        model.centres_changed = True
        authority = model.offsets["ministry"] + 1 + region
    else:
        authority = model.offsets["ministry"]  # national networks deal with the ministry
    model.org_ties.add(
        np.array([authority]),
        np.array([model.offsets["centre"] + slot]),
        model.p["org_tie_trust"],
        model.month,
        formal=decree,
        keep=decree,
    )
    if host == UNIVERSITY_HOST and host_id >= 0:
        model.link_university(host_id, slot, host=True)
    return slot


def open_section(model: PDNetworkModel, region: int, founders: np.ndarray) -> int:
    """Open an association section whose founders become its first members (§2.b)."""
    slot = open_host(model, region, ASSOCIATION)
    if slot < 0:
        return slot
    t = model.teachers
    if founders.size:
        # founders make it their home at once (the others are reassigned next)
        old = founders[t.centre[founders] != slot]
        _leave(model, old)
        t.centre[founders] = slot
        t.member[founders] = True
        t.aware[founders] = True
    return slot


def close_host(model: PDNetworkModel, slot: int) -> None:
    """Close a host: every tie to it ends; partners and member teachers are freed."""
    c = model.centres
    ot = model.org_ties
    node = model.offsets["centre"] + slot
    c.alive[slot] = False
    c.supply[slot] = 0.0
    c.capacity[slot] = 0.0
    ties = np.flatnonzero(ot.alive & ((ot.b == node) | (ot.a == node)))
    ot.formal[ties] = False
    ot.end(ties)
    model.universities.partner_of[model.universities.partner_of == slot] = -1
    model.companies.partner_of[model.companies.partner_of == slot] = -1
    s = model.schools
    signed = np.flatnonzero(s.tie >= 0)
    gone = signed[~ot.alive[s.tie[signed]]]
    s.agreement_until[gone] = 0
    s.tie[gone] = -1
    gone_extra = model.extra_centres == slot
    model.extra_centres[gone_extra] = -1
    model.extra_ties[gone_extra] = -1
    t = model.teachers
    t.member[t.centre == slot] = False
    model.centres_changed = True
