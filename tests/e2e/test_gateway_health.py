"""Health, database outages during webhooks, and the Telegram webhook's authentication."""

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from core.models import InboundMessage, OutboundMessage, Phone, TelegramUpdate, UsageObservation
from gateway.app import create_app
from gateway.wiring import Services
from tests.e2e.gateway_support import (
    ANDROID_PASSWORD,
    ANDROID_SIGNING_KEY,
    ANDROID_USER,
    TWILIO_AUTH_TOKEN,
    count,
    fixture_bytes,
    post_android,
    post_twilio,
    seed_stove,
    twilio_params,
    twiml_messages,
)
from tests.fakes.android_gateway import FakeAndroidGateway


class DatabaseOutage:
    """From the first statement containing `at`, the database fails `statements` statements
    (all of them when None) until `end()`."""

    def __init__(self, engine: Engine, at: str, *, statements: int | None = None) -> None:
        self._engine, self._at, self.down = engine, at, False
        self._left = statements  # None: down until end()
        event.listen(engine, "before_cursor_execute", self._statement)

    def _statement(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.down = self.down or self._at in statement
        if self.down and self._left != 0:
            self._left = None if self._left is None else self._left - 1
            dbapi = self._engine.dialect.dbapi
            assert dbapi is not None
            raise dbapi.OperationalError("server closed the connection unexpectedly")

    def end(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._statement)
        self.down = False


def unreachable_url(db_url: str, tmp_path: Path) -> str:
    """The same backend, but a database that cannot be opened."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'no-such-directory' / 'qoncha.sqlite3'}"
    return (
        make_url(db_url)
        .set(database=f"qoncha_missing_{uuid.uuid4().hex[:8]}")
        .render_as_string(hide_password=False)
    )


def test_health_is_ok_when_the_database_answers(services: Services) -> None:
    response = create_app(services=services).test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok", "database": "ok"})


def test_health_is_503_when_the_database_cannot_be_reached(
    db_url: str, tmp_path: Path, services_with: Callable[..., Services]
) -> None:
    services = services_with(DATABASE_URL=unreachable_url(db_url, tmp_path))
    response = create_app(services=services).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_an_sms_arriving_while_the_database_is_unreachable_gets_503(
    db_url: str, tmp_path: Path, services_with: Callable[..., Services]
) -> None:
    services = services_with(
        DATABASE_URL=unreachable_url(db_url, tmp_path), TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN
    )
    client = create_app(services=services).test_client()
    response = post_twilio(client, twilio_params("USO 5", sid="SM" + uuid.uuid4().hex))
    assert response.status_code == 503
    assert response.get_json() == {"error": "database unavailable"}


def test_a_database_failing_mid_message_leaves_nothing_half_written_and_a_retry_works(
    services_with: Callable[..., Services],
) -> None:
    services = services_with(TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN)
    seed_stove(services)
    client = create_app(services=services).test_client()
    twiml_messages(post_twilio(client, twilio_params("REGISTRO ABC123", sid="SM" + "1" * 32)))
    params = twilio_params("USO 5", sid="SM" + "2" * 32)
    outage = DatabaseOutage(services.engine, at="INSERT INTO usage_observations")
    response = post_twilio(client, params)
    outage.end()
    assert response.status_code == 503
    # The message row and the observation were in one transaction: neither is kept.
    assert count(services, InboundMessage) == 1
    assert count(services, UsageObservation) == 0
    # Twilio retries the same MessageSid once the database is back.
    assert len(twiml_messages(post_twilio(client, params))) == 1
    assert (count(services, InboundMessage), count(services, UsageObservation)) == (2, 1)


def test_a_database_blip_while_interpreting_is_not_blamed_on_the_household(
    services_with: Callable[..., Services],
) -> None:
    services = services_with(TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN)
    seed_stove(services)
    client = create_app(services=services).test_client()
    twiml_messages(post_twilio(client, twilio_params("REGISTRO ABC123", sid="SM" + "1" * 32)))
    params = twilio_params("USO 5", sid="SM" + "2" * 32)
    # One statement fails (a failover, a dropped connection), the next ones work again.
    outage = DatabaseOutage(services.engine, at="INSERT INTO usage_observations", statements=1)
    response = post_twilio(client, params)
    outage.end()
    # Not "No entendimos su mensaje": the provider should retry and the report be recorded.
    assert response.status_code == 503
    assert count(services, InboundMessage) == 1
    assert len(twiml_messages(post_twilio(client, params))) == 1
    assert count(services, UsageObservation) == 1


def test_an_android_sms_during_an_outage_is_refused_and_no_reply_is_queued_or_sent(
    services_with: Callable[..., Services], fake_android: FakeAndroidGateway
) -> None:
    services = services_with(
        ANDROID_GATEWAY_URL=fake_android.url,
        ANDROID_GATEWAY_USER=ANDROID_USER,
        ANDROID_GATEWAY_PASSWORD=ANDROID_PASSWORD,
        ANDROID_GATEWAY_SIGNING_KEY=ANDROID_SIGNING_KEY,
    )
    client = create_app(services=services).test_client()
    outage = DatabaseOutage(services.engine, at="INSERT INTO inbound_messages")
    with post_android(client, fixture_bytes("android_sms_received.json")) as response:
        assert response.status_code == 503
    outage.end()
    assert count(services, InboundMessage) == count(services, Phone) == 0
    assert count(services, OutboundMessage) == 0
    assert fake_android.requests == []


SECRET = "telegram-webhook-secret-for-tests"
UPDATE = {
    "update_id": 912345678,
    "message": {
        "message_id": 17,
        "date": 1795900000,
        "chat": {"id": 555000111, "type": "private"},
        "from": {"id": 555000111, "is_bot": False, "first_name": "Rosa"},
        "text": "/start",
    },
}


def post_update(client: Any, secret: str | None, update: dict[str, Any] = UPDATE) -> Any:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post(
        "/telegram/webhook",
        data=json.dumps(update),
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize("secret", [None, "", "not-the-secret"], ids=["missing", "empty", "wrong"])
def test_telegram_updates_without_the_secret_token_are_refused(
    services_with: Callable[..., Services], secret: str | None
) -> None:
    services = services_with(TELEGRAM_WEBHOOK_SECRET=SECRET)
    response = post_update(create_app(services=services).test_client(), secret)
    assert response.status_code == 403
    assert count(services, TelegramUpdate) == 0


def test_a_repeated_telegram_update_is_stored_once(services_with: Callable[..., Services]) -> None:
    services = services_with(TELEGRAM_WEBHOOK_SECRET=SECRET)
    client = create_app(services=services).test_client()
    assert post_update(client, SECRET).get_json() == {"status": "stored"}
    assert post_update(client, SECRET).get_json() == {"status": "duplicate"}
    assert count(services, TelegramUpdate) == 1


def test_the_telegram_webhook_is_disabled_without_a_secret_outside_dev_mode(
    services_with: Callable[..., Services],
) -> None:
    services = services_with()
    response = post_update(create_app(services=services).test_client(), None)
    assert response.status_code == 503
    assert "TELEGRAM_WEBHOOK_SECRET" in response.get_json()["error"]
