"""The PD network model: one step is one month.

``PDNetworkModel(rng=SEED, **parameters)`` builds a synthetic country and runs
the submodels of :mod:`netsim.core.submodels` in the order of
:meth:`PDNetworkModel.step`, which reads as the process overview of
``docs/ODD.md`` (§3). Teachers' state lives in arrays owned by the model; the
Mesa agents are views onto it, and the few organisations that decide for
themselves (the ministry, the hosts) do so as agents.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
import pandas as pd

from netsim.core import hosts
from netsim.core.agents import Company, Ministry, PDCentre, School, Teacher, University
from netsim.core.events import EVENT_KINDS, Shock, check_event
from netsim.core.indicators import NETWORK_COLUMNS, cheap_indicators, network_indicators
from netsim.core.params import validate
from netsim.core.population import (
    AUTHORITY,
    LEVEL_GROUP,
    NODE_TYPES,
    THEMATIC,
    UNIVERSITY_HOST,
    Centres,
    build_country,
)
from netsim.core.submodels import (
    agreements,
    awareness,
    companies,
    coordination,
    delivery,
    exchange,
    funding,
    grassroots,
    international,
    lead_sessions,
    learning,
    mandates,
    national_events,
    participation,
    politics,
    school_learning,
    sections,
    tie_formation,
    trust,
    universities,
)
from netsim.core.ties import (
    PERIODIC,
    PeerIndex,
    PeerView,
    TieStore,
    isin_keys,
    key_shift,
    pair_keys,
    sorted_unique,
)

if TYPE_CHECKING:
    import networkx as nx

PEER_INDEX_EVERY = 12
"""Months between rebuilds of the friend-of-friend snapshot."""


class PDNetworkModel(mesa.Model):
    """A country's professional-development network for STEM teachers.

    Args:
        rng: seed or generator for all randomness (Mesa 3 convention).
        months: the run's last month; ``running`` turns False once it is stepped
            (None: no end).
        events: shocks to schedule, e.g. ``[{"month": 60, "kind": "funding_cut"}]``
            (see :data:`netsim.core.events.EVENT_KINDS`).
        **parameters: any parameter of :data:`netsim.core.params.PARAMETERS`, by keyword.

    Raises:
        ParameterError: for an unknown parameter or a value out of its range.
    """

    def __init__(
        self,
        *,
        rng: Any = None,
        months: int | None = None,
        events: Iterable[Mapping[str, Any]] = (),
        **parameters: Any,
    ) -> None:
        p = validate(parameters)
        checked = [
            check_event(e, k, horizon=months, n_regions=p["n_regions"])
            for k, e in enumerate(events)
        ]
        super().__init__(rng=rng)
        self.p = p
        self.months = months
        self.seed_int = int(self._seed)  # for samples that must not touch self.rng
        # elections draw from their own stream, so that runs paired by seed that differ
        # in one behavioural parameter meet the same political history
        self.politics_rng = np.random.default_rng([abs(self.seed_int), 0x706F6C])
        self.month = 0
        self.n_teachers = p["n_teachers"]
        self.n_regions = p["n_regions"]
        self.log: list[tuple[int, str]] = []
        self.shock_months: list[tuple[int, str]] = []

        country = build_country(p, self.rng)
        self.teachers = country.teachers
        self.schools = country.schools
        self.universities = country.universities
        self.companies = country.companies
        self.region_start = country.region_start
        self.region_weight = country.region_weight
        slots = (
            p["n_initial_centres"]
            + p["decree_centres"]
            + p["thematic_networks"]
            + 3 * self.n_regions
            + 32
        )
        self.centres = Centres.empty(slots)
        self._lay_out_nodes(slots)
        n = self.n_teachers
        n_reg = self.n_regions
        t = self.teachers
        self.teacher_cell = t.region.astype(np.int64) * 4 + t.level
        self.teachers_per_cell = np.bincount(self.teacher_cell, minlength=4 * n_reg).reshape(-1, 4)
        self.schools_per_level = np.bincount(self.schools.level, minlength=4)
        self.teachers_per_level = self.teachers_per_cell.sum(axis=0)  # (fixed: read monthly)
        self.teachers_per_region = self.teachers_per_cell.sum(axis=1)
        self.region_centre = np.full(n_reg, -1, np.int64)  # a regional host, or -1
        self.region_reach = np.zeros(n_reg)
        self.unmet_region = np.zeros(n_reg, np.int64)
        self.ite_region = np.zeros(n_reg, bool)
        self.school_session = np.zeros(len(self.schools), bool)
        self.school_leads = np.zeros(len(self.schools), np.int64)
        self.outreach_hazard = np.zeros(len(self.schools))
        self.region_school_start = np.searchsorted(self.schools.region, np.arange(n_reg + 1))
        self.node_active = np.zeros(self.n_nodes, bool)
        self.extra_centres = np.full((n, 2), -1, np.int32)  # other memberships
        self.extra_ties = np.full((n, 2), -1, np.int64)  # their ties in org_ties
        self.base_propensity = participation.base_propensity(p, t.need, t.motivation)
        self.far_from_home = np.zeros(n, np.float32)
        self.wants = np.zeros(n, bool)
        self.forced_want = np.zeros(n, bool)
        self.draw = np.zeros(n, np.float32)
        self.prob = np.zeros(n, np.float32)
        self.money_spent = 0.0
        self.spent_this_month = 0.0
        self.public_this_month = 0.0
        self.shock_this_month = False
        self.event_this_month = False
        self.pending_event = False
        self.centres_changed = False
        self.projects: list[tuple[float, int]] = []  # international projects (size, last month)
        self.international = international.strength(self)

        # (no degree kept: nothing reads a teacher's count of peer ties from the store)
        self.peer_ties = TieStore(int(n * (p["colleague_ties"] + 2)))
        self.org_ties = TieStore(n + len(self.schools) + 1024, n_nodes=self.n_nodes)
        self._tie_colleagues()
        self.peer_index = PeerIndex(self.peer_ties, n)

        self._make_agents()
        self._open_first_hosts()
        hosts.assign_home_hosts(self)
        self.centres_changed = False
        self._note_engaged()
        sections.update_members(self)
        self.attendees = np.zeros(0, np.int64)
        self.peers = PeerView(self)
        funding.renew_central_funding(self)

        self.shocks = [Shock(e["month"], e["kind"], _options(e), self) for e in checked]
        for shock in self.shocks:
            # half a month early so the shock lands before that month's step
            self.schedule_event(shock.fire, at=shock.month - 0.5)

        self._report: dict[str, float] = {}
        self._count_reach()
        self._refresh_report(network=True)
        reporters = {name: _reporter(name) for name in self._report}
        self.datacollector = _Collector(model_reporters=reporters)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        """One month, in the order of the ODD process overview (docs/ODD.md §3)."""
        self.month = self.steps
        self.event_this_month = False
        international.follow_projects(self)
        # 1. money and partners
        politics.hold_elections(self)
        funding.renew_central_funding(self)
        funding.allocate_public_money(self)
        companies.engage_companies(self)
        universities.work_with_universities(self)
        sections.collect_dues(self)
        funding.spend_money(self)
        # 2. supply: each channel's places, then capacity and quality of every host
        coordination.coordinate(self)
        sections.offer_member_sessions(self)
        lead_sessions.offer_lead_sessions(self)
        delivery.plan_offer(self)
        exchange.host_value(self)
        school_learning.plan_school_sessions(self)
        # 3. adoption in two stages, then delivery
        self.peers = PeerView(self)
        lead_sessions.reach_out(self)
        awareness.spread_awareness(self)
        participation.decide(self)
        mandates.mandate(self)
        delivery.serve(self)
        national_events.hold_national_event(self)
        # 4. what taking part does
        self.attendees = np.flatnonzero(self.teachers.attended)
        value = exchange.exchange_value(self)
        trust.update_trust(self, value)
        trust.spread_trust(self)
        learning.learn(self, value)
        self._note_engaged()
        sections.update_members(self)
        self._book_performance()
        # 5. ties, agreements and the shape of the network
        exchange.mark_active_nodes(self)
        self._tie_to_home_host()
        tie_formation.form_ties(self)
        tie_formation.join_other_hosts(self)
        exchange.exchange_along_ties(self)
        agreements.sign_and_renew(self)
        grassroots.found_sections(self)
        delivery.close_dry_hosts(self)
        if self.centres_changed:
            hosts.assign_home_hosts(self)
            self.centres_changed = False
        # 6. bookkeeping and observation
        self._housekeeping()
        self._count_reach()
        self._refresh_report(network=self.month % self.p["network_interval"] == 0)
        self.datacollector.collect(self)
        self.shock_this_month = False
        if self.months is not None and self.steps >= self.months:
            self.running = False

    # ------------------------------------------------------------------ set-up
    def _lay_out_nodes(self, centre_slots: int) -> None:
        """Give every agent a node id: teachers, schools, ..., ministry, hosts."""
        sizes = {
            "teacher": self.n_teachers,
            "school": len(self.schools),
            "university": len(self.universities),
            "company": len(self.companies),
            "ministry": 1 + self.n_regions,
            "centre": centre_slots,
        }
        self.offsets: dict[str, int] = {}
        start = 0
        for name in NODE_TYPES:
            self.offsets[name] = start
            start += sizes[name]
        self.n_nodes = start
        self.node_type = np.repeat(
            np.arange(len(NODE_TYPES), dtype=np.int8), [sizes[k] for k in NODE_TYPES]
        )
        # sectors: school education, higher education, industry, government, PD host
        self.node_sector = np.array([0, 0, 1, 2, 3, 4], np.int8)[self.node_type]
        region = np.full(self.n_nodes, -1, np.int16)
        o = self.offsets
        region[: self.n_teachers] = self.teachers.region
        region[o["school"] : o["school"] + len(self.schools)] = self.schools.region
        region[o["university"] : o["university"] + len(self.universities)] = (
            self.universities.region
        )
        region[o["company"] : o["company"] + len(self.companies)] = self.companies.region
        region[o["ministry"] + 1 : o["ministry"] + 1 + self.n_regions] = np.arange(self.n_regions)
        self.node_region = region
        group = np.array([0, 0, 3, 4, 5, 6], np.int8)[self.node_type]
        level_group = np.array(LEVEL_GROUP, np.int8)
        group[: self.n_teachers] = level_group[self.teachers.level]
        group[o["school"] : o["school"] + len(self.schools)] = level_group[self.schools.level]
        self.node_group = group
        # the institution a node stands for: a teacher stands for their school
        self.node_institution = np.arange(self.n_nodes, dtype=np.intp)
        self.node_institution[: self.n_teachers] = o["school"] + self.teachers.school

    def _tie_colleagues(self) -> None:
        """Colleague ties inside each school (teachers bring colleagues)."""
        t = self.teachers
        s = self.schools
        n = self.n_teachers
        rng = self.rng
        target = int(rng.poisson(self.p["colleague_ties"] * n / 2.0))
        keys = np.zeros(0, np.int64)
        src = np.repeat(np.arange(n, dtype=np.int64), rng.poisson(self.p["colleague_ties"] / 2, n))
        for _ in range(4):  # pairs drawn twice merge: top up the missing ones a few times
            start = s.start[t.school[src]]
            others = s.size[t.school[src]] - 1
            # a colleague drawn among the school's other teachers (never oneself)
            off = (rng.random(src.size) * others).astype(np.int64)
            off += off >= src - start
            ok = others > 0
            keys = sorted_unique(np.concatenate([keys, pair_keys(src[ok], start[ok] + off[ok], n)]))
            missing = target - keys.size
            if missing <= 0:
                break
            src = rng.integers(0, n, missing)
        shift = key_shift(n)
        src, dst = keys >> shift, keys & ((1 << shift) - 1)
        trust_ = 0.5 * (t.trust[src] + t.trust[dst])
        self.peer_ties.add(src, dst, trust_, 0, kind=PERIODIC, keep=True)

    def _make_agents(self) -> None:
        """Create the Mesa agents: views for the many, deciders for the few.

        One constructor call per agent, which registers it with the model (as Mesa's
        ``Agent`` does). ``Agent.create_agents`` would also gather them into an AgentSet
        that nothing here reads: at a million teachers that set alone took 1.3-1.8 s.
        Python's cyclic garbage collector is paused meanwhile: every new agent stays
        alive, and with hundreds of thousands of them each collection scans more objects
        for nothing (about 1 s of a million-teacher build).
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            for kind, n in (
                (Teacher, self.n_teachers),
                (School, len(self.schools)),
                (University, len(self.universities)),
                (Company, len(self.companies)),
            ):
                for i in range(n):
                    kind(self, i)  # agent i views row i of its arrays
            self.ministry = Ministry(self, -1)
            self.authorities = [Ministry(self, r) for r in range(self.n_regions)]
        finally:
            if collecting:
                gc.enable()
        self.centre_agents: dict[int, PDCentre] = {}
        self.fresh_centres: set[int] = set()  # opened since homes were last assigned

    def _open_first_hosts(self) -> None:
        """Hosts at month 0: sections with their members, centres by decree, thematic networks."""
        p = self.p
        rng = self.rng
        w = self.region_weight
        t = self.teachers
        k = p["n_initial_centres"]
        if k:
            regions = rng.choice(self.n_regions, size=k, replace=k > self.n_regions, p=w)
            for r in regions:
                rows = np.arange(self.region_start[r], self.region_start[r + 1])
                free = rows[~t.member[rows]]
                size = min(p["founding_members"], free.size)
                founders = np.sort(rng.choice(free, size=size, replace=False))
                self._make_founders(founders)
                hosts.open_section(self, int(r), founders)
        by_size = np.argsort(-w, kind="stable")
        u = self.universities
        for j in range(p["decree_centres"]):
            r = int(by_size[j % self.n_regions])
            free_u = np.flatnonzero((u.region == r) & (u.partner_of < 0))
            if free_u.size:
                hosts.open_host(self, r, UNIVERSITY_HOST, host_id=int(free_u[0]), decree=True)
            else:
                hosts.open_host(self, r, AUTHORITY, decree=True)
        for _ in range(p["thematic_networks"]):
            hosts.open_host(self, -1, THEMATIC)

    def _make_founders(self, founders: np.ndarray) -> None:
        """Founding members: aware, regular participants who trust the network (§2.b)."""
        p = self.p
        t = self.teachers
        t.aware[founders] = True
        t.ever[founders] = True
        t.activity[founders] = max(p["regular_activity"], p["lead_keep_activity"])
        t.trust[founders] = np.maximum(t.trust[founders], p["lead_trust"])
        n_lead = round(p["founding_lead_share"] * founders.size)
        leads = founders[:n_lead]
        t.lead[leads] = True
        t.practice[leads] = np.maximum(t.practice[leads], p["lead_threshold"])
        learning.set_engagement(self)

    def add_centre_agent(self, slot: int) -> PDCentre:
        """The Mesa agent of a newly opened host (a reused slot keeps its agent)."""
        if slot not in self.centre_agents:
            self.centre_agents[slot] = PDCentre(self, slot)
        return self.centre_agents[slot]

    # ------------------------------------------------------------------ links
    def link_university(self, uni: int, slot: int, *, host: bool) -> None:
        """A university hosts or partners a centre (formal tie)."""
        self.universities.partner_of[uni] = slot
        (tie,) = self.org_ties.add(
            np.array([self.offsets["university"] + uni]),
            np.array([self.offsets["centre"] + slot]),
            self.p["org_tie_trust"],
            self.month,
            formal=True,
            keep=host,
        )
        self.universities.tie[uni] = tie
        region = int(self.universities.region[uni])
        what = "hosts" if host else "now partners"
        self.say(f"A university in region {region} {what} a PD centre.")

    def link_company(self, company: int, slot: int) -> None:
        """A company joins a host with staff, equipment and money."""
        self.companies.partner_of[company] = slot
        (tie,) = self.org_ties.add(
            np.array([self.offsets["company"] + company]),
            np.array([self.offsets["centre"] + slot]),
            self.p["company_tie_trust"],
            self.month,
        )
        self.companies.tie[company] = tie
        self.say(f"A company in region {int(self.companies.region[company])} joins the network.")

    def link_organisations(self, a: np.ndarray, b: np.ndarray) -> None:
        """Tie organisation nodes pairwise, refreshing ties that already exist."""
        ot = self.org_ties
        keys = pair_keys(a, b, self.n_nodes)
        # only ties between two organisations can match (teachers are nodes 0..n-1)
        n = self.n_teachers
        cand = np.flatnonzero((ot.a >= n) & (ot.b >= n))
        old_keys = pair_keys(ot.a[cand], ot.b[cand], self.n_nodes)
        alive = ot.alive[cand]
        bits = 2 * key_shift(self.n_nodes)
        known = cand[isin_keys(old_keys, keys, bits) & alive]
        ot.last[known] = self.month
        ot.recent[known] += 1.0
        new = ~isin_keys(keys, old_keys[alive], bits)
        if new.any():
            ot.add(a[new], b[new], self.p["org_tie_trust"], self.month)

    def say(self, sentence: str) -> None:
        """Add a plain sentence to the model's log of what happened."""
        month = self.steps + 1 if self._in_shock else self.month
        self.log.append((month, sentence))

    _in_shock = False

    # ------------------------------------------------------------------ shocks
    def apply_shock(self, kind: str, **options: float) -> None:
        """Apply a shock now (also used by the dashboard to apply one live).

        Args:
            kind: a key of :data:`netsim.core.events.EVENT_KINDS`.
            **options: the kind's fields (size, region, ...).
        """
        self._in_shock = True
        try:
            EVENT_KINDS[kind].apply(self, options)
        finally:
            self._in_shock = False
        if self.centres_changed:
            hosts.assign_home_hosts(self)
            self.centres_changed = False
        self.shock_this_month = True
        self.shock_months.append((self.steps + 1, kind))

    # ------------------------------------------------------------------ bookkeeping
    def _note_engaged(self) -> None:
        """Engaged, regular and lead teachers, and engaged teachers per school."""
        t = self.teachers
        self.engaged_idx = np.flatnonzero(t.engagement >= 1)
        self.regular_idx = self.engaged_idx[t.engagement[self.engaged_idx] >= 2]
        self.leads_idx = self.regular_idx[t.lead[self.regular_idx]]
        self.engaged_per_school = np.bincount(
            t.school[self.engaged_idx], minlength=len(self.schools)
        )

    def _book_performance(self) -> None:
        """Each host's performance for the next evaluation: its participants' trust."""
        c = self.centres
        t = self.teachers
        att = self.attendees
        served = att[t.host[att] >= 0]
        c.performance += np.bincount(
            t.host[served], weights=t.trust[served], minlength=c.alive.size
        )

    def _tie_to_home_host(self) -> None:
        """A participant served at their home host is tied to it (made at the first visit)."""
        t = self.teachers
        att = self.attendees
        host = t.host[att]
        att = att[(host >= 0) & (host == t.centre[att])]
        if att.size == 0:
            return
        ct = t.ctie[att]
        ot = self.org_ties
        tied = ct >= 0  # (the store may be empty: every organisation tie ended and compacted)
        tied[tied] = ot.alive[ct[tied]]
        missing = att[~tied]
        if missing.size:
            idx = ot.add(
                missing, self.offsets["centre"] + t.centre[missing], t.trust[missing], self.month
            )
            t.ctie[missing] = idx
        ot.trust[t.ctie[att]] = t.trust[att]

    def _housekeeping(self) -> None:
        """Memberships from live ties; compaction of ended ties; yearly peer snapshot."""
        t = self.teachers
        ot = self.org_ties
        # a teacher's organisation ties are ties to hosts: one per membership
        np.minimum(ot.degree[: self.n_teachers], 127, out=t.memberships, casting="unsafe")
        if ot.dead_share() > 0.2:
            remap = ot.compact()
            owners = (t.ctie, self.schools.tie, self.universities.tie, self.companies.tie)
            for owner in (*owners, self.extra_ties):
                owner[:] = np.where(owner >= 0, remap[np.maximum(owner, 0)], -1)
            s = self.schools
            ended = (s.tie < 0) & (s.agreement_until > 0)
            s.agreement_until[ended] = 0
        pt = self.peer_ties
        if self.month % PEER_INDEX_EVERY == 0:
            if pt.dead_share() > 0.1:
                pt.compact()
            self.peer_index = PeerIndex(pt, self.n_teachers)

    def _count_reach(self) -> None:
        """Engaged teachers per (region, level) cell, and each region's reach.

        Companies and the ``new_university`` shock read the regions' reach, so the
        model counts it itself; the indicators only read it.
        """
        n_reg = self.n_regions
        self.cell_engaged = np.bincount(
            self.teacher_cell[self.engaged_idx], minlength=4 * n_reg
        ).reshape(n_reg, 4)
        reg_n = np.maximum(self.teachers_per_region, 1)
        self.region_reach[:] = self.cell_engaged.sum(axis=1) / reg_n

    def _refresh_report(self, *, network: bool) -> None:
        report = cheap_indicators(self)
        if network:
            report.update(network_indicators(self))
        else:
            report.update(dict.fromkeys(NETWORK_COLUMNS, float("nan")))
        self._report = report

    # ------------------------------------------------------------------ reading
    def results(self) -> pd.DataFrame:
        """The tidy indicator table: one row per month, one column per indicator."""
        df = self.datacollector.get_model_vars_dataframe()
        df["month"] = df["month"].astype(int)
        return df.reset_index(drop=True)

    def to_networkx(self) -> nx.Graph:
        """The network of the current month as a :class:`networkx.Graph`.

        Nodes carry type, label, region, level, host kind, engagement, trust, practice
        and memberships; edges kind, trust, formal, age, start and end (see
        :mod:`netsim.core.graph`; ``netsim export-network`` writes a whole run's
        network, month by month, as GEXF or GraphML).
        """
        from netsim.core.graph import to_networkx

        return to_networkx(self)

    def network_snapshot(self, max_teachers: int | None = None) -> dict[str, pd.DataFrame]:
        """Nodes and live ties for drawing.

        Args:
            max_teachers: keep at most this many teachers (engaged ones first).

        Returns:
            ``{"nodes": DataFrame(id, type, region, engagement), "edges": DataFrame(a, b,
            kind, trust, formal)}``; organisations always included.
        """
        from netsim.core.ties import KIND_NAMES

        t = self.teachers
        keep = np.ones(self.n_nodes, bool)
        c = self.centres
        keep[self.offsets["centre"] :] = False
        keep[self.offsets["centre"] + c.open_slots] = True
        if max_teachers is not None and self.n_teachers > max_teachers:
            order = np.lexsort((np.arange(self.n_teachers), -t.engagement))
            drop = order[max_teachers:]
            keep[drop] = False
        ids = np.flatnonzero(keep)
        eng = np.full(self.n_nodes, -1, np.int8)
        eng[: self.n_teachers] = t.engagement
        nodes = pd.DataFrame(
            {
                "id": ids,
                "type": np.array(NODE_TYPES)[self.node_type[ids]],
                "region": self.node_region[ids],
                "engagement": eng[ids],
            }
        )
        parts = []
        for store in (self.peer_ties, self.org_ties):
            m = store.alive & keep[store.a] & keep[store.b]
            parts.append(
                pd.DataFrame(
                    {
                        "a": store.a[m],
                        "b": store.b[m],
                        "kind": np.array(KIND_NAMES)[store.kind[m]],
                        "trust": store.trust[m],
                        "formal": store.formal[m],
                    }
                )
            )
        return {"nodes": nodes, "edges": pd.concat(parts, ignore_index=True)}


class _Collector(mesa.DataCollector):
    """Mesa's DataCollector, storing the model's indicators without a deepcopy of each.

    Every model reporter reads one number from ``model._report``, a dict made anew each
    month, so Mesa's defensive deepcopy of every value (about 80 a month) copies numbers
    nothing else holds. While the reporters are still the model's own (and there are
    no agent reporters), the values are appended as they are; the first collection, and
    any other set-up, goes through Mesa's own ``collect``.
    """

    def __init__(self, *, model_reporters: dict[str, Any]) -> None:
        super().__init__(model_reporters=model_reporters)
        self._own = dict(model_reporters)

    def collect(self, model: PDNetworkModel) -> None:
        report = model._report
        if (
            not self._validated
            or self.agent_reporters
            or self.agenttype_reporters
            or self.model_reporters != self._own
            or self.model_vars.keys() != report.keys()
        ):
            super().collect(model)
            return
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        for var, values in self.model_vars.items():
            values.append(report[var])


def _options(event: Mapping[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in event.items() if k not in ("month", "kind")}


def _reporter(name: str) -> Any:
    return lambda model: model._report[name]
