"""Sending through Twilio's REST API (a local fake of it) and Twilio's status callbacks."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from core.messaging import texts
from core.models import DeliveryEvent, OutboundMessage
from core.outbox.queue import queue_sms
from gateway.app import create_app
from gateway.scheduler import send_due_messages
from gateway.wiring import Services
from tests.e2e.gateway_support import (
    NOW,
    PHONE,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_NUMBER,
    all_rows,
    fixture_form,
    post_twilio,
)
from tests.fakes.twilio_api import FakeTwilioApi

MESSAGING_SERVICE = "MG2b7e0c4d1a9f8e7d6c5b4a3f2e1d0c9b"
PUBLIC = "https://qoncha.example.org"


@pytest.fixture
def twilio_services(
    services_with: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> Callable[..., Services]:
    """Services sending through Twilio, whose API is the local fake."""

    def build(**overrides: str) -> Services:
        values = {
            "SMS_PROVIDER": "twilio",
            "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "TWILIO_FROM": TWILIO_NUMBER,
            "TWILIO_API_BASE": fake_twilio.url,
            "PUBLIC_BASE_URL": PUBLIC,
        }
        return services_with(**{**values, **overrides})

    return build


def queue(services: Services, body: str = texts.WEEKLY_PROMPT, to: str = PHONE) -> int:
    with services.uow() as uow:
        outbound = queue_sms(
            uow.session, to=to, body=body, provider="twilio", now=NOW, purpose="weekly_prompt"
        )
        uow.commit()
        assert outbound.id is not None
        return outbound.id


def outbound(services: Services, outbound_id: int) -> OutboundMessage:
    with services.uow() as uow:
        row = uow.session.get(OutboundMessage, outbound_id)
        assert row is not None
        return row


def at(services: Services, later: timedelta) -> Services:
    services.clock = lambda: NOW + later
    return services


@pytest.mark.parametrize(
    ("sender", "field"),
    [
        (TWILIO_NUMBER, "From"),
        (MESSAGING_SERVICE, "MessagingServiceSid"),
    ],
)
def test_a_queued_sms_is_sent_through_twilio_with_sender_recipient_and_body(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi, sender: str, field: str
) -> None:
    services = twilio_services(TWILIO_FROM=sender)
    outbound_id = queue(services)
    assert send_due_messages(services) == 1
    [call] = fake_twilio.message_calls
    assert call.basic_auth == (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
    assert call.form[field] == sender
    assert (call.form["To"], call.form["Body"]) == (PHONE, texts.WEEKLY_PROMPT)
    assert call.form["StatusCallback"] == f"{PUBLIC}/sms/twilio/status"
    row = outbound(services, outbound_id)
    assert row.provider_id == fake_twilio.created[0]["sid"]
    assert row.sent_at == NOW
    assert row.last_error is None


def test_an_sms_twilio_accepted_is_not_sent_again_later(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    services = twilio_services(PUBLIC_BASE_URL="")  # no status callbacks come back
    queue(services)
    assert send_due_messages(services) == 1
    # The send lease is 10 minutes; an hour later nothing may be sent a second time.
    assert send_due_messages(at(services, timedelta(hours=1))) == 0
    assert len(fake_twilio.message_calls) == 1


def test_an_invalid_number_is_a_permanent_failure_never_retried(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    services = twilio_services()
    outbound_id = queue(services)
    fake_twilio.fail_next_with_invalid_number()
    assert send_due_messages(services) == 0
    row = outbound(services, outbound_id)
    assert row.status == "failed"
    assert "21211" in (row.last_error or "")
    assert send_due_messages(at(services, timedelta(days=1))) == 0
    assert len(fake_twilio.message_calls) == 1


def test_a_twilio_server_error_is_retried_after_the_back_off(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    services = twilio_services()
    outbound_id = queue(services)
    fake_twilio.fail_next_with_server_error()
    assert send_due_messages(services) == 0
    row = outbound(services, outbound_id)
    assert (row.status, row.attempts) == ("queued", 1)
    assert "500" in (row.last_error or "")
    # First back-off: 30 s with jitter, between half and all of it.
    wait = row.next_attempt_at - NOW
    assert timedelta(seconds=15) <= wait <= timedelta(seconds=30)
    assert send_due_messages(at(services, wait - timedelta(seconds=1))) == 0
    assert send_due_messages(at(services, wait)) == 1
    assert [c.status for c in fake_twilio.message_calls] == [500, 201]
    row = outbound(services, outbound_id)
    assert row.provider_id == fake_twilio.created[0]["sid"]
    assert (row.attempts, row.last_error) == (2, None)


def sent_through_fake(services: Services, fake: FakeTwilioApi) -> tuple[int, str, str]:
    """Send one SMS; return its id, Twilio's SID and the callback URL Twilio was given."""
    outbound_id = queue(services)
    assert send_due_messages(services) == 1
    return outbound_id, fake.created[-1]["sid"], fake.message_calls[-1].form["StatusCallback"]


def callback(
    client: Any, sid: str, status: str, url: str, token: str | None = TWILIO_AUTH_TOKEN
) -> Any:
    params = fixture_form("twilio_status.txt")
    params.update({"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status})
    return post_twilio(
        client,
        params,
        token=token,
        signed_url=url,
        path="/sms/twilio/status",
        base_url="http://10.0.0.7:8000",
    )


def test_a_signed_status_callback_updates_the_outbound_message(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    services = twilio_services()
    outbound_id, sid, url = sent_through_fake(services, fake_twilio)
    client = create_app(services=services).test_client()
    response = callback(client, sid, "delivered", url)
    assert response.status_code == 200
    assert outbound(services, outbound_id).status == "delivered"
    events = [e for e in all_rows(services, DeliveryEvent) if e.outbound_id == outbound_id]
    assert [e.status for e in events][-1] == "delivered"
    assert f"MessageSid={sid}" in events[-1].raw_payload


def test_callbacks_out_of_order_keep_delivered_and_each_is_appended(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    services = twilio_services()
    outbound_id, sid, url = sent_through_fake(services, fake_twilio)
    client = create_app(services=services).test_client()
    before = len(all_rows(services, DeliveryEvent))
    assert callback(client, sid, "delivered", url).status_code == 200
    assert callback(client, sid, "sent", url).status_code == 200
    assert outbound(services, outbound_id).status == "delivered"
    statuses = [e.status for e in all_rows(services, DeliveryEvent)][before:]
    assert statuses == ["delivered", "sent"]


def test_an_unsigned_status_callback_is_refused_and_changes_nothing(
    twilio_services: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    services = twilio_services()
    outbound_id, sid, url = sent_through_fake(services, fake_twilio)
    client = create_app(services=services).test_client()
    before = len(all_rows(services, DeliveryEvent))
    assert callback(client, sid, "failed", url, token=None).status_code == 403
    assert outbound(services, outbound_id).status != "failed"
    assert len(all_rows(services, DeliveryEvent)) == before
