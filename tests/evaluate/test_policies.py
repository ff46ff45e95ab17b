"""Policies x uncertainties: every policy in the same futures with the same seeds, then
robustness, regret, goals and scenario discovery in netsim analyze."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.io.experiments import ExperimentError, load_experiment

runner = CliRunner()

POLICIES = """
title = "which policy holds up"
scenario = "hybrid"
months = 8
replications = 2
seed = 3

[design]
method = "lhs"
samples = 6

[fixed]
n_teachers = 60
n_regions = 2

[policies.top_down]
scenario = "top_down"

[policies.bottom_up]
scenario = "bottom_up"

[policies.hybrid_mandate]
mandate_strength = 0.2
{extra}
[parameters.initial_trust]
low = 0.1
high = 0.8

[parameters.w_peers]
low = 0.5
high = 4.0

[outcomes.reach]
indicator = "reach_teachers"
goal = 0.45

[outcomes.trust]
indicator = "trust_mean"
stat = "series"
"""


def _write(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "policies.toml"
    path.write_text(POLICIES.format(extra=extra), encoding="utf-8")
    return path


def test_policies_share_futures_and_seeds_and_get_a_robustness_report(tmp_path: Path) -> None:
    exp = load_experiment(_write(tmp_path))
    assert [p.name for p in exp.policies] == ["top_down", "bottom_up", "hybrid_mandate"]
    assert exp.n_futures() == 6
    assert exp.n_points() == 18
    out = tmp_path / "out"
    swept = runner.invoke(app, ["sweep", str(exp.path), "--out", str(out), "--no-progress"])
    assert swept.exit_code == 0, swept.output
    runs = pd.read_parquet(out / "runs")
    assert len(runs) == 36
    seeds = runs.pivot_table(index=["future", "replication"], columns="policy", values="seed")
    assert (seeds.nunique(axis=1) == 1).all()  # the same seeds for every policy
    assert seeds.iloc[:, 0].nunique() == 12
    mandate = runs.groupby("policy")["param_mandate_strength"].first()
    assert mandate["hybrid_mandate"] == 0.2
    trust = runs.groupby("future")["param_initial_trust"].nunique()
    assert (trust == 1).all()  # a future is the same point of the sample for every policy
    assert (out / "policies" / "top_down.toml").is_file()
    resumed = runner.invoke(
        app, ["sweep", str(out / "experiment.toml"), "--out", str(out), "--no-progress"]
    )
    assert "36 already done" in resumed.output

    analysis = runner.invoke(app, ["analyze", str(out)])
    assert analysis.exit_code == 0, analysis.output
    futures = pd.read_parquet(out / "futures.parquet")
    assert len(futures) == 3 * 6
    assert (futures.groupby("future")["regret"].min() == 0).all()
    summary = pd.read_csv(out / "robustness.csv").set_index("policy")
    for policy, t in futures.groupby("policy"):
        assert summary.loc[policy, "satisficing_share"] == pytest.approx(
            (t["value"] >= 0.45).mean()
        )
        assert summary.loc[policy, "regret_max"] == pytest.approx(t["regret"].max())
    series = pd.read_csv(out / "series.csv")
    assert series["group"].unique().tolist() == ["top_down", "bottom_up", "hybrid_mandate"]
    page = (out / "analysis.html").read_text(encoding="utf-8")
    assert "Policies across futures" in page
    holding = pd.read_csv(out / "holding.csv", keep_default_na=False).set_index("policy")
    assert list(holding.index) == ["top_down", "bottom_up", "hybrid_mandate"]  # one goal
    for policy, t in futures.groupby("policy"):
        assert holding.loc[policy, "met"] == (t["value"] >= 0.45).sum()
        assert holding.loc[policy, "futures"] == 6
    assert holding.loc["hybrid_mandate", "scenario"] == "hybrid"
    assert holding.loc["hybrid_mandate", "levers"] == '{"mandate_strength": 0.2}'
    assert holding.loc["top_down", "levers"] == "{}"
    missing = futures[~futures["meets"].astype(bool)]
    if missing["policy"].nunique():
        assert "scenario discovery" in page
        assert (out / "prim_boxes.csv").is_file()

    # a goal from the command line: every policy meets 0, none meets 2
    easy = runner.invoke(app, ["analyze", str(out), "--goal", "reach=0"])
    assert easy.exit_code == 0, easy.output
    assert (pd.read_csv(out / "robustness.csv")["satisficing_share"] == 1.0).all()
    hard = runner.invoke(app, ["analyze", str(out), "--goal", "reach=2"])
    assert hard.exit_code == 0, hard.output
    assert "misses reach >= 2 in every future sampled" in hard.output
    wrong = runner.invoke(app, ["analyze", str(out), "--goal", "rech=1"])
    assert wrong.exit_code == 1
    assert "--goal: no outcome 'rech'" in wrong.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "initial_trust = 0.3\n",
            "policies.hybrid_mandate.initial_trust: initial_trust is an uncertain parameter, not"
            " a lever: vary it in [parameters] or set it in [fixed]",
        ),
        (
            "mandate_strenght = 0.3\n",
            "policies.hybrid_mandate.mandate_strenght: unknown key; did you mean"
            " 'mandate_strength'?",
        ),
        (
            "[policies.uk]\nscenario = 'uk_stem'\n",
            "policies.uk.scenario: no scenario \"uk_stem\"; did you mean 'uk_stem_learning'?",
        ),
    ],
)
def test_wrong_policies_name_the_file_and_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ExperimentError) as caught:
        load_experiment(_write(tmp_path, extra))
    assert any(message in line for line in str(caught.value).splitlines()), str(caught.value)


def test_policies_need_a_sample_not_a_morris_screening(tmp_path: Path) -> None:
    path = _write(tmp_path)
    path.write_text(path.read_text("utf-8").replace('method = "lhs"', 'method = "morris"'), "utf-8")
    with pytest.raises(ExperimentError, match="not a Morris screening"):
        load_experiment(path)


def test_a_policies_sweep_on_dask_resumes_to_the_serial_tables(tmp_path: Path) -> None:
    text = POLICIES.format(extra="").replace("samples = 6", "samples = 2")
    text = text.replace("months = 8", "months = 4").replace("replications = 2", "replications = 1")
    path = tmp_path / "small.toml"
    path.write_text(text, encoding="utf-8")
    exp = load_experiment(path)
    serial, dask = tmp_path / "serial", tmp_path / "dask"
    from netsim.evaluate.sweep import sweep

    sweep(exp, serial, progress=False)
    # half the runs here, the rest on a Dask LocalCluster: resumed, not redone
    with pytest.raises(KeyboardInterrupt):
        sweep(exp, dask, progress=False, on_run=_stop_after(3))
    swept = runner.invoke(
        app, ["sweep", str(path), "--out", str(dask), "--engine", "dask", "--workers", "2",
              "--no-progress"],
    )  # fmt: skip
    assert swept.exit_code == 0, swept.output
    assert "3 already done, 3 ok" in swept.output
    a = pd.read_parquet(serial / "runs").sort_values("run_id", ignore_index=True)
    b = pd.read_parquet(dask / "runs").sort_values("run_id", ignore_index=True)
    pd.testing.assert_frame_equal(a.drop(columns="wall_time"), b.drop(columns="wall_time"))


def _stop_after(n: int) -> Callable[[object], None]:
    seen = []

    def stop(_: object) -> None:
        seen.append(1)
        if len(seen) == n:
            raise KeyboardInterrupt

    return stop
