"""Funding: public money, its cycles, and what money buys (brochure §3.d, §3.f, §4.c).

Public money reaches hosts in two ways the ministry chooses between: a central
pot shared on fixed cycles (reallocated by evaluation at each renewal) and a
demand-led pot that follows this month's voluntary demand in small grants.
Money does not buy growth itself: a staffed centre first pays its overhead
(rival centres in one region each pay it unless joint steering pools them),
then coordinator posts, teachers' release time and travel, and paid places
with the rest. Association sections have no overhead: they run on members'
time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import ASSOCIATION, PAID

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def renew_central_funding(model: PDNetworkModel) -> None:
    """Funding cycle: fix each regional host's share of the central pot until the next renewal.

    The fixed part goes in equal shares to the centres created by decree (to every
    host if there is none); the ``evaluation_weight`` part goes to every host by
    its evaluated performance since the last renewal.
    """
    p = model.p
    c = model.centres
    if not (p["enable_funding"] and model.month % p["funding_cycle_months"] == 0):
        return
    alive = c.regional
    if not alive.any():
        c.central[:] = 0.0
        return
    # the ministry funds its own centres (by decree), or every host where it has none
    funded = alive & c.decree if (alive & c.decree).any() else alive
    equal = funded / funded.sum()
    perf = np.where(alive, c.performance, 0.0)
    merit = perf / perf.sum() if perf.sum() > 0 else equal
    w = p["evaluation_weight"] if model.month > 0 else 0.0
    c.central[:] = (1.0 - w) * equal + w * merit
    c.performance[:] = 0.0
    if model.month > 0:
        model.say(f"Central funding renewed for {int(alive.sum())} centres.")


def allocate_public_money(model: PDNetworkModel) -> None:
    """Share this month's public money among regional hosts (``public`` and ``money``)."""
    p = model.p
    c = model.centres
    c.money[:] = 0.0
    c.public[:] = 0.0
    model.public_this_month = 0.0
    alive = c.regional
    if not p["enable_funding"] or not alive.any():
        return
    ministry = model.ministry
    monthly = ministry.annual_budget / 12.0
    central_pot = monthly * ministry.central_share
    demand_pot = monthly - central_pot
    central = central_pot * np.where(alive, c.central, 0.0)
    demand = np.where(alive, c.demand, 0.0)
    seed = p["seed_grant_share"] * demand_pot * alive / alive.sum()
    rest = (1.0 - p["seed_grant_share"]) * demand_pot
    total = demand.sum()
    led = rest * demand / total if total > 0 else rest * alive / alive.sum()
    c.public[:] = central + seed + led
    c.money += c.public
    model.public_this_month = float(c.public.sum())


def spend_money(model: PDNetworkModel) -> None:
    """What each host's money buys this month: overhead, posts, release, travel, places."""
    p = model.p
    c = model.centres
    alive = c.regional
    staffed = alive & (c.host != ASSOCIATION)
    # duplicate offers: each staffed centre of a region pays the overhead, unless pooled
    region = np.where(staffed, c.region, 0).astype(np.intp)
    rivals = np.bincount(region[staffed], minlength=model.n_regions)[region]
    pooled = 1.0 + (rivals - 1) * (1.0 - p["steering_group"])
    overhead = np.where(staffed, p["centre_overhead"] * pooled / np.maximum(rivals, 1), 0.0)
    money = c.money
    paid_overhead = np.minimum(money, overhead)
    c.operating[:] = np.where(
        staffed, np.where(overhead > 0, paid_overhead / np.maximum(overhead, 1e-9), 1.0), 1.0
    )
    c.operating[~alive] = 0.0
    free = money - paid_overhead
    posts_money = free * p["spend_coordinators"]
    release_money = free * p["spend_release_time"]
    travel_money = free * p["spend_travel"]
    # (rounding can leave a tiny negative remainder when the shares add up to 1)
    places_money = np.maximum(free - posts_money - release_money - travel_money, 0.0)
    c.posts[:] = posts_money / p["coordinator_cost"]
    served = np.maximum(c.attendance, 1.0)  # last month's participants
    c.release[:] = np.minimum(1.0, release_money / (p["release_day_cost"] * served))
    c.travel[:] = np.minimum(1.0, travel_money / np.maximum(p["travel_cost"] * served, 1e-9))
    c.supply[:, PAID] = places_money / p["cost_per_place"]
    model.spent_this_month = float(money[alive].sum())
    model.money_spent += model.spent_this_month
