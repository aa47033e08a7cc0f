"""The fakes' servers stop at once, so that no test waits for a poll to notice a shutdown."""

import time
import urllib.error
import urllib.request

import pytest

from tests.fakes.recording_server import RecordingServer


def test_a_fake_server_answers_and_stops_within_a_few_milliseconds() -> None:
    elapsed = []
    for _ in range(5):
        server = RecordingServer().start()
        with pytest.raises(urllib.error.HTTPError, match="404"):  # the base fake knows no path
            urllib.request.urlopen(f"{server.url}/ping", timeout=5)  # noqa: S310
        started = time.perf_counter()
        server.stop()
        elapsed.append(time.perf_counter() - started)
        assert [request.path for request in server.requests] == ["/ping"]

    assert sum(elapsed) < 0.5, elapsed  # five stops; serve_forever's default poll is 0.5 s each
