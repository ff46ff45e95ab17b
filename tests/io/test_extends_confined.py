"""``extends`` and files outside the scenario folders: never shown, and unread when confined.

From the command line a scenario may extend any file (the user names it), but the
problems of a file outside the scenario folders and the working folder are told
without its content. The dashboard's setting (``confined=True``) reads nothing
outside the user's and the shipped scenario folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netsim.io.resources import set_user_folders
from netsim.io.scenarios import ScenarioError, load_scenario

SECRET = 'title = "t"\nsummary = "s"\n[population]\nn_teachers = "SECRET_TOKEN_123"\n'
CHILD = 'extends = "{parent}"\ntitle = "a"\nsummary = "b"\n'


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A secret TOML file outside a study folder, and a working folder elsewhere."""
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.toml").write_text(SECRET, encoding="utf-8")
    (tmp_path / "study").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("NETSIM_SCENARIOS", raising=False)
    set_user_folders("scenarios", None)
    return tmp_path


def _problems(path: Path, **kwargs: bool) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, **kwargs)
    return str(info.value)


@pytest.mark.parametrize("parent", ["/etc/passwd", "../private/secret.toml", "/proc/self/environ"])
def test_a_parent_outside_the_folders_is_never_shown(layout: Path, parent: str) -> None:
    child = layout / "study" / "child.toml"
    child.write_text(CHILD.format(parent=parent), encoding="utf-8")
    told = _problems(child)
    assert "extends" in told
    assert "outside the scenario folders" in told
    assert "not shown here" in told
    assert "SECRET_TOKEN_123" not in told
    assert "root:" not in told
    confined = _problems(child, confined=True)
    assert "is outside the scenario folders" in confined
    assert "SECRET_TOKEN_123" not in confined


def test_confined_does_not_open_the_parent(layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = layout / "study" / "child.toml"
    child.write_text(CHILD.format(parent="../private/secret.toml"), encoding="utf-8")
    read: list[Path] = []
    real = Path.read_text

    def recording(self: Path, *args: object, **kwargs: object) -> str:
        read.append(self.resolve())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", recording)
    told = _problems(child, confined=True)
    assert "is outside the scenario folders" in told
    assert child.resolve() in read
    assert (layout / "private" / "secret.toml").resolve() not in read
    _problems(child)  # from the command line it is read (and its content not shown)
    assert (layout / "private" / "secret.toml").resolve() in read


def test_a_valid_parent_anywhere_loads_from_the_command_line(layout: Path) -> None:
    (layout / "private" / "b.toml").write_text(
        'extends = "hybrid"\ntitle = "b"\nsummary = "b"\n', encoding="utf-8"
    )
    child = layout / "study" / "child.toml"
    child.write_text(CHILD.format(parent="../private/b.toml"), encoding="utf-8")
    assert load_scenario(child).title == "a"


def test_a_parent_in_the_working_folder_is_read_from_the_command_line(layout: Path) -> None:
    (layout / "work" / "w.toml").write_text(
        'extends = "hybrid"\ntitle = "w"\nsummary = "w"\n', encoding="utf-8"
    )
    child = layout / "work" / "sub" / "child.toml"
    child.parent.mkdir()
    child.write_text(CHILD.format(parent="../w.toml"), encoding="utf-8")
    assert load_scenario(child).title == "a"
    # the dashboard's setting: only the user's and the shipped folders
    assert "outside the scenario folders" in _problems(child, confined=True)
    # a parent in the working folder is shown in full
    (layout / "work" / "w.toml").write_text(SECRET.replace("SECRET", "MINE"), encoding="utf-8")
    assert "MINE_TOKEN_123" in _problems(child)


def test_the_users_folder_is_inside_when_confined(layout: Path) -> None:
    mine = layout / "mine"
    mine.mkdir()
    (mine / "base.toml").write_text(
        'extends = "bottom_up"\ntitle = "m"\nsummary = "m"\n', encoding="utf-8"
    )
    (mine / "child.toml").write_text(CHILD.format(parent="base.toml"), encoding="utf-8")
    set_user_folders("scenarios", [mine])
    try:
        assert load_scenario("child", confined=True).title == "a"
    finally:
        set_user_folders("scenarios", None)
