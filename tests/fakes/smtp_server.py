"""Local SMTP peers: a careless server (aiosmtpd, AUTH without TLS, no STARTTLS) that records
what crossed it, and a stalled one that accepts and then says nothing, or drips its greeting."""

import socket
import threading
import warnings
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FakeSmtp:
    """An SMTP server that offers no STARTTLS yet would take a password in clear."""

    def __init__(self) -> None:
        self.messages: list[Envelope] = []
        self.logins: list[tuple[bytes, bytes]] = []
        self.port = free_port()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # aiosmtpd warns about AUTH without TLS: the point
            self._controller = Controller(
                self, hostname="127.0.0.1", port=self.port,
                authenticator=self._authenticate, auth_require_tls=False,
            )

    def _authenticate(self, server: Any, session: Session, envelope: Envelope,
                      mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=True)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"

    def start(self) -> "FakeSmtp":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


class StalledSmtp:
    """Accepts connections, then never answers (`drip` 0) or sends its greeting a byte at a time.

    Any protocol's peer: `greeting` is what it drips (an HTTP status line for a web API).
    """

    def __init__(
        self, *, drip: float = 0.0, greeting: bytes = b"220 slow.example ESMTP\r\n"
    ) -> None:
        self.drip = drip
        self.greeting = greeting
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self._server.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn:
            for byte in self.greeting * 100:
                if self._stop.wait(self.drip or 3600):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def start(self) -> "StalledSmtp":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._server.close()
