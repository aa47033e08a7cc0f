"""E-mail through local SMTP peers: a stalled server holds up only e-mail, every exchange ends
by its deadline, and a password never crosses a link without TLS."""

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from gateway_support import NOW, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER, all_rows
from smtp_server import FakeSmtp, StalledSmtp
from twilio_api import FakeTwilioApi

from core.messaging.inbound import queue_sms
from core.models import OutboundMessage
from core.outbox.delivery import queue_chat_message
from core.ports import SendError
from gateway.email_sender import NO_STARTTLS
from gateway.scheduler import send_due_messages
from gateway.wiring import Services

DEADLINE = 1.5  # seconds, scaled down from the default 30 through SEND_DEADLINE_SECONDS


@pytest.fixture
def fake_smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp().start()
    yield server
    server.stop()


def email_services(services_with: Callable[..., Services], url: str, **extra: str) -> Services:
    return services_with(SMTP_URL=url, SMTP_FROM="qoncha@example.org",
                         SEND_DEADLINE_SECONDS=str(DEADLINE), **extra)


def send_one(services: Services) -> None:
    services.senders["email"].send(to="coord@example.org", body="Resumen", reference="1")


def test_sms_behind_two_digests_leave_at_their_pace_while_smtp_never_answers(
    services_with: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    stalled = StalledSmtp().start()
    try:
        services = email_services(
            services_with, f"smtp://127.0.0.1:{stalled.port}", SMS_PROVIDER="twilio",
            TWILIO_ACCOUNT_SID=TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN,
            TWILIO_FROM=TWILIO_NUMBER, TWILIO_API_BASE=fake_twilio.url,
            TWILIO_SEND_INTERVAL="0.1",
        )
        with services.uow() as uow:
            for who in ("ana", "luis"):
                queue_chat_message(uow.session, channel="email", recipient=f"{who}@example.org",
                                   body="Resumen semanal", purpose="digest", now=NOW)
            for i in range(3):
                queue_sms(uow.session, to=f"+5198765000{i}", body=f"respuesta {i}",
                          provider="twilio", now=NOW)
            uow.commit()
        start = time.monotonic()
        run = threading.Thread(target=send_due_messages, args=(services,))
        run.start()
        while len(fake_twilio.created) < 3 and time.monotonic() - start < 10:
            time.sleep(0.02)
        sms_done = time.monotonic() - start
        run.join(timeout=30)
        took = time.monotonic() - start
    finally:
        stalled.stop()
    # Three SMS at 0.1 s apart, before even one SMTP exchange has run out of time (the old
    # dispatcher sent them only after both digests had stalled).
    assert len(fake_twilio.created) == 3 and sms_done < DEADLINE
    assert stalled.connections == 2
    emails = [r for r in all_rows(services, OutboundMessage) if r.channel == "email"]
    assert [r.status for r in emails] == ["queued", "queued"]  # retried later with back-off
    assert all("deadline" in (r.last_error or "") for r in emails)
    assert took < 2 * DEADLINE + 3  # each stalled exchange cut at its deadline


def test_a_greeting_dripped_a_byte_at_a_time_ends_at_the_deadline(
    services_with: Callable[..., Services],
) -> None:
    dripping = StalledSmtp(drip=0.2).start()  # each read gets a byte well within its timeout
    try:
        services = email_services(services_with, f"smtp://127.0.0.1:{dripping.port}")
        start = time.monotonic()
        with pytest.raises(SendError, match="deadline") as failure:
            send_one(services)
        took = time.monotonic() - start
    finally:
        dripping.stop()
    assert not failure.value.permanent
    assert DEADLINE <= took < DEADLINE + 2.0  # the greeting alone would take minutes


def test_credentials_are_never_sent_to_a_server_without_starttls(
    services_with: Callable[..., Services], fake_smtp: FakeSmtp
) -> None:
    services = email_services(services_with, f"smtp://qoncha:s3cret@127.0.0.1:{fake_smtp.port}")
    with pytest.raises(SendError) as failure:
        send_one(services)
    assert str(failure.value) == NO_STARTTLS
    assert fake_smtp.logins == [] and fake_smtp.messages == []


def test_without_credentials_a_plain_relay_still_gets_the_mail(
    services_with: Callable[..., Services], fake_smtp: FakeSmtp
) -> None:
    services = email_services(services_with, f"smtp://127.0.0.1:{fake_smtp.port}")
    send_one(services)
    assert [m.rcpt_tos for m in fake_smtp.messages] == [["coord@example.org"]]


def test_the_scheduler_drains_each_provider_in_its_own_job(
    services_with: Callable[..., Services], fake_smtp: FakeSmtp
) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from gateway.scheduler import configure_jobs

    services = email_services(services_with, f"smtp://127.0.0.1:{fake_smtp.port}")
    scheduler = configure_jobs(BackgroundScheduler(), services, persistent=False)
    sending = sorted(j.id for j in scheduler.get_jobs() if j.id.startswith("send_due"))
    assert sending == [f"send_due_messages_{p}" for p in sorted(services.outbox_transports())]
    assert "send_due_messages_email" in sending
