"""One delivery policy for every sender: a webhook's reply in the request's wake obeys the
bulk-SMS hours and the phone's pace like the scheduler's dispatcher, and sends nothing else;
a row whose batch outlives its lease is still sent once; revoked staff receive nothing."""

import inspect
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from android_gateway import FakeAndroidGateway
from flask.testing import FlaskClient
from gateway_support import (
    ANDROID_PASSWORD,
    ANDROID_SIGNING_KEY,
    ANDROID_USER,
    TELEGRAM_BOT_TOKEN,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_NUMBER,
    all_rows,
    invoke,
    seed_stove,
    unpaced,
)
from smtp_server import FakeSmtp
from telegram_api import FakeTelegramApi
from twilio_api import FakeTwilioApi

from core.messaging import texts
from core.messaging.inbound import queue_sms
from core.models import OutboundMessage, StaffMember
from core.outbox.delivery import claim_due, queue_chat_message, release
from core.outbox.dispatch import dispatch_outbound
from core.staffbot.members import revoke_staff
from gateway.app import create_app
from gateway.sms.signing import android_received
from gateway.wiring import Services

# Saturday 2026-11-28 01:36 in Lima: outside BULK_SMS_HOURS.
NIGHT = datetime(2026, 11, 28, 6, 36, tzinfo=UTC)


@pytest.fixture
def services(services_with: Callable[..., Services], fake_android: FakeAndroidGateway) -> Services:
    """Android replies, with the phone's default pace (one SMS every 10 s), at night."""
    services = services_with(
        SMS_PROVIDER="android",
        ANDROID_GATEWAY_URL=fake_android.url,
        ANDROID_GATEWAY_USER=ANDROID_USER,
        ANDROID_GATEWAY_PASSWORD=ANDROID_PASSWORD,
        ANDROID_GATEWAY_SIGNING_KEY=ANDROID_SIGNING_KEY,
    )
    services.clock = lambda: NIGHT
    return services


def post_sms(client: FlaskClient, sender: str, body: str) -> None:
    """An SMS arriving through the Android webhook; the after-response send runs on close."""
    signed = android_received(
        signing_key=ANDROID_SIGNING_KEY, sender=sender, body=body,
        received_at=NIGHT - timedelta(minutes=1), timestamp=int(NIGHT.timestamp()),
    )
    with client.post(signed.path, data=signed.body, headers=signed.headers) as response:
        assert response.status_code == 200


def queue_prompts(services: Services, count: int) -> None:
    with services.uow() as uow:
        for i in range(count):
            queue_sms(uow.session, to=f"+5198765{i:04d}", body=texts.WEEKLY_PROMPT,
                      provider="android", now=NIGHT - timedelta(hours=3), purpose="prompt")
        uow.commit()


def test_a_webhook_at_night_sends_its_reply_and_no_queued_prompt(
    services: Services, fake_android: FakeAndroidGateway
) -> None:
    seed_stove(services)
    queue_prompts(services, 5)
    post_sms(create_app(services=services).test_client(), "987654321", "REGISTRO ABC123")
    sent = fake_android.accepted
    assert [m["textMessage"]["text"] for m in sent] == [
        texts.REGISTER_DONE.format(code="ABC123")
    ]
    prompts = [r for r in all_rows(services, OutboundMessage) if r.purpose == "prompt"]
    assert [(r.status, r.attempts) for r in prompts] == [("queued", 0)] * 5


def test_replies_in_a_webhook_s_wake_keep_the_phone_s_pace(
    services: Services, fake_android: FakeAndroidGateway
) -> None:
    seed_stove(services)
    seed_stove(services, code="XYZ789")
    client = create_app(services=services).test_client()
    post_sms(client, "987654321", "REGISTRO ABC123")
    post_sms(client, "987654322", "REGISTRO XYZ789")
    assert len(fake_android.accepted) == 1  # the second waits 10 s for the scheduler
    second = all_rows(services, OutboundMessage)[-1]
    assert (second.status, second.attempts, second.provider_id) == ("queued", 0, None)
    assert NIGHT < second.next_attempt_at <= NIGHT + timedelta(seconds=10)


def test_a_batch_that_outlives_its_lease_still_sends_each_row_once(
    services_with: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    twilio = {
        "SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN, "TWILIO_FROM": TWILIO_NUMBER,
        "TWILIO_API_BASE": fake_twilio.url,
        # The lease scaled down from 10 minutes: a 10-row batch at 0.2 s a send outlives it.
        "SEND_LEASE_SECONDS": "1.0", "SEND_DEADLINE_SECONDS": "0.8",
    }
    first, second = services_with(**twilio), services_with(**twilio)
    bodies = [f"mensaje {i}" for i in range(10)]
    with first.uow() as uow:
        for i, body in enumerate(bodies):
            queue_sms(uow.session, to=f"+519876{i:05d}", body=body, provider="twilio",
                      now=datetime.now(UTC) - timedelta(seconds=1))
        uow.commit()
    fake_twilio.stall_next(len(bodies), 0.2)  # a slow provider

    def run(which: Services) -> None:
        dispatch_outbound(which.uow(), which.outbox_transports(), now=datetime.now(UTC),
                          pacing=unpaced(which), limit=10, drain=True)

    threads = [threading.Thread(target=run, args=(s,)) for s in (first, second)]
    threads[0].start()
    time.sleep(1.5)  # the first dispatcher is far into its batch, its leases long gone
    threads[1].start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(m["body"] for m in fake_twilio.created) == bodies


def test_a_dispatcher_never_gives_back_a_row_another_one_claimed_since(
    services_with: Callable[..., Services],
) -> None:
    services = services_with()
    with services.uow() as uow:
        queue_sms(uow.session, to="+51987650001", body="hola", provider="console", now=NIGHT)
        uow.commit()
    policy = services.policy

    def claim(at: datetime) -> list:
        return claim_due(services.uow(), providers=["console"], now=at, limit=5, policy=policy)

    [late] = claim(NIGHT)
    [current] = claim(NIGHT + policy.lease)  # the first lease ran out
    release(services.uow(), late, until=NIGHT)
    [row] = all_rows(services, OutboundMessage)
    assert (row.status, row.attempts) == ("sending", current.attempts) == ("sending", 2)


def test_alerts_queued_before_a_revocation_are_held_not_sent(
    services_with: Callable[..., Services], fake_telegram: FakeTelegramApi
) -> None:
    smtp = FakeSmtp().start()
    try:
        services = services_with(
            TELEGRAM_BOT_TOKEN=TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE=fake_telegram.url,
            SMTP_URL=f"smtp://127.0.0.1:{smtp.port}", SMTP_FROM="qoncha@example.org",
        )
        with services.uow() as uow:
            for chat, email in ((701, "ana@example.org"), (702, "luis@example.org")):
                uow.session.add(StaffMember(role="coordinator", telegram_chat_id=chat, email=email))
                queue_chat_message(uow.session, channel="telegram", recipient=str(chat),
                                   body="Ticket 4 abierto", purpose="staff", now=NIGHT)
                queue_chat_message(uow.session, channel="email", recipient=email,
                                   body="Resumen", purpose="digest", now=NIGHT)
            uow.commit()
        revoke_staff(services.uow(), staff_id=1, now=NIGHT + timedelta(minutes=1))
        dispatch_outbound(services.uow(), services.outbox_transports(),
                          now=NIGHT + timedelta(minutes=2), pacing=unpaced(services))
        emailed = [m.rcpt_tos for m in smtp.messages]
    finally:
        smtp.stop()
    assert [c.params["chat_id"] for c in fake_telegram.calls("sendMessage")] == ["702"]
    assert emailed == [["luis@example.org"]]
    held = [(r.channel, r.recipient, r.last_error) for r in all_rows(services, OutboundMessage)
            if r.status == "held"]
    assert held == [("telegram", "701", "staff member revoked"),
                    ("email", "ana@example.org", "staff member revoked")]
    status = invoke(services.settings, "outbox", "status")
    assert "held on email: 1 (staff member revoked)" in status.output
    assert "held on telegram: 1 (staff member revoked)" in status.output


def test_no_sender_can_run_without_the_wired_policy() -> None:
    from core.outbox.delivery import claim_due
    from core.outbox.dispatch import Pacing
    from core.outbox.policy import DeliveryPolicy

    required = inspect.Parameter.empty
    assert inspect.signature(dispatch_outbound).parameters["pacing"].default is required
    assert inspect.signature(claim_due).parameters["policy"].default is required
    assert inspect.signature(Pacing).parameters["policy"].default is required
    assert all(p.default is required for p in inspect.signature(DeliveryPolicy).parameters.values())
    assert inspect.signature(Services).parameters["policy"].default is required
