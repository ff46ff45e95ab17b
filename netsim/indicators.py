"""What users read from a run (brief §8).

Cheap indicators every month, network shape at an interval. Each function
returns a flat dict of named numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netsim.population import ACTOR_GROUPS, LEVELS

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel

EXCHANGE_COLUMNS = (
    "exchanges_centre_school",
    "exchanges_school_school",
    "exchanges_secondary_secondary",
    "exchanges_university",
    "exchanges_authority",
    "exchanges_vocational",
    "exchanges_company",
)
NETWORK_COLUMNS = (
    "largest_component",
    "clustering",
    "cross_sector_ties",
    "cross_region_ties",
    "centre_brokerage",
    *EXCHANGE_COLUMNS,
)
WEDGE_SAMPLE = 4000
BROKERAGE_SAMPLE = 200  # wedges drawn per centre


def _gap(values: np.ndarray) -> float:
    return float(values.max() - values.min()) if values.size else 0.0


def cheap_indicators(model: PDNetworkModel) -> dict[str, float]:
    """Reach, depth, trust, ties, memberships, money and equity this month."""
    t = model.teachers
    s = model.schools
    c = model.centres
    n = model.n_teachers
    n_reg = model.n_regions
    cnt = np.count_nonzero
    out: dict[str, float] = {"month": float(model.month)}
    n_engaged = model.engaged_idx.size  # counted once a month by the model
    out["reach_teachers"] = n_engaged / n
    school_engaged = model.engaged_per_school > 0
    out["reach_schools"] = cnt(school_engaged) / school_engaged.size
    sch_e = np.bincount(s.level[school_engaged], minlength=4)
    sch_share = sch_e / np.maximum(model.schools_per_level, 1)
    # engaged teachers per (region, level) cell: one count gives both breakdowns
    cells = np.bincount(model.teacher_cell[model.engaged_idx], minlength=4 * n_reg).reshape(
        n_reg, 4
    )
    lvl_n = model.teachers_per_cell.sum(axis=0)
    lvl_reach = cells.sum(axis=0) / np.maximum(lvl_n, 1)
    reg_n = model.teachers_per_cell.sum(axis=1)
    reg_reach = cells.sum(axis=1) / np.maximum(reg_n, 1)
    model.region_reach[:] = reg_reach
    for k, name in enumerate(LEVELS):
        out[f"reach_{name}"] = float(lvl_reach[k])
    for k, name in enumerate(LEVELS):
        out[f"reach_schools_{name}"] = float(sch_share[k])
    for r, value in enumerate(reg_reach.tolist()):
        out[f"reach_region_{r}"] = value
    out["attendance"] = cnt(t.attended) / n
    out["mandated_attendance"] = cnt(t.forced) / n
    out["practice_mean"] = float(t.practice.sum()) / n
    out["regular_share"] = cnt(t.engagement >= 2) / n
    out["lead_share"] = cnt(t.lead) / n
    trust_mean = float(t.trust.sum()) / n
    out["trust_mean"] = trust_mean
    out["trust_sd"] = float(np.sqrt(max(float(np.dot(t.trust, t.trust)) / n - trust_mean**2, 0.0)))
    out["n_centres"] = float(cnt(c.alive))
    out["capacity"] = float(c.capacity.sum())
    pt, ot = model.peer_ties, model.org_ties
    kinds = np.array(
        [cnt(pt.alive & (pt.kind == k)) + cnt(ot.alive & (ot.kind == k)) for k in range(3)]
    )
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
    out["universities_engaged"] = cnt(u.partner_of >= 0) / len(u) if len(u) else 0.0
    m = t.memberships
    one, two, more = int(cnt(m == 1)), int(cnt(m == 2)), int(cnt(m >= 3))
    in_any = max(one + two + more, 1)
    out["member_1"] = one / in_any
    out["member_2"] = two / in_any
    out["member_3plus"] = more / in_any
    out["budget_month"] = float(model.spent_this_month)
    out["money_spent"] = float(model.money_spent)
    spent_m = model.money_spent / 1e6
    out["reach_per_million"] = n_engaged / spent_m if spent_m else 0.0
    ever = cnt(t.ever)
    out["cost_per_teacher_reached"] = model.money_spent / ever if ever else 0.0
    out["equity_gap_region"] = _gap(reg_reach[reg_n > 0])
    out["equity_gap_level"] = _gap(lvl_reach[lvl_n > 0])
    out["shock"] = float(model.shock_this_month)
    return out


def network_indicators(model: PDNetworkModel) -> dict[str, float]:
    """Network shape: largest connected part, clustering, cross ties, centre brokerage."""
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
    # both directions as sorted keys row * n + col, then a CSR adjacency from them
    keys = np.concatenate([a * n_nodes + b, b * n_nodes + a])
    keys.sort()
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # a pair tied twice counts once
    row = keys // n_nodes
    indices = keys - row * n_nodes
    deg = np.bincount(row, minlength=n_nodes)
    indptr = np.zeros(n_nodes + 1, np.int64)
    np.cumsum(deg, out=indptr[1:])
    mat = sp.csr_matrix((np.ones(keys.size, np.int8), indices, indptr), shape=(n_nodes, n_nodes))
    _, labels = connected_components(mat, directed=False)
    sizes = np.bincount(labels[active_nodes])
    out["largest_component"] = float(sizes.max() / active_nodes.sum())
    rng = np.random.default_rng([model.seed_int, model.month])
    out["clustering"] = _closed_wedges(rng, np.flatnonzero(deg >= 2), indptr, indices, deg, keys)
    sector = model.node_sector
    region = model.node_region
    out["cross_sector_ties"] = float(np.mean(sector[a] != sector[b]))
    both = (region[a] >= 0) & (region[b] >= 0)
    out["cross_region_ties"] = (
        float(np.mean(region[a][both] != region[b][both])) if both.any() else 0.0
    )
    centres = model.offsets["centre"] + model.centres.open_slots
    centres = centres[deg[centres] >= 2]
    if centres.size:
        # structural holes: share of pairs of a centre's contacts not tied to each other
        k = BROKERAGE_SAMPLE
        closed = _wedge_closure(rng, np.repeat(centres, k), indptr, indices, deg, keys)
        out["centre_brokerage"] = float(1.0 - closed.reshape(centres.size, k).mean(axis=1).mean())
    else:
        out["centre_brokerage"] = 0.0
    return out


def exchange_shares(model: PDNetworkModel) -> dict[str, float]:
    """Shares of exchanges between institutions over the last 12 months, by kind of actor.

    Kinds: 0-2 primary, secondary and vocational schools (teachers count for their
    school), 3 university, 4 company, 5 authority, 6 PD centre.
    """
    g = len(ACTOR_GROUPS)
    counts = model.exchange_counts.sum(axis=0).reshape(g, g).astype(np.float64)
    total = counts.sum()
    if total == 0:
        return dict.fromkeys(EXCHANGE_COLUMNS, 0.0)
    sym = counts + counts.T - np.diag(np.diag(counts))  # pair (i, j) whatever the order
    schools = [0, 1, 2]
    involving = sym.sum(axis=1)  # exchanges touching each kind of actor
    return {
        "exchanges_centre_school": float(sym[6, schools].sum() / total),
        "exchanges_school_school": float(np.triu(sym[np.ix_(schools, schools)]).sum() / total),
        "exchanges_secondary_secondary": float(sym[1, 1] / total),
        "exchanges_university": float(involving[3] / total),
        "exchanges_authority": float(involving[5] / total),
        "exchanges_vocational": float(involving[2] / total),
        "exchanges_company": float(involving[4] / total),
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
    k = x * deg.size + y
    pos = np.minimum(np.searchsorted(keys, k), keys.size - 1)
    return keys[pos] == k
