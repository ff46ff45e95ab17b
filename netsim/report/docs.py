"""The generated tables of ``docs/ODD.md``: parameters, shocks and output indicators.

The ODD text is written by hand; its reference tables are not. Each table sits
between two markers in the Markdown file::

    <!-- BEGIN GENERATED: parameters -->
    ...
    <!-- END GENERATED: parameters -->

and is rebuilt from the model's own definitions: the parameter schema
(:data:`netsim.core.params.PARAMETERS`), the shock kinds
(:data:`netsim.core.events.EVENT_KINDS`) and the declared indicators
(:data:`netsim.core.indicators.INDICATORS`, checked against a model's result
columns by the tests). This module sits outside the model core: the core never
reads or writes files.

``netsim docs`` rewrites the generated blocks in place; ``netsim docs --check``
exits 1 if docs/ODD.md is stale (:mod:`netsim.cli.main`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netsim.core.events import EVENT_KINDS
from netsim.core.indicators import INDICATORS
from netsim.core.params import MECHANISMS, PARAMETERS, Param
from netsim.io.folders import write_text_atomic
from netsim.io.resources import REPO_ROOT
from netsim.report.markdown import read_block, replace_block, table
from netsim.report.references import event_fields

ODD_PATH = REPO_ROOT / "docs" / "ODD.md"
"""Where the ODD description lives (``docs/ODD.md`` at the project root)."""

GROUP_ORDER = ("population", "lever", "uncertain", "switch", "output")
"""Order of the parameter groups in the table."""

_BEGIN = re.compile(r"<!-- BEGIN GENERATED: (?P<name>[a-z_]+) -->")


def begin_marker(name: str) -> str:
    """The marker that opens the generated block ``name``."""
    return f"<!-- BEGIN GENERATED: {name} -->"


def end_marker(name: str) -> str:
    """The marker that closes the generated block ``name``."""
    return f"<!-- END GENERATED: {name} -->"


def _literal(value: Any) -> str:
    """Return ``value`` as written in a scenario file (TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:_}"
    if isinstance(value, float) and value.is_integer() and abs(value) >= 10_000:
        return f"{int(value):_}.0"
    return repr(value)


def _bound(x: float | None, kind: type) -> str:
    """Return one end of a parameter's range, in the parameter's type."""
    if x is None:
        return "-"
    return _literal(int(x) if kind is int else float(x))


def _range(p: Param) -> str:
    """Return a parameter's allowed values, compactly."""
    if p.kind is bool:
        return "on/off"
    return f"{_bound(p.low, p.kind)} to {_bound(p.high, p.kind)}"


def parameter_table() -> str:
    """Return the Markdown table of every parameter of :data:`netsim.core.params.PARAMETERS`.

    Rows are ordered by group (population, lever, uncertain, switch, output), then
    as in the schema.
    """
    params = sorted(PARAMETERS.values(), key=lambda p: GROUP_ORDER.index(p.group))
    rows = []
    for p in params:
        submodel = p.mechanism
        if p.mechanism in MECHANISMS:
            submodel = f"[{p.mechanism}](#{anchor(p.mechanism)})"
        default = f"`{_literal(p.default)}`"
        rows.append(
            (f"`{p.name}`", p.meaning, p.unit, default, _range(p), p.group, submodel, p.source)
        )
    columns = ["name", "meaning", "unit", "default", "range", "group", "submodel", "source"]
    counts = ", ".join(f"{sum(p.group == g for p in params)} {g}" for g in GROUP_ORDER)
    return f"{len(params)} parameters ({counts}).\n\n{table(rows, columns)}"


def anchor(mechanism: str) -> str:
    """Return the HTML anchor id of a submodel's ODD subsection (``submodel-<name>``)."""
    return f"submodel-{mechanism}"


def event_table() -> str:
    """Return the Markdown table of the shock kinds of :data:`netsim.core.events.EVENT_KINDS`."""
    rows = [
        (f"`{kind.name}`", kind.meaning, event_fields(kind) or "-") for kind in EVENT_KINDS.values()
    ]
    return table(rows, ["kind", "what happens", "fields: default, range, meaning"])


NETWORK_WHEN = "every `network_interval` months, NaN between"


def indicator_table() -> str:
    """Return the Markdown table of the indicator registry (``netsim.core.indicators``).

    Rows are in the declared order, which is the order of the result columns (a test
    checks the registry against a model's columns).
    """
    rows = [
        (f"`{i.name}`", i.label, i.meaning, i.unit, i.better or "-", "key" if i.key else "", when)
        for i in INDICATORS
        for when in [f"{NETWORK_WHEN if i.network else 'every month'} ({i.final})"]
    ]
    columns = ["indicator", "label", "meaning", "unit", "better", "key", "recorded (final value)"]
    return table(rows, columns)


BLOCKS: dict[str, Callable[[], str]] = {
    "parameters": parameter_table,
    "events": event_table,
    "indicators": indicator_table,
}
"""Name of each generated block -> the function that builds its Markdown."""


def _note(name: str) -> str:
    source = {
        "parameters": "netsim.core.params.PARAMETERS",
        "events": "netsim.core.events.EVENT_KINDS",
        "indicators": "netsim.core.indicators.INDICATORS",
    }[name]
    return f"<!-- Generated by `netsim docs` from {source}; do not edit by hand. -->"


def generate(name: str) -> str:
    """Return the body of one generated block, as it stands between its markers."""
    return f"{_note(name)}\n\n{BLOCKS[name]()}"


def block_bodies(text: str) -> dict[str, str]:
    """Return the body of every generated block found in ``text``, by name."""
    names = [m["name"] for m in _BEGIN.finditer(text)]
    bodies = {n: read_block(text, begin_marker(n), end_marker(n)) for n in names}
    return {name: body for name, body in bodies.items() if body is not None}


def render(text: str) -> str:
    """Return ``text`` with every generated block rebuilt.

    Raises:
        ValueError: if a block of :data:`BLOCKS` is missing (or lacks its end
            marker), appears twice, or an unknown block is found.
    """
    found = [m["name"] for m in _BEGIN.finditer(text)]
    problems = [f"unknown block '{n}'" for n in found if n not in BLOCKS]
    problems += [
        f"block '{n}' appears {found.count(n)} times" for n in BLOCKS if found.count(n) > 1
    ]
    problems += [
        f"block '{n}' is missing"
        for n in BLOCKS
        if n not in found or end_marker(n) not in text.split(begin_marker(n), 1)[1]
    ]
    if problems:
        raise ValueError("; ".join(problems))
    for name in BLOCKS:
        text = replace_block(text, begin_marker(name), end_marker(name), generate(name))
    return text


def update_docs(path: Path = ODD_PATH, *, write: bool = True) -> bool:
    """Rebuild the generated blocks of ``path``.

    Args:
        path: the Markdown file holding the markers.
        write: if False, only report whether the file is stale.

    Returns:
        True if the file changed (or, with ``write=False``, would change).
    """
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new == text:
        return False
    if write:
        write_text_atomic(path, new)
    return True
