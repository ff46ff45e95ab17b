"""`netsim workshop`: its options and the checks it makes before starting a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netsim.cli.main import app
from netsim.dashboard.room.__main__ import main as serve
from netsim.io.launch import ROOM_OPTIONS_ENV, LaunchError, RoomOptions

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
    assert serve(RoomOptions(preset="no_such_preset")) == 2
    bad = tmp_path / "game.json"
    bad.write_text('{"game": {"preset": "workshop_growth"}}')
    assert serve(RoomOptions(replay=str(bad))) == 2
    assert "not a recorded game" in capsys.readouterr().err


def test_the_servers_options_come_back_from_the_environment_as_the_cli_set_them() -> None:
    options = RoomOptions(host="0.0.0.0", port=9001, preset="workshop_trust", months=36,
                          season=6, seed=3, decide_seconds=12.5, replay=None)  # fmt: skip
    assert RoomOptions.from_env(options.env()) == options
    assert RoomOptions.from_env({}) == RoomOptions()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("not json", "not the options of a room"),
        ('{"colour": "red"}', "not the options of a room"),
        ('{"port": "8766"}', "port is '8766', not a number"),
        ('{"season": 7}', "--season: got 7 (allowed: 6, 12)"),
    ],
)
def test_a_server_refuses_options_it_cannot_start_with(
    text: str, said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(LaunchError) as err:
        RoomOptions.from_env({ROOM_OPTIONS_ENV: text})
    assert said in str(err.value)
    monkeypatch.setenv(ROOM_OPTIONS_ENV, text)
    assert serve() == 2  # said on stderr, before listening
    assert said in capsys.readouterr().err
