"""Awareness, the first stage of adoption (Dalin's information function; Bass 1969).

A teacher can decide to take part only once they know the network and its
offer. They hear of it through engaged peers (the imitation channel: the more
engaged peers, and the stronger the ties, the likelier), through official
channels when their home host is a centre by decree or of the authority (or,
in proportion to joint steering, any host the authorities steer), through any
host's publicity in their region, through their school's written agreement,
through a teacher-education institution that partners the network (early-career
teachers), online (:mod:`netsim.core.submodels.online`), by an invitation
and at national events. Each source adds to a monthly hazard h; a teacher
hears with probability 1 - exp(-h). Nobody forgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import AUTHORITY
from netsim.core.submodels import online

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def spread_awareness(model: PDNetworkModel) -> None:
    """Unaware teachers hear of the network from peers, officials, hosts, schools, ITE, online."""
    p = model.p
    t = model.teachers
    if not p["enable_awareness"]:
        t.aware[:] = True
        return
    idx = np.flatnonzero(~t.aware)
    if idx.size == 0:
        return
    c = model.centres
    n_reg = model.n_regions
    running = c.regional & (c.capacity >= 1.0)  # hosts that run: a closed door informs nobody
    region = np.where(running, c.region, 0).astype(np.intp)
    has_host = np.bincount(region[running], minlength=n_reg) > 0
    # authorities inform the teachers of their own centres, and of any host they steer
    official = running & (c.decree | (c.host == AUTHORITY))
    informed = np.maximum(official, p["steering_group"] * running)
    per_region = p["awareness_centre"] * has_host + online.awareness_hazard(model)
    r = t.region[idx]
    home = t.centre[idx]
    hazard = per_region[r] + p["awareness_peer"] * model.peers.pull[idx]
    # per host, then read by home host (the last entry, index -1: no home host)
    hazard += np.append(p["awareness_official"] * informed, 0.0)[home]
    if p["enable_universities"]:
        early = model.ite_region[r] & (t.career[idx] == 0)
        hazard += p["ite_awareness"] * early
    school = t.school[idx]
    hazard += p["awareness_agreement"] * (model.schools.agreement_until > 0)[school]
    hazard += model.outreach_hazard[school]
    hear = model.rng.random(idx.size) < -np.expm1(-hazard)
    t.aware[idx[hear]] = True
    t.aware |= t.invited
