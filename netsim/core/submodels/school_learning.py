"""School-based peer learning along colleague ties (brochure §3.a; Roadmap: peer groups).

A school with a lead teacher, or with a core of engaged teachers who trust the
network, runs a peer session for its colleagues in a month with a chance that
grows with its leadership's support (and its written agreement), and in a
school with a lead teacher with the support lead teachers get (training,
release time: ``lead_school_sessions``). There are no
places to ration: every colleague who wants to take part and is tied to an
engaged colleague joins (round 3 of :mod:`netsim.core.submodels.delivery`).
A session is worth less than one at a host (``school_gain``), but it is held at
the teachers' own school: in a month when their school runs one, teachers weigh
no travel burden when they decide to take part (:mod:`participation`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def plan_school_sessions(model: PDNetworkModel) -> None:
    """Which schools run a peer session this month; their lead teachers are counted."""
    p = model.p
    s = model.schools
    t = model.teachers
    n_s = len(s)
    model.school_leads[:] = np.bincount(t.school[model.leads_idx], minlength=n_s)
    if not p["enable_school_learning"]:
        model.school_session[:] = False
        return
    eng = model.engaged_idx
    trusting = eng[t.trust[eng] >= p["school_session_trust"]]
    core = np.bincount(t.school[trusting], minlength=n_s)
    has_lead = model.school_leads > 0
    able = has_lead | (core >= p["school_min_engaged"])
    support = np.minimum(s.support + p["agreement_support"] * (s.agreement_until > 0), 1.0)
    chance = p["school_session_rate"] * support
    # a lead teacher's trained, released time organises their school's sessions
    chance *= 1.0 + p["lead_school_sessions"] * p["lead_teacher_support"] * has_lead
    model.school_session[:] = able & (model.rng.random(n_s) < chance)
