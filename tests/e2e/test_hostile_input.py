"""Hostile bodies, signed as the providers sign them, on both backends: stored or clearly refused.

Nothing here may answer 500 (a crash) or 503 (an outage the provider would retry forever);
what cannot be stored as what it claims to be is a 400, its raw body kept for staff review.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from core.messaging import texts
from core.models import InboundMessage, RepairTicket, TelegramUpdate
from gateway.app import create_app
from gateway.wiring import Services
from tests.e2e.gateway_support import (
    ANDROID_SIGNING_KEY,
    NOW,
    PHONE,
    TWILIO_AUTH_TOKEN,
    all_rows,
    count,
    invoke,
    post_android,
    post_twilio,
    seed_stove,
    twilio_params,
    twiml_messages,
)

TELEGRAM_SECRET = "telegram-secret-for-tests"
# What a proxy hands on for a header sent as UTF-8 "é…": WSGI header values are Latin-1 text.
NON_ASCII = "é…".encode().decode("latin-1")


@pytest.fixture
def services(services_with: Callable[..., Services]) -> Services:
    """Every webhook configured with its secret; replies printed (console provider)."""
    return services_with(
        TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN,
        ANDROID_GATEWAY_SIGNING_KEY=ANDROID_SIGNING_KEY,
        TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
    )


@pytest.fixture
def client(services: Services) -> Any:
    """A gateway for a household registered with stove ABC123 by Twilio SMS."""
    seed_stove(services)
    client = create_app(services=services).test_client()
    twiml_messages(post_twilio(client, twilio_params("REGISTRO ABC123", sid="SM" + "0" * 32)))
    return client


def android_event(message: Any = "uso 5", phone: Any = PHONE, **payload: Any) -> bytes:
    """An sms:received webhook body with these payload values."""
    body = {"message": message, "phoneNumber": phone, "receivedAt": "2026-11-27T19:41:20-05:00"}
    body.update(payload)
    event = {"event": "sms:received", "id": f"evt-{len(json.dumps(body))}-{hash(str(body))}",
             "deviceId": "phone-1", "payload": body}
    return json.dumps(event).encode()


def kept_raw(services: Services) -> InboundMessage:
    """The newest stored message, which must be a raw body kept for review."""
    kept = all_rows(services, InboundMessage)[-1]
    assert (kept.interpretation, kept.needs_review, kept.sender_valid) == ("rejected", True, False)
    return kept


def test_a_nul_byte_in_a_problem_report_opens_the_ticket(services: Services, client: Any) -> None:
    params = twilio_params("FALLA no\x00prende", sid="SM" + "1" * 32)
    assert twiml_messages(post_twilio(client, params)) == [texts.PROBLEM_OPENED.format(ticket=1)]
    [ticket] = all_rows(services, RepairTicket)
    assert ticket.description.endswith("no\ufffdprende")
    assert all_rows(services, InboundMessage)[-1].body == "FALLA no\ufffdprende"


@pytest.mark.parametrize(
    ("message", "phone"),
    [("uso 5 \ud83d", PHONE), ("uso 5", PHONE + "\ud83d"), ("uso\x00 5", "\udc00")],
    ids=["surrogate-in-text", "surrogate-in-phone", "nul-and-bare-surrogate"],
)
def test_lone_surrogates_and_nul_from_the_android_app_are_stored(
    services: Services, client: Any, message: str, phone: str
) -> None:
    raw = json.dumps({"event": "sms:received", "id": "evt-odd", "deviceId": "phone-1",
                      "payload": {"message": message, "phoneNumber": phone,
                                  "receivedAt": "2026-11-27T19:41:20-05:00"}}).encode()
    response = post_android(client, raw)
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = all_rows(services, InboundMessage)[-1]
    assert stored.provider_id == "evt-odd"
    assert stored.body == message.replace("\x00", "\ufffd").replace("\ud83d", "\ufffd")
    assert "\\ud83d" in stored.raw_payload or "\\udc00" in stored.raw_payload


def test_a_body_nested_100000_deep_is_refused_and_kept_raw(services: Services, client: Any) -> None:
    raw = ('{"event":"sms:received","payload":' + "[" * 100_000 + "]" * 100_000 + "}").encode()
    response = post_android(client, raw)
    assert response.status_code == 400
    assert "nested deeper" in response.get_json()["error"]
    assert kept_raw(services).raw_payload == raw.decode()


@pytest.mark.parametrize(
    "received_at", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+00:00", "not a time"]
)
def test_a_receive_time_that_cannot_be_stored_counts_at_arrival_and_the_export_still_works(
    services: Services, client: Any, received_at: str
) -> None:
    response = post_android(client, android_event(receivedAt=received_at))
    assert response.status_code == 200
    android = [m for m in all_rows(services, InboundMessage) if m.provider == "android"]
    assert [m.received_at for m in android] == [NOW]
    assert android[0].receipt_note is not None
    assert received_at in android[0].raw_payload  # the phone's claim is kept as evidence
    exported = invoke(services.settings, "export", "messages")
    assert exported.exit_code == 0, exported.output
    assert exported.output.count("\n") == 3  # header, the registration, the usage report


@pytest.mark.parametrize("update_id", ["1e23", "1.5", "100000000000000000000000", "-1", "true"])
def test_a_telegram_update_id_that_cannot_be_stored_is_a_bad_request(
    services: Services, client: Any, update_id: str
) -> None:
    raw = '{"update_id": ' + update_id + ', "message": {"text": "hola"}}'
    response = client.post("/telegram/webhook", data=raw, content_type="application/json",
                           headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert response.status_code == 400
    assert "update_id" in response.get_json()["error"]
    assert count(services, TelegramUpdate) == 0
    assert kept_raw(services).raw_payload == raw


def test_non_ascii_signature_headers_are_forbidden(services: Services, client: Any) -> None:
    raw = android_event()
    stamp = str(int(NOW.timestamp()))
    android = client.post("/sms/android", data=raw, content_type="application/json",
                          headers={"X-Signature": NON_ASCII, "X-Timestamp": stamp})
    odd_stamp = client.post("/sms/android", data=raw, content_type="application/json",
                            headers={"X-Signature": "ab", "X-Timestamp": "١٧٦٤٢٩٠٣٨٠"})
    telegram = client.post("/telegram/webhook", data='{"update_id": 1}',
                           content_type="application/json",
                           headers={"X-Telegram-Bot-Api-Secret-Token": NON_ASCII})
    twilio = client.post("/sms/twilio", data=twilio_params("uso 5", sid="SM" + "2" * 32),
                         headers={"X-Twilio-Signature": NON_ASCII})
    codes = [r.status_code for r in (android, odd_stamp, telegram, twilio)]
    assert codes == [403, 403, 403, 403]
    assert count(services, InboundMessage) == 1 and count(services, TelegramUpdate) == 0


def test_a_value_the_database_refuses_is_bad_input_and_the_message_is_kept(
    services: Services, client: Any
) -> None:
    """A DataError (say, text the backend cannot hold) is no outage: no 503, no endless retry."""

    def refuse(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "INSERT INTO repair_tickets" in statement:
            dbapi = services.engine.dialect.dbapi
            assert dbapi is not None
            raise dbapi.DataError("invalid byte sequence")

    event.listen(services.engine, "before_cursor_execute", refuse)
    try:
        response = post_twilio(client, twilio_params("FALLA humo", sid="SM" + "3" * 32))
    finally:
        event.remove(services.engine, "before_cursor_execute", refuse)
    assert twiml_messages(response) == [texts.HELP_UNREADABLE]
    kept = all_rows(services, InboundMessage)[-1]
    assert (kept.body, kept.interpretation, kept.needs_review) == ("FALLA humo", "error", True)
    assert count(services, RepairTicket) == 0
