"""Funding, funding cycles, coordination cost and the capacity of centres (brief §4, §5).

Public money reaches centres in two ways the ministry chooses between: a
central pot shared on fixed cycles (reallocated by evaluation at each renewal)
and a demand-led pot that follows last month's demand in small grants.
Coordination takes a share of a centre's resources that grows with its
partners and falls with joint steering and advisory boards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.population import CENTRE, COMPANY, MINISTRY, SCHOOL, TEACHER, UNIVERSITY

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel

SEED_GRANT_SHARE = 0.1  # of the demand-led pot, shared equally so new centres can start


def renew_central_funding(model: PDNetworkModel) -> None:
    """Funding cycle: fix each open centre's share of the central pot until the next renewal."""
    p = model.p
    c = model.centres
    alive = c.alive
    if not alive.any():
        c.central[:] = 0.0
        return
    equal = alive / alive.sum()
    perf = np.where(alive, c.performance, 0.0)
    merit = perf / perf.sum() if perf.sum() > 0 else equal
    w = p["evaluation_weight"] if model.month > 0 else 0.0
    c.central[:] = (1.0 - w) * equal + w * merit
    c.performance[:] = 0.0
    if model.month > 0:
        model.say(f"Central funding renewed for {int(alive.sum())} centres.")


def allocate_funding(model: PDNetworkModel) -> float:
    """Share this month's public money among open centres; return what was paid (€)."""
    p = model.p
    c = model.centres
    c.money[:] = 0.0
    if not p["enable_funding"] or not c.alive.any():
        return 0.0
    ministry = model.ministry
    monthly = ministry.annual_budget / 12.0
    central_pot = monthly * ministry.central_share
    demand_pot = monthly - central_pot
    alive = c.alive
    central = central_pot * np.where(alive, c.central, 0.0)
    demand = np.where(alive, c.demand, 0.0)
    seed = SEED_GRANT_SHARE * demand_pot * alive / alive.sum()
    rest = (1.0 - SEED_GRANT_SHARE) * demand_pot
    led = rest * demand / demand.sum() if demand.sum() > 0 else rest * alive / alive.sum()
    c.money += central + seed + led
    return float(central.sum() + seed.sum() + led.sum())


def partner_counts(model: PDNetworkModel) -> np.ndarray:
    """Partners of each centre: organisations tied to it (schools, universities, ...)."""
    ot = model.org_ties
    off = model.offsets
    slots = model.centres.alive.size
    other_type = model.node_type[ot.a]
    org = ot.alive & (other_type != TEACHER)
    count = np.bincount(ot.b[org] - off["centre"], minlength=slots)
    # ties between two centres count for both
    both = org & (other_type == CENTRE)
    count += np.bincount(ot.a[both] - off["centre"], minlength=slots)
    return count


def coordination_share(model: PDNetworkModel, partners: np.ndarray) -> np.ndarray:
    """Coordination: share of resources spent coordinating, growing with partners."""
    p = model.p
    c = model.centres
    if not p["enable_coordination"]:
        return np.zeros(c.alive.size)
    relief = 1.0 - 0.5 * p["steering_group"] - 0.3 * p["advisory_board"]
    share = p["coordination_cost"] * np.log1p(partners) * relief
    lost = c.coordinator_lost_until > model.month
    share = share + 0.3 * lost
    return np.minimum(np.maximum(share, 0.0), 0.9)


def plan_offer(model: PDNetworkModel) -> None:
    """Each centre's capacity (places) and quality this month from its resources."""
    p = model.p
    c = model.centres
    t = model.teachers
    ot = model.org_ties
    slots = c.alive.size
    partners = partner_counts(model)
    coord = coordination_share(model, partners)
    c.coordination[:] = coord
    leads = np.bincount(t.centre[t.lead & (t.centre >= 0)], minlength=slots)
    trainers = p["trainer_places"] * leads * (0.5 + p["lead_teacher_support"])
    co = model.companies
    engaged = co.partner_of >= 0
    co_help = np.bincount(co.partner_of[engaged], minlength=slots)
    places = c.money * (1.0 - coord) / p["cost_per_place"] + trainers + 2.0 * co_help
    c.capacity[:] = np.where(c.alive, places, 0.0)
    # quality: research from universities, equipment from companies, synergy of partners
    u = model.universities
    research = np.zeros(slots)
    has_u = u.partner_of >= 0
    np.maximum.at(research, u.partner_of[has_u], u.research[has_u])
    org = ot.alive & (model.node_type[ot.a] != TEACHER)
    kinds = model.node_type[ot.a[org]]
    centre = ot.b[org] - model.offsets["centre"]
    synergy = np.zeros(slots)
    for kind in (SCHOOL, UNIVERSITY, COMPANY, MINISTRY):
        synergy += np.bincount(centre[kinds == kind], minlength=slots) > 0
    lead_share = leads / np.maximum(c.attendance, 1.0)
    quality = (
        0.35
        + 0.2 * research
        + 0.1 * np.minimum(co_help / 3.0, 1.0)
        + 0.1 * synergy / 4.0
        + 0.1 * np.minimum(lead_share, 1.0)
        - 0.3 * coord
    )
    c.quality[:] = np.minimum(np.maximum(quality, 0.0), 1.0)
    no_capacity = c.alive & (c.capacity < 1.0)
    c.empty_months[:] = np.where(no_capacity, c.empty_months + 1, 0)
