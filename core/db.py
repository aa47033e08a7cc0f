"""Engine construction: the per-backend settings that make concurrent workers safe."""

import os
import signal
import sqlite3
import threading
import time
import weakref
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from core.driver_sql import driver_rows

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's busy timeout alone makes writers wait
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT_S = 30
# WAL frames a commit may leave before it copies them into the database (SQLite: 1000).
# The copy runs inside the committing transaction, while every other writer waits; every
# message rewrites the same hot index pages, so checkpointing a fourth as often copies each
# of them once where it would four times. Measured on the inbound benchmark: 4 % more
# messages per second, p99 latency 13 -> 20 ms, a WAL file of at most ~16 MB.
WAL_AUTOCHECKPOINT_PAGES = 4000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Build an engine; SQLite gets WAL, a busy timeout and write-locking transactions.

    SQLite lets one writer in at a time. With several gunicorn workers, a transaction that
    reads and then writes would fail at once with SQLITE_BUSY when another worker wrote in
    between; `BEGIN IMMEDIATE` takes the write lock up front, so writers queue on the busy
    timeout instead of failing. File databases also queue on a lock file first (see
    `WriterQueue`), which hands the database over without SQLite's growing sleeps.
    """
    if url.startswith("sqlite"):
        queue_path = _writer_queue_path(url)
        connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_S}
        if queue_path is not None:
            connect_args["factory"] = QueuedConnection
        engine = create_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below drive transactions
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            cursor.close()
            if queue_path is not None and isinstance(dbapi_conn, QueuedConnection):
                dbapi_conn.join_queue(queue_path)

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            queue = getattr(conn.connection.dbapi_connection, "writer_queue", None)
            if queue is not None and not queue.acquire(BUSY_TIMEOUT_S):
                # The same error SQLite gives when its busy timeout runs out.
                raise exc.OperationalError(
                    "BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")
                )
            try:
                driver_rows(conn, "BEGIN IMMEDIATE")  # taken while others queue: kept short
            except BaseException:
                if queue is not None:
                    queue.release()
                raise

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> "sessionmaker[Session]":
    """Sessions that keep loaded values after commit, so services can return them."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


def _writer_queue_path(url: str) -> str | None:
    """`<database>-lock` beside a pysqlite file database; None where no queue applies."""
    parsed = make_url(url)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or parsed.query.get("mode") == "memory"
    if fcntl is None or parsed.get_driver_name() != "pysqlite" or in_memory:
        return None
    if database.startswith("file:"):
        return None  # URI filenames: leave them to SQLite alone
    return f"{database}-lock"


class _LockWaitTimedOut(Exception):
    """Raised by the SIGALRM handler to end a blocking lock wait at its deadline."""


def _ring(_signum: int, _frame: Any) -> None:
    raise _LockWaitTimedOut


class WriterQueue:
    """An exclusive lock file that SQLite transactions take before `BEGIN IMMEDIATE`.

    SQLite's busy handler retries a locked database after sleeps that grow from 1 ms to
    100 ms, so under steady load waiting writers sleep through most of the moments when the
    database is free: throughput falls and latency climbs to hundreds of ms. A writer
    blocked in `flock` is woken by the kernel the moment the holder lets go, so the next one
    starts at once and no waiting writer burns CPU the holder needs. `flock` has no timeout
    of its own; as util-linux's `flock -w` does, a one-shot SIGALRM interrupts the wait at
    the deadline. Signals can only be handled on the main thread, and SIGALRM may belong to
    somebody else, so anywhere else the wait polls at sub-millisecond intervals. Either way
    it is bounded by the same timeout as SQLite's, and ends with the same error. Locks die
    with their process, so a crashed worker never blocks the others.
    """

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self._held = False
        self._finalizer = weakref.finalize(self, os.close, self._fd)

    def acquire(self, timeout: float) -> bool:
        """Wait for the lock; False when `timeout` seconds went by without it."""
        if self._try_lock():
            return True
        if _alarm_is_free():
            return self._wait_blocking(timeout)
        return self._wait_polling(timeout)

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

    def _wait_polling(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        pause = 0.00005
        while not self._try_lock():
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.0005)
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
        """Queue this connection's transactions on the lock file at `path`."""
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
