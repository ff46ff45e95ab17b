"""Fuzzing the files a user hands in: a message or a load, never a traceback, a hang or output.

Hypothesis mutates the structure of the shipped scenario, experiment and calibration files (a
value replaced by another of any TOML type, a key removed or added, a table
nested or emptied) and their bytes (cut short, a byte changed, invalid UTF-8).
Every mutant must either load or be refused with the file's own error (one line
per problem naming the file), within a time bound, and ``netsim validate`` must
exit 0 or 1 without a traceback and without writing a file.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.io.experiments import ExperimentError, load_experiment
from netsim.io.resources import shipped
from netsim.io.scenarios import ScenarioError, load_scenario
from netsim.studies import calibration

SCENARIOS = sorted(shipped("scenarios").glob("*.toml"))
EXPERIMENTS = sorted(shipped("experiments").glob("*.toml"))
CALIBRATIONS = sorted(shipped("calibrations").glob("*.toml"))
FILES = {"scenario": SCENARIOS, "experiment": EXPERIMENTS, "calibration": CALIBRATIONS}
BOUND_S = 20.0  # a refused or loaded file, however strange, within this (a shared machine)
EXAMPLES = 150

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the bound is checked by the test itself, with a clear message
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from([0, 1, -1, 10**18, 1e308, -1e-308, "", "hybrid", "../x.toml", "/etc/passwd"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a parsed TOML document (into tables and lists)."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        out.append((*prefix, key))
        if isinstance(value, dict | list):
            out.extend(_paths(value, (*prefix, key)))
    return out


@st.composite
def mutated(draw: st.DrawFn, files: list[Path]) -> tuple[Path, str]:
    """A shipped file with a few structural mutations, as TOML text."""
    path = draw(st.sampled_from(files))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        where = draw(st.sampled_from(paths))
        parent: Any = data
        for key in where[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[where[-1]] = draw(values)
        elif action == "remove" and isinstance(parent, dict):
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(values)
    try:
        text = tomli_w.dumps(data)
    except (TypeError, ValueError):  # a value TOML cannot write (NaN keys ...): the original
        text = path.read_text(encoding="utf-8")
    return path, text


@st.composite
def damaged(draw: st.DrawFn, files: list[Path]) -> tuple[Path, bytes]:
    """A shipped file's bytes cut short, changed or made invalid UTF-8."""
    path = draw(st.sampled_from(files))
    raw = path.read_bytes()
    how = draw(st.sampled_from(["cut", "byte", "utf8"]))
    at = draw(st.integers(0, max(len(raw) - 1, 0)))
    if how == "cut":
        return path, raw[:at]
    if how == "byte":
        return path, raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return path, raw[:at] + b"\xff\xfe\xc3" + raw[at:]


def _load(kind: str, path: Path) -> None:
    """Load ``path`` as ``kind``; the file's own error is a refusal, anything else fails."""
    start = time.perf_counter()
    try:
        if kind == "scenario":
            load_scenario(path)
        elif kind == "experiment":
            load_experiment(path)
        else:
            calibration.load(path)
    except (ScenarioError, ExperimentError) as exc:
        text = str(exc)
        assert text, "an empty message"
        assert "Traceback" not in text
        assert path.name in text or "parameter" in text or "no such" in text, text
    took = time.perf_counter() - start
    assert took < BOUND_S, f"{path.name}: {took:.1f} s"


def _validate_cli(path: Path, folder: Path) -> None:
    before = sorted(folder.iterdir())
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert sorted(folder.iterdir()) == before  # nothing written


@pytest.mark.parametrize("kind", list(FILES))
@FUZZ
@given(data=st.data())
def test_mutated_files_load_or_get_a_message(tmp_path_factory, kind, data):
    folder = tmp_path_factory.mktemp("fuzz")
    source, text = data.draw(mutated(FILES[kind]))
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    _load(kind, path)
    _validate_cli(path, folder)


@pytest.mark.parametrize("kind", list(FILES))
@FUZZ
@given(data=st.data())
def test_damaged_bytes_get_a_message(tmp_path_factory, kind, data):
    folder = tmp_path_factory.mktemp("fuzz")
    source, raw = data.draw(damaged(FILES[kind]))
    path = folder / source.name
    path.write_bytes(raw)
    _load(kind, path)
    _validate_cli(path, folder)
