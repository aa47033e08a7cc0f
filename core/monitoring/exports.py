"""Exports for auditors and analysts: usage observations and the inbound message trail.

Each export is a generator of flat dicts whose values are already plain (str, int, bool or
None), so any renderer — CSV, JSON lines — writes them as they come. Rows are read a page at
a time, each page in its own short read-only transaction that continues after the last row
of the one before (keyset paging): the message trail grows without bound, a slow consumer
(a pipe, a spreadsheet) may take minutes, and no transaction may stay open that long.
"""

from collections.abc import Generator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, text, tuple_
from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import InboundMessage, ReviewResolution, Stove, UsageObservation
from core.models.base import UtcDateTime
from core.periods import day_bounds_utc
from core.phones import mask_phone
from core.privacy.registry import HIDDEN

USAGE_COLUMNS = (
    "id", "stove_code", "week", "days_used", "open_fire_days", "source", "provider",
    "source_id", "reported_at", "superseded_by",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "id", "provider", "provider_id", "received_at", "sender", "body", "interpretation",
    "needs_review", "reply", "receipt_note", "reviewed_as", "reviewed_by", "reviewed_at",
)  # fmt: skip
CHUNK_ROWS = 1000
STOVES_PER_PAGE = 100  # about 5,000 observations: a year of weekly reports each

Row = dict[str, Any]
Rows = Generator[Row, None, None]


def utc_iso(moment: datetime | None) -> str | None:
    """UTC ISO 8601 to the second with a Z, the form spreadsheets and scripts both parse."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def export_usage(uow: UnitOfWork, *, include_superseded: bool = False) -> Rows:
    """The observations in force (or all, with what replaced each), by stove code, week and id."""
    last_code = ""
    while True:
        with uow.reading():
            codes = uow.session.exec(
                select(Stove.id, Stove.code)
                .where(col(Stove.code) > last_code)
                .order_by(col(Stove.code))
                .limit(STOVES_PER_PAGE)
            ).all()
            if not codes:
                return
            last_code = codes[-1][1]
            statement = (
                select(UsageObservation, Stove.code, InboundMessage.provider,
                       InboundMessage.provider_id)  # fmt: skip
                .join(Stove, col(UsageObservation.stove_id) == col(Stove.id))
                .outerjoin(
                    InboundMessage,
                    col(UsageObservation.source_message_id) == col(InboundMessage.id),
                )
                .where(col(UsageObservation.stove_id).in_([stove_id for stove_id, _ in codes]))
                .order_by(col(Stove.code), col(UsageObservation.week), col(UsageObservation.id))
            )
            if not include_superseded:
                statement = statement.where(col(UsageObservation.superseded_at).is_(None))
            page = [_usage_row(*found) for found in uow.session.exec(statement)]
        yield from page


def _usage_row(
    observation: UsageObservation, code: str, provider: str | None, provider_id: str | None
) -> Row:
    return {
        "id": observation.id,
        "stove_code": code,
        "week": observation.week,
        "days_used": observation.days_used,
        "open_fire_days": observation.open_fire_days,
        "source": observation.source,
        "provider": provider,
        "source_id": provider_id,
        "reported_at": utc_iso(observation.reported_at),
        "superseded_by": observation.superseded_by_id,
    }


# Over 60 lines: a keyset-paged generator: its paging state lives in the one loop.
def export_messages(
    uow: UnitOfWork,
    *,
    tz: str,
    first_day: date | None = None,
    last_day: date | None = None,
    unmasked: bool = False,
    needs_review: bool = False,
) -> Rows:
    """Every stored inbound message received on local days first..last (inclusive), in order.

    Senders are masked and bodies hidden unless `unmasked`: an export file travels further
    than the database, and a household's words may name people (the reply, qoncha's own
    text, still shows what was read).
    `needs_review` keeps only the messages flagged for staff (the review queue).
    """
    # A person's reading of a flagged message travels with it: the audit trail shows who.
    statement = (
        select(InboundMessage, ReviewResolution)
        .join(ReviewResolution, col(ReviewResolution.message_id) == col(InboundMessage.id),
              isouter=True)
        .order_by(col(InboundMessage.received_at), col(InboundMessage.id))
    )
    if needs_review:
        # Spelled as the partial index's own condition, so both backends use that index.
        statement = statement.where(text("inbound_messages.needs_review"))
    if first_day is not None:
        start, _ = day_bounds_utc(first_day, first_day, tz)
        statement = statement.where(col(InboundMessage.received_at) >= start)
    if last_day is not None:
        _, end = day_bounds_utc(last_day, last_day, tz)
        statement = statement.where(col(InboundMessage.received_at) < end)
    after: tuple[datetime, int] | None = None
    while True:
        page_statement = statement.limit(CHUNK_ROWS)
        if after is not None:
            page_statement = page_statement.where(
                tuple_(col(InboundMessage.received_at), col(InboundMessage.id))
                > tuple_(bindparam("after_at", after[0], UtcDateTime()), after[1])
            )
        with uow.reading():
            page = list(uow.session.exec(page_statement))
        if not page:
            return
        last = page[-1][0]
        assert last.id is not None
        after = (last.received_at, last.id)
        for message, review in page:
            yield {
                "id": message.id,
                "provider": message.provider,
                "provider_id": message.provider_id,
                "received_at": utc_iso(message.received_at),
                "sender": message.sender if unmasked else mask_phone(message.sender),
                "body": message.body if unmasked else HIDDEN,
                "interpretation": message.interpretation,
                "needs_review": message.needs_review,
                "reply": message.reply,
                "receipt_note": message.receipt_note,
                "reviewed_as": review.reading if review else None,
                "reviewed_by": review.resolved_by if review else None,
                "reviewed_at": utc_iso(review.resolved_at) if review else None,
            }
