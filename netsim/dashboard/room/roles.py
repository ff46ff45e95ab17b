"""The workshop room's roles: who they are, what they see and what they decide.

Each role has a briefing in the NetLogo manner (what is it, things to notice,
things to try) and two to four decisions. A decision is a choice between a few
options; each option either sets model parameters (levers of
:data:`netsim.core.params.PARAMETERS`, read by the submodels every month) or
fires a one-off event of :data:`netsim.core.events.EVENT_KINDS` at the start of
the next season. Parameters are country-wide in the model, so a role's choice
acts on the whole country, not on one school or one region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netsim.core.events import EVENT_KINDS
from netsim.core.params import PARAMETERS


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a decision.

    Attributes:
        key: its name in requests and the decision log.
        label: the button's text.
        params: parameters it sets (kept until changed again).
        event: a one-off event ``(kind, options)`` fired once when chosen, or None.
    """

    key: str
    label: str
    params: dict[str, float] = field(default_factory=dict)
    event: tuple[str, dict[str, float]] | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision of a role: a question and its options (the first keeps the preset).

    Attributes:
        key: its name in requests and the decision log.
        question: what the role is asked.
        options: the answers, by key.
    """

    key: str
    question: str
    options: dict[str, Option]

    @property
    def one_off(self) -> bool:
        """Whether its options fire events (acted once) rather than set parameters."""
        return any(o.event for o in self.options.values())


@dataclass(frozen=True, slots=True)
class Role:
    """A role a participant plays.

    Attributes:
        key: its name in requests and the decision log.
        title: its name on screens.
        what: what is it (briefing).
        notice: things to notice.
        try_: things to try.
        decisions: its decisions, by key.
    """

    key: str
    title: str
    what: str
    notice: tuple[str, ...]
    try_: tuple[str, ...]
    decisions: dict[str, Decision]


FOUND_SECTION = "found_section"
"""A room action beside the model's events: teachers open an association section."""

BEHAVIOURS = frozenset({"invite_rate"})
"""Parameters besides the levers that a role may set: behaviours the role itself owns."""

KEEP = "keep"
"""The option every parameter decision starts with: the preset's own values."""


def _decision(key: str, question: str, *options: Option) -> Decision:
    keep = Option(KEEP, "As planned (the preset's choice)")
    first = () if any(o.event for o in options) else (keep,)
    return Decision(key, question, {o.key: o for o in (*first, *options)})


def _role(
    key: str, title: str, what: str, notice: tuple[str, ...], try_: tuple[str, ...], *d: Decision
) -> Role:
    return Role(key, title, what, notice, try_, {x.key: x for x in d})


NOTHING = Option("no", "Not this season")
"""The answer of a one-off decision that does nothing."""

ROLES: dict[str, Role] = {
    r.key: r
    for r in (
        _role(
            "ministry",
            "The ministry",
            "You hold the public money for teachers' professional development and decide "
            "how it is split and whether teachers must attend.",
            (
                "Money given centrally on fixed cycles keeps centres alive; money that "
                "follows demand rewards the centres teachers already use (it matters "
                "once there are several centres).",
                "A mandate brings teachers in quickly, but does it make them come back?",
            ),
            (
                "Make attendance mandatory for two seasons, then drop the mandate: "
                "does reach hold?",
                "Put most money into central cycles and watch the centres in weak regions.",
            ),
            _decision(
                "split",
                "How is the money split?",
                Option(
                    "central", "Mostly central, on fixed cycles", {"central_funding_share": 0.8}
                ),
                Option("balanced", "Half and half", {"central_funding_share": 0.5}),
                Option("demand", "Mostly following demand", {"central_funding_share": 0.2}),
            ),
            _decision(
                "mandate",
                "Must teachers attend PD?",
                Option("none", "No mandate", {"mandate_strength": 0.0}),
                Option("light", "A light mandate", {"mandate_strength": 0.1}),
                Option("strong", "A strong mandate", {"mandate_strength": 0.4}),
            ),
            _decision(
                "budget",
                "The PD budget per teacher and year",
                Option("low", "Lower it to 5 €", {"budget_per_teacher": 5.0}),
                Option("mid", "Set it to 20 €", {"budget_per_teacher": 20.0}),
                Option("high", "Raise it to 50 €", {"budget_per_teacher": 50.0}),
            ),
        ),
        _role(
            "authority",
            "A regional authority",
            "You run a region's schools: you can hold national events with the other "
            "regions and judge centres by their results.",
            (
                "A national event reaches many teachers at once, but few stay without a "
                "colleague who brings them back.",
                "Judging centres by results moves money to the strong ones (once there "
                "are several).",
            ),
            (
                "Hold events twice a year and watch the 'ever reached' line against the "
                "'engaged now' line.",
                "Weigh results heavily and look at the equity gap between regions.",
            ),
            _decision(
                "events",
                "How often are national events held?",
                Option("rare", "Every two years", {"national_event_interval": 24}),
                Option("yearly", "Every year", {"national_event_interval": 12}),
                Option("often", "Twice a year", {"national_event_interval": 6}),
            ),
            _decision(
                "evaluation",
                "Is money moved by evaluated results?",
                Option("no", "No evaluation", {"evaluation_weight": 0.0}),
                Option("some", "A third of it", {"evaluation_weight": 0.3}),
                Option("most", "Most of it", {"evaluation_weight": 0.7}),
            ),
        ),
        _role(
            "director",
            "A PD centre director",
            "You lead a PD centre: you can share its steering with its partners and "
            "recruit new partners.",
            (
                "A steering group shares power: volunteers give more and rivals pool money.",
                "A new partner brings people and ties, not money alone.",
            ),
            (
                "Form a full steering group early and watch trust.",
                "Recruit a university and a company in two seasons in a row.",
            ),
            _decision(
                "steering",
                "Is there a steering group?",
                Option("none", "No steering group", {"steering_group": 0.0}),
                Option("some", "An informal one", {"steering_group": 0.5}),
                Option("full", "A full steering group", {"steering_group": 1.0}),
            ),
            _decision(
                "advisory",
                "Is there an advisory board with companies?",
                Option("none", "No board", {"advisory_board": 0.0}),
                Option("board", "An advisory board", {"advisory_board": 1.0}),
            ),
            _decision(
                "recruit",
                "Recruit a partner this season?",
                NOTHING,
                Option("university", "A university", event=("new_university", {})),
                Option("company", "A company", event=("new_company", {})),
            ),
        ),
        _role(
            "principal",
            "A school principal",
            "You run a school: you can sign agreements with the network and release "
            "teachers' time for professional development.",
            (
                "Agreements bring whole schools in; released time turns interest into attendance.",
                "Lead teachers in a school pass on what they learn to colleagues.",
            ),
            (
                "Release a lot of time and watch the share of regular participants.",
                "Support lead teachers strongly and watch the share of lead teachers.",
            ),
            _decision(
                "agreements",
                "Sign agreements with the network?",
                Option("few", "Hardly", {"school_agreement_drive": 0.01}),
                Option("some", "When asked", {"school_agreement_drive": 0.05}),
                Option("many", "Actively", {"school_agreement_drive": 0.2}),
            ),
            _decision(
                "release",
                "Release teachers' time?",
                Option("little", "Little", {"spend_release_time": 0.02}),
                Option("some", "Some", {"spend_release_time": 0.1}),
                Option("much", "Much", {"spend_release_time": 0.3}),
            ),
            _decision(
                "leads",
                "Support lead teachers?",
                Option("little", "Little", {"lead_teacher_support": 0.1}),
                Option("much", "Much", {"lead_teacher_support": 0.8}),
            ),
        ),
        _role(
            "company",
            "A company",
            "You are a company that needs skilled people: you can sponsor staff for PD "
            "or equipment for a programme.",
            (
                "Companies join where a centre reaches out to them, slowly: outreach "
                "shows after some years.",
                "Sponsored money adds to the public budget.",
            ),
            (
                "Sponsor equipment once and see how long the boost lasts.",
                "Reach out strongly and count the companies in the network.",
            ),
            _decision(
                "outreach",
                "Sponsor staff time for the network?",
                Option("little", "Little", {"company_outreach": 0.05}),
                Option("some", "Some", {"company_outreach": 0.2}),
                Option("much", "Much", {"company_outreach": 0.6}),
            ),
            _decision(
                "join",
                "Join the network with your staff this season?",
                NOTHING,
                Option("yes", "Yes: our staff give hours to PD", event=("new_company", {})),
            ),
            _decision(
                "equipment",
                "Sponsor equipment this season?",
                NOTHING,
                Option("yes", "Yes: +10 % of the money", event=("funding_boost", {"size": 0.1})),
            ),
        ),
        _role(
            "teachers",
            "A group of teachers",
            "You are teachers who care about PD: you can found a local section of the "
            "association and bring colleagues along to sessions.",
            (
                "New sections appear only where enough teachers are engaged.",
                "Colleagues who bring colleagues spread the network through schools.",
            ),
            (
                "Found a section early and count the regions with a centre.",
                "Bring colleagues every time and watch the 'ever reached' line.",
            ),
            _decision(
                "found",
                "Found a section of your own this season?",
                NOTHING,
                Option("yes", "Yes, where teachers have no centre yet", event=(FOUND_SECTION, {})),
            ),
            _decision(
                "colleagues",
                "Bring colleagues along?",
                Option("few", "Rarely", {"invite_rate": 0.1}),
                Option("some", "Sometimes", {"invite_rate": 0.3}),
                Option("many", "Every time", {"invite_rate": 0.7}),
            ),
        ),
        _role(
            "university",
            "A university",
            "You are a university: you can put teaching resources online, back a "
            "national centre and host a regional centre.",
            (
                "Online resources reach teachers no centre reaches.",
                "A national centre raises the quality of what every centre offers.",
            ),
            (
                "Put everything online and compare reach with depth.",
                "Host a centre in the region with the least reach.",
            ),
            _decision(
                "online",
                "Put resources online?",
                Option("none", "No", {"online_resources": 0.0}),
                Option("some", "Some", {"online_resources": 0.5}),
                Option("all", "Everything", {"online_resources": 1.0}),
            ),
            _decision(
                "national",
                "Back a national centre?",
                Option("no", "No", {"national_centre": 0.0}),
                Option("yes", "Yes", {"national_centre": 1.0}),
            ),
            _decision(
                "host",
                "Host or join a centre this season?",
                NOTHING,
                Option("yes", "Yes, where reach is lowest", event=("new_university", {})),
            ),
        ),
    )
}
"""Every role, in the order they are dealt."""

DEBRIEF_QUESTIONS: dict[str, tuple[str, ...]] = {
    "what is it": (
        "The room played one country's PD network. The same country, with the same "
        "seed, also ran without your decisions and under the top_down and bottom_up "
        "policies; the lines side by side show what your decisions changed.",
    ),
    "things to notice": (
        "Where does the room's line leave the 'no decisions' line, and which decision "
        "(marked on the timeline) came just before?",
        "Did the shock hurt the room's network less or more than the others?",
        "Which decisions acted quickly (events, mandates) and which slowly (trust, ties)?",
    ),
    "things to try": (
        "Replay the game and change one role's decisions only: which role mattered most?",
        "Play again with the roles swapped: does the same room make the same choices?",
    ),
}
"""The debrief's questions, in the NetLogo manner."""


def check_roles() -> None:
    """Check that every option names real levers with values in range and real events.

    Raises:
        ValueError: for an unknown parameter or event, or a value out of range.
    """
    for role in ROLES.values():
        if not 2 <= len(role.decisions) <= 4:
            raise ValueError(f"{role.key}: {len(role.decisions)} decisions (2 to 4 wanted)")
        for d in role.decisions.values():
            for o in d.options.values():
                for name, value in o.params.items():
                    PARAMETERS[name].check(value)
                    if PARAMETERS[name].group != "lever" and name not in BEHAVIOURS:
                        raise ValueError(f"{role.key}.{d.key}.{o.key}: {name} is no lever")
                if o.event is not None and o.event[0] not in (*EVENT_KINDS, FOUND_SECTION):
                    raise ValueError(f"{role.key}.{d.key}.{o.key}: unknown event {o.event[0]}")


def role_sheet(role: Role) -> dict[str, Any]:
    """A role's briefing and decisions as one JSON-ready dict (for its screen)."""
    return {
        "key": role.key,
        "title": role.title,
        "what": role.what,
        "notice": list(role.notice),
        "try": list(role.try_),
        "decisions": [
            {
                "key": d.key,
                "question": d.question,
                "one_off": d.one_off,
                "options": [{"key": o.key, "label": o.label} for o in d.options.values()],
            }
            for d in role.decisions.values()
        ],
    }


def _effect(option: Option) -> str:
    if option.params:
        return ", ".join(f"`{k}` = {v:g}" for k, v in option.params.items())
    if option.event is not None:
        kind, fields = option.event
        extra = ", ".join(f"{k} {v:g}" for k, v in fields.items())
        return f"event `{kind}`" + (f" ({extra})" if extra else "")
    return "the preset's value" if option.key == KEEP else "nothing"


def roles_markdown() -> str:
    """Every role's briefing and decisions with their effects, for docs/workshop.md."""
    out: list[str] = []
    for r in ROLES.values():
        out += [f"### {r.title}", "", f"**What is it.** {r.what}", "", "**Decisions.**", ""]
        for d in r.decisions.values():
            answers = "; ".join(f"{o.label} ({_effect(o)})" for o in d.options.values())
            once = " One-off: acts once, in the season it is chosen." if d.one_off else ""
            out.append(f"- *{d.question}* {answers}.{once}")
        out += ["", "**Things to notice.**", "", *(f"- {t}" for t in r.notice)]
        out += ["", "**Things to try.**", "", *(f"- {t}" for t in r.try_), ""]
    return "\n".join(out)
