"""The indicator registry: every result column declared once, read without a model."""

from __future__ import annotations

import subprocess
import sys

import pytest

from netsim import PDNetworkModel
from netsim.core import indicators
from netsim.core.indicators import INDICATORS, KEY_INDICATORS, REGION


@pytest.fixture(scope="module")
def model_columns() -> list[str]:
    model = PDNetworkModel(rng=0, n_teachers=200, n_regions=2)
    return list(model.results().columns)


def _declared_names(columns: list[str]) -> list[str]:
    """The registry names of result columns, each once: region columns as one."""
    return list(dict.fromkeys(indicators.indicator(c).name for c in columns))


def test_every_result_column_is_declared_in_column_order(model_columns: list[str]) -> None:
    undeclared = [c for c in model_columns if not indicators.is_indicator(c)]
    assert undeclared == [], "declare these columns in netsim.core.indicators.INDICATORS"
    assert _declared_names(model_columns) == [i.name for i in INDICATORS], (
        "INDICATORS lists the result columns in their order, and only them"
    )


def test_a_region_column_is_one_declared_indicator() -> None:
    assert indicators.indicator("reach_region_7").name == f"reach_region_{REGION}"
    assert indicators.label("reach_region_7") == "Region 7"
    assert indicators.is_share("reach_region_7")
    assert not indicators.is_indicator("reach_region_x")
    with pytest.raises(KeyError):
        indicators.indicator("no_such_indicator")


def test_kinds_units_and_readings_are_consistent() -> None:
    for ind in INDICATORS:
        assert ind.unit, ind.name
        assert ind.label, ind.name
        assert ind.meaning.endswith("."), ind.name
        if ind.kind == "share":
            assert ind.unit == "share", ind.name
        assert ind.final == ("last measured" if ind.network else "last month")
    assert len({i.name for i in INDICATORS}) == len(INDICATORS)


def test_key_indicators_are_declared_and_in_registry_order() -> None:
    order = [i.name for i in INDICATORS]
    assert list(KEY_INDICATORS) == sorted(KEY_INDICATORS, key=order.index)
    assert "reach_teachers" in KEY_INDICATORS
    assert all(indicators.indicator(k).key for k in KEY_INDICATORS)


def test_the_registry_is_read_without_building_a_model() -> None:
    code = (
        "import sys\n"
        "import netsim.core.model as m\n"
        "m.PDNetworkModel.__init__ = lambda *a, **k: sys.exit('a model was built')\n"
        "from netsim.analysis.tables import indicator_columns\n"
        "from netsim.core.indicators import is_share, label\n"
        "from netsim.io.experiments import indicator_names, is_indicator\n"
        "from netsim.report import charts, docs\n"
        "docs.indicator_table(), indicator_names(), is_indicator('n_ties')\n"
        "label('n_ties'), is_share('n_ties'), charts.label('reach_teachers')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
