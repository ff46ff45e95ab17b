"""PD centres and national events (brief §4, §5).

Centres are created by decree or grown from teacher groups and close when they
run dry; national events tie regions together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.ties import add_peer_ties

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel

MAX_PER_REGION = 3
CLOSE_AFTER_EMPTY_MONTHS = 6


def assign_home_centres(model: PDNetworkModel) -> None:
    """Give every teacher a home centre: one of their region's, else a random open one.

    A centre that opens in a region that already has one takes its share of the
    region's teachers. A teacher who changes home centre leaves the old one: the
    tie to it ends, and the tie to the new one is made at the first visit.
    """
    t = model.teachers
    c = model.centres
    rs = model.region_start
    open_slots = c.open_slots
    fresh = np.array(sorted(model.fresh_centres), dtype=np.int64)
    model.fresh_centres.clear()
    if open_slots.size == 0:
        _leave(model, np.flatnonzero(t.centre >= 0))
        t.centre[:] = -1
        model.region_centre[:] = -1
        return
    rng = model.rng
    region_of = c.region[open_slots]
    for r in range(model.n_regions):
        start = int(rs[r])
        rows = slice(start, int(rs[r + 1]))
        local = open_slots[region_of == r]
        home = t.centre[rows]  # a view
        valid = home >= 0
        valid[valid] = c.alive[home[valid]]
        if local.size:
            model.region_centre[r] = local[0]
            keep = valid & np.isin(home, local)
            pool = local
        else:
            model.region_centre[r] = -1
            keep = valid
            pool = open_slots
        need = np.flatnonzero(~keep)
        new_here = local[np.isin(local, fresh)]
        moved = np.zeros(0, np.int64)
        if new_here.size and new_here.size < local.size:
            # the new centres draw their share of the teachers the region's centres had
            moved = np.flatnonzero(keep & (rng.random(home.size) < new_here.size / local.size))
        changed = np.concatenate([need, moved])
        if changed.size:
            _leave(model, start + changed)
            home[need] = pool[rng.integers(0, pool.size, need.size)]
            home[moved] = new_here[rng.integers(0, new_here.size, moved.size)]
    model.far_from_home[:] = c.region[np.maximum(t.centre, 0)] != t.region


def _leave(model: PDNetworkModel, rows: np.ndarray) -> None:
    """Teachers ``rows`` leave their home centre: their tie to it ends."""
    t = model.teachers
    ties = t.ctie[rows]
    ties = ties[ties >= 0]
    if ties.size:
        model.org_ties.end(ties)
    t.ctie[rows] = -1


def open_centre(
    model: PDNetworkModel, region: int, host: int, host_id: int = -1, *, decree: bool = False
) -> int:
    """Open a centre in ``region`` hosted by an association (0), university (1) or authority (2).

    Returns the centre's slot, or -1 (logged) when every slot is taken by an open centre.
    """
    c = model.centres
    free = np.flatnonzero(~c.alive & (c.opened == 0))
    if free.size == 0:
        free = np.flatnonzero(~c.alive)  # reuse the slot of a closed centre
    if free.size == 0:
        model.say(f"No room for another PD centre in region {region}: every slot is open.")
        return -1
    slot = int(free[0])
    for name in ("money", "central", "capacity", "demand", "attendance", "performance"):
        getattr(c, name)[slot] = 0.0
    c.coordinator_lost_until[slot] = 0
    c.alive[slot] = True
    c.region[slot] = region
    model.node_region[model.offsets["centre"] + slot] = region
    c.host[slot] = host
    c.host_id[slot] = host_id
    c.decree[slot] = decree
    c.opened[slot] = max(model.month, 1) if model.month > 0 else -1
    c.quality[slot] = 0.4
    c.empty_months[slot] = 0
    model.add_centre_agent(slot)
    model.fresh_centres.add(slot)
    authority = model.offsets["ministry"] + 1 + region
    model.org_ties.add(
        np.array([authority]),
        np.array([model.offsets["centre"] + slot]),
        0.5,
        model.month,
        formal=decree,
        keep=decree,
    )
    if host == 1 and host_id >= 0:
        model.link_university(host_id, slot, host=True)
    return slot


def found_grassroots_centres(model: PDNetworkModel) -> None:
    """Teacher groups found a centre where enough engaged teachers have none close by."""
    p = model.p
    if not p["enable_grassroots"] or p["grassroots_founding"] <= 0:
        return
    t = model.teachers
    c = model.centres
    committed = t.engagement >= 2
    per_region = np.bincount(t.region[committed], minlength=model.n_regions)
    counts = np.bincount(c.region[c.alive], minlength=model.n_regions)
    for r in np.flatnonzero(per_region >= p["founding_group_size"]):
        n_here = counts[r]
        unmet = (
            c.demand[c.alive & (c.region == r)].sum() - c.capacity[c.alive & (c.region == r)].sum()
        )
        if n_here == 0:
            chance = p["grassroots_founding"]
        elif n_here < MAX_PER_REGION and unmet > 5 * p["founding_group_size"]:
            chance = 0.25 * p["grassroots_founding"]
        else:
            continue
        if model.rng.random() < chance:
            slot = open_centre(model, int(r), host=0)
            if slot >= 0:
                model.say(f"Teachers in region {r} found a grassroots PD centre.")
                model.centres_changed = True


def close_dry_centres(model: PDNetworkModel) -> None:
    """A centre with no places for half a year closes; its ties and agreements end."""
    c = model.centres
    dry = np.flatnonzero(c.alive & (c.empty_months >= CLOSE_AFTER_EMPTY_MONTHS))
    for slot in dry:
        close_centre(model, int(slot))
        model.say(f"The PD centre in region {c.region[slot]} closes for lack of resources.")


def close_centre(model: PDNetworkModel, slot: int) -> None:
    """Close a centre: every tie to it ends; partners and member teachers are freed."""
    c = model.centres
    ot = model.org_ties
    node = model.offsets["centre"] + slot
    c.alive[slot] = False
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
    model.extra_centres[model.extra_centres == slot] = -1
    model.centres_changed = True


def hold_national_event(model: PDNetworkModel) -> None:
    """National event: engaged teachers meet across regions; centres meet each other."""
    p = model.p
    t = model.teachers
    rng = model.rng
    chance = np.where(t.engagement >= 2, 0.3, np.where(t.engagement == 1, 0.05, 0.0))
    goers = np.flatnonzero(rng.random(t.engagement.size) < chance)
    if goers.size > 1 and p["enable_tie_formation"]:
        ties = rng.poisson(p["event_ties"], goers.size)
        src = np.repeat(goers, ties)
        dst = goers[rng.integers(0, goers.size, src.size)]
        other = t.region[src] != t.region[dst]
        add_peer_ties(model, src[other], dst[other])
    if goers.size and p["enable_trust"]:
        tr = t.trust[goers]
        t.trust[goers] = tr + np.float32(0.3 * p["trust_gain"]) * (1.0 - tr)
    model.event_this_month = True
    open_slots = model.centres.open_slots
    nodes = model.offsets["centre"] + open_slots
    if nodes.size > 1:
        a, b = np.triu_indices(nodes.size, 1)
        model.link_organisations(nodes[a], nodes[b])
    model.say(f"A national event brings together {goers.size} teachers from all regions.")
