"""Tie formation: new peer ties, invitations and memberships (Roadmap; §2.a, §3.f).

Engaged teachers meet friends of friends, mostly inside their region
(communication is most frequent inside regional networks, §3.f), and some far
away; teachers who take part at the same host in the same month may pair up;
participants bring a peer along next month (an invitation). Regular
participants join a second regional host or one of the national thematic
networks that teachers of every region belong to (§2.a).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import THEMATIC
from netsim.core.ties import add_peer_ties, group_order

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def form_ties(model: PDNetworkModel) -> None:
    """Friends of friends, far contacts, co-attendance ties and invitations."""
    p = model.p
    if not p["enable_tie_formation"]:
        invite(model)  # bringing a colleague along is participation, not a new tie
        return
    t = model.teachers
    rng = model.rng
    engaged = model.engaged_idx
    pairs_i: list[np.ndarray] = []
    pairs_k: list[np.ndarray] = []
    if engaged.size:
        chosen = engaged[rng.random(engaged.size) < p["peer_tie_rate"]]
        if chosen.size:
            u = rng.random((3, chosen.size))
            j = model.peer_index.random_neighbour(chosen, u[0])
            has_j = j >= 0
            if has_j.all():  # (the usual case: every chosen teacher has a colleague)
                k = model.peer_index.random_neighbour(j, u[1])
            else:
                k = np.full(chosen.size, -1, dtype=np.int64)
                k[has_j] = model.peer_index.random_neighbour(j[has_j], u[1][has_j])
            # a share of new ties reach an engaged teacher elsewhere in the country
            far = np.flatnonzero(u[2] < p["cross_region_share"])
            if far.size:
                other = engaged[rng.integers(0, engaged.size, far.size)]
                # an attempt that lands in the same region makes no tie
                other[t.region[other] == t.region[chosen[far]]] = -1
                k[far] = other
            pairs_i.append(chosen)
            pairs_k.append(k)
    # co-attendance: teachers served by the same host in the same month may pair up
    att = model.attendees
    host = t.host[att]
    served = host >= 0
    att, host = att[served], host[served]
    if att.size > 1:
        order = group_order(host, rng.random(att.size))  # by host, at random
        att, host = att[order], host[order]
        first, second = att[0:-1:2], att[1::2]
        same = host[0:-1:2] == host[1::2]
        meet = same & (rng.random(first.size) < p["co_attendance_ties"])
        pairs_i.append(first[meet])
        pairs_k.append(second[meet])
    if pairs_i:
        add_peer_ties(model, np.concatenate(pairs_i), np.concatenate(pairs_k))
    invite(model)


def invite(model: PDNetworkModel) -> None:
    """Participants bring a peer along: the peer hears of it and is keener next month."""
    p = model.p
    att = model.attendees
    if att.size == 0 or p["invite_rate"] <= 0:
        return
    rng = model.rng
    hosts = att[rng.random(att.size) < p["invite_rate"]]
    guest = model.peer_index.random_neighbour(hosts, rng.random(hosts.size))
    guest = guest[guest >= 0]
    t = model.teachers
    guest = guest[~t.attended[guest]]
    t.invited[guest] = True


def join_other_hosts(model: PDNetworkModel) -> None:
    """Regular participants join a second regional host or a national thematic network."""
    p = model.p
    if not p["enable_tie_formation"]:
        return
    t = model.teachers
    c = model.centres
    extra = model.extra_centres
    regular = model.regular_idx
    _lapse_memberships(model, regular)
    cand = regular[extra[:, 1][regular] < 0]  # a second membership is still free
    if cand.size == 0:
        return
    rng = model.rng
    thematic = np.flatnonzero(c.alive & (c.host == THEMATIC))
    regional = np.flatnonzero(c.regional)
    pools = []
    if thematic.size and p["thematic_join_rate"] > 0:
        pools.append((thematic, p["thematic_join_rate"]))
    if regional.size >= 2 and p["multi_membership_rate"] > 0:
        pools.append((regional, p["multi_membership_rate"]))
    for pool, rate in pools:
        join = cand[rng.random(cand.size) < rate]
        if join.size == 0:
            continue
        other = pool[rng.integers(0, pool.size, join.size)]
        new = (other != t.centre[join]) & (other != extra[:, 0][join]) & (extra[:, 1][join] < 0)
        join, other = join[new], other[new]
        column = (extra[:, 0][join] >= 0).astype(np.int64)
        extra[join, column] = other
        idx = model.org_ties.add(join, model.offsets["centre"] + other, t.trust[join], model.month)
        model.extra_ties[join, column] = idx


def _lapse_memberships(model: PDNetworkModel, who: np.ndarray) -> None:
    """A membership whose tie has ended (unused, it faded) frees its place for another."""
    extra = model.extra_centres
    ties = model.extra_ties
    held = who[extra[:, 0][who] >= 0]
    if held.size == 0:
        return
    ot = model.org_ties
    # (rows by take: several times faster than indexing a 2-d array by rows)
    tie = ties.take(held, axis=0)
    held_extra = extra.take(held, axis=0)
    live = (tie >= 0) & ot.alive[np.maximum(tie, 0)] if ot.n else np.zeros(tie.shape, bool)
    live &= held_extra >= 0
    if live.all():
        return
    # keep the live ones, in the first column first: the first column keeps its own if
    # live, else takes the second's; the second keeps its own only if both are live
    live0, live1 = live[:, 0], live[:, 1]
    both = live0 & live1
    for table, now in ((extra, held_extra), (ties, tie)):
        second = np.where(live1, now[:, 1], -1)
        table[:, 0][held] = np.where(live0, now[:, 0], second)
        table[:, 1][held] = np.where(both, now[:, 1], -1)
