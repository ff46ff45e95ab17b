"""Hosts open, close and keep their teachers, ties and members as a user expects.

Each test runs a small country and would fail again if the behaviour it names broke.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from netsim.core.model import PDNetworkModel
from netsim.io.scenarios import load_scenario

# --- helpers


def _new_slots(before: np.ndarray, model: PDNetworkModel) -> np.ndarray:
    """Centre slots open now that were not open before the last step."""
    return np.flatnonzero(model.centres.alive & ~before)


def _home_counts(model: PDNetworkModel) -> np.ndarray:
    t = model.teachers
    return np.bincount(t.centre[t.centre >= 0], minlength=model.centres.alive.size)


def _follow_new_centres(model: PDNetworkModel, months: int, *, local_only: bool) -> dict:
    """Run ``months`` months; for each centre opened after month 0, note its home
    teachers right after it opened and its attendance over the following year.

    With ``local_only`` only centres opened in a region that already had another
    open centre are followed.
    """
    c = model.centres
    followed: dict[int, dict[str, Any]] = {}
    for _ in range(months):
        before = c.alive.copy()
        model.step()
        homes = _home_counts(model)
        for slot in _new_slots(before, model):
            slot = int(slot)
            others = c.alive & (c.region == c.region[slot])
            others[slot] = False
            if local_only and not (others & before).any():
                continue
            followed[slot] = {
                "month": model.month,
                "region": int(c.region[slot]),
                "homes": int(homes[slot]),
                "attendance": 0.0,
                "open_months": 0,
            }
        for slot, info in followed.items():
            if c.alive[slot] and model.month - info["month"] <= 12:
                info["attendance"] += float(c.attendance[slot])
                info["open_months"] += 1
    return followed


# --- a new host takes its region's teachers


BOTTOM_UP_SMALL = {
    "n_teachers": 4000,
    "n_regions": 2,
    "grassroots_founding": 0.5,
    "founding_group_size": 5,
    # A region with a host founds another only where demand goes unmet. Members' and
    # lead teachers' volunteer hours usually serve it all, so they are made scarce here,
    # and founding beside a host needs only one founding group of unmet demand.
    "member_hours": 0.05,
    "lead_hours": 0.5,
    "founding_unmet_groups": 1.0,
    "rival_founding_factor": 1.0,
}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_centre_opened_next_to_another_gets_home_teachers_and_attendance(seed):
    params = {**load_scenario("bottom_up").params, **BOTTOM_UP_SMALL}
    model = PDNetworkModel(rng=seed, **params)
    followed = _follow_new_centres(model, 48, local_only=True)
    assert followed, "the run should open a centre next to an existing one"
    assert any(info["open_months"] >= 6 for info in followed.values())
    group = BOTTOM_UP_SMALL["founding_group_size"]
    for slot, info in followed.items():
        # its founders make it their home at once; it also takes its share of the region
        assert info["homes"] > group, f"centre {slot} opened in month {info['month']}: {info}"
        if info["open_months"] >= 6:
            assert info["attendance"] > 0, f"centre {slot} never attended: {info}"
    # at the end every open centre has home teachers
    homes = _home_counts(model)
    assert (homes[model.centres.open_slots] > 0).all()


def test_new_university_centre_takes_its_regions_teachers():
    params = {
        "n_teachers": 3000,
        "n_regions": 4,
        "n_initial_centres": 1,
        "grassroots_founding": 0.0,
    }
    probe = PDNetworkModel(rng=5, **params)
    u = probe.universities
    empty = [
        r
        for r in range(probe.n_regions)
        if probe.region_centre[r] < 0 and ((u.region == r) & (u.partner_of < 0)).any()
    ]
    assert empty, "the probe country needs a region with a free university and no centre"
    region = empty[0]
    model = PDNetworkModel(
        rng=5, events=[{"month": 6, "kind": "new_university", "region": region}], **params
    )
    followed = _follow_new_centres(model, 24, local_only=False)
    opened = [s for s, info in followed.items() if info["region"] == region]
    assert len(opened) == 1
    info = followed[opened[0]]
    assert info["month"] == 6
    assert info["homes"] > 0
    assert info["attendance"] > 0
    # the region's teachers now have their own region's centre as home
    t = model.teachers
    in_region = t.region == region
    assert (t.centre[in_region] == opened[0]).all()


# --- a closed host keeps nothing


def _assert_nothing_tied_to_closed_centres(model: PDNetworkModel) -> None:
    c = model.centres
    ot = model.org_ties
    off = model.offsets["centre"]
    closed_nodes = off + np.flatnonzero(~c.alive)
    touches = ot.alive & (np.isin(ot.a, closed_nodes) | np.isin(ot.b, closed_nodes))
    assert not touches.any(), f"month {model.month}: {int(touches.sum())} live ties to closed"
    # memberships count live ties to open centres only
    n = model.n_teachers
    teacher_ties = ot.alive & (ot.a < n)
    to_open = teacher_ties & np.isin(ot.b, off + c.open_slots)
    expected = np.minimum(np.bincount(ot.a[to_open], minlength=n), 127)
    np.testing.assert_array_equal(model.teachers.memberships, expected)
    # no agreement with a closed centre
    s = model.schools
    signed = np.flatnonzero(s.agreement_until > 0)
    assert (s.tie[signed] >= 0).all()
    ties = s.tie[signed]
    assert ot.alive[ties].all()
    assert c.alive[ot.b[ties] - off].all()
    # no partner of a closed centre
    for partner_of in (model.universities.partner_of, model.companies.partner_of):
        linked = partner_of[partner_of >= 0]
        assert c.alive[linked].all()


@pytest.mark.parametrize("companies", [0, 20])
def test_closed_centres_keep_no_ties_members_agreements_or_partners(companies):
    # Sections run on their members' time and outlive a funding cut; centres run on
    # money and close after it. One section and three centres by decree (at
    # universities); companies are reached and give staff, not money, so that the cut
    # also closes the centres they partner.
    model = PDNetworkModel(
        rng=4,
        n_teachers=4000,
        n_regions=3,
        n_initial_centres=1,
        decree_centres=3,
        n_companies=companies,
        company_outreach=1.0,
        company_contribution=0.0,
        budget_per_teacher=60,
        school_agreement_drive=0.3,
        multi_membership_rate=0.05,
        events=[{"month": 25, "kind": "funding_cut", "size": 1.0}],
    )
    c = model.centres
    s = model.schools
    ot = model.org_ties
    t = model.teachers
    # what the centres that closed had before they closed: the bookkeeping was exercised
    freed = dict.fromkeys(("universities", "companies", "agreements", "members"), 0)
    for _ in range(40):
        alive = c.alive.copy()
        uni, co = model.universities.partner_of.copy(), model.companies.partner_of.copy()
        signed = np.flatnonzero(s.agreement_until > 0)
        agreement_host = ot.b[s.tie[signed]] - model.offsets["centre"]
        with_ties = np.flatnonzero((t.centre >= 0) & (t.memberships >= 1))
        home = t.centre[with_ties]
        model.step()
        _assert_nothing_tied_to_closed_centres(model)
        closed = alive & ~c.alive
        freed["universities"] += int(closed[uni[uni >= 0]].sum())
        freed["companies"] += int(closed[co[co >= 0]].sum())
        freed["agreements"] += int(closed[agreement_host].sum())
        freed["members"] += int(closed[home].sum())
    assert any("closes" in text for _, text in model.log)
    assert c.alive.any()  # the section lives on
    assert freed["universities"] > 0
    assert freed["agreements"] > 0
    assert freed["members"] > 0
    assert (freed["companies"] > 0) == (companies > 0)


# --- attendees are tied to their home host


@pytest.mark.parametrize("seed", [1, 2])
def test_attendees_always_have_a_live_tie_to_their_home_centre(seed):
    model = PDNetworkModel(
        rng=seed,
        n_teachers=2000,
        n_regions=3,
        n_initial_centres=2,
        grassroots_founding=0.3,
        founding_group_size=5,
        tie_dissolve_months=3,
        budget_per_teacher=40,
        multi_membership_rate=0.05,
        events=[{"month": 30, "kind": "funding_cut", "size": 0.9}],
    )
    t = model.teachers
    ot = model.org_ties
    off = model.offsets["centre"]
    returned_after_disuse = served_at_home = 0
    for _ in range(72):
        home_before = t.centre.copy()
        ctie_before = t.ctie.copy()
        had = ctie_before >= 0
        dead_before = np.zeros(t.centre.size, bool)
        dead_before[had] = ~ot.alive[ctie_before[had]]
        model.step()
        att = np.flatnonzero(t.attended)
        # a teacher moved to a new home centre at the month's end (a centre opened or
        # closed) leaves the old tie; the tie to the new home is made at the first visit
        att = att[t.centre[att] == home_before[att]]
        # only teachers served at their home host (not at a school session, an event
        # or another host of the region) are tied to it at the visit
        att = att[t.host[att] == t.centre[att]]
        served_at_home += att.size
        returned_after_disuse += int(dead_before[att].sum())
        ct = t.ctie[att]
        assert (ct >= 0).all(), f"month {model.month}"
        assert ot.alive[ct].all(), f"month {model.month}"
        np.testing.assert_array_equal(ot.b[ct], off + t.centre[att])
    assert served_at_home > 1000
    assert returned_after_disuse > 0, "some teachers should attend again after a tie ended"


# --- sections and ties at the edges


def test_last_section_closing_frees_its_members():
    # The only host, a section, closes at once for want of volunteers: its members lapse
    # and, from the next month on, pay no dues and give no hours (the cached member
    # rows were stale and the next month crashed on members without a home host).
    model = PDNetworkModel(
        rng=0,
        n_teachers=500,
        n_regions=1,
        n_initial_centres=1,
        section_min_volunteers=305,
        close_after_months=1,
    )
    t = model.teachers
    assert t.member.any()
    for _ in range(4):
        model.step()
        np.testing.assert_array_equal(model.members_idx, np.flatnonzero(t.member))
    assert not model.centres.alive.any()
    assert not t.member.any()
    assert model.centres.money.sum() == 0.0


def test_first_visit_after_every_organisation_tie_ended():
    # A tiny country with no partners and no public money, where a tie ends after a
    # month without exchange: every organisation tie ends and is compacted away. A later
    # visit to the home host makes a new tie (reading the empty tie store crashed).
    # Whether a visit follows an empty store depends on the seed's history: the check
    # holds for every seed, and such a visit must happen for some of them.
    visits_after_empty = 0
    for seed in range(6):
        visits_after_empty += _visits_after_empty_tie_store(seed)
    assert visits_after_empty > 0


def _visits_after_empty_tie_store(seed: int) -> int:
    model = PDNetworkModel(
        rng=seed,
        n_teachers=50,
        n_regions=1,
        n_initial_centres=1,
        founding_members=3,
        n_universities=0,
        n_companies=0,
        enable_funding=False,
        tie_dissolve_months=1,
        national_event_interval=0,
        participation_bias=-7.0,
        section_min_volunteers=0,
        initial_awareness=1.0,
    )
    t = model.teachers
    ot = model.org_ties
    visits_after = 0
    for _ in range(36):
        empty = len(ot) == 0
        model.step()
        home = np.flatnonzero(t.attended & (t.centre >= 0) & (t.host == t.centre))
        if empty:
            visits_after += home.size
        assert (t.ctie[home] >= 0).all()
        assert ot.alive[t.ctie[home]].all()
    return visits_after


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_founders_of_a_section_in_a_region_with_hosts_stay_members(seed):
    # A new section in a region that already has a host draws its share of the older
    # host's teachers; its founders, already at home there, were drawn too, and lost
    # their membership and home tie the month they founded it.
    from netsim.core.hosts import assign_home_hosts, open_section

    model = PDNetworkModel(rng=seed, n_teachers=2_000, n_regions=1, n_initial_centres=1)
    t = model.teachers
    founders = np.flatnonzero(~t.member)[:12]
    slot = open_section(model, 0, founders)
    assert slot >= 0
    assign_home_hosts(model)
    assert (t.centre[founders] == slot).all()
    assert t.member[founders].all()
    # and the new section still takes about half of the older host's teachers
    others = np.setdiff1d(np.arange(t.centre.size), founders)
    assert 0.4 < np.mean(t.centre[others] == slot) < 0.6


def test_a_lapsed_membership_frees_its_place():
    # A teacher holds at most two memberships besides their home host. When the tie to
    # one fades and ends, the place is free again (it stayed taken for good, so a
    # teacher whose two extra memberships lapsed could never join another host).
    from netsim.core.submodels import tie_formation

    model = PDNetworkModel(
        rng=4,
        n_teachers=3_000,
        n_regions=3,
        n_initial_centres=3,
        thematic_networks=2,
        thematic_join_rate=0.2,
        multi_membership_rate=0.1,
    )
    for _ in range(36):
        model.step()
    extra, ties = model.extra_centres, model.extra_ties
    held = np.flatnonzero(extra[:, 0] >= 0)
    assert held.size > 0
    assert (ties[extra >= 0] >= 0).all()
    # every extra membership of a regular participant ends
    regular = np.intersect1d(model.regular_idx, held)
    assert regular.size > 0
    model.org_ties.end(ties[regular][ties[regular] >= 0])
    model.p["thematic_join_rate"] = 0.0
    model.p["multi_membership_rate"] = 0.0
    tie_formation.join_other_hosts(model)
    assert (extra[regular] == -1).all()
    assert (ties[regular] == -1).all()
    # and they can join again
    model.p["thematic_join_rate"] = 1.0
    tie_formation.join_other_hosts(model)
    assert (extra[regular, 0] >= 0).mean() > 0.9
