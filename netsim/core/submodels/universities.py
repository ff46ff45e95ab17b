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
        centres = model.agents_by_type[PDCentre]
        if _any_can_recruit(model):
            centres.shuffle_do("recruit_partners")
        else:
            # nobody can: the same shuffle (the same draws from model.random), no calls
            centres.shuffle_do(_no_partner_to_find)
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


def _any_can_recruit(model: PDNetworkModel) -> bool:
    """True if some open regional centre has a free university in its region.

    Otherwise :meth:`PDCentre.recruit_partners` returns at once for every centre, before
    any draw, and calling it on each is wasted time.
    """
    u = model.universities
    free = u.partner_of < 0
    if not free.any():
        return False
    c = model.centres
    open_regional = c.alive & (c.region >= 0)
    free_region = np.zeros(model.n_regions, bool)
    free_region[u.region[free]] = True
    return bool(free_region[c.region[open_regional]].any())


def _no_partner_to_find(centre: PDCentre) -> None:
    """What a centre does when no university of its region is free."""
