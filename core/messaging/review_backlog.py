"""The review inbox's backlog: open items counted per district, and those left a week raised.

The digest shows each district's open items and the oldest one's age; the scheduler raises an
item left unresolved for ESCALATE_AFTER to its district's coordinators, once. Both read the
same open items as the inbox itself (core.messaging.review.open_items_statement).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, func

from core.db.uow import UnitOfWork
from core.messaging.review import open_items_statement
from core.models import Household, InboundMessage
from core.staffbot import texts as staff_texts
from core.staffbot.members import escalate_to_coordinators


@dataclass(frozen=True)
class Backlog:
    """Open review items of one district: how many, and how old the oldest is."""

    district: str
    open: int
    oldest_days: int


def review_backlog(
    session: Session, *, districts: tuple[str, ...] | None, now: datetime
) -> list[Backlog]:
    """Open items per district (for the digest), oldest age in whole days."""
    statement = open_items_statement(districts).with_only_columns(
        col(Household.district), func.count(), func.min(col(InboundMessage.received_at)))
    rows = session.exec(statement.group_by(col(Household.district))).all()
    return sorted(
        (Backlog(district or "", int(count), max(0, (now - _aware(oldest)).days))
         for district, count, oldest in rows), key=lambda b: b.district)


def _aware(moment: datetime) -> datetime:
    """Aggregates bypass the column type: SQLite gives a naive UTC time back."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


ESCALATE_AFTER = timedelta(days=7)


def escalate_stale_reviews(uow: UnitOfWork, *, now: datetime, tz: str) -> int:
    """Raise items open for 7 days to their district's coordinators, once; how many raised."""
    with uow:
        session = uow.session
        statement = open_items_statement(None).with_only_columns(InboundMessage, Household).where(
            col(Household.id).is_not(None), col(InboundMessage.review_escalated_at).is_(None),
            col(InboundMessage.received_at) <= now - ESCALATE_AFTER)
        stale = session.exec(statement.order_by(col(InboundMessage.received_at))
                             .with_for_update(skip_locked=True, of=InboundMessage)).all()
        for message, household in stale:
            body = staff_texts.REVIEW_ESCALATED.format(
                message=message.id, days=(now - message.received_at).days,
                district=household.district, community=household.community or "-",
                words=message.body[:300])
            escalate_to_coordinators(session, district=household.district, body=body, now=now)
            message.review_escalated_at = now
            session.add(message)
        uow.commit()
        return len(stale)
