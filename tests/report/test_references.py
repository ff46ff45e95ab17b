"""The generated references of docs/scenarios.md and docs/experiments.md stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from netsim.core.params import PARAMETERS
from netsim.io.experiments import indicator_names
from netsim.report import references


def _has_row(text: str, key: str) -> bool:
    return re.search(rf"^\| `{re.escape(key)}` +\|", text, re.MULTILINE) is not None


def _copy(tmp_path: Path, doc: Path) -> Path:
    copy = tmp_path / doc.name
    copy.write_text(doc.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_scenario_reference_is_up_to_date(tmp_path: Path) -> None:
    copy = _copy(tmp_path, references.SCENARIO_DOC)
    assert not references.write_scenario_reference(copy), "stale: run `netsim docs`"


def test_experiment_reference_is_up_to_date(tmp_path: Path) -> None:
    copy = _copy(tmp_path, references.EXPERIMENT_DOC)
    assert not references.write_experiment_reference(copy), "stale: run `netsim docs`"


def test_scenario_reference_lists_every_key() -> None:
    text = references.scenario_reference()
    for name in PARAMETERS:
        assert _has_row(text, name), name
    for key in ("title", "summary", "extends", "months", "replace_events", "shows", "try"):
        assert _has_row(text, key), key


def test_experiment_reference_lists_every_indicator_but_month() -> None:
    text = references.experiment_reference()
    assert all(f"`{name}`" in text for name in indicator_names())
    assert "`month`" not in text.split("### Indicators", 1)[1]
