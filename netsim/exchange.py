"""Exchange and reciprocity: the value a PD activity delivers, net of frictions (brief §4).

Unequal power (a centre run by decree without joint steering) and competing
offers in the same region are frictions that lower the value of an exchange
and so erode trust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel


def centre_value(model: PDNetworkModel) -> np.ndarray:
    """Value a centre's activity delivers before the teacher's fit, net of frictions."""
    p = model.p
    c = model.centres
    value = c.quality.astype(np.float64)
    if p["enable_exchange"]:
        hierarchy = np.where(c.decree, 1.0, np.where(c.host == 2, 0.6, 0.1))
        power = p["power_friction"] * hierarchy * (1.0 - p["steering_group"])
        region = np.where(c.alive, c.region, -1)
        per_region = np.bincount(region[c.alive], minlength=model.n_regions)
        rivals = np.where(c.alive, per_region[np.maximum(region, 0)] - 1, 0)
        value = value - power - p["competition_friction"] * rivals
    return value


def exchange_value(model: PDNetworkModel) -> np.ndarray:
    """Value of this month's activity for each attending teacher (rows ``attendees``)."""
    t = model.teachers
    att = model.attendees
    base = model.centre_value[t.centre[att]]
    noise = model.rng.normal(0.0, 0.15, att.size)
    return base * (0.6 + 0.4 * t.need[att]) + noise
