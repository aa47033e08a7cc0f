"""The outbox through Twilio's REST API (a local fake that can fail): retries, permanent
failures, the loop guard, opted-out phones, rate limits and the bulk-SMS hours."""

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from gateway_support import (
    NOW,
    PHONE,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_NUMBER,
    invoke,
    unpaced,
)
from twilio_api import FakeTwilioApi

from core.messaging import texts
from core.messaging.inbound import queue_sms
from core.models import OutboundMessage, Phone
from core.outbox.admin import outbox_status, retry_messages
from core.outbox.delivery import claim_due
from core.outbox.dispatch import Pacing, dispatch_outbound
from core.outbox.pacing import RateLimiter, Rule
from gateway.wiring import Services

OTHER = "+51987650000"


class FakeClock:
    """Monotonic seconds that move only when the dispatcher sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def twilio_settings(fake: FakeTwilioApi) -> dict[str, str]:
    return {
        "SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN, "TWILIO_FROM": TWILIO_NUMBER,
        "TWILIO_API_BASE": fake.url,
    }


@pytest.fixture
def services(services_with: Callable[..., Services], fake_twilio: FakeTwilioApi) -> Services:
    return services_with(**twilio_settings(fake_twilio))


def queue(services: Services, *, to: str = PHONE, body: str = texts.WEEKLY_PROMPT,
          purpose: str = "reply") -> int:
    with services.uow() as uow:
        row = queue_sms(uow.session, to=to, body=body, provider="twilio", now=NOW, purpose=purpose)
        uow.commit()
        assert row.id is not None
        return row.id


def row_of(services: Services, outbound_id: int) -> OutboundMessage:
    with services.uow() as uow:
        row = uow.session.get(OutboundMessage, outbound_id)
        assert row is not None
        return row


def add_phone(services: Services, number: str = PHONE, *, opted_out: bool = False) -> None:
    with services.uow() as uow:
        uow.session.add(Phone(number=number, opted_out=opted_out))
        uow.commit()


def dispatch(services: Services, *, at: timedelta = timedelta(0), pacing: Pacing | None = None,
             drain: bool = False) -> int:
    return dispatch_outbound(
        services.uow(), services.outbox_transports(), now=NOW + at,
        pacing=pacing or unpaced(services), drain=drain,
    )


def limited(services: Services, rule: Rule, **run: Any) -> Pacing:
    """A run under the wired policy with its own Twilio rate limit."""
    policy = replace(services.policy, limiter=RateLimiter({"twilio": (rule,)}))
    return Pacing(policy, **run)


def test_too_many_requests_is_retried_with_jittered_back_off(services: Services,
                                                               fake_twilio: FakeTwilioApi) -> None:
    outbound_id = queue(services)
    fake_twilio.fail_next_with_too_many_requests()
    pacing = unpaced(services, rng=lambda: 0.0)  # the smallest jitter: half of the 30 s base
    assert dispatch(services, pacing=pacing) == 0
    row = row_of(services, outbound_id)
    assert (row.status, row.next_attempt_at) == ("queued", NOW + timedelta(seconds=15))
    assert "20429" in (row.last_error or "")
    assert dispatch(services, at=timedelta(seconds=15)) == 1
    assert [c.status for c in fake_twilio.message_calls] == [429, 201]


def test_a_dropped_connection_is_temporary(services: Services, fake_twilio: FakeTwilioApi) -> None:
    outbound_id = queue(services)
    fake_twilio.hang_up_next()
    assert dispatch(services) == 0
    assert row_of(services, outbound_id).status == "queued"
    assert dispatch(services, at=timedelta(minutes=1)) == 1


def test_a_provider_down_for_an_hour_loses_nothing_and_keeps_order(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    ids = [queue(services, body=f"mensaje {i}") for i in range(3)]
    fake_twilio.fail_next_with_server_error(count=1000)
    minute = timedelta(0)
    while minute < timedelta(hours=1):
        dispatch(services, at=minute, drain=True)
        minute += timedelta(minutes=1)
    assert all(row_of(services, i).status == "queued" for i in ids)
    fake_twilio.fail_next(0, 500, {})
    for step in range(120):  # the back-off is at most 30 minutes
        dispatch(services, at=timedelta(hours=1, minutes=step), drain=True)
    bodies = [m["body"] for m in fake_twilio.created]
    assert bodies == ["mensaje 0", "mensaje 1", "mensaje 2"]  # once each, in order


def test_opted_out_at_the_carrier_marks_the_phone(services: Services,
                                                  fake_twilio: FakeTwilioApi) -> None:
    add_phone(services)
    first, second = queue(services), queue(services, body="otra cosa")
    fake_twilio.fail_next_with_opted_out()
    dispatch(services, drain=True)
    assert row_of(services, first).status == "failed"
    with services.uow() as uow:
        phone = uow.session.get(Phone, 1)
        assert phone is not None and phone.opted_out
    assert len(fake_twilio.message_calls) == 1  # the next message was given back unsent
    dispatch(services, drain=True)
    assert row_of(services, second).status == "suppressed"
    assert len(fake_twilio.message_calls) == 1


@pytest.mark.parametrize("code", [21211, 21614])
def test_an_invalid_number_is_marked_and_never_tried_again(
    services: Services, fake_twilio: FakeTwilioApi, code: int
) -> None:
    add_phone(services)
    first = queue(services)
    fake_twilio.fail_next_with_code(400, code, "not a mobile number")
    dispatch(services)
    assert row_of(services, first).status == "failed"
    later = queue(services)
    dispatch(services, at=timedelta(hours=1))
    assert row_of(services, later).status == "suppressed"
    with services.uow() as uow:
        phone = uow.session.get(Phone, 1)
        assert phone is not None and phone.invalid_at is not None
    assert len(fake_twilio.message_calls) == 1


def test_an_opted_out_phone_gets_only_the_opt_in_confirmation(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    add_phone(services, opted_out=True)
    prompt = queue(services, purpose="prompt")
    confirmation = queue(services, body=texts.STARTED)
    dispatch(services)
    assert row_of(services, prompt).status == "suppressed"
    assert row_of(services, confirmation).provider_id is not None
    assert [m["body"] for m in fake_twilio.created] == [texts.STARTED]


def test_the_loop_guard_holds_the_sixth_identical_message(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    ids = [queue(services, body=texts.HELP) for _ in range(7)]
    other = queue(services, body=texts.HELP, to=OTHER)
    dispatch(services, drain=True)
    statuses = [row_of(services, i).status for i in ids]
    assert statuses.count("held") == 2 and statuses[:5] == ["queued"] * 5
    assert row_of(services, other).status == "queued"  # Twilio's first status
    assert len(fake_twilio.created) == 6
    # Ten minutes later the same text may go again: held ones are released by hand.
    assert retry_messages(services.uow(), statuses=("held",), now=NOW) == 2
    dispatch(services, at=timedelta(minutes=11), drain=True)
    assert len(fake_twilio.created) == 8


def test_rate_limit_spaces_sends_per_sender(services: Services,
                                            fake_twilio: FakeTwilioApi) -> None:
    for i in range(3):
        queue(services, to=f"+5198765000{i}")
    clock = FakeClock()
    pacing = limited(services, Rule(1.0), budget=10, clock=clock, sleep=clock.sleep)
    assert dispatch(services, pacing=pacing) == 3
    assert clock.sleeps == [1.0, 1.0]


def test_rate_limited_messages_beyond_the_budget_wait_unspent(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    ids = [queue(services, to=f"+5198765000{i}") for i in range(3)]
    clock = FakeClock()
    pacing = limited(services, Rule(10.0), budget=5, clock=clock, sleep=clock.sleep)
    assert dispatch(services, pacing=pacing) == 1
    waiting = [row_of(services, i) for i in ids[1:]]
    assert [(r.status, r.attempts) for r in waiting] == [("queued", 0), ("queued", 0)]
    assert clock.sleeps == []


def test_bulk_sms_wait_for_the_operators_hours_but_replies_go_at_once(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    prompt = queue(services, purpose="prompt")
    reply = queue(services, body=texts.HELP, to=OTHER)
    # NOW is Friday 19:46 in Lima; at 21:00 the window is closed.
    hours = Pacing(replace(services.policy, limiter=None))  # the default BULK_SMS_HOURS:
    late = hours  # mon-fri 08:00-20:00; sat 09:00-13:00
    dispatch(services, at=timedelta(hours=1, minutes=14), pacing=late)
    assert row_of(services, prompt).status == "queued"
    assert row_of(services, reply).provider_id is not None
    # Saturday 09:00 Lima.
    saturday = hours
    dispatch(services, at=timedelta(hours=13, minutes=14), pacing=saturday)
    assert row_of(services, prompt).provider_id is not None


def test_status_counts_and_retry_of_failed(services: Services, fake_twilio: FakeTwilioApi) -> None:
    failed = queue(services)
    queue(services, to=OTHER)
    fake_twilio.fail_next_with_code(400, 21212, "Invalid From number", count=1)
    fake_twilio.fail_next(1, 400, {"code": 21408, "message": "Permission", "status": 400})
    dispatch(services)
    status = outbox_status(services.uow())
    counts = {(c.channel, c.status): c.count for c in status.counts}
    assert counts[("sms", "failed")] == 1
    assert retry_messages(services.uow(), statuses=("failed",), now=NOW) == 1
    assert row_of(services, failed).status == "queued"
    assert outbox_status(services.uow()).oldest_pending_at == NOW


def test_two_dispatchers_never_send_a_message_twice(
    services: Services, services_with: Callable[..., Services], fake_twilio: FakeTwilioApi
) -> None:
    bodies = [f"mensaje {i}" for i in range(60)]
    for i, body in enumerate(bodies):
        queue(services, to=f"+519876{i:05d}", body=body)
    second = services_with(**twilio_settings(fake_twilio))  # its own engine and connections
    counts: list[int] = []

    def run(which: Services) -> None:
        counts.append(dispatch_outbound(which.uow(), which.outbox_transports(), now=NOW,
                                        pacing=unpaced(which), limit=5, drain=True))

    threads = [threading.Thread(target=run, args=(s,)) for s in (services, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    sent = sorted(m["body"] for m in fake_twilio.created)
    assert sent == sorted(bodies)
    assert sum(counts) == 60


def test_a_dispatcher_killed_after_claiming_loses_nothing(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    outbound_id = queue(services)
    # A dispatcher claims the message and dies before sending it.
    claimed = claim_due(services.uow(), providers=["twilio"], now=NOW, limit=10,
                        policy=services.policy)
    assert [c.id for c in claimed] == [outbound_id]
    lease = services.policy.lease
    assert dispatch(services, at=timedelta(minutes=1)) == 0  # leased: nobody else sends it
    assert dispatch(services, at=lease) == 1  # the lease ran out: sent, once
    assert dispatch(services, at=lease * 3) == 0
    assert len(fake_twilio.created) == 1


def test_a_thread_pool_sends_each_once_and_in_order_per_recipient(
    services: Services, fake_twilio: FakeTwilioApi
) -> None:
    for i in range(6):
        queue(services, to=f"+5198765000{i}", body=f"primero {i}")
    second = queue(services, to="+51987650000", body="segundo 0")
    assert dispatch(services, pacing=unpaced(services, workers=4)) == 6
    # The second message to a recipient waits for the next batch, so it cannot overtake.
    assert (row_of(services, second).status, row_of(services, second).attempts) == ("queued", 0)
    assert dispatch(services, pacing=unpaced(services, workers=4)) == 1
    assert dispatch(services, at=timedelta(minutes=1), pacing=unpaced(services, workers=4)) == 0
    to_first = [m["body"] for m in fake_twilio.created if m["to"] == "+51987650000"]
    assert to_first == ["primero 0", "segundo 0"]
    assert len(fake_twilio.created) == 7


def test_outbox_commands(services: Services, fake_twilio: FakeTwilioApi) -> None:
    queue(services)
    fake_twilio.fail_next_with_invalid_number()
    dispatch(services)
    settings = services.settings
    status = invoke(settings, "outbox", "status")
    assert status.exit_code == 0
    assert "sms        failed               1" in status.output
    assert "oldest pending: none" in status.output
    refused = invoke(settings, "outbox", "retry")
    assert refused.exit_code != 0 and "--failed" in refused.output
    retried = invoke(settings, "outbox", "retry", "--failed")
    assert retried.exit_code == 0 and "1 message(s) queued again" in retried.output
