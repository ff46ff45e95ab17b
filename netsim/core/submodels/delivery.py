"""Delivery: each channel's supply, and who is served where (Principles: exchange).

Every host offers places through its channels (:data:`~netsim.core.population.CHANNELS`):
paid places (money), lead teachers' sessions (their time), section members'
sessions (volunteer hours), company staff and university researchers. A host
whose overhead is unpaid cannot run its non-paid channels either, and
coordination takes its share of all of them.

Mandated teachers are sent to the official programme: they take paid places
only, before anyone else (round 0). Voluntary demand is then served in three
rounds, so that no teacher who wants PD is turned away while places or peers
are free:

1. at the home host, where a share of the places (``newcomer_share``) is kept
   for first-timers and the rest go first to returning participants; places
   one group leaves unused pass to the other;
2. at any host of the teacher's region with places left over (the home host
   included, when its admission draw left some unused);
3. at the teacher's school, when it runs a peer session this month and the
   teacher has a colleague tie to an engaged colleague (no places to ration).

Within a host, places already paid for are used first and volunteers' time
last (:data:`CHANNEL_ORDER`).

With the delivery switch off, one lottery at the home host decides for teachers
who have one, as in a model whose only channel is rationed places; teachers with
no home host can still join their school's peer sessions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import (
    ASSOCIATION,
    CENTRE,
    COMPANY_STAFF,
    HOST_CHANNELS,
    LEAD,
    MINISTRY,
    PAID,
    RESEARCHERS,
    SCHOOL,
    SCHOOL_SESSION,
    SECTION,
    THEMATIC,
)
from netsim.core.submodels import exchange
from netsim.core.ties import group_order

CHANNEL_ORDER = np.array([PAID, RESEARCHERS, COMPANY_STAFF, LEAD, SECTION])
"""The order in which a host's channels serve its participants."""

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def commitment(model: PDNetworkModel, ties: np.ndarray) -> np.ndarray:
    """Resources committed through each tie: 1 punctual, more for lasting ties (§3.f)."""
    p = model.p
    ot = model.org_ties
    factor = np.array([1.0, p["commitment_periodic"], p["commitment_continuous"]])
    ok = ties >= 0
    safe = np.where(ok, ties, 0)
    kind = ot.kind[safe] if ot.n else np.zeros(ties.size, np.int8)
    return np.where(ok & (ot.alive[safe] if ot.n else False), factor[kind], 1.0)


def ownership(model: PDNetworkModel) -> np.ndarray:
    """Share of their hours volunteers give each host: less to one run from above."""
    p = model.p
    if not p["enable_exchange"]:
        return np.ones(model.centres.alive.size)
    withheld = p["volunteer_power_aversion"] * (1.0 - p["steering_group"])
    return 1.0 - withheld * exchange.hierarchy(model)


def hours_to_places(model: PDNetworkModel, hours: np.ndarray) -> np.ndarray:
    """Places that ``hours`` of volunteer time give: sessions times their size."""
    p = model.p
    return hours * (p["session_size"] / p["session_hours"])


def plan_offer(model: PDNetworkModel) -> None:
    """Each host's capacity by channel and quality this month."""
    p = model.p
    c = model.centres
    slots = c.alive.size
    net = 1.0 - c.coordination.astype(np.float64)
    supply = c.supply
    supply[:, PAID] *= net
    supply[:, PAID + 1 :] *= (net * c.operating)[:, None]
    supply[~c.alive | (c.host == THEMATIC)] = 0.0
    c.capacity[:] = supply.sum(axis=1)
    # quality: research, equipment, synergy of partners, lead teachers, trained trainers
    u = model.universities
    research = np.zeros(slots)
    has_u = u.partner_of >= 0
    np.maximum.at(research, u.partner_of[has_u], u.research[has_u])
    co = model.companies
    engaged = co.partner_of >= 0
    co_n = np.bincount(co.partner_of[engaged], minlength=slots)
    ot = model.org_ties
    kinds = model.node_type[ot.a]
    org = ot.alive & (kinds > 0)  # not teachers
    kinds = kinds[org]
    host = ot.b[org] - model.offsets["centre"]
    # kinds of partner (school, university, company, ministry: node types 1-4) each host
    # has ties with, from one count of ties by (kind, host): kind * slots + host
    per_kind = np.bincount(kinds.astype(np.intp) * slots + host, minlength=CENTRE * slots)
    partners = per_kind[: CENTRE * slots].reshape(CENTRE, slots)[SCHOOL : MINISTRY + 1]
    synergy = (partners > 0).sum(axis=0, dtype=np.float64)
    t = model.teachers
    home = t.centre[model.leads_idx]
    leads = np.bincount(home[home >= 0], minlength=slots)
    lead_share = np.minimum(leads / np.maximum(c.attendance, 1.0), 1.0)
    quality = (
        p["base_quality"]
        + p["quality_research"] * research
        + p["company_equipment"] * np.minimum(co_n / p["equip_full"], 1.0) * p["enable_companies"]
        + p["quality_synergy"] * synergy / 4.0
        + p["quality_leads"] * lead_share
        + p["quality_national_centre"] * p["national_centre"]
        + p["quality_international"] * model.international
        - p["quality_coordination"] * c.coordination
    )
    c.quality[:] = np.clip(quality, 0.0, 1.0)


def serve(model: PDNetworkModel) -> None:
    """Match this month's demand to places: home host, region, then school sessions."""
    p = model.p
    t = model.teachers
    c = model.centres
    rng = model.rng
    slots = c.alive.size
    spill = p["enable_delivery"]
    wants, forced = model.wants, model.forced_want
    home = t.centre
    t.attended[:] = False
    t.channel[:] = -1
    t.host[:] = -1
    supply = c.supply.copy()
    has_home = home >= 0
    # round 0: a mandate sends teachers to the official programme, paid places only
    fidx = np.flatnonzero(forced & has_home)
    fgot = fat = fidx  # (none: no draw, nothing taken)
    if fidx.size:
        hf = home[fidx]
        d_forced = np.bincount(hf, minlength=slots).astype(np.float64)
        ratio = np.minimum(1.0, supply[:, PAID] / np.maximum(d_forced, 1.0))
        fgot = fidx[rng.random(fidx.size) < ratio[hf]]
        fat = home[fgot]
        supply[:, PAID] -= np.bincount(fat, minlength=slots)
    places = np.maximum(supply.sum(axis=1), 0.0)
    # round 1: voluntary demand at the home host, newcomers' share kept
    idx = np.flatnonzero(wants & has_home)
    h = home[idx]
    new = ~t.ever[idx]
    d_new = np.bincount(h[new], minlength=slots).astype(np.float64)
    d_old = np.bincount(h[~new], minlength=slots).astype(np.float64)
    if spill:
        kept = p["newcomer_share"] * places
        served_new = np.minimum(d_new, np.maximum(kept, places - d_old))
        served_old = np.minimum(d_old, np.maximum(places - kept, places - d_new))
        ratio = np.where(
            new,
            (served_new / np.maximum(d_new, 1.0))[h],
            (served_old / np.maximum(d_old, 1.0))[h],
        )
    else:
        ratio = np.minimum(1.0, places / np.maximum(d_new + d_old, 1.0))[h]
    admit = rng.random(idx.size) < ratio
    served_idx = [idx[admit]]
    served_host = [h[admit]]
    if spill:
        # round 2: the spare places of the other hosts of the region
        left = idx[~admit]
        if left.size:
            used = np.bincount(h[admit], minlength=slots)
            spare = np.where(c.regional, np.maximum(places - used, 0.0), 0.0)
            i2, h2 = _spill_in_region(model, left, spare)
            served_idx.append(i2)
            served_host.append(h2)
    got = np.concatenate(served_idx)
    at = np.concatenate(served_host)
    t.attended[got] = True
    t.host[got] = at
    channel = _channels(model, supply, at)
    t.channel[got] = channel
    if fgot.size:
        t.attended[fgot] = True
        t.aware[fgot] = True  # a mandate informs the teachers it seats
        t.host[fgot] = fat
        t.channel[fgot] = PAID
    # round 3: school sessions take whoever is left and is tied to an engaged colleague
    rest = wants & ~t.attended
    if not spill:
        rest &= home < 0
    school = _school_round(model, np.flatnonzero(rest))
    t.attended[school] = True
    t.channel[school] = SCHOOL_SESSION
    t.forced[:] = t.attended & forced
    c.demand[:] = d_new + d_old
    c.attendance[:] = np.bincount(at, minlength=slots)
    if fat.size:
        c.attendance += np.bincount(fat, minlength=slots)
    c.led[:] = np.bincount(at[channel == LEAD], minlength=slots) > 0
    unmet = (wants | forced) & ~t.attended
    model.unmet_region[:] = np.bincount(t.region[unmet], minlength=model.n_regions)


def _spill_in_region(
    model: PDNetworkModel, left: np.ndarray, spare: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Round 2: unserved teachers take the spare places of other hosts of their region."""
    c = model.centres
    t = model.teachers
    rng = model.rng
    n_reg = model.n_regions
    hosts = np.flatnonzero(spare > 0)
    if hosts.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.intp)
    hosts = hosts[np.argsort(c.region[hosts], kind="stable")]
    region_of = c.region[hosts].astype(np.intp)
    spare_r = np.bincount(region_of, weights=spare[hosts], minlength=n_reg)
    region = t.region[left].astype(np.intp)
    want_r = np.bincount(region, minlength=n_reg).astype(np.float64)
    ratio = np.minimum(1.0, spare_r / np.maximum(want_r, 1.0))
    take = rng.random(left.size) < ratio[region]
    got = left[take]
    r = region[take]
    cum = np.cumsum(spare[hosts])
    before = np.concatenate([[0.0], np.cumsum(spare_r)])[:-1]
    target = before[r] + rng.random(got.size) * spare_r[r]
    pick = np.minimum(np.searchsorted(cum, target, side="right"), hosts.size - 1)
    return got, hosts[pick]


def _channels(model: PDNetworkModel, supply: np.ndarray, hosts: np.ndarray) -> np.ndarray:
    """The channel of each host-served participant, channels used in order.

    Places already paid for are used first, then researchers' and company staff's
    sessions, then lead teachers' and members' volunteer time, which is given only
    when it is needed. Participants of a host are taken in random order.
    """
    order = group_order(hosts, model.rng.random(hosts.size))  # np.lexsort, faster
    sorted_hosts = hosts[order]
    # where each host's run starts in the sorted list (as a searchsorted of itself gives it)
    per_host = np.bincount(sorted_hosts, minlength=supply.shape[0])
    first = (np.cumsum(per_host) - per_host)[sorted_hosts]
    rank = np.empty(hosts.size, np.float64)
    rank[order] = np.arange(hosts.size) - first
    ordered = supply[:, CHANNEL_ORDER]
    # channels whose cumulated places the rank has reached, one channel at a time
    cum = np.cumsum(ordered, axis=1).T.copy()
    pos = (rank >= cum[0][hosts]).astype(np.int64)
    for k in range(1, HOST_CHANNELS):
        pos += rank >= cum[k][hosts]
    # the lottery may admit a few more than the places: they go to the largest channel
    over = pos >= HOST_CHANNELS
    if over.any():  # (their hosts' rows read by take: fast for rows of a 2-d table)
        pos[over] = np.argmax(ordered.take(hosts[over], axis=0), axis=1)
    return CHANNEL_ORDER[pos].astype(np.int8)


def _school_round(model: PDNetworkModel, cand: np.ndarray) -> np.ndarray:
    """Round 3: candidates whose school runs a session and who have an engaged colleague."""
    if cand.size == 0 or not model.p["enable_school_learning"]:
        return np.zeros(0, np.int64)
    t = model.teachers
    cand = cand[model.school_session[t.school[cand]]]
    if cand.size == 0:
        return cand
    # colleague ties from the yearly snapshot (colleague ties are kept, so it is current)
    pi = model.peer_index
    deg = pi.degree[cand]
    has = deg > 0
    cand, deg = cand[has], deg[has]
    if cand.size == 0:
        return cand
    owner = np.repeat(np.arange(cand.size), deg)
    start = np.repeat(pi.indptr[cand] - np.concatenate([[0], np.cumsum(deg)[:-1]]), deg)
    entry = start + np.arange(owner.size)
    ok = pi.colleagues(t.school)[entry] & (t.engagement[pi.indices[entry]] >= 1)
    return cand[np.bincount(owner[ok], minlength=cand.size) > 0]


def close_dry_hosts(model: PDNetworkModel) -> None:
    """Hosts without places, and sections without volunteers, close after some months."""
    from netsim.core.hosts import close_host

    p = model.p
    c = model.centres
    section = c.host == ASSOCIATION
    dry = c.capacity < 1.0
    if p["enable_sections"]:
        dry = np.where(section, c.volunteers < p["section_min_volunteers"], dry)
    dry &= c.alive & (c.host != THEMATIC)
    c.empty_months[:] = np.where(dry, c.empty_months + 1, 0)
    for slot in np.flatnonzero(c.alive & (c.empty_months >= p["close_after_months"])):
        kind = "section" if c.host[slot] == ASSOCIATION else "PD centre"
        close_host(model, int(slot))
        reason = "its volunteers" if kind == "section" else "resources"
        model.say(f"The {kind} in region {c.region[slot]} closes for lack of {reason}.")
