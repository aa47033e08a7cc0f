"""Claiming stored Telegram updates: once each, one chat in order, leases, back-off."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from core.staffbot.updates import (
    HANDLE_ATTEMPTS,
    LEASE,
    chat_of,
    claim_next_update,
    finish_update,
    retry_at,
    store_update,
)
from gateway.wiring import Services

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _store(services: Services, update_id: int, chat: int) -> None:
    payload = {"update_id": update_id, "message": {"message_id": 1, "date": 0, "text": "x",
                                                   "chat": {"id": chat, "type": "private"}}}
    assert store_update(services.uow(), update_id=update_id, payload=json.dumps(payload),
                        now=NOW)


def test_a_chats_later_update_waits_for_the_earlier_one(services: Services):
    _store(services, 1, chat=10)
    _store(services, 2, chat=10)
    _store(services, 3, chat=20)
    first = claim_next_update(services.uow(), now=NOW)
    other = claim_next_update(services.uow(), now=NOW)
    assert (first and first.update_id, other and other.update_id) == (1, 3)
    assert claim_next_update(services.uow(), now=NOW) is None  # 2 waits for 1
    assert first is not None
    finish_update(services.uow(), first, outcome="handled", now=NOW)
    second = claim_next_update(services.uow(), now=NOW)
    assert second is not None and second.update_id == 2


def test_a_claim_whose_worker_died_is_taken_over_after_the_lease(services: Services):
    _store(services, 1, chat=10)
    assert claim_next_update(services.uow(), now=NOW) is not None
    assert claim_next_update(services.uow(), now=NOW + LEASE - timedelta(seconds=1)) is None
    again = claim_next_update(services.uow(), now=NOW + LEASE)
    assert again is not None and again.attempts == 2


def test_a_failure_is_retried_after_its_back_off_and_a_duplicate_is_refused(services: Services):
    _store(services, 1, chat=10)
    assert not store_update(services.uow(), update_id=1, payload="{}", now=NOW)
    claimed = claim_next_update(services.uow(), now=NOW)
    assert claimed is not None
    finish_update(services.uow(), claimed, outcome="failed", now=NOW, error="boom")
    assert claim_next_update(services.uow(), now=NOW + timedelta(seconds=29)) is None
    retried = claim_next_update(services.uow(), now=NOW + timedelta(seconds=30))
    assert retried is not None and retried.payload == claimed.payload


def test_back_off_doubles_to_an_hour_then_gives_up():
    delays = [retry_at(n, NOW) for n in range(1, HANDLE_ATTEMPTS + 1)]
    assert [d - NOW for d in delays[:3] if d] == [timedelta(seconds=s) for s in (30, 60, 120)]
    assert delays[-2] == NOW + timedelta(hours=1) and delays[-1] is None


@pytest.mark.parametrize("update, chat", [
    ({"message": {"chat": {"id": 5}}}, 5),
    ({"edited_message": {"chat": {"id": -7}}}, -7),
    ({"callback_query": {"from": {"id": 9}, "message": {"chat": {"id": 8}}}}, 8),
    ({"callback_query": {"from": {"id": 9}}}, 9),
    ({"message": "not an object"}, None),
    ({"poll": {"id": "1"}}, None),
])
def test_the_chat_of_an_update(update, chat):
    assert chat_of(update) == chat
