"""The generated tables of ``docs/ODD.md``: parameters, shocks and output indicators.

The ODD text is written by hand; its reference tables are not. Each table sits
between two markers in the Markdown file::

    <!-- BEGIN GENERATED: parameters -->
    ...
    <!-- END GENERATED: parameters -->

and is rebuilt from the model's own definitions: the parameter schema
(:data:`netsim.core.params.PARAMETERS`), the shock kinds
(:data:`netsim.core.events.EVENT_KINDS`) and the indicator columns of a tiny model
run, whose one-line meanings are kept by hand in :data:`INDICATOR_MEANINGS`.
This module sits outside the model core: the core never reads or writes files.

Usage::

    python -m netsim.docs            # rewrite the generated blocks in place
    python -m netsim.docs --check    # exit 1 if docs/ODD.md is stale
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from netsim.core.events import EVENT_KINDS
from netsim.core.indicators import NETWORK_COLUMNS
from netsim.core.params import MECHANISMS, PARAMETERS, Param

ODD_PATH = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
"""Where the ODD description lives (``docs/ODD.md`` at the project root)."""

GROUP_ORDER = ("population", "lever", "uncertain", "switch", "output")
"""Order of the parameter groups in the table."""

INDICATOR_MEANINGS: dict[str, str] = {
    "month": "Month of the row (0 = the initial state, before any step).",
    "reach_teachers": "Share of teachers engaged in PD (occasional, regular or lead).",
    "reach_schools": "Share of schools with at least one engaged teacher.",
    "reach_schools_primary": "Share of primary schools with at least one engaged teacher.",
    "reach_schools_lower_secondary": (
        "Share of lower-secondary schools with at least one engaged teacher."
    ),
    "reach_schools_upper_secondary": (
        "Share of upper-secondary schools with at least one engaged teacher."
    ),
    "reach_schools_vocational": "Share of vocational schools with at least one engaged teacher.",
    "reach_primary": "Share of primary teachers engaged.",
    "reach_lower_secondary": "Share of lower-secondary teachers engaged.",
    "reach_upper_secondary": "Share of upper-secondary teachers engaged.",
    "reach_vocational": "Share of vocational teachers engaged.",
    "reach_region_<r>": "Share of the teachers of region r engaged (one column per region).",
    "attendance": "Share of teachers who attended a PD activity this month.",
    "mandated_attendance": "Share of teachers whose attendance this month was mandated.",
    "practice_mean": "Mean practice level (how far teaching has changed), 0..1.",
    "regular_share": "Share of teachers who are regular participants or lead teachers.",
    "lead_share": "Share of teachers who are lead teachers (trainers).",
    "trust_mean": "Mean trust of teachers in the PD network.",
    "trust_sd": "Standard deviation of teachers' trust.",
    "n_centres": "Number of open PD centres.",
    "capacity": "Places offered by all centres this month.",
    "n_ties": "Number of live ties (teacher-teacher and with or between organisations).",
    "ties_punctual": "Share of live ties that are punctual.",
    "ties_periodic": "Share of live ties that are periodic.",
    "ties_continuous": "Share of live ties that are continuous.",
    "formal_ties": "Number of live formal ties (written agreements, hosting, decrees).",
    "schools_with_agreement": "Share of schools with a running written agreement.",
    "companies_engaged": "Share of companies that support a centre.",
    "universities_engaged": "Share of universities that host or partner a centre.",
    "member_1": "Among teachers in any PD institution, the share tied to exactly one.",
    "member_2": "Among teachers in any PD institution, the share tied to two (IMST: 8 %).",
    "member_3plus": "Among teachers in any PD institution, the share tied to three or more.",
    "budget_month": "Money (public and company, €) given to centres this month.",
    "money_spent": "Money (€) given to centres since month 0.",
    "reach_per_million": "Engaged teachers now per million € given since month 0.",
    "cost_per_teacher_reached": "Money given since month 0 per teacher who ever attended (€).",
    "equity_gap_region": "Largest minus smallest reach among regions.",
    "equity_gap_level": "Largest minus smallest reach among school levels.",
    "shock": "1 if a scheduled or live shock happened this month, else 0.",
    "largest_component": "Share of nodes (all agents, open centres) in the largest connected part.",
    "clustering": "Mean local clustering coefficient, estimated from sampled wedges.",
    "cross_sector_ties": "Share of live ties linking two sectors (school, university, ...).",
    "cross_region_ties": "Share of live ties between two regions, among ties with a region.",
    "centre_brokerage": "Mean over open centres of 1 - local clustering (brokerage).",
    "exchanges_centre_school": (
        "Share of exchanges between institutions over the last 12 months that link a PD centre"
        " and a school (teachers count for their school)."
    ),
    "exchanges_school_school": (
        "Share of exchanges between institutions that link two different schools."
    ),
    "exchanges_secondary_secondary": (
        "Share of exchanges between institutions that link two secondary schools."
    ),
    "exchanges_university": "Share of exchanges between institutions involving a university.",
    "exchanges_authority": (
        "Share of exchanges between institutions involving the ministry or a regional authority."
    ),
    "exchanges_vocational": (
        "Share of exchanges between institutions involving a vocational school."
    ),
    "exchanges_company": "Share of exchanges between institutions involving a company.",
}
"""One-line meaning of every output indicator; per-region columns as ``reach_region_<r>``."""

_REGION_COLUMN = re.compile(r"^(?P<stem>.+_region)_\d+$")
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


@functools.cache
def model_columns() -> tuple[str, ...]:
    """Return the indicator columns of a tiny model's results, in their order.

    A model with 200 teachers in 2 regions is built (not run): its data collector
    holds the same columns as any other model, region columns aside.
    """
    from netsim.core.model import PDNetworkModel  # the model only when the columns are needed

    model = PDNetworkModel(rng=0, n_teachers=200, n_regions=2)
    return tuple(model.datacollector.get_model_vars_dataframe().columns)


def indicator_name(column: str) -> str:
    """Return the documented name of a column: ``reach_region_3`` -> ``reach_region_<r>``."""
    match = _REGION_COLUMN.match(column)
    return f"{match['stem']}_<r>" if match else column


def indicator_names() -> list[str]:
    """Return the documented indicator names, in column order, each once."""
    return list(dict.fromkeys(indicator_name(c) for c in model_columns()))


def missing_meanings() -> list[str]:
    """Return the indicators that have no entry in :data:`INDICATOR_MEANINGS`."""
    return [name for name in indicator_names() if name not in INDICATOR_MEANINGS]


def stale_meanings() -> list[str]:
    """Return the entries of :data:`INDICATOR_MEANINGS` that no indicator has any more."""
    names = set(indicator_names())
    return [name for name in INDICATOR_MEANINGS if name not in names]


def indicator_table() -> str:
    """Return the Markdown table of the output indicators and their meanings.

    Raises:
        KeyError: if an indicator has no meaning in :data:`INDICATOR_MEANINGS`.
    """
    missing = missing_meanings()
    if missing:
        raise KeyError(f"indicators without a meaning in INDICATOR_MEANINGS: {missing}")
    lines = _header("indicator", "meaning", "recorded")
    for name in indicator_names():
        when = (
            "every `network_interval` months (NaN between)"
            if name in NETWORK_COLUMNS
            else "every month"
        )
        lines.append(f"| `{name}` | {_cell(INDICATOR_MEANINGS[name])} | {when} |")
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
        "indicators": "the model's results and netsim.docs.INDICATOR_MEANINGS",
    }[name]
    return f"<!-- Generated by `python -m netsim.docs` from {source}; do not edit by hand. -->"


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


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: rewrite the generated blocks, or check them with ``--check``."""
    parser = argparse.ArgumentParser(
        prog="python -m netsim.docs", description="Rebuild the generated tables of docs/ODD.md."
    )
    parser.add_argument("path", nargs="?", type=Path, default=ODD_PATH, help="the ODD file")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file is stale; change nothing"
    )
    args = parser.parse_args(argv)
    try:
        changed = update_docs(args.path, write=not args.check)
    except (OSError, ValueError, KeyError) as err:
        print(f"{args.path}: {err}", file=sys.stderr)
        return 2
    if args.check:
        if changed:
            print(f"{args.path} is stale: run `python -m netsim.docs`", file=sys.stderr)
            return 1
        print(f"{args.path} is up to date")
        return 0
    print(f"{args.path} {'updated' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
