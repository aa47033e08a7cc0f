"""The review inbox: every flagged household message is a task until a person resolves it.

The parser flags what it cannot read safely (core.messaging.conversation sets
`needs_review`); such a message stays open here until a member of staff, in the bot
(/revisar) or on the command line (`qoncha review`), says what it meant. A resolution records
what the person chose with its provenance (the message, who, when) in `review_resolutions`,
and the observation, ticket or registration it produced; observations read by a person carry
`source = "review"`. The household is told what was recorded, and nothing when nothing was.
One resolution per message (a unique key, the message row locked first), so two staff
pressing at once record once; rights are checked on the message's district every time.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from core.db.driver_sql import DriverSql
from core.db.uow import UnitOfWork
from core.messaging import texts
from core.messaging.conversation import opt_out, registrable_stove
from core.messaging.review_readings import (
    Reading,
    Reviewer,
    ReviewRefused,
)
from core.messaging.usage import record_report, stove_in_use
from core.models import (
    Household,
    InboundMessage,
    Phone,
    ReviewResolution,
    Stove,
    UsageObservation,
)
from core.outbox.queue import queue_sms
from core.periods import local_date, report_week
from core.phones import mask_phone
from core.repairs.tickets import open_ticket

# Database integers are 32-bit on PostgreSQL: a larger id from a button or the CLI is no item.
MAX_ID = 2**31 - 1
RECENT_REPORTS = 4


@dataclass(frozen=True)
class ReviewItem:
    """One open item as staff see it: the text, who sent it (masked), and their context."""

    message_id: int
    received_at: datetime
    body: str
    interpretation: str
    phone: str
    household_code: str
    household_name: str
    district: str
    community: str
    stove_code: str
    week: str
    recent: tuple[tuple[str, int | None, int | None], ...]  # (week, days used, open fire)


@dataclass(frozen=True)
class Resolution:
    """What a resolution recorded; `already` when the item had been resolved before."""

    message_id: int
    reading: str
    resolved_by: str
    resolved_at: datetime
    already: bool = False
    days_used: int | None = None
    open_fire_days: int | None = None
    observation_id: int | None = None
    ticket_id: int | None = None
    household_told: bool = False


def open_items_statement(scope: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    """The statement of open items (flagged, unresolved) with their household, in scope."""
    resolved = exists().where(col(ReviewResolution.message_id) == col(InboundMessage.id))
    statement = (
        select(InboundMessage, Phone, Household)
        .join(Phone, col(Phone.id) == col(InboundMessage.phone_id), isouter=True)
        .join(Household, col(Household.id) == col(Phone.household_id), isouter=True)
        .where(col(InboundMessage.needs_review), ~resolved)
    )
    if scope is not None:
        statement = statement.where(col(Household.district).in_(scope))
    return statement


def open_items(
    uow: UnitOfWork, reviewer: Reviewer, *, tz: str, offset: int = 0, limit: int = 5
) -> tuple[list[ReviewItem], int]:
    """A page of the reviewer's open items, oldest first, and how many there are."""
    with uow.reading():
        session = uow.session
        statement = open_items_statement(reviewer.scope)
        total = session.exec(select(func.count()).select_from(statement.subquery())).one()
        rows = session.exec(
            statement.order_by(col(InboundMessage.received_at), col(InboundMessage.id))
            .offset(offset).limit(limit)).all()
        return [_item(session, message, phone, household, tz) for message, phone, household
                in rows], int(total)


def _item(
    session: Session, message: InboundMessage, phone: Phone | None,
    household: Household | None, tz: str,
) -> ReviewItem:
    stove_code = ""
    recent: tuple[tuple[str, int | None, int | None], ...] = ()
    if household is not None and household.id is not None:
        sql = DriverSql(session)
        stove_id = stove_in_use(sql, household_id=household.id,
                                today=local_date(message.received_at, tz))
        stove = session.get(Stove, stove_id) if stove_id else None
        stove_code = stove.code if stove else ""
        recent = tuple(session.exec(
            select(UsageObservation.week, UsageObservation.days_used,
                   UsageObservation.open_fire_days)
            .join(Stove, col(Stove.id) == col(UsageObservation.stove_id))
            .where(Stove.household_id == household.id,
                   col(UsageObservation.superseded_at).is_(None))
            .order_by(col(UsageObservation.week).desc()).limit(RECENT_REPORTS)).all())
    return ReviewItem(
        message_id=message.id or 0, received_at=message.received_at, body=message.body[:500],
        interpretation=message.interpretation,
        phone=mask_phone(phone.number if phone else message.sender),
        household_code=(household.code or "") if household else "",
        household_name=household.name if household else "",
        district=household.district if household else "",
        community=household.community if household else "",
        stove_code=stove_code, week=report_week(message.received_at, tz), recent=recent)


def resolve_item(
    uow: UnitOfWork, reviewer: Reviewer, message_id: int, reading: Reading, *, now: datetime,
    tz: str, sms_provider: str,
) -> Resolution:
    """Record what a person read in a flagged message, once, and tell the household."""
    if not 0 < message_id <= MAX_ID:
        raise ReviewRefused("not_found")
    with uow:
        session = uow.session
        message = session.exec(select(InboundMessage).where(InboundMessage.id == message_id)
                               .with_for_update()).first()
        if message is None or not message.needs_review:
            raise ReviewRefused("not_found")
        phone = session.get(Phone, message.phone_id) if message.phone_id else None
        household = (session.get(Household, phone.household_id)
                     if phone is not None and phone.household_id else None)
        if not reviewer.may_see(household.district if household else None):
            raise ReviewRefused("not_allowed")
        done = session.exec(select(ReviewResolution)
                            .where(ReviewResolution.message_id == message_id)).first()
        if done is not None:
            return _resolution(done, already=True)
        row = ReviewResolution(
            message_id=message_id, reading=reading.kind, days_used=reading.days_used,
            open_fire_days=reading.open_fire_days, resolved_by_id=reviewer.staff_id,
            resolved_by=reviewer.name[:200], resolved_at=now)
        reply = _apply(session, row, reading, message, phone, household, reviewer, tz=tz,
                       now=now)
        told = False
        if reply is not None and phone is not None and not phone.opted_out:
            queue_sms(session, to=phone.number, body=reply, provider=sms_provider, now=now,
                      in_reply_to_id=message_id, purpose="review")
            told = True
        session.add(row)
        try:
            uow.commit()
        except IntegrityError:  # another worker resolved it between our read and our write
            uow.rollback()
            done = session.exec(select(ReviewResolution)
                                .where(ReviewResolution.message_id == message_id)).one()
            return _resolution(done, already=True)
        return _resolution(row, household_told=told)


def _apply(
    session: Session, row: ReviewResolution, reading: Reading, message: InboundMessage,
    phone: Phone | None, household: Household | None, reviewer: Reviewer, *, tz: str,
    now: datetime,
) -> str | None:
    """Record the reading's effect on `row`; the household's SMS, or None to stay silent."""
    kind = reading.kind
    if kind == "nothing":
        return None
    if kind == "stop":
        if phone is None:
            raise ReviewRefused("no_phone")
        opt_out(session, phone, now=now)
        return None
    if kind == "register":
        return _register(session, row, reading, phone, reviewer, today=local_date(now, tz))
    if household is None or household.id is None:
        raise ReviewRefused("no_household")
    sql = DriverSql(session)
    stove_id = stove_in_use(sql, household_id=household.id,
                            today=local_date(message.received_at, tz))
    if stove_id is None:
        raise ReviewRefused("no_stove")
    row.stove_id = stove_id
    if kind == "problem":
        ticket = open_ticket(session, stove_id=stove_id, household_id=household.id,
                             phone_id=phone.id if phone else None, description=message.body,
                             source_message_id=message.id, now=now)
        row.ticket_id = ticket.id
        return texts.PROBLEM_OPENED.format(ticket=ticket.id)
    week = report_week(message.received_at, tz)
    recorded = record_report(sql, stove_id=stove_id, week=week, days_used=reading.days_used,
                             open_fire_days=reading.open_fire_days,
                             source_message_id=message.id, now=now, source="review")
    row.observation_id = recorded.id
    if kind == "usage":
        return texts.USAGE_RECORDED.format(days=reading.days_used, week=week)
    if kind == "open_fire":
        return texts.OPEN_FIRE_RECORDED.format(days=reading.open_fire_days, week=week)
    return texts.USAGE_AND_FIRE_RECORDED.format(days=reading.days_used,
                                                fire=reading.open_fire_days, week=week)


def _register(
    session: Session, row: ReviewResolution, reading: Reading, phone: Phone | None,
    reviewer: Reviewer, *, today: object,
) -> str:
    """Link the sender's phone to the household of the stove the person names."""
    code = (reading.stove_code or "").strip().upper()
    stove, status = registrable_stove(session, code, today=today)  # type: ignore[arg-type]
    if stove is None:
        raise ReviewRefused("unknown_code", code)
    if status != "ok":
        raise ReviewRefused("retired", code)
    target = session.get(Household, stove.household_id)
    if target is None or not reviewer.may_see(target.district):
        raise ReviewRefused("not_allowed")
    if phone is None:
        raise ReviewRefused("no_phone")
    phone.household_id = stove.household_id
    session.add(phone)
    row.stove_id = stove.id
    return texts.REGISTER_DONE.format(code=stove.code)


def _resolution(
    row: ReviewResolution, *, already: bool = False, household_told: bool = False
) -> Resolution:
    return Resolution(
        message_id=row.message_id, reading=row.reading, resolved_by=row.resolved_by,
        resolved_at=row.resolved_at, already=already, days_used=row.days_used,
        open_fire_days=row.open_fire_days, observation_id=row.observation_id,
        ticket_id=row.ticket_id, household_told=household_told)
