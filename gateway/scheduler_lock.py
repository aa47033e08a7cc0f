"""Only one scheduler acts: a PostgreSQL advisory lock, or a file lock beside a SQLite database.

A second scheduler started by mistake waits for the lock instead of running every job twice;
if the first dies, its lock goes with its connection (or its open file) and the second takes over.
"""

import fcntl
import logging
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

LOCK_KEY = zlib.crc32(b"qoncha-scheduler")  # one fixed 32-bit key for pg_advisory_lock


class SchedulerLock:
    """Held for the life of the scheduler process; `acquire` polls until it has it."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._file: IO[str] | None = None

    def _lock_path(self) -> Path | None:
        database = self._engine.url.database
        if not database or database == ":memory:":
            return None
        return Path(f"{database}.scheduler.lock")

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; never blocks."""
        if self._engine.dialect.name == "postgresql":
            connection = self._engine.connect()
            held = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}
            ).scalar()
            connection.commit()  # the lock is the session's, not the transaction's
            if held:
                self._connection = connection
                return True
            connection.close()
            return False
        path = self._lock_path()
        if path is None:
            return True  # an in-memory database has one process by definition
        handle = path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def acquire(
        self,
        *,
        poll_seconds: float = 5.0,
        sleep: Callable[[float], object] = time.sleep,
        stop: Callable[[], bool] = lambda: False,
    ) -> bool:
        """Wait until the lock is ours (True), or until `stop` says to give up (False)."""
        announced = False
        while not self.try_acquire():
            if not announced:
                log.warning("another scheduler is running; this one waits until it stops")
                announced = True
            if stop():
                return False
            sleep(poll_seconds)
        return True

    def release(self) -> None:
        """Let the next scheduler in."""
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            self._connection.commit()
            self._connection.close()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
