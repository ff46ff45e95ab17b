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
from netsim.io.resources import REPO_ROOT

ODD_PATH = REPO_ROOT / "docs" / "ODD.md"
"""Where the ODD description lives (``docs/ODD.md`` at the project root)."""

GROUP_ORDER = ("population", "lever", "uncertain", "switch", "output")
"""Order of the parameter groups in the table."""

_BLOCK = re.compile(
    r"(?P<begin><!-- BEGIN GENERATED: (?P<name>[a-z_]+) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)


def _cell(text: Any) -> str:
    """Return ``text`` safe for one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


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


def _header(*columns: str) -> list[str]:
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def parameter_table() -> str:
    """Return the Markdown table of every parameter of :data:`netsim.core.params.PARAMETERS`.

    Rows are ordered by group (population, lever, uncertain, switch, output), then
    as in the schema.
    """
    params = sorted(PARAMETERS.values(), key=lambda p: GROUP_ORDER.index(p.group))
    lines = _header("name", "meaning", "unit", "default", "range", "group", "submodel", "source")
    for p in params:
        submodel = p.mechanism
        if p.mechanism in MECHANISMS:
            submodel = f"[{p.mechanism}](#{anchor(p.mechanism)})"
        lines.append(
            f"| `{p.name}` | {_cell(p.meaning)} | {_cell(p.unit)} | `{_literal(p.default)}` | "
            f"{_range(p)} | {p.group} | {submodel} | {_cell(p.source)} |"
        )
    counts = ", ".join(f"{sum(p.group == g for p in params)} {g}" for g in GROUP_ORDER)
    return "\n".join([f"{len(params)} parameters ({counts}).", "", *lines])


def anchor(mechanism: str) -> str:
    """Return the HTML anchor id of a submodel's ODD subsection (``submodel-<name>``)."""
    return f"submodel-{mechanism}"


def event_table() -> str:
    """Return the Markdown table of the shock kinds of :data:`netsim.core.events.EVENT_KINDS`."""
    lines = _header("kind", "what happens", "fields: default, range, meaning")
    for kind in EVENT_KINDS.values():
        fields = "; ".join(
            f"`{name}` = `{_literal(d)}`, {_literal(lo)} to {_literal(hi)}: {meaning}"
            for name, (d, lo, hi, meaning) in kind.fields.items()
        )
        lines.append(f"| `{kind.name}` | {_cell(kind.meaning)} | {_cell(fields) or '-'} |")
    return "\n".join(lines)


def indicator_table() -> str:
    """Return the Markdown table of the indicator registry (``netsim.core.indicators``).

    Rows are in the declared order, which is the order of the result columns (a test
    checks the registry against a model's columns).
    """
    columns = ("indicator", "label", "meaning", "unit", "better", "key", "recorded (final value)")
    lines = _header(*columns)
    for ind in INDICATORS:
        if ind.network:
            when = f"every `network_interval` months, NaN between ({ind.final})"
        else:
            when = f"every month ({ind.final})"
        lines.append(
            f"| `{ind.name}` | {_cell(ind.label)} | {_cell(ind.meaning)} | {_cell(ind.unit)} | "
            f"{ind.better or '-'} | {'key' if ind.key else ''} | {when} |"
        )
    return "\n".join(lines)


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
    """Return the full body of one generated block, as it stands between its markers."""
    return f"{_note(name)}\n\n{BLOCKS[name]()}\n\n"


def block_bodies(text: str) -> dict[str, str]:
    """Return the body of every generated block found in ``text``, by name."""
    return {m["name"]: m["body"] for m in _BLOCK.finditer(text)}


def render(text: str) -> str:
    """Return ``text`` with every generated block rebuilt.

    Raises:
        ValueError: if a block of :data:`BLOCKS` is missing, appears twice, or an
            unknown block is found.
    """
    found = [m["name"] for m in _BLOCK.finditer(text)]
    problems = [f"unknown block '{n}'" for n in found if n not in BLOCKS]
    problems += [
        f"block '{n}' appears {found.count(n)} times" for n in BLOCKS if found.count(n) > 1
    ]
    problems += [f"block '{n}' is missing" for n in BLOCKS if n not in found]
    if problems:
        raise ValueError("; ".join(problems))
    return _BLOCK.sub(lambda m: m["begin"] + generate(m["name"]) + m["end"], text)


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
        path.write_text(new, encoding="utf-8")
    return True
