"""A workshop room server for the tests: ``python -m netsim.dashboard.room`` on a free port."""

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

from websockets.sync.client import ClientConnection, connect


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
