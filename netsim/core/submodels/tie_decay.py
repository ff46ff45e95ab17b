"""Tie decay and kinds: ties move up and down as trust and exchange accumulate (§3.f).

"Some punctual collaborations progressively extended over time through
interpersonal relations built on respect and mutual interest": a tie that
carries exchanges gains trust and moves from punctual to periodic to
continuous; unused ties lose trust, fall back a kind and, when punctual, end.
Teachers who have taken part once but not this month lose trust too
(:func:`netsim.core.submodels.trust.update_trust`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.ties import CONTINUOUS, PERIODIC, PUNCTUAL, RECENT_KEEP, TieStore

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel

TIE_REVIEW_EVERY = 3
"""Months between reviews of tie kinds and endings (a quarterly review, for speed)."""


def update_tie_kinds(model: PDNetworkModel, ties: TieStore, exchanged: np.ndarray) -> None:
    """Trust and kind move with exchanges; unused ties fade and end."""
    p = model.p
    now = model.month
    recent = ties.recent
    recent *= RECENT_KEEP
    recent += exchanged
    np.putmask(ties.last, exchanged, now)
    trust = ties.trust
    # whole-array passes and one masked write rather than gathers and scatters of the
    # ties in use (often half of them): the same float32 steps for every tie
    decay = p["enable_tie_decay"]
    if p["enable_trust"] and exchanged.any():
        in_use = 1.0 - trust  # a tie in use gains g * (1 - trust)
        in_use *= np.float32(p["trust_gain"] * p["tie_trust_gain"])
        in_use += trust
    elif decay:
        in_use = trust.copy()  # a tie in use keeps its trust
    else:
        return
    if decay:
        trust *= np.float32(1.0 - p["trust_decay"])  # unused ties fade
    np.putmask(trust, exchanged, in_use)
    if not decay:
        return
    if now % TIE_REVIEW_EVERY:
        return
    kind = ties.kind
    since = now - ties.last
    # per kind (punctual, periodic, continuous): what moves a tie up, and how long
    # without exchange moves it down (a punctual tie then ends); each kind's thresholds
    # compared with its own ties (a continuous tie never moves up: its thresholds are
    # infinite), rather than gathered for every tie
    need_recent = np.array(
        [p["punctual_upgrade_exchanges"], p["tie_upgrade_exchanges"]], np.float32
    )
    need_trust = np.array([p["punctual_upgrade_trust"], p["continuous_trust"]], np.float32)
    idle_limit = np.array(
        [p["tie_dissolve_months"], p["periodic_idle_months"], p["continuous_idle_months"]],
        np.int32,
    )
    punctual = kind == PUNCTUAL
    periodic = kind == PERIODIC
    up = recent >= need_recent[0]
    up &= trust >= need_trust[0]
    up &= punctual
    up_periodic = recent >= need_recent[1]
    up_periodic &= trust >= need_trust[1]
    up_periodic &= periodic
    up |= up_periodic
    ends = since > idle_limit[0]
    ends &= punctual
    idle = since > idle_limit[1]
    idle &= periodic
    idle_continuous = since > idle_limit[2]
    idle_continuous &= kind == CONTINUOUS
    idle |= idle_continuous
    kind += up.view(np.int8)
    kind -= idle.view(np.int8)
    ends |= trust < p["tie_end_trust"]
    ends &= ~(ties.keep | ties.formal | exchanged)  # a tie in use this month stays
    ends &= ties.alive
    if ends.any():
        ties.end(ends)
