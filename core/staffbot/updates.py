"""Telegram updates: stored once per update_id, then claimed, handled and marked, never lost.

Any process may handle stored updates (each web worker's bot thread, the scheduler). A claim
is one conditional UPDATE, so two processes never handle the same update, and an update is
not claimed while an earlier one of the same chat is unfinished: a chat's updates are handled
in order, one at a time, whichever worker received them. A failed update is retried from its
stored copy with exponential back-off; a claim whose worker died is taken over after a lease.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from core.db.uow import UnitOfWork
from core.models import TelegramUpdate
from core.models.base import UtcDateTime

LEASE = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
HANDLE_ATTEMPTS = 12  # about seven hours of retries, then it stays failed for staff to see
OUTCOMES = ("handled", "ignored", "failed")


@dataclass(frozen=True)
class ClaimedUpdate:
    """A stored update this process now handles."""

    id: int
    update_id: int
    payload: str
    attempts: int


def chat_of(update: dict[str, Any]) -> int | None:
    """The chat an update belongs to, to keep one chat's updates in order; None if it has none."""
    for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
        chat = (update.get(kind) or {}).get("chat") if isinstance(update.get(kind), dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
    query = update.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict) and isinstance((message.get("chat") or {}).get("id"), int):
            return int(message["chat"]["id"])
        sender = query.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


def store_update(uow: UnitOfWork, *, update_id: int, payload: str, now: datetime) -> bool:
    """Keep the raw update; False when Telegram retried one already stored."""
    try:
        parsed = json.loads(payload)
    except ValueError:
        parsed = {}
    chat_id = chat_of(parsed) if isinstance(parsed, dict) else None
    with uow:
        uow.session.add(
            TelegramUpdate(update_id=update_id, payload=payload, received_at=now, chat_id=chat_id)
        )
        try:
            uow.commit()
        except IntegrityError:
            uow.rollback()
            return False
    return True


_DUE = "(status = 'pending' OR (status IN ('failed', 'processing') AND next_attempt_at <= :now))"
_CLAIM = text(
    "UPDATE telegram_updates SET status = 'processing', attempts = attempts + 1, "
    f"next_attempt_at = :lease_end WHERE id = :id AND {_DUE} "
    "AND NOT EXISTS (SELECT 1 FROM telegram_updates AS earlier "
    "WHERE earlier.chat_id = telegram_updates.chat_id "
    "AND earlier.update_id < telegram_updates.update_id "
    "AND earlier.status IN ('pending', 'processing'))"
).bindparams(
    # Typed, so SQLite compares timestamps stored the way the column stores them.
    bindparam("now", type_=UtcDateTime()), bindparam("lease_end", type_=UtcDateTime())
)


def claim_next_update(uow: UnitOfWork, *, now: datetime) -> ClaimedUpdate | None:
    """Take the oldest due update no other process holds, or None when there is nothing to do."""
    with uow:
        candidates = uow.session.exec(
            select(TelegramUpdate.id)
            .where(text(_DUE).bindparams(bindparam("now", now, type_=UtcDateTime())))
            .order_by(col(TelegramUpdate.update_id))
            .limit(20)
        ).all()
        for candidate in candidates:
            claimed = uow.session.connection().execute(
                _CLAIM, {"id": candidate, "now": now, "lease_end": now + LEASE}
            )
            uow.commit()
            if claimed.rowcount == 1:
                row = uow.session.get(TelegramUpdate, candidate)
                assert row is not None and row.id is not None
                return ClaimedUpdate(row.id, row.update_id, row.payload, row.attempts)
    return None


def finish_update(
    uow: UnitOfWork, claimed: ClaimedUpdate, *, outcome: str, now: datetime, error: str = ""
) -> None:
    """Record how handling ended; a failure is scheduled for a retry with back-off."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    with uow:
        row = uow.session.get(TelegramUpdate, claimed.id)
        assert row is not None
        row.status = outcome
        row.handled = outcome != "failed"
        row.handled_at = now if row.handled else None
        if error:
            row.last_error = error[:500]  # kept after a later success: the update's history
        row.next_attempt_at = retry_at(row.attempts, now) if outcome == "failed" else None
        uow.session.add(row)
        uow.commit()


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When a failed update is tried again: doubling from 30 s to an hour; None to give up."""
    if attempts >= HANDLE_ATTEMPTS:
        return None
    return now + min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def update_counts(uow: UnitOfWork) -> dict[str, int]:
    """Stored updates by status, for `qoncha telegram info`."""
    with uow:
        rows = uow.session.exec(
            select(TelegramUpdate.status, func.count()).group_by(col(TelegramUpdate.status))
        ).all()
    return {status: int(number) for status, number in rows}
