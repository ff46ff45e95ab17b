"""Companies: skills sponsorship, equipment and money (brochure §3.d, §4.b, §2.e).

Companies start with low awareness of what PD brings them; outreach and
advisory boards raise it, and aware, motivated companies join the host of
their region. An engaged company brings money, its staff's volunteer hours
(skills sponsorship, STEM-Ambassador-like volunteers) and equipment (quality).
What it commits grows with the kind of its tie to the host: a lasting tie
commits more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import COMPANY_STAFF
from netsim.core.submodels.delivery import commitment, hours_to_places

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def engage_companies(model: PDNetworkModel) -> None:
    """Raise awareness, let companies join or leave; add their money and staff hours."""
    p = model.p
    co = model.companies
    c = model.centres
    c.supply[:, COMPANY_STAFF] = 0.0
    if co.region.size == 0:
        return
    if p["enable_companies"]:
        has_centre = model.region_centre[co.region] >= 0
        push = p["company_outreach"] + p["advisory_company_weight"] * p["advisory_board"]
        reach = model.region_reach[co.region]
        gain = p["company_awareness_gain"] * push * (1.0 + reach) * has_centre
        co.awareness += (gain * (1.0 - co.awareness)).astype(np.float32)
        ready = np.flatnonzero((co.partner_of < 0) & has_centre & (co.awareness >= co.threshold))
        if ready.size:
            chance = p["company_join_rate"] * co.motivation[ready]
            join = ready[model.rng.random(ready.size) < chance]
            for k in join:
                model.link_company(int(k), int(model.region_centre[co.region[k]]))
    # a company whose host closed leaves
    orphan = (co.partner_of >= 0) & ~c.alive[np.maximum(co.partner_of, 0)]
    co.partner_of[orphan] = -1
    engaged = np.flatnonzero(co.partner_of >= 0)
    if engaged.size == 0:
        return
    slot = co.partner_of[engaged]
    give = co.budget[engaged] * commitment(model, co.tie[engaged])
    money = p["company_contribution"] * give
    np.add.at(c.money, slot, money)
    if p["enable_companies"]:
        hours = np.bincount(slot, weights=p["company_staff_hours"] * give, minlength=c.alive.size)
        c.supply[:, COMPANY_STAFF] = hours_to_places(model, hours)
