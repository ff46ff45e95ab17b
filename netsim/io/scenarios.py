"""Scenario files: a policy, a country and its shocks, written in TOML.

A scenario file names the parameters that differ from the schema's defaults,
each in the section of its group (:data:`netsim.core.params.PARAMETERS`), and the
shocks to schedule::

    title = "Top-down"
    summary = "The ministry creates centres by decree and funds them centrally."
    extends = "default_country"   # a shipped name or a path relative to this file
    months = 120

    [levers]
    decree_centres = 10

    [[events]]
    month = 60
    kind = "funding_cut"
    size = 0.5

The checks are generated from the schema: :func:`section_model` builds one
pydantic model per section with the type and range of every parameter, so a
new parameter needs no change here. A mistake is reported as one line naming
the file, the key path and what is allowed; :class:`ScenarioError` carries
every such line, and nothing runs.

``extends`` merges the parent section by section (the child wins); the
child's events are appended to the parent's unless it sets
``replace_events = true``. A resolved scenario, with every parameter
written out, is produced by :func:`scenario_to_toml`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from netsim.core.events import event_errors
from netsim.core.params import (
    DEFAULTS,
    PARAMETERS,
    SHARE_GROUPS,
    Group,
    Param,
    ParameterError,
    did_you_mean,
    suggest,
    validate,
)
from netsim.io.resources import FolderError, entries, find, shipped, user_folders
from netsim.io.toml import literal, to_toml

SCENARIO_DIR = shipped("scenarios")
"""Where the shipped scenarios live (``netsim/data/scenarios/``, package data)."""

DEFAULT_MONTHS = 120
"""Run length when no file in the ``extends`` chain sets ``months``."""

MAX_MONTHS = 1_200
"""Longest run a scenario may ask for (a century)."""

SECTIONS: dict[str, Group] = {
    "population": "population",
    "levers": "lever",
    "uncertain": "uncertain",
    "switches": "switch",
    "output": "output",
}
"""Scenario-file section -> parameter group it holds."""

SECTION_OF: dict[str, str] = {
    p.name: section for p in PARAMETERS.values() for section, g in SECTIONS.items() if g == p.group
}
"""Parameter name -> the section it is written in."""

_STRICT = ConfigDict(strict=True, extra="forbid")

TOP_KEYS: dict[str, tuple[str, str]] = {
    "title": ("a string", "Title shown in lists, reports and the dashboard (required)."),
    "summary": ("a string", "One line saying what the scenario is (required)."),
    "description": ("a string", "What the scenario shows, a short paragraph."),
    "extends": (
        "a scenario name (yours, then the shipped ones) or a path to a .toml file "
        "relative to this file",
        "Scenario to start from; this file's values override it section by section.",
    ),
    "months": (
        f"an integer from 1 to {MAX_MONTHS}",
        f"Run length in months (default {DEFAULT_MONTHS}, or the parent's).",
    ),
    "replace_events": (
        "true or false",
        "If true, this file's events replace the parent's instead of being appended.",
    ),
}
"""Top-level keys other than the sections: key -> (allowed, meaning)."""

WORKSHOP_KEYS: dict[str, tuple[str, str]] = {
    "shows": ("a string", "What the preset shows (NetLogo's 'what is it')."),
    "notice": ("a list of strings", "Things to notice while it runs."),
    "try": ("a list of strings", "Things to try: a lever to move, a shock to apply."),
}
"""Keys of the optional ``[workshop]`` table: key -> (allowed, meaning)."""


# --- schema -> pydantic -------------------------------------------------------------------


def _param_field(p: Param) -> tuple[Any, Any]:
    """Return the pydantic (type, FieldInfo) of one parameter, optional in a file.

    The type is the schema's own (:meth:`netsim.core.params.Param.annotation`), as the
    model's keyword arguments are checked.
    """
    return p.annotation() | None, Field(default=None, title=p.label, description=p.meaning)


def section_model(section: str) -> type[BaseModel]:
    """Build the pydantic model of one section from the parameter schema.

    Args:
        section: a key of :data:`SECTIONS`.

    Returns:
        A strict model (no unknown keys, no type coercion) whose optional fields
        are the parameters of the section's group, with their ranges.
    """
    group = SECTIONS[section]
    fields: dict[str, Any] = {
        p.name: _param_field(p) for p in PARAMETERS.values() if p.group == group
    }
    return create_model(f"{section.title()}Section", __config__=_STRICT, **fields)


class WorkshopText(BaseModel):
    """Texts of a workshop preset, in the manner of NetLogo's info tab."""

    model_config = ConfigDict(strict=True, extra="forbid", populate_by_name=True)

    shows: str = ""
    notice: list[str] = Field(default_factory=list)
    try_: list[str] = Field(default_factory=list, alias="try")


_FILE_FIELDS: dict[str, Any] = {
    "title": (str, ...),
    "summary": (str, ...),
    "description": (str, ""),
    "extends": (str | None, None),
    "months": (int | None, Field(default=None, ge=1, le=MAX_MONTHS)),
    "replace_events": (bool, False),
    "events": (list[dict[str, Any]], Field(default_factory=list)),
    "workshop": (WorkshopText | None, None),
    **{section: (section_model(section) | None, None) for section in SECTIONS},
}

ScenarioFile: type[BaseModel] = create_model("ScenarioFile", __config__=_STRICT, **_FILE_FIELDS)
"""Pydantic model of one scenario file (before ``extends`` is resolved)."""


# --- errors -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in one scenario file.

    Attributes:
        file: the file, as shown to the user.
        key: the key path, such as ``levers.mandate_strength`` or ``events[0].month``.
        message: what is wrong.
        allowed: what the key accepts, in plain words.
    """

    file: str
    key: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        text = f"{where}: {self.message}"
        return f"{text} (allowed: {self.allowed})" if self.allowed else text


class ScenarioError(ValueError):
    """A scenario that cannot be run; ``str()`` gives one line per problem.

    Attributes:
        problems: every problem found.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def shown(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is below it (for messages)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def key_path(loc: tuple[str | int, ...]) -> str:
    """Turn a pydantic location such as ``('events', 0, 'month')`` into ``events[0].month``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _allowed(loc: tuple[str | int, ...]) -> str:
    """What the key at ``loc`` accepts."""
    if len(loc) == 2 and loc[0] in SECTIONS and loc[1] in PARAMETERS:
        return PARAMETERS[str(loc[1])].allowed
    if len(loc) == 1 and loc[0] in TOP_KEYS:
        return TOP_KEYS[str(loc[0])][0]
    if loc and loc[0] in SECTIONS:
        return f"a table of {loc[0]} parameters"
    if loc and loc[0] == "events":
        return "an array of tables [[events]], each with month and kind"
    if loc and loc[0] == "workshop":
        if len(loc) >= 2 and loc[1] in WORKSHOP_KEYS:
            return WORKSHOP_KEYS[str(loc[1])][0]
        return "a table with " + ", ".join(WORKSHOP_KEYS)
    return ""


def unknown_key(
    loc: tuple[str | int, ...], top: list[str], tables: dict[str, list[str]]
) -> tuple[str, str]:
    """Message and allowed text for a key a file's schema does not know.

    Args:
        loc: where the key is, as pydantic gives it.
        top: the keys allowed at the top level.
        tables: the keys allowed in each table, by the table's name.
    """
    pool = top if len(loc) == 1 else tables.get(str(loc[0]), [])
    return f"unknown key{did_you_mean(str(loc[-1]), pool)}", ", ".join(pool)


def _unknown_key(loc: tuple[str | int, ...]) -> tuple[str, str]:
    """Message and allowed text for a key the schema does not know."""
    key = str(loc[-1])
    if len(loc) == 1:
        if key in SECTION_OF:
            return f"'{key}' belongs in [{SECTION_OF[key]}]", f"[{SECTION_OF[key]}] {key} = ..."
        pool = [*TOP_KEYS, *SECTIONS, "events", "workshop"]
        hint = did_you_mean(key, pool) or did_you_mean(key)
        return f"unknown key{hint}", ", ".join(pool)
    section = str(loc[0])
    if section in SECTIONS and len(loc) == 2:
        if key in SECTION_OF:
            home = SECTION_OF[key]
            return (
                f"'{key}' is not a {section} parameter; it belongs in [{home}]",
                f"a parameter of [{section}], see docs/scenarios.md",
            )
        own = [n for n, s in SECTION_OF.items() if s == section]
        near = suggest(key, own)
        if near:
            return f"unknown key; did you mean '{near}'?", f"a parameter of [{section}]"
        near = suggest(key)
        if near:
            return (
                f"unknown key; did you mean '{near}' (in [{SECTION_OF[near]}])?",
                f"a parameter of [{section}]",
            )
        return "unknown key", f"a parameter of [{section}]: " + ", ".join(own)
    if section == "workshop":
        hint = did_you_mean(key, list(WORKSHOP_KEYS))
        return f"unknown key{hint}", ", ".join(WORKSHOP_KEYS)
    return "unknown key", _allowed(loc[:-1])


UNION_MEMBERS = ("int", "float", "bool", "list[int]")
"""Names pydantic puts in an error's location for a member of a union type (dropped)."""

WHAT_IS_WRONG = {
    "greater_than_equal": ", out of range",
    "less_than_equal": ", out of range",
    "not_integer": ", not an integer",
    "model_type": ", not a table",
    "dict_type": ", not a table",
}
"""What follows ``got VALUE`` for some of pydantic's error types."""


def problems_from(
    error: ValidationError,
    file: str,
    *,
    unknown: Callable[[tuple[str | int, ...]], tuple[str, str]],
    allowed: Callable[[tuple[str | int, ...]], str],
) -> list[Problem]:
    """Turn pydantic's errors about a file into one :class:`Problem` per key.

    Shared by scenario, experiment and calibration files, each with its own words.

    Args:
        error: pydantic's error.
        file: the file, as shown to the user.
        unknown: the message and allowed text of a key the file's schema does not know.
        allowed: what the key at a location accepts.
    """
    out: list[Problem] = []
    for e in error.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if p not in UNION_MEMBERS)
        kind = e["type"]
        if kind == "extra_forbidden":
            message, accepts = unknown(loc)
        elif kind == "missing":
            message, accepts = "missing", allowed(loc)
        else:
            message = f"got {literal(e['input'])}{WHAT_IS_WRONG.get(kind, '')}"
            accepts = allowed(loc)
        out.append(Problem(file, key_path(loc), message, accepts))
    # one line per key, even if several members of a union complained
    return list(dict.fromkeys(out))


# --- loading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A resolved scenario, ready to run.

    Attributes:
        name: the file name without ``.toml``.
        title: title for lists and reports.
        summary: one line.
        description: a short paragraph.
        months: run length in months.
        params: every model parameter, validated, with defaults filled in.
        events: the scheduled shocks, validated, with their defaults filled in.
        workshop: texts of a workshop preset (``shows``, ``notice``, ``try``), or None.
        path: the file it was loaded from, or None.
        chain: the files merged to make it, the root parent first.
    """

    name: str
    title: str
    summary: str
    description: str
    months: int
    params: dict[str, Any]
    events: list[dict[str, Any]]
    workshop: dict[str, Any] | None = None
    path: Path | None = None
    chain: tuple[Path, ...] = ()

    def changed(self) -> dict[str, Any]:
        """Return the parameters whose value differs from the schema default."""
        return {k: v for k, v in self.params.items() if PARAMETERS[k].default != v}

    def sections(self) -> dict[str, dict[str, Any]]:
        """Return every parameter grouped by scenario-file section, in schema order."""
        out: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
        for name, value in self.params.items():
            out[SECTION_OF[name]][name] = value
        return out

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that build this scenario's model: months, events, parameters.

        ``PDNetworkModel(rng=seed, **scenario.model_kwargs())`` runs it; ``model.running``
        turns False at its last month.
        """
        return {"months": self.months, "events": [dict(e) for e in self.events], **self.params}

    def with_months(self, months: int) -> tuple[Scenario, list[dict[str, Any]]]:
        """Return a copy that runs ``months`` months, and the events that then fall after it.

        Args:
            months: the new run length, from 1 to :data:`MAX_MONTHS`.

        Raises:
            ScenarioError: if ``months`` is out of range.
        """
        if not 1 <= months <= MAX_MONTHS:
            file = shown(self.path) if self.path else self.name
            raise ScenarioError([Problem(file, "months", f"got {months}", TOP_KEYS["months"][0])])
        kept = [e for e in self.events if e["month"] <= months]
        dropped = [e for e in self.events if e["month"] > months]
        return dataclasses.replace(self, months=months, events=kept), dropped


@dataclass
class _Merged:
    """A scenario being merged along its ``extends`` chain, with where each value came from.

    ``bad`` holds the keys (``months``, parameter names) that a file set wrongly: they
    are left out, and the checks that depend on them are not made.
    """

    top: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    events: list[tuple[dict[str, Any], str, int]] = field(default_factory=list)
    workshop: dict[str, Any] | None = None
    chain: list[Path] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)
    outside: list[tuple[str, str, Path]] = field(default_factory=list)
    """Parents outside the scenario folders: (child file, its ``extends`` text, parent)."""


def shipped_names() -> list[str]:
    """Return the names of the shipped scenarios, sorted."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def scenario_names() -> list[str]:
    """Return every name a scenario can be loaded by: the user's first, then the shipped.

    The user's folders are those of :mod:`netsim.io.resources`; a missing one is
    left out here (loading by name reports it).
    """
    try:
        return list(dict.fromkeys(e.name for e in entries("scenarios")))
    except FolderError:
        return shipped_names()


def _no_folder(exc: FolderError, error: type[ScenarioError] = ScenarioError) -> ScenarioError:
    return error(
        [
            Problem(
                str(exc.folder),
                "",
                f"no such folder (named by {exc.named_by})",
                f"a folder holding {exc.kind[:-1]} .toml files",
            )
        ]
    )


def looks_like_path(name_or_path: str | Path) -> bool:
    """Whether a file is named by its path (a Path, a ``.toml`` suffix or a separator)."""
    text = str(name_or_path)
    return isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text


def locate(
    name_or_path: str | Path,
    kind: str,
    find_name: Callable[[str], Path | None],
    names: Callable[[], list[str]],
    error: type[ScenarioError],
    expected: str,
) -> Path:
    """Find a scenario, experiment or calibration file from a path or a name.

    A path is resolved as given; a name is looked up with ``find_name``.

    Raises:
        error: if there is no such file (with the nearest of ``names()`` as a hint and
            ``expected`` as what is allowed) or a user's folder does not exist.
    """
    text = str(name_or_path)
    if looks_like_path(name_or_path):
        path = Path(text).expanduser()
        found = path.resolve() if path.is_file() else None
    else:
        try:
            found = find_name(text)
        except FolderError as exc:
            raise _no_folder(exc, error) from None
    if found is None:
        hint = did_you_mean(Path(text).stem, names())
        raise error([Problem(text, "", f"no such {kind}{hint}", expected)])
    return found


def _locate(name_or_path: str | Path, base: Path, skip: Path) -> Path | None:
    """Find the scenario an ``extends`` names, relative to the extending file's folder.

    A name is looked up in the user's folders, then among the shipped scenarios
    (:func:`netsim.io.resources.find`); ``skip`` is never returned, so that a
    user's ``hybrid.toml`` may extend the shipped ``hybrid``.

    Raises:
        ScenarioError: if a user's folder does not exist.
    """
    if looks_like_path(name_or_path):
        path = Path(str(name_or_path)).expanduser()
        if not path.is_absolute():
            path = base / path
        return path.resolve() if path.is_file() else None
    try:
        return find("scenarios", str(name_or_path), skip=skip)
    except FolderError as exc:
        raise _no_folder(exc) from None


def _usable(raw: dict[str, Any], error: ValidationError, bad: set[str]) -> dict[str, Any]:
    """Return ``raw`` without the values pydantic refused, so that the other checks go on.

    A refused event is replaced by None (the others keep their index); a refused
    ``months`` or parameter is added to ``bad``.
    """
    out: dict[str, Any] = {
        k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
        for k, v in raw.items()
    }
    for e in error.errors(include_url=False):
        loc = tuple(e["loc"])
        if not loc:
            continue
        head = str(loc[0])
        if head in SECTIONS:
            if len(loc) == 1 or not isinstance(out.get(head), dict):
                out.pop(head, None)
                bad.update(n for n, s in SECTION_OF.items() if s == head)
            else:
                out[head].pop(loc[1], None)
                bad.add(str(loc[1]))
        elif head == "events" and len(loc) > 1 and isinstance(out.get("events"), list):
            index = loc[1]
            if isinstance(index, int) and 0 <= index < len(out["events"]):
                out["events"][index] = None
        elif head in ("events", "workshop", "months", "extends", "replace_events"):
            out.pop(head, None)
            if head == "months":
                bad.add("months")
    return out


MAX_EXTENDS = 32
"""The longest chain of ``extends`` a scenario may have (a deeper one is a mistake)."""

TOO_DEEP = "not valid TOML: arrays or tables nested too deeply to read"
"""The message for a file whose nesting exhausts the TOML reader's recursion."""


def _read(path: Path, bad: set[str], problems: list[Problem]) -> dict[str, Any] | None:
    """Read and check one file on its own; add its problems; None if it cannot be read."""
    file = shown(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(file, "", f"not valid TOML: {exc}"))
        return None
    except RecursionError:
        problems.append(Problem(file, "", TOO_DEEP))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(file, "", f"cannot read the file: {exc}"))
        return None
    try:
        ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        problems.extend(problems_from(exc, file, unknown=_unknown_key, allowed=_allowed))
        return _usable(raw, exc, bad)
    return raw


def scenario_roots(*extra: Path) -> tuple[Path, ...]:
    """The folders an ``extends`` chain may reach: ``extra``, the user's and the shipped.

    A user's folder that does not exist holds nothing to reach (looking a name up
    there is what reports it).
    """
    try:
        users = user_folders("scenarios")
    except FolderError:
        users = []
    folders = (*extra, *users, shipped("scenarios"))
    return tuple(dict.fromkeys(f.expanduser().resolve() for f in folders))


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def _merge(
    path: Path,
    problems: list[Problem],
    roots: tuple[Sequence[Path], bool],
    stack: tuple[Path, ...] = (),
    merged: _Merged | None = None,
) -> _Merged:
    """Read ``path`` and, recursively, the files it extends; add every problem found.

    ``roots`` holds the folders whose files may be shown, and whether the chain is
    confined to them. A parent outside them is not read when it is confined: an
    ``extends`` must not open, nor show in a message, any file on the machine.
    Otherwise it is read and noted in ``merged.outside``, so that its problems are
    told without its content.
    """
    merged = _Merged() if merged is None else merged
    bad: set[str] = set()
    raw = _read(path, bad, problems)
    if raw is None:
        return merged
    file = shown(path)
    parent = raw.get("extends")
    if parent is not None:
        parent_path = _locate(parent, base=path.parent, skip=path)
        if parent_path is None:
            names = scenario_names()
            hint = did_you_mean(parent, names)
            problems.append(
                Problem(
                    file,
                    "extends",
                    f"no scenario {literal(parent)}{hint}",
                    "a scenario name (" + ", ".join(names) + ") "
                    "or a path to a .toml file relative to this file",
                )
            )
        elif parent_path in (*stack, path):
            trail = (*stack, path)
            cycle = " -> ".join(shown(p) for p in (*trail[trail.index(parent_path) :], parent_path))
            problems.append(
                Problem(
                    file,
                    "extends",
                    f"cycle: {cycle}",
                    "a chain of parents that ends in a file without extends",
                )
            )
        elif roots[1] and not _inside(parent_path, roots[0]):
            problems.append(
                Problem(
                    file,
                    "extends",
                    f"{literal(parent)} is outside the scenario folders",
                    "a scenario name, or a .toml file in "
                    + ", ".join(shown(root) for root in roots[0])
                    + " (name another folder with --scenarios or NETSIM_SCENARIOS)",
                )
            )
        elif len(stack) + 1 >= MAX_EXTENDS:
            problems.append(
                Problem(
                    file,
                    "extends",
                    f"the chain of parents is more than {MAX_EXTENDS} files long",
                    f"at most {MAX_EXTENDS} files from a scenario to its first ancestor",
                )
            )
        else:
            if not _inside(parent_path, roots[0]):
                merged.outside.append((file, parent, parent_path))
            _merge(parent_path, problems, roots, (*stack, path), merged)
    for key in ("title", "summary", "description", "months"):
        if key in raw:
            merged.top[key] = raw[key]
            merged.origin[key] = file
            merged.bad.discard(key)
    for section in SECTIONS:
        for key, value in raw.get(section, {}).items():
            merged.sections.setdefault(section, {})[key] = value
            merged.origin[key] = file
            merged.bad.discard(key)
    merged.bad |= bad
    own = [(e, file, i) for i, e in enumerate(raw.get("events", [])) if e is not None]
    merged.events = own if raw.get("replace_events", False) else [*merged.events, *own]
    if "workshop" in raw:
        merged.workshop = {**(merged.workshop or {}), **raw["workshop"]}
    merged.chain.append(path)
    return merged


SHARE_KEYS = ("share_primary", "share_lower_secondary", "share_upper_secondary")
"""The school-level shares whose sum must not pass 1."""


def _blamed_share(merged: _Merged, keys: tuple[str, ...] = SHARE_KEYS) -> str | None:
    """The (last) share key set by the last file of the chain that set any share key.

    The sum of the shares is a cross-field check: the file to blame is the one
    that changed them last (a child), not a parent that only set the others.
    """
    order = {shown(p): k for k, p in enumerate(merged.chain)}
    set_keys = [k for k in keys if k in merged.origin]
    if not set_keys:
        return None
    last = max(order.get(merged.origin[k], -1) for k in set_keys)
    return [k for k in set_keys if order.get(merged.origin[k], -1) == last][-1]


def _check_params(merged: _Merged, path: Path, problems: list[Problem]) -> dict[str, Any]:
    """Validate the merged parameters; add one problem per bad value or combination.

    Returns:
        Every parameter, with the defaults in place of the values found wrong.
    """
    values = {k: v for section in merged.sections.values() for k, v in section.items()}
    for _ in range(len(values) + len(SHARE_GROUPS) + 1):
        try:
            return validate(values)
        except ParameterError as exc:
            shares: tuple[str, ...] = ()
            if "add up" in exc.reason:  # a rule across a group: blame the last file that set it
                shares = next((g for g in SHARE_GROUPS if exc.name in g), ())
            name = (_blamed_share(merged, shares) if shares else None) or exc.name
            file = merged.origin.get(name, shown(path))
            key = f"{SECTION_OF.get(name, '?')}.{name}"
            problems.append(Problem(file, key, exc.reason, exc.allowed))
            merged.bad.add(name)
            dropped = [k for k in (shares or (name,)) if values.pop(k, None) is not None]
            if not dropped:
                break
    return dict(DEFAULTS)


def _hide_outside(problems: list[Problem], outside: list[tuple[str, str, Path]]) -> list[Problem]:
    """Tell the problems of files outside the scenario folders without their content.

    A message quotes values and keys; of a file that ``extends`` reached outside the
    scenario folders and the working folder (``/etc/...``, another project's
    configuration) it says only how many problems it has, on the child's ``extends``.
    """
    hidden = {shown(parent): (child, text, parent) for child, text, parent in outside}
    kept = [p for p in problems if p.file not in hidden]
    for name, (child, text, parent) in hidden.items():
        n = sum(p.file == name for p in problems)
        if n:
            kept.append(
                Problem(
                    child,
                    "extends",
                    f"{literal(text)} lies outside the scenario folders and has {n} "
                    "problem(s), not shown here",
                    f"see them with `netsim validate {parent}`, or use a file in a scenario folder",
                )
            )
    return kept


def load_scenario(name_or_path: str | Path, *, confined: bool = False) -> Scenario:
    """Load, resolve and validate a scenario.

    Args:
        name_or_path: a scenario's name (``"top_down"``: the user's folder first, see
            :mod:`netsim.io.resources`, then the shipped ones) or a path to a
            ``.toml`` file.
        confined: its ``extends`` chain may reach only the user's scenario folders and
            the shipped ones (the dashboard's setting). By default it may reach any
            file, but the problems of a file outside those folders, the working
            folder and the named file's folder are told without its content (the
            command line's setting).

    Returns:
        The resolved scenario with every parameter.

    Raises:
        ScenarioError: with one line per problem, naming file, key and what is allowed;
            every problem of every file of the ``extends`` chain is reported at once.
    """
    path = locate(
        name_or_path,
        "scenario",
        lambda name: find("scenarios", name),
        scenario_names,
        ScenarioError,
        "a scenario name (see `netsim list`) or a path to a .toml file",
    )
    problems: list[Problem] = []
    roots = scenario_roots() if confined else scenario_roots(path.parent, Path.cwd())
    merged = _merge(path, problems, (roots, confined))
    params = _check_params(merged, path, problems)
    months = int(merged.top.get("months", DEFAULT_MONTHS))
    months_file = merged.origin.get("months")
    horizon = None if "months" in merged.bad else months
    n_regions = None if "n_regions" in merged.bad else params["n_regions"]
    events: list[dict[str, Any]] = []
    for event, file, index in merged.events:
        checked, mistakes = event_errors(event, index, horizon=horizon, n_regions=n_regions)
        if checked is not None:
            events.append(checked)
        for exc in mistakes:
            reason = exc.reason
            month = event.get("month") if isinstance(event, dict) else None
            late = isinstance(month, int) and not isinstance(month, bool) and month > months
            if late and exc.name.endswith(".month") and months_file not in (None, file):
                reason += (
                    f", after the last month ({months}) set by {months_file}; "
                    f"in {months_file} set replace_events = true or a larger months"
                )
            problems.append(Problem(file, exc.name, reason, exc.allowed))
    if problems:
        raise ScenarioError(_hide_outside(list(dict.fromkeys(problems)), merged.outside))
    events.sort(key=lambda e: e["month"])
    return Scenario(
        name=path.stem,
        title=merged.top["title"],
        summary=merged.top["summary"],
        description=merged.top.get("description", "").strip(),
        months=months,
        params=params,
        events=events,
        workshop=merged.workshop,
        path=path,
        chain=tuple(merged.chain),
    )


def list_scenarios() -> list[Scenario]:
    """Load every shipped scenario, sorted by name."""
    return [load_scenario(name) for name in shipped_names()]


# --- writing ------------------------------------------------------------------------------


def scenario_to_toml(scenario: Scenario) -> str:
    """Write a resolved scenario as a self-contained TOML file (with tomli-w).

    Every parameter is written, not only those that differ from the defaults, and
    ``extends`` is gone, so the file reproduces the run even if defaults change.
    Loading the text back gives the same parameters and events.
    """
    data: dict[str, Any] = {
        "title": scenario.title,
        "summary": scenario.summary,
        "description": scenario.description,
        "months": scenario.months,
        **scenario.sections(),
        "events": [dict(e) for e in scenario.events],
    }
    if scenario.workshop is not None:
        data["workshop"] = dict(scenario.workshop)
    name = resolved_name(scenario).replace("\n", " ")  # a resolved file keeps its first name
    return to_toml(data, comment=RESOLVED.format(name=name))


RESOLVED = "Resolved scenario '{name}', every parameter written out."
"""The first line of a resolved scenario file (a comment), naming the scenario it resolves."""


def resolved_name(scenario: Scenario) -> str:
    """The name of the scenario a resolved file was written from; else the scenario's own.

    A sweep folder keeps its scenarios as ``scenario.toml`` and ``policies/NAME.toml``;
    their first line names the scenario they came from (``hybrid``, say).
    """
    if scenario.path is None or not scenario.path.is_file():
        return scenario.name
    with scenario.path.open(encoding="utf-8") as file:
        first = file.readline().removeprefix("# ").rstrip("\n")
    head, tail = RESOLVED.split("{name}")
    if first.startswith(head) and first.endswith(tail) and len(first) > len(head) + len(tail):
        return first[len(head) : -len(tail)]
    return scenario.name


# --- reference ----------------------------------------------------------------------------
