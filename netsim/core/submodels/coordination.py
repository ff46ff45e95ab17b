"""Coordination: a network is an institutionalised arrangement with a cost (Principles, §4.c).

The share of a host's resources spent coordinating grows with the partners it
must coordinate (log), net of what they bring: a school agreement counts only
as a fraction of a partner, since the school brings rooms and planned PD days.
Joint steering, advisory boards and coordinator posts lower it; losing the key
coordinator raises it for a while.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import CENTRE, SCHOOL

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def partner_weights(model: PDNetworkModel) -> np.ndarray:
    """Partners each host must coordinate: organisations tied to it, agreements weighted."""
    p = model.p
    ot = model.org_ties
    off = model.offsets["centre"]
    slots = model.centres.alive.size
    # teachers are nodes 0..n-1: the organisation ties are those whose end a is n or more
    # (most ties to a host are a teacher's, so the node types are read for the others only)
    org = ot.alive & (ot.a >= model.offsets["teacher"] + model.n_teachers)
    a = ot.a[org]
    other_type = model.node_type[a]
    weight = np.where(other_type == SCHOOL, p["agreement_partner_weight"], 1.0)
    count = np.bincount(ot.b[org] - off, weights=weight, minlength=slots)
    # ties between two hosts count for both
    count += np.bincount(a[other_type == CENTRE] - off, minlength=slots)
    return count


def coordinate(model: PDNetworkModel) -> None:
    """Set each host's coordination share for this month."""
    p = model.p
    c = model.centres
    if not p["enable_coordination"]:
        c.coordination[:] = 0.0
        return
    relief = 1.0 - p["steering_relief"] * p["steering_group"]
    relief -= p["advisory_relief"] * p["advisory_board"]
    relief = max(relief, 0.0)
    share = p["coordination_cost"] * np.log1p(partner_weights(model)) * relief
    share *= 1.0 - p["coordinator_relief"] * np.minimum(c.posts, 1.0)
    lost = c.coordinator_lost_until > model.month
    share += p["coordinator_loss_share"] * lost
    c.coordination[:] = np.clip(share, 0.0, p["max_coordination"])
