"""Loading a server from concurrent clients for a fixed time, and what that measured.

Loopback only, bounded in count (the requests prepared beforehand) and in time (the window);
inside the window a client only sends bytes prepared beforehand and reads the answers.
"""

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gateway.sms.signing import SignedRequest

HOST = "127.0.0.1"


@dataclass
class LoadResult:
    """What one timed run measured."""

    latencies_ok: list[float] = field(default_factory=list)  # seconds, 200 responses only
    statuses: dict[int, int] = field(default_factory=dict)  # 0 = transport error / timeout
    elapsed: float = 0.0
    client_cpu: float = 0.0  # this process's CPU seconds during the window
    server_cpu: float | None = None  # the gunicorn workers' CPU seconds during the window
    exhausted: int = 0  # clients that ran out of prepared requests before the deadline

    def add(self, other: "LoadResult") -> None:
        """Fold another window into this one (alternating rounds are reported as one)."""
        self.latencies_ok.extend(other.latencies_ok)
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.elapsed += other.elapsed
        self.client_cpu += other.client_cpu
        if other.server_cpu is not None:
            self.server_cpu = (self.server_cpu or 0.0) + other.server_cpu
        self.exhausted = max(self.exhausted, other.exhausted)

    @property
    def sent(self) -> int:
        """Requests that completed or failed inside the window."""
        return sum(self.statuses.values())

    @property
    def accepted(self) -> int:
        """Requests answered 200."""
        return self.statuses.get(200, 0)

    @property
    def errors(self) -> int:
        """Requests not answered 200 (including transport errors and timeouts)."""
        return self.sent - self.accepted

    @property
    def server_cpu_ms(self) -> float:
        """Worker CPU milliseconds per accepted request: efficiency, whatever else runs."""
        if self.server_cpu is None or not self.accepted:
            return float("nan")
        return 1000 * self.server_cpu / self.accepted

    @property
    def rps(self) -> float:
        """Accepted requests per second of window."""
        return self.accepted / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, q: float) -> float:
        """Nearest-rank percentile of the accepted requests' latency, in milliseconds."""
        if not self.latencies_ok:
            return float("nan")
        ordered = sorted(self.latencies_ok)
        rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1] * 1000


def wire_bytes(request: SignedRequest) -> bytes:
    """The whole HTTP/1.1 request as sent, asking the server to close after answering."""
    head = [f"POST {request.path} HTTP/1.1", "Host: localhost", "Connection: close",
            f"Content-Length: {len(request.body)}"]
    head += [f"{name}: {value}" for name, value in request.headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + request.body


def _send_raw(port: int, payload: bytes, timeout: float) -> int:
    """Send prepared bytes on a new connection, read to EOF, return the status (0: failed)."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(payload)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except OSError:
        return 0
    head = b"".join(chunks[:1])[:12]  # b"HTTP/1.1 200"
    return int(head[9:12]) if head.startswith(b"HTTP/1.") and head[9:12].isdigit() else 0


def run_load(
    port: int,
    batches: list[Iterator[Any]],
    *,
    seconds: float,
    client: str = "raw",
    timeout: float = 10.0,
) -> LoadResult:
    """One thread per batch sends its next requests back to back until the window closes.

    `client="raw"`: each item is `wire_bytes(...)`, sent on a fresh connection and read to
    EOF (gunicorn's sync workers close every connection anyway, so nothing is lost, and the
    client stays cheap). `client="http.client"`: each item is a SignedRequest, sent by one
    `http.client.HTTPConnection` per thread, which reopens when the server closes.
    """
    start: list[float] = [0.0]
    barrier = threading.Barrier(
        len(batches), action=lambda: start.__setitem__(0, time.perf_counter())
    )
    records: list[list[tuple[float, int]]] = [[] for _ in batches]
    finished = [0.0] * len(batches)
    exhausted = [False] * len(batches)

    raw = client == "raw"
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            send_all(index)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the caller below
            failures.append(exc)
            barrier.abort()

    def send_all(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        out = records[index]
        barrier.wait()
        deadline = start[0] + seconds
        for request in batches[index]:
            began = time.perf_counter()
            if began >= deadline:
                break
            if raw:
                status = _send_raw(port, request, timeout)
            else:
                try:
                    conn.request("POST", request.path, body=request.body, headers=request.headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    conn.close()
                    status = 0
            out.append((time.perf_counter() - began, status))
        else:
            exhausted[index] = True
        finished[index] = time.perf_counter()
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(len(batches))]
    cpu_before = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"a client thread failed: {failures[0]!r}") from failures[0]
    result = LoadResult(client_cpu=time.process_time() - cpu_before, exhausted=sum(exhausted))
    result.elapsed = max(finished) - start[0]
    for batch in records:
        for latency, status in batch:
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status == 200:
                result.latencies_ok.append(latency)
    return result
