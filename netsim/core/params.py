"""The one typed schema of every model parameter.

Scenario files, the command line, the dashboard's controls and the ODD table
are all read from :data:`PARAMETERS`; nothing else repeats names, ranges or
defaults. Values are checked by one pydantic schema built from these records
(:meth:`Param.annotation`, :func:`parameters_model`): the model's keyword
arguments (:func:`validate`), single values (:meth:`Param.check`) and the
sections of scenario, experiment and calibration files (:mod:`netsim.io`).
Each parameter belongs to one group, as in exploratory modelling:

- ``population``: the country (how many teachers, schools, regions, ...);
- ``lever``: what a ministry or a network can choose (the policy);
- ``uncertain``: behaviour nobody controls (how fast trust grows, ...);
- ``switch``: turns one named submodel on or off;
- ``output``: how the run is observed (it does not change the dynamics).

Sources cite the LINKS brochure by its own sections: "Principles" is its
chapter of guiding principles (with Dalin's four functions, its figure 1),
§2.a-§2.e the five networks (IMST, ANISN, Maisons pour la science, LUMA, STEM
Learning), §3.a-§3.f the strategies, §4.a-§4.d the challenges and "Roadmap"
its closing recommendations. Outside sources are named (TALIS 2018, Bass
1969). "No figure" means the brochure gives no number: the default is set by
hand and is a candidate for calibration.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
    create_model,
)
from pydantic_core import ErrorDetails, PydanticCustomError

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
        mechanism: the submodel that reads it (a name of :data:`MECHANISMS`,
            ``population`` or ``indicators``).
        label: short label for controls.
        meaning: one sentence saying what it is.
        source: where in the brochure (or an outside source) it comes from.
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

    @property
    def behavioural(self) -> bool:
        """True for the parameters a sensitivity analysis of behaviour should reach."""
        return self.group in ("lever", "uncertain")

    def annotation(self) -> Any:
        """The pydantic type of this parameter's values: type, strictness and range.

        Strict: no text, no booleans for numbers, no NaN or infinity. An integer is
        accepted for a number (and becomes a float); a whole float for an integer
        (``3.0`` becomes ``3``), another float is refused as not an integer.
        """
        if self.kind is bool:
            return Annotated[bool, Strict()]
        limits = Field(ge=self.low, le=self.high, allow_inf_nan=False)
        if self.kind is int:
            return Annotated[int, BeforeValidator(whole_number), Strict(), limits]
        return Annotated[float, Strict(), limits]

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's type, or raise ParameterError."""
        try:
            return _adapter(self).validate_python(value)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            raise ParameterError(self.name, reason(error), self.allowed) from None


def whole_number(value: Any) -> Any:
    """A whole float as an integer, for an integer parameter; another float is refused."""
    if isinstance(value, float) and math.isfinite(value):
        if value.is_integer():
            return int(value)
        raise PydanticCustomError("not_integer", "not an integer")
    return value


def reason(error: ErrorDetails) -> str:
    """What is wrong with a parameter's value, from pydantic's error, in the schema's words."""
    value = error.get("input")
    if error["type"] in ("greater_than_equal", "less_than_equal"):
        return f"got {value!r}, out of range"
    if error["type"] == "not_integer":
        return f"got {value!r}, not an integer"
    return f"got {value!r}"


def parameter_error(name: str, error: ErrorDetails) -> ParameterError:
    """The :class:`ParameterError` of pydantic's error about parameter ``name``."""
    return ParameterError(name, reason(error), PARAMETERS[name].allowed)


@functools.cache
def _adapter(param: Param) -> TypeAdapter[Any]:
    return TypeAdapter(param.annotation())


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", " ")
    return f"{x:g}"


Row = tuple[str, type, Any, float, float, str, str, str, str]
"""name, kind, default, low, high, unit, label, meaning, source."""


def _rows(group: Group, mechanism: str, *rows: Row) -> list[Param]:
    return [Param(r[0], r[1], r[2], r[3], r[4], r[5], group, mechanism, *r[6:]) for r in rows]


MECHANISMS: tuple[str, ...] = (
    "politics",
    "funding",
    "companies",
    "universities",
    "coordination",
    "sections",
    "lead_sessions",
    "school_learning",
    "online",
    "awareness",
    "participation",
    "mandates",
    "delivery",
    "national_events",
    "exchange",
    "trust",
    "learning",
    "tie_formation",
    "tie_decay",
    "agreements",
    "grassroots",
    "international",
)
"""The named submodels, in the order a month runs them (one module each in
:mod:`netsim.core.submodels`, one subsection each in ODD §7)."""

NO_FIGURE = "no figure in the brochure (hand-set)"

_PARAMS: list[Param] = [
    # --- population: the country --------------------------------------------------------
    *_rows(
        "population",
        "population",
        (
            "n_teachers",
            int,
            10_000,
            50,
            5_000_000,
            "teachers",
            "Teachers",
            "Number of STEM teachers in the country.",
            "Principles (teachers as the target of PD)",
        ),
        (
            "n_regions",
            int,
            10,
            1,
            200,
            "regions",
            "Regions",
            "Number of regions, each with its regional authority.",
            "§2.a (9 provinces), §2.c (10 Maisons), §2.d (13 LUMA centres)",
        ),
        (
            "region_size_inequality",
            float,
            0.5,
            0.0,
            2.0,
            "log-sd",
            "Region size inequality",
            "Spread (log standard deviation) of region sizes.",
            NO_FIGURE,
        ),
        (
            "share_primary",
            float,
            0.45,
            0.0,
            1.0,
            "share",
            "Primary share",
            "Share of teachers in primary schools.",
            "§2.a (all school types); no figure",
        ),
        (
            "share_lower_secondary",
            float,
            0.25,
            0.0,
            1.0,
            "share",
            "Lower-secondary share",
            "Share of teachers in lower-secondary schools.",
            "§2.a; no figure",
        ),
        (
            "share_upper_secondary",
            float,
            0.2,
            0.0,
            1.0,
            "share",
            "Upper-secondary share",
            "Share of teachers in upper-secondary schools; vocational takes the rest.",
            "§2.a; no figure",
        ),
        (
            "early_career_share",
            float,
            0.25,
            0.0,
            1.0,
            "share",
            "Early-career share",
            "Share of teachers in their early career (more PD need, reached through teacher"
            " education); mid and late career share the rest 3 : 2.",
            NO_FIGURE,
        ),
        (
            "teachers_per_school",
            float,
            12.0,
            2.0,
            200.0,
            "teachers",
            "Teachers per school",
            "Mean number of STEM teachers per school (primary: half).",
            NO_FIGURE,
        ),
        (
            "n_universities",
            int,
            12,
            0,
            2_000,
            "universities",
            "Universities",
            "Number of universities and teacher-education institutions.",
            "§2.c, §2.d (centres in universities), §3.d",
        ),
        (
            "ite_share",
            float,
            0.5,
            0.0,
            1.0,
            "share",
            "Teacher-education share",
            "Share of universities that educate new teachers (initial teacher education).",
            "§2.e (every ITE institution reached), §2.d (LUMA's mission includes ITE), "
            "§3.d (ESPE as privileged partners); no figure",
        ),
        (
            "n_companies",
            int,
            60,
            0,
            200_000,
            "companies",
            "Companies",
            "Number of local companies that could sponsor PD.",
            "§3.d, §4.b",
        ),
        (
            "n_initial_centres",
            int,
            2,
            0,
            500,
            "sections",
            "Existing sections",
            "Association sections (teacher-run PD groups) that exist at month 0.",
            "§2.b (ANISN's 26 local sections)",
        ),
        (
            "founding_members",
            int,
            12,
            0,
            10_000,
            "teachers per section",
            "Founding members",
            "Members of each section existing at month 0 (its dedicated volunteers).",
            "§2.b (dedicated members who help others); no figure",
        ),
        (
            "founding_lead_share",
            float,
            0.25,
            0.0,
            1.0,
            "share",
            "Founding lead teachers",
            "Share of the founding members of a section who are lead teachers.",
            NO_FIGURE,
        ),
        (
            "colleague_ties",
            float,
            2.0,
            0.0,
            20.0,
            "ties per teacher",
            "Colleague ties",
            "Mean number of colleague ties each teacher starts with inside the school.",
            "Roadmap (autonomy in connection with a peer group); no figure",
        ),
        (
            "school_support_mean",
            float,
            0.45,
            0.0,
            1.0,
            "0..1",
            "School support",
            "Mean support of school leadership for PD.",
            "§3.a (principals write PD into the school plan)",
        ),
        (
            "teacher_workload_mean",
            float,
            0.55,
            0.0,
            1.0,
            "0..1",
            "Workload",
            "Mean teacher workload (time pressure against PD).",
            "TALIS 2018: conflict with the work schedule is the barrier to PD teachers "
            "report most (about half of them)",
        ),
        (
            "university_willingness_mean",
            float,
            0.5,
            0.0,
            1.0,
            "0..1",
            "University willingness",
            "Mean willingness of universities to engage with school PD.",
            "§4.b (not all the scientific community is engaged yet)",
        ),
        (
            "initial_awareness",
            float,
            0.05,
            0.0,
            1.0,
            "share",
            "Initial awareness",
            "Share of teachers who know the network and its offer at month 0.",
            NO_FIGURE,
        ),
    ),
    # --- levers: what a ministry or a network can choose ---------------------------------
    *_rows(
        "lever",
        "mandates",
        (
            "mandate_strength",
            float,
            0.0,
            0.0,
            1.0,
            "per month",
            "Mandate strength",
            "Monthly probability that a teacher who would not come is required to attend PD.",
            "Principles (networks impose no sanctions); top-down policies may mandate",
        ),
    ),
    *_rows(
        "lever",
        "funding",
        (
            "budget_per_teacher",
            float,
            10.0,
            0.0,
            500.0,
            "€ per teacher per year",
            "Public budget",
            "Public PD-network budget per teacher and year.",
            "§2.d (ministry funding since 2017), §3.d (rectorats pay activities); no figure",
        ),
        (
            "central_funding_share",
            float,
            0.5,
            0.0,
            1.0,
            "share",
            "Central funding share",
            "Share of public money given to centres on fixed cycles; the rest follows demand.",
            "§3.f (IMST funded on 3-year cycles); bottom-up: money follows demand",
        ),
        (
            "funding_cycle_months",
            int,
            36,
            1,
            240,
            "months",
            "Funding cycle",
            "Months between renegotiations of central funding.",
            "§3.f (IMST renewal negotiated every 3 years)",
        ),
        (
            "evaluation_weight",
            float,
            0.0,
            0.0,
            1.0,
            "share",
            "Evaluation weight",
            "Share of central money reallocated by evaluated performance at each renewal.",
            "Roadmap (evaluate at the start, midway and end); §3.f (yearly reports)",
        ),
        (
            "decree_centres",
            int,
            0,
            0,
            500,
            "centres",
            "Centres by decree",
            "Centres the ministry creates at month 0 in universities, run by paid staff.",
            "§2.c (10 Maisons created in universities)",
        ),
        (
            "spend_coordinators",
            float,
            0.1,
            0.0,
            1.0,
            "share",
            "Money for coordinators",
            "Share of a centre's money paying coordinator posts.",
            "§3.e, §4.c (coordination needs people); no figure",
        ),
        (
            "spend_release_time",
            float,
            0.1,
            0.0,
            1.0,
            "share",
            "Money for release time",
            "Share of a centre's money paying teachers' release time (substitutes).",
            "TALIS 2018 (schedule conflicts); no figure",
        ),
        (
            "spend_travel",
            float,
            0.05,
            0.0,
            1.0,
            "share",
            "Money for travel",
            "Share of a centre's money reimbursing teachers' travel.",
            "§3.d (rectorats reimburse travel and lunch); no figure",
        ),
    ),
    *_rows(
        "lever",
        "grassroots",
        (
            "grassroots_founding",
            float,
            0.0,
            0.0,
            1.0,
            "per month",
            "Grassroots founding",
            "Monthly chance that a large enough group of engaged teachers founds a section.",
            "§2.b (ANISN sections built by members over 30 years)",
        ),
    ),
    *_rows(
        "lever",
        "coordination",
        (
            "steering_group",
            float,
            0.0,
            0.0,
            1.0,
            "0..1",
            "Joint steering",
            "Strength of joint steering by ministry, regional authorities and the network"
            " (also pools the offers of rival centres).",
            "§3.e (IMST steering groups), §4.c (pool rival offers), Roadmap (joint steering)",
        ),
        (
            "advisory_board",
            float,
            0.0,
            0.0,
            1.0,
            "0..1",
            "Advisory board",
            "Strength of advisory boards bringing partners together.",
            "§3.a, §3.e (LUMA advisory board of about 30 partners)",
        ),
    ),
    *_rows(
        "lever",
        "agreements",
        (
            "agreement_cycle_months",
            int,
            12,
            1,
            120,
            "months",
            "Agreement cycle",
            "Months between renewals of written school agreements.",
            "§3.a (ANISN agreements often renewed yearly)",
        ),
        (
            "school_agreement_drive",
            float,
            0.05,
            0.0,
            1.0,
            "per month",
            "Agreement drive",
            "Monthly chance that a centre proposes a written agreement to an engaged school,"
            " times (0.5 + the school's support).",
            "§3.a (written agreements with principals)",
        ),
    ),
    *_rows(
        "lever",
        "national_events",
        (
            "national_event_interval",
            int,
            12,
            0,
            240,
            "months",
            "National event interval",
            "Months between national events (0: none).",
            "Roadmap (yearly LUMA Days, IMST day and seminar)",
        ),
        (
            "event_size",
            float,
            0.03,
            0.0,
            0.5,
            "share of teachers",
            "National event size",
            "Teachers a national event can take, as a share of all teachers.",
            "Roadmap (LUMA Days gather all actors for 2-3 days); no figure",
        ),
    ),
    *_rows(
        "lever",
        "companies",
        (
            "company_outreach",
            float,
            0.2,
            0.0,
            1.0,
            "0..1",
            "Company outreach",
            "Effort the network puts into making companies aware of PD.",
            "§3.d (seminars for local industry), §4.b",
        ),
    ),
    *_rows(
        "lever",
        "learning",
        (
            "lead_teacher_support",
            float,
            0.3,
            0.0,
            1.0,
            "0..1",
            "Lead-teacher support",
            "Support for lead teachers (training, recognition, release): raises promotion,"
            " the hours they give, their visits to other schools and their school's peer"
            " sessions.",
            "§3.c (CAS master teachers' leadership built up)",
        ),
        (
            "national_centre",
            float,
            0.0,
            0.0,
            1.0,
            "0..1",
            "National trainers' centre",
            "Strength of a national centre that trains trainers and makes resources.",
            "§2.c (national centre for trainers), §2.e (National STEM Learning Centre, York)",
        ),
    ),
    *_rows(
        "lever",
        "online",
        (
            "online_resources",
            float,
            0.0,
            0.0,
            1.0,
            "0..1",
            "Online resources",
            "Strength of free online resources (awareness and need, no practice change alone).",
            "§2.e (free online resources), §3.b (hosted resources widen reach)",
        ),
    ),
    *_rows(
        "lever",
        "tie_formation",
        (
            "thematic_networks",
            int,
            0,
            0,
            20,
            "networks",
            "Thematic networks",
            "National thematic networks that engaged teachers of every region can also join.",
            "§2.a (IMST: 3 national thematic networks beside 9 regional ones)",
        ),
    ),
    *_rows(
        "lever",
        "international",
        (
            "international_exchange",
            float,
            0.0,
            0.0,
            1.0,
            "0..1",
            "International exchange",
            "Strength of exchange with reference centres abroad: raises quality and lead teachers.",
            "§2.b (with La main à la pâte since 2009), Roadmap (share abroad)",
        ),
    ),
    *_rows(
        "lever",
        "delivery",
        (
            "newcomer_share",
            float,
            0.3,
            0.0,
            1.0,
            "share",
            "Places for newcomers",
            "Share of each host's places kept for first-timers (the rest go first to returning"
            " participants; unused places pass to the other group).",
            NO_FIGURE,
        ),
    ),
    # --- uncertain: behaviour nobody controls --------------------------------------------
    *_rows(
        "uncertain",
        "population",
        (
            "teacher_workload_sd",
            float,
            0.15,
            0.0,
            0.5,
            "0..1 (sd)",
            "Workload spread",
            "Standard deviation of teachers' initial workload around teacher_workload_mean"
            " (normal, clipped to 0..1).",
            NO_FIGURE,
        ),
        (
            "initial_trust_sd",
            float,
            0.1,
            0.0,
            0.5,
            "0..1 (sd)",
            "Initial trust spread",
            "Standard deviation of teachers' initial trust around initial_trust (normal,"
            " clipped to 0..1).",
            NO_FIGURE,
        ),
        (
            "school_support_sd",
            float,
            0.2,
            0.0,
            0.5,
            "0..1 (sd)",
            "School support spread",
            "Standard deviation of school leadership support around school_support_mean"
            " (normal, clipped to 0..1).",
            NO_FIGURE,
        ),
        (
            "university_willingness_sd",
            float,
            0.2,
            0.0,
            0.5,
            "0..1 (sd)",
            "University willingness spread",
            "Standard deviation of universities' willingness around"
            " university_willingness_mean (normal, before the ITE bonus; clipped to 0..1).",
            NO_FIGURE,
        ),
        (
            "early_career_need",
            float,
            0.15,
            0.0,
            1.0,
            "0..1",
            "Early-career need",
            "PD need added to early-career teachers' drawn need (clipped to 0..1).",
            NO_FIGURE,
        ),
        (
            "company_threshold_min",
            float,
            0.3,
            0.0,
            1.0,
            "0..1",
            "Company threshold, lowest",
            "Lowest awareness a company needs before it considers joining; thresholds are"
            " uniform from here to company_threshold_min + company_threshold_width (above 1: it"
            " never joins).",
            NO_FIGURE,
        ),
        (
            "company_threshold_width",
            float,
            0.5,
            0.0,
            1.0,
            "0..1",
            "Company threshold spread",
            "Width of the uniform range of companies' joining thresholds.",
            NO_FIGURE,
        ),
        (
            "teacher_need_alpha",
            float,
            2.0,
            0.1,
            50.0,
            "Beta shape",
            "Need, shape a",
            "First shape (a) of the Beta distribution of teachers' initial PD need (before"
            " early_career_need is added); its mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "teacher_need_beta",
            float,
            2.5,
            0.1,
            50.0,
            "Beta shape",
            "Need, shape b",
            "Second shape (b) of the Beta distribution of teachers' initial PD need (before"
            " early_career_need is added); its mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "teacher_motivation_alpha",
            float,
            2.5,
            0.1,
            50.0,
            "Beta shape",
            "Motivation, shape a",
            "First shape (a) of the Beta distribution of teachers' motivation and autonomy; its"
            " mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "teacher_motivation_beta",
            float,
            2.5,
            0.1,
            50.0,
            "Beta shape",
            "Motivation, shape b",
            "Second shape (b) of the Beta distribution of teachers' motivation and autonomy; its"
            " mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "teacher_practice_alpha",
            float,
            2.0,
            0.1,
            50.0,
            "Beta shape",
            "Initial practice, shape a",
            "First shape (a) of the Beta distribution of how far teachers' practice has changed at"
            " month 0; its mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "teacher_practice_beta",
            float,
            8.0,
            0.1,
            50.0,
            "Beta shape",
            "Initial practice, shape b",
            "Second shape (b) of the Beta distribution of how far teachers' practice has changed"
            " at month 0; its mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "university_research_alpha",
            float,
            5.0,
            0.1,
            50.0,
            "Beta shape",
            "University research, shape a",
            "First shape (a) of the Beta distribution of universities' research strength; its mean"
            " is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "university_research_beta",
            float,
            3.0,
            0.1,
            50.0,
            "Beta shape",
            "University research, shape b",
            "Second shape (b) of the Beta distribution of universities' research strength; its"
            " mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "company_awareness_alpha",
            float,
            1.0,
            0.1,
            50.0,
            "Beta shape",
            "Company awareness, shape a",
            "First shape (a) of the Beta distribution of companies' initial awareness of what PD"
            " brings; its mean is a / (a + b).",
            "§4.b (few companies aware of what PD could bring them); the shape: " + NO_FIGURE,
        ),
        (
            "company_awareness_beta",
            float,
            12.0,
            0.1,
            50.0,
            "Beta shape",
            "Company awareness, shape b",
            "Second shape (b) of the Beta distribution of companies' initial awareness of what PD"
            " brings; its mean is a / (a + b).",
            "§4.b (few companies aware of what PD could bring them); the shape: " + NO_FIGURE,
        ),
        (
            "company_motivation_alpha",
            float,
            2.0,
            0.1,
            50.0,
            "Beta shape",
            "Company motivation, shape a",
            "First shape (a) of the Beta distribution of companies' motivation (social"
            " responsibility and visibility); its mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "company_motivation_beta",
            float,
            2.0,
            0.1,
            50.0,
            "Beta shape",
            "Company motivation, shape b",
            "Second shape (b) of the Beta distribution of companies' motivation (social"
            " responsibility and visibility); its mean is a / (a + b).",
            NO_FIGURE,
        ),
        (
            "company_budget_sd",
            float,
            0.6,
            0.0,
            2.0,
            "log-sd",
            "Company budget spread",
            "Spread (log standard deviation) of companies' relative budgets, lognormal with"
            " median 1 (what each can give scales with it).",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "politics",
        (
            "political_term_months",
            int,
            60,
            6,
            240,
            "months",
            "Political term",
            "Months between elections.",
            "§4.d (political alternations)",
        ),
        (
            "priority_change_prob",
            float,
            0.4,
            0.0,
            1.0,
            "per election",
            "Priority change chance",
            "Chance that an election changes the ministry's priorities.",
            "§4.d (changes of objectives); no figure",
        ),
        (
            "priority_change_cut",
            float,
            0.5,
            0.0,
            1.0,
            "share",
            "Cut at priority change",
            "Share of public PD money lost when priorities change.",
            "§4.c, §4.d; no figure",
        ),
        (
            "steering_shield",
            float,
            0.6,
            0.0,
            1.0,
            "share",
            "Steering shield",
            "How much joint steering lowers the chance that an election drops PD.",
            "Roadmap (policymakers part of the network); no figure",
        ),
    ),
    *_rows(
        "uncertain",
        "funding",
        (
            "cost_per_place",
            float,
            80.0,
            1.0,
            5_000.0,
            "€ per attendance",
            "Cost per place",
            "Cost of one teacher attending one paid PD activity.",
            NO_FIGURE,
        ),
        (
            "centre_overhead",
            float,
            500.0,
            0.0,
            1_000_000.0,
            "€ per month",
            "Centre overhead",
            "Fixed monthly cost of running a staffed centre (rooms, administration); rival"
            " centres in one region each pay it unless a steering group pools them.",
            "§4.c (avoid double funding of similar offers); no figure",
        ),
        (
            "seed_grant_share",
            float,
            0.1,
            0.0,
            1.0,
            "share",
            "Seed grants",
            "Share of the demand-led money shared equally so that new centres can start.",
            NO_FIGURE,
        ),
        (
            "release_day_cost",
            float,
            200.0,
            1.0,
            5_000.0,
            "€ per teacher-day",
            "Release cost",
            "Cost of releasing one teacher for one day of PD (a substitute).",
            NO_FIGURE,
        ),
        (
            "release_relief",
            float,
            0.5,
            0.0,
            1.0,
            "share",
            "Relief from release time",
            "Share of the workload barrier removed for teachers whose release is fully paid.",
            "TALIS 2018 (schedule conflicts); no figure",
        ),
        (
            "travel_cost",
            float,
            25.0,
            0.0,
            1_000.0,
            "€ per attendance",
            "Travel cost",
            "Travel and lunch of one attendance at a centre.",
            "§3.d; no figure",
        ),
        (
            "travel_burden",
            float,
            0.5,
            0.0,
            10.0,
            "logit",
            "Travel burden",
            "Lower propensity to attend a centre when travel is not reimbursed.",
            "§3.d (rectorats reimburse travel); no figure",
        ),
        (
            "coordinator_cost",
            float,
            4_000.0,
            1.0,
            100_000.0,
            "€ per month",
            "Coordinator cost",
            "Monthly cost of one coordinator post.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "companies",
        (
            "company_awareness_gain",
            float,
            0.04,
            0.0,
            1.0,
            "per month",
            "Company awareness gain",
            "Monthly gain of a company's awareness of what PD brings, times (outreach +"
            " advisory_company_weight · advisory board) and (1 + reach in its region).",
            "§4.b (few companies aware of what PD could bring them)",
        ),
        (
            "company_join_rate",
            float,
            0.1,
            0.0,
            1.0,
            "per month",
            "Company joining",
            "Monthly chance that an aware company joins, times its motivation.",
            "Roadmap (social responsibility and visibility motivate companies); no figure",
        ),
        (
            "company_contribution",
            float,
            60.0,
            0.0,
            100_000.0,
            "€ per month",
            "Company money",
            "Monthly money an engaged company brings, times its size and tie commitment.",
            "§3.d (financial support)",
        ),
        (
            "company_staff_hours",
            float,
            2.0,
            0.0,
            1_000.0,
            "hours per month",
            "Company staff",
            "Monthly hours an engaged company's staff give to PD sessions (skills sponsorship,"
            " STEM-Ambassador-like volunteers), times its size and tie commitment.",
            "§3.d (skills sponsorship), §2.e (STEM Ambassadors)",
        ),
        (
            "company_equipment",
            float,
            0.1,
            0.0,
            1.0,
            "quality",
            "Company equipment",
            "Quality added to a centre by its companies' equipment (full at equip_full companies).",
            "§3.d (equipment donations)",
        ),
        (
            "advisory_company_weight",
            float,
            0.5,
            0.0,
            2.0,
            "weight",
            "Advisory board in outreach",
            "Weight of the advisory board in making companies aware, relative to company_outreach.",
            "§3.a, §3.e (advisory boards bring partners together); no figure",
        ),
        (
            "equip_full",
            float,
            3.0,
            1.0,
            50.0,
            "companies",
            "Equipment full at",
            "Engaged companies at which a centre's equipment quality is full; fewer add their"
            " share of company_equipment.",
            "§3.d (equipment donations); no figure",
        ),
        (
            "company_tie_trust",
            float,
            0.4,
            0.0,
            1.0,
            "0..1",
            "Company tie trust",
            "Trust of the tie a company makes when it joins a host.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "universities",
        (
            "university_recruit_rate",
            float,
            0.03,
            0.0,
            1.0,
            "per month",
            "University recruiting",
            "Monthly chance that a centre wins a free university of its region, times its"
            " willingness and (1 + advisory board).",
            "§4.b (hard to find all the right people in universities)",
        ),
        (
            "researcher_hours",
            float,
            8.0,
            0.0,
            1_000.0,
            "hours per month",
            "Researchers' time",
            "Monthly hours a partner university's researchers co-run sessions, times research,"
            " willingness and tie commitment.",
            "§3.b (co-construct and co-run activities)",
        ),
        (
            "ite_willingness",
            float,
            0.2,
            0.0,
            1.0,
            "0..1",
            "ITE willingness",
            "Extra willingness of teacher-education institutions to partner the network.",
            "§3.d (ESPE privileged partners), Roadmap (link PD to initial education)",
        ),
        (
            "ite_awareness",
            float,
            0.02,
            0.0,
            1.0,
            "per month",
            "Awareness through ITE",
            "Monthly chance that an early-career teacher learns of the network where a"
            " teacher-education institution of the region partners it.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "coordination",
        (
            "coordination_cost",
            float,
            0.06,
            0.0,
            1.0,
            "share per log-partner",
            "Coordination cost",
            "Share of a centre's resources spent coordinating, per log(1 + partners).",
            "Principles (coordination), §4.c (communication and coordination are a challenge)",
        ),
        (
            "steering_relief",
            float,
            0.5,
            0.0,
            1.0,
            "share",
            "Steering relief",
            "Share of the coordination cost removed by full joint steering.",
            "§3.e; no figure",
        ),
        (
            "advisory_relief",
            float,
            0.3,
            0.0,
            1.0,
            "share",
            "Advisory relief",
            "Share of the coordination cost removed by a full advisory board.",
            "§3.e; no figure",
        ),
        (
            "coordinator_relief",
            float,
            0.5,
            0.0,
            1.0,
            "share",
            "Coordinator relief",
            "Share of the coordination cost one coordinator post removes.",
            NO_FIGURE,
        ),
        (
            "volunteer_support",
            float,
            0.3,
            0.0,
            5.0,
            "share",
            "Volunteer support",
            "Extra volunteer hours at a host with one coordinator post, relative.",
            NO_FIGURE,
        ),
        (
            "agreement_partner_weight",
            float,
            0.2,
            0.0,
            1.0,
            "partners",
            "Agreement weight",
            "A school agreement counts as this share of a partner to coordinate.",
            "§3.a (partners provide rooms and labs); no figure",
        ),
        (
            "max_coordination",
            float,
            0.9,
            0.0,
            1.0,
            "share",
            "Coordination cap",
            "Largest share of resources coordination can take.",
            NO_FIGURE,
        ),
        (
            "coordinator_loss_share",
            float,
            0.3,
            0.0,
            1.0,
            "share",
            "Coordinator loss",
            "Extra coordination share while a centre has lost its key coordinator.",
            NO_FIGURE,
        ),
        (
            "coordinator_loss_months",
            int,
            12,
            1,
            120,
            "months",
            "Coordinator absence",
            "Months a lost coordinator is missing.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "sections",
        (
            "member_hours",
            float,
            0.5,
            0.0,
            100.0,
            "hours per month",
            "Member hours",
            "Monthly volunteer hours of a section member who is not a lead teacher.",
            "§2.b (members help others adapt); no figure",
        ),
        (
            "member_dues",
            float,
            30.0,
            0.0,
            1_000.0,
            "€ per year",
            "Member dues",
            "Yearly dues a section member pays to the section.",
            NO_FIGURE,
        ),
        (
            "section_min_volunteers",
            int,
            3,
            0,
            1_000,
            "teachers",
            "Section volunteers",
            "Volunteers (members and lead teachers) below which a section runs dry.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "lead_sessions",
        (
            "lead_hours",
            float,
            4.0,
            0.0,
            100.0,
            "hours per month",
            "Lead-teacher hours",
            "Monthly hours a lead teacher gives to sessions, times (0.5 + motivation),"
            " (0.5 + lead-teacher support) and the tie's commitment.",
            "§3.c (master teachers lead PD); no figure",
        ),
        (
            "lead_outreach",
            float,
            0.1,
            0.0,
            1.0,
            "visits per month",
            "Lead-teacher outreach",
            "Monthly chance that a lead teacher visits another school of their region to"
            " present the network, times (0.5 + motivation) and (0.5 + lead-teacher support).",
            "§3.c (master teachers lead PD beyond their school); no figure",
        ),
        (
            "outreach_awareness",
            float,
            0.3,
            0.0,
            5.0,
            "hazard per visit",
            "Awareness from an outreach visit",
            "Awareness hazard a lead teacher's visit adds, for that month, to every teacher of"
            " the school visited (chance of hearing: 1 - exp(-hazard)).",
            "§3.c (master teachers lead PD beyond their school); no figure",
        ),
        (
            "session_hours",
            float,
            6.0,
            0.5,
            40.0,
            "hours",
            "Session length",
            "Hours of preparation and delivery one session takes.",
            NO_FIGURE,
        ),
        (
            "volunteer_power_aversion",
            float,
            0.7,
            0.0,
            1.0,
            "share",
            "Power aversion",
            "Share of volunteer hours withheld from a host run by decree without joint steering"
            " (times its power factor, as for power friction).",
            "Principles (voluntary participation; interventions decided collectively)",
        ),
        (
            "session_size",
            float,
            12.0,
            1.0,
            200.0,
            "teachers",
            "Session size",
            "Teachers one session serves.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "school_learning",
        (
            "school_session_rate",
            float,
            0.3,
            0.0,
            1.0,
            "per month",
            "School sessions",
            "Monthly chance that a school with a lead teacher or enough trusting engaged"
            " teachers runs a peer session, times its leadership support.",
            "§3.a (principals bring their teachers in); Roadmap (peer groups)",
        ),
        (
            "lead_school_sessions",
            float,
            1.0,
            0.0,
            5.0,
            "factor",
            "Lead teachers' school sessions",
            "How much a lead teacher's support raises their school's chance of a peer session:"
            " the chance is times 1 + this x lead-teacher support in a school with a lead"
            " teacher (their trained, released time organises it).",
            "§3.c (CAS master teachers led PD in schools); no figure",
        ),
        (
            "school_min_engaged",
            int,
            2,
            1,
            100,
            "teachers",
            "School core group",
            "Engaged teachers with trust above the school threshold a school needs to run"
            " peer sessions without a lead teacher.",
            NO_FIGURE,
        ),
        (
            "school_session_trust",
            float,
            0.45,
            0.0,
            1.0,
            "0..1",
            "School session trust",
            "Trust an engaged teacher needs to count for the school's core group.",
            "Principles (trust lets people take risks); no figure",
        ),
        (
            "school_gain",
            float,
            0.5,
            0.0,
            1.0,
            "factor",
            "School session value",
            "Value of a school peer session relative to a session at a host.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "online",
        (
            "awareness_online",
            float,
            0.01,
            0.0,
            1.0,
            "per month",
            "Awareness online",
            "Monthly chance that a teacher learns of the network from its online resources"
            " at full strength.",
            "§2.e, §3.b; no figure",
        ),
        (
            "online_need_gain",
            float,
            0.2,
            0.0,
            1.0,
            "share",
            "Need from online use",
            "How far full online resources close the gap to full perceived PD need.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "awareness",
        (
            "awareness_peer",
            float,
            0.04,
            0.0,
            1.0,
            "per peer-month",
            "Awareness from peers",
            "Monthly chance of hearing of the network per engaged peer (weighted by the tie).",
            "Dalin's information function (Principles); the imitation coefficient of Bass (1969)",
        ),
        (
            "awareness_official",
            float,
            0.03,
            0.0,
            1.0,
            "per month",
            "Official information",
            "Monthly chance of hearing of it through official channels when one's home host"
            " is a centre by decree or of the authority (or, times joint steering, any host).",
            "§2.c (rectorats implement public policy); no figure",
        ),
        (
            "awareness_centre",
            float,
            0.004,
            0.0,
            1.0,
            "per month",
            "Centre publicity",
            "Monthly chance of hearing of it from any open host in one's region.",
            NO_FIGURE,
        ),
        (
            "awareness_agreement",
            float,
            0.2,
            0.0,
            1.0,
            "per month",
            "Awareness by agreement",
            "Monthly chance that a teacher of a school with an agreement hears of it.",
            "§3.a (principals integrate the offer in the school plan); no figure",
        ),
        (
            "awareness_event",
            float,
            0.2,
            0.0,
            1.0,
            "per tie",
            "Awareness from events",
            "Chance that a colleague of a national event attendee hears of the network.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "participation",
        (
            "w_need",
            float,
            1.5,
            0.0,
            10.0,
            "logit weight",
            "Weight of need",
            "Weight of PD need and motivation in the decision to take part.",
            "Roadmap (start from teachers' needs)",
        ),
        (
            "w_peers",
            float,
            2.5,
            0.0,
            10.0,
            "logit weight",
            "Weight of peers",
            "Weight of the (tie-weighted) share of engaged peers.",
            "Dalin's political function: diffusion through like-minded people",
        ),
        (
            "w_school",
            float,
            1.0,
            0.0,
            10.0,
            "logit weight",
            "Weight of school support",
            "Weight of school leadership support.",
            "§3.a",
        ),
        (
            "w_trust",
            float,
            2.5,
            0.0,
            10.0,
            "logit weight",
            "Weight of trust",
            "Weight of trust in the network.",
            "Principles (trust is the precondition)",
        ),
        (
            "w_workload",
            float,
            2.0,
            0.0,
            10.0,
            "logit weight",
            "Weight of workload",
            "Weight of workload against taking part.",
            "TALIS 2018 (schedule conflicts)",
        ),
        (
            "participation_bias",
            float,
            -4.5,
            -15.0,
            5.0,
            "logit",
            "Baseline propensity",
            "Log-odds of taking part in a month with everything at zero.",
            NO_FIGURE,
        ),
        (
            "distance_penalty",
            float,
            1.5,
            0.0,
            10.0,
            "logit",
            "Distance penalty",
            "Lower propensity when the home centre is in another region (travel not paid).",
            "Roadmap (centres close to teachers' workplaces), §3.f",
        ),
        (
            "w_invite",
            float,
            1.0,
            0.0,
            10.0,
            "logit",
            "Weight of an invitation",
            "Higher propensity in the month after an engaged colleague invited one.",
            "Dalin's political function; no figure",
        ),
        (
            "invite_rate",
            float,
            0.3,
            0.0,
            1.0,
            "per attendance",
            "Invitations",
            "Chance that an attendee brings one of their peers along next month.",
            NO_FIGURE,
        ),
        (
            "agreement_support",
            float,
            0.25,
            0.0,
            1.0,
            "0..1",
            "Agreement support",
            "School support added while the school has a written agreement.",
            "§3.a",
        ),
        (
            "agreement_pd_days",
            float,
            0.3,
            0.0,
            1.0,
            "share",
            "Planned PD days",
            "Share of the workload barrier removed for teachers of a school with an agreement.",
            "§3.a (PD written into the three-year school plan); no figure",
        ),
        (
            "tie_weight_periodic",
            float,
            1.5,
            0.0,
            10.0,
            "weight",
            "Periodic tie weight",
            "Weight of a periodic tie in peer influence, relative to a punctual one.",
            "§3.f (kinds of collaboration); no figure",
        ),
        (
            "tie_weight_continuous",
            float,
            2.0,
            0.0,
            10.0,
            "weight",
            "Continuous tie weight",
            "Weight of a continuous tie in peer influence, relative to a punctual one.",
            "§3.f; no figure",
        ),
        (
            "lead_peer_weight",
            float,
            1.0,
            0.0,
            10.0,
            "weight",
            "Lead-teacher pull",
            "Extra weight of an engaged peer who is a lead teacher.",
            "§3.c; no figure",
        ),
    ),
    *_rows(
        "uncertain",
        "mandates",
        (
            "mandate_compliance",
            float,
            0.8,
            0.0,
            1.0,
            "share",
            "Compliance",
            "Share of mandated teachers who actually attend.",
            NO_FIGURE,
        ),
        (
            "mandate_trust_factor",
            float,
            0.3,
            0.0,
            1.0,
            "factor",
            "Trust from forced attendance",
            "Trust gained by a mandated attendance, relative to a voluntary one.",
            "Principles (voluntary participation, no sanctions); no figure",
        ),
        (
            "mandate_learning_factor",
            float,
            0.4,
            0.0,
            1.0,
            "factor",
            "Learning from forced attendance",
            "Practice change from a mandated attendance, relative to a voluntary one.",
            "§3.a (hierarchical strategies cannot reach all of school education); no figure",
        ),
    ),
    *_rows(
        "uncertain",
        "delivery",
        (
            "commitment_periodic",
            float,
            1.25,
            0.0,
            10.0,
            "factor",
            "Periodic commitment",
            "Resources a partner or lead teacher commits through a periodic tie, relative to"
            " a punctual one.",
            "§3.f (trust makes joint activities last); no figure",
        ),
        (
            "commitment_continuous",
            float,
            1.5,
            0.0,
            10.0,
            "factor",
            "Continuous commitment",
            "Resources committed through a continuous tie, relative to a punctual one.",
            "§3.f; no figure",
        ),
        (
            "close_after_months",
            int,
            6,
            1,
            120,
            "months",
            "Months to close",
            "Months a centre can go without places, or a section without volunteers, before"
            " it closes.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "national_events",
        (
            "event_ties",
            float,
            1.0,
            0.0,
            20.0,
            "ties per attendee",
            "Ties per event attendee",
            "Mean tie attempts an attendee makes with other attendees at a national event;"
            " attempts within one region or with a known peer make no tie.",
            "Roadmap (national events bring all actors together)",
        ),
        (
            "event_attend_regular",
            float,
            0.3,
            0.0,
            1.0,
            "share",
            "Event draw (regular)",
            "Chance that a regular or lead teacher wants to attend a national event.",
            NO_FIGURE,
        ),
        (
            "event_attend_occasional",
            float,
            0.05,
            0.0,
            1.0,
            "share",
            "Event draw (occasional)",
            "Chance that an occasional participant wants to attend.",
            NO_FIGURE,
        ),
        (
            "event_attend_aware",
            float,
            0.01,
            0.0,
            1.0,
            "share",
            "Event draw (newcomers)",
            "Chance that an aware teacher who is not engaged (never took part, or lapsed) wants"
            " to attend.",
            NO_FIGURE,
        ),
        (
            "event_gain",
            float,
            0.5,
            0.0,
            1.0,
            "factor",
            "Event value",
            "Value of attending a national event relative to a session at a host.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "exchange",
        (
            "base_quality",
            float,
            0.35,
            0.0,
            1.0,
            "0..1",
            "Base quality",
            "Quality of a session before partners and lead teachers add to it.",
            NO_FIGURE,
        ),
        (
            "quality_research",
            float,
            0.2,
            0.0,
            1.0,
            "quality",
            "Research quality",
            "Quality added by the best research capacity among a centre's universities.",
            "§2.c (research keeps PD up to date), Roadmap",
        ),
        (
            "quality_synergy",
            float,
            0.1,
            0.0,
            1.0,
            "quality",
            "Synergy",
            "Quality added when all four kinds of partner (school, university, company,"
            " authority) work with a centre.",
            "Principles (synergy)",
        ),
        (
            "quality_leads",
            float,
            0.1,
            0.0,
            1.0,
            "quality",
            "Lead-teacher quality",
            "Quality added when a host has one lead teacher per participant.",
            "§3.c",
        ),
        (
            "quality_coordination",
            float,
            0.3,
            0.0,
            1.0,
            "quality",
            "Coordination drag",
            "Quality lost per unit of coordination share.",
            "§4.c",
        ),
        (
            "quality_national_centre",
            float,
            0.1,
            0.0,
            1.0,
            "quality",
            "Trained trainers",
            "Quality added by a full national trainers' centre.",
            "§2.c, §2.e",
        ),
        (
            "quality_international",
            float,
            0.1,
            0.0,
            1.0,
            "quality",
            "International quality",
            "Quality added by full international exchange.",
            "§2.b",
        ),
        (
            "value_noise",
            float,
            0.15,
            0.0,
            1.0,
            "value",
            "Exchange noise",
            "Standard deviation of the value a teacher draws from one activity.",
            NO_FIGURE,
        ),
        (
            "value_need_weight",
            float,
            0.4,
            0.0,
            1.0,
            "share",
            "Need fit",
            "Share of an activity's value that depends on the teacher's need.",
            NO_FIGURE,
        ),
        (
            "power_friction",
            float,
            0.25,
            0.0,
            1.0,
            "value",
            "Power friction",
            "Value lost in exchanges with a centre run by decree, times (1 - joint steering).",
            "Principles (unequal power is a friction to resolve)",
        ),
        (
            "power_authority",
            float,
            0.6,
            0.0,
            1.0,
            "factor",
            "Authority power",
            "Power friction of an authority-hosted centre relative to a decree centre.",
            NO_FIGURE,
        ),
        (
            "power_association",
            float,
            0.1,
            0.0,
            1.0,
            "factor",
            "Association power",
            "Power friction of a university- or association-hosted centre relative to a"
            " decree centre.",
            NO_FIGURE,
        ),
        (
            "competition_friction",
            float,
            0.1,
            0.0,
            1.0,
            "value",
            "Competition friction",
            "Value lost per rival host in the same region, times (1 - joint steering).",
            "Principles (competition between actors), §4.c",
        ),
    ),
    *_rows(
        "uncertain",
        "trust",
        (
            "initial_trust",
            float,
            0.3,
            0.0,
            1.0,
            "0..1",
            "Initial trust",
            "Mean trust of teachers in PD networks before any exchange.",
            NO_FIGURE,
        ),
        (
            "trust_gain",
            float,
            0.2,
            0.0,
            1.0,
            "per exchange",
            "Trust gain",
            "How far an exchange that delivers value closes the gap to full trust.",
            "Principles (trust grows with exchange), §3.a",
        ),
        (
            "trust_loss",
            float,
            0.3,
            0.0,
            1.0,
            "per exchange",
            "Trust loss",
            "How far a disappointing exchange lowers trust.",
            NO_FIGURE,
        ),
        (
            "trust_contagion",
            float,
            0.05,
            0.0,
            1.0,
            "per month",
            "Trust contagion",
            "Monthly move of a teacher's trust toward the tie-weighted trust of engaged peers.",
            "Dalin's psychological function (Principles); §3.a (shared vision)",
        ),
        (
            "tie_trust_gain",
            float,
            0.5,
            0.0,
            1.0,
            "factor",
            "Tie trust gain",
            "Trust a tie gains in a month it carries an exchange, relative to trust_gain.",
            "§3.f (respect and mutual interest build lasting relations)",
        ),
        (
            "org_tie_trust",
            float,
            0.5,
            0.0,
            1.0,
            "0..1",
            "Organisation tie trust",
            "Trust of a new tie between organisations: host and its authority, university"
            " host or partner, school agreement, hosts meeting at a national event (company"
            " ties: company_tie_trust).",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "learning",
        (
            "learning_rate",
            float,
            0.08,
            0.0,
            1.0,
            "per activity",
            "Learning rate",
            "Practice change from one valuable activity.",
            "Principles (learning)",
        ),
        (
            "activity_memory",
            float,
            0.917,
            0.0,
            1.0,
            "per month",
            "Activity memory",
            "Share of the activity count kept from one month to the next (11/12: a year).",
            NO_FIGURE,
        ),
        (
            "occasional_activity",
            float,
            0.3,
            0.0,
            12.0,
            "activities",
            "Occasional from",
            "Activity count from which a teacher is an occasional participant (about 14"
            " months after one activity).",
            NO_FIGURE,
        ),
        (
            "regular_activity",
            float,
            2.5,
            0.0,
            12.0,
            "activities",
            "Regular from",
            "Activity count from which a teacher is a regular participant.",
            NO_FIGURE,
        ),
        (
            "lead_threshold",
            float,
            0.55,
            0.0,
            1.0,
            "practice",
            "Lead threshold",
            "Practice level from which a regular participant can become a lead teacher.",
            "§3.c",
        ),
        (
            "lead_trust",
            float,
            0.5,
            0.0,
            1.0,
            "0..1",
            "Lead trust",
            "Trust a regular participant needs to become a lead teacher.",
            NO_FIGURE,
        ),
        (
            "lead_promotion",
            float,
            0.01,
            0.0,
            1.0,
            "per month",
            "Lead promotion",
            "Monthly chance that an eligible teacher becomes a lead teacher, times (0.5 +"
            " lead-teacher support) and their motivation.",
            NO_FIGURE,
        ),
        (
            "lead_keep_activity",
            float,
            1.0,
            0.0,
            12.0,
            "activities",
            "Lead teachers stay from",
            "Activity count (taking part or leading) below which a lead teacher stops.",
            NO_FIGURE,
        ),
        (
            "national_centre_boost",
            float,
            1.0,
            0.0,
            10.0,
            "factor",
            "Train-the-trainers",
            "Relative rise of lead promotion with a full national trainers' centre.",
            "§2.c, §2.e, §3.c",
        ),
        (
            "international_boost",
            float,
            0.5,
            0.0,
            10.0,
            "factor",
            "Learning from abroad",
            "Relative rise of lead promotion with full international exchange.",
            "§2.b",
        ),
    ),
    *_rows(
        "uncertain",
        "tie_formation",
        (
            "peer_tie_rate",
            float,
            0.03,
            0.0,
            1.0,
            "per month",
            "New ties",
            "Monthly chance that an engaged teacher makes a friend of a friend.",
            "Roadmap (peer groups); no figure",
        ),
        (
            "cross_region_share",
            float,
            0.05,
            0.0,
            1.0,
            "share",
            "Cross-region ties",
            "Share of friend-of-friend attempts that look for an engaged teacher anywhere;"
            " one that lands in the same region makes no tie.",
            "§3.f (communication most frequent inside regional networks)",
        ),
        (
            "co_attendance_ties",
            float,
            0.25,
            0.0,
            1.0,
            "per pair",
            "Co-attendance ties",
            "Chance that two attendees paired at the same host in a month become peers.",
            NO_FIGURE,
        ),
        (
            "multi_membership_rate",
            float,
            0.004,
            0.0,
            1.0,
            "per month",
            "Second membership",
            "Monthly chance that a regular participant joins another regional host.",
            "§2.a (institutions belong to several networks at once)",
        ),
        (
            "thematic_join_rate",
            float,
            0.01,
            0.0,
            1.0,
            "per month",
            "Thematic membership",
            "Monthly chance that a regular participant joins one of the national thematic"
            " networks.",
            "§2.a, §3.f (8 % of actors in two institutions, 2 % in three)",
        ),
    ),
    *_rows(
        "uncertain",
        "tie_decay",
        (
            "trust_decay",
            float,
            0.01,
            0.0,
            0.5,
            "per month",
            "Trust decay",
            "Monthly loss of trust without exchange (disuse).",
            NO_FIGURE,
        ),
        (
            "punctual_upgrade_exchanges",
            float,
            1.5,
            0.0,
            11.0,
            "exchanges per year",
            "Exchanges for periodic",
            "Exchanges in about a year that turn a punctual tie into a periodic one.",
            "§3.f",
        ),
        (
            "punctual_upgrade_trust",
            float,
            0.4,
            0.0,
            1.0,
            "0..1",
            "Trust for periodic",
            "Tie trust needed to turn a punctual tie into a periodic one.",
            "§3.f",
        ),
        (
            "tie_upgrade_exchanges",
            float,
            4.0,
            1.0,
            11.0,
            "exchanges per year",
            "Exchanges for continuous",
            "Exchanges in about a year that turn a periodic tie into a continuous one.",
            "§3.f",
        ),
        (
            "continuous_trust",
            float,
            0.55,
            0.0,
            1.0,
            "0..1",
            "Trust for continuous",
            "Tie trust needed to turn a periodic tie into a continuous one.",
            "§3.f",
        ),
        (
            "periodic_idle_months",
            int,
            12,
            1,
            600,
            "months",
            "Periodic idle limit",
            "Months without exchange after which a periodic tie falls back to punctual.",
            "§3.f (one or two seminars a year)",
        ),
        (
            "continuous_idle_months",
            int,
            6,
            1,
            600,
            "months",
            "Continuous idle limit",
            "Months without exchange after which a continuous tie falls back to periodic.",
            NO_FIGURE,
        ),
        (
            "tie_dissolve_months",
            int,
            24,
            1,
            600,
            "months",
            "Tie lifetime without exchange",
            "Months without exchange after which a punctual tie ends.",
            NO_FIGURE,
        ),
        (
            "tie_end_trust",
            float,
            0.02,
            0.0,
            1.0,
            "0..1",
            "Trust that ends a tie",
            "Tie trust below which a tie that is neither kept nor formal ends.",
            NO_FIGURE,
        ),
    ),
    *_rows(
        "uncertain",
        "agreements",
        (
            "agreement_engaged_share",
            float,
            0.25,
            0.0,
            1.0,
            "share",
            "Engaged share to sign",
            "Share of a school's teachers who must be engaged before it may sign an agreement.",
            NO_FIGURE,
        ),
        (
            "agreement_renewal_trust",
            float,
            0.35,
            0.0,
            1.0,
            "0..1",
            "Trust to renew",
            "Mean trust of a school's engaged teachers needed to renew its agreement.",
            "§3.a (agreements renewed according to the year's changes)",
        ),
        (
            "agreement_rooms",
            float,
            0.5,
            0.0,
            5.0,
            "share",
            "Rooms from agreements",
            "Extra hours a lead teacher gives when their school's agreement brings rooms and labs.",
            "§3.a (partners provide rooms and laboratories); no figure",
        ),
    ),
    *_rows(
        "uncertain",
        "grassroots",
        (
            "founding_group_size",
            int,
            12,
            1,
            100_000,
            "teachers",
            "Founding group size",
            "Regular or lead teachers a region needs to found a section.",
            "§2.b; no figure",
        ),
        (
            "rival_founding_factor",
            float,
            0.25,
            0.0,
            1.0,
            "factor",
            "Founding beside others",
            "Founding chance in a region that already has a host, relative to one that has"
            " none (only when its unmet demand is large).",
            NO_FIGURE,
        ),
        (
            "founding_unmet_groups",
            float,
            5.0,
            0.0,
            1_000.0,
            "groups",
            "Unmet demand to found",
            "Unmet demand, in founding groups, that lets a region with a host found another.",
            NO_FIGURE,
        ),
        (
            "max_hosts_per_region",
            int,
            3,
            1,
            100,
            "hosts",
            "Hosts per region",
            "Largest number of open hosts in a region that founding may reach.",
            NO_FIGURE,
        ),
    ),
    # --- output --------------------------------------------------------------------------
    *_rows(
        "output",
        "indicators",
        (
            "network_interval",
            int,
            12,
            1,
            1_200,
            "months",
            "Network indicators every",
            "Months between the costly network-shape indicators.",
            "what users read (reach, depth, network shape, trust, cost, equity)",
        ),
    ),
]

_SWITCHES: dict[str, tuple[str, str]] = {
    "politics": ("elections and priority changes", "§4.d"),
    "funding": ("public money, its cycles and paid places", "§3.d, §3.f"),
    "companies": ("company awareness, joining, staff, equipment and money", "§3.d"),
    "universities": ("university partners, researchers' time and ITE", "§3.b, §3.d"),
    "coordination": ("coordination cost", "Principles (coordination), §4.c"),
    "sections": ("association sections run by members' volunteer hours", "§2.b"),
    "lead_sessions": ("sessions run by lead teachers' time", "§3.c"),
    "school_learning": ("school-based peer sessions along colleague ties", "§3.a"),
    "online": ("free online resources", "§2.e"),
    "awareness": ("the awareness stage; off: every teacher knows the network", "Principles"),
    "participation": ("voluntary participation", "Principles"),
    "mandates": ("mandates and compliance", "Principles"),
    "delivery": (
        "spill-over between channels and hosts and the newcomer share; off: one lottery at"
        " the home host",
        "Principles (exchange)",
    ),
    "national_events": ("national events", "Roadmap"),
    "exchange": ("frictions of unequal power and competition", "Principles"),
    "trust": ("trust update and contagion", "Principles"),
    "learning": ("practice change and lead teachers", "Principles"),
    "tie_formation": ("new ties between teachers and memberships", "Roadmap"),
    "tie_decay": ("kind changes and decay of ties, and idle teachers' trust decay", "§3.f"),
    "agreements": ("written school agreements and renewals", "§3.a"),
    "grassroots": ("sections founded by teacher groups", "§2.b"),
    "international": ("international exchange and projects", "§2.b"),
}
"""Mechanism -> (what its switch turns off, source)."""

_PARAMS += [
    Param(
        f"enable_{name}",
        bool,
        True,
        None,
        None,
        "on/off",
        "switch",
        name,
        f"{name.replace('_', ' ')} on",
        f"Run the {name} submodel ({what}).",
        source,
    )
    for name, (what, source) in _SWITCHES.items()
]

PARAMETERS: dict[str, Param] = {p.name: p for p in _PARAMS}
"""Every model parameter by name."""

DEFAULTS: dict[str, Any] = {p.name: p.default for p in _PARAMS}
"""Default value of every parameter."""

SHARE_GROUPS: dict[tuple[str, ...], str] = {
    ("share_primary", "share_lower_secondary", "share_upper_secondary"): (
        "shares whose sum is at most 1 (vocational takes the rest)"
    ),
    ("spend_coordinators", "spend_release_time", "spend_travel"): (
        "shares whose sum is at most 1 (places take the rest)"
    ),
}
"""Groups of shares that must add up to at most 1, with what is allowed."""


@functools.cache
def parameters_model() -> type[BaseModel]:
    """The pydantic model of every parameter (:meth:`Param.annotation`, the default).

    Built once, on first use. The file formats build their sections from the same
    annotations (:mod:`netsim.io.scenarios`).
    """
    fields: dict[str, Any] = {
        p.name: (p.annotation(), Field(default=p.default, title=p.label, description=p.meaning))
        for p in PARAMETERS.values()
    }
    return create_model("Parameters", __config__=ConfigDict(extra="forbid"), **fields)


def suggest(name: str, candidates: Mapping[str, Any] | list[str] | None = None) -> str | None:
    """Return the valid name nearest to ``name``, or None if nothing is close."""
    pool = list(candidates if candidates is not None else PARAMETERS)
    found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, candidates: Mapping[str, Any] | list[str] | None = None) -> str:
    """``"; did you mean 'x'?"`` with the valid name nearest to ``name``, or ``""``."""
    near = suggest(name, candidates)
    return f"; did you mean '{near}'?" if near else ""


def validate(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check parameters against the schema and return them complete, typed and with defaults.

    Args:
        values: parameter names and values; unknown names are rejected.

    Returns:
        A dict with every parameter of the schema.

    Raises:
        ParameterError: naming the first bad parameter and what is allowed.
    """
    for name in values:
        if name not in PARAMETERS:
            hint = did_you_mean(name)
            raise ParameterError(name, f"unknown parameter{hint}", "a name from netsim.PARAMETERS")
    try:
        out = parameters_model().model_validate(dict(values)).model_dump()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = min(errors, key=lambda e: list(values).index(str(e["loc"][0])))
        raise parameter_error(str(first["loc"][0]), first) from None
    for keys, allowed in SHARE_GROUPS.items():
        total = sum(out[k] for k in keys)
        if total > 1.0 + 1e-9:
            raise ParameterError(keys[-1], f"{' + '.join(keys)} add up to {total:g}", allowed)
    return out
