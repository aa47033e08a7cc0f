"""SQLite under several workers: the writer queue (a writer waits in the kernel, wakes at once,
and gives up in time) and the settings every connection gets."""

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.db.engines import WAL_AUTOCHECKPOINT_PAGES, WriterQueue, make_engine


@pytest.fixture
def queues(tmp_path: Path) -> Iterator[tuple[WriterQueue, WriterQueue]]:
    """Two writers on one lock file, as two worker processes would hold it."""
    path = str(tmp_path / "qoncha.sqlite3-lock")
    first, second = WriterQueue(path), WriterQueue(path)
    yield first, second
    first.close()
    second.close()


def _release_later(queue: WriterQueue, seconds: float) -> None:
    threading.Timer(seconds, queue.release).start()


def _timed_acquire(queue: WriterQueue, timeout: float) -> tuple[bool, float]:
    """Whether the queue was acquired, and after how many seconds of waiting."""
    started = time.monotonic()
    acquired = queue.acquire(timeout)
    return acquired, time.monotonic() - started


def test_a_waiting_writer_gets_the_lock_as_soon_as_it_is_released(
    queues: tuple[WriterQueue, WriterQueue],
) -> None:
    holder, waiter = queues
    assert holder.acquire(1.0)
    _release_later(holder, 0.2)

    acquired, waited = _timed_acquire(waiter, 5.0)

    assert acquired
    assert 0.15 <= waited < 1.0
    assert not holder.acquire(0.05)  # the waiter holds it now
    waiter.release()
    assert holder.acquire(0.05)


def test_a_writer_gives_up_at_the_timeout_and_leaves_sigalrm_as_it_was(
    queues: tuple[WriterQueue, WriterQueue],
) -> None:
    holder, waiter = queues
    assert holder.acquire(1.0)

    acquired, waited = _timed_acquire(waiter, 0.3)

    assert not acquired
    assert 0.25 <= waited < 2.0
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    holder.release()
    assert waiter.acquire(0.05)


def test_off_the_main_thread_a_writer_steps_aside_for_sqlites_wait_instead_of_polling(
    queues: tuple[WriterQueue, WriterQueue],
) -> None:
    holder, waiter = queues
    assert holder.acquire(1.0)
    outcome: list[tuple[bool, float]] = []

    thread = threading.Thread(target=lambda: outcome.append(_timed_acquire(waiter, 5.0)))
    thread.start()
    thread.join(5)

    [(passed, waited)] = outcome
    assert passed and waited < 0.1  # no wait here: BEGIN IMMEDIATE's busy timeout bounds it
    holder.release()
    assert holder.acquire(0.05)  # the one that stepped aside holds nothing


def test_a_sigalrm_handler_of_someone_else_is_never_replaced(
    queues: tuple[WriterQueue, WriterQueue],
) -> None:
    holder, waiter = queues
    rung: list[int] = []

    def theirs(signum: int, _frame: object) -> None:
        rung.append(signum)

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        assert holder.acquire(1.0)
        _release_later(holder, 0.2)

        assert waiter.acquire(5.0)  # steps aside: SQLite's busy timeout makes it wait
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert rung == []


def test_every_sqlite_connection_is_set_up_for_concurrent_writers(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'qoncha.sqlite3'}")
    with engine.connect() as conn:
        settings = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "wal_autocheckpoint")
        }
    engine.dispose()

    assert settings == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL: durable at checkpoints, consistent always
        "foreign_keys": 1,
        "wal_autocheckpoint": WAL_AUTOCHECKPOINT_PAGES,
    }
    assert (tmp_path / "qoncha.sqlite3-lock").exists()  # the writer queue's lock file
