"""Replications, seeds, tidy tables and differences between scenarios."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from netsim.analysis.tables import differences, final_values, indicator_columns
from netsim.core.params import PARAMETERS
from netsim.evaluate.runner import compare_scenarios, derive_seeds, run_scenario
from netsim.io.folders import PARAM_PREFIX
from netsim.io.scenarios import load_scenario


@pytest.fixture(scope="module")
def tiny():
    """A workshop preset shortened to one year."""
    s, _ = load_scenario("workshop_growth").with_months(12)
    return s


def test_seeds_are_deterministic_and_prefix_stable():
    assert derive_seeds(7, 5) == derive_seeds(7, 5)
    assert derive_seeds(7, 3) == derive_seeds(7, 5)[:3]
    assert derive_seeds(7, 5) != derive_seeds(8, 5)
    seeds = derive_seeds(0, 100)
    assert len(set(seeds)) == 100
    assert all(0 <= s < 2**63 for s in seeds)
    first = np.random.SeedSequence(7).spawn(1)[0].generate_state(1, dtype=np.uint64)[0]
    assert derive_seeds(7, 1) == [int(first >> np.uint64(1))]


def test_run_gives_a_tidy_table(tiny):
    result = run_scenario(tiny, reps=2, seed=3, progress=False)
    data = result.data
    assert list(data.columns[:4]) == ["scenario", "replication", "seed", "month"]
    assert {f"{PARAM_PREFIX}{n}" for n in PARAMETERS} <= set(data.columns)
    assert len(data) == 2 * (tiny.months + 1)
    assert sorted(data["month"].unique()) == list(range(tiny.months + 1))
    assert data.groupby("replication")["seed"].first().tolist() == derive_seeds(3, 2)
    assert (data[f"{PARAM_PREFIX}n_teachers"] == tiny.params["n_teachers"]).all()
    assert "reach_teachers" in indicator_columns(data)
    assert data["reach_teachers"].between(0, 1).all()
    assert result.snapshot is not None
    assert len(result.snapshot["nodes"]) > 0


def test_same_seed_same_results(tiny):
    a = run_scenario(tiny, reps=2, seed=11, progress=False).data
    b = run_scenario(tiny, reps=2, seed=11, progress=False).data
    pd.testing.assert_frame_equal(a, b)


def test_results_do_not_depend_on_workers(tiny):
    here = run_scenario(tiny, reps=2, seed=5, progress=False, workers=1).data
    pool = run_scenario(tiny, reps=2, seed=5, progress=False, workers=2).data
    pd.testing.assert_frame_equal(here, pool)


def test_compare_uses_the_same_seeds(tiny):
    other, _ = load_scenario("workshop_mandate").with_months(12)
    comparison = compare_scenarios([tiny, other], reps=2, seed=1, progress=False)
    seeds = comparison.data.groupby("scenario")["seed"].unique()
    assert [list(s) for s in seeds] == [derive_seeds(1, 2)] * 2
    diff = differences(comparison.data, baseline=comparison.baseline)
    assert set(diff["scenario"]) == {"workshop_mandate"}
    assert set(diff["baseline"]) == {"workshop_growth"}
    row = diff[diff["indicator"] == "n_centres"].iloc[0]
    final = final_values(comparison.data).set_index(["scenario", "replication"])["n_centres"]
    assert row["difference"] == pytest.approx(
        (final["workshop_mandate"] - final["workshop_growth"]).mean()
    )


def _table(values: dict[str, list[float]], network: list[float] | None = None) -> pd.DataFrame:
    """A result table with two months per replication and one measured-once indicator."""
    rows = []
    for name, finals in values.items():
        for rep, value in enumerate(finals):
            for month in (0, 1):
                rows.append(
                    {
                        "scenario": name,
                        "replication": rep,
                        "seed": rep,
                        "month": month,
                        "reach_teachers": value if month == 1 else 0.0,
                        "clustering": (network or finals)[rep] if month == 0 else np.nan,
                    }
                )
    return pd.DataFrame(rows)


def test_differences_are_paired_t_intervals():
    a = [0.10, 0.20, 0.30, 0.40]
    b = [0.15, 0.22, 0.41, 0.43]
    diff = differences(_table({"a": a, "b": b}), baseline="a")
    row = diff[diff["indicator"] == "reach_teachers"].iloc[0]
    d = np.subtract(b, a)
    half = stats.t.ppf(0.975, 3) * d.std(ddof=1) / 2
    assert row["difference"] == pytest.approx(d.mean())
    assert row["ci_low"] == pytest.approx(d.mean() - half)
    assert row["ci_high"] == pytest.approx(d.mean() + half)
    assert row["n"] == 4
    assert row["baseline_mean"] == pytest.approx(np.mean(a))


def test_final_value_of_a_sparse_indicator_is_the_last_measured():
    final = final_values(_table({"a": [0.5, 0.6]}, network=[0.7, 0.8]))
    assert final["month"].tolist() == [1, 1]
    assert final["reach_teachers"].tolist() == [0.5, 0.6]
    assert final["clustering"].tolist() == [0.7, 0.8]


def test_final_values_of_one_run_read_the_same_way():
    table = _table({"a": [0.5, 0.6]}, network=[0.7, 0.8])
    one_run = table[table["replication"] == 1].drop(columns=["scenario", "replication", "seed"])
    final = final_values(one_run)
    assert final.columns.tolist() == ["month", "reach_teachers", "clustering"]
    assert final.iloc[0].tolist() == [1, 0.6, 0.8]


def test_single_replication_has_no_interval():
    diff = differences(_table({"a": [0.1], "b": [0.2]}), baseline="a")
    row = diff[diff["indicator"] == "reach_teachers"].iloc[0]
    assert row["difference"] == pytest.approx(0.1)
    assert np.isnan(row["ci_low"])
    assert np.isnan(row["ci_high"])


def test_indicator_missing_in_one_scenario_is_left_out():
    data = _table({"a": [0.1, 0.2], "b": [0.2, 0.3]})
    data.loc[data["scenario"] == "a", "reach_region_9"] = 0.5
    diff = differences(data, baseline="a")
    assert "reach_region_9" not in set(diff["indicator"])
    assert "reach_teachers" in set(diff["indicator"])


# --- workers ignore Ctrl-C, writes are atomic ---------------------------------------------


def test_workers_ignore_sigint():
    import signal

    from netsim.evaluate.engines import Processes, evaluate, make_engine

    with make_engine(2, tasks=2) as engine:
        assert isinstance(engine, Processes)
        handlers = evaluate(signal.getsignal, [signal.SIGINT] * 2, engine=engine, progress=False)
    assert handlers == [signal.SIG_IGN, signal.SIG_IGN]


def test_failed_comparison_write_leaves_no_partial_files(tiny, tmp_path, monkeypatch):
    from netsim.report.outputs import write_comparison

    other = dataclasses.replace(tiny, name="b")
    comparison = compare_scenarios([tiny, other], reps=1, progress=False)

    def half_written(self, path, **kwargs):
        Path(path).write_bytes(b"PAR1")  # a truncated file, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_written)
    with pytest.raises(OSError, match="No space"):
        write_comparison(comparison, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_prepare_output_refuses_files_and_sweeps(tmp_path):
    from netsim.io.folders import OutputError, prepare_output

    prepare_output(tmp_path / "new" / "deep")
    assert (tmp_path / "new" / "deep").is_dir()
    assert list((tmp_path / "new" / "deep").iterdir()) == []
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        prepare_output(tmp_path / "file")
    (tmp_path / "sweep" / "runs").mkdir(parents=True)
    with pytest.raises(OutputError, match="sweep"):
        prepare_output(tmp_path / "sweep")


def test_shock_markers_one_line_per_month():
    # Many scheduled shocks: one dotted line and one label per month on each subplot
    # that holds data (add_vline per event re-scanned every subplot: 250 events took
    # minutes); shocks of one month share a label.
    from netsim.report import charts

    rows = [
        {"scenario": "s", "replication": r, "month": m, "reach_teachers": m / 10,
         "reach_schools": m / 20}
        for r in range(2) for m in range(13)
    ]  # fmt: skip
    data = pd.DataFrame(rows)
    events = [{"month": 1 + k % 6, "kind": "national_event"} for k in range(300)]
    events.append({"month": 2, "kind": "funding_cut"})
    fig = charts.indicator_over_time(data, "reach_teachers", events=events)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [1, 2, 3, 4, 5, 6]
    labels = {a.text for a in fig.layout.annotations if a.x == 2}
    assert labels == {"national event ×50, funding cut"}


def test_replications_are_bounded_before_seeds_are_drawn():
    from netsim.evaluate.runner import MAX_REPS, replication_seeds

    assert len(replication_seeds(0, MAX_REPS)) == MAX_REPS
    for reps in (0, MAX_REPS + 1, 100_000_000):
        with pytest.raises(ValueError, match=f"from 1 to {MAX_REPS}"):
            replication_seeds(0, reps)


def test_precision_adds_replications_with_the_seeds_of_a_plain_run() -> None:

    base, _ = load_scenario("hybrid").with_months(12)
    small = dataclasses.replace(base, params={**base.params, "n_teachers": 300, "n_regions": 2})
    other = dataclasses.replace(small, name="hybrid_copy")
    precise = compare_scenarios(
        [small, other], reps=2, seed=5, progress=False, precision=0.04, max_reps=12
    )
    n = len(precise.runs[0].seeds)
    assert 2 < n <= 12
    plain = compare_scenarios([small, other], reps=n, seed=5, progress=False)
    pd.testing.assert_frame_equal(precise.data, plain.data)
    settle = precise.settling
    assert settle is not None
    assert set(settle["scenario"]) == {"hybrid", "hybrid_copy"}
    last = settle[settle["replications"] == n]
    assert n == 12 or (last["width"] <= 0.04).all()
    capped = run_scenario(small, reps=2, seed=5, progress=False, precision=1e-6, max_reps=4)
    assert len(capped.seeds) == 4
