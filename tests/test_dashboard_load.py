"""The dashboard under a room's load, in Chromium: session cap, closed tabs freed, upload limits.

One `netsim dashboard` server with small limits (3 sessions, sessions freed 3 s after
their tab is gone, 4 KiB uploads) serves every test here; the server's own
``/resourcez`` counts its sessions (Solara's kernels) and psutil reads its memory
and threads. ``benchmarks/bench_dashboard_load.py`` is the same path with 20 tabs.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator

import psutil
import pytest
from playwright.sync_api import Browser, expect
from test_dashboard import Session, serve
from test_dashboard import browser as browser  # the fixture

from netsim.dashboard.sessions import TRIM_AFTER_S
from netsim.evaluate.budget import Limits, cost, memory_mib, run_problem, upload_problem
from netsim.io.scenarios import load_scenario

CAP = 3
CULL_S = 3
OPTIONS = ("--max-sessions", str(CAP), "--cull-after", str(CULL_S), "--upload-limit", "4")
FREED_WITHIN_S = 30  # the cull time, then Solara's check and close, on a busy machine
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def room() -> Iterator[tuple[str, int]]:
    """`netsim dashboard` with a room's limits set small: its address and process id."""
    with serve(*OPTIONS, log_name="dashboard-load-server.log") as (url, pid):
        yield url, pid


def _kernels(url: str) -> int:
    with urllib.request.urlopen(url + "/resourcez", timeout=10) as answer:
        return int(json.load(answer)["kernels"]["total"])


def _wait_kernels(url: str, n: int, within: float = FREED_WITHIN_S) -> float:
    """Wait until the server holds ``n`` sessions or fewer; return the seconds it took."""
    start = time.monotonic()
    while _kernels(url) > n:
        assert time.monotonic() - start < within, f"{_kernels(url)} sessions after {within} s"
        time.sleep(0.5)
    return time.monotonic() - start


def _workshop_step(s: Session, beacon: bool = True) -> float:
    """Open the workshop, take one step; the seconds from the click to the month on screen.

    ``beacon=False``: the page will not tell the server when it closes (as a lost connection).
    """
    page = s.open(
        "?view=workshop&preset=workshop_growth" + ("" if beacon else "&solara-no-close-beacon")
    )
    month = page.locator(".netsim-month")
    expect(month).to_have_text("Month 0 of 120")
    start = time.monotonic()
    page.get_by_role("button", name="One step", exact=True).click()
    expect(month).to_have_text("Month 1 of 120")
    return time.monotonic() - start


def test_an_upload_over_the_size_limit_is_refused_with_a_message(browser: Browser, room) -> None:
    url, _ = room
    _wait_kernels(url, CAP - 1)
    s = Session(browser, url)
    try:
        page = s.open("?a=top_down&b=bottom_up&reps=1&months=6")
        text = b'extends = "hybrid"\ntitle = "t"\nsummary = "s"\n' + b"# padding\n" * 1000
        page.locator(".netsim-upload input[type=file]").set_input_files(
            files=[{"name": "large.toml", "mimeType": "application/toml", "buffer": text}]
        )
        expect(page.locator(".netsim-error")).to_contain_text(
            "large.toml: the file is 10 KiB, over the 4 KiB this server accepts"
        )
        assert page.get_by_text("upload: large").count() == 0
        # a small file whose run is too large: refused before any run
        big = (
            b'extends = "hybrid"\ntitle = "t"\nsummary = "s"\n[population]\nn_teachers = 5000000\n'
        )
        page.locator(".netsim-upload input[type=file]").set_input_files(
            files=[{"name": "huge.toml", "mimeType": "application/toml", "buffer": big}]
        )
        expect(page.locator(".netsim-error")).to_contain_text(
            "huge.toml: refused before running. Too large for this server"
        )
        assert page.get_by_text("upload: huge").count() == 0
        expect(
            page.get_by_text(re.compile(r"^Compared: A: top_down, B: bottom_up"))
        ).to_be_visible()
    finally:
        s.close()


def _round(
    browser: Browser, url: str, server: psutil.Process, *, full: bool = False
) -> tuple[float, list[float]]:
    """Three tabs: two workshops take a step, one starts a long comparison; all closed.

    With ``full``, a fourth tab finds the room full, then gets in once a tab is closed
    without its close message (a lost connection), freed by the cull time.
    Returns the server's memory while the three were open (MiB) and the step times (s).
    """
    tabs = [Session(browser, url) for _ in range(CAP)]
    extra = Session(browser, url)
    try:
        steps = [_workshop_step(tabs[0], beacon=not full), _workshop_step(tabs[1])]
        explore = tabs[2].open("?a=top_down&b=bottom_up&reps=20&months=120")
        expect(explore.get_by_text(re.compile(r"^Running replications"))).to_be_visible()
        during = server.memory_info().rss / MIB
        if full:
            extra.page.goto(url + "/")
            full_page = extra.page.get_by_role("heading", name="The room is full")
            expect(full_page).to_be_visible()
            expect(extra.page.get_by_text(f"already serves {CAP} browser sessions")).to_be_visible()
            assert extra.page.get_by_text("netsim: PD networks for STEM teachers").count() == 0
            assert _kernels(url) == CAP + 1
            # the tab's close message never arrives: its session goes after the cull time
            tabs.pop(0).close()
            took = _wait_kernels(url, CAP)
            assert CULL_S - 1 < took < FREED_WITHIN_S, took
            _workshop_step(extra)  # its place is free
    finally:
        for s in [*tabs, extra]:
            s.close()
    _wait_kernels(url, 0)  # closed with their close message: at once
    return during, steps


def _settled(server: psutil.Process, threads: int = 10**6) -> tuple[float, int, float]:
    """Memory (MiB), threads and CPU % once the threads are down to ``threads`` (20 s at most)."""
    deadline = time.monotonic() + 20  # a replication in flight finishes, then its thread ends
    while server.num_threads() > threads and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(TRIM_AFTER_S + 1)  # the server gives free memory back after a session closes
    cpu = server.cpu_percent(interval=1)
    return server.memory_info().rss / MIB, server.num_threads(), cpu


def test_a_full_room_and_closed_tabs_give_back_memory_and_threads(browser: Browser, room) -> None:
    """Two rounds of a full room: the second leaves the server as the first left it."""
    url, pid = room
    server = psutil.Process(pid)
    _wait_kernels(url, 0)
    start = server.memory_info().rss / MIB
    # the first round also imports and warms up; both rounds are alike (the full room's
    # fourth tab included), so thread pools that grow on demand and keep their threads
    # are grown by the first (seen under load: 14 -> 15 threads after a lighter first round)
    during1, _ = _round(browser, url, server, full=True)
    base, threads, _ = _settled(server)
    during2, steps = _round(browser, url, server, full=True)
    after, threads_after, cpu = _settled(server, threads)
    print(
        f"RSS MiB: start {start:.0f}, round 1 {during1:.0f} -> {base:.0f}, "
        f"round 2 {during2:.0f} -> {after:.0f}; threads {threads} -> {threads_after}; "
        f"cpu {cpu:.0f} %; steps {[round(s, 2) for s in steps]} s"
    )
    # the threads of closed sessions ended with them: a round opens four sessions (two
    # workshops, one comparison, the fourth tab's workshop), so a thread kept per session
    # would add four; thread pools that grow on demand may keep one or two more when the
    # second round meets more load than the first (seen in a fresh-clone CI: 13 -> 15)
    assert threads_after <= threads + 2
    assert cpu < 50  # and nothing of a closed session runs on (a replication: 100 %)
    assert after < base + 40, (base, during2, after)  # measured: +4 to +28 MiB


def test_run_cost_and_memory_are_estimated_before_running() -> None:
    limits = Limits()
    hybrid = load_scenario("hybrid")  # 20 000 teachers, 120 months
    assert cost([hybrid], 10) == 20_000 * 120 * 10
    assert run_problem([hybrid, hybrid, hybrid], 20, limits) == ""  # the largest page default
    huge, _ = hybrid.with_months(120)
    huge = huge.__class__(**{**huge.__dict__, "params": {**huge.params, "n_teachers": 5_000_000}})
    assert memory_mib([huge], 1) > limits.session_mib
    assert "Too large for this server" in run_problem([huge], 1, limits)
    long = Limits(max_cost=1_000_000)
    assert "Too long to run here: 2 400 000 teacher-months" in run_problem([hybrid], 1, long)
    assert upload_problem("a.toml", 256 * 1024, limits) == ""
    assert "over the 256 KiB" in upload_problem("a.toml", 50 * MIB, limits)
    for name in ("uk_stem_learning", "italy_anisn", "france_maisons"):  # the largest shipped
        assert run_problem([load_scenario(name)] * 3, 20, limits) == "", name
