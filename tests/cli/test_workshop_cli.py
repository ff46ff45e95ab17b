"""`netsim workshop`: its options and the checks it makes before starting a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.dashboard.room.__main__ import main as serve

runner = CliRunner()


def test_workshop_offers_its_options() -> None:
    result = runner.invoke(app, ["workshop", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--preset", "--season", "--months", "--decide-seconds", "--replay"):
        assert option in result.output
    assert "localhost" in result.output


def test_a_season_of_seven_months_is_refused() -> None:
    result = runner.invoke(app, ["workshop", "--season", "7"])
    assert result.exit_code != 0
    assert "6, 12" in result.output


def test_the_server_refuses_a_bad_preset_or_replay_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert serve(["--preset", "no_such_preset"]) == 2
    bad = tmp_path / "game.json"
    bad.write_text('{"game": {"preset": "workshop_growth"}}')
    assert serve(["--replay", str(bad)]) == 2
    assert "not a recorded game" in capsys.readouterr().err
