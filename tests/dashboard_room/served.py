"""Servers for the tests: a room server (``netsim workshop``) or the dashboard."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[2]


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
    """``netsim workshop`` on a free port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "netsim", "workshop", "--port", str(port), *options]
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


def play_a_short_game(shock: str | None = None) -> dict[str, Any]:
    """Two seasons of 6 months, seed 5: Ann plays the teachers (many colleague ties),
    the instructor runs both seasons (with ``shock`` queued between them); the download."""
    options = ("--months", "12", "--season", "6", "--decide-seconds", "600", "--seed", "5")
    with room_server(*options) as served:
        _, ann = served.post(f"/api/{served.code}/join", {"name": "Ann", "role": "teachers"})
        with served.socket() as ws, served.socket() as projector:
            projector.send(json.dumps({"as": "instructor", "key": served.key}))
            ws.send(json.dumps({"key": ann["token"]}))
            state(ws)
            ws.send(json.dumps({"decision": "colleagues", "option": "many"}))
            assert reply(ws)["type"] == "ok"
            projector.send(json.dumps({"do": "start"}))
            projector.send(json.dumps({"do": "run"}))
            state(projector, month=6, phase="deciding")
            if shock is not None:
                projector.send(json.dumps({"do": "shock", "kind": shock}))
            projector.send(json.dumps({"do": "run"}))
            for _ in range(400):
                if state(projector).get("debrief_ready"):
                    break
        _, download = served.get(f"/api/{served.code}/game.json?key={served.key}")
    return dict(download)


@dataclass
class Dashboard:
    """A running ``netsim dashboard``: its address and its room server's port."""

    url: str
    room_port: int


@contextlib.contextmanager
def dashboard_process(
    *options: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``netsim dashboard`` on a free port, once it answers: its address and its process.

    It must print its address first (on the port it was given); its errors go to
    ``log``. The whole process group is stopped when the block ends (``solara run``
    starts workers of its own).
    """
    port = free_port()
    command = [sys.executable, "-m", "netsim", "dashboard", "--port", str(port), *options]
    url = f"http://localhost:{port}"
    with log.open("w") as errors:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            start_new_session=True,
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            # (its listening address: localhost, or the --host it was given)
            said = re.match(r"netsim dashboard: http://[^/\s]+:(\d+)/", first)
            assert said, f"netsim dashboard printed {first!r}, not its address"
            assert said.group(1) == str(port), first
            deadline = time.monotonic() + 120
            while True:
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(url + "/", timeout=5) as answer,
                ):
                    if answer.status == 200:
                        break
                assert proc.poll() is None, f"the dashboard exited ({proc.returncode}): {log}"
                assert time.monotonic() < deadline, "the dashboard did not answer in 120 s"
                time.sleep(0.5)
            yield url, proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextlib.contextmanager
def dashboard_server(*options: str, log: Path) -> Iterator[Dashboard]:
    """``netsim dashboard`` on a free port (rooms on another), until the block ends."""
    room_port = free_port()
    with dashboard_process("--room-port", str(room_port), *options, log=log) as (url, _):
        yield Dashboard(url, room_port)
