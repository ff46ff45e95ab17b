"""The workshop room's web side, without a browser: a real server, joins, sockets, refusals.

The server is ``python -m netsim.dashboard.room`` (what ``netsim workshop`` runs) on a
free port; the tests talk to it with urllib and websockets' own client.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from netsim.dashboard.room.engine import replay
from netsim.dashboard.room.server import MAX_MESSAGE, qr_svg


@dataclass
class Served:
    """A running room server: its address, its room's code and the instructor's key."""

    url: str
    code: str
    key: str

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        req = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=60) as answer:
                body = answer.read()
                status = answer.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read(), exc.code
        with contextlib.suppress(ValueError):
            return status, json.loads(body)
        return status, body

    def post(self, path: str, body: Any) -> tuple[int, Any]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(
            self.url + path, data=data, headers={"content-type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def socket(self) -> ClientConnection:
        return connect(self.url.replace("http", "ws") + f"/ws/{self.code}", open_timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def room_server(*options: str) -> Iterator[Served]:
    """``python -m netsim.dashboard.room`` on a free port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "netsim.dashboard.room", "--port", str(port), *options]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first, second = proc.stdout.readline(), proc.stdout.readline()
        code = re.search(r"room (\w+):", first)
        key = re.search(r"#key=(\S+)", second)
        assert code, first
        assert key, second
        served = Served(f"http://localhost:{port}", code.group(1), key.group(1))
        for _ in range(300):
            with contextlib.suppress(OSError):
                if served.get("/api/roles")[0] == 200:
                    break
            time.sleep(0.1)
        yield served
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with room_server("--months", "12", "--season", "6", "--decide-seconds", "600") as s:
        yield s


def state(ws: ClientConnection, **wanted: Any) -> dict[str, Any]:
    """The next state message that matches ``wanted``."""
    for _ in range(400):
        msg = json.loads(ws.recv(timeout=60))
        if msg.get("type") == "state" and all(msg.get(k) == v for k, v in wanted.items()):
            return dict(msg)
    raise AssertionError(f"no state with {wanted}")


def reply(ws: ClientConnection) -> dict[str, Any]:
    """The next message that answers a request (ok or error)."""
    for _ in range(400):
        msg = json.loads(ws.recv(timeout=60))
        if msg.get("type") in ("ok", "error", "refused"):
            return dict(msg)
    raise AssertionError("no answer")


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
        teacher.send(json.dumps({"decision": "found", "option": "eager", "role": "teachers"}))
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
