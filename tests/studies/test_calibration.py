"""Calibration (ABC-SMC with pyabc): end to end, resume, reproducibility, recovery."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netsim.evaluate.runner import run_scenario
from netsim.io.scenarios import load_scenario
from netsim.studies.calibration import CalibrationFolderError, calibrate, load

TINY = """
title = "tiny"
description = "A tiny calibration for the tests."
scenario = "hybrid"
months = 24
replications = 1
population = 8
seed = {seed}
[fixed]
n_teachers = 300
n_regions = 2
[stop]
max_generations = {generations}
[parameters.participation_bias]
low = -7.0
high = -1.0
[parameters.w_peers]
low = 0.5
high = 5.0
[targets.talis_any_pd]
[targets.talis_peer_networks]
[held_out.reach]
indicator = "reach_teachers_ever"
observed = 0.5
scale = 0.1
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cal.toml"
    path.write_text(text, encoding="utf-8")
    return path


class KilledError(Exception):
    """Stands for a kill once a generation is in the database."""


def test_tiny_calibration_end_to_end_resume_and_same_seed(tmp_path: Path) -> None:
    cal = load(write(tmp_path, TINY.format(seed=3, generations=2)))
    # straight through
    lines: list[str] = []
    straight = calibrate(cal, tmp_path / "a", echo=lines.append)
    assert [g.t for g in straight.generations] == [0, 1]
    assert lines[0].startswith("generation 0: epsilon ")
    assert "acceptance rate" in lines[0]
    assert "ESS" in lines[0]
    for name in ("abc.db", "calibration.html", "calibrated_scenario.toml"):
        assert (tmp_path / "a" / name).is_file()
    for name in ("posterior", "marginals", "predictive", "targets", "generations"):
        assert len(pd.read_parquet(tmp_path / "a" / f"{name}.parquet")) > 0
        assert (tmp_path / "a" / f"{name}.csv").is_file()
    page = (tmp_path / "a" / "calibration.html").read_text("utf-8")
    assert "Held-out targets (not fitted)" in page
    assert "Calibrated targets (fitted)" in page
    assert '<script src="http' not in page  # plotly.js inline: works offline
    predictive = pd.read_csv(tmp_path / "a" / "predictive.csv")
    assert predictive["held_out"].tolist() == [False, False, True]
    # the calibrated scenario is a scenario file netsim runs
    calibrated = load_scenario(tmp_path / "a" / "calibrated_scenario.toml")
    assert calibrated.params["n_teachers"] == 300
    assert "Calibrated" in calibrated.description

    # killed once generation 0 is written, then resumed: the same as straight through
    def kill(line: str) -> None:
        raise KilledError(line)

    with pytest.raises(KilledError):
        calibrate(cal, tmp_path / "b", echo=kill)
    again: list[str] = []
    resumed = calibrate(cal, tmp_path / "b", echo=again.append)
    assert again[0].startswith("resuming from")
    assert resumed.resumed_at == 1
    a = pd.read_parquet(tmp_path / "a" / "posterior.parquet")
    b = pd.read_parquet(tmp_path / "b" / "posterior.parquet")
    pd.testing.assert_frame_equal(a, b)
    # run again when finished: nothing is rerun
    rerun = calibrate(cal, tmp_path / "b", echo=lambda _: None)
    assert rerun.generations[-1].runs == resumed.generations[-1].runs

    # another calibration's folder is refused
    other = load(write(tmp_path / "o", TINY.format(seed=4, generations=2)))
    with pytest.raises(CalibrationFolderError, match="another calibration"):
        calibrate(other, tmp_path / "a", echo=lambda _: None)


TRUTH = -4.0
SYNTHETIC = """
title = "synthetic"
scenario = "hybrid"
months = 24
replications = 1
population = 12
seed = {seed}
[fixed]
n_teachers = 300
n_regions = 2
[stop]
max_generations = 3
[parameters.participation_bias]
low = -7.0
high = -1.0
[targets.reach]
indicator = "reach_teachers"
observed = {observed}
scale = 0.05
"""


def test_posterior_concentrates_on_a_synthetic_truth(tmp_path: Path) -> None:
    base, _ = load_scenario("hybrid").with_months(24)
    params = {**base.params, "n_teachers": 300, "n_regions": 2, "participation_bias": TRUTH}
    run = run_scenario(dataclasses.replace(base, params=params), reps=4, seed=99, progress=False)
    observed = float(run.data.loc[run.data["month"] == 24, "reach_teachers"].mean())
    prior_sd = 6.0 / np.sqrt(12)
    for seed in (1, 2):
        folder = tmp_path / str(seed)
        cal = load(write(folder, SYNTHETIC.format(seed=seed, observed=observed)))
        calibrate(cal, folder / "out", echo=lambda _: None)
        m = pd.read_csv(folder / "out" / "marginals.csv").iloc[0]
        post = pd.read_csv(folder / "out" / "posterior.csv")
        w = post["weight"].to_numpy()
        x = post["participation_bias"].to_numpy()
        sd = float(np.sqrt(np.average((x - np.average(x, weights=w)) ** 2, weights=w)))
        assert m["posterior_p5"] <= TRUTH <= m["posterior_p95"], m
        assert abs(m["posterior_mean"] - TRUTH) < abs(m["prior_mean"] - TRUTH) + 0.5
        assert sd < prior_sd / 2, (sd, prior_sd)


def test_the_docs_targets_table_is_the_code_s() -> None:
    from netsim.studies.calibration import write_doc

    assert not write_doc(write=False), "rerun netsim.studies.calibration.write_doc()"
