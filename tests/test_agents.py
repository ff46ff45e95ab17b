"""The agents (brief §2): Mesa agents as views onto the model's arrays, the
synthetic population they view, and the one-agent-at-a-time reference path."""

from __future__ import annotations

import mesa
import numpy as np
import pytest
from conftest import AMPLE, SEEDS, make_model, run_model

from netsim.core.agents import Company, Ministry, PDCentre, School, Teacher, University
from netsim.core.population import ENGAGEMENT, LEVELS

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


# ---------------------------------------------------------------- reference path


def _reach(seed: int, one_by_one: bool, months: int, **params) -> tuple[float, float]:
    model = make_model(seed, n_teachers=1500, n_regions=3, **params)
    model.one_agent_at_a_time = one_by_one
    for _ in range(months):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
    return float(df["reach_teachers"].iloc[-1]), float(df["trust_mean"].iloc[-1])


@pytest.mark.parametrize("extra", [{}, AMPLE], ids=["default-budget", "ample-budget"])
def test_one_agent_at_a_time_gives_similar_reach(extra):
    seeds = SEEDS[:5]
    arrays = np.array([_reach(s, False, 36, **extra) for s in seeds])
    agents = np.array([_reach(s, True, 36, **extra) for s in seeds])
    reach_arrays, reach_agents = arrays[:, 0].mean(), agents[:, 0].mean()
    assert reach_arrays > 0.05
    assert reach_agents > 0.05
    assert reach_agents == pytest.approx(reach_arrays, rel=0.25, abs=0.03)
    assert agents[:, 1].mean() == pytest.approx(arrays[:, 1].mean(), abs=0.03)


def test_one_agent_at_a_time_records_demand_like_the_array_path():
    # the demand-led pot and grassroots founding read centres.demand
    demand = {}
    for one_by_one in (False, True):
        model = make_model(3, n_teachers=1500, n_regions=3)
        model.one_agent_at_a_time = one_by_one
        total = 0.0
        for _ in range(12):
            model.step()
            total += model.centres.demand.sum()
        demand[one_by_one] = total
    assert demand[False] > 0
    assert demand[True] == pytest.approx(demand[False], rel=0.5)


def test_one_agent_at_a_time_uses_the_agents_step():
    model = make_model(4, n_teachers=600, n_regions=2, **AMPLE)
    model.one_agent_at_a_time = True
    for _ in range(6):
        model.step()
    t = model.teachers
    assert t.attended.any()
    assert model.centres.attendance.sum() == t.attended.sum()
    assert (t.engagement[t.attended] >= 1).all()


@pytest.mark.parametrize("one_by_one", [False, True], ids=["arrays", "one-agent-at-a-time"])
def test_trust_stays_in_bounds_after_very_bad_exchanges(one_by_one):
    # four competing centres in one region with full competition friction: every
    # exchange is worth about -3, and a full trust loss must stop trust at 0
    model = make_model(
        1,
        n_teachers=300,
        n_regions=1,
        n_initial_centres=4,
        competition_friction=1.0,
        trust_loss=1.0,
        participation_bias=5.0,
        budget_per_teacher=500.0,
        cost_per_place=1.0,
    )
    model.one_agent_at_a_time = one_by_one
    for _ in range(3):
        model.step()
    t = model.teachers
    assert t.attended.sum() > 100
    assert t.trust.min() >= 0.0


@pytest.mark.parametrize("one_by_one", [False, True], ids=["arrays", "one-agent-at-a-time"])
def test_practice_and_trust_stay_in_bounds_after_very_good_exchanges(one_by_one):
    tops = []
    for seed in (1, 2):
        model = make_model(
            seed,
            n_teachers=300,
            n_regions=1,
            n_initial_centres=1,
            enable_exchange=False,
            learning_rate=1.0,
            trust_gain=1.0,
            initial_trust=1.0,
            participation_bias=5.0,
            budget_per_teacher=500.0,
            cost_per_place=1.0,
        )
        model.one_agent_at_a_time = one_by_one
        for _ in range(6):
            model.step()
        t = model.teachers
        assert t.attended.sum() > 100
        tops.append((t.practice.max(), t.trust.max()))
    assert max(p for p, _ in tops) <= 1.0
    assert max(q for _, q in tops) <= 1.0
