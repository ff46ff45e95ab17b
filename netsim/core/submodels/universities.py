"""Universities: researchers' time, quality and initial teacher education (§3.b, §3.d, §4.b).

Each open centre, as a Mesa agent, may win a free university of its region
(finding the right people is hard, §4.b). A partner university's researchers
co-run sessions (their hours, times research capacity, willingness and the
tie's commitment, become places) and raise quality; a partner that educates
new teachers (ITE) makes the region's early-career teachers aware of the
network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.agents import PDCentre
from netsim.core.population import RESEARCHERS
from netsim.core.submodels.delivery import commitment, hours_to_places

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def work_with_universities(model: PDNetworkModel) -> None:
    """Centres recruit universities; partners' researchers give hours; ITE partners noted."""
    p = model.p
    c = model.centres
    u = model.universities
    c.supply[:, RESEARCHERS] = 0.0
    model.ite_region[:] = False
    if not p["enable_universities"]:
        return
    if model.centre_agents:
        model.agents_by_type[PDCentre].shuffle_do("recruit_partners")
    partner = np.flatnonzero((u.partner_of >= 0) & c.alive[np.maximum(u.partner_of, 0)])
    if partner.size == 0:
        return
    slot = u.partner_of[partner]
    hours = (
        p["researcher_hours"]
        * u.research[partner]
        * u.willingness[partner]
        * commitment(model, u.tie[partner])
    )
    c.supply[:, RESEARCHERS] = hours_to_places(
        model, np.bincount(slot, weights=hours, minlength=c.alive.size)
    )
    ite = partner[u.ite[partner]]
    model.ite_region[u.region[ite]] = True
