"""Months the workshop view draws per second in a real browser, at each speed.

Starts ``netsim dashboard`` on a free port, opens the workshop view in Debian's
Chromium (headless, driven by Playwright, as the tests do), sets the speed slider,
presses Play and counts the months that reach the screen over a few seconds (the
frame script marks each frame it has drawn). The run is paced by the browser: the
next month is asked for only once the previous frame is on screen, so the figure is
what the room sees, never months computed ahead.

Usage::

    .venv/bin/python benchmarks/bench_dashboard_pacing.py
    .venv/bin/python benchmarks/bench_dashboard_pacing.py --speeds 4 10 --seconds 8
    .venv/bin/python benchmarks/bench_dashboard_pacing.py --presets workshop_growth

Exit status: 0 whatever the figures (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("NETSIM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PRESETS = ("workshop_growth", "uk_stem_learning")
"""1 500 teachers drawn one by one; 60 000 teachers in 45 regions, drawn by region."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return int(s.getsockname()[1])


def _shown(page: Page) -> int:
    return int(page.evaluate("() => document.querySelector('.netsim-live').dataset.shown"))


def measure(page: Page, server: str, preset: str, speed: int, seconds: float) -> dict[str, float]:
    """Months drawn per second at ``speed``, and the median draw time in the browser."""
    page.goto(f"{server}/?view=workshop&preset={preset}")
    page.locator(".netsim-month").filter(has_text="Month 0 of").wait_for(timeout=120_000)
    slider = page.locator(".v-input").filter(has_text="Speed:").get_by_role("slider")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(speed - 1):
        page.keyboard.press("ArrowRight")
    page.get_by_text(f"Speed: {speed} months per second").wait_for()
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        "() => parseInt(document.querySelector('.netsim-live').dataset.shown) >= 2"
    )
    first, start = _shown(page), time.monotonic()
    draws = []
    while time.monotonic() - start < seconds:
        page.wait_for_timeout(200)
        draws.append(float(page.evaluate(
            "() => { const d = document.querySelector('.netsim-live').dataset;"
            " return Number(d.drawMs) + Number(d.paintMs); }"
        )))  # fmt: skip
    last, elapsed = _shown(page), time.monotonic() - start
    page.get_by_role("button", name="Pause", exact=True).click()
    draws.sort()
    return {"rate": (last - first) / elapsed, "draw_ms": draws[len(draws) // 2]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presets", nargs="+", default=list(PRESETS))
    parser.add_argument("--speeds", type=int, nargs="+", default=list(range(1, 11)))
    parser.add_argument("--seconds", type=float, default=6.0, help="measured per speed")
    args = parser.parse_args()
    port = _free_port()
    server = f"http://localhost:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "netsim", "dashboard", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(server + "/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    print("the dashboard did not start within 120 s", file=sys.stderr)
                    return 1
                time.sleep(0.5)
        print(f"months drawn per second on screen (headless Chromium, {args.seconds:g} s each)")
        print(f"{'preset':>18} {'speed':>6} {'drawn/s':>8} {'of asked':>9} {'draw+paint ms':>14}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            for preset in args.presets:
                for speed in args.speeds:
                    r = measure(page, server, preset, speed, args.seconds)
                    print(
                        f"{preset:>18} {speed:>6} {r['rate']:>8.2f} {r['rate'] / speed:>8.0%}"
                        f" {r['draw_ms']:>14.1f}",
                        flush=True,
                    )
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
