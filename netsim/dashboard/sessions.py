"""The browser sessions one dashboard server serves at once, up to a cap."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import threading

logger = logging.getLogger(__name__)

TRIM_AFTER_S = 2.0
"""Seconds after a session closes when the server returns free memory to the system."""

LIBC = ctypes.util.find_library("c")
"""The C library, whose ``malloc_trim`` returns free heap pages (None: not found)."""


class Sessions:
    """The sessions the server serves at once, up to a cap.

    A session is admitted when its page first renders and released when Solara
    closes it (the tab's close beacon, or the cull timeout after its connection
    is gone). A session turned away holds no slot.
    """

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    def admit(self, session: str, cap: int) -> bool:
        """Take a slot for ``session`` (True), or False when ``cap`` are in use."""
        with self._lock:
            if session in self._ids:
                return True
            if len(self._ids) >= cap:
                logger.info("room full: %d sessions, %s turned away", len(self._ids), session)
                return False
            self._ids.add(session)
            logger.info("session %s admitted: %d of %d", session, len(self._ids), cap)
            return True

    def release(self, session: str) -> None:
        """Free ``session``'s slot."""
        with self._lock:
            self._ids.discard(session)
            logger.info("session %s closed: %d open", session, len(self._ids))
        # Solara frees the session's widgets and models after this callback: trim after that
        later = threading.Timer(TRIM_AFTER_S, give_back_memory)
        later.daemon = True
        later.start()

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)


def give_back_memory() -> None:
    """Collect a closed session's cycles and return free heap pages to the system (glibc).

    Without it a closed session's models stay in the allocator's free lists, counted in
    the server's memory, until other sessions happen to reuse them.
    """
    gc.collect()
    if LIBC is None:
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(LIBC).malloc_trim(0)
