"""Trust update (brief §4).

Trust grows with exchanges that deliver value and falls with disappointment or
disuse; forced attendance builds less of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel


def update_trust(model: PDNetworkModel, value: np.ndarray) -> None:
    """Move each attendee's trust by the value delivered; idle teachers' trust fades."""
    p = model.p
    t = model.teachers
    att = model.attendees
    if p["enable_trust"] and att.size:
        trust = t.trust[att]
        factor = np.where(t.forced[att], p["mandate_trust_factor"], 1.0)
        gain = p["trust_gain"] * factor * value * (1.0 - trust)
        loss = p["trust_loss"] * value * trust
        t.trust[att] = np.minimum(np.maximum(trust + np.where(value > 0, gain, loss), 0.0), 1.0)
    if p["enable_tie_decay"]:
        idle = t.ever & ~t.attended
        t.trust *= np.where(idle, np.float32(1.0 - p["trust_decay"]), np.float32(1.0))
