"""A workshop room against one dashboard server: 20 browser tabs, memory and step time.

Starts ``netsim dashboard`` on a free port and opens ``--contexts`` browser contexts
(each its own session, as 20 laptops would be) in Debian's Chromium, headless,
driven by Playwright as the tests do. Every tab opens the workshop view and plays
``workshop_growth`` at 4 months per second; ``--explore`` of them also start a
comparison in the Explore view. It records the server's resident memory (psutil)
before, while the tabs play and after they are closed and the cull time has
passed, the time each tab takes to load, and the time from "One step" to the new
month on screen in a few tabs (``--steps``, opened last and left at month 0) while
the others play. Sessions are counted by the
server's own ``/resourcez``.

Usage::

    .venv/bin/python benchmarks/bench_dashboard_load.py
    .venv/bin/python benchmarks/bench_dashboard_load.py --contexts 5 --play-seconds 10

Exit status: 0 whatever the figures (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("NETSIM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WORKSHOP = "/?view=workshop&preset=workshop_growth"
EXPLORE = "/?a=top_down&b=bottom_up&reps=5&months=120"
TIMEOUT_MS = 300_000
MIB = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return int(s.getsockname()[1])


def _kernels(url: str) -> int:
    with urllib.request.urlopen(url + "/resourcez", timeout=30) as answer:
        return int(json.load(answer)["kernels"]["total"])


def _month(page: Page) -> int:
    return int(page.locator(".netsim-month").inner_text().split()[1])


def _open_workshop(context: BrowserContext, url: str) -> tuple[Page, float]:
    page = context.new_page()
    start = time.monotonic()
    page.goto(url + WORKSHOP)
    page.locator(".netsim-month").filter(has_text="Month 0 of").wait_for()
    return page, time.monotonic() - start


def _step_time(page: Page) -> float:
    """Pause, then the seconds from clicking "One step" to the next month on screen."""
    pause = page.get_by_role("button", name="Pause", exact=True)
    if pause.count():
        pause.click()
    page.get_by_role("button", name="One step", exact=True).wait_for()
    page.wait_for_timeout(500)  # a month already on its way lands
    month = _month(page)
    start = time.monotonic()
    page.get_by_role("button", name="One step", exact=True).click()
    page.locator(".netsim-month").filter(has_text=f"Month {month + 1} of").wait_for()
    return time.monotonic() - start


class Server:
    """`netsim dashboard` as a child process; its memory and threads through psutil."""

    def __init__(self, cull_s: float, max_sessions: int) -> None:
        port = _free_port()
        self.url = f"http://localhost:{port}"
        cmd = [sys.executable, "-m", "netsim", "dashboard", "--port", str(port)]
        cmd += ["--cull-after", str(cull_s), "--max-sessions", str(max_sessions)]
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        self.ps = psutil.Process(self.proc.pid)  # `netsim dashboard` becomes the server
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise SystemExit("the dashboard server did not start") from None
                time.sleep(0.5)

    def mib(self) -> float:
        return self.ps.memory_info().rss / MIB

    def threads(self) -> int:
        return self.ps.num_threads()

    def wait_sessions(self, n: int, within: float) -> float:
        start = time.monotonic()
        while _kernels(self.url) > n and time.monotonic() - start < within:
            time.sleep(0.5)
        return time.monotonic() - start

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=int, default=20, help="browser sessions (tabs)")
    parser.add_argument("--explore", type=int, default=2, help="of them, also run a comparison")
    parser.add_argument("--play-seconds", type=float, default=20.0)
    parser.add_argument("--steps", type=int, default=5, help="tabs whose step time is taken")
    parser.add_argument("--cull", type=float, default=10.0, help="--cull-after of the server (s)")
    args = parser.parse_args()

    server = Server(args.cull, max_sessions=args.contexts + 5)
    figures: dict[str, object] = {"cold_mib": round(server.mib())}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            # one session first, closed: what every server has imported after its first visitor
            warm = browser.new_context()
            warm.set_default_timeout(TIMEOUT_MS)
            _open_workshop(warm, server.url)
            warm.close()
            server.wait_sessions(0, 60)
            time.sleep(3)
            before, threads_before = server.mib(), server.threads()
            contexts, pages, loads = [], [], []
            for i in range(args.contexts):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.set_default_timeout(TIMEOUT_MS)
                page, took = _open_workshop(context, server.url)
                if i < args.contexts - args.steps:  # (the step-timed tabs wait at month 0:
                    # a tab playing from the first load would reach the run's end)
                    page.get_by_role("button", name="Play", exact=True).click()
                contexts.append(context)
                pages.append(page)
                loads.append(took)
            for page in pages[: args.explore]:  # a comparison beside the workshop
                page.get_by_role("button", name="Explore", exact=True).click()
                page.goto(server.url + EXPLORE)
                page.get_by_text("Running replications").first.wait_for()
            sessions = _kernels(server.url)
            samples = []
            end = time.monotonic() + args.play_seconds
            while time.monotonic() < end:
                samples.append(server.mib())
                time.sleep(0.5)
            months = [_month(p) for p in pages[args.explore : -args.steps]]
            steps = [_step_time(p) for p in pages[-args.steps :]]
            during_peak = max([*samples, server.mib()])
            threads_during = server.threads()
            start = time.monotonic()
            for context in contexts:
                context.close()
            gone = server.wait_sessions(0, 120)
            closed_at = time.monotonic() - start
            time.sleep(args.cull + 3)  # the cull time passes; free memory goes back
            after, threads_after = server.mib(), server.threads()
            browser.close()
        median = statistics.median(loads)
        figures |= {
            "contexts": args.contexts,
            "explore": args.explore,
            "sessions_open": sessions,
            "before_mib": round(before),
            "during_peak_mib": round(during_peak),
            "during_median_mib": round(statistics.median(samples)),
            "after_mib": round(after),
            "threads": f"{threads_before} -> {threads_during} -> {threads_after}",
            "load_s_first_median_last": [round(x, 1) for x in (loads[0], median, loads[-1])],
            "step_s_median_max": [round(statistics.median(steps), 2), round(max(steps), 2)],
            "months_reached_min_max": [min(months), max(months)],
            "sessions_gone_s": round(gone, 1),
            "close_all_s": round(closed_at, 1),
            "sessions_left": _kernels(server.url),
        }
    finally:
        server.stop()
    print(f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for key, value in figures.items():
        print(f"{key:>26}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
