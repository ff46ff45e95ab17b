"""The workshop room's engine: deterministic rounds, replay, roles, tokens, hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from netsim.core.params import PARAMETERS
from netsim.dashboard.room.engine import (
    NAME_MAX,
    SEATS_PER_DEVICE,
    Game,
    Room,
    RoomError,
    Rooms,
    clean_name,
    debrief,
    replay,
)
from netsim.dashboard.room.roles import (
    BEHAVIOURS,
    KEEP,
    ROLES,
    check_roles,
    role_sheet,
    roles_markdown,
)
from netsim.io.scenarios import load_scenario

PRESET = load_scenario("workshop_growth")
MONTHS, SEASON = 18, 6


def small_game(seed: int = 3) -> Game:
    return Game(PRESET, seed=seed, months=MONTHS, season=SEASON)


def play(game: Game) -> Game:
    """A short game: decisions before the first and second seasons, a shock before the third."""
    game.decide("ministry", "mandate", "strong")
    game.decide("teachers", "found", "yes")
    game.decide("director", "recruit", "university")
    game.play_season()
    game.decide("principal", "release", "much")
    game.decide("ministry", "mandate", "none")
    game.play_season()
    game.shock("funding_cut")
    game.decide("company", "equipment", "yes")
    game.play_season()
    return game


def test_roles_map_onto_real_levers_and_events() -> None:
    check_roles()
    assert len(ROLES) == 7
    for role in ROLES.values():
        sheet = role_sheet(role)
        assert 2 <= len(sheet["decisions"]) <= 4
        assert sheet["what"]
        assert sheet["notice"]
        assert sheet["try"]
        for d in role.decisions.values():
            for o in d.options.values():
                assert all(PARAMETERS[n].group == "lever" or n in BEHAVIOURS for n in o.params)


def test_same_seed_same_game() -> None:
    a, b = play(small_game()), play(small_game())
    pd.testing.assert_frame_equal(a.results(), b.results())
    assert a.log == b.log
    assert a.month == MONTHS
    assert a.finished


def test_decisions_land_in_the_model() -> None:
    game = small_game()
    game.decide("ministry", "mandate", "strong")
    game.decide("ministry", "split", "central")
    assert game.chosen("ministry", "mandate") == "strong"
    game.play_season()
    assert game.model.p["mandate_strength"] == 0.4
    assert game.model.ministry.mandate == 0.4
    assert game.model.ministry.central_share == 0.8
    assert [e.month for e in game.log] == [0, 0]
    # a role that does not decide keeps its last choice
    game.play_season()
    assert game.model.p["mandate_strength"] == 0.4
    assert game.chosen("ministry", "mandate") == "strong"


def test_decisions_change_the_story() -> None:
    played = play(small_game()).results()
    plain = small_game()
    plain.play_to_end()
    assert not played.equals(plain.results())


def test_replay_from_the_downloaded_log_equals_the_live_game() -> None:
    live = play(small_game())
    record = json.loads(json.dumps(live.record()))  # as downloaded
    again = replay(record)
    pd.testing.assert_frame_equal(live.results(), again.results())
    assert again.log == live.log


def test_debrief_runs_side_by_side() -> None:
    game = play(small_game())
    runs = debrief(game)
    assert set(runs) == {"room", "no decisions", "top_down", "bottom_up"}
    assert all(len(r) == MONTHS + 1 or len(r) == MONTHS for r in runs.values())
    # the baseline keeps the instructor's shock but none of the room's decisions
    base = replay(game.record(), keep={"instructor"})
    pd.testing.assert_frame_equal(runs["no decisions"], base.results())
    assert not runs["room"].equals(runs["no decisions"])


@pytest.mark.parametrize(
    "name",
    [
        "x" * (NAME_MAX + 1),
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "",
        "   ",
        "a\u0000b",
        "line\nbreak",
        None,
        42,
        ["Ann"],
    ],
)
def test_hostile_names_are_refused(name: object) -> None:
    room = Rooms().open(small_game())
    with pytest.raises(RoomError):
        room.join(name)
    assert not room.seats


def test_good_names_are_kept() -> None:
    assert clean_name("  Zoë O'Brien-Smith ") == "Zoë O'Brien-Smith"
    assert clean_name("Ярослава") == "Ярослава"


def test_roles_are_dealt_evenly_or_picked() -> None:
    room = Rooms().open(small_game())
    seats = [room.join(f"p{k}") for k in range(len(ROLES))]
    assert sorted(s.role for s in seats) == sorted(ROLES)
    assert room.join("late").role == "ministry"
    assert room.join("picky", "university").role == "university"
    with pytest.raises(RoomError):
        room.join("bad", "king")


def test_a_token_acts_only_for_its_own_role() -> None:
    room = Rooms().open(small_game())
    minister = room.join("Minister", "ministry")
    teacher = room.join("Teacher", "teachers")
    before = room.game.pending[:]
    for args in [
        (teacher.token, "mandate", "strong"),  # another role's decision
        (teacher.token, "found", "everything"),  # an answer that does not exist
        ("forged-token", "mandate", "strong"),
        (None, "mandate", "strong"),
        (teacher.token, {"$ne": 1}, "x"),
    ]:
        with pytest.raises(RoomError):
            room.decide(*args)
    with pytest.raises(RoomError):
        room.decide(teacher.token, "mandate", "strong", role="ministry")
    assert room.game.pending == before
    room.decide(minister.token, "mandate", "strong")
    assert room.game.pending == [("ministry", "mandate", "strong")]


def test_a_reload_rejoins_the_same_seat() -> None:
    room = Rooms().open(small_game())
    seat = room.join("Ann", "principal")
    assert room.seat(seat.token) is seat
    assert room.seat(seat.token).role == "principal"
    with pytest.raises(RoomError):
        room.seat("nope")


def test_rooms_are_isolated() -> None:
    rooms = Rooms()
    one, two = rooms.open(small_game()), rooms.open(small_game())
    assert one.code != two.code
    seat = one.join("Ann", "ministry")
    with pytest.raises(RoomError):
        two.seat(seat.token)
    with pytest.raises(RoomError):
        two.check_instructor(one.instructor_token)
    assert rooms.get(one.code.lower()) is one
    with pytest.raises(RoomError):
        rooms.get("ZZZZ")


def test_rounds_countdown_pause_extend_shock_end() -> None:
    room = Room("ABCD", small_game(), decide_seconds=10)
    seat = room.join("Ann", "ministry")
    room.open_decisions(now=100.0)
    assert room.phase == "deciding"
    assert not room.due(105.0)
    room.pause(now=104.0)
    assert room.remaining == 6.0
    with pytest.raises(RoomError):
        room.pause(now=104.0)
    room.extend(30)
    room.resume(now=200.0)
    assert room.deadline == 236.0
    assert room.due(236.0)
    room.decide(seat.token, "mandate", "light")
    room.shock("funding_cut")
    with pytest.raises(RoomError):
        room.shock("meteor")
    room.run_season(now=240.0)
    assert room.game.month == SEASON
    assert room.phase == "deciding"
    assert [e.actor for e in room.game.log] == ["ministry", "instructor"]
    room.end()
    assert room.phase == "over"
    assert room.game.months == SEASON
    with pytest.raises(RoomError):
        room.decide(seat.token, "mandate", "none")


def test_the_workshop_guide_lists_the_roles_as_they_are() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "workshop.md").read_text()
    begin, end = "<!-- roles:begin -->\n", "<!-- roles:end -->"
    shown = guide[guide.index(begin) + len(begin) : guide.index(end)]
    assert shown.strip() == roles_markdown().strip(), "regenerate with roles_markdown()"


def test_every_answer_changes_the_story_of_a_whole_game() -> None:
    """No decision is a dummy: each answer that differs from the preset changes the run."""
    months = PRESET.months

    def run(*choice: str) -> pd.DataFrame:
        game = Game(PRESET, seed=4, months=months, season=12)
        if choice:
            game.decide(*choice)
        game.play_to_end()
        return game.results()

    base = run()
    inert = []
    for role in ROLES.values():
        for d in role.decisions.values():
            for o in d.options.values():
                same = all(PRESET.params[k] == v for k, v in o.params.items())
                if o.key == KEEP or (not o.event and same) or (d.one_off and not o.event):
                    continue
                if run(role.key, d.key, o.key).equals(base):
                    inert.append(f"{role.key}.{d.key}.{o.key}")
    assert not inert, f"answers that change nothing in {months} months: {inert}"


def test_teachers_found_a_section_through_the_sections_channel() -> None:
    game = small_game()
    game.play_season()
    before = int(game.model.centres.alive.sum())
    game.decide("teachers", "found", "yes")
    game.play_season()
    assert int(game.model.centres.alive.sum()) == before + 1
    assert any("found a section" in text for _, text in game.model.log)


def test_a_device_holds_three_seats_at_most_and_loopback_any() -> None:
    room = Rooms().open(small_game())
    for k in range(SEATS_PER_DEVICE):
        room.join(f"p{k}", device="192.0.2.7")
    with pytest.raises(RoomError, match="this device has joined 3 times"):
        room.join("one more", device="192.0.2.7")
    room.join("another phone", device="192.0.2.8")
    for k in range(SEATS_PER_DEVICE + 2):  # the instructor's computer: not counted
        room.join(f"local{k}")
    assert len(room.seats) == SEATS_PER_DEVICE + 1 + SEATS_PER_DEVICE + 2
