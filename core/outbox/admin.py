"""What an operator asks of the outbox: how it stands, and sending failed messages again."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import OutboundMessage

PENDING = ("queued", "sending")


@dataclass(frozen=True)
class OutboxCount:
    """Messages of one channel in one state."""

    channel: str
    status: str
    count: int


@dataclass(frozen=True)
class OutboxStatus:
    """Counts by channel and state, the oldest message waiting, and why messages are held."""

    counts: list[OutboxCount]
    oldest_pending_at: datetime | None
    # (channel, reason, messages) for held ones: loop guard, revoked staff.
    held: list[tuple[str, str, int]] = field(default_factory=list)


def outbox_status(uow: UnitOfWork) -> OutboxStatus:
    """Counts by channel and state, with the creation time of the oldest pending message."""
    with uow:
        rows = uow.session.exec(
            select(OutboundMessage.channel, OutboundMessage.status, func.count())
            .group_by(col(OutboundMessage.channel), col(OutboundMessage.status))
            .order_by(col(OutboundMessage.channel), col(OutboundMessage.status))
        ).all()
        oldest = uow.session.exec(
            select(func.min(OutboundMessage.created_at)).where(
                col(OutboundMessage.status).in_(PENDING)
            )
        ).one()
        held = uow.session.exec(
            select(OutboundMessage.channel, OutboundMessage.last_error, func.count())
            .where(col(OutboundMessage.status) == "held")
            .group_by(col(OutboundMessage.channel), col(OutboundMessage.last_error))
            .order_by(col(OutboundMessage.channel), col(OutboundMessage.last_error))
        ).all()
    return OutboxStatus(
        [OutboxCount(c, s, n) for c, s, n in rows],
        oldest,
        [(c, reason or "", n) for c, reason, n in held],
    )


def retry_messages(uow: UnitOfWork, *, statuses: tuple[str, ...], now: datetime) -> int:
    """Queue failed (or held) messages again with fresh attempts; returns how many.

    A message a provider accepted is never sent again, whatever its delivery state says.
    """
    with uow:
        result = uow.session.execute(
            update(OutboundMessage)
            .where(
                col(OutboundMessage.status).in_(statuses),
                col(OutboundMessage.provider_id).is_(None),
            )
            .values(status="queued", attempts=0, next_attempt_at=now)
        )
        uow.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
