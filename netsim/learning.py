"""Learning (brief §4).

Valuable activities change practice, more so with trust (trust lets people take
risks); regular participants become lead teachers and trainers who carry PD to
their peers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel

OCCASIONAL, REGULAR = 0.3, 2.5  # activities in about a year


def learn(model: PDNetworkModel, value: np.ndarray) -> None:
    """Practice change for attendees; engagement states and lead teachers for all."""
    p = model.p
    t = model.teachers
    att = model.attendees
    if p["enable_learning"] and att.size:
        factor = np.where(t.forced[att], p["mandate_learning_factor"], 1.0)
        pr = t.practice[att]
        gain = p["learning_rate"] * factor * np.maximum(value, 0.0) * (0.5 + t.trust[att])
        t.practice[att] = np.minimum(1.0, pr + gain * (1.0 - pr))
    update_engagement(model)


def update_engagement(model: PDNetworkModel) -> None:
    """Engagement: not engaged, occasional, regular, or lead teacher (trainer)."""
    p = model.p
    t = model.teachers
    act = t.activity
    act *= np.float32(11 / 12)
    act += t.attended
    t.ever |= t.attended
    if p["enable_learning"]:
        regular = act >= REGULAR
        candidates = np.flatnonzero(
            regular & ~t.lead & (t.practice >= p["lead_threshold"]) & (t.trust >= 0.5)
        )
        if candidates.size:
            chance = 0.03 * (0.5 + p["lead_teacher_support"])
            t.lead[candidates[model.rng.random(candidates.size) < chance]] = True
        t.lead &= act >= 1.0
    eng = (act >= OCCASIONAL).astype(np.int8) + (act >= REGULAR)
    eng[t.lead] = 3
    t.engagement[:] = eng
