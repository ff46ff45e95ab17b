"""Markdown for the generated parts of the docs: tables, and blocks between markers.

A generated block sits between a begin and an end marker (HTML comments) in a
Markdown file, with the text written by hand around it::

    <!-- BEGIN GENERATED: parameters -->

    ...

    <!-- END GENERATED: parameters -->

:func:`write_block` rewrites the block and leaves the rest of the file as it is;
:func:`read_block` reads it back. Tables are made by pandas (``DataFrame.to_markdown``,
which uses tabulate's ``pipe`` format).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from netsim.io.folders import write_text_atomic


def cell(text: Any) -> str:
    """Return ``text`` safe for one table cell: ``|`` escaped, on one line."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> str:
    """Return a Markdown table of ``rows`` under the headers ``columns``.

    Cells are written as given (Markdown allowed), made safe with :func:`cell`;
    numbers are not reformatted.
    """
    frame = pd.DataFrame([[cell(v) for v in row] for row in rows], columns=list(columns))
    return frame.to_markdown(index=False, tablefmt="pipe", disable_numparse=True)


def replace_block(text: str, begin: str, end: str, body: str) -> str:
    """Return ``text`` with ``body`` between the markers ``begin`` and ``end``.

    The body is set off by a blank line on each side. When ``text`` lacks the
    markers, the block is appended at its end.
    """
    block = f"{begin}\n\n{body.strip(chr(10))}\n\n{end}"
    head, found, rest = text.partition(begin)
    if found and end in rest:
        return head + block + rest.split(end, 1)[1]
    return (text.rstrip("\n") + "\n\n" if text.strip() else "") + block + "\n"


def read_block(text: str, begin: str, end: str) -> str | None:
    """Return the body between the markers ``begin`` and ``end``, or None if they are missing."""
    _, found, rest = text.partition(begin)
    if not found or end not in rest:
        return None
    return rest.split(end, 1)[0].strip("\n")


def write_block(
    path: Path, begin: str, end: str, body: str, *, write: bool = True, title: str = ""
) -> bool:
    """Put ``body`` between the markers ``begin`` and ``end`` of the Markdown file ``path``.

    Args:
        path: the file; created (with ``title`` as its heading) when missing.
        begin: the begin marker.
        end: the end marker.
        body: the block's new text.
        write: if False, only tell whether the file would change.
        title: the heading of a new file.

    Returns:
        True if the file changed (or, with ``write=False``, would change).
    """
    old = path.read_text(encoding="utf-8") if path.is_file() else (f"# {title}\n" if title else "")
    new = replace_block(old, begin, end, body)
    if new == old:
        return False
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, new)
    return True
