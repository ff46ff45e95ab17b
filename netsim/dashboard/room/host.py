"""A room server run by the dashboard: the same app as ``netsim workshop``, in a thread.

``netsim dashboard`` does not serve rooms itself. The first time an instructor
starts a room from the dashboard, :class:`RoomHost` starts the room server
(:func:`~netsim.dashboard.room.server.make_app`, uvicorn) on its own port and
event loop, in a thread of the dashboard's process; every room the dashboard
starts is opened on it, with the same run loop, pages and checks as the rooms of
``netsim workshop``. Rooms share nothing with the dashboard's sessions: they keep
running when the tab that started them closes, and participants' phones talk to
the room server only.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

import uvicorn

from netsim.dashboard.room.engine import Room, RoomError
from netsim.dashboard.room.server import (
    MAX_MESSAGE,
    RoomServer,
    is_loopback,
    lan_address,
    make_app,
    new_game,
)
from netsim.io.launch import DEFAULT_ROOM_PORT, ROOM_ENV

WILDCARD = ("0.0.0.0", "::", "")  # noqa: S104 (the addresses that mean "every interface")
"""Host names that mean every interface (phones on the same network can join)."""

START_TIMEOUT_S = 30.0
"""How long the room server may take to start listening."""


class RoomHost:
    """One room server beside the dashboard, started on first use.

    Args:
        host: the address it listens on (the dashboard's ``--host``).
        port: its port (the dashboard's ``--room-port``).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        shown = lan_address() if host in WILDCARD else host
        self.server = RoomServer(f"http://{shown}:{port}")
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._uvicorn: uvicorn.Server | None = None
        self._failure = ""

    @property
    def local_base(self) -> str:
        """The room server's address for a browser on this computer (the projector's)."""
        local = self.host in (*WILDCARD, "localhost") or is_loopback(self.host)
        return f"http://{'localhost' if local else self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the room server is listening."""
        return self._uvicorn is not None and self._uvicorn.started

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            assert self._uvicorn is not None
            loop.run_until_complete(self._uvicorn.serve())
        except (SystemExit, OSError) as exc:  # uvicorn exits when the port is taken
            self._failure = f"{type(exc).__name__}: {exc}"
        finally:
            loop.close()

    def start(self) -> None:
        """Start the room server if it is not running yet; wait until it listens.

        Raises:
            RoomError: when it cannot listen (the port is taken, say).
        """
        with self._lock:
            if self.running:
                return
            config = uvicorn.Config(
                make_app(self.server),
                host=self.host,
                port=self.port,
                ws_max_size=MAX_MESSAGE,
                log_level="warning",
                lifespan="on",
            )
            self._uvicorn = uvicorn.Server(config)
            self._failure = ""
            thread = threading.Thread(target=self._serve, name="netsim-rooms", daemon=True)
            thread.start()
            deadline = time.monotonic() + START_TIMEOUT_S
            while not self._uvicorn.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    self._uvicorn.should_exit = True
                    self._uvicorn = None
                    raise RoomError(
                        f"cannot serve rooms on port {self.port} (is another netsim workshop "
                        f"using it? start the dashboard with another --room-port)"
                    )
                time.sleep(0.05)

    def open(self, form: dict[str, Any]) -> Room:
        """Open a room from the instructor's choices (preset, months, season, seed, countdown).

        Raises:
            RoomError: for a bad choice, a full server or a server that cannot start.
        """
        game, decide_seconds = new_game(form)
        self.start()
        assert self._loop is not None
        opening = self.server.start_room(game, decide_seconds=decide_seconds)
        return asyncio.run_coroutine_threadsafe(opening, self._loop).result(timeout=120)

    def projector_url(self, room: Room) -> str:
        """The projector's address with the instructor's key (for this computer only)."""
        return self.local_base + self.server.projector_path(room)

    def stop(self) -> None:
        """Ask the room server to stop (the tests' clean-up; the dashboard's end stops it too)."""
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True


def from_env() -> RoomHost:
    """The room host ``netsim dashboard`` asked for (default: localhost, port 8766)."""
    host = os.environ.get(ROOM_ENV["host"]) or "localhost"
    try:
        port = int(os.environ.get(ROOM_ENV["port"]) or DEFAULT_ROOM_PORT)
    except ValueError:
        port = DEFAULT_ROOM_PORT
    return RoomHost(host, port)
