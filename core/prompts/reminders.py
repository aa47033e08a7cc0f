"""The reminder: the weekly question once more, only to households that have not answered."""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import OutboundMessage, Phone
from core.prompts.audience import households_reported
from core.prompts.weekly import (
    PromptPolicy,
    existing_keys,
    insert_rows,
    remember_questions,
    send_slots,
    sms_row,
)

log = logging.getLogger(__name__)
# A prompt in one of these states never reached the household: no reminder either.
NOT_DELIVERED = ("suppressed", "failed", "held", "undelivered")


@dataclass(frozen=True)
class ReminderRun:
    """What one reminder run queued."""

    week: str
    queued: int
    answered: int


def queue_reminders(
    uow: UnitOfWork, *, campaign: PromptPolicy, week: str, now: datetime
) -> ReminderRun:
    """Remind the households asked for `week` that have not reported it; once per week."""
    with uow:
        session = uow.session
        prompted = session.exec(
            select(OutboundMessage.recipient, OutboundMessage.dedupe_key).where(
                col(OutboundMessage.dedupe_key).like(f"prompt:{week}:%"),
                col(OutboundMessage.status).not_in(NOT_DELIVERED),
            )
        ).all()
        reported = households_reported(session, week=week)
        done = existing_keys(session, f"reminder:{week}:")
        due: list[tuple[str, int]] = []
        answered = 0
        for recipient, key in prompted:
            household_id = int(str(key).rsplit(":", 1)[1])
            if household_id in reported:
                answered += 1
            elif f"reminder:{week}:{household_id}" not in done:
                due.append((recipient, household_id))
        phone_ids: dict[str, int] = {}
        if due:
            numbers = {r for r, _ in due}
            for number, phone_id in session.exec(
                select(Phone.number, Phone.id).where(col(Phone.number).in_(numbers))
            ):
                if phone_id is not None:
                    phone_ids[number] = phone_id
        slots = send_slots(len(due), now=now, campaign=campaign)
        rows = [
            sms_row(
                campaign,
                to=recipient,
                purpose="reminder",
                at=at,
                now=now,
                key=f"reminder:{week}:{household_id}",
            )
            for (recipient, household_id), at in zip(due, slots, strict=True)
        ]
        insert_rows(session, rows)
        remember_questions(
            session,
            [(phone_ids[r], at) for (r, _), at in zip(due, slots, strict=True) if r in phone_ids],
            week,
        )
        uow.commit()
    log.info("reminder %s: %d queued, %d had answered", week, len(rows), answered)
    return ReminderRun(week, len(rows), answered)
