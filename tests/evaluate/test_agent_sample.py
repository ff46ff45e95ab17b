"""Agent-level indicators on request: which teachers, which months, and their values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.core.model import PDNetworkModel
from netsim.core.population import ENGAGEMENT
from netsim.evaluate.agents import COLUMNS, AgentSample, sample_teachers
from netsim.evaluate.runner import run_scenario
from netsim.io.scenarios import load_scenario, scenario_to_toml


@pytest.fixture(scope="module")
def tiny():
    """A workshop preset shortened to 14 months (a last month off the interval)."""
    s, _ = load_scenario("workshop_growth").with_months(14)
    return s


def test_the_sampled_teachers_and_months_are_right_and_follow_the_seed(tiny) -> None:
    sample = AgentSample(teachers=7, every=5)
    result = run_scenario(tiny, reps=2, seed=4, progress=False, agents=sample)
    agents = result.agents
    assert agents is not None
    assert list(agents.columns) == ["replication", *COLUMNS]
    n = tiny.params["n_teachers"]
    for rep, seed in enumerate(result.seeds):
        mine = agents[agents["replication"] == rep]
        assert sorted(mine["month"].unique()) == [0, 5, 10, 14]  # the last month too
        ids = sample_teachers(n, 7, seed)
        assert len(set(ids)) == 7
        for _, at in mine.groupby("month"):
            assert at["teacher"].tolist() == ids.tolist()  # the same teachers every time
        # the values are the model's own at those months
        model = PDNetworkModel(rng=seed, events=tiny.events, **tiny.params)
        for _ in range(10):
            model.step()
        at10 = mine[mine["month"] == 10]
        t = model.teachers
        np.testing.assert_allclose(at10["trust"], t.trust[ids])
        np.testing.assert_allclose(at10["practice"], t.practice[ids])
        assert at10["engagement"].tolist() == [ENGAGEMENT[k] for k in t.engagement[ids]]
        assert at10["region"].tolist() == t.region[ids].tolist()
        assert at10["school"].tolist() == t.school[ids].tolist()
    first, second = (agents[agents["replication"] == k]["teacher"] for k in (0, 1))
    assert set(first) != set(second)  # each replication draws from its own seed
    again = run_scenario(tiny, reps=2, seed=4, progress=False, agents=sample)
    pd.testing.assert_frame_equal(again.agents, agents)
    # recording changes nothing in the run
    plain = run_scenario(tiny, reps=2, seed=4, progress=False)
    assert plain.agents is None
    pd.testing.assert_frame_equal(plain.data, result.data)


def test_more_teachers_than_there_are_records_them_all() -> None:
    assert sample_teachers(5, 9, seed=1).tolist() == [0, 1, 2, 3, 4]
    assert sample_teachers(50, 9, seed=1).tolist() == sample_teachers(50, 9, seed=1).tolist()
    assert sample_teachers(50, 9, seed=1).tolist() != sample_teachers(50, 9, seed=2).tolist()
    assert AgentSample(3, every=12).months(30) == [0, 12, 24, 30]


def test_netsim_run_writes_agents_parquet_on_request(tiny, tmp_path: Path) -> None:
    file = tmp_path / "tiny.toml"
    file.write_text(scenario_to_toml(tiny), "utf-8")
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["run", str(file), "--reps", "2", "--seed", "3", "--out", str(out), "--no-progress"]
    done = runner.invoke(app, [*args, "--agents", "4", "--agent-every", "6"])
    assert done.exit_code == 0, done.output
    agents = pd.read_parquet(out / "agents.parquet")
    assert len(agents) == 2 * 4 * len([0, 6, 12, 14])
    assert set(agents["engagement"]) <= set(ENGAGEMENT)
    plain = runner.invoke(app, [*args[:-3], "--out", str(tmp_path / "plain"), "--no-progress"])
    assert plain.exit_code == 0, plain.output
    assert not (tmp_path / "plain" / "agents.parquet").exists()
    bad = runner.invoke(app, [*args, "--agents", "4", "--agent-every", "0"])
    assert bad.exit_code == 2
    assert "--agent-every" in bad.output
