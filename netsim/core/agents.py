"""The agents: Mesa agents that are views onto the model's arrays.

Teachers, schools, universities and companies are thin views: ``teacher.trust``
reads and writes the same number as ``model.teachers.trust[teacher.index]``.
The ministry and the PD centres are few and make their own decisions here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from netsim.core.population import (
    CAREER_STAGES,
    CHANNELS,
    ENGAGEMENT,
    HOSTS,
    LEVELS,
    SUBJECTS,
)

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def _view(store: str, name: str, doc: str, cast: type = float) -> property:
    """A property reading and writing row ``self.index`` of ``model.<store>.<name>``."""

    def get(self: Any) -> Any:
        return cast(getattr(self.model, store).__getattribute__(name)[self.index])

    def put(self: Any, value: Any) -> None:
        getattr(self.model, store).__getattribute__(name)[self.index] = value

    return property(get, put, doc=doc)


def _label(store: str, name: str, labels: tuple[str, ...], doc: str) -> property:
    """A read-only property giving the label of a coded column."""

    def get(self: Any) -> str:
        return labels[int(getattr(self.model, store).__getattribute__(name)[self.index])]

    return property(get, doc=doc)


class Teacher(mesa.Agent):
    """A STEM teacher: the target of PD (a view onto one row of ``model.teachers``)."""

    model: PDNetworkModel

    def __init__(self, model: PDNetworkModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    school = _view("teachers", "school", "School (row in model.schools).", int)
    region = _view("teachers", "region", "Region.", int)
    level = _label("teachers", "level", LEVELS, "School level.")
    subject = _label("teachers", "subject", SUBJECTS, "Subject taught.")
    career_stage = _label("teachers", "career", CAREER_STAGES, "Career stage.")
    need = _view("teachers", "need", "PD need, 0..1.")
    motivation = _view("teachers", "motivation", "Motivation and autonomy, 0..1.")
    workload = _view("teachers", "workload", "Workload, 0..1.")
    practice = _view("teachers", "practice", "How far their teaching has changed, 0..1.")
    trust = _view("teachers", "trust", "Trust in the PD network, 0..1.")
    aware = _view("teachers", "aware", "Knows the network and its offer.", bool)
    engagement_code = _view("teachers", "engagement", "Engagement code (0..3).", int)
    engagement = _label("teachers", "engagement", ENGAGEMENT, "Engagement state.")
    centre = _view("teachers", "centre", "Home PD centre slot (-1: none).", int)
    attended = _view("teachers", "attended", "Took part in PD this month.", bool)
    member = _view("teachers", "member", "Member of its home association section.", bool)

    @property
    def channel(self) -> str | None:
        """Channel of this month's participation, or None."""
        k = int(self.model.teachers.channel[self.index])
        return CHANNELS[k] if k >= 0 else None

    @property
    def node(self) -> int:
        """Node id in the tie arrays."""
        return self.index


class School(mesa.Agent):
    """A school; its principal decides whether PD fits the school plan."""

    model: PDNetworkModel

    def __init__(self, model: PDNetworkModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    region = _view("schools", "region", "Region.", int)
    level = _label("schools", "level", LEVELS, "School level.")
    support = _view("schools", "support", "Leadership support for PD, 0..1.")
    n_teachers = _view("schools", "size", "Number of STEM teachers.", int)

    @property
    def node(self) -> int:
        """Node id in the tie arrays."""
        return self.model.offsets["school"] + self.index

    @property
    def has_agreement(self) -> bool:
        """True while a written agreement with a PD centre runs."""
        return bool(self.model.schools.agreement_until[self.index] > 0)

    @property
    def runs_peer_session(self) -> bool:
        """True in a month when it runs a peer session for its teachers."""
        return bool(self.model.school_session[self.index])

    @property
    def teacher_rows(self) -> range:
        """Rows of its teachers in ``model.teachers``."""
        s = self.model.schools
        return range(int(s.start[self.index]), int(s.start[self.index] + s.size[self.index]))


class University(mesa.Agent):
    """A university: hosts centres, brings research and initial teacher education."""

    model: PDNetworkModel

    def __init__(self, model: PDNetworkModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    region = _view("universities", "region", "Region.", int)
    research = _view("universities", "research", "Research capacity, 0..1.")
    ite = _view("universities", "ite", "Educates new teachers (initial teacher education).", bool)
    willingness = _view("universities", "willingness", "Willingness to engage, 0..1.")
    partner_of = _view("universities", "partner_of", "Centre slot it hosts or partners.", int)

    @property
    def node(self) -> int:
        """Node id in the tie arrays."""
        return self.model.offsets["university"] + self.index

    @property
    def hosted_centres(self) -> list[int]:
        """Slots of the open centres it hosts."""
        c = self.model.centres
        return [int(k) for k in np.flatnonzero(c.alive & (c.host == 1) & (c.host_id == self.index))]


class Company(mesa.Agent):
    """A local company: skills sponsorship, equipment, money."""

    model: PDNetworkModel

    def __init__(self, model: PDNetworkModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    region = _view("companies", "region", "Region.", int)
    sector = _view("companies", "sector", "Sector code.", int)
    awareness = _view("companies", "awareness", "Awareness of what PD brings, 0..1.")
    motivation = _view("companies", "motivation", "Social responsibility and visibility, 0..1.")
    budget = _view("companies", "budget", "Relative size of what it can give.")
    partner_of = _view("companies", "partner_of", "Centre slot it supports (-1: none).", int)

    @property
    def node(self) -> int:
        """Node id in the tie arrays."""
        return self.model.offsets["company"] + self.index


class Ministry(mesa.Agent):
    """The national ministry or one of its regional authorities.

    Attributes:
        region: -1 for the national ministry, else the region it governs.
        mandate: current mandate strength (monthly chance of requiring PD).
        central_share: share of public money given centrally on fixed cycles.
        shock_factor: budget multiplier from funding cuts and boosts.
        priority_factor: budget multiplier from the government's priorities (1 while PD
            is a priority, 1 - cut after a change of priorities).
        priority: True while PD networks are a priority of the government.
        next_election: month of the next election.
    """

    model: PDNetworkModel

    def __init__(self, model: PDNetworkModel, region: int = -1) -> None:
        super().__init__(model)
        p = model.p
        self.region = region
        self.mandate = p["mandate_strength"]
        self.central_share = p["central_funding_share"]
        self.shock_factor = 1.0
        self.priority_factor = 1.0
        self.priority = True
        self.next_election = p["political_term_months"]

    @property
    def node(self) -> int:
        """Node id in the tie arrays."""
        return self.model.offsets["ministry"] + 1 + self.region

    @property
    def budget_factor(self) -> float:
        """Current public budget relative to the scenario's (shocks times priorities)."""
        return self.shock_factor * self.priority_factor

    @property
    def annual_budget(self) -> float:
        """Public PD-network money this year, in €."""
        m = self.model
        return m.p["budget_per_teacher"] * m.n_teachers * self.budget_factor

    def hold_election(self) -> None:
        """Politics: a new term; with some chance priorities change (§4.d)."""
        m = self.model
        p = m.p
        self.next_election = m.month + p["political_term_months"]
        # joint steering makes the network part of a shared agenda, less easy to drop
        chance = p["priority_change_prob"] * (1.0 - p["steering_shield"] * p["steering_group"])
        if m.politics_rng.random() >= chance:
            m.say("An election leaves the PD priorities as they were.")
            return
        if self.priority:
            self.change_priorities(p["priority_change_cut"])
        else:
            self.priority = True
            self.priority_factor = 1.0
            self.mandate = p["mandate_strength"]
            m.say("A new government makes PD networks a priority again.")

    def change_priorities(self, cut: float) -> None:
        """New priorities: public PD money is cut and mandates are dropped."""
        m = self.model
        if not self.priority:
            m.say("A change of government: PD networks were already no priority.")
            return
        self.priority = False
        self.priority_factor = 1.0 - cut
        self.mandate = 0.0
        m.say(f"A change of government cuts public PD money by {cut:.0%} and drops mandates.")


class PDCentre(mesa.Agent):
    """A PD host: a Maison, a LUMA centre, an ANISN section, a thematic network."""

    model: PDNetworkModel

    def __init__(self, model: PDNetworkModel, slot: int) -> None:
        super().__init__(model)
        self.slot = slot

    money = _view("centres", "money", "€ available this month.", float)
    capacity = _view("centres", "capacity", "Places offered this month.", float)
    quality = _view("centres", "quality", "Quality of the offer, 0..1.", float)
    index = property(lambda self: self.slot, doc="Slot in model.centres.")
    region = _view("centres", "region", "Region (-1: national).", int)

    @property
    def host(self) -> str:
        """Host type: association, university, authority or thematic network."""
        return HOSTS[int(self.model.centres.host[self.slot])]

    @property
    def node(self) -> int:
        """Node id in the tie arrays."""
        return self.model.offsets["centre"] + self.slot

    @property
    def open(self) -> bool:
        """True while the centre runs."""
        return bool(self.model.centres.alive[self.slot])

    def recruit_partners(self) -> None:
        """Recruit partners: approach a free university of the region (§4.b)."""
        m = self.model
        if not self.open or m.centres.region[self.slot] < 0:
            return
        u = m.universities
        region = int(m.centres.region[self.slot])
        free = np.flatnonzero((u.region == region) & (u.partner_of < 0))
        if free.size == 0:
            return
        pick = int(free[int(m.rng.integers(free.size))])
        chance = m.p["university_recruit_rate"] * u.willingness[pick]
        chance *= 1.0 + m.p["advisory_board"]
        if m.rng.random() < chance:
            m.link_university(pick, self.slot, host=False)
