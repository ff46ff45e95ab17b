"""Experiment files: validation messages, designs and their sample counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from SALib.sample import latin, morris, sobol

from netsim.io.experiments import (
    ExperimentError,
    experiment_to_toml,
    load_experiment,
    shipped_experiments,
)

HEAD = """
title = "t"
scenario = "bottom_up"
months = 12
seed = 3
[fixed]
n_teachers = 200
"""
GRID = '[design]\nmethod = "grid"\n'
TRUST = "[parameters.initial_trust]\nvalues = [0.1]\n"
OUTCOME = """
[outcomes.reach]
indicator = "reach_teachers"
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ExperimentError) as info:
        load_experiment(write(tmp_path, text))
    return [str(p) for p in info.value.problems]


def ranged(method: str, samples: int, extra: str = "") -> str:
    return (
        HEAD
        + f'[design]\nmethod = "{method}"\nsamples = {samples}\n{extra}'
        + "[parameters.initial_trust]\nlow = 0.1\nhigh = 0.6\n"
        + "[parameters.w_peers]\nlow = 0.5\nhigh = 5.0\n"
        + "[parameters.decree_centres]\nlow = 0\nhigh = 10\n"
        + OUTCOME
    )


@pytest.mark.parametrize("name", shipped_experiments())
def test_shipped_experiments_load(name: str) -> None:
    exp = load_experiment(name)
    assert len(exp.design()) == exp.n_points()


def test_sobol_sample_count_matches_salib(tmp_path: Path) -> None:
    # three parameters and, by default, one dummy: D = 4
    exp = load_experiment(write(tmp_path, ranged("sobol", 8)))
    ref = sobol.sample(exp.problem(), 8, calc_second_order=False, seed=3)
    assert len(exp.design()) == exp.n_points() == len(ref) == 8 * (4 + 2)
    assert (exp.design().to_numpy() == ref).all()
    exp2 = load_experiment(write(tmp_path, ranged("sobol", 8, "second_order = true\n")))
    ref2 = sobol.sample(exp2.problem(), 8, calc_second_order=True, seed=3)
    assert len(exp2.design()) == exp2.n_points() == len(ref2) == 8 * (2 * 4 + 2)


def test_morris_and_lhs_sample_counts_match_salib(tmp_path: Path) -> None:
    exp = load_experiment(write(tmp_path, ranged("morris", 4)))
    ref = morris.sample(exp.problem(), 4, num_levels=4, seed=3)
    assert len(exp.design()) == exp.n_points() == len(ref) == 4 * (4 + 1)
    lhs = load_experiment(write(tmp_path, ranged("lhs", 10)))
    assert len(lhs.design()) == lhs.n_points() == len(latin.sample(lhs.problem(), 10, seed=3))


def test_sobol_and_morris_designs_carry_dummies_the_model_never_reads(tmp_path: Path) -> None:
    for method, samples in (("sobol", 8), ("morris", 4)):
        exp = load_experiment(write(tmp_path, ranged(method, samples, "dummies = 3\n")))
        assert exp.dummy_names == ["dummy_1", "dummy_2", "dummy_3"]
        design = exp.design()
        assert list(design.columns) == [
            "initial_trust",
            "w_peers",
            "decree_centres",
            *exp.dummy_names,
        ]
        assert len(design) == exp.n_points()
        # the dummies vary over [0, 1] but no run's parameters hold or depend on them
        assert design["dummy_1"].nunique() > 1
        assert design["dummy_1"].between(0.0, 1.0).all()
        params = [exp.point_params(row) for _, row in design.iterrows()]
        assert not any(k.startswith("dummy") for p in params for k in p)
        # the written experiment keeps the count, and reads back to the same design
        again = load_experiment(write(tmp_path, experiment_to_toml(exp, "bottom_up"), "again.toml"))
        assert again.dummies == 3
        assert (again.design().to_numpy() == design.to_numpy()).all()
    none = load_experiment(write(tmp_path, ranged("sobol", 8, "dummies = 0\n")))
    assert none.dummy_names == []
    assert none.n_points() == 8 * (3 + 2)
    assert load_experiment(write(tmp_path, ranged("lhs", 10))).dummies == 0


def test_dummies_are_refused_where_no_index_is_computed(tmp_path: Path) -> None:
    found = problems(tmp_path, ranged("lhs", 10, "dummies = 2\n"))
    assert any(
        "design.dummies" in p
        and "lhs design computes no sensitivity index" in p
        and "dummies = 0, or a sobol or morris design" in p
        for p in found
    ), found
    found = problems(tmp_path, ranged("morris", 4, "dummies = 21\n"))
    assert any("design.dummies" in p and "20" in p for p in found), found
    found = problems(tmp_path, ranged("sobol", 8, 'dummies = "two"\n'))
    assert any("design.dummies" in p for p in found), found


@pytest.mark.parametrize("value", ["-1", "21", '"two"', "1.5", "true"])
def test_a_bad_dummies_value_names_the_file_and_the_field(tmp_path: Path, value: str) -> None:
    found = problems(tmp_path, ranged("sobol", 8, f"dummies = {value}\n"))
    named = [p for p in found if "design.dummies" in p]
    assert len(named) == 1, found
    assert "exp.toml" in named[0], named


def test_the_design_size_counts_the_dummies_and_says_so(tmp_path: Path) -> None:
    # D = 3 parameters + 2 dummies: Sobol N (D + 2) = 8 x 7, Morris N (D + 1) = 4 x 6
    sobol = load_experiment(write(tmp_path, ranged("sobol", 8, "dummies = 2\n")))
    assert sobol.n_points() == 56 == len(sobol.design())
    assert "sobol, 56 points (3 parameters and 2 dummies) x" in sobol.size()
    morris = load_experiment(write(tmp_path, ranged("morris", 4)))
    assert morris.n_points() == 20 == len(morris.design())
    assert "morris, 20 points (3 parameters and 1 dummy) x" in morris.size()
    assert "dumm" not in load_experiment(write(tmp_path, ranged("lhs", 10))).size()


def test_integer_parameters_are_rounded(tmp_path: Path) -> None:
    exp = load_experiment(write(tmp_path, ranged("lhs", 10)))
    values = [exp.point_params(row)["decree_centres"] for _, row in exp.design().iterrows()]
    assert all(isinstance(v, int) and 0 <= v <= 10 for v in values)


def test_grid_is_every_combination(tmp_path: Path) -> None:
    text = (
        HEAD
        + '[design]\nmethod = "grid"\n'
        + "[parameters.initial_trust]\nvalues = [0.1, 0.5]\n"
        + "[parameters.decree_centres]\nlow = 0\nhigh = 10\nsteps = 3\n"
        + OUTCOME
    )
    exp = load_experiment(write(tmp_path, text))
    assert exp.design().to_numpy().tolist() == [
        [0.1, 0],
        [0.1, 5],
        [0.1, 10],
        [0.5, 0],
        [0.5, 5],
        [0.5, 10],
    ]


def test_resolved_experiment_round_trips(tmp_path: Path) -> None:
    exp = load_experiment(write(tmp_path, ranged("sobol", 8)))
    from netsim.io.scenarios import scenario_to_toml

    (tmp_path / "out").mkdir()
    write(tmp_path / "out", scenario_to_toml(exp.scenario), "scenario.toml")
    again = load_experiment(write(tmp_path / "out", experiment_to_toml(exp), "experiment.toml"))
    assert again.fingerprint() == exp.fingerprint()


def bad_trust(value: str) -> str:
    return HEAD + GRID + f"[parameters.initial_trust]\nvalues = [{value}]\n" + OUTCOME


HEAD_TYPO = HEAD.replace('"bottom_up"', '"botom_up"')
REACH_MEAN = '[outcomes.reach]\nindicator = "reach_teachers"\nstat = "mean"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + GRID + "[parameters.initial_trus]\nvalues = [0.1]\n" + OUTCOME,
            "exp.toml: parameters.initial_trus: unknown parameter; did you mean 'initial_trust'?",
        ),
        (
            bad_trust("1.5"),
            "exp.toml: parameters.initial_trust: got 1.5, out of range "
            "(allowed: a number from 0 to 1)",
        ),
        (
            HEAD + '[design]\nmethod = "grids"\n' + TRUST + OUTCOME,
            'exp.toml: design.method: got "grids" (allowed: one of grid, lhs, sobol, morris)',
        ),
        (
            HEAD + GRID + "sampels = 3\n" + TRUST + OUTCOME,
            "exp.toml: design.sampels: unknown key; did you mean 'samples'?",
        ),
        (
            HEAD + "replication = 2\n" + GRID + TRUST + OUTCOME,
            "exp.toml: fixed.replication: unknown parameter",
        ),
        (
            HEAD.replace("[fixed]", "replication = 2\n[fixed]") + GRID + TRUST + OUTCOME,
            "exp.toml: replication: unknown key; did you mean 'replications'?",
        ),
        (ranged("sobol", 10), "exp.toml: design.samples: got 10, not a power of two"),
        (
            ranged("lhs", 10).replace("high = 0.6", "high = 0.05"),
            "exp.toml: parameters.initial_trust: low 0.1 is not below high 0.05",
        ),
        (
            HEAD + GRID + TRUST + '[outcomes.reach]\nindicator = "reach_teacher"\n',
            'exp.toml: outcomes.reach.indicator: unknown indicator "reach_teacher"; '
            "did you mean 'reach_teachers'?",
        ),
        (
            HEAD + GRID + TRUST + REACH_MEAN,
            "exp.toml: outcomes.reach.window: missing: stat = 'mean' needs a window",
        ),
        (
            HEAD_TYPO + GRID + TRUST + OUTCOME,
            "exp.toml: scenario: no scenario \"botom_up\"; did you mean 'bottom_up'?",
        ),
        (HEAD + GRID + OUTCOME, "exp.toml: parameters: missing"),
    ],
)
def test_clear_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    found = problems(tmp_path, text)
    assert any(line.startswith(expected) for line in found), found


def test_unknown_experiment_suggests_shipped_name() -> None:
    with pytest.raises(ExperimentError, match="did you mean 'quick'"):
        load_experiment("quik")


def test_region_outcome_is_checked_against_n_regions(tmp_path: Path) -> None:
    region = '[outcomes.far]\nindicator = "reach_region_99"\n'
    found = problems(tmp_path, HEAD + "n_regions = 4\n" + GRID + TRUST + region)
    assert any("outcomes.far.indicator" in p and "4 regions" in p for p in found)
    varied = "[parameters.n_regions]\nvalues = [8, 3]\n"
    region3 = '[outcomes.far]\nindicator = "reach_region_3"\n'
    found = problems(tmp_path, HEAD + GRID + varied + region3)
    assert any("reach_region_0 to reach_region_2" in p for p in found)
    ok = '[outcomes.near]\nindicator = "reach_region_3"\n'
    load_experiment(write(tmp_path, HEAD + "n_regions = 4\n" + GRID + TRUST + ok))


def test_fixed_that_breaks_grid_points_is_reported_against_fixed(tmp_path: Path) -> None:
    text = (
        HEAD.replace('"bottom_up"', '"default_country"')
        + "share_lower_secondary = 0.5\n"
        + GRID
        + "[parameters.share_primary]\nvalues = [0.2, 0.4]\n"
        + OUTCOME
    )
    found = problems(tmp_path, text)
    assert any("fixed" in p and "share_primary = 0.4" in p for p in found)
