"""TOML text of scenarios, experiments and parameter mappings, written by tomli-w.

Every TOML file the project writes (a resolved ``scenario.toml``, a sweep's
``experiment.toml``, ``netsim show``) goes through :func:`to_toml`; messages
that quote a value in TOML syntax (``got 1.5``, ``got "grids"``) use
:func:`literal`. Reading is :mod:`tomllib`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomli_w


def _plain(value: Any) -> Any:
    """Return ``value`` with tuples as lists and numpy scalars as Python numbers."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if not isinstance(value, bool | int | float | str) and hasattr(value, "item"):
        return value.item()  # a numpy scalar
    return value


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, Mapping):
        return any(_has_crlf(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False


def to_toml(data: Mapping[str, Any], *, comment: str = "") -> str:
    """Return the TOML text of ``data``, a scenario, an experiment or a parameters mapping.

    Tables (nested mappings) follow the plain keys; a list of tables is written
    inline when short (``events = [{ month = 60, kind = "funding_cut", ... }]``).
    Text with line breaks is written as a multi-line string. ``tomllib.loads`` of
    the result gives ``data`` back (tuples as lists).

    Args:
        data: string keys; values are booleans, numbers, strings, lists and mappings
            of them (numpy scalars are turned into Python numbers).
        comment: written first, as ``#`` lines (the fingerprint line of a sweep's
            ``experiment.toml`` is one).

    Raises:
        TypeError: for a value TOML cannot hold (None, say).
    """
    plain = _plain(data)
    body = tomli_w.dumps(plain, multiline_strings=not _has_crlf(plain))
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + body


def literal(value: Any, *, group_digits: bool = False) -> str:
    """Return ``value`` on one line as TOML writes it, for messages; ``repr`` if TOML cannot.

    Args:
        value: a boolean, number, string, or a list or mapping of them.
        group_digits: write integers with ``_`` between groups of three digits
            (``20_000``, and ``20_000.0`` for a whole float of 10 000 or more), as the
            scenario files and the documentation's tables do; TOML reads them back.
    """
    value = _plain(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, group_digits=group_digits) for v in value) + "]"
    if isinstance(value, Mapping):
        items = (f"{k} = {literal(v, group_digits=group_digits)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if group_digits and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:_}"
    if group_digits and isinstance(value, float) and value.is_integer() and abs(value) >= 10_000:
        return f"{int(value):_}.0"
    try:
        return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")
    except (TypeError, ValueError):
        return repr(value)
