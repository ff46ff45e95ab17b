"""Where the files shipped inside the package are, read with :mod:`importlib.resources`.

The shipped scenarios and experiments live in ``netsim/data`` so that an installed
wheel has them; a user's own files are given by path (or a folder, see
:func:`netsim.io.scenarios.user_dirs`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The source checkout, for the developer tools that rewrite ``docs/`` (not in a wheel)."""


def shipped(*parts: str) -> Path:
    """A folder or file shipped in the package's data, as a path on disk."""
    return Path(str(resources.files("netsim.data").joinpath(*parts)))
