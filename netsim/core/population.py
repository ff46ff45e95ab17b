"""Synthetic country: teachers clustered in schools, schools in regions.

The model owns every population's state as arrays (struct of arrays); Mesa
agents in :mod:`netsim.agents` are thin views onto a row. Teachers are stored
sorted by school and schools by region, so a region's teachers are one slice.
The draws are the initial distributions of ODD §5. Every number that shapes
behaviour is a parameter: the means and spreads of the normal draws (workload,
trust, school support, university willingness), the shapes of the Beta draws
(need, motivation, practice, research, company awareness and motivation), the
spread of company budgets, company thresholds, the early-career share and
need. What stays fixed here only labels agents (the subject mix, company
sectors, how mid and late careers split the rest) or sets a scale that a
parameter moves (budgets have median 1; primary schools have half
teachers_per_school).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

LEVELS = ("primary", "lower_secondary", "upper_secondary", "vocational")
SUBJECTS = ("mathematics", "science", "technology", "engineering")
CAREER_STAGES = ("early", "mid", "late")
ENGAGEMENT = ("not engaged", "occasional", "regular", "lead teacher")
HOSTS = ("association", "university", "authority", "thematic network")
ASSOCIATION, UNIVERSITY_HOST, AUTHORITY, THEMATIC = range(4)

# delivery channels: where a participation comes from (the first five are a host's)
CHANNELS = ("paid", "lead", "section", "company", "university", "school", "event")
PAID, LEAD, SECTION, COMPANY_STAFF, RESEARCHERS, SCHOOL_SESSION, EVENT = range(7)
HOST_CHANNELS = 5
SECTORS = ("school education", "higher education", "industry", "government", "PD centre")

# kinds of actor whose exchanges are counted (the IMST social network analysis, brochure §3.f)
ACTOR_GROUPS = (
    "primary school",
    "secondary school",
    "vocational school",
    "university",
    "company",
    "authority",
    "PD centre",
)
LEVEL_GROUP = (0, 1, 1, 2)  # school level -> actor group

# node types, in the order their id blocks are laid out
TEACHER, SCHOOL, UNIVERSITY, COMPANY, MINISTRY, CENTRE = range(6)
NODE_TYPES = ("teacher", "school", "university", "company", "ministry", "centre")


@dataclass(slots=True)
class Teachers:
    """State of every teacher, one row each."""

    school: np.ndarray  # intp (pointer-sized, for fast gathers)
    region: np.ndarray  # int16
    level: np.ndarray  # int8, index into LEVELS
    subject: np.ndarray  # int8, index into SUBJECTS
    career: np.ndarray  # int8, index into CAREER_STAGES
    need: np.ndarray  # float32 0..1, PD need
    motivation: np.ndarray  # float32 0..1, motivation and autonomy
    workload: np.ndarray  # float32 0..1
    practice: np.ndarray  # float32 0..1, how far teaching has changed
    trust: np.ndarray  # float32 0..1, trust in the PD network
    aware: np.ndarray  # bool, knows the network and its offer (adoption stage 1)
    invited: np.ndarray  # bool, invited by an engaged peer last month
    engagement: np.ndarray  # int8, index into ENGAGEMENT
    activity: np.ndarray  # float32, PD activities in about the last year
    ever: np.ndarray  # bool, has ever attended
    lead: np.ndarray  # bool, lead teacher or trainer
    centre: np.ndarray  # intp, home centre slot (-1 none)
    ctie: np.ndarray  # int64, index of the tie to the home centre (-1 none)
    member: np.ndarray  # bool, member (volunteer) of the association section that is home
    attended: np.ndarray  # bool, attended PD this month
    forced: np.ndarray  # bool, attendance this month was mandated
    channel: np.ndarray  # int8, index into CHANNELS of this month's participation (-1 none)
    host: np.ndarray  # intp, host slot that served this month (-1: school, event or none)
    memberships: np.ndarray  # int8, PD institutions the teacher belongs to

    def __len__(self) -> int:
        return int(self.school.size)


@dataclass(slots=True)
class Schools:
    """State of every school; its principal decides whether PD fits the school plan (§3.a)."""

    region: np.ndarray  # int16
    level: np.ndarray  # int8
    support: np.ndarray  # float32 0..1, leadership support for PD
    start: np.ndarray  # int64, first teacher row
    size: np.ndarray  # int64, number of teachers
    agreement_until: np.ndarray  # int32, month the written agreement ends (0: none)
    tie: np.ndarray  # int64, index of the agreement tie (-1: none)

    def __len__(self) -> int:
        return int(self.region.size)


@dataclass(slots=True)
class Universities:
    """State of every university or teacher-education institution."""

    region: np.ndarray
    ite: np.ndarray  # bool, educates new teachers (initial teacher education)
    research: np.ndarray  # float32 0..1
    willingness: np.ndarray  # float32 0..1
    partner_of: np.ndarray  # int32, centre slot it hosts or partners (-1 none)
    tie: np.ndarray  # int64, index of its tie to that centre (-1 none)

    def __len__(self) -> int:
        return int(self.region.size)


@dataclass(slots=True)
class Companies:
    """State of every local company (§3.d)."""

    region: np.ndarray
    sector: np.ndarray  # int8
    awareness: np.ndarray  # float32 0..1, awareness of what PD brings
    threshold: np.ndarray  # float32, awareness at which it may join
    motivation: np.ndarray  # float32 0..1, social responsibility and visibility
    budget: np.ndarray  # float32, relative size of what it can give
    partner_of: np.ndarray  # int32, centre slot it supports (-1 none)
    tie: np.ndarray  # int64, index of its tie to that centre (-1 none)

    def __len__(self) -> int:
        return int(self.region.size)


@dataclass(slots=True)
class Centres:
    """State of every host slot (PD centre, association section, thematic network).

    Slots fill as hosts open; a closed host's slot may be reused.
    """

    alive: np.ndarray  # bool
    region: np.ndarray  # int16 (-1: national thematic network)
    host: np.ndarray  # int8, index into HOSTS
    host_id: np.ndarray  # int32, university id when hosted by one
    decree: np.ndarray  # bool, created by the ministry
    opened: np.ndarray  # int32, month opened
    money: np.ndarray  # float64, € received this month (public, companies, dues)
    public: np.ndarray  # float64, public € received this month
    central: np.ndarray  # float64, share of the central pot for this cycle
    supply: np.ndarray  # float64 (slots, HOST_CHANNELS): places this month by channel
    capacity: np.ndarray  # float64, places this month, all channels
    quality: np.ndarray  # float32 0..1
    coordination: np.ndarray  # float32, share of resources spent on coordination
    operating: np.ndarray  # float64 0..1, share of the overhead covered (1 for sections)
    posts: np.ndarray  # float64, coordinator posts paid this month
    release: np.ndarray  # float64 0..1, release time paid per participant
    travel: np.ndarray  # float64 0..1, travel paid per participant
    hours: np.ndarray  # float64, volunteer hours this month (lead teachers and members)
    volunteers: np.ndarray  # int64, lead teachers and members whose home it is
    demand: np.ndarray  # float64, teachers who wanted a place this month
    attendance: np.ndarray  # float64, teachers it served this month
    led: np.ndarray  # bool, its lead teachers ran sessions this month
    performance: np.ndarray  # float64, attendance x trust since the last renewal
    empty_months: np.ndarray  # int32, consecutive months without places or volunteers
    coordinator_lost_until: np.ndarray  # int32

    @classmethod
    def empty(cls, slots: int) -> Centres:
        """Slots for ``slots`` hosts, none open."""
        kw: dict[str, Any] = {}
        for f in fields(cls):
            dtype = {
                "alive": np.bool_,
                "decree": np.bool_,
                "led": np.bool_,
                "region": np.int16,
                "host": np.int8,
                "host_id": np.int32,
                "opened": np.int32,
                "volunteers": np.int64,
                "empty_months": np.int32,
                "coordinator_lost_until": np.int32,
                "quality": np.float32,
                "coordination": np.float32,
            }.get(f.name, np.float64)
            shape = (slots, HOST_CHANNELS) if f.name == "supply" else slots
            kw[f.name] = np.zeros(shape, dtype=dtype)
        kw["host_id"][:] = -1
        return cls(**kw)

    @property
    def open_slots(self) -> np.ndarray:
        """Slots of open hosts."""
        return np.flatnonzero(self.alive)

    @property
    def regional(self) -> np.ndarray:
        """True for open hosts that serve a region (not national thematic networks)."""
        return self.alive & (self.host != THEMATIC)


@dataclass(slots=True)
class Country:
    """Everything the generator builds."""

    teachers: Teachers
    schools: Schools
    universities: Universities
    companies: Companies
    region_start: np.ndarray  # int64, first teacher row of each region (len R + 1)
    region_weight: np.ndarray  # float64, share of teachers per region


def _clip01(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0).astype(np.float32)


def build_country(p: dict[str, Any], rng: np.random.Generator) -> Country:
    """Build a synthetic country from the population parameters.

    Args:
        p: validated parameters (see :mod:`netsim.params`).
        rng: the model's random generator.

    Returns:
        The country's teachers, schools, universities and companies.
    """
    n = p["n_teachers"]
    n_reg = p["n_regions"]
    weight = rng.lognormal(0.0, p["region_size_inequality"], n_reg)
    weight /= weight.sum()
    shares = np.array(
        [p["share_primary"], p["share_lower_secondary"], p["share_upper_secondary"], 0.0]
    )
    shares[3] = max(0.0, 1.0 - shares[:3].sum())
    shares /= shares.sum()
    # teachers per (region, level) cell, region-major so regions are contiguous
    cell_share = np.outer(weight, shares).ravel()
    cell_n = rng.multinomial(n, cell_share)
    size_by_level = p["teachers_per_school"] * np.array([0.5, 1.0, 1.0, 1.0])
    cell_level = np.tile(np.arange(4), n_reg)
    cell_region = np.repeat(np.arange(n_reg), 4)
    cell_schools = np.where(
        cell_n > 0, np.maximum(1, np.rint(cell_n / size_by_level[cell_level])), 0
    ).astype(np.int64)
    # each teacher of a cell picks one of the cell's schools at random
    t_cell = np.repeat(np.arange(cell_n.size), cell_n)
    school_offset = np.concatenate([[0], np.cumsum(cell_schools)])
    raw_school = school_offset[t_cell] + (rng.random(n) * cell_schools[t_cell]).astype(np.int64)
    order = np.argsort(raw_school, kind="stable")
    used, school = np.unique(raw_school[order], return_inverse=True)
    t_cell = t_cell[order]
    school_cell = np.searchsorted(school_offset, used, side="right") - 1
    n_sch = used.size
    sizes = np.bincount(school, minlength=n_sch).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)

    level = cell_level[t_cell].astype(np.int8)
    region = cell_region[t_cell].astype(np.int16)
    # only the early career matters to behaviour; mid and late split the rest 3 : 2
    early = p["early_career_share"]
    career = rng.choice(3, size=n, p=[early, (1.0 - early) * 0.6, (1.0 - early) * 0.4])
    career = career.astype(np.int8)
    need = _clip01(
        rng.beta(p["teacher_need_alpha"], p["teacher_need_beta"], n)
        + p["early_career_need"] * (career == 0)
    )
    teachers = Teachers(
        school=school.astype(np.intp),
        region=region,
        level=level,
        subject=rng.choice(4, size=n, p=[0.35, 0.4, 0.15, 0.1]).astype(np.int8),
        career=career,
        need=need,
        motivation=_clip01(
            rng.beta(p["teacher_motivation_alpha"], p["teacher_motivation_beta"], n)
        ),
        workload=_clip01(rng.normal(p["teacher_workload_mean"], p["teacher_workload_sd"], n)),
        practice=_clip01(rng.beta(p["teacher_practice_alpha"], p["teacher_practice_beta"], n)),
        trust=_clip01(rng.normal(p["initial_trust"], p["initial_trust_sd"], n)),
        aware=rng.random(n) < p["initial_awareness"],
        invited=np.zeros(n, bool),
        engagement=np.zeros(n, np.int8),
        activity=np.zeros(n, np.float32),
        ever=np.zeros(n, bool),
        lead=np.zeros(n, bool),
        centre=np.full(n, -1, np.intp),
        ctie=np.full(n, -1, np.int64),
        member=np.zeros(n, bool),
        attended=np.zeros(n, bool),
        forced=np.zeros(n, bool),
        channel=np.full(n, -1, np.int8),
        host=np.full(n, -1, np.intp),
        memberships=np.zeros(n, np.int8),
    )
    schools = Schools(
        region=cell_region[school_cell].astype(np.int16),
        level=cell_level[school_cell].astype(np.int8),
        support=_clip01(rng.normal(p["school_support_mean"], p["school_support_sd"], n_sch)),
        start=starts,
        size=sizes,
        agreement_until=np.zeros(n_sch, np.int32),
        tie=np.full(n_sch, -1, np.int64),
    )
    region_start = np.searchsorted(region, np.arange(n_reg + 1)).astype(np.int64)

    n_uni = p["n_universities"]
    # one university per region, largest regions first, the rest where people are
    first = np.argsort(-weight, kind="stable")[: min(n_uni, n_reg)]
    rest = rng.choice(n_reg, size=max(0, n_uni - first.size), p=weight)
    uni_region = np.sort(np.concatenate([first, rest])).astype(np.int16)
    ite = rng.random(n_uni) < p["ite_share"]
    universities = Universities(
        region=uni_region,
        ite=ite,
        research=_clip01(
            rng.beta(p["university_research_alpha"], p["university_research_beta"], n_uni)
        ),
        willingness=_clip01(
            rng.normal(p["university_willingness_mean"], p["university_willingness_sd"], n_uni)
            + p["ite_willingness"] * ite
        ),
        partner_of=np.full(n_uni, -1, np.int32),
        tie=np.full(n_uni, -1, np.int64),
    )
    n_co = p["n_companies"]
    low = p["company_threshold_min"]
    companies = Companies(
        region=np.sort(rng.choice(n_reg, size=n_co, p=weight)).astype(np.int16),
        sector=rng.integers(0, 4, n_co).astype(np.int8),
        awareness=_clip01(
            rng.beta(p["company_awareness_alpha"], p["company_awareness_beta"], n_co)
        ),
        threshold=rng.uniform(low, low + p["company_threshold_width"], n_co).astype(np.float32),
        motivation=_clip01(
            rng.beta(p["company_motivation_alpha"], p["company_motivation_beta"], n_co)
        ),
        budget=rng.lognormal(0.0, p["company_budget_sd"], n_co).astype(np.float32),
        partner_of=np.full(n_co, -1, np.int32),
        tie=np.full(n_co, -1, np.int64),
    )
    return Country(teachers, schools, universities, companies, region_start, weight)
