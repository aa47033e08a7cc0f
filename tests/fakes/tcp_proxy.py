"""A TCP proxy in front of a real server that can pass, refuse, hang or cut, on command.

Faults are injected between qoncha and the shared PostgreSQL server, never in the server:
`refuse` closes new connections at once (a server that is down), `hang` accepts them and
forwards nothing either way, on new and open connections alike (a server that accepts but
never answers), `cut()` closes every open connection (a restart, a failover), `pass` forwards.
"""

import contextlib
import selectors
import socket
import threading
import time
from typing import Literal

Mode = Literal["pass", "refuse", "hang"]


class TcpProxy:
    """Listens on 127.0.0.1 at a free port and forwards to the target while in `pass` mode."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.mode: Mode = "pass"
        self.accepted = 0
        self._open: list[socket.socket] = []
        self._selector = selectors.DefaultSelector()
        self._cut = threading.Event()
        self._cut_done = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> "TcpProxy":
        """Start accepting in the background."""
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._thread.start()
        return self

    def set(self, mode: Mode) -> None:
        """Switch what happens to new connections and to bytes on open ones."""
        self.mode = mode

    def cut(self) -> None:
        """Close every open connection, as a restarting server does; returns once done."""
        self._cut_done.clear()
        self._cut.set()
        self._cut_done.wait(5)

    def stop(self) -> None:
        """Close everything and stop listening."""
        self.cut()
        self._stopping = True
        self._thread.join(5)
        self._listener.close()
        self._selector.close()

    def _serve(self) -> None:
        while not self._stopping:
            if self._cut.is_set():
                self._close_all()
            for key, _ in self._selector.select(timeout=0.02):
                if key.fileobj is self._listener:
                    self._accept()
                elif self.mode == "pass":
                    self._forward(key.fileobj, key.data)  # type: ignore[arg-type]
            if self.mode == "hang":
                time.sleep(0.02)  # readable sockets stay readable: do not spin on them

    def _accept(self) -> None:
        client, _ = self._listener.accept()
        self.accepted += 1
        if self.mode == "refuse":
            client.close()
            return
        self._open.append(client)
        if self.mode == "hang":
            return  # accepted, and never answered
        upstream = socket.create_connection(self._target)
        self._open.append(upstream)
        self._selector.register(client, selectors.EVENT_READ, upstream)
        self._selector.register(upstream, selectors.EVENT_READ, client)

    def _forward(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            data = source.recv(65536)
            if data:
                sink.sendall(data)
                return
        except OSError:
            pass
        for sock in (source, sink):
            self._drop(sock)

    def _close_all(self) -> None:
        for sock in list(self._open):
            self._drop(sock)
        self._cut.clear()
        self._cut_done.set()

    def _drop(self, sock: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(sock)
        if sock in self._open:
            self._open.remove(sock)
        sock.close()
