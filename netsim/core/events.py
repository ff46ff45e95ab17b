"""Shocks a scenario can schedule at a given month, each kind with its effect.

An event is a mapping such as ``{"month": 60, "kind": "funding_cut", "size": 0.5}``.
The model turns each into a :class:`Shock` and hands its ``fire`` method to
Mesa's event scheduler (``Model.schedule_event``), so the shock happens at the
start of the month it names, before that month's step.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeGuard, Union

import numpy as np
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
from pydantic_core import PydanticCustomError

from netsim.core.hosts import open_host, open_section
from netsim.core.params import ParameterError, did_you_mean, whole_number
from netsim.core.population import UNIVERSITY_HOST
from netsim.core.submodels import international

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of shock, the fields it takes besides ``month`` and ``kind``, and its effect.

    Attributes:
        name: the kind's key in scenario files.
        meaning: what happens, in plain words.
        apply: the effect, ``apply(model, options)`` with the fields filled in.
        fields: optional field name -> (default, low, high, meaning).
    """

    name: str
    meaning: str
    apply: Callable[[PDNetworkModel, Mapping[str, float]], None]
    fields: dict[str, tuple[float, float, float, str]] = field(default_factory=dict)


def funding_cut(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """Austerity: public PD money is cut by a share."""
    size = o.get("size", 0.5)
    model.ministry.shock_factor *= 1.0 - size
    model.say(f"Austerity: public PD money is cut by {size:.0%}.")


def funding_boost(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """A new programme raises public PD money by a share."""
    size = o.get("size", 0.5)
    model.ministry.shock_factor *= 1.0 + size
    model.say(f"A new programme raises public PD money by {size:.0%}.")


def change_of_government(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """An election that changes priorities now (§4.d)."""
    size = o.get("size", -1.0)
    model.ministry.change_priorities(model.p["priority_change_cut"] if size < 0 else size)


def national_event(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """An extra national event this month."""
    if model.p["enable_national_events"]:
        model.pending_event = True
        model.say("A national event is announced for this month.")
    else:
        model.say("No national event: national events are switched off.")


def _region(model: PDNetworkModel, o: Mapping[str, float], default: int) -> int:
    r = int(o.get("region", -1))
    return default if r < 0 else min(r, model.n_regions - 1)


def new_company(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """A company becomes aware of PD and joins the host of its region."""
    r = _region(model, o, int(np.argmax(model.region_weight)))
    co = model.companies
    c = model.centres
    free = np.flatnonzero((co.region == r) & (co.partner_of < 0))
    slot = int(model.region_centre[r])
    if slot < 0 and c.regional.any():
        slot = int(np.flatnonzero(c.regional)[0])
    if free.size and slot >= 0:
        co.awareness[free[0]] = 1.0
        model.link_company(int(free[0]), slot)
    else:
        model.say(f"No company in region {r} is free to join.")


def new_university(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """A university commits to host a centre or to partner one."""
    r = _region(model, o, int(np.argmin(model.region_reach)))
    u = model.universities
    free = np.flatnonzero((u.region == r) & (u.partner_of < 0))
    if free.size == 0:
        model.say(f"No free university in region {r}.")
        return
    uni = int(free[0])
    u.willingness[uni] = 1.0
    slot = int(model.region_centre[r])
    if slot >= 0:
        model.link_university(uni, slot, host=False)
    else:
        open_host(model, r, UNIVERSITY_HOST, host_id=uni)


def loss_of_coordinator(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """A host loses its key coordinator for a while."""
    c = model.centres
    alive = np.flatnonzero(c.regional)
    if alive.size == 0:
        return
    r = int(o.get("region", -1))
    if r >= 0 and (c.region[alive] == r).any():
        slot = int(alive[c.region[alive] == r][0])
    else:
        slot = int(alive[np.argmax(c.attendance[alive])])
    c.coordinator_lost_until[slot] = model.steps + 1 + model.p["coordinator_loss_months"]
    model.say(f"The PD host in region {int(c.region[slot])} loses its coordinator.")


def international_project(model: PDNetworkModel, o: Mapping[str, float]) -> None:
    """An international project (Fibonacci, 2010-2013) runs for some months (§2.b)."""
    if not model.p["enable_international"]:
        model.say("No international project: international exchange is switched off.")
        return
    size, months = o.get("size", 0.5), int(o.get("months", 36))
    model.projects.append((size, model.steps + months))
    model.international = international.strength(model)
    model.say(f"An international project starts for {months} months.")
    sections = int(o.get("sections", 0))
    if sections:
        # new sections where most committed teachers have no section of their own
        t = model.teachers
        committed = t.engagement >= 2
        per_region = np.bincount(t.region[committed], minlength=model.n_regions)
        for r in np.argsort(-per_region, kind="stable")[:sections]:
            here = np.flatnonzero(committed & (t.region == r))
            size_group = min(here.size, model.p["founding_group_size"])
            founders = model.rng.choice(here, size=size_group, replace=False)
            if open_section(model, int(r), np.sort(founders)) >= 0:
                model.say(f"The project opens a centre in region {int(r)}.")


EVENT_KINDS: dict[str, EventKind] = {
    k.name: k
    for k in (
        EventKind(
            "funding_cut",
            "Public PD money falls by a share (austerity).",
            funding_cut,
            {"size": (0.5, 0.0, 1.0, "share of the public budget removed")},
        ),
        EventKind(
            "funding_boost",
            "Public PD money rises by a share (new programme).",
            funding_boost,
            {"size": (0.5, 0.0, 10.0, "share added to the public budget")},
        ),
        EventKind(
            "change_of_government",
            "An election that changes priorities: money is cut and mandates dropped.",
            change_of_government,
            {"size": (-1.0, -1.0, 1.0, "share cut (-1: the priority_change_cut parameter)")},
        ),
        EventKind(
            "national_event",
            "A national event (LUMA Days, IMST day) that ties attendees across regions.",
            national_event,
        ),
        EventKind(
            "new_company",
            "A company becomes aware of PD and joins the host of its region.",
            new_company,
            {"region": (-1, -1, 10_000, "region (-1: the largest region)")},
        ),
        EventKind(
            "new_university",
            "A university commits to host a centre or to partner one.",
            new_university,
            {"region": (-1, -1, 10_000, "region (-1: the region with least reach)")},
        ),
        EventKind(
            "loss_of_coordinator",
            "A host loses its key coordinator (coordinator_loss_months).",
            loss_of_coordinator,
            {"region": (-1, -1, 10_000, "region of the host (-1: the largest host)")},
        ),
        EventKind(
            "international_project",
            "An international project (like Fibonacci) raises quality and lead teachers"
            " for some months, and may open new sections.",
            international_project,
            {
                "size": (0.5, 0.0, 1.0, "strength added to international exchange"),
                "months": (36, 1, 1_200, "months the project runs"),
                "sections": (0, 0, 100, "new sections it opens where most committed teachers are"),
            },
        ),
    )
}
"""Every kind of shock by name, each with its effect."""


@dataclass(slots=True, weakref_slot=True)
class Shock:
    """A scheduled event; the model keeps a strong reference, Mesa a weak one.

    Attributes:
        month: month at whose start it happens (1 = first month).
        kind: one of :data:`EVENT_KINDS`.
        options: the kind's fields, filled with defaults.
        model: the model it acts on.
    """

    month: int
    kind: str
    options: dict[str, float]
    model: PDNetworkModel

    def fire(self) -> None:
        """Apply the shock to the model and record it in the model's log."""
        self.model.apply_shock(self.kind, **self.options)


def _got(value: Any) -> str:
    """A value as the user wrote it in TOML: ``true``, ``missing``, ``60``, ``'x'``."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)


INTEGER_FIELDS = ("region", "months", "sections")
"""Fields of a shock that take whole numbers (kept as floats in the options)."""


def _whole_field(value: Any) -> Any:
    """Refuse a fractional value for a field that counts (a region, months, sections)."""
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        raise PydanticCustomError("not_integer", "not an integer")
    return value


def _number(value: Any) -> TypeGuard[float]:
    """A number as TOML gives one (not a boolean)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _event_model(spec: EventKind) -> type[BaseModel]:
    """The pydantic model of one kind of shock: ``month``, ``kind`` and the kind's fields."""
    fields: dict[str, Any] = {
        "month": (Annotated[int, BeforeValidator(whole_number), Strict(), Field(ge=1)], ...),
        "kind": (Literal[spec.name], ...),  # type: ignore[valid-type]
    }
    for name, (default, low, high, meaning) in spec.fields.items():
        checks = [BeforeValidator(_whole_field)] if name in INTEGER_FIELDS else []
        limits = Field(ge=low, le=high, allow_inf_nan=False, description=meaning)
        fields[name] = (Annotated[float, *checks, Strict(), limits], float(default))
    return create_model(f"{spec.name}_event", __config__=ConfigDict(extra="forbid"), **fields)


@functools.cache
def event_schema() -> TypeAdapter[Any]:
    """The schema of one event: a union of the kinds' models, told apart by ``kind``."""
    models = tuple(_event_model(spec) for spec in EVENT_KINDS.values())
    union = Annotated[Union[models], Field(discriminator="kind")]  # type: ignore[valid-type]  # noqa: UP007
    return TypeAdapter(union)  # type: ignore[arg-type]


def event_errors(
    event: Any,
    index: int,
    horizon: int | None = None,
    n_regions: int | None = None,
) -> tuple[dict[str, Any] | None, list[ParameterError]]:
    """Check one event against :func:`event_schema`; return it completed and every mistake.

    Returns:
        The event with its kind's defaults filled in, in the order given (None when it
        has a mistake), and one :class:`ParameterError` per wrong key: the kind first
        (nothing else is checked without a kind), then the month, then the other fields
        in the order given.
    """
    where = f"events[{index}]"
    if not isinstance(event, Mapping):
        return None, [ParameterError(where, f"got {event!r}", "a table with month and kind")]
    kind = event.get("kind")
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        hint = did_you_mean(str(kind), list(EVENT_KINDS))
        error = ParameterError(f"{where}.kind", f"got {_got(kind)}{hint}", ", ".join(EVENT_KINDS))
        return None, [error]
    spec = EVENT_KINDS[kind]
    top = horizon if horizon is not None else 100_000
    month_error = ParameterError(
        f"{where}.month", f"got {_got(event.get('month'))}", f"an integer month from 1 to {top}"
    )
    by_field: dict[str, ParameterError] = {}
    checked: dict[str, Any] = {}
    try:
        checked = event_schema().validate_python(dict(event)).model_dump()
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            name = str(e["loc"][1]) if len(e["loc"]) > 1 else "month"
            if name == "month":
                by_field["month"] = month_error
            elif e["type"] == "extra_forbidden":
                hint = did_you_mean(name, list(spec.fields))
                allowed = ", ".join(["month", "kind", *spec.fields])
                by_field[name] = ParameterError(
                    f"{where}.{name}", f"unknown field for {kind}{hint}", allowed
                )
            else:
                _, low, high, _ = spec.fields[name]
                by_field[name] = ParameterError(
                    f"{where}.{name}", f"got {_got(e['input'])}", f"a number from {low} to {high}"
                )
    # the limits that depend on the run, on the values as given (other keys may be wrong)
    month, region = event.get("month"), event.get("region")
    if "month" not in by_field and _number(month) and month > top:
        by_field["month"] = month_error
    if (
        "region" in spec.fields
        and "region" not in by_field
        and n_regions is not None
        and _number(region)
        and region >= n_regions
    ):
        by_field["region"] = ParameterError(
            f"{where}.region",
            f"got {region!r}, but the country has {n_regions} regions",
            f"-1 or a region from 0 to {n_regions - 1}",
        )
    order = ["month", *(k for k in event if k not in ("month", "kind"))]
    errors = [by_field[k] for k in order if k in by_field]
    if errors:
        return None, errors
    out: dict[str, Any] = {"month": checked["month"], "kind": kind}
    out.update((k, checked[k]) for k in event if k not in ("month", "kind"))
    for name in spec.fields:  # then the defaults, in the kind's order
        out.setdefault(name, checked[name])
    return out, []


def check_event(
    event: Mapping[str, Any],
    index: int,
    horizon: int | None = None,
    n_regions: int | None = None,
) -> dict:
    """Validate one event mapping and return it with defaults filled in.

    Args:
        event: the mapping, with ``month``, ``kind`` and the kind's fields.
        index: position in the list, used in messages.
        horizon: last month of the run, if known; later events are rejected.
        n_regions: regions of the country, if known; a region beyond them is rejected.

    Raises:
        ParameterError: naming ``events[index].field`` and what is allowed (the first
            mistake; :func:`event_errors` gives them all).
    """
    checked, errors = event_errors(event, index, horizon, n_regions)
    if errors:
        raise errors[0]
    assert checked is not None
    return checked
