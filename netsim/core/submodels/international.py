"""International exchange (brochure §2.b; Roadmap: share knowledge abroad).

ANISN has cooperated with La main à la pâte and other European reference
centres since 2009, and the European Fibonacci project (2010-2013) was capital
in creating its 10 inquiry-based science centres. The lever
``international_exchange`` is a lasting link; an ``international_project``
event adds a project for a number of months (and may open new sections). Their
sum, capped at 1, raises the quality of every host and the promotion of lead
teachers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def strength(model: PDNetworkModel) -> float:
    """This month's international exchange, 0..1: the lever plus running projects."""
    p = model.p
    if not p["enable_international"]:
        return 0.0
    running = sum(size for size, until in model.projects if until >= model.month)
    return min(1.0, p["international_exchange"] + running)


def follow_projects(model: PDNetworkModel) -> None:
    """Set this month's strength and drop the projects that ended."""
    ended = [pr for pr in model.projects if pr[1] < model.month]
    for _ in ended:
        model.say("An international project ends.")
    model.projects = [pr for pr in model.projects if pr[1] >= model.month]
    model.international = strength(model)
