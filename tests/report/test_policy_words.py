"""The robustness table the dashboard reads, and its sentences in plain words."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from netsim.dashboard.explore import holding_intro, holding_lines
from netsim.io.experiments import load_experiment
from netsim.io.scenarios import load_scenario
from netsim.report.policy_words import (
    COLUMNS,
    SHIPPED,
    HoldingError,
    holding_path,
    holding_sentence,
    read_holding,
)


def test_the_shipped_table_has_the_columns_and_rows_of_robust_policies() -> None:
    table = read_holding(SHIPPED)
    assert list(table.columns) == list(COLUMNS)
    exp = load_experiment("robust_policies")
    goals = [o.name for o in exp.outcomes if o.goal is not None]
    expected = {(p.name, o) for p in exp.policies for o in goals}
    assert set(zip(table["policy"], table["outcome"], strict=True)) == expected
    assert (table["experiment"] == "robust_policies").all()
    assert (table["futures"] == exp.samples).all()
    assert table["met"].between(0, table["futures"]).all()
    for _, row in table.iterrows():
        box = json.loads(row["box"]) if row["box"] else {}
        # a box exactly where the policy misses in some futures but not all
        assert bool(box) == (0 < row["met"] < row["futures"])
        assert set(box) <= {v.name for v in exp.varied}
        goal = next(o for o in exp.outcomes if o.name == row["outcome"])
        assert (row["indicator"], row["stat"], row["goal"]) == (
            goal.indicator,
            goal.stat,
            goal.goal,
        )


def _row(**change: object) -> pd.Series:
    base = dict.fromkeys(COLUMNS) | {
        "experiment": "x",
        "policy": "bottom_up",
        "scenario": "bottom_up",
        "levers": "{}",
        "outcome": "reach_10y",
        "indicator": "reach_teachers",
        "stat": "at",
        "months": 120,
        "month": 120,
        "better": "higher",
        "goal": 0.4,
        "crossing": "up",
        "futures": 40,
        "met": 22,
        "box": json.dumps({"trust_decay": [0.03, None], "w_workload": [None, 1.2]}),
        "coverage": 0.9,
        "density": 0.8,
    }
    return pd.Series(base | change)


def test_the_sentence_says_goal_count_and_where_it_misses_without_statistics() -> None:
    said = holding_sentence(_row())
    assert said == (
        "bottom_up meets the goal \u201cteachers engaged now: at least 40 % after 10 years\u201d "
        "in 22 of 40 plausible futures. It misses in the other 18, mostly when trust decay "
        "is above 0.03 and weight of workload is below 1.2: 16 of those 18 are futures of "
        "that kind, and in such futures it misses 8 times in 10."
    )
    assert "coverage" not in said
    assert "density" not in said


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"met": 40, "box": ""}, "in 40 of 40 plausible futures. It never misses"),
        ({"met": 0, "box": ""}, "in 0 of 40 plausible futures. It misses in every one of them."),
        ({"box": "{}"}, "no simple pattern"),
        ({"stat": "max", "month": None}, "at least 40 % at its highest over the run"),
        ({"stat": "final", "months": 60}, "at least 40 % after 5 years (the end of the run)"),
        (
            {"stat": "first_month", "threshold": 0.3, "goal": 60, "better": "lower"},
            "goal \u201cteachers engaged now reaches 30 % by month 60\u201d",
        ),
        (
            {
                "stat": "first_month",
                "threshold": 0.2,
                "crossing": "down",
                "goal": 80,
                "better": "higher",
            },
            "goal \u201cteachers engaged now falls to 20 % not before month 80\u201d",
        ),
        (
            {"indicator": "cost_per_teacher_reached", "better": "lower", "goal": 1500},
            "at most 1\u202f500 € after 10 years",
        ),
    ],
)
def test_the_sentence_fits_the_outcome_and_the_result(change: dict, words: str) -> None:
    assert words in holding_sentence(_row(**change))


def test_scenarios_without_a_result_say_so_plainly() -> None:
    table = read_holding(SHIPPED)
    names = ["top_down", "bottom_up", "hybrid", "italy_anisn"]
    bases = [load_scenario(n) for n in names]
    lines = holding_lines(table, bases, [False, True, False, False], [False, False, True, False])
    assert lines[0][0].startswith("top_down meets the goal")
    assert len(lines[0]) == 2  # both outcomes with a goal
    assert lines[1] == [
        "No robustness result with levers moved: the table is for bottom_up with the levers "
        "of its file."
    ]
    assert lines[2] == ["No robustness result for an uploaded scenario (hybrid)."]
    assert lines[3] == [
        "No robustness result for italy_anisn: the table covers top_down, bottom_up, hybrid."
    ]
    # a file of the user's with a shipped scenario's name is not the shipped scenario
    mine = dataclasses.replace(bases[0], path=Path("/elsewhere/top_down.toml"))
    assert holding_lines(table, [mine], [False], [False]) == [
        [
            "No robustness result for your scenario file top_down: the table is for the "
            "shipped scenarios."
        ]
    ]
    assert holding_lines(table, [mine], [False], [False], shipped=False)[0][0].startswith(
        "top_down meets the goal"
    )
    assert "40 plausible futures, which differ in what nobody controls (trust decay," in (
        holding_intro(table)
    )


def test_a_table_without_a_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    bad = tmp_path / "holding.csv"
    read_holding(SHIPPED).drop(columns=["met"]).to_csv(bad, index=False)
    with pytest.raises(HoldingError, match=rf"^{bad}: missing column\(s\) met \(allowed: "):
        read_holding(bad)
    assert holding_path(tmp_path) == bad  # a sweep folder names its holding.csv
    for column, value, allowed in (
        ("box", "{not json", "empty, or a JSON object"),
        ("box", '{"trust_decay": 0.3}', "empty, or a JSON object"),
        ("levers", "[1]", "a JSON object of lever settings"),
        ("met", "many", "a whole number"),
    ):
        table = read_holding(SHIPPED).astype({column: object})
        table.loc[1, column] = value
        table.to_csv(bad, index=False)
        with pytest.raises(HoldingError) as info:
            read_holding(bad)
        assert str(info.value).startswith(f"{bad}: line 3, {column}: got {value!r} (allowed: ")
        assert allowed in str(info.value)
    with pytest.raises(HoldingError, match="no such file"):
        read_holding(tmp_path / "none.csv")


def test_the_dashboard_refuses_a_bad_table_in_one_line(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "netsim", "dashboard", "--robustness", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"--robustness: {tmp_path / 'holding.csv'}: no such file "
        "(netsim analyze writes holding.csv)"
    ]
