"""Mandates: attendance required from above (top-down policies; Principles: no sanctions).

A mandate sends teachers to the official programme: the places of their home
host paid with public money. A teacher whose home host offers such places this
month and who
does not want to take part is required to, and complies, with probability
m * ``mandate_compliance`` (m the ministry's current mandate). Where the home
host has none (a section run on volunteers and dues, or a centre whose money
was cut) nobody is sent: a ministry cannot order teachers into volunteers'
sessions. The month's participation draw is reused, rescaled above the
voluntary probability, so P(forced) = (1 - P(wants)) * m * compliance. A
mandate informs the teachers it seats (they become aware when served, see
:func:`netsim.core.submodels.delivery.serve`), not a whole region for one place.
Forced attendance builds less trust and less practice change (:mod:`~netsim.core.submodels.trust`,
:mod:`~netsim.core.submodels.learning`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.population import PAID

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def mandate(model: PDNetworkModel) -> None:
    """Teachers required to attend this month (``model.forced_want``)."""
    p = model.p
    t = model.teachers
    m = model.ministry.mandate if p["enable_mandates"] else 0.0
    if m <= 0:
        model.forced_want = np.zeros(model.n_teachers, bool)
        return
    prob = model.prob
    # a teacher who decided against keeps a uniform draw above prob, rescaled to [0, 1)
    rest = np.where(t.aware, (model.draw - prob) / np.maximum(1.0 - prob, 1e-6), model.draw)
    c = model.centres
    public_places = c.supply[:, PAID] * c.public / np.maximum(c.money, 1e-9)
    home = np.maximum(t.centre, 0)
    official = (t.centre >= 0) & (public_places[home] >= 1.0)
    forced = official & ~model.wants & (rest < m * p["mandate_compliance"])
    model.forced_want = forced
