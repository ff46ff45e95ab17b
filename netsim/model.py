"""The PD network model: one step is one month (brief §1-§8).

``PDNetworkModel(rng=SEED, **parameters)`` builds a synthetic country and runs
the submodels in the order of :meth:`PDNetworkModel.step`, which reads like the
process overview of ``docs/ODD.md``. Teachers' state lives in arrays owned by
the model; the Mesa agents are views onto it, and the few organisations that
decide for themselves (ministry, centres) do so as agents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import mesa
import numpy as np
import pandas as pd

from netsim import agreements, centres, companies, exchange, funding, learning, participation
from netsim import ties as tiemod
from netsim import trust as trustmod
from netsim.agents import Company, Ministry, PDCentre, School, Teacher, University
from netsim.events import Shock, check_event
from netsim.indicators import NETWORK_COLUMNS, cheap_indicators, network_indicators
from netsim.params import validate
from netsim.population import ACTOR_GROUPS, LEVEL_GROUP, NODE_TYPES, Centres, build_country
from netsim.ties import PeerIndex, TieStore

PEER_INDEX_EVERY = 12  # months between rebuilds of the friend-of-friend snapshot


class PDNetworkModel(mesa.Model):
    """A country's professional-development network for STEM teachers.

    Args:
        rng: seed or generator for all randomness (Mesa 3 convention).
        events: shocks to schedule, e.g. ``[{"month": 60, "kind": "funding_cut"}]``
            (see :data:`netsim.events.EVENT_KINDS`).
        **parameters: any parameter of :data:`netsim.params.PARAMETERS`, by keyword.

    Raises:
        ParameterError: for an unknown parameter or a value out of its range.
    """

    def __init__(
        self,
        *,
        rng: Any = None,
        events: Iterable[Mapping[str, Any]] = (),
        **parameters: Any,
    ) -> None:
        p = validate(parameters)
        checked = [check_event(e, k, n_regions=p["n_regions"]) for k, e in enumerate(events)]
        super().__init__(rng=rng)
        self.p = p
        self.seed_int = int(self._seed)  # for samples that must not touch self.rng
        self.month = 0
        self.n_teachers = p["n_teachers"]
        self.n_regions = p["n_regions"]
        self.log: list[tuple[int, str]] = []
        self.shock_months: list[tuple[int, str]] = []
        self.one_agent_at_a_time = False  # benchmark switch: teacher rules via shuffle_do

        country = build_country(p, self.rng)
        self.teachers = country.teachers
        self.schools = country.schools
        self.universities = country.universities
        self.companies = country.companies
        self.region_start = country.region_start
        self.region_weight = country.region_weight
        slots = p["n_initial_centres"] + p["decree_centres"] + 3 * self.n_regions + 32
        self.centres = Centres.empty(slots)
        self._lay_out_nodes(slots)
        cell = self.teachers.region.astype(np.int64) * 4 + self.teachers.level
        self.teacher_cell = cell
        self.teachers_per_cell = np.bincount(cell, minlength=4 * self.n_regions).reshape(-1, 4)
        self.schools_per_level = np.bincount(self.schools.level, minlength=4)
        self.region_centre = np.full(self.n_regions, -1, np.int64)
        self.region_reach = np.zeros(self.n_regions)
        self.node_active = np.zeros(self.n_nodes, bool)
        self.extra_centres = np.full((self.n_teachers, 2), -1, np.int32)  # other memberships
        self._members = np.zeros(self.n_teachers, np.int8)
        self.engaged_idx = np.zeros(0, np.int64)
        self.engaged_per_school = np.zeros(len(self.schools), np.int64)
        t = self.teachers
        self.base_propensity = (
            p["participation_bias"]
            + p["w_need"] * t.need * (0.5 + t.motivation)
            - p["w_workload"] * t.workload
        ).astype(np.float32)
        self.far_from_home = np.zeros(self.n_teachers, np.float32)
        self.money_spent = 0.0
        self.spent_this_month = 0.0
        self.shock_this_month = False
        self.event_this_month = False
        self.centres_changed = False

        n = self.n_teachers
        self.peer_ties = TieStore(int(n * (p["colleague_ties"] + 2)), n_nodes=n)
        self.org_ties = TieStore(n + len(self.schools) + 1024, n_nodes=self.n_nodes)
        self._tie_colleagues()
        self.peer_index = PeerIndex(self.peer_ties, n)

        self._make_agents()
        self._open_first_centres()
        centres.assign_home_centres(self)
        funding.renew_central_funding(self)
        funding.plan_offer(self)
        self.centre_value = exchange.centre_value(self)
        self.attendees = np.zeros(0, np.int64)

        self.shocks = [Shock(e["month"], e["kind"], _options(e), self) for e in checked]
        for shock in self.shocks:
            # half a month early so the shock lands before that month's step
            self.schedule_event(shock.fire, at=shock.month - 0.5)

        self._report: dict[str, float] = {}
        self._refresh_report(network=True)
        reporters = {name: _reporter(name) for name in self._report}
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ set-up
    def _lay_out_nodes(self, centre_slots: int) -> None:
        """Give every agent a node id: teachers, schools, ..., ministry, centres."""
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
        # sectors: school education, higher education, industry, government, PD centre
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
        self.node_school = np.full(self.n_nodes, -1, np.int32)  # teachers' school, for exchanges
        self.node_school[: self.n_teachers] = self.teachers.school
        # exchanges between kinds of actor, one row per month of the last year
        self.exchange_counts = np.zeros((12, len(ACTOR_GROUPS) ** 2), np.int64)

    def _tie_colleagues(self) -> None:
        """Colleague ties inside each school (brief §4: teachers bring colleagues)."""
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
            keys = np.union1d(keys, tiemod.pair_keys(src[ok], start[ok] + off[ok], n))
            missing = target - keys.size
            if missing <= 0:
                break
            src = rng.integers(0, n, missing)
        src, dst = keys // n, keys % n
        trust = 0.5 * (t.trust[src] + t.trust[dst])
        self.peer_ties.add(src, dst, trust, 0, kind=tiemod.PERIODIC, keep=True)

    def _make_agents(self) -> None:
        """Create the Mesa agents: views for the many, deciders for the few."""
        for i in range(self.n_teachers):
            Teacher(self, i)
        for i in range(len(self.schools)):
            School(self, i)
        for i in range(len(self.universities)):
            University(self, i)
        for i in range(len(self.companies)):
            Company(self, i)
        self.ministry = Ministry(self, -1)
        self.authorities = [Ministry(self, r) for r in range(self.n_regions)]
        self.centre_agents: dict[int, PDCentre] = {}
        self.fresh_centres: set[int] = set()  # opened since homes were last assigned

    def _open_first_centres(self) -> None:
        """Centres that exist at month 0, and those the ministry creates by decree."""
        p = self.p
        rng = self.rng
        w = self.region_weight
        k = p["n_initial_centres"]
        if k:
            regions = rng.choice(self.n_regions, size=k, replace=k > self.n_regions, p=w)
            for r in regions:
                centres.open_centre(self, int(r), host=0)
        by_size = np.argsort(-w, kind="stable")
        u = self.universities
        for j in range(p["decree_centres"]):
            r = int(by_size[j % self.n_regions])
            free = np.flatnonzero((u.region == r) & (u.partner_of < 0))
            if free.size:
                centres.open_centre(self, r, host=1, host_id=int(free[0]), decree=True)
            else:
                centres.open_centre(self, r, host=2, decree=True)

    def add_centre_agent(self, slot: int) -> PDCentre:
        """The Mesa agent of a newly opened centre (a reused slot keeps its agent)."""
        if slot not in self.centre_agents:
            self.centre_agents[slot] = PDCentre(self, slot)
        return self.centre_agents[slot]

    # ------------------------------------------------------------------ links
    def link_university(self, uni: int, slot: int, *, host: bool) -> None:
        """A university hosts or partners a centre (formal tie)."""
        self.universities.partner_of[uni] = slot
        self.org_ties.add(
            np.array([self.offsets["university"] + uni]),
            np.array([self.offsets["centre"] + slot]),
            0.5,
            self.month,
            formal=True,
            keep=host,
        )
        region = int(self.universities.region[uni])
        what = "hosts" if host else "now partners"
        self.say(f"A university in region {region} {what} a PD centre.")

    def link_company(self, company: int, slot: int) -> None:
        """A company joins a centre with skills, equipment and money."""
        self.companies.partner_of[company] = slot
        self.org_ties.add(
            np.array([self.offsets["company"] + company]),
            np.array([self.offsets["centre"] + slot]),
            0.4,
            self.month,
        )
        self.say(f"A company in region {int(self.companies.region[company])} joins the network.")

    def link_organisations(self, a: np.ndarray, b: np.ndarray) -> None:
        """Tie organisation nodes pairwise, refreshing ties that already exist."""
        ot = self.org_ties
        keys = tiemod.pair_keys(a, b, self.n_nodes)
        old_keys = tiemod.pair_keys(ot.a, ot.b, self.n_nodes)
        known = np.isin(old_keys, keys) & ot.alive
        ot.last[known] = self.month
        ot.recent[known] += 1.0
        new = ~np.isin(keys, old_keys[ot.alive])
        if new.any():
            ot.add(a[new], b[new], 0.5, self.month)

    def say(self, sentence: str) -> None:
        """Add a plain sentence to the model's log of what happened."""
        month = self.steps + 1 if self._in_shock else self.month
        self.log.append((month, sentence))

    _in_shock = False

    # ------------------------------------------------------------------ shocks
    def apply_shock(self, kind: str, **options: float) -> None:
        """Apply a shock now (also used by the dashboard to apply one live).

        Args:
            kind: a key of :data:`netsim.events.EVENT_KINDS`.
            **options: the kind's fields (size, region).
        """
        self._in_shock = True
        try:
            self._apply_shock(kind, options)
        finally:
            self._in_shock = False
        self.shock_this_month = True
        self.shock_months.append((self.steps + 1, kind))

    def _apply_shock(self, kind: str, o: Mapping[str, float]) -> None:
        m = self.ministry
        c = self.centres
        if kind == "funding_cut":
            size = o.get("size", 0.5)
            m.shock_factor *= 1.0 - size
            self.say(f"Austerity: public PD money is cut by {size:.0%}.")
        elif kind == "funding_boost":
            size = o.get("size", 0.5)
            m.shock_factor *= 1.0 + size
            self.say(f"A new programme raises public PD money by {size:.0%}.")
        elif kind == "change_of_government":
            size = o.get("size", -1.0)
            m.change_priorities(self.p["priority_change_cut"] if size < 0 else size)
        elif kind == "national_event":
            if self.p["enable_national_events"]:
                self._pending_event = True
                self.say("A national event is announced for this month.")
            else:
                self.say("No national event: national events are switched off.")
        elif kind == "new_company":
            r = int(o.get("region", -1))
            r = int(np.argmax(self.region_weight)) if r < 0 else min(r, self.n_regions - 1)
            free = np.flatnonzero((self.companies.region == r) & (self.companies.partner_of < 0))
            slot = int(self.region_centre[r])
            if slot < 0 and c.alive.any():
                slot = int(c.open_slots[0])
            if free.size and slot >= 0:
                self.companies.awareness[free[0]] = 1.0
                self.link_company(int(free[0]), slot)
            else:
                self.say(f"No company in region {r} is free to join.")
        elif kind == "new_university":
            r = int(o.get("region", -1))
            r = int(np.argmin(self.region_reach)) if r < 0 else min(r, self.n_regions - 1)
            u = self.universities
            free = np.flatnonzero((u.region == r) & (u.partner_of < 0))
            if free.size == 0:
                self.say(f"No free university in region {r}.")
                return
            uni = int(free[0])
            u.willingness[uni] = 1.0
            slot = int(self.region_centre[r])
            if slot >= 0:
                self.link_university(uni, slot, host=False)
            else:
                centres.open_centre(self, r, host=1, host_id=uni)
                self.centres_changed = True
        elif kind == "loss_of_coordinator":
            r = int(o.get("region", -1))
            alive = c.open_slots
            if alive.size == 0:
                return
            if r >= 0 and (c.region[alive] == r).any():
                slot = int(alive[c.region[alive] == r][0])
            else:
                slot = int(alive[np.argmax(c.attendance[alive])])
            c.coordinator_lost_until[slot] = self.steps + 13
            self.say(f"The PD centre in region {int(c.region[slot])} loses its coordinator.")

    _pending_event = False

    # ------------------------------------------------------------------ step
    def step(self) -> None:
        """One month: money, offer, participation, exchange, learning, ties, reporting."""
        p = self.p
        self.month = self.steps
        self.event_this_month = False
        if p["enable_politics"] and self.month >= self.ministry.next_election:
            self.ministry.hold_election()
        if p["enable_funding"] and self.month % p["funding_cycle_months"] == 0:
            funding.renew_central_funding(self)
        public = funding.allocate_funding(self)
        private = companies.engage_companies(self)
        if self.centre_agents:
            self.agents_by_type[PDCentre].shuffle_do("recruit_partners")
        funding.plan_offer(self)
        self.centre_value = exchange.centre_value(self)
        if self.one_agent_at_a_time:
            self._teacher_rules_one_by_one()
        else:
            self._teacher_rules()
        self._note_engaged()
        self._spend(public, private)
        self._mark_active_nodes()
        if p["enable_tie_formation"]:
            tiemod.form_peer_ties(self)
            self._track_memberships()
        tiemod.exchange_along_ties(self)
        agreements.sign_and_renew(self)
        due_event = (
            p["national_event_interval"] > 0 and self.month % p["national_event_interval"] == 0
        )
        if p["enable_national_events"] and (due_event or self._pending_event):
            centres.hold_national_event(self)
        self._pending_event = False
        centres.found_grassroots_centres(self)
        centres.close_dry_centres(self)
        if self.centres_changed:
            centres.assign_home_centres(self)
            self.centres_changed = False
        self._housekeeping()
        self._refresh_report(network=self.month % p["network_interval"] == 0)
        self.datacollector.collect(self)
        self.shock_this_month = False

    def _teacher_rules(self) -> None:
        """Participation, exchange, trust and learning over all teachers at once."""
        participation.take_part(self)
        self.attendees = np.flatnonzero(self.teachers.attended)
        value = exchange.exchange_value(self)
        trustmod.update_trust(self, value)
        learning.learn(self, value)

    def _teacher_rules_one_by_one(self) -> None:
        """The same teacher rules, one Teacher agent at a time (benchmark reference)."""
        t = self.teachers
        self.places_left = self.centres.capacity.copy()
        self._peer_share = participation.peer_share(self)
        c = self.centres
        slots = c.alive.size
        c.demand[:] = 0.0
        self.agents_by_type[Teacher].shuffle_do("step")
        self.attendees = np.flatnonzero(t.attended)
        c.attendance[:] = np.bincount(t.centre[t.attended & (t.centre >= 0)], minlength=slots)

    def _note_engaged(self) -> None:
        """Engaged teachers and their count per school, shared by later submodels."""
        t = self.teachers
        self.engaged_idx = np.flatnonzero(t.engagement >= 1)
        self.engaged_per_school = np.bincount(
            t.school[self.engaged_idx], minlength=len(self.schools)
        )

    def peer_share_of(self, i: int) -> float:
        """Share of teacher ``i``'s peers who are engaged (reference path)."""
        return float(self._peer_share[i])

    def _spend(self, public: float, private: float) -> None:
        """Money spent this month; centre performance for the next evaluation."""
        self.spent_this_month = public + private
        self.money_spent += self.spent_this_month
        c = self.centres
        t = self.teachers
        att = self.attendees
        trust_by_centre = np.bincount(t.centre[att], weights=t.trust[att], minlength=c.alive.size)
        c.performance += trust_by_centre

    def _mark_active_nodes(self) -> None:
        """Which agents are active this month (for exchanges along organisation ties)."""
        act = self.node_active
        act[:] = False
        o = self.offsets
        t = self.teachers
        act[: self.n_teachers] = t.attended
        s = self.schools
        act[o["school"] + t.school[self.attendees]] = True
        del s
        u = self.universities
        act[o["university"] : o["university"] + len(u)] = u.partner_of >= 0
        co = self.companies
        act[o["company"] : o["company"] + len(co)] = co.partner_of >= 0
        paid = self.p["enable_funding"] and self.ministry.annual_budget > 0
        act[o["ministry"] : o["ministry"] + 1 + self.n_regions] = paid
        c = self.centres
        act[o["centre"] : o["centre"] + c.alive.size] = c.alive & (
            (c.capacity >= 1.0) | (c.attendance > 0)
        )
        if self.attendees.size:
            # the tie to the home centre is made at the first visit
            self._tie_to_home_centre()

    def _tie_to_home_centre(self) -> None:
        t = self.teachers
        att = self.attendees
        ct = t.ctie[att]
        ot = self.org_ties
        missing = att[(ct < 0) | ~ot.alive[np.maximum(ct, 0)]]
        if missing.size:
            idx = self.org_ties.add(
                missing, self.offsets["centre"] + t.centre[missing], t.trust[missing], self.month
            )
            t.ctie[missing] = idx
        ties = t.ctie[att]
        self.org_ties.trust[ties] = t.trust[att]

    def _track_memberships(self) -> None:
        """Regular participants sometimes join a second or third PD institution (§7 IMST)."""
        p = self.p
        t = self.teachers
        c = self.centres
        open_slots = c.open_slots
        if open_slots.size < 2 or p["multi_membership_rate"] <= 0:
            return
        extra = self.extra_centres
        free = extra[:, 1] < 0
        cand = np.flatnonzero((t.engagement >= 2) & free)
        join = cand[self.rng.random(cand.size) < p["multi_membership_rate"]]
        if join.size == 0:
            return
        other = open_slots[self.rng.integers(0, open_slots.size, join.size)]
        new = (other != t.centre[join]) & (other != extra[join, 0])
        join, other = join[new], other[new]
        column = (extra[join, 0] >= 0).astype(np.int64)
        extra[join, column] = other
        self.org_ties.add(join, self.offsets["centre"] + other, t.trust[join], self.month)

    def _housekeeping(self) -> None:
        """Memberships from live ties; compaction of ended ties; yearly peer snapshot."""
        t = self.teachers
        ot = self.org_ties
        # a teacher's organisation ties are ties to PD centres: one per membership
        np.minimum(ot.degree[: self.n_teachers], 127, out=self._members, casting="unsafe")
        t.memberships[:] = self._members
        if ot.dead_share() > 0.2:
            remap = ot.compact()
            t.ctie[:] = np.where(t.ctie >= 0, remap[np.maximum(t.ctie, 0)], -1)
            s = self.schools
            s.tie[:] = np.where(s.tie >= 0, remap[np.maximum(s.tie, 0)], -1)
            ended = (s.tie < 0) & (s.agreement_until > 0)
            s.agreement_until[ended] = 0
        pt = self.peer_ties
        if self.month % PEER_INDEX_EVERY == 0:
            if pt.dead_share() > 0.1:
                pt.compact()
            self.peer_index = PeerIndex(pt, self.n_teachers)

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

    def network_snapshot(self, max_teachers: int | None = None) -> dict[str, pd.DataFrame]:
        """Nodes and live ties for drawing.

        Args:
            max_teachers: keep at most this many teachers (engaged ones first).

        Returns:
            ``{"nodes": DataFrame(id, type, region, engagement), "edges": DataFrame(a, b,
            kind, trust, formal)}``; organisations always included.
        """
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
                        "kind": np.array(tiemod.KIND_NAMES)[store.kind[m]],
                        "trust": store.trust[m],
                        "formal": store.formal[m],
                    }
                )
            )
        return {"nodes": nodes, "edges": pd.concat(parts, ignore_index=True)}


def _options(event: Mapping[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in event.items() if k not in ("month", "kind")}


def _reporter(name: str) -> Any:
    return lambda model: model._report[name]
