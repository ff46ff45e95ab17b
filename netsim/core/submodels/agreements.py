"""Written school agreements and their renewal cycles (brochure §3.a).

Schools with engaged teachers sign written agreements with their home host
(PD written into the school plan), renewed each cycle when the school's
teachers still trust the network. An agreement brings rooms and labs (lead
teachers give more hours), planned PD days (a lower workload barrier), support
and awareness; it costs a fraction of a partner's coordination.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.ties import weighted_count

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def sign_and_renew(model: PDNetworkModel) -> None:
    """Sign new agreements with engaged schools; renew or end those that fall due."""
    p = model.p
    if not p["enable_agreements"]:
        return
    s = model.schools
    t = model.teachers
    ot = model.org_ties
    now = model.month
    engaged_n = model.engaged_per_school
    share = engaged_n / s.size
    home = t.centre[s.start]
    # renewals
    due = np.flatnonzero((s.agreement_until > 0) & (s.agreement_until <= now))
    if due.size:
        eng = model.engaged_idx
        trust_sum = weighted_count(t.school[eng], t.trust[eng], len(s))
        trust = trust_sum[due] / np.maximum(engaged_n[due], 1.0)
        tie = s.tie[due]
        centre_open = model.centres.alive[ot.b[tie] - model.offsets["centre"]]
        renew = (trust >= p["agreement_renewal_trust"]) & centre_open & ot.alive[tie]
        s.agreement_until[due[renew]] = now + p["agreement_cycle_months"]
        ended = due[~renew]
        s.agreement_until[ended] = 0
        ot.formal[s.tie[ended]] = False  # the tie stays, informal, until disuse ends it
    # new agreements
    eligible = (s.agreement_until == 0) & (share >= p["agreement_engaged_share"])
    cand = np.flatnonzero(eligible & (home >= 0))
    if cand.size:
        chance = p["school_agreement_drive"] * (0.5 + s.support[cand])
        sign = cand[model.rng.random(cand.size) < chance]
        if sign.size:
            b = model.offsets["centre"] + home[sign]
            old = s.tie[sign]
            # a school signing again with the same centre formalises the tie it has
            reuse = old >= 0
            reuse[reuse] = ot.alive[old[reuse]] & (ot.b[old[reuse]] == b[reuse])
            ot.formal[old[reuse]] = True
            ot.last[old[reuse]] = now
            fresh = sign[~reuse]
            s.tie[fresh] = ot.add(
                model.offsets["school"] + fresh, b[~reuse], p["org_tie_trust"], now, formal=True
            )
            s.agreement_until[sign] = now + p["agreement_cycle_months"]
