"""Free online resources: awareness and perceived need, no practice change alone (§2.e, §3.b).

Online resources (STEM Learning's free resources, a national centre's
materials) make teachers hear of the network and see what PD could bring them;
they change no practice by themselves and count as no participation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def awareness_hazard(model: PDNetworkModel) -> float:
    """Monthly hazard of hearing of the network online (the same for every teacher)."""
    p = model.p
    if not p["enable_online"]:
        return 0.0
    return p["awareness_online"] * p["online_resources"]


def perceived_need(p: dict[str, Any], need: np.ndarray) -> np.ndarray:
    """Need as teachers perceive it once online resources show what PD brings."""
    if not p["enable_online"]:
        return need
    gain = np.float32(p["online_need_gain"] * p["online_resources"])
    return need + gain * (np.float32(1.0) - need)
