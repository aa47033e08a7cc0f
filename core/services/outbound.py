"""Sending queued SMS and recording what providers say about their delivery."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from core.models import DeliveryEvent, OutboundMessage
from core.phones import mask_phone
from core.ports import SendError, SmsTransport
from core.uow import UnitOfWork

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A claimed message whose sender died is claimed again once its lease runs out.
SEND_LEASE = timedelta(minutes=10)
RETRY_BACKOFF = timedelta(minutes=2)

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


def claim_due(uow: UnitOfWork, *, providers: list[str], now: datetime, limit: int) -> list[Claimed]:
    """Lease due messages to this process; SKIP LOCKED keeps concurrent dispatchers apart."""
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
        rows = list(uow.session.exec(statement))
        for row in rows:
            row.status, row.attempts = "sending", row.attempts + 1
            row.next_attempt_at = now + SEND_LEASE
            uow.session.add(row)
        uow.commit()
        return [Claimed(r.id, r.recipient, r.body, r.provider) for r in rows if r.id is not None]


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


def record_send_failure(
    uow: UnitOfWork, *, outbound_id: int, error: str, permanent: bool, now: datetime
) -> None:
    """Retry later with back-off, or give up after MAX_ATTEMPTS or a permanent error."""
    with uow:
        row = uow.session.get(OutboundMessage, outbound_id)
        if row is None:
            return
        row.last_error = error[:500]
        if permanent or row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
        else:
            row.status = "queued"
            row.next_attempt_at = now + RETRY_BACKOFF * (2 ** (row.attempts - 1))
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


def dispatch_outbound(
    uow: UnitOfWork, transports: dict[str, SmsTransport], *, now: datetime, limit: int = 50
) -> int:
    """Send what is due through each provider's transport; returns how many were accepted."""
    sent = 0
    for claimed in claim_due(uow, providers=list(transports), now=now, limit=limit):
        transport = transports[claimed.provider]
        try:
            result = transport.send(to=claimed.to, body=claimed.body, reference=str(claimed.id))
        except SendError as exc:
            log.warning(
                "sending outbound %d to %s failed: %s", claimed.id, mask_phone(claimed.to), exc
            )
            record_send_failure(
                uow, outbound_id=claimed.id, error=str(exc), permanent=exc.permanent, now=now
            )
            continue
        record_sent(
            uow,
            outbound_id=claimed.id,
            provider_id=result.provider_id,
            status=result.status,
            now=now,
        )
        sent += 1
    return sent


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
