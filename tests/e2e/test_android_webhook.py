"""POST /sms/android end to end: HMAC-signed events in, replies out through the app's REST API.

The app's API is a local fake; the Flask test client runs the after-response send when the
response is closed, which the tests make explicit with `with client.post(...)`.
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from android_gateway import FakeAndroidGateway
from flask.testing import FlaskClient
from gateway_support import (
    ANDROID_PASSWORD,
    ANDROID_SIGNING_KEY,
    ANDROID_USER,
    NOW,
    PHONE,
    WEEK,
    all_rows,
    count,
    fixture_bytes,
    post_android,
    seed_stove,
)

from core.messaging import texts
from core.models import InboundMessage, OutboundMessage, UsageObservation
from gateway.app import create_app
from gateway.scheduler import send_due_messages
from gateway.sms.signing import android_received
from gateway.wiring import Services

USAGE_REPLY = texts.USAGE_RECORDED.format(days=5, week=WEEK)


@pytest.fixture
def services(services_with: Callable[..., Services], fake_android: FakeAndroidGateway) -> Services:
    """Services replying through the Android app, whose API is the local fake, unpaced."""
    return services_with(
        SMS_PROVIDER="android",
        ANDROID_SEND_INTERVAL="0",
        ANDROID_GATEWAY_URL=fake_android.url,
        ANDROID_GATEWAY_USER=ANDROID_USER,
        ANDROID_GATEWAY_PASSWORD=ANDROID_PASSWORD,
        ANDROID_GATEWAY_SIGNING_KEY=ANDROID_SIGNING_KEY,
    )


@pytest.fixture
def client(services: Services, fake_android: FakeAndroidGateway) -> FlaskClient:
    """A client for a household already registered with stove ABC123 (its reply sent)."""
    seed_stove(services)
    client = create_app(services=services).test_client()
    signed = android_received(
        signing_key=ANDROID_SIGNING_KEY,
        sender="987654321",
        body="REGISTRO ABC123",
        received_at=NOW - timedelta(minutes=5),
        timestamp=int(NOW.timestamp()),
    )
    with client.post(signed.path, data=signed.body, headers=signed.headers) as response:
        assert response.get_json()["reply"] == texts.REGISTER_DONE.format(code="ABC123")
    assert len(fake_android.accepted) == 1
    return client


def recorded(name: str, **changes: Any) -> bytes:
    """A recorded webhook with top-level or payload fields changed, re-serialised."""
    event = json.loads(fixture_bytes(name))
    for key, value in changes.items():
        target = event["payload"] if key in event["payload"] else event
        target[key] = value
    return json.dumps(event).encode()


def test_the_recorded_sms_is_stored_answered_and_the_reply_sent_after_the_response(
    services: Services, client: FlaskClient, fake_android: FakeAndroidGateway
) -> None:
    with post_android(client, fixture_bytes("android_sms_received.json")) as response:
        assert response.status_code == 200
        assert response.get_json()["status"] == "stored"
        assert response.get_json()["reply"] == USAGE_REPLY
        assert len(fake_android.accepted) == 1  # only the registration reply, so far
    sent = fake_android.message_calls[-1]
    assert sent.basic_auth == (ANDROID_USER, ANDROID_PASSWORD)
    assert sent.json["phoneNumbers"] == [PHONE]
    assert sent.json["textMessage"] == {"text": USAGE_REPLY}
    stored = all_rows(services, InboundMessage)[-1]
    assert (stored.provider_id, stored.sender, stored.body) == (
        "Ey6ECgOkVVFjz3CL48B8C",
        PHONE,
        "Uso 5",
    )
    # receivedAt 2026-11-27T19:46:11-05:00 is 2026-11-28T00:46:11Z.
    assert stored.received_at == datetime(2026, 11, 28, 0, 46, 11, tzinfo=UTC)
    [observation] = all_rows(services, UsageObservation)
    assert (observation.week, observation.days_used) == (WEEK, 5)
    reply = all_rows(services, OutboundMessage)[-1]
    assert (reply.status, reply.provider_id) == ("sent", sent.json["id"])


@pytest.mark.parametrize("retry", ["same-event-id", "new-event-id-same-content"])
def test_a_resent_webhook_is_a_duplicate_and_nothing_is_sent_again(
    services: Services, client: FlaskClient, fake_android: FakeAndroidGateway, retry: str
) -> None:
    with post_android(client, fixture_bytes("android_sms_received.json")):
        pass
    again = fixture_bytes("android_sms_received.json")
    if retry == "new-event-id-same-content":
        again = recorded("android_sms_received.json", id="Nw1eVentIdAfterReinstall")
    with post_android(client, again) as response:
        assert response.get_json() == {
            "status": "duplicate",
            "message_id": response.get_json()["message_id"],
            "reply": USAGE_REPLY,
        }
    assert count(services, InboundMessage) == 2  # REGISTRO and Uso 5
    assert count(services, OutboundMessage) == 2
    assert count(services, UsageObservation) == 1
    assert len(fake_android.message_calls) == 2


@pytest.mark.parametrize(
    ("case", "key", "moment"),
    [
        ("wrong-key", "not-the-signing-key", NOW),
        ("six-minutes-old", ANDROID_SIGNING_KEY, NOW - timedelta(minutes=6)),
        ("six-minutes-ahead", ANDROID_SIGNING_KEY, NOW + timedelta(minutes=6)),
    ],
)
def test_a_wrong_or_stale_signature_is_refused_and_nothing_stored(
    services: Services, client: FlaskClient, case: str, key: str, moment: datetime
) -> None:
    response = post_android(
        client, fixture_bytes("android_sms_received.json"), key=key, timestamp=moment
    )
    assert response.status_code == 403
    assert count(services, InboundMessage) == 1  # the registration only


def test_missing_signature_headers_are_refused(services: Services, client: FlaskClient) -> None:
    response = client.post(
        "/sms/android",
        data=fixture_bytes("android_sms_received.json"),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert count(services, InboundMessage) == 1


def test_a_signed_body_that_is_not_json_is_a_bad_request_kept_raw_for_review(
    services: Services, client: FlaskClient
) -> None:
    response = post_android(client, b"payload=not-json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "body is not JSON"
    kept = all_rows(services, InboundMessage)[-1]
    assert (kept.raw_payload, kept.interpretation, kept.needs_review) == (
        "payload=not-json", "rejected", True
    )
    assert post_android(client, b"payload=not-json").status_code == 400  # the app retries
    assert count(services, InboundMessage) == 2  # the registration, and this body once


def _reply_id(services: Services, client: FlaskClient) -> tuple[int, str]:
    with post_android(client, fixture_bytes("android_sms_received.json")):
        pass
    reply = all_rows(services, OutboundMessage)[-1]
    assert reply.id is not None and reply.provider_id
    return reply.id, reply.provider_id


def test_a_delivery_report_marks_the_reply_delivered(
    services: Services, client: FlaskClient
) -> None:
    reply_id, provider_id = _reply_id(services, client)
    response = post_android(client, recorded("android_sms_delivered.json", messageId=provider_id))
    assert response.get_json() == {"status": "recorded"}
    assert all_rows(services, OutboundMessage)[-1].status == "delivered"


def test_a_failure_report_marks_the_reply_failed_with_the_reason(
    services: Services, client: FlaskClient
) -> None:
    reply_id, provider_id = _reply_id(services, client)
    response = post_android(client, recorded("android_sms_failed.json", messageId=provider_id))
    assert response.get_json() == {"status": "recorded"}
    reply = all_rows(services, OutboundMessage)[-1]
    assert (reply.id, reply.status, reply.last_error) == (
        reply_id,
        "failed",
        "RESULT_ERROR_GENERIC_FAILURE",
    )


def test_a_report_for_an_unknown_message_is_acknowledged_and_ignored(
    services: Services, client: FlaskClient
) -> None:
    response = post_android(client, fixture_bytes("android_sms_delivered.json"))
    assert response.get_json() == {"status": "unknown message"}


def test_when_the_phone_is_unreachable_the_reply_waits_and_the_scheduler_sends_it(
    services: Services, client: FlaskClient, fake_android: FakeAndroidGateway
) -> None:
    fake_android.fail_next_with_server_error()
    with post_android(client, fixture_bytes("android_sms_received.json")) as response:
        assert response.get_json()["reply"] == USAGE_REPLY
    reply = all_rows(services, OutboundMessage)[-1]
    assert (reply.status, reply.attempts) == ("queued", 1)
    assert "unreachable" in (reply.last_error or "")
    services.clock = lambda: NOW + timedelta(minutes=2)  # first back-off: 2 minutes
    assert send_due_messages(services) == 1
    assert [c.status for c in fake_android.message_calls] == [202, 500, 202]
    assert fake_android.accepted[-1]["textMessage"] == {"text": USAGE_REPLY}
    assert all_rows(services, OutboundMessage)[-1].status == "sent"
