"""Where scenario and experiment files are: the user's folders first, then the shipped ones.

The shipped scenarios and experiments live in ``netsim/data`` (package data, read
with :mod:`importlib.resources`) so that an installed wheel has them. A user's
own files are given by path, or by name from the user's folder, named by the
environment variables :data:`ENV_VARS` (``NETSIM_SCENARIOS``,
``NETSIM_EXPERIMENTS``: one folder, or several separated by ``os.pathsep``) or
by the ``netsim`` options ``--scenarios DIR`` and ``--experiments DIR``
(:func:`set_user_folders`). A name is looked up in the user's folders first,
in order, then among the shipped files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The source checkout, for the developer tools that rewrite ``docs/`` (not in a wheel)."""

Kind = Literal["scenarios", "experiments"]

ENV_VARS: dict[Kind, str] = {
    "scenarios": "NETSIM_SCENARIOS",
    "experiments": "NETSIM_EXPERIMENTS",
}
"""Kind of file -> the environment variable naming the user's folder(s) of them."""

_chosen: dict[Kind, tuple[Path, ...] | None] = {"scenarios": None, "experiments": None}
_named_by: dict[Kind, str] = {}


def shipped(*parts: str) -> Path:
    """A folder or file shipped in the package's data, as a path on disk."""
    return Path(str(resources.files("netsim.data").joinpath(*parts)))


class FolderError(ValueError):
    """A user's folder that does not exist; ``str()`` names it and who named it.

    Attributes:
        folder: the folder as given.
        named_by: the option or environment variable that named it.
        kind: scenarios or experiments.
    """

    def __init__(self, folder: Path, named_by: str, kind: Kind) -> None:
        self.folder = folder
        self.named_by = named_by
        self.kind = kind
        super().__init__(f"{folder}: no such folder (named by {named_by})")


def set_user_folders(kind: Kind, folders: Sequence[Path] | None, named_by: str = "") -> None:
    """Choose the user's folders of ``kind`` for this process (the ``netsim`` options do).

    Args:
        kind: scenarios or experiments.
        folders: the folders, searched in order before the shipped files; an empty
            sequence: none, whatever the environment says; None: from the environment
            variable again.
        named_by: how the user named them, for messages (``--scenarios``).
    """
    _chosen[kind] = None if folders is None else tuple(Path(f).expanduser() for f in folders)
    _named_by[kind] = named_by or f"--{kind}"


def user_folders(kind: Kind) -> list[Path]:
    """Return the user's folders of ``kind``, in search order.

    Raises:
        FolderError: if one of them is not a folder.
    """
    chosen = _chosen[kind]
    if chosen is not None:
        folders, named_by = list(chosen), _named_by[kind]
    else:
        text = os.environ.get(ENV_VARS[kind], "")
        folders = [Path(p).expanduser() for p in text.split(os.pathsep) if p.strip()]
        named_by = ENV_VARS[kind]
    for folder in folders:
        if not folder.is_dir():
            raise FolderError(folder, named_by, kind)
    return folders


@dataclass(frozen=True, slots=True)
class Entry:
    """A file that a name finds.

    Attributes:
        name: the name (file name without ``.toml``).
        path: the file.
        shipped: True for a file shipped with netsim, False for the user's.
        hidden_by: the user's file of the same name found first, or None.
    """

    name: str
    path: Path
    shipped: bool
    hidden_by: Path | None = None


def entries(kind: Kind) -> list[Entry]:
    """Every file of ``kind`` a name can find: the user's folders' first, then the shipped.

    Each group is sorted by name; a shipped file whose name a user's file also has
    is listed with ``hidden_by`` set (the name finds the user's).

    Raises:
        FolderError: if a user's folder does not exist.
    """
    out: list[Entry] = []
    first: dict[str, Path] = {}
    for folder in user_folders(kind):
        for path in sorted(folder.glob("*.toml")):
            if path.stem not in first:
                first[path.stem] = path
                out.append(Entry(path.stem, path, shipped=False))
    for path in sorted(shipped(kind).glob("*.toml")):
        out.append(Entry(path.stem, path, shipped=True, hidden_by=first.get(path.stem)))
    return out


def find(kind: Kind, name: str, skip: Path | None = None) -> Path | None:
    """Return the file a name finds (user's folders first, then shipped), or None.

    Args:
        kind: scenarios or experiments.
        name: the name, without ``.toml``.
        skip: a file not to return (a user's scenario that extends the shipped one
            of its own name finds the shipped one).

    Raises:
        FolderError: if a user's folder does not exist.
    """
    for folder in [*user_folders(kind), shipped(kind)]:
        path = (folder / f"{name}.toml").resolve()
        if path.is_file() and path != skip:
            return path
    return None
