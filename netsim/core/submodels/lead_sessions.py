"""Sessions run by lead teachers and trainers, supplied by their time (brochure §3.c).

Lead teachers give volunteer hours, not money: more when they are motivated,
supported (training, recognition), tied to their host by a lasting tie, when
their school's agreement brings rooms and labs, and when release time is paid;
less to a host run from above without joint steering (voluntary participation,
interventions decided collectively: Principles).
Their hours become places at their home host (a centre or a section).
They also carry the network beyond their own school: a lead teacher visits
another school of their region now and then to present it (as the CAS master
teachers led PD in other schools, §3.c), so that teachers of schools no
engaged colleague has reached yet can hear of it; the teacher who receives
them keeps a tie to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import LEAD
from netsim.core.submodels.delivery import commitment, hours_to_places, ownership
from netsim.core.ties import add_peer_ties

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


def reach_out(model: PDNetworkModel) -> None:
    """Lead teachers' visits to schools of their region: an awareness hazard per school."""
    p = model.p
    hazard = model.outreach_hazard
    hazard[:] = 0.0
    leads = model.leads_idx
    if not p["enable_lead_sessions"] or leads.size == 0 or p["lead_outreach"] <= 0:
        return
    t = model.teachers
    rng = model.rng
    chance = p["lead_outreach"] * (0.5 + t.motivation[leads]) * (0.5 + p["lead_teacher_support"])
    go = leads[rng.random(leads.size) < chance]
    if go.size == 0:
        return
    # a school of the lead teacher's region, each equally likely (schools are sorted by region)
    first = model.region_school_start
    r = t.region[go].astype(np.intp)
    school = first[r] + (rng.random(go.size) * (first[r + 1] - first[r])).astype(np.intp)
    hazard += p["outreach_awareness"] * np.bincount(school, minlength=hazard.size)
    if not p["enable_tie_formation"]:
        return
    # the teacher who received them keeps a tie to the lead teacher (a contact)
    s = model.schools
    host = s.start[school] + (rng.random(go.size) * s.size[school]).astype(np.intp)
    add_peer_ties(model, go, host)
