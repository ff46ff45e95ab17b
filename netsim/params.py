"""The one typed schema of every model parameter.

Scenario files, the command line, the dashboard's controls and the ODD table
are all read from :data:`PARAMETERS`; nothing else repeats names, ranges or
defaults. Each parameter belongs to one group, as in exploratory modelling:

- ``population``: the country (how many teachers, schools, regions, ...);
- ``lever``: what a ministry or a network can choose (the policy);
- ``uncertain``: behaviour nobody controls (how fast trust grows, ...);
- ``switch``: turns one named submodel on or off;
- ``output``: how the run is observed (it does not change the dynamics).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Group = Literal["population", "lever", "uncertain", "switch", "output"]


class ParameterError(ValueError):
    """A parameter value the model cannot accept.

    Attributes:
        name: the parameter's name.
        allowed: what the parameter accepts, in plain words.
    """

    def __init__(self, name: str, message: str, allowed: str = "") -> None:
        self.name = name
        self.allowed = allowed
        self.reason = message
        text = f"parameter '{name}': {message}"
        if allowed:
            text += f" (allowed: {allowed})"
        super().__init__(text)


@dataclass(frozen=True, slots=True)
class Param:
    """One model parameter: its meaning, unit, default, range and source.

    Attributes:
        name: keyword the model takes.
        kind: Python type of the value (``int``, ``float`` or ``bool``).
        default: the value used when none is given.
        low: smallest allowed value (numbers only).
        high: largest allowed value (numbers only).
        unit: unit in plain words.
        group: population, lever, uncertain, switch or output.
        mechanism: the submodel that reads it.
        label: short label for controls.
        meaning: one sentence saying what it is.
        source: where in the model brief (or brochure) it comes from.
    """

    name: str
    kind: type
    default: Any
    low: float | None
    high: float | None
    unit: str
    group: Group
    mechanism: str
    label: str
    meaning: str
    source: str

    @property
    def allowed(self) -> str:
        """What the parameter accepts, in plain words."""
        if self.kind is bool:
            return "true or false"
        kind = "an integer" if self.kind is int else "a number"
        return f"{kind} from {_fmt(self.low)} to {_fmt(self.high)}"

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's type, or raise ParameterError."""
        if self.kind is bool:
            if isinstance(value, bool):
                return value
            raise ParameterError(self.name, f"got {value!r}", self.allowed)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(self.name, f"got {value!r}", self.allowed)
        if not math.isfinite(value):
            raise ParameterError(self.name, f"got {value!r}", self.allowed)
        if self.kind is int:
            if float(value) != int(value):
                raise ParameterError(self.name, f"got {value!r}, not an integer", self.allowed)
            value = int(value)
        else:
            value = float(value)
            if value != value:  # NaN
                raise ParameterError(self.name, "got NaN", self.allowed)
        low, high = float(self.low or 0), float(self.high or 0)
        if not low <= value <= high:
            raise ParameterError(self.name, f"got {value!r}, out of range", self.allowed)
        return value


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", " ")
    return f"{x:g}"


def _p(
    name: str,
    kind: type,
    default: Any,
    low: float | None,
    high: float | None,
    unit: str,
    group: Group,
    mechanism: str,
    label: str,
    meaning: str,
    source: str,
) -> Param:
    return Param(name, kind, default, low, high, unit, group, mechanism, label, meaning, source)


def _switch(mechanism: str, what: str, source: str) -> Param:
    return Param(
        f"enable_{mechanism}",
        bool,
        True,
        None,
        None,
        "on/off",
        "switch",
        mechanism,
        f"{mechanism.replace('_', ' ')} on",
        f"Run the {mechanism} submodel ({what}); off removes its effect.",
        source,
    )


MECHANISMS: tuple[str, ...] = (
    "trust",
    "participation",
    "mandates",
    "exchange",
    "tie_formation",
    "tie_decay",
    "agreements",
    "funding",
    "politics",
    "coordination",
    "companies",
    "learning",
    "national_events",
    "grassroots",
)
"""The named submodels, in the order a month runs them."""

_PARAMS: list[Param] = [
    # --- population: the country --------------------------------------------------------
    _p(
        "n_teachers",
        int,
        10_000,
        50,
        5_000_000,
        "teachers",
        "population",
        "population",
        "Teachers",
        "Number of STEM teachers in the country.",
        "§2 Teacher",
    ),
    _p(
        "n_regions",
        int,
        10,
        1,
        200,
        "regions",
        "population",
        "population",
        "Regions",
        "Number of regions, each with its regional authority.",
        "§2 Ministry; §6 (10 Maisons, 9 provinces, 13 LUMA centres)",
    ),
    _p(
        "region_size_inequality",
        float,
        0.5,
        0.0,
        2.0,
        "log-sd",
        "population",
        "population",
        "Region size inequality",
        "Spread (log standard deviation) of region sizes.",
        "§2 (regions of unequal size)",
    ),
    _p(
        "share_primary",
        float,
        0.45,
        0.0,
        1.0,
        "share",
        "population",
        "population",
        "Primary share",
        "Share of teachers in primary schools.",
        "§2 Teacher levels",
    ),
    _p(
        "share_lower_secondary",
        float,
        0.25,
        0.0,
        1.0,
        "share",
        "population",
        "population",
        "Lower-secondary share",
        "Share of teachers in lower-secondary schools.",
        "§2 Teacher levels",
    ),
    _p(
        "share_upper_secondary",
        float,
        0.2,
        0.0,
        1.0,
        "share",
        "population",
        "population",
        "Upper-secondary share",
        "Share of teachers in upper-secondary schools; vocational takes the rest.",
        "§2 Teacher levels",
    ),
    _p(
        "teachers_per_school",
        float,
        12.0,
        2.0,
        200.0,
        "teachers",
        "population",
        "population",
        "Teachers per school",
        "Mean number of STEM teachers per school (primary: half).",
        "§2 School",
    ),
    _p(
        "n_universities",
        int,
        12,
        0,
        2_000,
        "universities",
        "population",
        "population",
        "Universities",
        "Number of universities (potential centre hosts and partners).",
        "§2 University",
    ),
    _p(
        "n_companies",
        int,
        60,
        0,
        200_000,
        "companies",
        "population",
        "population",
        "Companies",
        "Number of local companies that could sponsor PD.",
        "§2 Company",
    ),
    _p(
        "n_initial_centres",
        int,
        2,
        0,
        500,
        "centres",
        "population",
        "population",
        "Existing centres",
        "PD centres (associations, sections) that already exist at month 0.",
        "§2 PD centre; §6 ANISN sections",
    ),
    _p(
        "colleague_ties",
        float,
        2.0,
        0.0,
        20.0,
        "ties per teacher",
        "population",
        "population",
        "Colleague ties",
        "Mean number of colleague ties each teacher starts with inside the school.",
        "§4 growth channels (teachers bring colleagues)",
    ),
    _p(
        "school_support_mean",
        float,
        0.45,
        0.0,
        1.0,
        "0..1",
        "population",
        "population",
        "School support",
        "Mean support of school leadership for PD.",
        "§2 School (principal decides if PD fits the plan)",
    ),
    _p(
        "teacher_workload_mean",
        float,
        0.55,
        0.0,
        1.0,
        "0..1",
        "population",
        "population",
        "Workload",
        "Mean teacher workload (time pressure against PD).",
        "§4 voluntary participation",
    ),
    _p(
        "university_willingness_mean",
        float,
        0.5,
        0.0,
        1.0,
        "0..1",
        "population",
        "population",
        "University willingness",
        "Mean willingness of universities to engage with school PD.",
        "§2 University; §4 frictions (finding the right people)",
    ),
    # --- levers: what a ministry or a network can choose ---------------------------------
    _p(
        "mandate_strength",
        float,
        0.0,
        0.0,
        1.0,
        "per month",
        "lever",
        "mandates",
        "Mandate strength",
        "Monthly probability that a teacher who would not come is required to attend PD.",
        "§4 voluntary participation; §5 top-down (may mandate participation)",
    ),
    _p(
        "budget_per_teacher",
        float,
        10.0,
        0.0,
        500.0,
        "€ per teacher per year",
        "lever",
        "funding",
        "Public budget",
        "Public PD-network budget per teacher and year.",
        "§2 Ministry budget; §5",
    ),
    _p(
        "central_funding_share",
        float,
        0.5,
        0.0,
        1.0,
        "share",
        "lever",
        "funding",
        "Central funding share",
        "Share of public money given to centres on fixed cycles; the rest follows demand.",
        "§5 top-down (central, fixed cycles) vs. bottom-up (money follows demand)",
    ),
    _p(
        "funding_cycle_months",
        int,
        36,
        1,
        240,
        "months",
        "lever",
        "funding",
        "Funding cycle",
        "Months between renegotiations of central funding.",
        "§2 Ministry (IMST: renegotiated every 3 years)",
    ),
    _p(
        "evaluation_weight",
        float,
        0.0,
        0.0,
        1.0,
        "share",
        "lever",
        "funding",
        "Evaluation weight",
        "Share of central money reallocated by evaluated performance at each renewal.",
        "§5 hybrid (evaluation at start, midway and end)",
    ),
    _p(
        "decree_centres",
        int,
        0,
        0,
        500,
        "centres",
        "lever",
        "funding",
        "Centres by decree",
        "Centres the ministry creates by decree at month 0 in universities.",
        "§5 top-down (ministry creates centres by decree)",
    ),
    _p(
        "grassroots_founding",
        float,
        0.0,
        0.0,
        1.0,
        "per month",
        "lever",
        "grassroots",
        "Grassroots founding",
        "Monthly chance that a large enough group of engaged teachers founds a centre.",
        "§5 bottom-up (teachers and local actors start the network)",
    ),
    _p(
        "founding_group_size",
        int,
        12,
        1,
        100_000,
        "teachers",
        "uncertain",
        "grassroots",
        "Founding group size",
        "Regular or lead teachers a region needs to found a centre.",
        "§4 growth channels; §6 ANISN local sections",
    ),
    _p(
        "steering_group",
        float,
        0.0,
        0.0,
        1.0,
        "0..1",
        "lever",
        "coordination",
        "Joint steering",
        "Strength of joint steering by ministry, regional authorities and the network.",
        "§4 coordination; §5 hybrid (joint steering group)",
    ),
    _p(
        "advisory_board",
        float,
        0.0,
        0.0,
        1.0,
        "0..1",
        "lever",
        "coordination",
        "Advisory board",
        "Strength of advisory boards bringing partners together.",
        "§4 coordination; §6 LUMA (advisory board of about 30 partners)",
    ),
    _p(
        "agreement_cycle_months",
        int,
        12,
        1,
        120,
        "months",
        "lever",
        "agreements",
        "Agreement cycle",
        "Months between renewals of written school agreements.",
        "§3 formal ties (ANISN renews school agreements yearly)",
    ),
    _p(
        "school_agreement_drive",
        float,
        0.05,
        0.0,
        1.0,
        "per month",
        "lever",
        "agreements",
        "Agreement drive",
        "Monthly chance that a centre proposes a written agreement to an engaged school,"
        " times (0.5 + the school's support).",
        "§4 growth channels (schools sign agreements); §6 ANISN",
    ),
    _p(
        "national_event_interval",
        int,
        12,
        0,
        240,
        "months",
        "lever",
        "national_events",
        "National event interval",
        "Months between national events (0: none).",
        "§4 growth channels (LUMA Days, IMST day)",
    ),
    _p(
        "company_outreach",
        float,
        0.2,
        0.0,
        1.0,
        "0..1",
        "lever",
        "companies",
        "Company outreach",
        "Effort the network puts into making companies aware of PD.",
        "§4 growth channels (companies rarely aware)",
    ),
    _p(
        "lead_teacher_support",
        float,
        0.3,
        0.0,
        1.0,
        "0..1",
        "lever",
        "learning",
        "Trainer support",
        "Support for lead teachers becoming trainers (train the trainers).",
        "§4 learning; §6 France (national centre trains trainers)",
    ),
    # --- uncertain: behaviour nobody controls --------------------------------------------
    _p(
        "initial_trust",
        float,
        0.3,
        0.0,
        1.0,
        "0..1",
        "uncertain",
        "trust",
        "Initial trust",
        "Mean trust of teachers in PD networks before any exchange.",
        "§4 trust",
    ),
    _p(
        "trust_gain",
        float,
        0.2,
        0.0,
        1.0,
        "per exchange",
        "uncertain",
        "trust",
        "Trust gain",
        "How far an exchange that delivers value closes the gap to full trust.",
        "§4 trust grows with exchanges that deliver value",
    ),
    _p(
        "trust_loss",
        float,
        0.3,
        0.0,
        1.0,
        "per exchange",
        "uncertain",
        "trust",
        "Trust loss",
        "How far a disappointing exchange lowers trust.",
        "§4 trust decays with disappointment",
    ),
    _p(
        "trust_decay",
        float,
        0.01,
        0.0,
        0.5,
        "per month",
        "uncertain",
        "tie_decay",
        "Trust decay",
        "Monthly loss of trust without exchange (disuse).",
        "§4 trust decays with disuse",
    ),
    _p(
        "w_need",
        float,
        1.5,
        0.0,
        10.0,
        "logit weight",
        "uncertain",
        "participation",
        "Weight of need",
        "Weight of PD need and motivation in the decision to take part.",
        "§4 voluntary participation",
    ),
    _p(
        "w_peers",
        float,
        2.5,
        0.0,
        10.0,
        "logit weight",
        "uncertain",
        "participation",
        "Weight of peers",
        "Weight of the share of engaged peers.",
        "§4 voluntary participation",
    ),
    _p(
        "w_school",
        float,
        1.0,
        0.0,
        10.0,
        "logit weight",
        "uncertain",
        "participation",
        "Weight of school support",
        "Weight of school leadership support.",
        "§4 voluntary participation",
    ),
    _p(
        "w_trust",
        float,
        2.5,
        0.0,
        10.0,
        "logit weight",
        "uncertain",
        "participation",
        "Weight of trust",
        "Weight of trust in the network.",
        "§4 voluntary participation",
    ),
    _p(
        "w_workload",
        float,
        2.0,
        0.0,
        10.0,
        "logit weight",
        "uncertain",
        "participation",
        "Weight of workload",
        "Weight of workload against taking part.",
        "§4 voluntary participation",
    ),
    _p(
        "participation_bias",
        float,
        -4.5,
        -15.0,
        5.0,
        "logit",
        "uncertain",
        "participation",
        "Baseline propensity",
        "Log-odds of taking part in a month with everything at zero.",
        "§4 voluntary participation",
    ),
    _p(
        "distance_penalty",
        float,
        1.5,
        0.0,
        10.0,
        "logit",
        "uncertain",
        "participation",
        "Distance penalty",
        "Lower propensity when the nearest centre is in another region.",
        "§4 communication most frequent inside regions",
    ),
    _p(
        "mandate_compliance",
        float,
        0.8,
        0.0,
        1.0,
        "share",
        "uncertain",
        "mandates",
        "Compliance",
        "Share of mandated teachers who actually attend.",
        "§4 mandates",
    ),
    _p(
        "mandate_trust_factor",
        float,
        0.3,
        0.0,
        1.0,
        "factor",
        "uncertain",
        "mandates",
        "Trust from forced attendance",
        "Trust gained by a mandated attendance, relative to a voluntary one.",
        "§4 forced attendance builds less trust",
    ),
    _p(
        "mandate_learning_factor",
        float,
        0.4,
        0.0,
        1.0,
        "factor",
        "uncertain",
        "mandates",
        "Learning from forced attendance",
        "Practice change from a mandated attendance, relative to a voluntary one.",
        "§4 forced attendance builds less change",
    ),
    _p(
        "power_friction",
        float,
        0.25,
        0.0,
        1.0,
        "value",
        "uncertain",
        "exchange",
        "Power friction",
        "Value lost in exchanges with a centre run by decree, times (1 - joint steering);"
        " authority-hosted centres lose 0.6 of it, others 0.1.",
        "§4 exchange (unequal power)",
    ),
    _p(
        "competition_friction",
        float,
        0.15,
        0.0,
        1.0,
        "value",
        "uncertain",
        "exchange",
        "Competition friction",
        "Value lost per competing centre in the same region.",
        "§4 exchange (competition between providers)",
    ),
    _p(
        "cost_per_place",
        float,
        80.0,
        1.0,
        5_000.0,
        "€ per attendance",
        "uncertain",
        "funding",
        "Cost per place",
        "Cost of one teacher attending one PD activity.",
        "§2 PD centre capacity",
    ),
    _p(
        "trainer_places",
        float,
        4.0,
        0.0,
        100.0,
        "places per month",
        "uncertain",
        "learning",
        "Places per trainer",
        "Monthly places a lead teacher offers as a volunteer trainer, times"
        " (0.5 + trainer support).",
        "§4 lead teachers become trainers",
    ),
    _p(
        "learning_rate",
        float,
        0.08,
        0.0,
        1.0,
        "per activity",
        "uncertain",
        "learning",
        "Learning rate",
        "Practice change from one valuable activity.",
        "§4 learning",
    ),
    _p(
        "lead_threshold",
        float,
        0.55,
        0.0,
        1.0,
        "practice",
        "uncertain",
        "learning",
        "Lead threshold",
        "Practice level from which a regular participant can become a trainer.",
        "§4 lead teachers become trainers",
    ),
    _p(
        "peer_tie_rate",
        float,
        0.03,
        0.0,
        1.0,
        "per month",
        "uncertain",
        "tie_formation",
        "New ties",
        "Monthly chance that an engaged teacher makes a friend of a friend.",
        "§4 peer diffusion inside and across schools",
    ),
    _p(
        "cross_region_share",
        float,
        0.05,
        0.0,
        1.0,
        "share",
        "uncertain",
        "tie_formation",
        "Cross-region ties",
        "Share of friend-of-friend attempts that look for an engaged teacher anywhere;"
        " one that lands in the same region makes no tie.",
        "§7 communication most frequent inside regions",
    ),
    _p(
        "event_ties",
        float,
        1.0,
        0.0,
        20.0,
        "ties per attendee",
        "uncertain",
        "national_events",
        "Ties per event attendee",
        "Mean tie attempts an attendee makes with other attendees at a national event;"
        " attempts within one region or with a known peer make no tie.",
        "§4 national events create ties across regions",
    ),
    _p(
        "tie_upgrade_exchanges",
        float,
        4.0,
        1.0,
        11.0,
        "exchanges per year",
        "uncertain",
        "tie_decay",
        "Exchanges for continuous",
        "Exchanges in about a year that turn a periodic tie into a continuous one.",
        "§3 kinds of ties (punctual, periodic, continuous)",
    ),
    _p(
        "tie_dissolve_months",
        int,
        24,
        1,
        600,
        "months",
        "uncertain",
        "tie_decay",
        "Tie lifetime without exchange",
        "Months without exchange after which a punctual tie ends.",
        "§3 ties; §4 trust decays with disuse",
    ),
    _p(
        "coordination_cost",
        float,
        0.06,
        0.0,
        1.0,
        "share per log-partner",
        "uncertain",
        "coordination",
        "Coordination cost",
        "Share of a centre's resources spent on coordination per log(1 + partners).",
        "§4 coordination cost grows with partners",
    ),
    _p(
        "company_awareness_gain",
        float,
        0.04,
        0.0,
        1.0,
        "per month",
        "uncertain",
        "companies",
        "Company awareness gain",
        "Monthly gain of a company's awareness of what PD brings, times (outreach +"
        " 0.5 advisory board) and (1 + reach in its region).",
        "§4 companies rarely aware of what PD brings them",
    ),
    _p(
        "company_contribution",
        float,
        60.0,
        0.0,
        100_000.0,
        "€ per month",
        "uncertain",
        "companies",
        "Company contribution",
        "Monthly money or equivalent an engaged company brings.",
        "§2 Company (skills, equipment, money)",
    ),
    _p(
        "political_term_months",
        int,
        60,
        6,
        240,
        "months",
        "uncertain",
        "politics",
        "Political term",
        "Months between elections.",
        "§2 Ministry (political term)",
    ),
    _p(
        "priority_change_prob",
        float,
        0.4,
        0.0,
        1.0,
        "per election",
        "uncertain",
        "politics",
        "Priority change chance",
        "Chance that an election changes the ministry's priorities.",
        "§4 frictions (political cycles shorter than networks)",
    ),
    _p(
        "priority_change_cut",
        float,
        0.5,
        0.0,
        1.0,
        "share",
        "uncertain",
        "politics",
        "Cut at priority change",
        "Share of public PD money lost when priorities change.",
        "§4 frictions (austerity, funding uncertainty)",
    ),
    _p(
        "multi_membership_rate",
        float,
        0.004,
        0.0,
        1.0,
        "per month",
        "uncertain",
        "tie_formation",
        "Second membership",
        "Monthly chance that a regular participant joins another PD institution.",
        "§7 IMST: 8 % of actors in two institutions, 2 % in three",
    ),
    # --- output --------------------------------------------------------------------------
    _p(
        "network_interval",
        int,
        12,
        1,
        1_200,
        "months",
        "output",
        "indicators",
        "Network indicators every",
        "Months between the costly network-shape indicators.",
        "§8 what users read",
    ),
]

_PARAMS += [
    _switch("trust", "trust update", "§4 trust"),
    _switch("participation", "voluntary participation", "§4 voluntary participation"),
    _switch("mandates", "mandates and compliance", "§4 mandates"),
    _switch("exchange", "frictions of unequal power and competition", "§4 exchange"),
    _switch("tie_formation", "new ties between teachers", "§4 growth channels"),
    _switch(
        "tie_decay",
        "kind changes and decay of ties, and idle teachers' trust decay",
        "§3 ties",
    ),
    _switch("agreements", "written school agreements and renewals", "§3 formal ties"),
    _switch("funding", "public funding and its cycles", "§5 funding"),
    _switch("politics", "elections and priority changes", "§4 frictions"),
    _switch("coordination", "coordination cost", "§4 coordination"),
    _switch("companies", "company engagement", "§2 Company"),
    _switch("learning", "practice change and lead teachers", "§4 learning"),
    _switch("national_events", "national events", "§4 growth channels"),
    _switch("grassroots", "centres grown from teacher groups", "§5 bottom-up"),
]

PARAMETERS: dict[str, Param] = {p.name: p for p in _PARAMS}
"""Every model parameter by name."""

DEFAULTS: dict[str, Any] = {p.name: p.default for p in _PARAMS}
"""Default value of every parameter."""


def suggest(name: str, candidates: Mapping[str, Any] | list[str] | None = None) -> str | None:
    """Return the valid name nearest to ``name``, or None if nothing is close."""
    pool = list(candidates if candidates is not None else PARAMETERS)
    found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return found[0] if found else None


def validate(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check parameters against the schema and return them complete, typed and with defaults.

    Args:
        values: parameter names and values; unknown names are rejected.

    Returns:
        A dict with every parameter of the schema.

    Raises:
        ParameterError: naming the first bad parameter and what is allowed.
    """
    out = dict(DEFAULTS)
    for name, value in values.items():
        if name not in PARAMETERS:
            near = suggest(name)
            hint = f"; did you mean '{near}'?" if near else ""
            raise ParameterError(name, f"unknown parameter{hint}", "a name from netsim.PARAMETERS")
        out[name] = PARAMETERS[name].check(value)
    shares = out["share_primary"] + out["share_lower_secondary"] + out["share_upper_secondary"]
    if shares > 1.0 + 1e-9:
        raise ParameterError(
            "share_upper_secondary",
            f"primary + lower-secondary + upper-secondary shares add up to {shares:g}",
            "shares whose sum is at most 1 (vocational takes the rest)",
        )
    return out
