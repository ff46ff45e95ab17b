"""Grassroots founding: teacher groups found association sections (brochure §2.b).

ANISN's 26 local sections were built by members over 30 years. In a region with
at least ``founding_group_size`` regular or lead teachers, a group founds a
section with chance ``grassroots_founding`` a month if the region has no host,
or ``rival_founding_factor`` of it if the region has fewer than
``max_hosts_per_region`` and its unmet demand exceeds ``founding_unmet_groups``
founding groups. The founders become the section's first members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netsim.core.hosts import open_section

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def found_sections(model: PDNetworkModel) -> None:
    """Groups of committed teachers found sections where there is none or demand is unmet."""
    p = model.p
    if not p["enable_grassroots"] or p["grassroots_founding"] <= 0:
        return
    t = model.teachers
    c = model.centres
    group = p["founding_group_size"]
    committed = model.regular_idx
    per_region = np.bincount(t.region[committed], minlength=model.n_regions)
    regional = c.regional
    hosts = np.bincount(c.region[regional], minlength=model.n_regions).tolist()
    unmet = model.unmet_region.tolist()  # (plain numbers: the loop compares a few per region)
    for r in np.flatnonzero(per_region >= group).tolist():
        if hosts[r] == 0:
            chance = p["grassroots_founding"]
        elif hosts[r] < p["max_hosts_per_region"] and unmet[r] > p["founding_unmet_groups"] * group:
            chance = p["rival_founding_factor"] * p["grassroots_founding"]
        else:
            continue
        if model.rng.random() < chance:
            here = committed[t.region[committed] == r]
            founders = model.rng.choice(here, size=group, replace=False)
            slot = open_section(model, r, np.sort(founders))
            if slot >= 0:
                model.say(f"Teachers in region {r} found a section.")
