"""A user's own folders of scenarios and experiments: looked up first, listed, checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.io.experiments import ExperimentError, load_experiment
from netsim.io.resources import FolderError, entries, find, set_user_folders, shipped
from netsim.io.scenarios import ScenarioError, load_scenario

runner = CliRunner()

MINE = 'title = "Mine"\nsummary = "My own policy."\nextends = "hybrid"\n'
MINE += "[levers]\nsteering_group = 0.9\n"
HYBRID = 'title = "My hybrid"\nsummary = "The shipped hybrid, smaller."\nextends = "hybrid"\n'
HYBRID += "[population]\nn_teachers = 300\n"
EXPERIMENT = """
title = "My sweep"
scenario = "mine"
months = 6
[design]
method = "grid"
[fixed]
n_teachers = 100
[parameters.initial_trust]
values = [0.2, 0.4]
[outcomes.reach]
indicator = "reach_teachers"
"""


@pytest.fixture(autouse=True)
def _environment_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts from the environment (no folder chosen, no variable set)."""
    monkeypatch.delenv("NETSIM_SCENARIOS", raising=False)
    monkeypatch.delenv("NETSIM_EXPERIMENTS", raising=False)
    set_user_folders("scenarios", None)
    set_user_folders("experiments", None)
    yield
    set_user_folders("scenarios", None)
    set_user_folders("experiments", None)


@pytest.fixture
def mine(tmp_path: Path) -> dict[str, Path]:
    scenarios = tmp_path / "my_scenarios"
    experiments = tmp_path / "my_experiments"
    scenarios.mkdir()
    experiments.mkdir()
    (scenarios / "mine.toml").write_text(MINE, encoding="utf-8")
    (scenarios / "hybrid.toml").write_text(HYBRID, encoding="utf-8")
    (experiments / "my_sweep.toml").write_text(EXPERIMENT, encoding="utf-8")
    return {"scenarios": scenarios, "experiments": experiments}


def test_without_a_folder_names_find_the_shipped_files() -> None:
    assert find("scenarios", "hybrid") == (shipped("scenarios") / "hybrid.toml").resolve()
    assert find("scenarios", "mine") is None
    assert all(e.shipped for e in entries("scenarios"))


def test_environment_variable_names_the_folder(
    mine: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSIM_SCENARIOS", str(mine["scenarios"]))
    scenario = load_scenario("mine")
    assert scenario.path == (mine["scenarios"] / "mine.toml").resolve()
    assert scenario.params["steering_group"] == 0.9


def test_the_users_file_comes_before_the_shipped_one_and_may_extend_it(
    mine: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSIM_SCENARIOS", str(mine["scenarios"]))
    mine_hybrid = load_scenario("hybrid")
    assert mine_hybrid.title == "My hybrid"
    assert mine_hybrid.params["n_teachers"] == 300
    # its extends = "hybrid" finds the shipped hybrid, not itself
    assert mine_hybrid.chain[-2] == (shipped("scenarios") / "hybrid.toml").resolve()
    set_user_folders("scenarios", [])
    shipped_hybrid = load_scenario("hybrid")
    assert {k: v for k, v in mine_hybrid.params.items() if k != "n_teachers"} == {
        k: v for k, v in shipped_hybrid.params.items() if k != "n_teachers"
    }


def test_several_folders_are_searched_in_order(
    mine: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "mine.toml").write_text(MINE.replace('"Mine"', '"Other"'), encoding="utf-8")
    monkeypatch.setenv("NETSIM_SCENARIOS", f"{other}:{mine['scenarios']}")
    assert load_scenario("mine").title == "Other"
    assert load_scenario("hybrid").title == "My hybrid"


def test_missing_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETSIM_SCENARIOS", str(tmp_path / "nowhere"))
    with pytest.raises(ScenarioError) as info:
        load_scenario("hybrid")
    assert str(info.value) == (
        f"{tmp_path / 'nowhere'}: no such folder (named by NETSIM_SCENARIOS) "
        "(allowed: a folder holding scenario .toml files)"
    )
    with pytest.raises(FolderError):
        entries("scenarios")
    # a path needs no folder
    assert load_scenario(shipped("scenarios") / "default_country.toml").name == "default_country"
    monkeypatch.setenv("NETSIM_EXPERIMENTS", str(tmp_path / "nowhere"))
    with pytest.raises(ExperimentError, match="named by NETSIM_EXPERIMENTS"):
        load_experiment("quick")


def test_experiment_names_and_its_scenario_come_from_the_users_folders(
    mine: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSIM_SCENARIOS", str(mine["scenarios"]))
    monkeypatch.setenv("NETSIM_EXPERIMENTS", str(mine["experiments"]))
    exp = load_experiment("my_sweep")
    assert exp.scenario.params["steering_group"] == 0.9
    assert load_experiment("quick").name == "quick"


def test_list_marks_yours_and_the_shipped_ones(mine: dict[str, Path]) -> None:
    result = runner.invoke(
        app,
        ["list", "--scenarios", str(mine["scenarios"]), "--experiments", str(mine["experiments"])],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    yours = lines.index(f"Scenarios of yours ({mine['scenarios']}):")
    shipped_at = lines.index("Scenarios shipped with netsim:")
    assert yours < shipped_at
    assert lines[yours + 1].split()[:2] == ["hybrid", "The"]
    assert lines[yours + 2].split()[:3] == ["mine", "My", "own"]
    hybrid = next(line for line in lines[shipped_at:] if line.split()[0] == "hybrid")
    assert f"[hidden: the name finds {mine['scenarios'] / 'hybrid.toml'}]" in hybrid
    assert f"Experiments of yours ({mine['experiments']}):" in lines
    assert any(line.split()[:2] == ["my_sweep", "My"] for line in lines)


def test_commands_take_the_folder_by_option(mine: dict[str, Path], tmp_path: Path) -> None:
    folder = ["--scenarios", str(mine["scenarios"])]
    shown = runner.invoke(app, ["show", "mine", *folder])
    assert shown.exit_code == 0, shown.output
    assert "steering_group = 0.9" in shown.stdout
    checked = runner.invoke(
        app, ["validate", "mine", "my_sweep", *folder, "--experiments", str(mine["experiments"])]
    )
    assert checked.exit_code == 0, checked.output
    assert "ok  my_sweep: My sweep (experiment: grid, 2 points" in checked.stdout
    # the option holds for one command only
    assert runner.invoke(app, ["show", "mine"]).exit_code == 1


def test_option_naming_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    for command in (["list"], ["show", "hybrid"], ["run", "hybrid"], ["validate", "hybrid"]):
        result = runner.invoke(app, [*command, "--scenarios", str(tmp_path / "none")])
        assert result.exit_code == 1
        assert result.stderr.strip() == f"--scenarios: {tmp_path / 'none'}: no such folder"
    result = runner.invoke(app, ["sweep", "quick", "--experiments", str(tmp_path / "none")])
    assert result.stderr.strip() == f"--experiments: {tmp_path / 'none'}: no such folder"


def test_list_with_a_missing_folder_in_the_environment_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSIM_EXPERIMENTS", str(tmp_path / "none"))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'none'}: no such folder (named by NETSIM_EXPERIMENTS)" in result.stderr


def test_studies_use_the_shipped_presets_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "hybrid.toml").write_text("not toml at all [", encoding="utf-8")
    monkeypatch.setenv("NETSIM_SCENARIOS", str(broken))
    result = runner.invoke(app, ["patterns", "--reps", "1", "--months", "2"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\| id +\| pattern \(brochure\) +\|", result.stdout, re.MULTILINE)


def test_a_misspelt_name_gets_the_nearest_of_yours_too(
    mine: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETSIM_SCENARIOS", str(mine["scenarios"]))
    monkeypatch.setenv("NETSIM_EXPERIMENTS", str(mine["experiments"]))
    with pytest.raises(ScenarioError, match=r"mnie: no such scenario; did you mean 'mine'\?"):
        load_scenario("mnie")
    with pytest.raises(ExperimentError, match=r"did you mean 'my_sweep'\?"):
        load_experiment("my_swep")
