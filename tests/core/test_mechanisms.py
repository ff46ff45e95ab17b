"""Direction of each mechanism, averaged over seeds (brief §4, §5).

Every comparison runs both settings on the same seeds (the same country) and
asserts the direction of the mean over seeds, with a margin where the effect is
large. Switch tests check that turning a submodel off removes its effect.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import AMPLE, SEEDS, frame, make_model, per_seed, per_seed_mean, run_model

from netsim.core.population import TEACHER

# ---------------------------------------------------------------- trust


def test_more_trust_gain_gives_more_trust_and_reach():
    low = {**AMPLE, "trust_gain": 0.05}
    high = {**AMPLE, "trust_gain": 0.6}
    # five years: trust works through willingness, and its effect on reach compounds
    # (at 36 months it is about half as large, +0.006 over 12 seeds)
    trust_low = per_seed("trust_mean", 60, **low)
    trust_high = per_seed("trust_mean", 60, **high)
    reach_low = per_seed("reach_teachers", 60, **low)
    reach_high = per_seed("reach_teachers", 60, **high)
    assert trust_high.mean() > trust_low.mean() + 0.03
    assert reach_high.mean() > reach_low.mean()
    assert (reach_high - reach_low).mean() > 0.01


def test_trust_switch_off_means_trust_never_grows():
    df = frame(3, 36, enable_trust=False, **AMPLE)
    assert df["attendance"].iloc[1:].mean() > 0.01  # people do attend
    trust = df["trust_mean"].to_numpy()
    assert (np.diff(trust) <= 1e-12).all()
    on = frame(3, 36, **AMPLE)["trust_mean"]
    assert on.iloc[-1] > trust[-1] + 0.02


# ---------------------------------------------------------------- participation and mandates


def test_mandate_raises_attendance():
    without = per_seed_mean("attendance", 24, 1, 24, **AMPLE)
    with_mandate = per_seed_mean("attendance", 24, 1, 24, **AMPLE, mandate_strength=0.3)
    assert with_mandate.mean() > 1.5 * without.mean()
    forced = per_seed_mean("mandated_attendance", 24, 1, 24, **AMPLE, mandate_strength=0.3)
    assert forced.mean() > 0.05
    assert per_seed_mean("mandated_attendance", 24, 1, 24, **AMPLE).max() == 0.0


def _gains_per_attendance(seed: int, months: int, **params) -> dict[str, np.ndarray]:
    """Trust and practice change of every attendance, and whether it was mandated.

    National events are off: they raise the trust of goers outside any activity.
    """
    model = make_model(seed, national_event_interval=0, **params)
    t = model.teachers
    trust, practice, forced = [], [], []
    for _ in range(months):
        trust_before = t.trust.copy()
        practice_before = t.practice.copy()
        model.step()
        att = t.attended
        trust.append((t.trust - trust_before)[att])
        practice.append((t.practice - practice_before)[att])
        forced.append(t.forced[att])
    return {
        "trust": np.concatenate(trust),
        "practice": np.concatenate(practice),
        "forced": np.concatenate(forced),
    }


def test_mandate_builds_less_trust_and_change_per_activity():
    seeds = SEEDS[:5]
    free = [_gains_per_attendance(s, 24, **AMPLE) for s in seeds]
    mandated = [_gains_per_attendance(s, 24, **AMPLE, mandate_strength=0.3) for s in seeds]
    trust_free = np.mean([g["trust"].mean() for g in free])
    trust_mandated = np.mean([g["trust"].mean() for g in mandated])
    assert trust_free > 0  # activities deliver value on average
    assert trust_mandated < 0.8 * trust_free
    # inside the mandate runs: a forced attendance builds less than a voluntary one
    forced_trust = np.mean([g["trust"][g["forced"]].mean() for g in mandated])
    voluntary_trust = np.mean([g["trust"][~g["forced"]].mean() for g in mandated])
    assert forced_trust < 0.6 * voluntary_trust
    forced_practice = np.mean([g["practice"][g["forced"]].mean() for g in mandated])
    voluntary_practice = np.mean([g["practice"][~g["forced"]].mean() for g in mandated])
    assert forced_practice < 0.8 * voluntary_practice


@pytest.mark.parametrize("extra", [{}, AMPLE], ids=["default-budget", "ample-budget"])
def test_mandates_switched_off_is_exactly_no_mandate(extra):
    for seed in (1, 2):
        none = run_model(seed, 36, mandate_strength=0.0, **extra)
        off = run_model(seed, 36, mandate_strength=0.3, enable_mandates=False, **extra)
        pd.testing.assert_frame_equal(
            none.datacollector.get_model_vars_dataframe(),
            off.datacollector.get_model_vars_dataframe(),
            check_exact=True,
        )
        assert none.log == off.log
    # and the mandate does something when it is on (the comparison can fail)
    on = frame(1, 36, mandate_strength=0.3, **extra)
    assert on["mandated_attendance"].max() > 0


def test_participation_switch_off_without_mandate_means_nobody_attends():
    df = frame(2, 24, enable_participation=False, **AMPLE)
    assert df["attendance"].eq(0).all()
    # only the founding members of the sections are engaged, and nobody joins them
    assert df["reach_teachers"].max() <= df["reach_teachers"].iloc[0] < 0.05
    mandated = frame(2, 24, enable_participation=False, mandate_strength=0.3, **AMPLE)
    assert mandated["attendance"].iloc[1:].gt(0).all()
    assert (mandated["attendance"] == mandated["mandated_attendance"]).all()


# ---------------------------------------------------------------- funding


def test_funding_cut_shrinks_capacity_and_later_reach():
    cut = {"events": [{"month": 24, "kind": "funding_cut", "size": 0.8}]}
    # money is one input: the cut removes paid places, volunteers' places stay
    cap_base = per_seed_mean("capacity", 48, 25, 48)
    cap_cut = per_seed_mean("capacity", 48, 25, 48, **cut)
    assert cap_cut.mean() < 0.95 * cap_base.mean()
    assert (cap_cut < cap_base).mean() >= 5 / 6
    reach_base = per_seed("reach_teachers", 48)
    reach_cut = per_seed("reach_teachers", 48, **cut)
    assert reach_cut.mean() < reach_base.mean()
    assert (reach_base >= reach_cut).mean() >= 5 / 6  # paired runs diverge after the cut
    assert (reach_base - reach_cut).mean() > 0.002
    money_base = per_seed_mean("budget_month", 48, 25, 48)
    money_cut = per_seed_mean("budget_month", 48, 25, 48, **cut)
    assert money_cut.mean() < money_base.mean()


# ---------------------------------------------------------------- switches


def test_companies_switched_off_never_engage():
    outreach = {"company_outreach": 1.0, "advisory_board": 1.0}
    for seed in SEEDS[:4]:
        off = frame(seed, 36, enable_companies=False, **outreach)
        assert off["companies_engaged"].eq(0).all()
    on = per_seed("companies_engaged", 36, seeds=SEEDS[:4], **outreach)
    assert on.mean() > 0.05


def test_grassroots_switched_off_no_new_centres():
    bottom_up = {
        **AMPLE,
        "grassroots_founding": 0.3,
        "founding_group_size": 5,
        "n_initial_centres": 1,
        "decree_centres": 0,
    }
    for seed in SEEDS:
        off = frame(seed, 48, enable_grassroots=False, **bottom_up)
        assert off["n_centres"].max() <= off["n_centres"].iloc[0] == 1
    grown = [frame(s, 48, **bottom_up)["n_centres"].max() for s in SEEDS]
    assert np.mean(grown) > 1.5


def test_learning_switched_off_practice_constant_and_no_leads():
    for seed in SEEDS[:3]:
        df = frame(seed, 36, enable_learning=False, **AMPLE)
        assert df["attendance"].iloc[1:].mean() > 0.01
        assert df["practice_mean"].nunique() == 1
        # no teacher becomes a lead teacher beyond the sections' founding ones
        assert df["lead_share"].max() <= df["lead_share"].iloc[0]
    on = per_seed("practice_mean", 36, seeds=SEEDS[:3], **AMPLE)
    start = per_seed("practice_mean", 36, seeds=SEEDS[:3], row=0, **AMPLE)
    assert (on > start + 0.01).all()


def test_tie_formation_switched_off_keeps_only_colleague_ties():
    for seed in SEEDS[:3]:
        start = make_model(seed, **AMPLE)
        n_colleague_ties = len(start.peer_ties)
        model = run_model(seed, 36, enable_tie_formation=False, **AMPLE)
        pt = model.peer_ties
        t = model.teachers
        assert int(pt.alive.sum()) == n_colleague_ties
        assert (pt.born[pt.alive] == 0).all()
        assert (t.school[pt.a[pt.alive]] == t.school[pt.b[pt.alive]]).all()
        on = run_model(seed, 36, **AMPLE)
        assert int(on.peer_ties.alive.sum()) > 1.1 * n_colleague_ties


def test_agreements_switched_off_no_school_signs():
    for seed in SEEDS[:3]:
        off = frame(seed, 36, enable_agreements=False, **AMPLE)
        assert off["schools_with_agreement"].eq(0).all()
    on = per_seed("schools_with_agreement", 36, seeds=SEEDS[:3], **AMPLE)
    assert on.mean() > 0.05


# ---------------------------------------------------------------- coordination and decree


def _mean_coordination(seed: int, months: int, **params) -> float:
    """Mean share of resources open centres spend on coordination, over all months."""
    model = make_model(seed, **params)
    c = model.centres
    shares = []
    for _ in range(months):
        model.step()
        shares.append(c.coordination[c.alive].mean())
    return float(np.mean(shares))


def test_steering_group_lowers_coordination_share():
    common = {**AMPLE, "n_initial_centres": 3}
    without = [_mean_coordination(s, 36, steering_group=0.0, **common) for s in SEEDS[:5]]
    steered = [_mean_coordination(s, 36, steering_group=0.9, **common) for s in SEEDS[:5]]
    assert np.mean(without) > 0.05
    assert np.mean(steered) < 0.75 * np.mean(without)


@pytest.mark.parametrize("decree", [0, 3, 8])
def test_decree_centres_open_at_month_zero(decree):
    model = make_model(1, n_initial_centres=1, decree_centres=decree, n_universities=6)
    c = model.centres
    df = model.datacollector.get_model_vars_dataframe()
    assert df["n_centres"].iloc[0] == 1 + decree
    assert int(c.decree[c.alive].sum()) == decree
    # decree centres go to universities while free ones remain
    # (a decree centre goes to a free university of its own region, else to the authority)
    hosted = c.alive & c.decree & (c.host == 1)
    u = model.universities
    for slot in np.flatnonzero(c.alive & c.decree & (c.host != 1)):
        region = c.region[slot]
        assert not ((u.region == region) & (u.partner_of < 0)).any()
    assert int(hosted.sum()) == len(set(u.partner_of[u.partner_of >= 0].tolist()))
    assert int(hosted.sum()) >= min(decree, 1)
    assert (model.teachers.centre >= 0).all()  # every teacher has a home centre


# ---------------------------------------------------------------- ties and growth


def _cross_region_peer_ties(seed: int, months: int, **params) -> int:
    model = run_model(seed, months, **params)
    pt = model.peer_ties
    region = model.teachers.region
    alive = pt.alive
    return int(np.count_nonzero(region[pt.a[alive]] != region[pt.b[alive]]))


def test_national_events_create_cross_region_ties():
    common = {**AMPLE, "cross_region_share": 0.0}
    without = [
        _cross_region_peer_ties(s, 36, national_event_interval=0, **common) for s in SEEDS[:5]
    ]
    events = [
        _cross_region_peer_ties(s, 36, national_event_interval=6, **common) for s in SEEDS[:5]
    ]
    assert np.mean(events) > 2 * np.mean(without)
    switched_off = [
        _cross_region_peer_ties(
            s, 36, national_event_interval=6, enable_national_events=False, **common
        )
        for s in SEEDS[:5]
    ]
    assert np.mean(events) > 2 * np.mean(switched_off)


def test_more_colleague_ties_faster_growth():
    few = per_seed("reach_teachers", 36, **AMPLE, colleague_ties=0.5)
    many = per_seed("reach_teachers", 36, **AMPLE, colleague_ties=6.0)
    assert many.mean() > few.mean() + 0.05


def test_more_weight_of_peers_faster_growth():
    low = per_seed("reach_teachers", 36, **AMPLE, w_peers=0.0)
    high = per_seed("reach_teachers", 36, **AMPLE, w_peers=6.0)
    assert high.mean() > low.mean() + 0.05
    # growth is faster along the way, not only at the end
    low_12 = per_seed("reach_teachers", 36, row=12, **AMPLE, w_peers=0.0)
    high_12 = per_seed("reach_teachers", 36, row=12, **AMPLE, w_peers=6.0)
    assert high_12.mean() > low_12.mean()


def test_all_peer_ties_at_start_are_colleagues():
    model = make_model(5, colleague_ties=4.0)
    pt = model.peer_ties
    t = model.teachers
    assert len(pt) > 0
    assert (pt.a < model.n_teachers).all()
    assert (pt.b < model.n_teachers).all()
    assert (t.school[pt.a] == t.school[pt.b]).all()
    assert (model.node_type[pt.a] == TEACHER).all()


# ---------------------------------------------------------------- politics


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_priority_change_cuts_budget_at_first_election(seed):
    model = make_model(
        seed,
        n_teachers=1000,
        priority_change_prob=1.0,
        political_term_months=12,
        priority_change_cut=0.5,
        mandate_strength=0.2,
    )
    budget = model.ministry.annual_budget
    for _ in range(11):
        model.step()
        assert model.ministry.budget_factor == 1.0
    model.step()  # month 12: the first election
    assert model.ministry.budget_factor == pytest.approx(0.5)
    assert model.ministry.annual_budget == pytest.approx(0.5 * budget)
    assert model.ministry.mandate == 0.0
    assert any(m == 12 and "government" in s for m, s in model.log)


def test_no_politics_no_budget_change():
    model = run_model(
        1,
        30,
        n_teachers=1000,
        priority_change_prob=1.0,
        political_term_months=12,
        enable_politics=False,
    )
    assert model.ministry.budget_factor == 1.0
    assert not any("government" in s for _, s in model.log)


# ---------------------------------------------------------------- agreements


def test_re_signed_agreement_reuses_the_school_centre_tie():
    # short cycles and a strong drive: agreements end and are signed again often;
    # a school and its centre are one pair of partners, tied once
    for seed in SEEDS[:3]:
        model = run_model(seed, 36, agreement_cycle_months=3, school_agreement_drive=0.5)
        ot = model.org_ties
        alive = ot.alive
        a = ot.a[alive].astype(np.int64)
        b = ot.b[alive].astype(np.int64)
        keys = np.minimum(a, b) * model.n_nodes + np.maximum(a, b)
        assert model.schools.agreement_until.max() > 0  # agreements were signed
        assert np.unique(keys).size == keys.size, "an organisation pair is tied twice"


def test_invitations_do_not_need_tie_formation():
    # bringing a colleague along is participation: it goes on with tie formation off
    invited = []
    for seed in SEEDS[:3]:
        model = make_model(seed, enable_tie_formation=False, **AMPLE)
        count = 0
        for _ in range(24):
            model.step()
            count += int(model.teachers.invited.sum())
        invited.append(count)
    assert min(invited) > 0
    off = make_model(1, enable_tie_formation=False, invite_rate=0.0, **AMPLE)
    for _ in range(24):
        off.step()
        assert not off.teachers.invited.any()


def test_lead_teachers_lapse_without_activity_even_with_learning_off():
    for seed in SEEDS[:3]:
        model = make_model(
            seed, enable_learning=False, enable_participation=False, n_initial_centres=2
        )
        start = int(model.teachers.lead.sum())
        assert start > 0
        for _ in range(60):
            model.step()
        # nobody takes part and sections without members' activity close: leads lapse
        assert int(model.teachers.lead.sum()) < start


# ---------------------------------------------------------------- lead teachers' outreach


def test_lead_teachers_outreach_raises_awareness_and_reach():
    """Lead teachers visiting other schools inform teachers no engaged colleague reaches."""
    off = {**AMPLE, "lead_outreach": 0.0}
    on = {**AMPLE, "lead_outreach": 0.5}
    aware_off = per_seed("aware_share", 60, **off)
    aware_on = per_seed("aware_share", 60, **on)
    reach_off = per_seed("reach_teachers", 60, **off)
    reach_on = per_seed("reach_teachers", 60, **on)
    assert (aware_on - aware_off).mean() > 0.01
    assert (reach_on - reach_off).mean() > 0.0


def test_outreach_visits_only_schools_of_the_lead_teachers_region():
    model = run_model(2, 36, **AMPLE, lead_outreach=1.0, lead_teacher_support=1.0)
    assert model.leads_idx.size > 0
    from netsim.core.submodels import lead_sessions

    lead_sessions.reach_out(model)
    visited = np.flatnonzero(model.outreach_hazard > 0)
    assert visited.size > 0
    lead_regions = set(model.teachers.region[model.leads_idx].tolist())
    assert set(model.schools.region[visited].tolist()) <= lead_regions


def test_lead_teachers_support_runs_their_schools_peer_sessions():
    """In a school with a lead teacher, lead-teacher support raises the chance of a session."""
    from netsim.core.submodels import school_learning

    rates = {}
    for factor in (0.0, 2.0):
        with_lead = without = 0
        for seed in SEEDS[:3]:
            model = run_model(seed, 36, **AMPLE, lead_teacher_support=1.0)
            model.p["lead_school_sessions"] = factor
            for _ in range(40):  # the same month planned again: only the draws differ
                school_learning.plan_school_sessions(model)
                led = model.school_leads > 0
                with_lead += int(model.school_session[led].sum())
                without += int(model.school_session[~led].sum())
        rates[factor] = (with_lead, without)
    assert rates[2.0][0] > 1.5 * rates[0.0][0]
    # schools without a lead teacher are not touched
    assert abs(rates[2.0][1] - rates[0.0][1]) < 0.25 * max(rates[0.0][1], 1)


def test_a_peer_session_at_school_asks_for_no_travel():
    from netsim.core.submodels import participation

    model = run_model(1, 24, **AMPLE, travel_burden=3.0)
    model.school_session[:] = False
    before = participation.propensity(model).copy()
    model.school_session[:] = True
    after = participation.propensity(model)
    homed = model.teachers.centre >= 0
    unpaid = model.centres.travel[np.maximum(model.teachers.centre, 0)] < 1.0
    moved = homed & unpaid
    assert moved.any()
    assert (after[moved] > before[moved]).all()
    assert np.array_equal(after[~homed], before[~homed])


def test_lead_teacher_support_raises_reach():
    """More lead-teacher support gives more reach over the run (paired seeds)."""
    low = per_seed_mean("reach_teachers", 60, 1, 60, **AMPLE, lead_teacher_support=0.2)
    high = per_seed_mean("reach_teachers", 60, 1, 60, **AMPLE, lead_teacher_support=1.0)
    assert (high - low).mean() > 0.005
    assert (high > low).mean() >= 5 / 6
