"""What users read from a run: the indicator registry, and how each indicator is computed.

The registry, :data:`INDICATORS`, declares every indicator once: its name, label,
kind, unit, meaning, which way is better, whether it is a key indicator and when it
is recorded (from which follows how its final value is read). Charts, reports, the
CLI, the docs, experiment files and the dashboard read it through :func:`indicator`,
:func:`label`, :func:`is_share` and :data:`KEY_INDICATORS`, without building a model.

Cheap indicators are computed every month, the network-shape ones every
``network_interval`` months (NaN between). Each function returns a flat dict of
named numbers; the collectors only read model state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netsim.core.population import (
    ACTOR_GROUPS,
    ASSOCIATION,
    CHANNELS,
    LEAD,
    LEVELS,
    PAID,
    SCHOOL_SESSION,
    SECTION,
)
from netsim.core.ties import TieStore, key_shift, sorted_keys, sorted_unique

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel

type Kind = Literal["share", "score", "count", "money", "rate", "flag", "month"]
"""What sort of number an indicator is.

``share``: a part of a whole, 0..1, shown as a percentage; ``score``: a mean level or
coefficient on 0..1; ``count``: a number of things; ``money``: euros; ``rate``: an
amount per something (its unit says what); ``flag``: 0 or 1; ``month``: the time.
"""

KIND_UNITS: dict[str, str] = {
    "share": "share",
    "score": "0..1",
    "count": "count",
    "flag": "flag",
    "month": "month",
}
"""The unit of an indicator whose kind says it all (money and rates name their own)."""

type Better = Literal["up", "down"] | None
"""Which direction of an indicator is better: ``up``, ``down``, or None (neither)."""

REGION = "<r>"
"""Stands for the region number in the name and label of the per-region indicators."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One output indicator.

    Attributes:
        name: column name (``reach_region_<r>`` stands for one column per region).
        label: short label for charts and tables (``<r>`` stands for the region).
        kind: what sort of number it is (see :data:`Kind`).
        meaning: one sentence saying what it measures.
        unit: ``share``, ``0..1``, ``count``, ``€``, ...; by default the kind's unit.
        better: which direction is better (``up``, ``down``), None if neither.
        key: True for the key indicators, shown first in summaries and reports.
        network: True if measured every ``network_interval`` months only.
    """

    name: str
    label: str
    kind: Kind
    meaning: str
    unit: str = ""
    better: Better = None
    key: bool = False
    network: bool = False

    def __post_init__(self) -> None:
        if not self.unit:
            object.__setattr__(self, "unit", KIND_UNITS[self.kind])

    @property
    def final(self) -> str:
        """How its final value is read (see :func:`netsim.analysis.tables.final_values`).

        The value of the last month, or for a network-shape indicator the last one
        measured; in both cases the last value measured in the run.
        """
        return "last measured" if self.network else "last month"


_CHANNEL_WORDS = {
    "paid": "paid places at a centre",
    "lead": "sessions run by lead teachers",
    "section": "sessions run by section members",
    "company": "sessions run by company staff",
    "university": "sessions co-run by university researchers",
    "school": "peer sessions at one's own school",
    "event": "a national event",
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("month", "Month", "month", "Month of the row (0 = the initial state)."),
    Indicator(
        "reach_teachers",
        "Teachers engaged now",
        "share",
        "Share of teachers engaged in PD now (took part in about the last 14 months).",
        better="up",
        key=True,
    ),
    Indicator(
        "reach_teachers_ever",
        "Teachers ever reached",
        "share",
        "Share of teachers who ever took part.",
        better="up",
    ),
    Indicator(
        "aware_share",
        "Teachers aware of the network",
        "share",
        "Share of teachers who know the network and its offer (adoption stage 1).",
        better="up",
    ),
    Indicator(
        "reach_schools",
        "Schools reached",
        "share",
        "Share of schools with at least one engaged teacher.",
        better="up",
        key=True,
    ),
    *(
        Indicator(
            f"reach_{lv}",
            lv.replace("_", " ").capitalize(),
            "share",
            f"Share of {lv.replace('_', '-')} teachers engaged.",
            better="up",
        )
        for lv in LEVELS
    ),
    *(
        Indicator(
            f"reach_schools_{lv}",
            f"{lv.replace('_', ' ').capitalize()} schools",
            "share",
            f"Share of {lv.replace('_', '-')} schools with at least one engaged teacher.",
            better="up",
        )
        for lv in LEVELS
    ),
    Indicator(
        f"reach_region_{REGION}",
        f"Region {REGION}",
        "share",
        "Share of the teachers of region r engaged (one column per region).",
        better="up",
    ),
    Indicator(
        "attendance",
        "Taking part this month",
        "share",
        "Share of teachers who took part.",
        better="up",
    ),
    Indicator(
        "mandated_attendance",
        "Mandated attendance",
        "share",
        "Share of teachers whose participation this month was mandated.",
    ),
    Indicator(
        "unmet_demand",
        "Wanted PD, not served",
        "share",
        "Share of teachers who wanted (or had) to take part this month and were not served.",
        better="down",
    ),
    *(
        Indicator(
            f"attendance_{ch}",
            f"Via {_CHANNEL_WORDS[ch].split(' at ')[0].replace('sessions run by ', '')}",
            "share",
            f"Share of this month's participations through {_CHANNEL_WORDS[ch]}.",
        )
        for ch in CHANNELS
    ),
    Indicator(
        "unpaid_share",
        "Unpaid channels",
        "share",
        "Share of this month's participations through channels other than paid places.",
    ),
    Indicator(
        "own_time_share",
        "Teachers' own time",
        "share",
        "Share of this month's participations through channels teachers supply with their own"
        " time: lead teachers' sessions, section members' sessions and school peer sessions"
        " (not paid places, partners' staff or national events).",
    ),
    Indicator(
        "volunteer_hours",
        "Volunteer hours (per 1 000 teachers)",
        "rate",
        "Hours lead teachers and section members gave to sessions this month, per 1 000 teachers.",
        unit="hours per 1 000 teachers",
    ),
    Indicator(
        "school_sessions",
        "Schools running peer sessions",
        "share",
        "Share of schools that ran a peer session this month.",
        better="up",
    ),
    Indicator(
        "practice_mean",
        "Practice change (mean)",
        "score",
        "Mean practice level (how far teaching has changed), 0..1.",
        better="up",
        key=True,
    ),
    Indicator(
        "regular_share",
        "Regular participants",
        "share",
        "Share of teachers who are regular participants or lead teachers.",
        better="up",
    ),
    Indicator(
        "lead_share",
        "Lead teachers",
        "share",
        "Share of teachers who are lead teachers.",
        better="up",
        key=True,
    ),
    Indicator(
        "member_share",
        "Section members",
        "share",
        "Share of teachers who are members (volunteers) of an association section.",
        better="up",
    ),
    Indicator(
        "trust_mean",
        "Trust (mean)",
        "score",
        "Mean trust of teachers in the PD network.",
        better="up",
        key=True,
    ),
    Indicator(
        "trust_sd", "Trust (standard deviation)", "score", "Standard deviation of teachers' trust."
    ),
    Indicator(
        "n_centres",
        "Hosts (centres and sections)",
        "count",
        "Number of open regional hosts (PD centres and association sections).",
        key=True,
    ),
    Indicator(
        "active_sections", "Active sections", "count", "Number of open association sections."
    ),
    Indicator(
        "capacity",
        "Places at hosts (per month)",
        "count",
        "Places offered by all hosts this month, every channel but school sessions and events.",
        unit="places",
    ),
    Indicator(
        "n_ties",
        "Ties",
        "count",
        "Number of live ties (teacher-teacher and with or between organisations).",
        key=True,
    ),
    Indicator(
        "ties_punctual", "Punctual ties (share)", "share", "Share of live ties that are punctual."
    ),
    Indicator(
        "ties_periodic", "Periodic ties (share)", "share", "Share of live ties that are periodic."
    ),
    Indicator(
        "ties_continuous",
        "Continuous ties (share)",
        "share",
        "Share of live ties that are continuous.",
        better="up",
        key=True,
    ),
    Indicator(
        "formal_ties",
        "Formal ties",
        "count",
        "Number of live formal ties (written agreements, hosting, decrees).",
    ),
    Indicator(
        "schools_with_agreement",
        "Schools with an agreement",
        "share",
        "Share of schools with a running written agreement.",
        better="up",
        key=True,
    ),
    Indicator(
        "companies_engaged",
        "Companies engaged",
        "share",
        "Share of companies that support a host.",
        better="up",
        key=True,
    ),
    Indicator(
        "universities_engaged",
        "Universities engaged",
        "share",
        "Share of universities that host or partner a centre.",
        better="up",
    ),
    Indicator(
        "ite_engaged",
        "Teacher-education institutions engaged",
        "share",
        "Share of initial teacher education institutions that host or partner a centre.",
        better="up",
    ),
    Indicator(
        "member_1",
        "Members of one institution",
        "share",
        "Among teachers in any PD institution, the share tied to exactly one.",
    ),
    Indicator(
        "member_2",
        "Members of two institutions",
        "share",
        "Among teachers in any PD institution, the share tied to two (IMST: 8 %).",
    ),
    Indicator(
        "member_3plus",
        "Members of three or more",
        "share",
        "Among teachers in any PD institution, the share tied to three or more (IMST: 2 %).",
    ),
    Indicator(
        "budget_month",
        "Money spent this month (€)",
        "money",
        "Money (public, companies', dues) hosts received this month.",
        unit="€",
    ),
    Indicator(
        "public_month",
        "Public money this month (€)",
        "money",
        "Public money paid to hosts.",
        unit="€",
    ),
    Indicator(
        "money_spent",
        "Money spent so far (€)",
        "money",
        "Money hosts received since month 0.",
        unit="€",
        key=True,
    ),
    Indicator(
        "reach_per_million",
        "Teachers engaged per million €",
        "rate",
        "Engaged teachers now per million € received since month 0.",
        unit="teachers per M€",
        better="up",
        key=True,
    ),
    Indicator(
        "cost_per_teacher_reached",
        "Cost per teacher ever reached (€)",
        "money",
        "Money received since month 0 per teacher who ever took part.",
        unit="€ per teacher",
        better="down",
    ),
    Indicator(
        "equity_gap_region",
        "Reach gap between regions",
        "share",
        "Largest minus smallest reach among regions (lower is fairer).",
        better="down",
        key=True,
    ),
    Indicator(
        "equity_gap_level",
        "Reach gap between school levels",
        "share",
        "Largest minus smallest reach among school levels (lower is fairer).",
        better="down",
        key=True,
    ),
    Indicator("shock", "Shock", "flag", "1 if a scheduled or live shock happened this month."),
    Indicator(
        "exchanges_centre_school",
        "Exchanges host-school",
        "share",
        "Among pairs of institutions that exchanged in the last 12 months, the share linking"
        " a PD host and a school (a teacher stands for their school).",
        network=True,
    ),
    Indicator(
        "exchanges_school_school",
        "Exchanges school-school",
        "share",
        "Share of those pairs that link two different schools.",
        network=True,
    ),
    Indicator(
        "exchanges_secondary_secondary",
        "Exchanges between secondary schools",
        "share",
        "Share of those pairs that link two secondary schools.",
        network=True,
    ),
    Indicator(
        "exchanges_university",
        "Exchanges with universities",
        "share",
        "Share of those pairs that involve a university.",
        network=True,
    ),
    Indicator(
        "exchanges_authority",
        "Exchanges with authorities",
        "share",
        "Share of those pairs that involve the ministry or a regional authority.",
        network=True,
    ),
    Indicator(
        "exchanges_vocational",
        "Exchanges with vocational schools",
        "share",
        "Share of those pairs that involve a vocational school.",
        network=True,
    ),
    Indicator(
        "exchanges_company",
        "Exchanges with companies",
        "share",
        "Share of those pairs that involve a company.",
        network=True,
    ),
    Indicator(
        "largest_component",
        "Largest connected part",
        "share",
        "Share of nodes (all agents, open hosts) in the largest connected part.",
        better="up",
        key=True,
        network=True,
    ),
    Indicator(
        "clustering",
        "Clustering",
        "score",
        "Mean local clustering coefficient, estimated from sampled wedges.",
        network=True,
    ),
    Indicator(
        "cross_sector_ties",
        "Ties across sectors",
        "share",
        "Share of live ties linking two sectors (school, university, ...).",
        network=True,
    ),
    Indicator(
        "cross_region_ties",
        "Ties across regions",
        "share",
        "Share of live ties between two regions, among ties with a region.",
        key=True,
        network=True,
    ),
    Indicator(
        "centre_brokerage",
        "Host brokerage",
        "score",
        "Mean over open hosts of 1 - local clustering (brokerage).",
        network=True,
    ),
)
"""Every output indicator, in the order of the result table."""

BY_NAME: dict[str, Indicator] = {i.name: i for i in INDICATORS}
"""Indicators by name (``reach_region_<r>`` for the per-region columns)."""

KEY_INDICATORS: tuple[str, ...] = tuple(i.name for i in INDICATORS if i.key)
"""The key indicators, shown first in summaries and reports (in the registry's order)."""

NETWORK_COLUMNS: tuple[str, ...] = tuple(i.name for i in INDICATORS if i.network)
"""The indicators measured every ``network_interval`` months only."""

EXCHANGE_COLUMNS: tuple[str, ...] = tuple(c for c in NETWORK_COLUMNS if c.startswith("exchanges"))

WEDGE_SAMPLE = 4000
BROKERAGE_SAMPLE = 200  # wedges drawn per host
EXCHANGE_WINDOW = 12  # months of exchanges counted between institutions


def _region_of(column: str) -> tuple[str, str] | None:
    """``reach_region_3`` -> (``reach_region_<r>``, ``3``); None for other columns."""
    stem, _, tail = column.rpartition("_")
    if tail.isdigit() and f"{stem}_{REGION}" in BY_NAME:
        return f"{stem}_{REGION}", tail
    return None


def indicator(column: str) -> Indicator:
    """The indicator of a result column (``reach_region_3`` -> ``reach_region_<r>``).

    Raises:
        KeyError: if no indicator has this column.
    """
    if column in BY_NAME:
        return BY_NAME[column]
    region = _region_of(column)
    if region is None:
        raise KeyError(column)
    return BY_NAME[region[0]]


def is_indicator(column: str) -> bool:
    """Whether ``column`` is an indicator column (``reach_region_K`` for any region K)."""
    return column in BY_NAME or _region_of(column) is not None


def label(column: str) -> str:
    """The plain-words label of an indicator column (``reach_region_3`` -> ``Region 3``)."""
    region = _region_of(column)
    if region is not None and column not in BY_NAME:
        return BY_NAME[region[0]].label.replace(REGION, region[1])
    return indicator(column).label


def is_share(column: str) -> bool:
    """Whether an indicator column is a share (drawn and printed as a percentage)."""
    return indicator(column).kind == "share"


def _gap_of(values: list[float], sizes: list[int]) -> float:
    """Largest minus smallest of ``values`` where ``sizes`` > 0 (0 if none)."""
    kept = [v for v, size in zip(values, sizes, strict=True) if size > 0]
    return max(kept) - min(kept) if kept else 0.0


def cheap_indicators(model: PDNetworkModel) -> dict[str, float]:
    """Reach, channels, depth, trust, ties, memberships, money and equity this month."""
    t = model.teachers
    s = model.schools
    c = model.centres
    n = model.n_teachers
    cnt = np.count_nonzero
    out: dict[str, float] = {"month": float(model.month)}
    n_engaged = model.engaged_idx.size  # counted once a month by the model
    out["reach_teachers"] = n_engaged / n
    ever = cnt(t.ever)
    out["reach_teachers_ever"] = ever / n
    out["aware_share"] = cnt(t.aware) / n
    school_engaged = model.engaged_per_school > 0
    out["reach_schools"] = cnt(school_engaged) / school_engaged.size
    sch_e = np.bincount(s.level[school_engaged], minlength=4)
    sch_share = sch_e / np.maximum(model.schools_per_level, 1)
    # engaged teachers per (region, level) cell, counted by the model: both breakdowns
    cells = model.cell_engaged
    lvl_n = model.teachers_per_level
    lvl_reach = cells.sum(axis=0) / np.maximum(lvl_n, 1)
    reg_n = model.teachers_per_region
    reg_reach = model.region_reach
    lvl_list = lvl_reach.tolist()
    reg_list = reg_reach.tolist()
    for name, value in zip(LEVELS, lvl_list, strict=True):
        out[f"reach_{name}"] = value
    for name, value in zip(LEVELS, sch_share.tolist(), strict=True):
        out[f"reach_schools_{name}"] = value
    for r, value in enumerate(reg_list):
        out[f"reach_region_{r}"] = value
    n_att = model.attendees.size
    out["attendance"] = n_att / n
    out["mandated_attendance"] = cnt(t.forced) / n
    out["unmet_demand"] = float(model.unmet_region.sum()) / n
    by_channel = np.bincount(t.channel[model.attendees], minlength=len(CHANNELS))
    for k, name in enumerate(CHANNELS):
        out[f"attendance_{name}"] = by_channel[k] / n_att if n_att else 0.0
    out["unpaid_share"] = 1.0 - by_channel[PAID] / n_att if n_att else 0.0
    own = by_channel[LEAD] + by_channel[SECTION] + by_channel[SCHOOL_SESSION]
    out["own_time_share"] = own / n_att if n_att else 0.0
    out["volunteer_hours"] = float(c.hours[c.alive].sum()) * 1000.0 / n
    out["school_sessions"] = cnt(model.school_session) / len(s)
    out["practice_mean"] = float(t.practice.sum()) / n
    out["regular_share"] = model.regular_idx.size / n
    out["lead_share"] = model.leads_idx.size / n
    out["member_share"] = model.members_idx.size / n
    trust_mean = float(t.trust.sum()) / n
    out["trust_mean"] = trust_mean
    out["trust_sd"] = float(np.sqrt(max(float(np.dot(t.trust, t.trust)) / n - trust_mean**2, 0.0)))
    regional = c.regional
    out["n_centres"] = float(cnt(regional))
    out["active_sections"] = float(cnt(regional & (c.host == ASSOCIATION)))
    out["capacity"] = float(c.capacity[regional].sum())
    pt, ot = model.peer_ties, model.org_ties
    kinds = _live_kinds(pt) + _live_kinds(ot)
    n_ties = int(kinds.sum())
    total = max(n_ties, 1)
    out["n_ties"] = float(n_ties)
    out["ties_punctual"] = float(kinds[0] / total)
    out["ties_periodic"] = float(kinds[1] / total)
    out["ties_continuous"] = float(kinds[2] / total)
    out["formal_ties"] = float(cnt(ot.formal & ot.alive))
    out["schools_with_agreement"] = cnt(s.agreement_until) / len(s)
    co = model.companies
    out["companies_engaged"] = cnt(co.partner_of >= 0) / len(co) if len(co) else 0.0
    u = model.universities
    partnered = u.partner_of >= 0
    out["universities_engaged"] = cnt(partnered) / len(u) if len(u) else 0.0
    n_ite = cnt(u.ite)
    out["ite_engaged"] = cnt(partnered & u.ite) / n_ite if n_ite else 0.0
    m = t.memberships
    one, two, more = int(cnt(m == 1)), int(cnt(m == 2)), int(cnt(m >= 3))
    in_any = max(one + two + more, 1)
    out["member_1"] = one / in_any
    out["member_2"] = two / in_any
    out["member_3plus"] = more / in_any
    out["budget_month"] = float(model.spent_this_month)
    out["public_month"] = float(model.public_this_month)
    out["money_spent"] = float(model.money_spent)
    spent_m = model.money_spent / 1e6
    out["reach_per_million"] = n_engaged / spent_m if spent_m else 0.0
    out["cost_per_teacher_reached"] = model.money_spent / ever if ever else 0.0
    # (on the lists read above: the same max and min as numpy's, without four calls each)
    out["equity_gap_region"] = _gap_of(reg_list, reg_n.tolist())
    out["equity_gap_level"] = _gap_of(lvl_list, lvl_n.tolist())
    out["shock"] = float(model.shock_this_month)
    return out


def _live_kinds(store: TieStore) -> np.ndarray:
    """Live ties of each kind (punctual, periodic, continuous).

    Three counts rather than a ``bincount`` of the int8 kinds, which numpy first casts
    to a pointer-sized copy (several times slower on tens of thousands of ties).
    """
    kind, alive = store.kind, store.alive
    punctual = np.count_nonzero(alive & (kind == 0))
    periodic = np.count_nonzero(alive & (kind == 1))
    # every live tie is of one of the three kinds: the continuous ones are the rest
    continuous = np.count_nonzero(alive) - punctual - periodic
    return np.array([punctual, periodic, continuous], np.int64)


def network_indicators(model: PDNetworkModel) -> dict[str, float]:
    """Network shape: largest connected part, clustering, cross ties, host brokerage."""
    pt, ot = model.peer_ties, model.org_ties
    a = np.concatenate([pt.a[pt.alive], ot.a[ot.alive]])
    b = np.concatenate([pt.b[pt.alive], ot.b[ot.alive]])
    n_nodes = model.n_nodes
    active_nodes = np.ones(n_nodes, bool)
    active_nodes[model.offsets["centre"] :] = False
    active_nodes[model.offsets["centre"] + model.centres.open_slots] = True
    out: dict[str, float] = exchange_shares(model)
    if a.size == 0:
        return {**dict.fromkeys(NETWORK_COLUMNS, 0.0), **out}
    # both directions as sorted keys row << shift | col, then a CSR adjacency from them
    shift = key_shift(n_nodes)
    keys = sorted_keys(np.concatenate([(a << shift) | b, (b << shift) | a]), 2 * shift)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # a pair tied twice counts once
    row = keys >> shift
    indices = keys & ((1 << shift) - 1)
    deg = np.bincount(row, minlength=n_nodes)
    indptr = np.zeros(n_nodes + 1, np.int64)
    np.cumsum(deg, out=indptr[1:])
    # scipy's graph routines index with int32: given so, the matrix is made without
    # scanning and converting the int64 arrays
    small = max(n_nodes, keys.size) < 2**31
    index_type = np.int32 if small else np.int64
    mat = sp.csr_matrix(
        (np.ones(keys.size), indices.astype(index_type), indptr.astype(index_type)),
        shape=(n_nodes, n_nodes),
    )
    # the adjacency holds both directions of every tie, so the strongly connected parts
    # are the connected parts; scipy finds them without the transposed copy that its
    # undirected search makes (labels may be numbered otherwise: only sizes are read)
    _, labels = connected_components(mat, directed=True, connection="strong")
    sizes = np.bincount(labels[active_nodes])
    out["largest_component"] = float(sizes.max() / active_nodes.sum())
    rng = np.random.default_rng([model.seed_int, model.month])
    out["clustering"] = _closed_wedges(rng, np.flatnonzero(deg >= 2), indptr, indices, deg, keys)
    sector = model.node_sector
    region = model.node_region
    # shares as counts over sizes: the same quotients as np.mean of the booleans
    out["cross_sector_ties"] = np.count_nonzero(sector[a] != sector[b]) / a.size
    ra, rb = region[a], region[b]
    both = (ra >= 0) & (rb >= 0)
    n_both = np.count_nonzero(both)
    out["cross_region_ties"] = np.count_nonzero(ra[both] != rb[both]) / n_both if n_both else 0.0
    hosts = model.offsets["centre"] + model.centres.open_slots
    hosts = hosts[deg[hosts] >= 2]
    if hosts.size:
        # structural holes: share of pairs of a host's contacts not tied to each other
        k = BROKERAGE_SAMPLE
        closed = _wedge_closure(rng, np.repeat(hosts, k), indptr, indices, deg, keys)
        out["centre_brokerage"] = float(1.0 - closed.reshape(hosts.size, k).mean(axis=1).mean())
    else:
        out["centre_brokerage"] = 0.0
    return out


def exchange_shares(model: PDNetworkModel) -> dict[str, float]:
    """Pairs of institutions that exchanged in the last 12 months, shares by kind of actor.

    As the IMST network analysis counts them (brochure §3.f): a pair of
    institutions counts once however many of their people exchanged. A teacher
    stands for their school; exchanges between colleagues of one school are
    inside an institution and not counted. Kinds: 0-2 primary, secondary and
    vocational schools, 3 university, 4 company, 5 authority, 6 PD host.
    """
    since = model.month - EXCHANGE_WINDOW + 1
    inst = model.node_institution
    shift = key_shift(model.n_nodes)
    pairs = []
    for store in (model.peer_ties, model.org_ties):
        # a tie's last exchange in the window (its creation is not an exchange)
        used = store.alive & (store.last >= since) & (store.last > store.born)
        a, b = inst[store.a[used]], inst[store.b[used]]
        keep = a != b
        a, b = a[keep], b[keep]
        lo = np.minimum(a, b)
        lo <<= shift
        lo |= np.maximum(a, b)
        pairs.append(lo)
    keys = sorted_unique(np.concatenate(pairs), 2 * shift)
    if keys.size == 0:
        return dict.fromkeys(EXCHANGE_COLUMNS, 0.0)
    g = len(ACTOR_GROUPS)
    first, second = keys >> shift, keys & ((1 << shift) - 1)
    ga = model.node_group[first].astype(np.int64)
    gb = model.node_group[second].astype(np.int64)
    counts = np.bincount(np.minimum(ga, gb) * g + np.maximum(ga, gb), minlength=g * g)
    # whole counts throughout (pair kinds i <= j in the upper triangle), divided at the end
    upper = counts.reshape(g, g)
    total = int(upper.sum())
    sym = upper + upper.T - np.diag(np.diag(upper))  # pair (i, j) whatever the order
    involving = sym.sum(axis=1).tolist()  # pairs touching each kind of actor
    schools = slice(0, 3)
    return {
        "exchanges_centre_school": int(sym[6, schools].sum()) / total,
        "exchanges_school_school": int(upper[schools, schools].sum()) / total,
        "exchanges_secondary_secondary": int(upper[1, 1]) / total,
        "exchanges_university": involving[3] / total,
        "exchanges_authority": involving[5] / total,
        "exchanges_vocational": involving[2] / total,
        "exchanges_company": involving[4] / total,
    }


def _closed_wedges(
    rng: np.random.Generator,
    nodes: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    deg: np.ndarray,
    keys: np.ndarray,
) -> float:
    """Share of sampled wedges (two contacts of one node) whose ends are tied.

    Drawing the node uniformly and then two of its contacts estimates the mean
    local clustering coefficient.
    """
    if nodes.size == 0:
        return 0.0
    v = nodes[rng.integers(0, nodes.size, WEDGE_SAMPLE)]
    return float(_wedge_closure(rng, v, indptr, indices, deg, keys).mean())


def _wedge_closure(
    rng: np.random.Generator,
    v: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    deg: np.ndarray,
    keys: np.ndarray,
) -> np.ndarray:
    """For each node in ``v``, whether two random contacts of it are tied."""
    d = deg[v]
    i = rng.integers(0, d)
    j = (i + 1 + rng.integers(0, d - 1)) % d
    x = indices[indptr[v] + i]
    y = indices[indptr[v] + j]
    k = (x << key_shift(deg.size)) | y  # as the keys are made
    pos = np.minimum(np.searchsorted(keys, k), keys.size - 1)
    return keys[pos] == k
