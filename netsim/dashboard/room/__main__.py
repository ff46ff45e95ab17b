"""Serve a workshop room: what ``netsim workshop`` runs (``python -m netsim.dashboard.room``).

The command line declares the options and passes them in the environment
(:class:`netsim.io.launch.RoomOptions`); this module only reads them back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import uvicorn

from netsim.dashboard.room.engine import Game, RoomError
from netsim.dashboard.room.server import (
    MAX_MESSAGE,
    RoomServer,
    lan_address,
    make_app,
    replay_upload,
)
from netsim.io.launch import LaunchError, RoomOptions
from netsim.io.scenarios import ScenarioError, load_scenario


def main(options: RoomOptions | None = None) -> int:
    """Open one room and serve it until Ctrl+C; print the projector's address.

    Args:
        options: the room's options; default: those ``netsim workshop`` put in the
            environment.
    """
    try:
        a = options or RoomOptions.from_env(os.environ)
    except LaunchError as exc:
        print(f"netsim workshop: {exc}", file=sys.stderr)
        return 2
    shown = lan_address() if a.host in ("0.0.0.0", "::") else a.host  # noqa: S104
    server = RoomServer(f"http://{shown}:{a.port}")
    try:
        if a.replay is not None:
            game = replay_upload(Path(a.replay).read_bytes())
        else:
            preset = load_scenario(a.preset)
            game = Game(preset, seed=a.seed, months=a.months, season=a.season)
    except (OSError, ValueError, RoomError, ScenarioError) as exc:
        print(f"netsim workshop: {exc}", file=sys.stderr)
        return 2
    room = server.open(game, decide_seconds=a.decide_seconds)
    print(f"room {room.code}: participants open {server.join_url(room)}", flush=True)
    print(
        f"projector (keep this address to yourself): "
        f"http://{shown}:{a.port}/projector/{room.code}#key={room.instructor_token}",
        flush=True,
    )
    print(f"open another room (on this computer): http://localhost:{a.port}/new", flush=True)
    uvicorn.run(
        make_app(server),
        host=a.host,
        port=a.port,
        ws_max_size=MAX_MESSAGE,
        log_level="warning",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
