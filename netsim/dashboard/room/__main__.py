"""Serve a workshop room: ``python -m netsim.dashboard.room`` (what ``netsim workshop`` runs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn

from netsim.dashboard.room.engine import SEASONS, Game, RoomError
from netsim.dashboard.room.server import (
    MAX_MESSAGE,
    RoomServer,
    lan_address,
    make_app,
    replay_upload,
)
from netsim.io.scenarios import ScenarioError, load_scenario


def parse(argv: list[str]) -> argparse.Namespace:
    """The server's options (``netsim workshop --help`` documents them)."""
    ap = argparse.ArgumentParser(prog="python -m netsim.dashboard.room")
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--preset", default="workshop_growth")
    ap.add_argument("--months", type=int, default=None)
    ap.add_argument("--season", type=int, default=12, choices=SEASONS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--decide-seconds", type=float, default=60.0)
    ap.add_argument("--replay", type=Path, default=None)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Open one room and serve it until Ctrl+C; print the projector's address."""
    a = parse(sys.argv[1:] if argv is None else argv)
    shown = lan_address() if a.host in ("0.0.0.0", "::") else a.host  # noqa: S104
    server = RoomServer(f"http://{shown}:{a.port}")
    try:
        if a.replay is not None:
            game = replay_upload(a.replay.read_bytes())
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
