"""Learning: practice change, engagement and lead teachers (Principles: learning; §3.c).

Valuable activities change practice, more so with trust (trust lets people take
risks). A teacher's activity count (participations in about the last year,
whatever the channel: a school session or a section meeting counts as much as
a course) sets their engagement. Regular participants with enough practice and
trust become lead teachers with a chance raised by lead-teacher support, a
national trainers' centre and international exchange, times their motivation;
a lead teacher stays one while they keep taking part or leading sessions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def learn(model: PDNetworkModel, value: np.ndarray) -> None:
    """Practice change for participants; engagement states and lead teachers for all."""
    p = model.p
    t = model.teachers
    att = model.attendees
    if p["enable_learning"] and att.size:
        forced = t.forced[att]
        rate = p["learning_rate"]  # (times a factor of 1 when nobody was mandated: no change)
        if forced.any():
            rate = rate * np.where(forced, p["mandate_learning_factor"], 1.0)
        pr = t.practice[att]
        gain = rate * np.maximum(value, 0.0) * (0.5 + t.trust[att])
        t.practice[att] = np.minimum(1.0, pr + gain * (1.0 - pr))
    update_engagement(model)


def update_engagement(model: PDNetworkModel) -> None:
    """Engagement: not engaged, occasional, regular, or lead teacher."""
    p = model.p
    t = model.teachers
    act = t.activity
    act *= np.float32(p["activity_memory"])
    act += t.attended
    leads = model.leads_idx
    if leads.size and p["enable_lead_sessions"]:
        # leading a session keeps a lead teacher active even in a month they did not attend
        # per host, read by home host (the entry added last, index -1: no home host)
        led = np.append(model.centres.led, False)[t.centre[leads]] & ~t.attended[leads]
        act[leads[led]] += 1.0
    t.ever |= t.attended
    if p["enable_learning"]:
        regular = act >= p["regular_activity"]
        candidates = np.flatnonzero(
            regular & ~t.lead & (t.practice >= p["lead_threshold"]) & (t.trust >= p["lead_trust"])
        )
        if candidates.size:
            chance = p["lead_promotion"] * (0.5 + p["lead_teacher_support"])
            chance *= t.motivation[candidates]
            chance *= 1.0 + p["national_centre_boost"] * p["national_centre"]
            chance *= 1.0 + p["international_boost"] * model.international
            t.lead[candidates[model.rng.random(candidates.size) < chance]] = True
    # a lead teacher stays one while they keep taking part or leading (learning or not)
    t.lead &= act >= p["lead_keep_activity"]
    set_engagement(model)


def set_engagement(model: PDNetworkModel) -> None:
    """Engagement from the activity count; lead teachers are lead teachers."""
    p = model.p
    t = model.teachers
    act = t.activity
    # (written in place: 0, 1 or 2 by the two thresholds, then 3 for lead teachers)
    occasional, regular = act >= p["occasional_activity"], act >= p["regular_activity"]
    np.add(occasional, regular, out=t.engagement, dtype=np.int8)
    t.engagement[t.lead] = 3
