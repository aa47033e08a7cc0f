"""Serving an app with gunicorn exactly as the Procfile does, on the loopback, and stopping it."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

HOST = "127.0.0.1"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def gunicorn_executable() -> str:
    """The gunicorn installed beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "gunicorn"
    found = str(beside) if beside.exists() else shutil.which("gunicorn")
    if not found:
        raise RuntimeError("gunicorn is not installed in this environment")
    return found


class GunicornServer:
    """`gunicorn --workers N --bind 127.0.0.1:PORT APP`, started and always stopped."""

    def __init__(self, app: str, *, workers: int, env: dict[str, str], cwd: Path, log: Path):
        self.app, self.workers, self.env, self.cwd, self.log_path = app, workers, env, cwd, log
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __enter__(self) -> "GunicornServer":
        command = [gunicorn_executable(), "--workers", str(self.workers),
                   "--bind", f"{HOST}:{self.port}", self.app]
        self._log = self.log_path.open("wb")
        # Own session: a Ctrl-C on the terminal reaches only us, and we stop it in order.
        self._process = subprocess.Popen(
            command, cwd=self.cwd, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready(timeout=60.0)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _wait_ready(self, *, timeout: float) -> None:
        """Poll /healthz until every worker could have booted; fail with the server's log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.app} exited at start:\n{self.log_tail()}")
            conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()  # also when refused: a leaked socket is a ResourceWarning
            time.sleep(0.2)
        raise RuntimeError(f"{self.app} not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM to the master (it stops its workers), SIGKILL to the group if it lingers."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the workers (Linux /proc; None elsewhere)."""
        if self._process is None:
            return None
        total = 0.0
        try:
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue  # exited meanwhile
                if int(fields[1]) == self._process.pid:  # ppid: one of our workers
                    total += (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        except OSError:
            return None
        return total

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output, for error messages."""
        if self._log is not None:
            self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])
