"""Starting a workshop room from the dashboard, in Debian's Chromium.

``netsim dashboard --host 0.0.0.0`` serves its rooms on ``--room-port``. A browser on
this computer (localhost) starts a room from the Workshop view and opens its
projector page; a participant joins at the address the projector shows. The same
dashboard opened at this computer's network address connects from a non-loopback
address, as another computer would: it sees why it cannot start a room, and no
instructor's key. The room server itself refuses to open a room or replay a game
for a non-loopback request. Screenshots go to test-artifacts/room/.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_room.served import Dashboard, Served, dashboard_server
from playwright.sync_api import Browser, Page, expect

from netsim.dashboard.room.engine import RoomError
from netsim.dashboard.room.host import RoomHost
from netsim.dashboard.room.server import is_loopback, lan_address

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "room"
TIMEOUT = 90_000  # ms; the machine may be busy
expect.set_options(timeout=TIMEOUT)

LAN = lan_address()
"""This computer's address on its network: a browser using it is not on loopback."""


@pytest.fixture(scope="module")
def dashboard() -> Iterator[Dashboard]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "dashboard-rooms-server.log"
    with dashboard_server("--host", "0.0.0.0", log=log) as d:
        yield d


def workshop(browser: Browser, url: str, preset: str = "workshop_growth") -> Page:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{url}/?view=workshop&preset={preset}")
    expect(page.locator(".netsim-room-starter")).to_be_visible()
    return page


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("192.0.2.7", False),
        ("10.0.0.1", False),
        ("::ffff:192.0.2.7", False),
        ("testclient", False),
        (None, False),
    ],
)
def test_only_this_computers_addresses_are_loopback(host: str | None, local: bool) -> None:
    assert is_loopback(host) is local


def test_a_room_started_from_the_dashboard_is_joined_by_a_participant(
    browser: Browser, dashboard: Dashboard
) -> None:
    page = workshop(browser, dashboard.url, "workshop_trust")  # the room plays the view's preset
    card = page.locator(".netsim-room-starter")
    expect(card).to_contain_text("workshop_trust")
    card.get_by_label("Length (months)").fill("24")
    card.get_by_role("button", name="6", exact=True).click()
    card.screenshot(path=str(ARTIFACTS / "dashboard-start-room-empty.png"))
    card.get_by_role("button", name="Start a room", exact=True).click()
    link = card.locator(".netsim-projector-link")
    expect(link).to_be_visible()
    card.screenshot(path=str(ARTIFACTS / "dashboard-start-room.png"))
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "dashboard-start-room-page.png"))
    href = link.get_attribute("href") or ""
    found = re.fullmatch(rf"http://localhost:{dashboard.room_port}/projector/(\w+)#key=(\S+)", href)
    assert found, href
    code, key = found.groups()
    expect(card.locator(".netsim-room")).to_contain_text(f"Room {code}")

    wall = page.context.new_page()
    wall.goto(href)
    expect(wall.locator("#code")).to_have_text(code)
    expect(wall.locator("#qr svg")).to_be_visible()
    join_url = f"http://{LAN}:{dashboard.room_port}/?code={code}"
    expect(wall.locator("#join-url")).to_have_text(join_url)
    expect(wall.locator("#round")).to_contain_text("of 24")
    expect(wall.locator("#round")).to_contain_text("(6 months each)")
    expect(wall.locator("#phase")).to_have_text("Participants are joining")

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone.set_default_timeout(TIMEOUT)
    mine = phone.new_page()
    mine.goto(join_url)  # the address the QR code holds
    mine.fill("#name", "Ana")
    mine.select_option("#role", "ministry")
    mine.click("#join-button")
    expect(mine.locator("#who")).to_contain_text("Ana")
    expect(wall.locator('[data-role="ministry"]')).to_contain_text("Ana")
    wall.click('[data-do="start"]')
    expect(wall.locator("#phase")).to_have_text("Decide now")
    phone.close()

    # the room is the room server's, not the dashboard's: the Explore view is untouched
    page.get_by_role("button", name="Explore", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Compared:"))).to_be_visible()
    served = Served(f"http://localhost:{dashboard.room_port}", code, key)
    status, info = served.get(f"/api/{code}")
    assert status == 200
    assert info["preset"] == "Workshop: trust and ties"
    page.context.close()


def test_another_computer_sees_why_it_cannot_start_a_room(
    browser: Browser, dashboard: Dashboard
) -> None:
    assert not is_loopback(LAN), "this computer has no network address to test from"
    page = workshop(browser, dashboard.url.replace("localhost", LAN))
    card = page.locator(".netsim-room-starter")
    expect(card.locator(".netsim-room-refused")).to_contain_text(
        "Rooms are started on the instructor's computer only"
    )
    expect(card).to_contain_text(f"this browser connects from {LAN}")
    expect(card.get_by_role("button", name="Start a room")).to_have_count(0)
    card.screenshot(path=str(ARTIFACTS / "dashboard-start-room-remote.png"))
    assert "#key=" not in page.content()
    page.context.close()


def test_the_room_server_refuses_a_request_from_another_computer(
    browser: Browser, dashboard: Dashboard
) -> None:
    assert not is_loopback(LAN), "this computer has no network address to test from"
    page = workshop(browser, dashboard.url)  # "Replay a downloaded game" starts the room server
    page.get_by_role("button", name="Replay a downloaded game").click()
    replay_link = page.locator(".netsim-replay-link")
    expect(replay_link).to_have_attribute("href", f"http://localhost:{dashboard.room_port}/new")
    page.context.close()
    remote = Served(f"http://{LAN}:{dashboard.room_port}", "", "")
    local = Served(f"http://localhost:{dashboard.room_port}", "", "")
    form = {"preset": "workshop_growth", "months": 24, "season": 12}
    assert local.get("/new")[0] == 200
    status, answer = remote.post("/api/rooms", form)
    assert (status, answer) == (403, {"error": "rooms are opened on the instructor's computer"})
    status, answer = remote.post("/api/replays", b"{}")
    assert (status, answer) == (403, {"error": "rooms are opened on the instructor's computer"})
    assert remote.get("/new")[0] == 403
    assert remote.get("/api/roles")[0] == 200  # participants on the network still join


def test_a_taken_room_port_is_reported_not_hidden() -> None:
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        host = RoomHost("localhost", port)
        with pytest.raises(RoomError, match=f"cannot serve rooms on port {port}"):
            host.open({"preset": "workshop_growth", "months": 12, "season": 6})
        assert not host.running


def test_a_dashboard_on_localhost_says_phones_cannot_join(browser: Browser) -> None:
    log = ARTIFACTS / "dashboard-rooms-local-server.log"
    with dashboard_server(log=log) as local:
        page = workshop(browser, local.url)
        card = page.locator(".netsim-room-starter")
        expect(card.locator(".netsim-room-local-only")).to_contain_text(
            "netsim dashboard --host 0.0.0.0"
        )
        card.get_by_role("button", name="Start a room", exact=True).click()
        expect(card.locator(".netsim-room")).to_contain_text(
            f"http://localhost:{local.room_port}/?code="
        )
        page.context.close()
