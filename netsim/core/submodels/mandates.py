"""Mandates: attendance required from above (top-down policies; Principles: no sanctions).

A teacher with a home host who does not want to take part is required to, and
complies, with probability m * ``mandate_compliance`` (m the ministry's current
mandate). The month's participation draw is reused, rescaled above the
voluntary probability, so P(forced) = (1 - P(wants)) * m * compliance. A
mandate informs the teacher (they become aware). Forced attendance builds less
trust and less practice change (:mod:`~netsim.core.submodels.trust`,
:mod:`~netsim.core.submodels.learning`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
    forced = (t.centre >= 0) & ~model.wants & (rest < m * p["mandate_compliance"])
    t.aware |= forced
    model.forced_want = forced
