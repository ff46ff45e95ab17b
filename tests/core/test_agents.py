"""The agents (brief §2): Mesa agents as views onto the model's arrays, the
synthetic population they view, and oracles that apply two teacher rules one
Mesa agent at a time (tests/oracle.py) against the model's array code."""

from __future__ import annotations

import gc
from typing import Any

import mesa
import numpy as np
import oracle
import pytest
from conftest import AMPLE, SEEDS, make_model, run_model

from netsim.core.agents import Company, Ministry, PDCentre, School, Teacher, University
from netsim.core.population import ENGAGEMENT, LEVELS
from netsim.core.submodels import participation, trust
from netsim.core.ties import PeerView

AGENT_TYPES = (Teacher, School, University, Company, Ministry, PDCentre)

# ---------------------------------------------------------------- agent sets


def test_every_agent_type_is_a_mesa_agent_set():
    model = make_model(
        1,
        n_teachers=1500,
        n_regions=3,
        n_universities=5,
        n_companies=20,
        n_initial_centres=2,
        decree_centres=1,
    )
    by_type = model.agents_by_type
    for kind in AGENT_TYPES:
        assert issubclass(kind, mesa.Agent)
        assert kind in by_type
        assert all(isinstance(a, kind) for a in by_type[kind])
    assert len(by_type[Teacher]) == 1500
    assert len(by_type[School]) == len(model.schools)
    assert len(by_type[University]) == 5
    assert len(by_type[Company]) == 20
    assert len(by_type[Ministry]) == 1 + 3  # the ministry and one authority per region
    assert len(by_type[PDCentre]) == 3
    ids = [a.unique_id for a in model.agents]
    assert len(set(ids)) == len(ids)


def test_building_a_model_leaves_the_garbage_collector_as_it_found_it():
    """Agents are made with the cyclic collector paused; it is on again afterwards
    (and stays off for a caller who had turned it off)."""
    assert gc.isenabled()
    model = make_model(1, n_teachers=300, n_regions=2)
    assert gc.isenabled()
    gc.disable()
    try:
        make_model(1, n_teachers=300, n_regions=2)
        assert not gc.isenabled()
    finally:
        gc.enable()
    # the agents are alive, registered and reachable by type as before
    assert len(model.agents_by_type[Teacher]) == 300


def test_teacher_indices_cover_every_row_once(small_model):
    indices = sorted(a.index for a in small_model.agents_by_type[Teacher])
    assert indices == list(range(small_model.n_teachers))
    schools = sorted(a.index for a in small_model.agents_by_type[School])
    assert schools == list(range(len(small_model.schools)))


def test_new_centre_gets_an_agent():
    model = make_model(
        2, n_initial_centres=1, grassroots_founding=1.0, founding_group_size=3, **AMPLE
    )
    for _ in range(36):
        model.step()
    c = model.centres
    assert c.alive.sum() > 1  # grassroots centres were founded
    agents = model.agents_by_type[PDCentre]
    assert {a.slot for a in agents} == set(np.flatnonzero(c.opened != 0).tolist())
    assert all(a.open == bool(c.alive[a.slot]) for a in agents)


# ---------------------------------------------------------------- thin views


def _teacher(model, index: int) -> Teacher:
    return next(a for a in model.agents_by_type[Teacher] if a.index == index)


def test_teacher_reads_its_row(small_model):
    t = small_model.teachers
    for i in (0, 17, small_model.n_teachers - 1):
        teacher = _teacher(small_model, i)
        assert teacher.trust == float(t.trust[i])
        assert teacher.practice == float(t.practice[i])
        assert teacher.need == float(t.need[i])
        assert teacher.workload == float(t.workload[i])
        assert teacher.school == int(t.school[i])
        assert teacher.region == int(t.region[i])
        assert teacher.level == LEVELS[int(t.level[i])]
        assert teacher.engagement == ENGAGEMENT[int(t.engagement[i])]
        assert teacher.centre == int(t.centre[i])
        assert teacher.node == i


def test_writing_the_teacher_writes_the_array_and_back(small_model):
    t = small_model.teachers
    neighbours = t.trust[[41, 43]].copy()
    teacher = _teacher(small_model, 42)
    teacher.trust = 0.875
    assert t.trust[42] == np.float32(0.875)
    t.trust[42] = 0.125
    assert teacher.trust == 0.125
    teacher.practice = 0.5
    assert t.practice[42] == np.float32(0.5)
    # the neighbours' rows are untouched
    np.testing.assert_array_equal(t.trust[[41, 43]], neighbours)


def test_views_follow_the_simulation():
    model = run_model(3, 24, n_teachers=1000, n_regions=3, **AMPLE)
    t = model.teachers
    engaged = np.flatnonzero(t.engagement >= 1)
    assert engaged.size > 0
    teacher = _teacher(model, int(engaged[0]))
    assert teacher.engagement != "not engaged"
    assert teacher.trust == float(t.trust[teacher.index])


def test_school_and_organisation_views(small_model):
    m = small_model
    s = m.schools
    school = next(iter(m.agents_by_type[School]))
    k = school.index
    assert school.region == int(s.region[k])
    assert school.level == LEVELS[int(s.level[k])]
    assert school.n_teachers == len(school.teacher_rows) == int(s.size[k])
    assert all(int(m.teachers.school[i]) == k for i in school.teacher_rows)
    assert school.has_agreement is False
    assert school.node == m.offsets["school"] + k
    ministry = m.ministry
    assert ministry.region == -1
    assert [a.region for a in m.authorities] == list(range(m.n_regions))
    assert ministry.budget_factor == 1.0
    assert ministry.annual_budget == pytest.approx(m.p["budget_per_teacher"] * m.n_teachers)
    for centre in m.agents_by_type[PDCentre]:
        assert centre.open
        assert centre.host in ("association", "university", "authority")
        assert centre.node == m.offsets["centre"] + centre.slot
        assert centre.capacity == float(m.centres.capacity[centre.slot])


# ---------------------------------------------------------------- population


@pytest.mark.parametrize(
    "shares",
    [
        {"share_primary": 0.45, "share_lower_secondary": 0.25, "share_upper_secondary": 0.2},
        {"share_primary": 0.1, "share_lower_secondary": 0.3, "share_upper_secondary": 0.4},
    ],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_teachers_clustered_in_schools_and_schools_in_regions(shares, seed):
    model = make_model(seed, n_teachers=3000, n_regions=5, **shares)
    t = model.teachers
    s = model.schools
    n = model.n_teachers
    # schools are contiguous, non-empty slices of teacher rows, in order
    assert (s.size > 0).all()
    assert s.start[0] == 0
    np.testing.assert_array_equal(s.start[1:], s.start[:-1] + s.size[:-1])
    assert s.start[-1] + s.size[-1] == n
    school_of_row = np.repeat(np.arange(len(s)), s.size)
    np.testing.assert_array_equal(t.school, school_of_row)
    # each school's teachers share its region and its level
    np.testing.assert_array_equal(t.region, s.region[t.school])
    np.testing.assert_array_equal(t.level, s.level[t.school])
    # regions are contiguous slices: sorted, with region_start as the boundaries
    assert (np.diff(t.region) >= 0).all()
    rs = model.region_start
    assert rs[0] == 0
    assert rs[-1] == n
    assert len(rs) == model.n_regions + 1
    for r in range(model.n_regions):
        assert (t.region[rs[r] : rs[r + 1]] == r).all()
    # level shares close to the parameters; vocational takes the rest
    expected = [
        shares["share_primary"],
        shares["share_lower_secondary"],
        shares["share_upper_secondary"],
        1.0 - sum(shares.values()),
    ]
    observed = np.bincount(t.level, minlength=4) / n
    np.testing.assert_allclose(observed, expected, atol=0.03)


def test_school_sizes_follow_teachers_per_school():
    model = make_model(3, n_teachers=3000, n_regions=3, teachers_per_school=12.0)
    s = model.schools
    primary = s.level == LEVELS.index("primary")
    assert s.size[~primary].mean() == pytest.approx(12.0, rel=0.25)
    assert s.size[primary].mean() == pytest.approx(6.0, rel=0.25)  # primary: half


def test_equal_regions_without_inequality():
    model = make_model(4, n_teachers=3000, n_regions=4, region_size_inequality=0.0)
    shares = np.diff(model.region_start) / model.n_teachers
    np.testing.assert_allclose(shares, 0.25, atol=0.04)
    unequal = [
        np.diff(
            make_model(s, n_teachers=3000, n_regions=4, region_size_inequality=1.5).region_start
        ).max()
        / 3000
        for s in SEEDS[:4]
    ]
    assert np.mean(unequal) > 0.35


def test_colleague_ties_stay_inside_schools():
    model = make_model(5, n_teachers=3000, colleague_ties=3.0)
    pt = model.peer_ties
    t = model.teachers
    assert len(pt) > 0
    assert (t.school[pt.a] == t.school[pt.b]).all()
    assert (pt.a != pt.b).all()


@pytest.mark.parametrize("colleague_ties", [2.0, 4.0])
def test_mean_colleague_ties_per_teacher_matches_parameter(colleague_ties):
    # PARAMETERS["colleague_ties"]: "Mean number of colleague ties each teacher starts
    # with inside the school". Schools of 12 (primary 6) leave room for 2 or 4 colleagues.
    degrees = []
    for seed in SEEDS[:3]:
        model = make_model(seed, n_teachers=3000, colleague_ties=colleague_ties)
        pt = model.peer_ties
        degree = np.bincount(np.concatenate([pt.a, pt.b]), minlength=model.n_teachers)
        degrees.append(degree.mean())
    assert np.mean(degrees) == pytest.approx(colleague_ties, rel=0.15)


def test_universities_and_companies_sit_in_regions():
    model = make_model(6, n_regions=5, n_universities=9, n_companies=40)
    u = model.universities
    co = model.companies
    assert set(u.region.tolist()) == set(range(5))  # one university per region first
    assert ((co.region >= 0) & (co.region < 5)).all()
    assert (co.partner_of == -1).all()
    assert (co.awareness < co.threshold).mean() > 0.8


# ---------------------------------------------------------------- oracle: one agent at a time

# Every term of the participation rule at work: regions without a host of their own
# (home in another region), release time and travel paid in part, school agreements,
# online resources, invitations and lead teachers among the peers.
ORACLE_COUNTRY: dict[str, Any] = {
    "n_teachers": 1500,
    "n_regions": 4,
    "n_initial_centres": 2,
    "decree_centres": 1,
    "initial_awareness": 0.3,
    "school_agreement_drive": 0.3,
    "online_resources": 0.5,
    "spend_release_time": 0.2,
    "spend_travel": 0.2,
}


@pytest.mark.parametrize("seed", [1, 2])
def test_participation_matches_the_one_agent_at_a_time_oracle(seed):
    model = make_model(seed, **ORACLE_COUNTRY)
    t = model.teachers
    c = model.centres
    for _ in range(3):
        for _ in range(4):
            model.step()
        # the terms of the rule are at work in this state
        open_ = c.alive
        assert model.far_from_home.any()
        assert t.invited.any()
        assert (model.schools.agreement_until > 0).any()
        assert (c.release[open_] > 0).any()
        assert ((c.travel[open_] > 0) & (c.travel[open_] < 1)).any()
        assert model.leads_idx.size > 0
        model.peers = PeerView(model)  # the peers as the month's decision sees them
        assert (model.peers.share > 0).sum() > 50
        arrays = participation.propensity(model)
        one_by_one = np.array(oracle.participation_probabilities(model))
        np.testing.assert_allclose(arrays, one_by_one, rtol=1e-5, atol=1e-6)
        assert arrays.max() - arrays.min() > 0.3  # teachers differ: not a constant
        # the month's decision used that probability: only aware teachers want PD
        assert not (model.wants & ~t.aware).any()


@pytest.mark.parametrize(
    "params",
    [
        {"mandate_strength": 0.5, "decree_centres": 2},
        {"trust_gain": 1.0, "trust_loss": 1.0},
    ],
    ids=["mandates", "full-gain-and-loss"],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_trust_update_matches_the_one_agent_at_a_time_oracle(seed, params):
    model = make_model(
        seed,
        n_teachers=1500,
        n_regions=3,
        initial_awareness=0.5,
        participation_bias=-2.0,
        **{**AMPLE, **params},
    )
    for _ in range(6):
        model.step()
    t = model.teachers
    att = model.attendees
    assert att.size > 50
    assert (t.ever & ~t.attended).any()  # idle teachers whose trust fades
    # values from very bad to very good, so that both ends of [0, 1] are reached
    value = np.random.default_rng(seed).normal(0.0, 2.0, att.size)
    expected = np.array(
        oracle.trusts_after_exchange(model, dict(zip(att.tolist(), value.tolist(), strict=True)))
    )
    before = t.trust.copy()
    trust.update_trust(model, value)
    np.testing.assert_allclose(t.trust, expected, rtol=1e-5, atol=1e-6)
    assert (t.trust != before).sum() > 50
    if params.get("mandate_strength"):
        assert (t.forced[att] & (value > 0)).any()  # forced attendance builds less trust
    else:
        assert (t.trust[att] == 0.0).any()
        assert (t.trust[att] == 1.0).any()


# ---------------------------------------------------------------- bounds


def test_trust_stays_in_bounds_after_very_bad_exchanges():
    # four competing sections in one region with full competition friction: every
    # exchange at a host is worth about -2.6, and a full trust loss must stop trust at 0
    # (everyone knows the network and places are ample, so nearly all take part)
    model = make_model(
        1,
        n_teachers=300,
        n_regions=1,
        n_initial_centres=4,
        competition_friction=1.0,
        trust_loss=1.0,
        participation_bias=5.0,
        initial_awareness=1.0,
        budget_per_teacher=500.0,
        cost_per_place=1.0,
    )
    t = model.teachers
    for _ in range(3):
        model.step()
        served = t.host >= 0
        assert served.sum() > 100
        assert (model.host_value[t.host[served]] < -1.0).all()
        assert t.trust.min() >= 0.0
    assert (t.trust == 0.0).any()  # the bound was reached, not just respected


def test_practice_and_trust_stay_in_bounds_after_very_good_exchanges():
    # full learning and trust gain, no frictions, and noisy exchanges often worth more
    # than 1: without the bounds practice and trust would overshoot 1
    for seed in (1, 2):
        model = make_model(
            seed,
            n_teachers=300,
            n_regions=1,
            n_initial_centres=1,
            enable_exchange=False,
            learning_rate=1.0,
            trust_gain=1.0,
            initial_trust=0.9,
            value_noise=1.0,
            participation_bias=5.0,
            initial_awareness=1.0,
            budget_per_teacher=500.0,
            cost_per_place=1.0,
        )
        t = model.teachers
        for _ in range(6):
            model.step()
            assert (t.host >= 0).sum() > 100
            assert t.practice.max() <= 1.0
            assert t.trust.max() <= 1.0
        assert (t.practice == 1.0).any()
        assert (t.trust == 1.0).any()
