"""Trust: the precondition of exchange and learning (Principles; Müller 2008).

Trust grows with exchanges that deliver value and falls with disappointment;
forced attendance builds less of it. It also spreads: a teacher's trust moves
toward the tie-weighted trust of their engaged peers (Dalin's psychological
function, a shared vision, §3.a). Idle teachers' trust fades with disuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def update_trust(model: PDNetworkModel, value: np.ndarray) -> None:
    """Move each participant's trust by the value received; idle teachers' trust fades."""
    p = model.p
    t = model.teachers
    att = model.attendees
    if p["enable_trust"] and att.size:
        trust = t.trust[att]
        forced = t.forced[att]
        rate = p["trust_gain"]  # (times a factor of 1 when nobody was mandated: no change)
        if forced.any():
            rate = rate * np.where(forced, p["mandate_trust_factor"], 1.0)
        gain = rate * value * (1.0 - trust)
        loss = p["trust_loss"] * value * trust
        t.trust[att] = np.clip(trust + np.where(value > 0, gain, loss), 0.0, 1.0)
    if p["enable_tie_decay"]:
        idle = t.ever & ~t.attended
        t.trust *= np.where(idle, np.float32(1.0 - p["trust_decay"]), np.float32(1.0))


def spread_trust(model: PDNetworkModel) -> None:
    """Trust contagion: every teacher with engaged peers moves toward their trust."""
    p = model.p
    if not p["enable_trust"] or p["trust_contagion"] <= 0:
        return
    t = model.teachers
    target = model.peers.trust  # NaN where there are no engaged peers: those are not written
    tau = t.trust
    moved = tau + np.float32(p["trust_contagion"]) * (target - tau)
    np.putmask(tau, model.peers.pull > 0, moved.astype(np.float32))
