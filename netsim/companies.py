"""Company engagement (brief §2, §4).

Companies start with low awareness of what PD brings them; outreach and advisory
boards raise it, and aware, motivated companies join the centre of their region
with skills, equipment and money.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel


def engage_companies(model: PDNetworkModel) -> float:
    """Raise awareness, let companies join or leave; return the money they bring (€)."""
    p = model.p
    co = model.companies
    c = model.centres
    if co.region.size == 0:
        return 0.0
    if p["enable_companies"]:
        has_centre = model.region_centre[co.region] >= 0
        push = p["company_outreach"] + 0.5 * p["advisory_board"]
        reach = model.region_reach[co.region]
        gain = p["company_awareness_gain"] * push * (1.0 + reach) * has_centre
        co.awareness += (gain * (1.0 - co.awareness)).astype(np.float32)
        ready = np.flatnonzero((co.partner_of < 0) & has_centre & (co.awareness >= co.threshold))
        if ready.size:
            join = ready[model.rng.random(ready.size) < 0.1 * co.motivation[ready]]
            for k in join:
                model.link_company(int(k), int(model.region_centre[co.region[k]]))
    # a company whose centre closed leaves
    orphan = (co.partner_of >= 0) & ~c.alive[np.maximum(co.partner_of, 0)]
    co.partner_of[orphan] = -1
    engaged = co.partner_of >= 0
    if not engaged.any():
        return 0.0
    money = p["company_contribution"] * co.budget[engaged]
    np.add.at(c.money, co.partner_of[engaged], money)
    return float(money.sum())
