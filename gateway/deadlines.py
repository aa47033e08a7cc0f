"""Total deadlines for network exchanges: a watchdog that cuts the peer's socket in time.

Socket timeouts bound each read; a peer that drips one byte at a time never trips them. So
every exchange with a provider (SMTP, the Bot API, the Android gateway phone) runs under
`deadline`, whose watchdog shuts the sockets the exchange opened once its seconds are up:
the blocked read ends as a closed connection, the send fails and is retried later, and the
peer stalls nothing but its own channel. `CuttableSession` is a requests session that keeps
the sockets it opens so the watchdog can reach them.
"""

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


@contextmanager
def deadline(seconds: float, cut: Callable[[], None]) -> Iterator[threading.Event]:
    """Call `cut` (again and again) once `seconds` have passed, until the block ends.

    The event yielded tells whether it fired.
    """
    done, expired = threading.Event(), threading.Event()

    def watch() -> None:
        if done.wait(seconds):
            return
        expired.set()
        while not done.is_set():
            cut()
            done.wait(0.05)

    watchdog = threading.Thread(target=watch, name="send-deadline", daemon=True)
    watchdog.start()
    try:
        yield expired
    finally:
        done.set()
        watchdog.join()


def shut(sock: socket.socket | None) -> None:
    """Wake a read blocked on `sock`: it ends as a closed connection."""
    if sock is not None:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class CuttableSession(requests.Session):
    """A requests session whose open sockets a deadline's watchdog can shut (`cut`)."""

    def __init__(self) -> None:
        super().__init__()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        adapter = _TrackingAdapter(self._opened)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def _opened(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets = [s for s in self._sockets if s.fileno() != -1] + [sock]

    def cut(self) -> None:
        """Shut every socket this session opened (the watchdog's `cut`)."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            shut(sock)


def _tracking(base: type[Any], opened: Callable[[socket.socket], None]) -> type[Any]:
    """A urllib3 connection class that reports each socket it connects."""

    class Tracked(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            opened(self.sock)

    return Tracked


class _TrackingAdapter(HTTPAdapter):
    """Pools whose connections report their sockets to the session."""

    def __init__(self, opened: Callable[[socket.socket], None]) -> None:
        self._opened = opened
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        http = type("TrackedPool", (HTTPConnectionPool,),
                    {"ConnectionCls": _tracking(HTTPConnection, self._opened)})
        https = type("TrackedTlsPool", (HTTPSConnectionPool,),
                     {"ConnectionCls": _tracking(HTTPSConnection, self._opened)})
        self.poolmanager.pool_classes_by_scheme = {"http": http, "https": https}
