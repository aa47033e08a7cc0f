"""The outbox: claiming due messages of every channel, and recording what providers say."""

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.models import DeliveryEvent, OutboundMessage
from core.outbox.pacing import MAX_ATTEMPTS, backoff
from core.outbox.policy import BULK_PURPOSES, DeliveryPolicy
from core.outbox.screen import mark_recipient, screen_claimed

log = logging.getLogger(__name__)


# Callbacks arrive out of order: a late "sent" must not hide an earlier "delivered".
STATUS_RANK = {
    "queued": 0,
    "accepted": 1,
    "scheduled": 1,
    "sending": 2,
    "processing": 2,
    "sent": 3,
    "failed": 4,
    "undelivered": 4,
    "delivered": 5,
    "read": 6,
}


@dataclass(frozen=True)
class Claimed:
    """A message a dispatcher has the lease on."""

    id: int
    to: str
    body: str
    provider: str
    channel: str = "sms"
    payload: str | None = None
    # The claim's attempt number: a row claimed again by another dispatcher has a higher one.
    attempts: int = 0


def claim_due(
    uow: UnitOfWork,
    *,
    providers: list[str],
    now: datetime,
    limit: int,
    policy: DeliveryPolicy,
    only: Sequence[int] | None = None,
) -> list[Claimed]:
    """Lease due messages to this process; SKIP LOCKED keeps concurrent dispatchers apart.

    `only` restricts the claim to given rows (a webhook sends its own reply, nothing else).
    """
    with uow:
        statement = (
            select(OutboundMessage)
            .where(
                col(OutboundMessage.provider).in_(providers),
                col(OutboundMessage.status).in_(("queued", "sending")),
                # A provider id means the provider accepted it: never send it twice.
                col(OutboundMessage.provider_id).is_(None),
                col(OutboundMessage.next_attempt_at) <= now,
            )
            .order_by(col(OutboundMessage.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if only is not None:
            statement = statement.where(col(OutboundMessage.id).in_(list(only)))
        if not policy.bulk_allowed(now):
            # The console provider prints: no operator, no operator hours.
            statement = statement.where(
                ~(
                    (col(OutboundMessage.channel) == "sms")
                    & (col(OutboundMessage.provider) != "console")
                    & col(OutboundMessage.purpose).in_(BULK_PURPOSES)
                )
            )
        rows = screen_claimed(uow.session, list(uow.session.exec(statement)), now=now)
        for row in rows:
            row.status, row.attempts = "sending", row.attempts + 1
            row.next_attempt_at = now + policy.lease
            uow.session.add(row)
        uow.commit()
        return [
            Claimed(r.id, r.recipient, r.body, r.provider, r.channel, r.payload, r.attempts)
            for r in rows
            if r.id is not None
        ]


def renew_leases(
    uow: UnitOfWork, claims: Sequence[Claimed], *, now: datetime, lease: timedelta
) -> list[Claimed]:
    """Extend the lease of rows about to be sent; returns those still this dispatcher's.

    A row whose lease ran out while its batch waited may have been claimed (and sent) by
    another dispatcher since: its attempt number moved on, and it is left alone here.
    """
    if not claims:
        return []
    with uow:
        kept = []
        for claimed in claims:
            result = uow.session.execute(
                update(OutboundMessage)
                .where(
                    col(OutboundMessage.id) == claimed.id,
                    col(OutboundMessage.status) == "sending",
                    col(OutboundMessage.attempts) == claimed.attempts,
                    col(OutboundMessage.provider_id).is_(None),
                )
                .values(next_attempt_at=now + lease)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                kept.append(claimed)
        uow.commit()
        return kept


def release(uow: UnitOfWork, claimed: Claimed, *, until: datetime) -> None:
    """Give a claimed message back unsent (rate limit, earlier message failed): no attempt used.

    A row another dispatcher claimed since (its lease ran out) is theirs, and left alone.
    """
    with uow:
        row = uow.session.get(OutboundMessage, claimed.id)
        if row is None or row.status != "sending" or row.attempts != claimed.attempts:
            return
        row.status, row.attempts, row.next_attempt_at = "queued", max(row.attempts - 1, 0), until
        uow.session.add(row)
        uow.commit()


def record_sent(
    uow: UnitOfWork, *, outbound_id: int, provider_id: str, status: str, now: datetime
) -> None:
    """Note the provider's id for a message it accepted."""
    with uow:
        row = uow.session.get(OutboundMessage, outbound_id)
        if row is None:
            return
        row.provider_id, row.sent_at, row.last_error = provider_id, now, None
        # Our own lease state gives way to whatever the provider answered ("queued" at
        # Twilio ranks below it); a status callback that got here first is kept.
        if row.status == "sending" or STATUS_RANK.get(status, 0) >= STATUS_RANK.get(row.status, 0):
            row.status = status
        uow.session.add(row)
        uow.session.add(
            DeliveryEvent(outbound_id=outbound_id, status=status, occurred_at=now, received_at=now)
        )
        uow.commit()


def record_sent_many(
    uow: UnitOfWork, *, results: list[tuple[int, str, str]], now: datetime
) -> None:
    """`record_sent` for a batch of (outbound id, provider id, status), in one transaction."""
    if not results:
        return
    with uow:
        rows = {
            r.id: r
            for r in uow.session.exec(
                select(OutboundMessage).where(
                    col(OutboundMessage.id).in_([i for i, _, _ in results])
                )
            )
        }
        for outbound_id, provider_id, status in results:
            row = rows.get(outbound_id)
            if row is None:
                continue
            row.provider_id, row.sent_at, row.last_error = provider_id, now, None
            if row.status == "sending" or STATUS_RANK.get(status, 0) >= STATUS_RANK.get(
                row.status, 0
            ):
                row.status = status
            uow.session.add(row)
            uow.session.add(
                DeliveryEvent(
                    outbound_id=outbound_id, status=status, occurred_at=now, received_at=now
                )
            )
        uow.commit()


def record_send_failure(
    uow: UnitOfWork,
    *,
    outbound_id: int,
    error: str,
    permanent: bool,
    now: datetime,
    retry_after: float | None = None,
    recipient_state: str | None = None,
    rng: Callable[[], float] = random.random,
) -> datetime | None:
    """Retry later with back-off, or give up; returns the next attempt's time, None if given up.

    Later messages to the same recipient wait as long, so that they still arrive in order.
    """
    with uow:
        row = uow.session.get(OutboundMessage, outbound_id)
        if row is None:
            return None
        row.last_error = error[:500]
        next_at: datetime | None = None
        if permanent or row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
            if recipient_state:
                mark_recipient(
                    uow.session,
                    channel=row.channel,
                    recipient=row.recipient,
                    state=recipient_state,
                    now=now,
                )
        else:
            row.status = "queued"
            next_at = now + backoff(row.attempts, retry_after=retry_after, rng=rng)
            row.next_attempt_at = next_at
            uow.session.execute(
                update(OutboundMessage)
                .where(
                    col(OutboundMessage.recipient) == row.recipient,
                    col(OutboundMessage.provider) == row.provider,
                    col(OutboundMessage.status) == "queued",
                    col(OutboundMessage.id) > outbound_id,
                    col(OutboundMessage.next_attempt_at) < next_at,
                )
                .values(next_attempt_at=next_at)
            )
        uow.session.add(row)
        uow.session.add(
            DeliveryEvent(
                outbound_id=outbound_id,
                status="send_error",
                error=error[:500],
                occurred_at=now,
                received_at=now,
            )
        )
        uow.commit()
        return next_at


def record_delivery(
    uow: UnitOfWork,
    *,
    provider: str,
    provider_id: str,
    status: str,
    error: str | None,
    occurred_at: datetime | None,
    raw_payload: str,
    now: datetime,
) -> bool:
    """Append a provider's status report; the message's status only moves forward."""
    with uow:
        statement = (
            select(OutboundMessage)
            .where(OutboundMessage.provider == provider, OutboundMessage.provider_id == provider_id)
            .with_for_update()
        )
        row = uow.session.exec(statement).first()
        if row is None or row.id is None:
            log.info("status %s for unknown %s message %s", status, provider, provider_id)
            return False
        uow.session.add(
            DeliveryEvent(
                outbound_id=row.id,
                status=status,
                error=error,
                occurred_at=occurred_at,
                received_at=now,
                raw_payload=raw_payload,
            )
        )
        if STATUS_RANK.get(status, 0) >= STATUS_RANK.get(row.status, 0):
            row.status = status
            if error:
                row.last_error = error[:500]
            uow.session.add(row)
        uow.commit()
        return True


def queue_chat_message(
    session: Session,
    *,
    channel: str,
    recipient: str,
    body: str,
    purpose: str,
    now: datetime,
    dedupe_key: str | None = None,
    payload: str | None = None,
) -> OutboundMessage:
    """Queue a Telegram or e-mail message (UTF-8, one part) for the channel's dispatcher."""
    message = OutboundMessage(
        channel=channel,
        recipient=recipient,
        body=body,
        segments=1,
        encoding="UTF-8",
        purpose=purpose,
        provider=channel,
        dedupe_key=dedupe_key,
        payload=payload,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    return message
