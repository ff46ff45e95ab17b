"""The workshop room's web server: a projector page, participants' pages, websockets.

A small Starlette app (Solara's own web framework, so nothing new to install)
served by uvicorn. Every screen holds one websocket; the server pushes a room's
state to its screens whenever it changes, so a season's results reach every
phone at once. Nothing is fetched from the internet: plotly.js and the
network picture's script are served from the installed packages, and the QR
code is drawn here (``segno``).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import segno
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from netsim.dashboard.live import region_snapshot
from netsim.dashboard.live_view import PLOTLY_JS
from netsim.dashboard.room.engine import (
    ROOM_SHOCKS,
    Game,
    Room,
    RoomError,
    Rooms,
    debrief,
    replay,
)
from netsim.dashboard.room.roles import DEBRIEF_QUESTIONS, ROLES, role_sheet
from netsim.io.launch import COUNTDOWN_SECONDS, SEASONS
from netsim.io.scenarios import load_scenario, shipped_names
from netsim.report import charts, debrief_charts

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
LIVE_VIEW_JS = HERE.parent / "live_view.js"

MAX_MESSAGE = 4096
"""Largest websocket message or request body a screen may send, in bytes."""

TICK_S = 0.1
"""How often a room's loop checks its countdown and its version."""

ROLE_STATE: dict[str, tuple[tuple[str, str], ...]] = {
    "ministry": (("public_month", "Public money this month (€)"), ("reach_teachers", "Reach")),
    "authority": (("equity_gap_region", "Gap between regions"), ("reach_schools", "Schools")),
    "director": (
        ("n_centres", "Centres"),
        ("capacity", "Places this month"),
        ("trust_mean", "Trust"),
    ),
    "principal": (
        ("schools_with_agreement", "Agreements"),
        ("own_time_share", "PD in teachers' own time"),
        ("regular_share", "Regulars"),
    ),
    "company": (("companies_engaged", "Companies engaged"), ("budget_month", "Money (€/month)")),
    "teachers": (
        ("reach_teachers", "Teachers engaged"),
        ("volunteer_hours", "Volunteer hours this month"),
        ("lead_share", "Lead teachers"),
    ),
    "university": (("universities_engaged", "Universities engaged"), ("practice_mean", "Practice")),
}
"""What each role's screen shows of the model: indicator and label."""

MAX_ROOMS = 8
"""Rooms one server holds at once (each holds a model)."""

MAX_UPLOAD = 8 * 2**20
"""Largest game file the instructor may upload to replay, in bytes (240 months: about 2.3 MB)."""


HEADLINE = (("reach_teachers", "Reach"), ("trust_mean", "Trust"), ("n_centres", "Centres"))
"""The numbers every screen shows."""


def is_loopback(host: str | None) -> bool:
    """Whether a client's address is this computer's own (127.0.0.0/8, ::1, localhost).

    Only such a client may open a room or replay a game: the instructor's computer.
    """
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _number(column: str, value: float) -> str:
    shares: tuple[str, ...] = ("reach_", "regular_", "lead_", "equity_", "own_time_", "schools_")
    shares += ("companies_", "universities_")
    if column.startswith(shares) or column == "trust_mean":
        return f"{value:.0%}"
    if column.endswith(("_month", "_hours")) or column == "capacity":
        return f"{value:,.0f}"
    return f"{value:.2f}" if value != int(value) else f"{int(value)}"


@dataclass
class Screens:
    """A room's open websockets and what they were last sent."""

    participants: dict[WebSocket, str] = field(default_factory=dict)  # socket -> token
    projectors: set[WebSocket] = field(default_factory=set)
    frame: dict[str, Any] = field(default_factory=dict)
    frame_month: int = -1
    debrief: dict[str, Any] | None = None
    sent_version: int = -1
    task: asyncio.Task[None] | None = None


class RoomServer:
    """The rooms of one server and their screens.

    Args:
        join_base: the address participants type (``http://HOST:PORT``).
    """

    def __init__(self, join_base: str) -> None:
        self.join_base = join_base.rstrip("/")
        self.rooms = Rooms()
        self.screens: dict[str, Screens] = {}
        self.tasks: set[asyncio.Task[None]] = set()  # seasons and debriefs under way

    def open(self, game: Game, *, decide_seconds: float = 60.0) -> Room:
        """Open a room (its loop starts with the server)."""
        room = self.rooms.open(game, decide_seconds=decide_seconds)
        self.screens[room.code] = Screens()
        if game.finished:
            room.phase = "over"
        return room

    async def start_room(self, game: Game, *, decide_seconds: float = 60.0) -> Room:
        """Open a room on this server's running event loop and start its clock.

        A finished game (a replay) goes straight to its debrief.

        Raises:
            RoomError: when the server already holds :data:`MAX_ROOMS` rooms.
        """
        if len(self.rooms) >= MAX_ROOMS:
            raise RoomError(f"this server holds at most {MAX_ROOMS} rooms")
        room = self.open(game, decide_seconds=decide_seconds)
        await asyncio.to_thread(self.draw, room)
        self.screens[room.code].task = asyncio.create_task(self.loop(room))
        if room.phase == "over":
            self.start(self.finish(room), room)
        return room

    def projector_path(self, room: Room) -> str:
        """The projector's address on this server, with the instructor's key."""
        return f"/projector/{room.code}#key={room.instructor_token}"

    def join_url(self, room: Room) -> str:
        """The address a participant's phone opens (what the QR code holds)."""
        return f"{self.join_base}/?code={room.code}"

    # --- what the screens show -------------------------------------------------------

    def draw(self, room: Room) -> None:
        """Rebuild the projector's frame (network, charts, log) for the current month."""
        screens = self.screens[room.code]
        game = room.game
        with game.lock:
            m = game.model
            if screens.frame_month == game.month:
                return
            aggregated = m.n_teachers > charts.AGGREGATE_ABOVE
            snap = region_snapshot(m) if aggregated else m.network_snapshot()
            jitter = charts.stable_jitter(m.n_nodes + m.n_regions, seed=game.seed)
            screens.frame = {
                "month": game.month,
                "months": game.months,
                "header": f"Month {game.month} of {game.months}",
                "network": charts.live_network(
                    snap, jitter=jitter, n_regions=m.n_regions, title="The network"
                ),
                "series": charts.live_series(m.results(), list(m.shock_months), months=game.months),
                "log": [[int(k), str(t)] for k, t in reversed(m.log[-60:])],
                "finished": game.finished,
                "large": False,
            }
            screens.frame_month = game.month

    def shared(self, room: Room) -> dict[str, Any]:
        """What every screen of a room shows: phase, countdown, headline numbers, log."""
        game = room.game
        now = time.monotonic()
        with room.lock, game.lock:
            last = game.results().iloc[-1]
            left = room.remaining if room.phase == "paused" else None
            if room.deadline is not None:
                left = max(room.deadline - now, 0.0)
            return {
                "type": "state",
                "code": room.code,
                "phase": room.phase,
                "month": game.month,
                "months": game.months,
                "round": game.round,
                "rounds": game.rounds,
                "season": game.season,
                "replayed": game.replayed,
                "seconds_left": None if left is None else round(left, 1),
                "headline": [[label, _number(c, float(last[c]))] for c, label in HEADLINE],
                "last": {c: float(last[c]) for c in {c for v in ROLE_STATE.values() for c, _ in v}},
                "log": [[int(k), str(t)] for k, t in reversed(game.model.log[-8:])],
                "queued_shocks": [c for a, _, c in game.pending if a == "instructor"],
                "budget": round(game.model.ministry.annual_budget),
                "version": room.version,
            }

    def participant_view(self, room: Room, token: str, shared: dict[str, Any]) -> dict[str, Any]:
        """One participant's screen: the shared state plus their role's state and choices."""
        seat = room.seats[token]
        game = room.game
        last = shared["last"]
        state = [[label, _number(c, last[c])] for c, label in ROLE_STATE[seat.role]]
        if seat.role == "ministry":
            state.insert(0, ["Budget this year (€)", f"{shared['budget']:,}"])
        chosen = {d: game.chosen(seat.role, d) for d in ROLES[seat.role].decisions}
        out = {k: v for k, v in shared.items() if k not in ("last", "budget")}
        return out | {"you": seat.name, "role": seat.role, "state": state, "chosen": chosen}

    def projector_view(self, room: Room, shared: dict[str, Any]) -> dict[str, Any]:
        """The projector's screen: the shared state, the roster, the frame."""
        screens = self.screens[room.code]
        out = {k: v for k, v in shared.items() if k != "last"}
        decided = {(a, d) for a, d, _ in room.game.pending if a != "instructor"}
        roster = room.roster()
        # a replayed game has no players: its file keeps each role's choices, not names
        played = Counter(e.actor for e in room.game.log)
        out["roster"] = [
            {
                "role": r,
                "title": ROLES[r].title,
                "names": roster[r],
                "decided": any((r, d) in decided for d in ROLES[r].decisions),
                "choices": played[r],
            }
            for r in ROLES
        ]
        out["frame"] = screens.frame
        out["debrief_ready"] = screens.debrief is not None
        return out

    async def broadcast(self, room: Room) -> None:
        """Send every screen of a room its view now."""
        screens = self.screens[room.code]
        screens.sent_version = room.version
        shared = self.shared(room)
        sends = []
        if screens.projectors:
            text = json.dumps(self.projector_view(room, shared))
            sends += [_send(ws, text) for ws in list(screens.projectors)]
        for ws, token in list(screens.participants.items()):
            sends.append(_send(ws, json.dumps(self.participant_view(room, token, shared))))
        await asyncio.gather(*sends)

    async def run_season(self, room: Room) -> None:
        """Run the next season off the event loop, redraw and tell every screen."""
        await asyncio.to_thread(room.run_season, time.monotonic())
        await asyncio.to_thread(self.draw, room)
        await self.broadcast(room)
        if room.phase == "over":
            await self.finish(room)

    async def finish(self, room: Room) -> None:
        """Compute the debrief (once) and tell every screen."""
        screens = self.screens[room.code]
        if screens.debrief is None:
            screens.debrief = await asyncio.to_thread(debrief_view, room)
            await asyncio.to_thread(self.draw, room)
        room.version += 1
        await self.broadcast(room)

    def start(self, work: Coroutine[Any, Any, None], room: Room) -> None:
        """Run ``work`` beside the screens' messages; a refusal or failure is logged."""
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)

        def done(t: asyncio.Task[None]) -> None:
            self.tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                logger.warning("room %s: %s", room.code, t.exception())

        task.add_done_callback(done)

    async def loop(self, room: Room) -> None:
        """A room's clock: run the season when the countdown ends; push changes."""
        while True:
            await asyncio.sleep(TICK_S)
            try:
                if room.due(time.monotonic()):
                    await self.run_season(room)
                elif room.version != self.screens[room.code].sent_version:
                    await self.broadcast(room)
            except RoomError:
                continue
            except Exception:
                logger.exception("room %s", room.code)


async def _send(ws: WebSocket, text: str) -> None:
    with contextlib.suppress(Exception):
        if ws.application_state == WebSocketState.CONNECTED:
            await ws.send_text(text)


def debrief_view(room: Room) -> dict[str, Any]:
    """The debrief: the room's run beside the others, decisions marked, and the questions."""
    runs = debrief(room.game)
    decisions = [
        {
            "month": e.month,
            "who": "instructor" if e.actor == "instructor" else ROLES[e.actor].title,
            "choice": _choice_label(e.actor, e.what, e.choice),
        }
        for e in room.game.log
    ]
    figures = [
        debrief_charts.comparison(runs, column, decisions, title=title)
        for column, title in (
            ("reach_teachers", "Teachers engaged: the room against the same country"),
            ("trust_mean", "Trust: the room against the same country"),
        )
    ]
    figures.append(debrief_charts.timeline(decisions, room.game.months))
    finals = {name: {c: float(r[c].iloc[-1]) for c, _ in HEADLINE} for name, r in runs.items()}
    plain = [f.to_plotly_json() for f in figures]
    return {
        "figures": json.loads(json.dumps(plain, default=_plain)),
        "finals": finals,
        "questions": {k: list(v) for k, v in DEBRIEF_QUESTIONS.items()},
        "decisions": [
            {"month": e.month, "actor": e.actor, "what": e.what, "choice": e.choice}
            for e in room.game.log
        ],
        "results": {name: _records(r) for name, r in runs.items()},
    }


def _choice_label(actor: str, what: str, choice: str) -> str:
    if actor == "instructor":
        return "shock: " + choice.replace("_", " ")
    d = ROLES[actor].decisions[what]
    return f"{d.question} {d.options[choice].label}"


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-ready rows whose floats round-trip exactly (missing: None)."""
    clean = table.replace([np.inf, -np.inf], np.nan).astype(object)
    rows = clean.where(clean.notna(), None).to_dict(orient="records")
    return [{str(k): v for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(type(value).__name__)


def lan_address() -> str:
    """This computer's address on the local network (no packet leaves it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 1))  # UDP connect only picks a route
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def qr_svg(text: str) -> str:
    """A QR code for ``text`` as inline SVG, made here (no network)."""
    return str(segno.make(text, error="m").svg_inline(scale=6, dark="#111", light="#fff"))


async def _read_json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_MESSAGE:
        raise RoomError("request too large")
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise RoomError("not JSON") from None
    if not isinstance(data, dict):
        raise RoomError("not a request")
    return data


async def _read_upload(request: Request) -> bytes:
    """An uploaded file's bytes, read up to :data:`MAX_UPLOAD` (a larger file is refused)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPLOAD:
            raise RoomError(f"the file is larger than {MAX_UPLOAD // 2**20} MiB: not a game file")
    return bytes(body)


def replay_upload(body: bytes) -> Game:
    """A downloaded game file's bytes, checked and replayed to its end.

    Raises:
        RoomError: naming what is wrong: not JSON, or the field at fault and what it allows.
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RoomError("not a recorded game: the file is not text (a .json file)") from None
    except ValueError as exc:
        raise RoomError(f"not a recorded game: the file is not JSON ({exc})") from None
    return replay(data)


def _refuse(exc: Exception, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=status)


def make_app(server: RoomServer) -> Starlette:
    """The Starlette app serving ``server``'s rooms."""

    async def join_page(request: Request) -> Response:
        return FileResponse(STATIC / "join.html")

    async def projector_page(request: Request) -> Response:
        return FileResponse(STATIC / "projector.html")

    async def roles(request: Request) -> Response:
        return JSONResponse(
            {
                "roles": [role_sheet(r) for r in ROLES.values()],
                "shocks": list(ROOM_SHOCKS),
            }
        )

    def _local(request: Request) -> None:
        if request.client is None or not is_loopback(request.client.host):
            raise RoomError("rooms are opened on the instructor's computer")

    async def new_page(request: Request) -> Response:
        try:
            _local(request)
        except RoomError as exc:
            return _refuse(exc, 403)
        return FileResponse(STATIC / "new.html")

    async def presets(request: Request) -> Response:
        return JSONResponse(
            [
                {"name": sc.name, "title": sc.title, "months": sc.months}
                for sc in (load_scenario(n) for n in workshop_presets())
            ]
        )

    async def new_room(request: Request) -> Response:
        try:
            _local(request)
        except RoomError as exc:
            return _refuse(exc, 403)
        try:
            data = await _read_json(request)
            game, decide_seconds = new_game(data)
            room = await server.start_room(game, decide_seconds=decide_seconds)
        except RoomError as exc:
            return _refuse(exc)
        return JSONResponse({"code": room.code, "projector": server.projector_path(room)})

    async def new_replay(request: Request) -> Response:
        """A downloaded game, uploaded by the instructor: replayed, then opened at its debrief.

        The file is checked and replayed before a room is opened, so a bad file
        opens nothing.
        """
        try:
            _local(request)
        except RoomError as exc:
            return _refuse(exc, 403)
        try:
            if len(server.rooms) >= MAX_ROOMS:
                raise RoomError(f"this server holds at most {MAX_ROOMS} rooms")
            game = await asyncio.to_thread(replay_upload, await _read_upload(request))
            room = await server.start_room(game)
        except RoomError as exc:
            return _refuse(exc)
        return JSONResponse({"code": room.code, "projector": server.projector_path(room)})

    async def join(request: Request) -> Response:
        try:
            room = server.rooms.get(request.path_params["code"])
            data = await _read_json(request)
            address = request.client.host if request.client else None
            device = None if address is None or is_loopback(address) else address
            seat = room.join(data.get("name"), data.get("role") or None, device)
        except RoomError as exc:
            return _refuse(exc)
        return JSONResponse({"token": seat.token, "role": seat.role, "name": seat.name})

    async def info(request: Request) -> Response:
        try:
            room = server.rooms.get(request.path_params["code"])
        except RoomError as exc:
            return _refuse(exc, 404)
        url = server.join_url(room)
        game = room.game
        return JSONResponse(
            {
                "code": room.code,
                "join_url": url,
                "join_base": server.join_base,
                "qr": qr_svg(url),
                "preset": game.scenario.title,
                "workshop": game.scenario.workshop or {},
            }
        )

    def _allowed(request: Request, room: Room) -> None:
        key = request.headers.get("x-room-key") or request.query_params.get("key")
        if key != room.instructor_token and key not in room.seats:
            raise RoomError("only the room's players can read this")

    def _player_room(request: Request) -> Room:
        room = server.rooms.get(request.path_params["code"])
        _allowed(request, room)
        return room

    async def debrief_json(request: Request) -> Response:
        try:
            room = _player_room(request)
        except RoomError as exc:
            return _refuse(exc, 403)
        d = server.screens[room.code].debrief
        if d is None:
            return _refuse(RoomError("the debrief is not ready"), 409)
        return JSONResponse({k: v for k, v in d.items() if k != "results"})

    async def game_json(request: Request) -> Response:
        try:
            room = _player_room(request)
        except RoomError as exc:
            return _refuse(exc, 403)
        d = server.screens[room.code].debrief
        body = {"game": room.game.record(), "results": d["results"] if d else None}
        headers = {"content-disposition": f'attachment; filename="netsim-room-{room.code}.json"'}
        return JSONResponse(body, headers=headers)

    async def socket_endpoint(ws: WebSocket) -> None:
        await ws.accept()
        try:
            room = server.rooms.get(ws.path_params["code"])
            hello = await _receive(ws)
            key = hello.get("key")
            instructor = hello.get("as") == "instructor"
            if instructor:
                room.check_instructor(key)
            else:
                seat = room.seat(key)
        except (RoomError, WebSocketDisconnect) as exc:
            with contextlib.suppress(Exception):
                await ws.send_text(json.dumps({"type": "refused", "error": str(exc)}))
                await ws.close(code=4403)
            return
        screens = server.screens[room.code]
        shared = server.shared(room)
        if instructor:
            screens.projectors.add(ws)
            await ws.send_text(json.dumps(server.projector_view(room, shared)))
        else:
            screens.participants[ws] = seat.token
            sheet = role_sheet(ROLES[seat.role])
            await ws.send_text(json.dumps({"type": "welcome", "sheet": sheet}))
            await ws.send_text(json.dumps(server.participant_view(room, seat.token, shared)))
        try:
            while True:
                msg = await _receive(ws)
                try:
                    reply = await _act(server, room, msg, key if not instructor else None)
                except RoomError as exc:
                    reply = {"type": "error", "error": str(exc), "ref": msg.get("ref")}
                await ws.send_text(json.dumps(reply))
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            screens.projectors.discard(ws)
            screens.participants.pop(ws, None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        for code in list(server.screens):
            room = server.rooms.get(code)
            await asyncio.to_thread(server.draw, room)
            screens = server.screens[code]
            screens.task = asyncio.create_task(server.loop(room))
            if room.phase == "over":
                await server.finish(room)
        yield
        for screens in server.screens.values():
            if screens.task is not None:
                screens.task.cancel()

    return Starlette(
        routes=[
            Route("/", join_page),
            Route("/projector/{code}", projector_page),
            Route("/new", new_page),
            Route("/api/presets", presets),
            Route("/api/rooms", new_room, methods=["POST"]),
            Route("/api/replays", new_replay, methods=["POST"]),
            Route("/api/roles", roles),
            Route("/api/{code}", info),
            Route("/api/{code}/join", join, methods=["POST"]),
            Route("/api/{code}/debrief", debrief_json),
            Route("/api/{code}/game.json", game_json),
            WebSocketRoute("/ws/{code}", socket_endpoint),
            Route("/static/plotly.min.js", lambda r: FileResponse(PLOTLY_JS / "plotly.min.js")),
            Route("/static/live_view.js", lambda r: FileResponse(LIVE_VIEW_JS)),
            Mount("/static", StaticFiles(directory=STATIC)),
        ],
        lifespan=lifespan,
    )


def workshop_presets() -> list[str]:
    """The shipped workshop presets a room can play."""
    return [n for n in shipped_names() if n.startswith("workshop_")]


def new_game(data: dict[str, Any]) -> tuple[Game, float]:
    """A game from the instructor's form: preset, months, season, seed, countdown.

    Raises:
        RoomError: for a preset that is not a workshop preset or a value out of range.
    """
    preset = data.get("preset")
    if preset not in workshop_presets():
        raise RoomError("choose a workshop preset")
    try:
        months = int(data.get("months") or 0)
        season = int(data.get("season") or 12)
        seed = int(data.get("seed") or 0)
        decide = float(data.get("decide_seconds") or 60)
    except (TypeError, ValueError):
        raise RoomError("months, season, seed and countdown are numbers") from None
    if season not in SEASONS:
        raise RoomError(f"a season is {' or '.join(map(str, SEASONS))} months")
    if not season <= months <= 240:
        raise RoomError("a game lasts from one season to 240 months")
    low, high = COUNTDOWN_SECONDS
    if not 0 <= seed < 2**31 or not low <= decide <= high:
        raise RoomError(f"the seed is 0 or more; the countdown {low:g} to {high:g} s")
    return Game(load_scenario(preset), seed=seed, months=months, season=season), decide


async def _receive(ws: WebSocket) -> dict[str, Any]:
    text = await ws.receive_text()
    if len(text) > MAX_MESSAGE:
        raise RoomError("message too large")
    try:
        msg = json.loads(text)
    except ValueError:
        raise RoomError("not JSON") from None
    if not isinstance(msg, dict):
        raise RoomError("not a message")
    return msg


async def _act(
    server: RoomServer, room: Room, msg: dict[str, Any], token: str | None
) -> dict[str, Any]:
    """Carry out one screen's message: a participant's decision or an instructor's command."""
    now = time.monotonic()
    if token is not None:  # a participant: decisions only, for their own role
        room.decide(token, msg.get("decision"), msg.get("option"), role=msg.get("role"))
        return {"type": "ok", "ref": msg.get("ref")}
    do = msg.get("do")
    if do == "start" and room.phase == "lobby":
        room.open_decisions(now)
    elif do == "run":
        if room.phase not in ("lobby", "deciding"):
            raise RoomError(f"cannot run a season while {room.phase}")
        server.start(server.run_season(room), room)
    elif do == "pause":
        room.pause(now)
    elif do == "resume":
        room.resume(now)
    elif do == "extend":
        room.extend(30.0)
    elif do == "shock":
        room.shock(msg.get("kind"))
    elif do == "end":
        room.end()
        server.start(server.finish(room), room)
    else:
        raise RoomError("unknown command")
    return {"type": "ok", "ref": msg.get("ref")}
