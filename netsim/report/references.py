"""The generated references of ``docs/scenarios.md`` and ``docs/experiments.md``.

Every key a scenario or an experiment file takes, made from the schemas that check
those files (:mod:`netsim.io.scenarios`, :mod:`netsim.io.experiments`, the parameter
schema and the shock kinds), so that the guides cannot drift from the code. Each
reference sits between its markers in its guide (see :mod:`netsim.report.markdown`);
``netsim docs`` rewrites them and ``netsim docs --check`` reports a stale one.
"""

from __future__ import annotations

from pathlib import Path

from netsim.core.events import EVENT_KINDS, EventKind
from netsim.core.params import PARAMETERS
from netsim.io import experiments, scenarios
from netsim.io.resources import REPO_ROOT
from netsim.io.toml import literal
from netsim.report.markdown import table, write_block

SCENARIO_DOC = REPO_ROOT / "docs" / "scenarios.md"
"""The scenario-file guide."""

SCENARIO_BEGIN = "<!-- BEGIN GENERATED: scenario-reference -->"
SCENARIO_END = "<!-- END GENERATED: scenario-reference -->"

EXPERIMENT_DOC = REPO_ROOT / "docs" / "experiments.md"
"""The experiment-file guide."""

EXPERIMENT_BEGIN = "<!-- BEGIN GENERATED: experiment-reference -->"
EXPERIMENT_END = "<!-- END GENERATED: experiment-reference -->"


def _keys(keys: dict[str, tuple[str, str]]) -> str:
    """The table of some top-level keys: key, allowed values, meaning."""
    return table(
        [(f"`{k}`", allowed, meaning) for k, (allowed, meaning) in keys.items()],
        ["key", "allowed", "meaning"],
    )


def event_fields(kind: EventKind) -> str:
    """A shock kind's fields in one line: name, default, range and meaning of each."""
    return "; ".join(
        f"`{name}` = `{literal(d)}`, {literal(lo)} to {literal(hi)}: {meaning}"
        for name, (d, lo, hi, meaning) in kind.fields.items()
    )


def scenario_reference() -> str:
    """Return the reference of every key a scenario file takes, generated from the schema."""
    out = ["## Top-level keys", "", _keys(scenarios.TOP_KEYS)]
    for section, group in scenarios.SECTIONS.items():
        params = [p for p in PARAMETERS.values() if p.group == group]
        rows = [
            (f"`{p.name}`", f"`{literal(p.default)}`", p.allowed, p.unit, p.meaning, p.source)
            for p in params
        ]
        out += [
            "",
            f"## `[{section}]`",
            "",
            f"{len(params)} parameter{'s' if len(params) != 1 else ''} of the group `{group}`.",
            "",
            table(rows, ["key", "default", "allowed", "unit", "meaning", "source"]),
        ]
    events = [
        (f"`{kind.name}`", kind.meaning, event_fields(kind) or "-") for kind in EVENT_KINDS.values()
    ]
    out += [
        "",
        "## `[[events]]`",
        "",
        "Each event is a table with `month` (an integer from 1 to the run's `months`: the "
        "shock happens at the start of that month), `kind` and the kind's own fields, "
        "each optional (its default is used when it is left out).",
        "",
        table(events, ["kind", "what happens", "fields (default, allowed)"]),
        "",
        "## `[workshop]`",
        "",
        "Optional; workshop presets carry the texts the workshop view shows.",
        "",
        _keys(scenarios.WORKSHOP_KEYS),
    ]
    return "\n".join(out) + "\n"


def experiment_reference() -> str:
    """Return the reference of every key an experiment file takes, generated from the schema."""
    out: list[str] = []
    for title, keys in (
        ("Top-level keys", experiments.TOP_KEYS),
        ("`[design]`", experiments.DESIGN_KEYS),
        ("`[parameters.NAME]`", experiments.PARAMETER_KEYS),
        ("`[outcomes.NAME]`", experiments.OUTCOME_KEYS),
        ("`[policies.NAME]`", experiments.POLICY_KEYS),
    ):
        out += [f"### {title}", "", _keys(keys), ""]
    out += [
        "### `[fixed]`",
        "",
        "`NAME = value` for any parameter of `docs/scenarios.md`, set for every run.",
        "",
        "### Indicators",
        "",
        "`indicator` may be any of: "
        + ", ".join(f"`{n}`" for n in experiments.indicator_names())
        + ", and `reach_region_K` for a region K.",
    ]
    return "\n".join(out) + "\n"


def write_scenario_reference(path: Path = SCENARIO_DOC, *, write: bool = True) -> bool:
    """Rewrite the scenario reference of ``path``; True if it changed (or would, unwritten)."""
    return write_block(path, SCENARIO_BEGIN, SCENARIO_END, scenario_reference(), write=write)


def write_experiment_reference(path: Path = EXPERIMENT_DOC, *, write: bool = True) -> bool:
    """Rewrite the experiment reference of ``path``; True if it changed (or would, unwritten)."""
    return write_block(path, EXPERIMENT_BEGIN, EXPERIMENT_END, experiment_reference(), write=write)
