"""A Bot API or an Android gateway phone that drips its answer stalls one send, never longer
than SEND_DEADLINE_SECONDS: socket timeouts alone would wait forever on a byte every second."""

import time

import pytest
from conftest import make_settings
from smtp_server import StalledSmtp

from core.ports import SendError
from gateway.sms.android import AndroidSmsTransport
from gateway.telegram_sender import TelegramChatSender

DEADLINE = 1.0
HTTP_DRIP = b"HTTP/1.1 200 OK\r\nX-Slow: "  # never ends its headers


@pytest.fixture(params=[0.0, 0.2], ids=["silent", "dripping"])
def stalled(request: pytest.FixtureRequest):  # noqa: ANN201 - the fake's type
    peer = StalledSmtp(drip=request.param, greeting=HTTP_DRIP).start()
    yield peer
    peer.stop()


def _timed(send) -> tuple[float, SendError]:  # noqa: ANN001
    started = time.monotonic()
    with pytest.raises(SendError) as failed:
        send()
    return time.monotonic() - started, failed.value


def test_the_bot_api_gets_a_total_deadline(stalled: StalledSmtp) -> None:
    settings = make_settings("sqlite://", TELEGRAM_BOT_TOKEN="123:abc",
                             TELEGRAM_API_BASE=f"http://127.0.0.1:{stalled.port}",
                             SEND_DEADLINE_SECONDS=str(DEADLINE), SEND_LEASE_SECONDS="30")
    sender = TelegramChatSender(settings)
    took, error = _timed(lambda: sender.send(to="42", body="hola", reference="1"))
    assert took < DEADLINE + 2.0
    assert not error.permanent  # retried later, by then perhaps the peer is well again
    assert "123:abc" not in str(error)


def test_the_android_phone_gets_a_total_deadline(stalled: StalledSmtp) -> None:
    settings = make_settings("sqlite://", SMS_PROVIDER="android",
                             ANDROID_GATEWAY_URL=f"http://127.0.0.1:{stalled.port}",
                             ANDROID_GATEWAY_USER="u", ANDROID_GATEWAY_PASSWORD="p",
                             SEND_DEADLINE_SECONDS=str(DEADLINE), SEND_LEASE_SECONDS="30")
    transport = AndroidSmsTransport(settings)
    took, error = _timed(lambda: transport.send(to="+51987654321", body="hola", reference="1"))
    assert took < DEADLINE + 2.0
    assert "deadline" in str(error) and not error.permanent
