"""Results folders: their column prefixes, checking a folder before a run, atomic writes.

A run, a comparison and a sweep each write into one folder (``--out``). The
evaluator and the report layer use these primitives so that an interrupted or
failed write never leaves a half-written file: every file is written under a
temporary name in the same folder, then renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

PARAM_PREFIX = "param_"
"""Prefix of the parameter columns in result tables (run, comparison and sweep)."""

OUT_PREFIX = "out_"
"""Prefix of the outcome columns in a sweep's runs table."""


class OutputError(Exception):
    """An output folder that cannot or must not be written into."""


def prepare_output(out: Path) -> list[Path]:
    """Create ``out`` and check that results can be written into it, before running.

    Returns:
        The folders it created, ``out`` last (none when ``out`` existed).

    Raises:
        OutputError: if ``out`` is a file, holds the results of a sweep
            (``experiment.toml`` or a ``runs/`` folder), cannot be created or is
            not writable.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write the results into {out}: it is a file, not a folder")
    if (out / "experiment.toml").exists() or (out / "runs").is_dir():
        raise OutputError(
            f"{out} holds the results of a sweep; use another --out folder "
            "so that they are not overwritten"
        )
    remove_stale_temporaries(out)
    probe = out / f".netsim-probe.{os.getpid()}.tmp"
    made = [p for p in (out, *out.parents) if not p.exists()][::-1]
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"probe")
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
        remove_if_empty(made)
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write the results into {out}: {reason}") from None
    return made


TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")
"""The name :func:`write_atomic` gives a file while it is written: ``.NAME.PID.tmp``."""


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files that a killed process left in ``folder`` (not its subfolders).

    A process killed outright (``kill -9``) while it wrote a file leaves it under its
    temporary name; the file was never renamed into place, so no result is lost. Files
    of a process still running are left alone.

    Returns:
        The files removed.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        found = TEMPORARY.match(path.name)
        if found is None or not path.is_file() or _running(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def output_folder(out: Path) -> Iterator[Path]:
    """:func:`prepare_output`, then undo it if the block fails before writing anything.

    An interrupted or failed run (Ctrl-C, an error) leaves no empty folder behind: the
    folders made for it are removed again when they are still empty. A folder that
    existed before, or that holds a file, is left as it is.

    Raises:
        OutputError: as :func:`prepare_output`.
    """
    made = prepare_output(out)
    try:
        yield out
    except BaseException:
        remove_if_empty(made)
        raise


def remove_if_empty(folders: list[Path]) -> None:
    """Remove ``folders`` (parents first in the list) that are empty, deepest first."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):  # not empty, or gone: leave it
            folder.rmdir()


def write_atomic(path: Path, write: Callable[[Path], None], *, fsync: bool = False) -> None:
    """Write ``path`` through ``write`` to a temporary name, then rename it into place.

    A failed or interrupted write leaves no half-written file: the temporary file
    is removed and any older ``path`` stays as it was.

    Args:
        path: the file to write.
        write: writes the whole file at the path it is given (the temporary name).
        fsync: flush the data to the disk before the rename, so that the name
            never points at data a crash could lose (a sweep's part files: their
            name marks a run done).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        if fsync:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`write_atomic`)."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, "utf-8")

    write_atomic(path, write)


class DeferredInterrupt:
    """Whether a Ctrl-C came while :func:`interrupt_after` held it back."""

    interrupted: bool = False


@contextlib.contextmanager
def interrupt_after() -> Iterator[DeferredInterrupt]:
    """Hold Ctrl-C back until the block ends: a set of files is written whole or not at all.

    Each file is written atomically; this keeps the *set* whole (a Ctrl-C between two
    files left a results folder with 4 of its 5 files). The caller reads
    ``interrupted`` after the block and stops then. Outside the main thread (where
    Ctrl-C never arrives) nothing changes.
    """
    state = DeferredInterrupt()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return

    def note(signum: int, frame: object) -> None:
        state.interrupted = True

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, previous)
