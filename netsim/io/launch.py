"""What the command line tells the workshop room servers it starts.

``netsim workshop`` and ``netsim dashboard`` start their servers as other processes,
and the command line does not import the dashboard (they are sibling layers). This
module is the contract between the two: the settings of a room server and the
environment variables that carry them. The command line declares each option (its
flag, help and range) once; the server reads them back here, typed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass

SEASONS = (6, 12)
"""Months a workshop season may last (the model runs a season between two decision pauses)."""

COUNTDOWN_SECONDS = (1.0, 3600.0)
"""Shortest and longest countdown of a decision pause, in seconds."""

DEFAULT_ROOM_PORT = 8766
"""The room server's port when none is set (``netsim workshop``'s and the dashboard's)."""

ROOM_OPTIONS_ENV = "NETSIM_ROOM_OPTIONS"
"""The environment variable through which ``netsim workshop`` gives its server its options."""

ROOM_ENV = {"host": "NETSIM_ROOM_HOST", "port": "NETSIM_ROOM_PORT"}
"""Where ``netsim dashboard`` tells its server the room server's address (--host, --room-port)."""


class LaunchError(ValueError):
    """Options a server cannot start with (a caller's mistake, said in one line)."""


@dataclass(frozen=True)
class RoomOptions:
    """How ``netsim workshop`` starts a room server (its options, as the command line took them).

    Attributes:
        host: the address to listen on.
        port: the port.
        preset: the workshop preset (a scenario name or path).
        months: the game's length, or None for the preset's.
        season: months run between two decision pauses (one of :data:`SEASONS`).
        seed: the model's seed.
        decide_seconds: the countdown of a decision pause.
        replay: a downloaded game to replay to its debrief, or None.
    """

    host: str = "localhost"
    port: int = DEFAULT_ROOM_PORT
    preset: str = "workshop_growth"
    months: int | None = None
    season: int = 12
    seed: int = 0
    decide_seconds: float = 60.0
    replay: str | None = None

    def env(self) -> dict[str, str]:
        """The environment variable that carries these options to the server."""
        return {ROOM_OPTIONS_ENV: json.dumps(dataclasses.asdict(self))}

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> RoomOptions:
        """The options the command line set (the defaults if it set none).

        Raises:
            LaunchError: if the variable does not hold the options of this class.
        """
        text = environ.get(ROOM_OPTIONS_ENV)
        if not text:
            return cls()
        try:
            values = json.loads(text)
            options = cls(**values)
        except (ValueError, TypeError) as exc:
            raise LaunchError(f"{ROOM_OPTIONS_ENV}: not the options of a room ({exc})") from None
        numbers: dict[str, tuple[type, ...]] = {
            "port": (int,),
            "season": (int,),
            "seed": (int,),
            "decide_seconds": (int, float),
        }
        for name, kinds in numbers.items():
            value = getattr(options, name)
            if isinstance(value, bool) or not isinstance(value, kinds):
                raise LaunchError(f"{ROOM_OPTIONS_ENV}: {name} is {value!r}, not a number")
        if options.season not in SEASONS:
            allowed = ", ".join(map(str, SEASONS))
            raise LaunchError(f"--season: got {options.season} (allowed: {allowed})")
        return options
