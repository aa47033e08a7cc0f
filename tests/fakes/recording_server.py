"""A small real HTTP server in a thread that records every request crossing it.

The provider fakes build on it: tests point qoncha's settings at `url` and then read back
exactly what qoncha sent, as the provider would have received it.
"""

import base64
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived, and the status the fake answered it with."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    status: int = 0

    @property
    def form(self) -> dict[str, str]:
        """The form-encoded body (first value of each name), as a provider would read it."""
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))

    @property
    def json(self) -> Any:
        """The JSON body."""
        return json.loads(self.body)

    @property
    def basic_auth(self) -> tuple[str, str] | None:
        """The (user, password) of an HTTP basic Authorization header, if one was sent."""
        value = self.headers.get("authorization", "")
        if not value.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(value[6:]).decode().partition(":")
        except ValueError:
            return None
        return user, password


# A JSON body, or raw bytes (a file download) sent as application/octet-stream.
Reply = tuple[int, Any]
# A status the fake never sends: the connection is closed without an answer (a provider
# dropping the request, as the client sees it).
HANG_UP = -1
POLL_S = 0.01
Handler = Callable[[RecordedRequest], Reply]


@dataclass
class _Failure:
    """What the next failing calls answer."""

    remaining: int
    status: int
    body: dict[str, Any] = field(default_factory=dict)


class RecordingServer:
    """ThreadingHTTPServer on 127.0.0.1, a free port, answering with `handle` (subclasses)."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._failure: _Failure | None = None
        self._stall: _Failure | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self._dispatch))
        self._server.daemon_threads = True
        # serve_forever notices shutdown() only between polls (0.5 s by default): a short poll
        # lets every test that stops a fake end at once.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_S}, daemon=True
        )

    @property
    def url(self) -> str:
        """The origin to configure qoncha with."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "RecordingServer":
        """Serve in the background."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def fail_next(self, count: int, status: int, body: dict[str, Any]) -> None:
        """Answer the next `count` calls with this status and JSON body, recording them."""
        with self._lock:
            self._failure = _Failure(count, status, body)

    def hang_up_next(self, count: int = 1) -> None:
        """Close the next `count` connections without answering, recording them."""
        self.fail_next(count, HANG_UP, {})

    def stall_next(self, count: int, seconds: float) -> None:
        """Hold the next `count` calls this long before answering: a client's timeout fires."""
        with self._lock:
            self._stall = _Failure(count, int(seconds * 1000))

    def handle(self, request: RecordedRequest) -> Reply:
        """Answer one request; subclasses implement the provider's API."""
        return 404, {"message": "not found"}

    def _dispatch(self, request: RecordedRequest) -> Reply:
        delay = 0.0
        with self._lock:
            stall = self._stall
            if stall is not None and stall.remaining > 0:
                stall.remaining -= 1
                delay = stall.status / 1000
        if delay:
            time.sleep(delay)
        with self._lock:
            failure = self._failure
            if failure is not None and failure.remaining > 0:
                failure.remaining -= 1
                reply: Reply = (failure.status, failure.body)
            else:
                reply = self.handle(request)
            self.requests.append(_with_status(request, reply[0]))
        return reply


def _with_status(request: RecordedRequest, status: int) -> RecordedRequest:
    return RecordedRequest(
        request.method, request.path, request.query, request.headers, request.body, status
    )


def _handler_for(dispatch: Callable[[RecordedRequest], Reply]) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            request = RecordedRequest(
                method=self.command,
                path=parts.path,
                query=parts.query,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            status, payload = dispatch(request)
            if status == HANG_UP:
                self.close_connection = True
                self.connection.close()
                return
            binary = isinstance(payload, bytes)
            data = payload if binary else json.dumps(payload).encode()
            kind = "application/octet-stream" if binary else "application/json; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # A client that gave up waiting (a stalled call) has closed the connection.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            """Keep test output clean; the recording is the log."""

    return _Handler
