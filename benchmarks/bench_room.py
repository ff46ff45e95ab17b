"""A workshop room with 30 real websocket clients: how fast a round's results reach them.

Starts ``netsim workshop`` (what ``netsim workshop`` runs) on a free
port, seats ``--clients`` participants over HTTP (roles dealt in turn), opens one
websocket per participant plus the projector's, and plays ``--rounds`` seasons. In
each decision pause every participant sends one decision; then the instructor's
"run the season now" is sent and the clock runs until every participant's screen
has received the state of the new month. The debrief (four runs of the country)
is timed too.

Usage::

    .venv/bin/python benchmarks/bench_room.py                  # 30 clients, 5 seasons of 12 months
    .venv/bin/python benchmarks/bench_room.py --clients 60 --season 6 --rounds 4

Reported per round: **season s** (run sent -> first screen updated: the model's
season plus drawing the projector's frame), **all s** (run sent -> the last of the
clients updated), **projector s** (run sent -> the projector's new network
picture and charts received), **spread ms** (first -> last screen) and **decide ms** (the
slowest acknowledgement of the clients' decisions). Exit status 0 whatever the figures;
1 with ``--check`` when a round's **all s** exceeds ``--target`` (2 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from typing import Any

import websockets

ROLES = ("ministry", "authority", "director", "principal", "company", "teachers", "university")
DECISION = {
    "ministry": ("mandate", ("light", "none")),
    "authority": ("events", ("often", "yearly")),
    "director": ("steering", ("full", "some")),
    "principal": ("release", ("much", "some")),
    "company": ("outreach", ("much", "some")),
    "teachers": ("colleagues", ("many", "some")),
    "university": ("online", ("all", "some")),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return int(s.getsockname()[1])


def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=60) as answer:
        return dict(json.loads(answer.read()))


async def until(ws: Any, test: Any) -> dict[str, Any]:
    while True:
        msg = json.loads(await ws.recv())
        if test(msg):
            return dict(msg)


async def decide(ws: Any, role: str, r: int, start: float) -> float:
    """Send one decision for ``role``; return the seconds until it is acknowledged."""
    decision, options = DECISION[role]
    await ws.send(json.dumps({"decision": decision, "option": options[r % 2]}))
    await until(ws, lambda m: m.get("type") in ("ok", "error"))
    return time.perf_counter() - start


async def updated(ws: Any, target: int, sent: float) -> float:
    """Seconds from ``sent`` until a participant's screen shows month ``target``."""
    await until(ws, lambda m: m.get("month") == target and m.get("phase") != "running")
    return time.perf_counter() - sent


async def drawn(ws: Any, target: int, sent: float) -> float:
    """Seconds from ``sent`` until the projector holds the frame of month ``target``."""
    await until(ws, lambda m: (m.get("frame") or {}).get("month") == target)
    return time.perf_counter() - sent


async def play(base: str, code: str, key: str, a: argparse.Namespace) -> list[dict[str, float]]:
    ws_url = base.replace("http", "ws") + f"/ws/{code}"
    seats = [
        post(f"{base}/api/{code}/join", {"name": f"P{k}", "role": ROLES[k % len(ROLES)]})
        for k in range(a.clients)
    ]
    projector = await websockets.connect(ws_url, max_size=None)
    await projector.send(json.dumps({"as": "instructor", "key": key}))
    await until(projector, lambda m: m.get("type") == "state")
    clients = []
    for seat in seats:
        ws = await websockets.connect(ws_url, max_size=None)
        await ws.send(json.dumps({"key": seat["token"]}))
        await until(ws, lambda m: m.get("type") == "state")
        clients.append(ws)
    await projector.send(json.dumps({"do": "start"}))
    await asyncio.gather(*(until(ws, lambda m: m.get("phase") == "deciding") for ws in clients))
    rows = []
    month = 0
    for r in range(a.rounds):
        start = time.perf_counter()
        pairs = zip(clients, seats, strict=True)
        decided = await asyncio.gather(*(decide(ws, s["role"], r, start) for ws, s in pairs))
        target = month + a.season
        sent = time.perf_counter()
        await projector.send(json.dumps({"do": "run"}))
        wall, *times = await asyncio.gather(
            drawn(projector, target, sent), *(updated(ws, target, sent) for ws in clients)
        )
        month = target
        rows.append(
            {
                "round": r + 1,
                "month": month,
                "season_s": min(times),
                "all_s": max(times),
                "projector_s": wall,
                "spread_ms": 1000 * (max(times) - min(times)),
                "median_s": statistics.median(times),
                "decide_ms": 1000 * max(decided),
            }
        )
    start = time.perf_counter()
    await projector.send(json.dumps({"do": "end"}))
    await until(projector, lambda m: m.get("debrief_ready"))
    rows.append({"round": 0, "debrief_s": time.perf_counter() - start})
    for ws in [*clients, projector]:
        await ws.close()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--season", type=int, default=12, choices=(6, 12))
    ap.add_argument("--preset", default="workshop_growth")
    ap.add_argument("--target", type=float, default=2.0)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    port = free_port()
    months = a.season * (a.rounds + 1)
    command = [sys.executable, "-m", "netsim", "workshop", "--port", str(port)]
    command += ["--preset", a.preset, "--season", str(a.season), "--months", str(months)]
    command += ["--decide-seconds", "3600"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first, second = server.stdout.readline(), server.stdout.readline()
        code = re.search(r"room (\w+):", first)
        key = re.search(r"#key=(\S+)", second)
        if not code or not key:
            print(f"the server did not start: {first}{second}", file=sys.stderr)
            return 2
        base = f"http://localhost:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/roles", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        rows = asyncio.run(play(base, code.group(1), key.group(1), a))
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()
    print(
        f"{a.clients} clients + projector, preset {a.preset}, seasons of {a.season} months; "
        f"{os.cpu_count()} cores, load average {load[0]:.1f} at the end"
    )
    print("| round | month | season s | all s | median s | spread ms | projector s | decide ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    rounds = [r for r in rows if r["round"]]
    for r in rounds:
        print(
            f"| {r['round']:.0f} | {r['month']:.0f} | {r['season_s']:.2f} | {r['all_s']:.2f} | "
            f"{r['median_s']:.2f} | {r['spread_ms']:.0f} | {r['projector_s']:.2f} | "
            f"{r['decide_ms']:.0f} |"
        )
    last = months - a.season
    print(f"debrief (4 runs of the country, to month {last}): {rows[-1]['debrief_s']:.1f} s")
    worst = max(max(r["all_s"], r["projector_s"]) for r in rounds)
    print(f"slowest round to reach every screen: {worst:.2f} s (target {a.target:g} s)")
    return 1 if a.check and worst > a.target else 0


if __name__ == "__main__":
    sys.exit(main())
