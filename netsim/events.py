"""Shocks a scenario can schedule at a given month (brief §5).

An event is a mapping such as ``{"month": 60, "kind": "funding_cut", "size": 0.5}``.
The model turns each into a :class:`Shock` and hands its ``fire`` method to
Mesa's event scheduler (``Model.schedule_event``), so the shock happens at the
start of the month it names, before that month's step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netsim.params import ParameterError, suggest

if TYPE_CHECKING:
    from netsim.model import PDNetworkModel


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of shock and the fields it takes besides ``month`` and ``kind``.

    Attributes:
        name: the kind's key in scenario files.
        meaning: what happens, in plain words.
        fields: optional field name -> (default, low, high, meaning).
    """

    name: str
    meaning: str
    fields: dict[str, tuple[float, float, float, str]] = field(default_factory=dict)


EVENT_KINDS: dict[str, EventKind] = {
    k.name: k
    for k in (
        EventKind(
            "funding_cut",
            "Public PD money falls by a share (austerity).",
            {"size": (0.5, 0.0, 1.0, "share of the public budget removed")},
        ),
        EventKind(
            "funding_boost",
            "Public PD money rises by a share (new programme).",
            {"size": (0.5, 0.0, 10.0, "share added to the public budget")},
        ),
        EventKind(
            "change_of_government",
            "An election that changes priorities: money is cut and mandates dropped.",
            {"size": (-1.0, -1.0, 1.0, "share cut (-1: the priority_change_cut parameter)")},
        ),
        EventKind(
            "national_event",
            "A national event (LUMA Days, IMST day) that ties attendees across regions.",
        ),
        EventKind(
            "new_company",
            "A company becomes aware of PD and joins the centre of its region.",
            {"region": (-1, -1, 10_000, "region (-1: the largest region)")},
        ),
        EventKind(
            "new_university",
            "A university commits to host a centre or to partner one.",
            {"region": (-1, -1, 10_000, "region (-1: the region with least reach)")},
        ),
        EventKind(
            "loss_of_coordinator",
            "A centre loses its key coordinator for a year.",
            {"region": (-1, -1, 10_000, "region of the centre (-1: the largest centre)")},
        ),
    )
}


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
        ParameterError: naming ``events[index].field`` and what is allowed.
    """
    where = f"events[{index}]"
    if not isinstance(event, Mapping):
        raise ParameterError(where, f"got {event!r}", "a table with month and kind")
    kind = event.get("kind")
    if kind not in EVENT_KINDS:
        near = suggest(str(kind), list(EVENT_KINDS))
        hint = f"; did you mean '{near}'?" if near else ""
        raise ParameterError(f"{where}.kind", f"got {_got(kind)}{hint}", ", ".join(EVENT_KINDS))
    spec = EVENT_KINDS[kind]
    month = event.get("month")
    top = horizon if horizon is not None else 100_000
    if (
        isinstance(month, bool)
        or not isinstance(month, int | float)
        or not math.isfinite(month)
        or float(month) != int(month)
        or not 1 <= month <= top
    ):
        raise ParameterError(
            f"{where}.month", f"got {_got(month)}", f"an integer month from 1 to {top}"
        )
    out: dict[str, Any] = {"month": int(month), "kind": kind}
    for name, value in event.items():
        if name in ("month", "kind"):
            continue
        if name not in spec.fields:
            allowed = ", ".join(["month", "kind", *spec.fields]) or "month, kind"
            near = suggest(name, list(spec.fields))
            hint = f"; did you mean '{near}'?" if near else ""
            raise ParameterError(f"{where}.{name}", f"unknown field for {kind}{hint}", allowed)
        _, low, high, _ = spec.fields[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not (low <= value <= high)
            or (name == "region" and float(value) != int(value))
        ):
            raise ParameterError(
                f"{where}.{name}", f"got {_got(value)}", f"a number from {low} to {high}"
            )
        if name == "region" and n_regions is not None and value >= n_regions:
            raise ParameterError(
                f"{where}.region",
                f"got {value!r}, but the country has {n_regions} regions",
                f"-1 or a region from 0 to {n_regions - 1}",
            )
        out[name] = float(value)
    for name, (default, *_rest) in spec.fields.items():
        out.setdefault(name, float(default))
    return out
