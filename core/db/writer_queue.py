"""The SQLite writer queue: writers sleep in `flock()` and are woken the moment the lock is free."""

import os
import signal
import sqlite3
import threading
import weakref
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's busy timeout alone makes writers wait
    fcntl = None  # type: ignore[assignment]


class _LockWaitTimedOut(Exception):
    """Raised by the SIGALRM handler to end a blocking lock wait at its deadline."""


def _ring(_signum: int, _frame: Any) -> None:
    raise _LockWaitTimedOut


class WriterQueue:
    """An exclusive lock file that SQLite write transactions take before `BEGIN IMMEDIATE`.

    SQLite's busy handler retries a locked database after sleeps that grow from 1 ms to
    100 ms, so under steady load waiting writers sleep through most of the moments when the
    database is free: throughput falls and latency climbs to hundreds of ms. A writer
    blocked in `flock` is woken by the kernel the moment the holder lets go, so the next one
    starts at once and no waiting writer burns CPU the holder needs. `flock` has no timeout
    of its own; as util-linux's `flock -w` does, a one-shot SIGALRM interrupts the wait at
    the deadline. Signals can only be handled on the main thread, and SIGALRM may belong to
    somebody else: anywhere else (the scheduler's jobs, the development server's threads) a
    writer that finds the lock taken skips the queue and waits in SQLite's busy handler,
    which is bounded by the same timeout. Nothing polls. Locks die with their process, so a
    crashed worker never blocks the others.
    """

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self._held = False
        self._finalizer = weakref.finalize(self, os.close, self._fd)

    def acquire(self, timeout: float) -> bool:
        """Take the lock, or step aside for SQLite's own wait; False only on a timed-out wait."""
        if self._try_lock():
            return True
        if _alarm_is_free():
            return self._wait_blocking(timeout)
        return True  # not held: BEGIN IMMEDIATE waits in SQLite's busy handler instead

    def release(self) -> None:
        """Let the next writer in (a no-op when not held)."""
        if self._held:
            self._held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release and close the lock file."""
        self._held = False
        self._finalizer()

    def _try_lock(self) -> bool:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self._held = True
        return True

    def _wait_blocking(self, timeout: float) -> bool:
        signal.signal(signal.SIGALRM, _ring)
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _LockWaitTimedOut:
            # The alarm may have rung just as the lock was granted: ask once more, no wait.
            return self._try_lock()
        finally:
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
        self._held = True
        return True


def _alarm_is_free() -> bool:
    """Whether this thread may borrow SIGALRM: the main thread, no handler, no timer running."""
    return (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


class QueuedConnection(sqlite3.Connection):
    """A pysqlite connection that leaves the writer queue once its transaction has ended."""

    writer_queue: WriterQueue | None = None

    def join_queue(self, path: str) -> None:
        """Queue this connection's write transactions on the lock file at `path`."""
        try:
            self.writer_queue = WriterQueue(path)
        except OSError:
            self.writer_queue = None  # e.g. a read-only folder: SQLite's busy timeout alone

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self._leave_queue()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self._leave_queue()

    def close(self) -> None:
        """Close the connection and its lock file."""
        try:
            super().close()
        finally:
            if self.writer_queue is not None:
                self.writer_queue.close()

    def _leave_queue(self) -> None:
        if self.writer_queue is not None:
            self.writer_queue.release()
