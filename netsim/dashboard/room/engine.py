"""The workshop room's game, with no UI: rounds of a real model and a decision log.

A :class:`Game` steps one :class:`~netsim.core.model.PDNetworkModel` a season at
a time. Decisions and shocks are queued while the room decides and land together
at the start of the next season, in the order they were made, so the decision
log alone replays the game month for month (:func:`replay`). A :class:`Room`
adds the people: seats with tokens, roles, phases and the countdown.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from netsim.core.hosts import assign_home_hosts, open_section
from netsim.core.model import PDNetworkModel
from netsim.core.params import PARAMETERS
from netsim.dashboard.room.roles import FOUND_SECTION, KEEP, ROLES, Decision
from netsim.io.launch import SEASONS
from netsim.io.scenarios import Scenario, load_scenario, shipped_names

ROOM_SHOCKS: dict[str, dict[str, float]] = {
    "funding_cut": {"size": 0.5},
    "change_of_government": {"size": -1.0},
    "national_event": {},
    "new_company": {},
    "new_university": {},
    "loss_of_coordinator": {},
}
"""Shocks the instructor can apply, with the options they are applied with."""

POLICIES = ("top_down", "bottom_up")
"""Presets whose levers the debrief runs on the room's country."""

NAME_MAX = 24
"""Longest participant name, in characters."""

NAME_CHARS = re.compile(r"[\w .'\-]+")
"""Characters a name may contain (letters and digits of any script, space, . ' -)."""

CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY"
"""Room code letters: no look-alikes (B/8, I/1, O/0, S/5, G/6, Q, Z/2)."""

MAX_SEATS = 60
"""Seats per room: a full classroom with room to spare."""

SEATS_PER_DEVICE = 3
"""Seats one network address may hold in a room (two people may share a laptop)."""


class RoomError(ValueError):
    """A request the room refuses; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the decision log.

    Attributes:
        round: the season it landed before (0: before the first season).
        month: months run when it landed.
        actor: a role key, or ``instructor`` for a shock.
        what: a decision key, or ``shock``.
        choice: an option key, or the shock's kind.
    """

    round: int
    month: int
    actor: str
    what: str
    choice: str


def _month_count(scenario: Scenario, months: int | None) -> int:
    return scenario.months if months is None else months


class Game:
    """One room's model, run season by season, with the log of what landed when.

    Args:
        scenario: the workshop preset.
        seed: the model's seed.
        months: the game's length (default: the preset's).
        season: months per round.
        params: parameters replacing the preset's (the debrief's policy runs).
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int = 0,
        months: int | None = None,
        season: int = 12,
        params: dict[str, Any] | None = None,
    ) -> None:
        if season < 1:
            raise RoomError("a season is at least one month")
        self.scenario = scenario
        self.seed = seed
        self.months = _month_count(scenario, months)
        self.season = season
        self.model = PDNetworkModel(rng=seed, events=scenario.events, **(params or scenario.params))
        self.round = 0
        self.log: list[Entry] = []
        self.pending: list[tuple[str, str, str]] = []
        self.choices: dict[tuple[str, str], str] = {}
        self.lock = threading.RLock()
        self.replayed = False  # played again from a downloaded game's log

    @property
    def month(self) -> int:
        """Months run so far."""
        return int(self.model.steps)

    @property
    def finished(self) -> bool:
        """Whether the game's length is reached."""
        return self.month >= self.months

    @property
    def rounds(self) -> int:
        """Seasons in the whole game."""
        return math.ceil(self.months / self.season)

    def decide(self, role: str, decision: str, option: str) -> None:
        """Queue a role's choice for the next season (a later choice replaces it).

        Raises:
            RoomError: for an unknown role, decision or option, or after the end.
        """
        d = _decision(role, decision)
        if option not in d.options:
            raise RoomError(f"{option!r} is not an answer to {decision!r}")
        with self.lock:
            if self.finished:
                raise RoomError("the game is over")
            self.pending = [p for p in self.pending if p[:2] != (role, decision)]
            self.pending.append((role, decision, option))

    def shock(self, kind: str) -> None:
        """Queue an instructor's shock: it lands at the start of the next season.

        Raises:
            RoomError: for a shock the room does not offer, or after the end.
        """
        if kind not in ROOM_SHOCKS:
            raise RoomError(f"unknown shock {kind!r}")
        with self.lock:
            if self.finished:
                raise RoomError("the game is over")
            self.pending.append(("instructor", "shock", kind))

    def chosen(self, role: str, decision: str) -> str:
        """The option in force (or queued) for a role's decision."""
        with self.lock:
            for r, d, o in reversed(self.pending):
                if (r, d) == (role, decision):
                    return o
            if _decision(role, decision).one_off:
                return next(iter(_decision(role, decision).options))
            return self.choices.get((role, decision), KEEP)

    def play_season(self) -> int:
        """Land the queued choices, then run one season; return the months run."""
        with self.lock:
            if self.finished:
                return 0
            for actor, what, choice in self.pending:
                self._land(actor, what, choice)
                self.log.append(Entry(self.round, self.month, actor, what, choice))
            self.pending = []
            steps = min(self.season, self.months - self.month)
            for _ in range(steps):
                self.model.step()
            self.round += 1
            return steps

    def play_to_end(self) -> None:
        """Run the remaining seasons with no further choices."""
        while not self.finished:
            self.play_season()

    def _land(self, actor: str, what: str, choice: str) -> None:
        m = self.model
        if actor == "instructor":
            m.apply_shock(choice, **ROOM_SHOCKS[choice])
            return
        option = _decision(actor, what).options[choice]
        if option.event is not None and option.event[0] == FOUND_SECTION:
            found_section(m)
        elif option.event is not None:
            m.apply_shock(option.event[0], **option.event[1])
        else:
            self.choices[(actor, what)] = choice
        for name, value in option.params.items():
            m.p[name] = PARAMETERS[name].check(value)
            # the ministry agents hold their own copies of two levers
            if name == "central_funding_share":
                m.ministry.central_share = m.p[name]
            if name == "mandate_strength" and m.ministry.priority:
                m.ministry.mandate = m.p[name]
        if option.params or option.event:
            role = ROLES[actor].title
            m.say(f"{role}: {_decision(actor, what).question} {option.label}.")

    def results(self) -> pd.DataFrame:
        """The model's indicator table so far."""
        with self.lock:
            return self.model.results()

    def record(self) -> dict[str, Any]:
        """The whole game as JSON-ready data: what it takes to replay it."""
        with self.lock:
            return {
                "preset": self.scenario.name,
                "seed": self.seed,
                "months": self.months,
                "season": self.season,
                "log": [asdict(e) for e in self.log],
            }


def found_section(model: PDNetworkModel) -> None:
    """Engaged teachers open a section where they have fewest centres (the sections channel).

    The region is the one with the fewest open hosts, among those with engaged
    teachers (most engaged first); the founders are up to ``founding_group_size``
    of its engaged teachers, drawn with the model's own random generator.
    """
    t, c = model.teachers, model.centres
    engaged = t.engagement >= 1
    per_region = np.bincount(t.region[engaged], minlength=model.n_regions)
    open_hosts = np.bincount(c.region[c.alive], minlength=model.n_regions)
    candidates = np.flatnonzero(per_region > 0)
    if candidates.size == 0:
        model.say("Teachers want a section, but nobody is engaged yet.")
        return
    r = int(min(candidates, key=lambda k: (open_hosts[k], -per_region[k], k)))
    here = np.flatnonzero(engaged & (t.region == r))
    size = min(here.size, int(model.p["founding_group_size"]))
    founders = np.sort(model.rng.choice(here, size=size, replace=False))
    if open_section(model, r, founders) < 0:
        model.say(f"Teachers of region {r} cannot open a section: no room for a centre.")
        return
    if model.centres_changed:
        assign_home_hosts(model)
        model.centres_changed = False
    model.say(f"{size} teachers found a section in region {r}.")


def _decision(role: str, decision: str) -> Decision:
    if role not in ROLES:
        raise RoomError(f"unknown role {role!r}")
    if decision not in ROLES[role].decisions:
        raise RoomError(f"{ROLES[role].title} has no decision {decision!r}")
    return ROLES[role].decisions[decision]


MAX_MONTHS = 240
"""The longest game a room plays, in months."""

MAX_LOG = 2000
"""Most entries a recorded game's log may hold (a long game, a full room: a few hundred)."""

GAME_FIELDS = ("preset", "seed", "months", "season", "log")
"""The fields of a recorded game (:meth:`Game.record`)."""

ENTRY_FIELDS = tuple(Entry.__dataclass_fields__)
"""The fields of one line of a recorded game's log."""


def _whole(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RoomError(f"{field}: {value!r} is not a whole number ({low} to {high})")
    if not low <= value <= high:
        raise RoomError(f"{field}: {value} is out of range ({low} to {high})")
    return value


def _one_of(value: Any, field: str, allowed: list[str] | tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        shown = value if isinstance(value, str | int | float | None) else type(value).__name__
        raise RoomError(f"{field}: {shown!r} is not allowed (allowed: {', '.join(allowed)})")
    return value


def _entry(k: int, raw: Any) -> Entry:
    at = f"log[{k}]"
    if not isinstance(raw, dict):
        raise RoomError(f"{at}: not an entry (an object with {', '.join(ENTRY_FIELDS)})")
    if missing := [f for f in ENTRY_FIELDS if f not in raw]:
        raise RoomError(f"{at}.{missing[0]}: missing (an entry has {', '.join(ENTRY_FIELDS)})")
    if extra := sorted(set(raw) - set(ENTRY_FIELDS)):
        raise RoomError(f"{at}.{extra[0]}: unknown field (allowed: {', '.join(ENTRY_FIELDS)})")
    rnd = _whole(raw["round"], f"{at}.round", 0, MAX_MONTHS)
    month = _whole(raw["month"], f"{at}.month", 0, MAX_MONTHS)
    actor = _one_of(raw["actor"], f"{at}.actor", [*ROLES, "instructor"])
    if actor == "instructor":
        what = _one_of(raw["what"], f"{at}.what", ["shock"])
        choice = _one_of(raw["choice"], f"{at}.choice", list(ROOM_SHOCKS))
    else:
        what = _one_of(raw["what"], f"{at}.what", list(ROLES[actor].decisions))
        choice = _one_of(raw["choice"], f"{at}.choice", list(ROLES[actor].decisions[what].options))
    return Entry(rnd, month, actor, what, choice)


def read_record(data: Any, *, shipped: bool = True) -> tuple[dict[str, Any], list[Entry]]:
    """A downloaded game (or its ``game`` part) checked field by field, before anything runs.

    Args:
        data: the file's JSON.
        shipped: whether the preset must be a shipped scenario (a file names nothing else).

    Returns:
        The game's fields (preset, seed, months, season) and its log.

    Raises:
        RoomError: ``not a recorded game: FIELD: what is wrong (what is allowed)``.
    """
    try:
        if isinstance(data, dict) and "game" in data:
            data = data["game"]
        if not isinstance(data, dict):
            raise RoomError("the file holds no game (a JSON object with a 'game' field)")
        if missing := [f for f in GAME_FIELDS if f not in data]:
            raise RoomError(f"{missing[0]}: missing (a game has {', '.join(GAME_FIELDS)})")
        presets = shipped_names()
        if shipped and data["preset"] not in presets:
            workshops = [n for n in presets if n.startswith("workshop_")]
            shown = data["preset"] if isinstance(data["preset"], str) else type(data["preset"])
            raise RoomError(
                f"preset: {shown!r} is not a shipped scenario "
                f"(the workshop presets: {', '.join(workshops)})"
            )
        season = data["season"]
        if isinstance(season, bool) or season not in SEASONS:
            raise RoomError(f"season: {season!r} is not allowed (allowed: 6, 12)")
        head = {
            "preset": str(data["preset"]),
            "seed": _whole(data["seed"], "seed", 0, 2**31 - 1),
            "months": _whole(data["months"], "months", 1, MAX_MONTHS),
            "season": int(season),
        }
        log = data["log"]
        if not isinstance(log, list):
            raise RoomError("log: not a list of entries")
        if len(log) > MAX_LOG:
            raise RoomError(f"log: {len(log)} entries (at most {MAX_LOG})")
        entries = [_entry(k, e) for k, e in enumerate(log)]
    except RoomError as exc:
        raise RoomError(f"not a recorded game: {exc}") from None
    return head, entries


def replay(
    record: dict[str, Any],
    *,
    scenario: Scenario | None = None,
    keep: set[str] | None = None,
    params: dict[str, Any] | None = None,
) -> Game:
    """Play a recorded game again from its log, to its end.

    Args:
        record: :meth:`Game.record`'s data (e.g. a downloaded game), checked by
            :func:`read_record`.
        scenario: the preset (default: the shipped one the record names).
        keep: the actors whose entries are replayed (default: all).
        params: parameters replacing the preset's.

    Raises:
        RoomError: for a record that is not a game, naming the field at fault.
    """
    head, entries = read_record(record, shipped=scenario is None)
    sc = scenario or load_scenario(head["preset"])
    game = Game(sc, seed=head["seed"], months=head["months"], season=head["season"], params=params)
    for k, e in enumerate(entries):
        if keep is not None and e.actor not in keep:
            continue
        while game.round < e.round and not game.finished:
            game.play_season()
        if game.round != e.round or game.month != e.month:
            raise RoomError(
                f"not a recorded game: log[{k}]: round {e.round} at month {e.month} is not "
                f"the start of a season (season {game.round} starts at month {game.month}; "
                f"entries come in order, at 0, {game.season}, {2 * game.season}, … months)"
            )
        if e.actor == "instructor":
            game.shock(e.choice)
        else:
            game.decide(e.actor, e.what, e.choice)
    game.play_to_end()
    game.replayed = True
    return game


def policy_params(scenario: Scenario, policy: str) -> dict[str, Any]:
    """The preset's country with a policy preset's levers."""
    other = load_scenario(policy)
    levers = {k: v for k, v in other.params.items() if PARAMETERS[k].group == "lever"}
    return {**scenario.params, **levers}


def debrief(game: Game) -> dict[str, pd.DataFrame]:
    """The room's run beside the same country and seed without the room's decisions.

    Returns:
        Indicator tables by run: ``room`` (the game played to its end), ``no
        decisions`` (the instructor's shocks only) and, with the shocks too,
        ``top_down`` and ``bottom_up`` (the preset's country under their levers).
    """
    with game.lock:
        game.play_to_end()
        record = game.record()
        runs = {"room": game.results()}
    sc = game.scenario
    runs["no decisions"] = replay(record, scenario=sc, keep={"instructor"}).results()
    for policy in POLICIES:
        params = policy_params(sc, policy)
        runs[policy] = replay(record, scenario=sc, keep={"instructor"}, params=params).results()
    return runs


def clean_name(name: Any) -> str:
    """A participant's name, checked: 1 to 24 letters, digits, spaces and . ' -.

    Raises:
        RoomError: for anything else (markup, control characters, too long).
    """
    if not isinstance(name, str):
        raise RoomError("a name is text")
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise RoomError("type your name")
    if len(name) > NAME_MAX:
        raise RoomError(f"a name has at most {NAME_MAX} characters")
    if not NAME_CHARS.fullmatch(name):
        raise RoomError("a name has only letters, digits, spaces and . ' -")
    return name


@dataclass(slots=True)
class Seat:
    """One participant: their name, their role and the token that proves it.

    Attributes:
        name: as typed (checked).
        role: a key of :data:`~netsim.dashboard.room.roles.ROLES`.
        token: secret, held by the participant's browser only.
    """

    name: str
    role: str
    token: str = field(repr=False)
    device: str | None = field(default=None, repr=False)


PHASES = ("lobby", "deciding", "running", "paused", "over")
"""A room's phases: joining, deciding (countdown), running a season, paused, debrief."""


class Room:
    """A workshop room: one game and the seats of its participants.

    Args:
        code: the short code participants type.
        game: the game played.
        decide_seconds: the countdown of a decision pause.
    """

    def __init__(self, code: str, game: Game, *, decide_seconds: float = 60.0) -> None:
        self.code = code
        self.game = game
        self.decide_seconds = decide_seconds
        self.instructor_token = secrets.token_urlsafe(16)
        self.seats: dict[str, Seat] = {}
        self.phase = "lobby"
        self.deadline: float | None = None
        self.remaining: float | None = None  # countdown left while paused
        self.resume_to = "deciding"
        self.version = 0  # bumped whenever what the screens show changes
        self.lock = threading.RLock()

    # --- participants ------------------------------------------------------------------

    def join(self, name: Any, role: Any = None, device: str | None = None) -> Seat:
        """Seat a participant: their chosen role, or the role with fewest players.

        Args:
            name: as typed.
            role: a role's key, or None to be dealt one.
            device: the network address the participant joins from, or None where it
                does not count (the instructor's own computer): one address holds at
                most :data:`SEATS_PER_DEVICE` seats, so that a script cannot take a
                room's seats or all of one role.

        Raises:
            RoomError: for a bad name or role, a full room or a device with its seats.
        """
        name = clean_name(name)
        if role not in (None, "") and role not in ROLES:
            raise RoomError("unknown role")
        with self.lock:
            if len(self.seats) >= MAX_SEATS:
                raise RoomError("the room is full")
            if device is not None:
                mine = sum(s.device == device for s in self.seats.values())
                if mine >= SEATS_PER_DEVICE:
                    raise RoomError(
                        f"this device has joined {mine} times already: "
                        "reload the page to rejoin your own role"
                    )
            if not role:
                held = Counter(s.role for s in self.seats.values())
                role = min(ROLES, key=lambda r: (held[r], list(ROLES).index(r)))
            seat = Seat(name, str(role), secrets.token_urlsafe(16), device)
            self.seats[seat.token] = seat
            self.version += 1
            return seat

    def seat(self, token: Any) -> Seat:
        """The seat a token holds (a reload rejoins with it).

        Raises:
            RoomError: for an unknown token.
        """
        seat = self.seats.get(token) if isinstance(token, str) else None
        if seat is None:
            raise RoomError("unknown participant: join again")
        return seat

    def decide(self, token: Any, decision: Any, option: Any, role: Any = None) -> None:
        """A participant's choice for their own role (``role``, if sent, must be theirs).

        Raises:
            RoomError: for an unknown token, another role, a bad decision or option, or
                outside a decision pause.
        """
        seat = self.seat(token)
        if role is not None and role != seat.role:
            raise RoomError("you can only decide for your own role")
        if not isinstance(decision, str) or not isinstance(option, str):
            raise RoomError("not a decision")
        with self.lock:
            if self.phase not in ("lobby", "deciding", "paused"):
                raise RoomError("wait for the next decision pause")
            self.game.decide(seat.role, decision, option)
            self.version += 1

    # --- the instructor ----------------------------------------------------------------

    def check_instructor(self, token: Any) -> None:
        """Raise RoomError unless ``token`` is this room's instructor token."""
        if not isinstance(token, str) or not secrets.compare_digest(token, self.instructor_token):
            raise RoomError("only the instructor can do this")

    def open_decisions(self, now: float) -> None:
        """Start a decision pause with its countdown (the game's start, or after a season)."""
        with self.lock:
            if self.game.finished:
                self.phase, self.deadline = "over", None
            else:
                self.phase, self.deadline = "deciding", now + self.decide_seconds
            self.version += 1

    def due(self, now: float) -> bool:
        """Whether the countdown has run out, so that the next season should run."""
        with self.lock:
            return self.phase == "deciding" and self.deadline is not None and now >= self.deadline

    def run_season(self, now: float) -> None:
        """Run the next season now (countdown out, or the instructor's 'run now')."""
        with self.lock:
            if self.phase not in ("deciding", "lobby"):
                raise RoomError(f"cannot run a season while {self.phase}")
            self.phase, self.deadline = "running", None
            self.version += 1
        self.game.play_season()
        self.open_decisions(now)

    def pause(self, now: float) -> None:
        """Stop the countdown (decisions stay open)."""
        with self.lock:
            if self.phase != "deciding" or self.deadline is None:
                raise RoomError("nothing to pause")
            self.remaining = max(self.deadline - now, 0.0)
            self.phase, self.deadline = "paused", None
            self.version += 1

    def resume(self, now: float) -> None:
        """Restart the countdown where it stopped."""
        with self.lock:
            if self.phase != "paused":
                raise RoomError("the room is not paused")
            self.phase, self.deadline = "deciding", now + (self.remaining or 0.0)
            self.remaining = None
            self.version += 1

    def extend(self, seconds: float = 30.0) -> None:
        """Give the room more time to decide."""
        with self.lock:
            if self.phase == "deciding" and self.deadline is not None:
                self.deadline += seconds
            elif self.phase == "paused":
                self.remaining = (self.remaining or 0.0) + seconds
            else:
                raise RoomError("no countdown to extend")
            self.version += 1

    def shock(self, kind: Any) -> None:
        """Queue a shock for the next season."""
        with self.lock:
            if not isinstance(kind, str):
                raise RoomError("not a shock")
            self.game.shock(kind)
            self.version += 1

    def end(self) -> None:
        """End the game where it stands (queued choices are dropped): the debrief follows."""
        with self.lock, self.game.lock:
            if self.game.month > 0:
                self.game.months = self.game.month
            self.game.pending = []
            self.phase, self.deadline = "over", None
            self.version += 1

    def roster(self) -> dict[str, list[str]]:
        """Participants' names by role."""
        with self.lock:
            out: dict[str, list[str]] = {r: [] for r in ROLES}
            for s in self.seats.values():
                out[s.role].append(s.name)
            return out


class Rooms:
    """The rooms one server holds, by code; each room is isolated from the others."""

    def __init__(self) -> None:
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()

    def open(self, game: Game, *, decide_seconds: float = 60.0) -> Room:
        """Open a room for ``game`` under a fresh code."""
        with self._lock:
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
                if code not in self._rooms:
                    break
            room = Room(code, game, decide_seconds=decide_seconds)
            self._rooms[code] = room
            return room

    def get(self, code: Any) -> Room:
        """The room with that code (any case).

        Raises:
            RoomError: for an unknown code.
        """
        room = self._rooms.get(code.strip().upper()) if isinstance(code, str) else None
        if room is None:
            raise RoomError("no room with that code")
        return room

    def __len__(self) -> int:
        return len(self._rooms)
