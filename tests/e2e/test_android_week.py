"""The week an Android-forwarded report counts for: when the phone received it, if plausible.

The gateway phone may forward an SMS days late (no signal, no battery). Its `receivedAt` is
believed between 14 days before arrival and arrival; outside that the arrival counts and the
message carries a note saying why.
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from core.messaging import texts
from core.models import InboundMessage, Phone, Stove, UsageObservation
from gateway.app import create_app
from gateway.wiring import Services
from tests.e2e.gateway_support import (
    ANDROID_PASSWORD,
    ANDROID_SIGNING_KEY,
    ANDROID_USER,
    NOW,
    PHONE,
    WEEK,
    all_rows,
    fixture_bytes,
    post_android,
    seed_stove,
)
from tests.fakes.android_gateway import FakeAndroidGateway

LATE = "android_sms_received_late.json"  # "USO 4" received Sat 2026-11-21 18:02 in Lima


@pytest.fixture
def services(services_with: Callable[..., Services], fake_android: FakeAndroidGateway) -> Services:
    """A household with stove ABC123 whose phone is the one in the recorded payloads."""
    services = services_with(
        SMS_PROVIDER="android", ANDROID_GATEWAY_URL=fake_android.url,
        ANDROID_GATEWAY_USER=ANDROID_USER, ANDROID_GATEWAY_PASSWORD=ANDROID_PASSWORD,
        ANDROID_GATEWAY_SIGNING_KEY=ANDROID_SIGNING_KEY,
    )
    stove_id = seed_stove(services)
    with services.uow() as uow:
        stove = uow.session.get(Stove, stove_id)
        assert stove is not None
        uow.session.add(Phone(number=PHONE, household_id=stove.household_id, created_at=NOW))
        uow.commit()
    return services


@pytest.fixture
def client(services: Services) -> FlaskClient:
    """The gateway app on those services."""
    return create_app(services=services).test_client()


def late(received_at: str | None, event_id: str = "Lq7Hc2VnR0pXz9KeT4mWa") -> bytes:
    """The recorded late payload with another receive time (None: the field left out)."""
    event: dict[str, Any] = json.loads(fixture_bytes(LATE))
    event["id"] = event_id
    if received_at is None:
        del event["payload"]["receivedAt"]
    else:
        event["payload"]["receivedAt"] = received_at
    return json.dumps(event).encode()


def stored(services: Services) -> tuple[InboundMessage, UsageObservation]:
    [message] = all_rows(services, InboundMessage)
    [observation] = all_rows(services, UsageObservation)
    return message, observation


def test_a_report_forwarded_six_days_late_counts_for_the_week_it_was_written(
    services: Services, client: FlaskClient
) -> None:
    # Received Saturday 2026-11-21: the week 3 days before is 2026-W47, not this week's W48.
    with post_android(client, fixture_bytes(LATE)) as response:
        assert response.get_json()["reply"] == texts.USAGE_RECORDED.format(days=4, week="2026-W47")
    message, observation = stored(services)
    assert (observation.week, observation.days_used) == ("2026-W47", 4)
    assert message.received_at == datetime(2026, 11, 21, 23, 2, 37, tzinfo=UTC)
    assert message.receipt_note is None


@pytest.mark.parametrize(
    ("received_at", "week", "counted_at"),
    [
        # 13 days before arrival: Saturday 2026-11-14, counted for 2026-W46.
        ("2026-11-14T19:46:20.000-05:00", "2026-W46", NOW - timedelta(days=13)),
        # Exactly 14 days before: still believed.
        ("2026-11-13T19:46:20.000-05:00", "2026-W46", NOW - timedelta(days=14)),
        # Two minutes ahead of the server: clocks differ, clamped to arrival without a note.
        ("2026-11-27T19:48:20.000-05:00", WEEK, NOW),
    ],
)
def test_a_plausible_phone_time_is_believed_or_clamped_to_arrival(
    services: Services, client: FlaskClient, received_at: str, week: str, counted_at: datetime
) -> None:
    with post_android(client, late(received_at)) as response:
        assert response.status_code == 200
    message, observation = stored(services)
    assert observation.week == week
    assert message.received_at == counted_at
    assert message.receipt_note is None


@pytest.mark.parametrize(
    ("received_at", "note"),
    [
        ("2026-11-13T19:46:19.000-05:00", "over 14 days before arrival"),
        ("2026-10-01T08:00:00.000-05:00", "over 14 days before arrival"),
        ("2026-11-28T19:46:20.000-05:00", "after arrival"),  # a phone clock a day ahead
        ("2027-06-01T00:00:00.000Z", "after arrival"),
        (None, "no provider receive time"),
        ("yesterday", "no provider receive time"),
        ("2026-11-21T18:02:37", "no provider receive time"),  # no offset: no moment at all
    ],
)
def test_an_implausible_phone_time_counts_at_arrival_with_a_note(
    services: Services, client: FlaskClient, received_at: str | None, note: str
) -> None:
    with post_android(client, late(received_at)) as response:
        assert response.get_json()["reply"] == texts.USAGE_RECORDED.format(days=4, week=WEEK)
    message, observation = stored(services)
    assert (observation.week, observation.days_used) == (WEEK, 4)
    assert message.received_at == NOW
    assert message.receipt_note is not None and note in message.receipt_note
    assert message.raw_payload == late(received_at).decode()  # the phone's claim is kept


def test_the_same_late_sms_forwarded_twice_is_counted_once(
    services: Services, client: FlaskClient
) -> None:
    with post_android(client, fixture_bytes(LATE)):
        pass
    with post_android(client, late("2026-11-21T18:02:37.000-05:00", "AnotherEventId1")) as again:
        assert again.get_json()["status"] == "duplicate"
    message, observation = stored(services)
    assert observation.week == "2026-W47"
