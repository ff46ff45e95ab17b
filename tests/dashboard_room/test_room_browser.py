"""A short workshop game in Debian's Chromium: an instructor and four participants.

One browser context is the projector; four are phones, each a different role.
They join, decide, the instructor applies a shock and runs a season, one phone
reloads and keeps its role, another loses its connection during a season and
reconnects by itself, the instructor ends the game and every screen shows
the debrief. A hostile name is refused without any script running, and no
request leaves this machine. Screenshots go to test-artifacts/room/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from dashboard_room.served import Served, room_server
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    WebSocketRoute,
    expect,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "room"
TIMEOUT = 90_000  # ms; the machine may be busy
PHONE = {"width": 390, "height": 844}
PLAYERS = {"Ana": "ministry", "Ben": "principal", "Chloé": "teachers", "Dev": "company"}
expect.set_options(timeout=TIMEOUT)


class Screen:
    """One browser context and page; records requests and any dialog a script opens."""

    def __init__(self, browser: Browser, served: Served, *, phone: bool) -> None:
        self.context: BrowserContext = browser.new_context(
            viewport=PHONE if phone else {"width": 1500, "height": 1000}
        )
        self.context.set_default_timeout(TIMEOUT)
        self.page: Page = self.context.new_page()
        self.served = served
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def outside(self) -> list[str]:
        local = (self.served.url, self.served.url.replace("http", "ws"), "data:", "blob:")
        return [u for u in self.requests if not u.startswith(local)]


def join(screen: Screen, name: str, role: str) -> Page:
    page = screen.page
    page.goto(f"{screen.served.url}/?code={screen.served.code}")
    page.fill("#name", name)
    page.select_option("#role", role)
    page.click("#join-button")
    expect(page.locator("#who")).to_contain_text(name)
    return page


def choose(page: Page, decision: str, option: str) -> None:
    button = page.locator(f'[data-decision="{decision}"] [data-option="{option}"]')
    button.click()
    expect(button).to_have_class("option chosen")


def test_a_short_game_with_an_instructor_and_four_roles(browser: Browser) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    options = ("--months", "24", "--season", "6", "--decide-seconds", "600", "--seed", "2")
    with room_server(*options) as served:
        screens: list[Screen] = []
        try:
            play(browser, served, screens)
        finally:
            for s in screens:
                s.context.close()
        outside = [u for s in screens for u in s.outside()]
        assert not outside, f"requests left this machine: {outside[:5]}"
        assert not [d for s in screens for d in s.dialogs], "a script ran from a name"


def play(browser: Browser, served: Served, screens: list[Screen]) -> None:
    projector = Screen(browser, served, phone=False)
    screens.append(projector)
    wall = projector.page
    wall.goto(f"{served.url}/projector/{served.code}#key={served.key}")
    expect(wall.locator("#code")).to_have_text(served.code)
    expect(wall.locator("#qr svg")).to_be_visible()
    expect(wall.locator("#join-url")).to_have_text(f"{served.url}/?code={served.code}")
    expect(wall.locator("#phase")).to_have_text("Participants are joining")

    # a hostile name is refused, and nothing of it runs
    hostile = Screen(browser, served, phone=True)
    screens.append(hostile)
    hostile.page.goto(f"{served.url}/?code={served.code}")
    hostile.page.fill("#name", "<img src=x onerror=alert(1)>")
    hostile.page.click("#join-button")
    expect(hostile.page.locator("#join-error")).to_contain_text("a name has only")

    phones: dict[str, Page] = {}
    for name, role in PLAYERS.items():
        screen = Screen(browser, served, phone=True)
        screens.append(screen)
        phones[role] = join(screen, name, role)
    for name, role in PLAYERS.items():
        expect(wall.locator(f'[data-role="{role}"]')).to_contain_text(name)
    expect(wall.locator("#roster")).not_to_contain_text("<img")

    wall.click('button[data-do="start"]')
    for page in phones.values():
        expect(page.locator("#phase")).to_have_text("Decide now")
        expect(page.locator("#countdown")).to_have_text(re.compile(r"^\d+ s$"))
    choose(phones["ministry"], "mandate", "strong")
    choose(phones["principal"], "release", "much")
    choose(phones["teachers"], "found", "yes")
    choose(phones["company"], "equipment", "yes")
    expect(wall.locator('[data-role="ministry"]')).to_have_class("decided")
    phones["ministry"].screenshot(path=str(ARTIFACTS / "role_ministry.png"), full_page=True)
    phones["teachers"].screenshot(path=str(ARTIFACTS / "role_teachers.png"), full_page=True)

    # a shock, then the season: every phone shows month 6
    wall.select_option("#shock", "funding_cut")
    wall.click("#shock-button")
    expect(wall.locator("#queued")).to_contain_text("funding cut")
    start = time.perf_counter()
    wall.click('button[data-do="run"]')
    for page in phones.values():
        expect(page.locator("#month")).to_contain_text("Month 6 of 24")
    season_s = time.perf_counter() - start
    print(f"a 6-month season reached 4 phones and the projector in {season_s:.1f} s")
    expect(wall.locator(".netsim-month")).to_have_text("Month 6 of 24")
    expect(phones["company"].locator("#log")).to_contain_text("public PD money is cut")

    # a role that does not decide keeps its last choice; a reload rejoins the same role
    ministry = phones["ministry"]
    ministry.reload()
    expect(ministry.locator("#who")).to_contain_text("Ana: The ministry")
    button = ministry.locator('[data-decision="mandate"] [data-option="strong"]')
    expect(button).to_have_class("option chosen")
    choose(ministry, "mandate", "none")

    # pause and extend, then end: the debrief on every screen
    wall.click('button[data-do="pause"]')
    expect(wall.locator("#phase")).to_have_text("Paused")
    wall.click('button[data-do="extend"]')
    wall.click('button[data-do="resume"]')
    expect(wall.locator("#phase")).to_have_text("Decide now")
    # a phone whose connection drops while the season runs reconnects by itself, as the
    # same role, and catches up (its websocket goes through a route the test can cut)
    principal = phones["principal"]
    routes: list[WebSocketRoute] = []

    def through(route: WebSocketRoute) -> None:
        route.connect_to_server()
        routes.append(route)

    principal.route_web_socket(re.compile(r"/ws/"), through)
    principal.reload()
    expect(principal.locator("#month")).to_contain_text("Month 6 of 24")
    assert len(routes) == 1
    routes[0].close(code=1001, reason="the network dropped")
    wall.click('button[data-do="run"]')
    expect(wall.locator(".netsim-month")).to_have_text("Month 12 of 24")
    expect(principal.locator("#month")).to_contain_text("Month 12 of 24")
    expect(principal.locator("#who")).to_contain_text("Ben: A school principal")
    assert len(routes) == 2, "the phone did not reconnect after the drop"
    expect(principal.locator("#who")).to_contain_text("A school principal")
    wall.screenshot(path=str(ARTIFACTS / "projector.png"), full_page=True)
    wall.click('button[data-do="end"]')
    expect(wall.locator("#debrief")).to_be_visible()
    expect(wall.locator("#phase")).to_have_text("The game is over")  # played, not replayed
    expect(wall.locator("#controls")).to_be_hidden()
    expect(wall.locator("#finals")).to_contain_text("no decisions")
    expect(wall.locator("#finals")).to_contain_text("top_down")
    expect(wall.locator("#debrief-0 .main-svg").first).to_be_visible()
    expect(wall.locator("#questions")).to_contain_text("Things to notice")
    for page in phones.values():
        expect(page.locator("#debrief")).to_be_visible()
        expect(page.locator("#phase")).to_have_text("The game is over: debrief")
    wall.screenshot(path=str(ARTIFACTS / "debrief.png"), full_page=True)
    href = wall.locator("#download").get_attribute("href") or ""
    download = projector.context.request.get(served.url + href)
    game = download.json()["game"]
    assert [e["actor"] for e in game["log"]] == [
        "ministry",
        "principal",
        "teachers",
        "company",
        "instructor",
        "ministry",
    ]
    assert game["months"] == 12
