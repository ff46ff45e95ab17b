"""Sessions run by lead teachers and trainers, supplied by their time (brochure §3.c).

Lead teachers give volunteer hours, not money: more when they are motivated,
supported (training, recognition), tied to their host by a lasting tie, when
their school's agreement brings rooms and labs, and when release time is paid;
less to a host run from above without joint steering (voluntary participation,
interventions decided collectively: Principles).
Their hours become places at their home host (a centre or a section).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import LEAD
from netsim.core.submodels.delivery import commitment, hours_to_places, ownership

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def offer_lead_sessions(model: PDNetworkModel) -> None:
    """Lead teachers' hours this month, as places at their home hosts."""
    p = model.p
    c = model.centres
    t = model.teachers
    slots = c.alive.size
    c.supply[:, LEAD] = 0.0
    leads = model.leads_idx
    leads = leads[t.centre[leads] >= 0]
    if not p["enable_lead_sessions"] or leads.size == 0:
        return
    home = t.centre[leads]
    rooms = model.schools.agreement_until[t.school[leads]] > 0
    hours = p["lead_hours"] * (0.5 + t.motivation[leads]) * (0.5 + p["lead_teacher_support"])
    hours *= commitment(model, t.ctie[leads])
    hours *= 1.0 + p["agreement_rooms"] * rooms
    hours *= 1.0 + p["release_relief"] * c.release[home]
    per_host = np.bincount(home, weights=hours, minlength=slots)
    per_host *= (1.0 + p["volunteer_support"] * np.minimum(c.posts, 1.0)) * ownership(model)
    c.hours += per_host
    c.supply[:, LEAD] = hours_to_places(model, per_host)
