"""POST /sms/twilio end to end: signed form in, TwiML out, the message and its meaning stored."""

import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from flask.testing import FlaskClient
from pydantic import ValidationError
from twilio.request_validator import RequestValidator

from core.gsm7 import fits_one_segment
from core.messaging import texts
from core.models import InboundMessage, Phone, UsageObservation
from core.settings import Settings
from gateway.app import create_app
from gateway.sms.signing import twilio_inbound
from gateway.wiring import Services
from tests.e2e.gateway_support import (
    NOW,
    PHONE,
    TWILIO_AUTH_TOKEN,
    WEEK,
    all_rows,
    count,
    fixture_bytes,
    fixture_form,
    post_twilio,
    seed_stove,
    twilio_params,
    twiml_messages,
)
from tests.support import make_settings


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The webhook's auth token is configured, as in production."""
    return make_settings(db_url, TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN)


@pytest.fixture
def client(services: Services) -> FlaskClient:
    services.clock = lambda: NOW
    return create_app(services=services).test_client()


def new_sid() -> str:
    return "SM" + secrets.token_hex(16)


def register(client: FlaskClient) -> None:
    signed = twilio_inbound(
        base_url="http://localhost",
        auth_token=TWILIO_AUTH_TOKEN,
        sender=PHONE,
        body="REGISTRO ABC123",
    )
    response = client.post(signed.path, data=signed.body, headers=signed.headers)
    assert twiml_messages(response) == [texts.REGISTER_DONE.format(code="ABC123")]


def test_signed_registration_then_usage_is_answered_in_spanish_twiml_and_recorded(
    services: Services, client: FlaskClient
) -> None:
    stove_id = seed_stove(services)
    register(client)
    response = post_twilio(client, twilio_params("USO 5", sid=new_sid()))
    # "Gracias. Anotamos 5 dias de uso de su cocina mejorada en la semana 2026-W48."
    assert twiml_messages(response) == [texts.USAGE_RECORDED.format(days=5, week=WEEK)]
    [observation] = all_rows(services, UsageObservation)
    assert (observation.stove_id, observation.week, observation.days_used) == (stove_id, WEEK, 5)


def test_the_recorded_payload_signed_by_the_twilio_package_is_accepted_and_kept_raw(
    services: Services, client: FlaskClient
) -> None:
    seed_stove(services)
    register(client)
    raw = fixture_bytes("twilio_inbound.txt")
    params = fixture_form("twilio_inbound.txt")
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(
        "http://localhost/sms/twilio", params
    )
    response = client.post(
        "/sms/twilio",
        data=raw,
        headers={
            "X-Twilio-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert twiml_messages(response) == [texts.USAGE_RECORDED.format(days=5, week=WEEK)]
    stored = all_rows(services, InboundMessage)[-1]
    assert (stored.provider_id, stored.body) == (params["MessageSid"], "Uso 5")
    assert stored.sender == PHONE
    assert stored.raw_payload == raw.decode()
    assert stored.interpretation == "usage"


def test_the_gateways_own_signing_helper_agrees_with_the_twilio_package() -> None:
    signed = twilio_inbound(
        base_url="https://qoncha.example.org",
        auth_token=TWILIO_AUTH_TOKEN,
        sender=PHONE,
        body="uso 5",
    )
    params = dict(parse_qsl(signed.body.decode(), keep_blank_values=True))
    assert RequestValidator(TWILIO_AUTH_TOKEN).validate(
        "https://qoncha.example.org/sms/twilio", params, signed.headers["X-Twilio-Signature"]
    )


@pytest.mark.parametrize("token", [None, "a-different-auth-token"], ids=["missing", "wrong"])
def test_an_unsigned_or_wrongly_signed_request_is_refused_and_nothing_stored(
    services: Services, client: FlaskClient, token: str | None
) -> None:
    response = post_twilio(client, twilio_params("USO 5", sid=new_sid()), token=token)
    assert response.status_code == 403
    assert count(services, InboundMessage) == 0
    assert count(services, Phone) == 0


def test_a_body_changed_after_signing_is_refused(services: Services, client: FlaskClient) -> None:
    params = twilio_params("USO 1", sid=new_sid())
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(
        "http://localhost/sms/twilio", params
    )
    tampered = {**params, "Body": "USO 7"}
    response = client.post(
        "/sms/twilio",
        data=urlencode(tampered),
        headers={
            "X-Twilio-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 403
    assert count(services, InboundMessage) == 0


def test_behind_a_proxy_the_signature_is_checked_over_public_base_url(
    services_with: Any,
) -> None:
    services = services_with(
        TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL="https://qoncha.example.org"
    )
    client = create_app(services=services).test_client()
    internal = "http://10.0.0.7:8000"
    public = post_twilio(
        client,
        twilio_params("AYUDA", sid=new_sid()),
        base_url=internal,
        signed_url="https://qoncha.example.org/sms/twilio",
    )
    assert twiml_messages(public) == [texts.HELP]
    as_seen = post_twilio(
        client,
        twilio_params("AYUDA", sid=new_sid()),
        base_url=internal,
        signed_url=f"{internal}/sms/twilio",
    )
    assert as_seen.status_code == 403
    assert count(services, InboundMessage) == 1


def test_a_repeated_message_sid_gets_the_same_answer_and_changes_nothing(
    services: Services, client: FlaskClient
) -> None:
    seed_stove(services)
    register(client)
    params = twilio_params("uso 4", sid=new_sid())
    first = twiml_messages(post_twilio(client, params))
    again = twiml_messages(post_twilio(client, params))
    assert first == again == [texts.USAGE_RECORDED.format(days=4, week=WEEK)]
    assert count(services, InboundMessage) == 2  # REGISTRO and this one
    assert count(services, UsageObservation) == 1


def test_without_an_auth_token_outside_dev_mode_the_webhook_is_disabled(
    services_with: Any,
) -> None:
    services = services_with()
    client = create_app(services=services).test_client()
    response = post_twilio(client, twilio_params("USO 5", sid=new_sid()), token=None)
    assert response.status_code == 503
    assert "TWILIO_AUTH_TOKEN is not configured" in response.get_json()["error"]
    assert count(services, InboundMessage) == 0


def test_dev_mode_without_an_auth_token_accepts_unsigned_requests_on_sqlite_only(
    services_with: Any, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        with pytest.raises(ValidationError, match="only on SQLite"):
            services_with(QONCHA_DEV_MODE="true")
        return
    services = services_with(QONCHA_DEV_MODE="true")
    client = create_app(services=services).test_client()
    response = post_twilio(client, twilio_params("AYUDA", sid=new_sid()), token=None)
    assert twiml_messages(response) == [texts.HELP]
    assert count(services, InboundMessage) == 1


MMS = {
    "NumMedia": "1",
    "MediaContentType0": "image/jpeg",
    "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0",
}
ODD_MESSAGES = [
    # (id, body, sender, extra parameters, expected interpretation)
    ("empty", "", PHONE, {}, "unreadable"),
    ("1600-chars", "x" * 1600, PHONE, {"NumSegments": "11"}, "unreadable"),
    ("emoji-only", "\U0001f525\U0001f372\U0001f44d", PHONE, {}, "unreadable"),
    ("mms-without-text", "", PHONE, MMS, "unreadable"),
    ("alphanumeric-sender", "USO 5", "Twilio", {}, "invalid_sender"),
    ("non-peruvian-number", "USO 5", "+14155550123", {}, "unknown_phone"),
    ("sql-looking", "USO 5'); DROP TABLE inbound_messages; --", PHONE, {}, "unknown_phone"),
    ("nul-character", "USO\x00 5", PHONE, {}, "unknown_phone"),
    ("control-characters", "USO\t5\r\n\x07\x1b", PHONE, {}, "unknown_phone"),
]


@pytest.mark.parametrize(
    ("body", "sender", "extra", "interpretation"),
    [case[1:] for case in ODD_MESSAGES],
    ids=[c[0] for c in ODD_MESSAGES],
)
def test_odd_messages_get_valid_twiml_and_are_stored_with_their_interpretation(
    services: Services,
    client: FlaskClient,
    body: str,
    sender: str,
    extra: dict[str, str],
    interpretation: str,
) -> None:
    sid = new_sid()
    params = twilio_params(body, sid=sid, sender=sender, **extra)
    replies = twiml_messages(post_twilio(client, params))
    assert all(fits_one_segment(reply) for reply in replies)
    [stored] = all_rows(services, InboundMessage)
    # PostgreSQL text cannot hold NUL, so it is kept (on every backend) as U+FFFD.
    kept = body.replace("\x00", "\ufffd")
    assert (stored.provider_id, stored.body, stored.interpretation) == (sid, kept, interpretation)
    assert replies == ([stored.reply] if stored.reply else [])
    assert count(services, UsageObservation) == 0
    assert f"MessageSid={sid}" in stored.raw_payload


def test_a_form_without_message_sid_is_a_bad_request(
    services: Services, client: FlaskClient
) -> None:
    params = twilio_params("USO 5", sid=new_sid())
    for name in ("MessageSid", "SmsSid", "SmsMessageSid"):
        del params[name]
    response = post_twilio(client, params)
    assert response.status_code == 400
    assert count(services, InboundMessage) == 0
