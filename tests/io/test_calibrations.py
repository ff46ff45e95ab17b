"""Calibration files: one-line messages naming file and key, priors, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from netsim.io.calibrations import CalibrationError, load_calibration, shipped_calibrations
from netsim.studies.calibration import TARGETS, load

HEAD = """
title = "t"
scenario = "hybrid"
months = 24
population = 8
[fixed]
n_teachers = 300
"""
PRIOR = "[parameters.w_peers]\nlow = 0.5\nhigh = 4.0\n"
TARGET = "[targets.talis_any_pd]\n"


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "cal.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalibrationError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("name", shipped_calibrations())
def test_shipped_calibrations_load(name: str) -> None:
    cal = load(name)
    assert cal.priors
    assert cal.targets


def test_a_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "cal.toml"
    path.write_text(HEAD + PRIOR + TARGET + "[held_out.imst_regional]\n", encoding="utf-8")
    cal = load(path)
    assert cal.scenario.params["n_teachers"] == 300
    assert cal.months == 24
    (prior,) = cal.priors
    assert (prior.name, prior.distribution, prior.low, prior.high) == (
        "w_peers",
        "uniform",
        0.5,
        4.0,
    )
    assert [(t.name, t.held_out) for t in cal.targets] == [
        ("talis_any_pd", False),
        ("imst_regional", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "[parameters.w_peer]\nlow = 0.5\nhigh = 4.0\n" + TARGET,
            "cal.toml: parameters.w_peer: unknown parameter; did you mean 'w_peers'?",
        ),
        (
            HEAD + "[parameters.w_peers]\nlow = 0.5\nhigh = 40.0\n" + TARGET,
            "cal.toml: parameters.w_peers: got 40.0, out of range (allowed: a number from 0 to 10)",
        ),
        (
            HEAD + "[parameters.w_peers]\nlow = 3\nhigh = 1\n" + TARGET,
            "cal.toml: parameters.w_peers: low 3 is not below high 1",
        ),
        (
            HEAD + "[parameters.w_peers]\nlow = 1\n" + TARGET,
            "cal.toml: parameters.w_peers.high: missing (allowed: a number within the schema's "
            "range 0 to 10)",
        ),
        (
            HEAD + '[parameters.w_peers]\ndistribution = "norm"\nloc = 2.0\n' + TARGET,
            "cal.toml: parameters.w_peers: the norm prior spans -inf to inf, not within the "
            "schema's range 0 to 10",
        ),
        (
            HEAD + '[parameters.w_peers]\ndistribution = "gauss"\n' + TARGET,
            'cal.toml: parameters.w_peers.distribution: got "gauss", not a continuous '
            "scipy.stats distribution",
        ),
        (
            HEAD + '[parameters.w_peers]\ndistribution = "beta"\nshapes = [2.0]\n' + TARGET,
            "cal.toml: parameters.w_peers.shapes: beta takes 2 shape parameter(s), got 1",
        ),
        (
            HEAD + "[parameters.rewire_ties]\nlow = 0\nhigh = 1\n" + TARGET,
            "cal.toml: parameters.rewire_ties: unknown parameter",
        ),
        (
            HEAD + PRIOR + "[targets.talis_any]\n",
            "cal.toml: targets.talis_any: no target \"talis_any\"; did you mean 'talis_any_pd'?",
        ),
        (
            HEAD
            + PRIOR
            + '[targets.mine]\nindicator = "reach_teacher"\nobserved = 0.3\nscale = 0.1\n',
            'cal.toml: targets.mine.indicator: unknown indicator "reach_teacher"; did you mean '
            "'reach_teachers'?",
        ),
        (
            HEAD + PRIOR + '[targets.mine]\nindicator = "reach_teachers"\nscale = 0.1\n',
            "cal.toml: targets.mine.observed: missing",
        ),
        (
            HEAD + PRIOR + TARGET + "[held_out.talis_any_pd]\n",
            "cal.toml: held_out.talis_any_pd: also a fitted target in [targets]",
        ),
        (
            HEAD + PRIOR + TARGET + "[held_out.multi_actor_outlives_terms]\n",
            "cal.toml: held_out.multi_actor_outlives_terms: needs runs of at least 84 months, "
            "the calibration runs 24",
        ),
        (
            HEAD + PRIOR + TARGET + "[stop]\nmax_generation = 3\n",
            "cal.toml: stop.max_generation: unknown key; did you mean 'max_generations'?",
        ),
        (
            HEAD.replace("population = 8", "population = 1") + PRIOR + TARGET,
            "cal.toml: population: got 1, out of range",
        ),
        (HEAD + PRIOR, "cal.toml: targets: missing"),
        (
            HEAD.replace('"hybrid"', '"hybird"') + PRIOR + TARGET,
            "cal.toml: scenario: no scenario \"hybird\"; did you mean 'hybrid'?",
        ),
        (HEAD + "[fixed.w_peers]\n" + PRIOR + TARGET, "cal.toml: fixed"),
    ],
)
def test_messages_name_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    found = problems(tmp_path, text)
    assert any(expected in line for line in found), found
    assert all(line.count("\n") == 0 for line in found)


def test_every_problem_at_once(tmp_path: Path) -> None:
    text = (
        HEAD
        + "[parameters.w_peer]\nlow = 0.5\nhigh = 4.0\n[parameters.trust_gain]\nlow = 2\nhigh = 3\n"
        + "[targets.nothing]\n"
    )
    found = problems(tmp_path, text)
    assert len(found) == 3, found


def test_a_name_not_shipped() -> None:
    with pytest.raises(CalibrationError, match="no such calibration"):
        load_calibration("no_such_calibration")


def test_patterns_are_targets_once() -> None:
    from netsim.studies.validation import PATTERNS

    for p in PATTERNS:
        assert TARGETS[p.id].measure is p.measure  # the pattern's own definition, not a copy
    assert {"talis_any_pd", "talis_peer_networks"} <= set(TARGETS)
