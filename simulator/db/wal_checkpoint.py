"""Checkpoint a SQLite write-ahead log from a background thread, not from a request's commit.

By default SQLite checkpoints when a commit leaves more than 1,000 pages in the WAL: that commit copies
the pages into the database file and syncs it, 5–10 ms inside one trainee's turn (and, with the database
calls on the event loop, inside every request waiting behind it). The server instead raises that bound
(``SAFETY_NET_PAGES``: the WAL stays bounded if this thread ever stops) and checkpoints every
``SIM_SQLITE_CHECKPOINT_SECONDS`` here. A PASSIVE checkpoint never waits for readers or writers, and the
sqlite3 module releases the GIL while it runs, so requests go on meanwhile on the other core.
"""

from __future__ import annotations

import logging
import threading
from typing import NamedTuple

from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

SAFETY_NET_PAGES = 10_000  # ~40 MB of WAL: the commit-time checkpoint SQLite falls back to


class Checkpoint(NamedTuple):
    busy: bool  # another checkpoint (another worker's) was running
    wal_frames: int  # frames in the WAL
    copied: int  # frames now copied into the database file


class WalCheckpointer:
    """``start()`` once the engine exists, ``stop()`` before it is disposed (the app's lifespan does both)."""

    def __init__(self, engine: Engine, every_s: float) -> None:
        self.engine = engine
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0
        self.last: Checkpoint | None = None  # the newest checkpoint the thread made

    def run_once(self) -> Checkpoint:
        """One PASSIVE checkpoint on a connection of its own (outside the writers' lock: it needs none)."""
        raw = self.engine.raw_connection()
        try:
            busy, frames, copied = raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()
        return Checkpoint(bool(busy), int(frames), int(copied))

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.last = self.run_once()
            except Exception:  # a failed checkpoint loses nothing: the pages stay in the WAL for the next one
                self.failures += 1
                log.warning("WAL checkpoint failed (the next one retries)", exc_info=True)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="sqlite-wal-checkpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
