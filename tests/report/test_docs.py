"""docs/ODD.md stays in step with the code: generated tables, parameters, indicators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.core.events import EVENT_KINDS
from netsim.core.indicators import INDICATORS
from netsim.core.params import MECHANISMS, PARAMETERS
from netsim.report import docs

runner = CliRunner()


@pytest.fixture(scope="module")
def odd_text() -> str:
    return docs.ODD_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def blocks(odd_text: str) -> dict[str, str]:
    return docs.block_bodies(odd_text)


def test_odd_has_every_generated_block(blocks: dict[str, str]) -> None:
    assert sorted(blocks) == sorted(docs.BLOCKS)


@pytest.mark.parametrize("name", sorted(docs.BLOCKS))
def test_generated_block_matches_the_code(blocks: dict[str, str], name: str) -> None:
    assert blocks[name] == docs.generate(name), (
        f"the '{name}' table of docs/ODD.md is stale: run `netsim docs`"
    )


def test_check_mode_agrees(odd_text: str) -> None:
    assert docs.render(odd_text) == odd_text


@pytest.mark.parametrize("name", list(PARAMETERS))
def test_every_parameter_is_in_the_table(blocks: dict[str, str], name: str) -> None:
    assert re.search(rf"^\| `{re.escape(name)}` +\|", blocks["parameters"], re.MULTILINE), (
        f"parameter {name} is missing from docs/ODD.md"
    )


def test_every_event_kind_is_in_the_table(blocks: dict[str, str]) -> None:
    for kind in EVENT_KINDS:
        assert re.search(rf"^\| `{kind}` +\|", blocks["events"], re.MULTILINE), kind


def test_every_indicator_is_in_the_table(blocks: dict[str, str]) -> None:
    for ind in INDICATORS:
        assert re.search(rf"^\| `{re.escape(ind.name)}` +\|", blocks["indicators"], re.MULTILINE)


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_every_submodel_has_a_section(odd_text: str, mechanism: str) -> None:
    anchor = f'<a id="{docs.anchor(mechanism)}"></a>'
    assert anchor in odd_text, f"docs/ODD.md §7 has no subsection for {mechanism}"
    section = odd_text.split(anchor, 1)[1].split("<a id=", 1)[0]
    assert f"(`{mechanism}`)" in section.splitlines()[1]
    assert "Off" in section, f"§7 {mechanism}: say what enable_{mechanism} = false does"


def _docs_copy(tmp_path: Path, odd: str) -> Path:
    """A docs folder with ``odd`` as ODD.md and the scenario and experiment guides."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ODD.md").write_text(odd, encoding="utf-8")
    for name in ("scenarios.md", "experiments.md"):
        text = (docs.ODD_PATH.parent / name).read_text(encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_stale_file_is_detected_and_rewritten(tmp_path: Path, odd_text: str) -> None:
    stale = odd_text.replace("| `n_teachers` ", "| `n_teachers_old` ", 1)
    folder = _docs_copy(tmp_path, stale)
    path = folder / "ODD.md"
    check = runner.invoke(app, ["docs", "--check", "--dir", str(folder)])
    assert check.exit_code == 1
    assert f"{path} is stale: run `netsim docs`" in check.stderr
    assert path.read_text(encoding="utf-8") == stale  # --check changes nothing
    assert runner.invoke(app, ["docs", "--dir", str(folder)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == odd_text
    again = runner.invoke(app, ["docs", "--check", "--dir", str(folder)])
    assert again.exit_code == 0, again.output
    assert again.stdout.count("is up to date") == 3
    assert docs.update_docs(path) is False


def test_missing_block_is_an_error(tmp_path: Path, odd_text: str) -> None:
    folder = _docs_copy(tmp_path, odd_text.replace("<!-- END GENERATED: events -->", ""))
    with pytest.raises(ValueError, match="events"):
        docs.update_docs(folder / "ODD.md")
    result = runner.invoke(app, ["docs", "--check", "--dir", str(folder)])
    assert result.exit_code == 2
    assert "events" in result.stderr


def test_docs_outside_a_source_checkout_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["docs", "--check", "--dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no such folder" in result.stderr
    assert "source checkout" in result.stderr
