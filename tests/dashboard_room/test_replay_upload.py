"""Replaying a downloaded game from the room's start page (/new), in Debian's Chromium.

A short game is played over websockets and downloaded; ``netsim workshop --replay``
plays the file again. The same file uploaded on the start page opens a room at the
same debrief: the same decisions, the same finals, the same results. A corrupt file
is refused with a message naming the field and what it allows, and opens nothing.
Screenshots go to test-artifacts/room/.
"""

from __future__ import annotations

import copy
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from dashboard_room.served import Served, free_port, play_a_short_game, room_server
from playwright.sync_api import Browser, Page, expect

from netsim.dashboard.room.engine import RoomError
from netsim.dashboard.room.host import RoomHost
from netsim.dashboard.room.server import MAX_ROOMS, replay_upload

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "room"
TIMEOUT = 90_000  # ms; the machine may be busy
expect.set_options(timeout=TIMEOUT)

GAME = {
    "preset": "workshop_growth",
    "seed": 5,
    "months": 12,
    "season": 6,
    "log": [
        {"round": 0, "month": 0, "actor": "ministry", "what": "mandate", "choice": "strong"},
        {"round": 1, "month": 6, "actor": "instructor", "what": "shock", "choice": "funding_cut"},
    ],
}
"""A short recorded game, as a room's download holds it (its ``game`` part)."""


def spoiled(path: str, value: Any) -> bytes:
    """:data:`GAME` with one field (``log.0.choice``, say) replaced, or removed (``...``)."""
    game = copy.deepcopy(GAME)
    *parents, last = path.split(".")
    here: Any = game
    for key in parents:
        here = here[int(key)] if isinstance(here, list) else here[key]
    key_or_index: Any = int(last) if isinstance(here, list) else last
    if value is ...:
        del here[key_or_index]
    else:
        here[key_or_index] = value
    return json.dumps({"game": game, "results": None}).encode()


CORRUPT: list[tuple[bytes, str]] = [
    (b"not json", "not a recorded game: the file is not JSON"),
    (b"\xff\xfe\x00", "not a recorded game: the file is not text"),
    (b"[1, 2]", "the file holds no game (a JSON object with a 'game' field)"),
    (spoiled("seed", ...), "seed: missing (a game has preset, seed, months"),
    (spoiled("seed", "5"), "seed: '5' is not a whole number (0 to 2147483647)"),
    (spoiled("seed", -1), "seed: -1 is out of range (0 to 2147483647)"),
    (spoiled("months", 9999), "months: 9999 is out of range (1 to 240)"),
    (spoiled("season", 7), "season: 7 is not allowed (allowed: 6, 12)"),
    (
        spoiled("preset", "../../etc/passwd"),
        "preset: '../../etc/passwd' is not a shipped scenario (the workshop presets: ",
    ),
    (spoiled("log", {}), "log: not a list of entries"),
    (
        spoiled("log.0.actor", "king"),
        "log[0].actor: 'king' is not allowed (allowed: ministry, ",
    ),
    (
        spoiled("log.0.choice", "maybe"),
        "log[0].choice: 'maybe' is not allowed (allowed: keep, none, light, strong)",
    ),
    (
        spoiled("log.1.choice", "earthquake"),
        "log[1].choice: 'earthquake' is not allowed (allowed: funding_cut, ",
    ),
    (spoiled("log.0.what", ...), "log[0].what: missing"),
    (
        spoiled("log.1.month", 7),
        "log[1]: round 1 at month 7 is not the start of a season",
    ),
]
"""Corrupt game files and the start of the message each is refused with."""


@pytest.mark.parametrize(("body", "message"), CORRUPT)
def test_a_corrupt_game_file_is_refused_naming_the_field(body: bytes, message: str) -> None:
    with pytest.raises(RoomError) as refused:
        replay_upload(body)
    assert message in str(refused.value)
    assert str(refused.value).startswith("not a recorded game: ")


def test_a_good_game_file_replays_to_its_end() -> None:
    game = replay_upload(json.dumps({"game": GAME, "results": None}).encode())
    assert game.finished
    assert game.record() == GAME
    assert replay_upload(json.dumps(GAME).encode()).record() == GAME  # the game part alone


def test_an_upload_opens_a_room_only_when_the_whole_file_is_good() -> None:
    host = RoomHost("localhost", free_port())
    try:
        host.start()
        local = Served(host.local_base, "", "")
        for body, message in CORRUPT:
            status, answer = local.post("/api/replays", body)
            assert status == 400
            assert message in answer["error"]
        assert len(host.server.rooms) == 0  # nothing half-loaded
        too_big = b" " * (8 * 2**20 + 1)
        assert local.post("/api/replays", too_big) == (
            400,
            {"error": "the file is larger than 8 MiB: not a game file"},
        )
        status, opened = local.post("/api/replays", json.dumps({"game": GAME}).encode())
        assert status == 200
        room = host.server.rooms.get(opened["code"])
        assert room.phase == "over"
        assert room.game.record() == GAME
        assert len(host.server.rooms) == 1
        for _ in range(MAX_ROOMS - 1):
            assert local.post("/api/replays", json.dumps(GAME).encode())[0] == 200
        status, answer = local.post("/api/replays", json.dumps(GAME).encode())
        assert (status, answer) == (400, {"error": f"this server holds at most {MAX_ROOMS} rooms"})
    finally:
        host.stop()


def play_and_download(path: Path) -> dict[str, Any]:
    """Play a two-season game with one participant and a shock; save its download."""
    download = play_a_short_game(shock="funding_cut")
    path.write_text(json.dumps(download))
    return download


def debrief_of(served: Served) -> tuple[dict[str, Any], dict[str, Any]]:
    """A room's debrief (finals, decisions, figures) and its download, once ready."""
    for _ in range(600):
        status, debrief = served.get(f"/api/{served.code}/debrief", {"x-room-key": served.key})
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200, debrief
    _, download = served.get(f"/api/{served.code}/game.json?key={served.key}")
    return debrief, download


def upload(page: Page, url: str, file: Path) -> None:
    page.goto(url + "/new")
    expect(page.locator("#replay")).to_be_visible()
    page.set_input_files("#game-file", str(file))
    page.click("#replay")


def test_an_uploaded_game_replays_to_the_same_debrief_as_replay(
    browser: Browser, tmp_path: Path
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = tmp_path / "netsim-room-TEST.json"
    first = play_and_download(saved)
    assert [e["actor"] for e in first["game"]["log"]] == ["teachers", "instructor"]
    with room_server("--replay", str(saved)) as cli:
        by_cli, cli_download = debrief_of(cli)
    bad = tmp_path / "spoiled.json"
    broken = copy.deepcopy(first)
    broken["game"]["log"][0]["choice"] = "maybe"
    bad.write_text(json.dumps(broken))

    with room_server("--months", "12") as served:
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        context.set_default_timeout(TIMEOUT)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        try:
            # a corrupt file: the message, and the page stays where it is
            upload(page, served.url, bad)
            error = page.locator("#replay-error")
            expect(error).to_contain_text(
                "not a recorded game: log[0].choice: 'maybe' is not allowed (allowed: "
            )
            assert page.url == served.url + "/new"
            page.locator("main").screenshot(path=str(ARTIFACTS / "room-replay-refused.png"))

            upload(page, served.url, saved)
            page.wait_for_url(re.compile(r"/projector/\w+#key=\S+"))
            expect(page.locator("#phase")).to_have_text(
                "The game is over (a replay of a downloaded game)"
            )
            expect(page.locator("#controls")).to_be_hidden()  # they would do nothing now
            expect(page.locator("#shocks")).to_be_hidden()
            expect(page.locator("#debrief")).to_be_visible()
            expect(page.locator("#debrief-2 .main-svg").first).to_be_visible()
            # nobody sits in a replayed room: the roster says what each role chose instead
            roster = page.locator("#roster")
            expect(roster.locator("[data-role=teachers]")).to_have_text(
                "A group of teachers: 1 choice in the recorded game"
            )
            expect(roster.locator("[data-role=ministry]")).to_have_text(
                "The ministry: no choice in the recorded game"
            )
            expect(roster).not_to_contain_text("nobody yet")
            page.screenshot(path=str(ARTIFACTS / "room-replay-debrief.png"))
            found = re.search(r"/projector/(\w+)#key=(\S+)", page.url)
            assert found
            replayed = Served(served.url, found.group(1), found.group(2))
            by_upload, upload_download = debrief_of(replayed)
            shown = page.locator("#finals").inner_text()
        finally:
            context.close()
    assert (
        by_upload["decisions"]
        == by_cli["decisions"]
        == [{k: e[k] for k in ("month", "actor", "what", "choice")} for e in first["game"]["log"]]
    )
    assert by_upload["finals"] == by_cli["finals"]
    assert by_upload["figures"] == by_cli["figures"]
    assert upload_download == cli_download
    assert upload_download["results"] == first["results"]
    assert "reach" in shown
    assert all(u.startswith((served.url, "ws://localhost", "data:", "blob:")) for u in requests)


def test_the_start_page_offers_the_upload(browser: Browser) -> None:
    with room_server("--months", "12") as served:
        context = browser.new_context(viewport={"width": 900, "height": 1100})
        page = context.new_page()
        page.goto(served.url + "/new")
        expect(page.get_by_label("Game file (.json)")).to_be_visible()
        expect(page.locator("#preset option").first).to_be_attached()
        page.screenshot(path=str(ARTIFACTS / "room-start-page.png"), full_page=True)
        context.close()
