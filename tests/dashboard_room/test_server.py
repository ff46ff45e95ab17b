"""The workshop room's web side, without a browser: a real server, joins, sockets, refusals.

The server is `netsim workshop` on a free port; the tests talk to it with urllib and
websockets' own client.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dashboard_room.served import Served, play_a_short_game, reply, room_server, state
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

from netsim.dashboard.room.engine import replay
from netsim.dashboard.room.server import MAX_MESSAGE, is_loopback, lan_address, qr_svg


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with room_server("--months", "12", "--season", "6", "--decide-seconds", "600") as s:
        yield s


def drain(ws: ClientConnection) -> None:
    """Read a socket until it closes."""
    for _ in range(5):
        ws.recv(timeout=30)


def test_the_projector_information_and_the_qr_code(served: Served) -> None:
    status, info = served.get(f"/api/{served.code}")
    assert status == 200
    assert info["join_url"] == f"{served.url}/?code={served.code}"
    assert info["qr"].startswith("<svg")
    assert qr_svg("x") != qr_svg("y")
    assert served.get("/api/ZZZZ")[0] == 404
    assert served.get("/")[0] == 200
    assert served.get(f"/projector/{served.code}")[0] == 200
    assert served.get("/static/plotly.min.js")[0] == 200
    assert served.get("/static/live_view.js")[0] == 200


@pytest.mark.parametrize(
    "body",
    [
        {"name": "<script>alert(1)</script>"},
        {"name": "x" * 25},
        {"name": "Ann", "role": "king"},
        {"name": ["Ann"]},
        {"name": "A" * 5000},
        b"not json",
        [1, 2],
    ],
)
def test_hostile_joins_are_refused(served: Served, body: Any) -> None:
    status, answer = served.post(f"/api/{served.code}/join", body)
    assert status == 400
    assert "error" in answer
    with served.socket() as projector:
        projector.send(json.dumps({"as": "instructor", "key": served.key}))
        roster = state(projector)["roster"]
    assert all(not r["names"] or "<" not in "".join(r["names"]) for r in roster)


def test_sockets_refuse_forged_keys_and_oversized_messages(served: Served) -> None:
    status, ann = served.post(f"/api/{served.code}/join", {"name": "Cy", "role": "company"})
    assert status == 200
    for hello in (
        {"key": "x" * 22},
        {"as": "instructor", "key": ann["token"]},  # a participant's token is not the key
        {"as": "instructor", "key": None},
        {"key": {"$ne": ""}},
    ):
        with served.socket() as ws:
            ws.send(json.dumps(hello))
            assert reply(ws)["type"] == "refused"
    with served.socket() as ws:
        ws.send(json.dumps({"key": ann["token"]}))
        state(ws)
        ws.send(json.dumps({"decision": "outreach", "option": "x" * MAX_MESSAGE}))
        with pytest.raises(ConnectionClosed):  # the server closes the socket
            drain(ws)
    with served.socket() as ws:  # the seat is still there, its choice untouched
        ws.send(json.dumps({"key": ann["token"]}))
        assert state(ws)["chosen"]["outreach"] == "keep"


def test_a_game_over_sockets() -> None:
    with room_server("--months", "12", "--season", "6", "--decide-seconds", "600") as served:
        play(served)


def play(served: Served) -> None:
    """Join two, decide, refuse forgeries, shock, run a season, end, debrief, download."""
    code = served.code
    _, ann = served.post(f"/api/{code}/join", {"name": "Ann", "role": "ministry"})
    _, bob = served.post(f"/api/{code}/join", {"name": "Bob"})
    assert bob["role"] != "ministry"
    with served.socket() as teacher, served.socket() as projector:
        projector.send(json.dumps({"as": "instructor", "key": served.key}))
        assert state(projector)["phase"] == "lobby"
        teacher.send(json.dumps({"key": ann["token"]}))
        assert json.loads(teacher.recv(timeout=60))["sheet"]["key"] == "ministry"
        assert state(teacher)["role"] == "ministry"
        projector.send(json.dumps({"do": "start"}))
        state(teacher, phase="deciding")
        # a forged decision for another role, and a participant acting as instructor
        teacher.send(json.dumps({"decision": "found", "option": "yes", "role": "teachers"}))
        assert reply(teacher)["type"] == "error"
        teacher.send(json.dumps({"do": "end"}))
        assert reply(teacher)["type"] == "error"
        teacher.send(json.dumps({"decision": "mandate", "option": "strong"}))
        assert reply(teacher)["type"] == "ok"
        projector.send(json.dumps({"do": "shock", "kind": "funding_cut"}))
        start = time.perf_counter()
        projector.send(json.dumps({"do": "run"}))
        after = state(teacher, month=6, phase="deciding")
        assert time.perf_counter() - start < 20
        assert after["chosen"]["mandate"] == "strong"  # kept: nobody changed it
        projector.send(json.dumps({"do": "end"}))
        for _ in range(400):
            if state(projector).get("debrief_ready"):
                break
    status, debrief = served.get(f"/api/{code}/debrief", {"x-room-key": bob["token"]})
    assert status == 200
    assert set(debrief["finals"]) == {"room", "no decisions", "top_down", "bottom_up"}
    assert [d["actor"] for d in debrief["decisions"]] == ["ministry", "instructor"]
    assert served.get(f"/api/{code}/debrief")[0] == 403
    _, download = served.get(f"/api/{code}/game.json?key={ann['token']}")
    again = replay(json.loads(json.dumps(download["game"])))
    room_run = pd.DataFrame(download["results"]["room"])
    assert len(room_run) == len(again.results())
    assert room_run["reach_teachers"].tolist() == again.results()["reach_teachers"].tolist()


def test_the_countdown_runs_the_season_by_itself() -> None:
    options = ("--months", "12", "--season", "6", "--decide-seconds", "1")
    with room_server(*options) as served, served.socket() as projector:
        projector.send(json.dumps({"as": "instructor", "key": served.key}))
        state(projector, phase="lobby")
        projector.send(json.dumps({"do": "start"}))
        assert state(projector, phase="deciding")["seconds_left"] <= 1
        state(projector, month=6, phase="deciding")
        assert state(projector, month=12, phase="over")["round"] == 2


def test_a_downloaded_game_replays_to_the_same_debrief(tmp_path: Path) -> None:
    first = play_a_short_game()
    saved = tmp_path / "game.json"
    saved.write_text(json.dumps(first))
    with room_server("--replay", str(saved)) as again:
        for _ in range(300):
            _, second = again.get(f"/api/{again.code}/game.json?key={again.key}")
            if second["results"] is not None:
                break
            time.sleep(0.2)
    assert second["game"] == first["game"]
    assert second["results"] == first["results"]


def test_the_instructor_opens_more_rooms_and_they_stay_apart(served: Served) -> None:
    status, presets = served.get("/api/presets")
    assert status == 200
    assert {p["name"] for p in presets} >= {"workshop_growth", "workshop_mandate"}
    assert served.get("/new")[0] == 200
    for bad in (
        {"preset": "top_down", "months": 24, "season": 12},  # not a workshop preset
        {"preset": "../../etc/passwd", "months": 24, "season": 12},
        {"preset": "workshop_trust", "months": 9999, "season": 12},
        {"preset": "workshop_trust", "months": 24, "season": 7},
        {"preset": "workshop_trust", "months": "many", "season": 12},
    ):
        assert served.post("/api/rooms", bad)[0] == 400
    body = {"preset": "workshop_trust", "months": 24, "season": 6, "decide_seconds": 30}
    status, opened = served.post("/api/rooms", body)
    assert status == 200
    assert opened["code"] != served.code
    other = Served(served.url, opened["code"], opened["projector"].split("#key=")[1])
    _, info = other.get(f"/api/{other.code}")
    assert info["preset"] == "Workshop: trust and ties"
    _, seat = served.post(f"/api/{served.code}/join", {"name": "Eve", "role": "company"})
    with other.socket() as ws:  # a seat of the first room is nobody in the second
        ws.send(json.dumps({"key": seat["token"]}))
        assert reply(ws)["type"] == "refused"
    with other.socket() as ws:  # nor is the first room's instructor key
        ws.send(json.dumps({"as": "instructor", "key": served.key}))
        assert reply(ws)["type"] == "refused"
    with other.socket() as ws:
        ws.send(json.dumps({"as": "instructor", "key": other.key}))
        assert state(ws)["roster"][4]["names"] == []


def test_one_device_holds_three_seats_at_most_the_instructors_computer_any() -> None:
    # a script on one phone cannot take a room's seats; the laptop that runs the room
    # (loopback: the instructor, the tests, the benchmark) is not limited
    lan = lan_address()
    assert not is_loopback(lan), "this computer has no network address to test from"
    options = ("--host", "0.0.0.0", "--months", "12", "--season", "6", "--decide-seconds", "600")
    with room_server(*options) as served:
        phone = Served(served.url.replace("localhost", lan), served.code, served.key)
        answers = [
            phone.post(f"/api/{served.code}/join", {"name": f"Eve{k}", "role": "teachers"})
            for k in range(4)
        ]
        assert [status for status, _ in answers] == [200, 200, 200, 400]
        assert "this device has joined 3 times already" in answers[3][1]["error"]
        for k in range(6):
            status, _ = served.post(f"/api/{served.code}/join", {"name": f"Lo{k}"})
            assert status == 200
        # the seats it holds still work: a reload rejoins with its token
        with phone.socket() as ws:
            ws.send(json.dumps({"key": answers[0][1]["token"]}))
            assert state(ws)["you"] == "Eve0"
