"""The weekly prompt, the reminder to those who did not answer, and the welcome after installation.

Each run is idempotent: every message carries a dedupe key naming its week and household,
so a second run for the same week queues nothing more (the unique key holds across processes).
"""

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.messaging import texts
from core.messaging.conversation import AWAITING_DAYS, QUESTION_TTL
from core.models import ConversationState, OutboundMessage
from core.outbox.queue import CHUNK, insert_outbox_rows, outbox_values
from core.outbox.windows import Window, next_opening, window_end
from core.periods import iso_week, local_date, week_start
from core.prompts.audience import Addressee, addressees, households_reported, is_silent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PromptPolicy:
    """How prompts go out: provider, time zone, bulk hours, spread, silence threshold."""

    provider: str
    tz: str
    bulk_hours: tuple[Window, ...] | None  # None: no operator hours (console provider)
    spread: timedelta = timedelta(minutes=90)
    silent_after: timedelta = timedelta(weeks=6)


@dataclass
class PromptRun:
    """What one run queued, and who it left out and why."""

    week: str
    queued: int = 0
    welcomed: int = 0
    already_queued: int = 0
    already_reported: int = 0
    no_phone: int = 0
    silent: list[int] = field(default_factory=list)


def awaiting_week(week: str) -> str:
    """The conversation state of a weekly question: a bare answer counts for that week."""
    return f"{AWAITING_DAYS}@{week}"


def _order(household_id: int, week: str) -> str:
    # A stable shuffle: the same households do not always come first (or last) in the window.
    return hashlib.sha256(f"{week}:{household_id}".encode()).hexdigest()


def send_slots(count: int, *, now: datetime, campaign: PromptPolicy) -> list[datetime]:
    """Send times spread over the window, never past its end (the rest would wait days)."""
    start, end = now, now + campaign.spread
    if campaign.bulk_hours is not None:
        start = next_opening(now, campaign.bulk_hours, campaign.tz) or now
        closing = window_end(start, campaign.bulk_hours, campaign.tz) or start
        end = min(start + campaign.spread, closing)
    span = max(end - start, timedelta(0))
    return [start + span * i / max(count, 1) for i in range(count)]


def welcome_key(household_id: int) -> str:
    """The one welcome a household gets, at installation (bot) or with its first prompt."""
    return f"welcome:{household_id}"


def existing_keys(session: Session, prefix: str) -> set[str]:
    """Dedupe keys already queued under a prefix (prompt:2026-W48:)."""
    rows = session.exec(
        select(OutboundMessage.dedupe_key).where(col(OutboundMessage.dedupe_key).like(f"{prefix}%"))
    )
    return {r for r in rows if r}


BODIES = {
    "welcome": texts.WELCOME,
    "prompt": texts.WEEKLY_PROMPT,
    "reminder": texts.WEEKLY_REMINDER,
}


def sms_row(
    campaign: PromptPolicy, *, to: str, purpose: str, key: str, at: datetime, now: datetime
) -> dict[str, Any]:
    """One outbound bulk SMS row (its text chosen by purpose), built by the outbox's one writer."""
    return outbox_values(
        channel="sms", recipient=to, body=BODIES[purpose], purpose=purpose,
        provider=campaign.provider, now=now, send_at=at, dedupe_key=key,
    )


def insert_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk-insert outbound rows built by `sms_row` (the outbox's executemany)."""
    insert_outbox_rows(session, rows)


def remember_questions(session: Session, asked: Iterable[tuple[int, datetime]], week: str) -> None:
    """Remember the question for each phone at the time it goes out."""
    pairs = list(asked)
    for i in range(0, len(pairs), CHUNK):
        ids = [phone_id for phone_id, _ in pairs[i : i + CHUNK]]
        session.execute(delete(ConversationState).where(col(ConversationState.phone_id).in_(ids)))
    states = [
        {
            "phone_id": p,
            "awaiting": awaiting_week(week),
            "asked_at": at,
            "expires_at": at + QUESTION_TTL,
        }
        for p, at in pairs
    ]
    table = ConversationState.__table__  # type: ignore[attr-defined]
    for i in range(0, len(states), CHUNK):
        session.execute(table.insert(), states[i : i + CHUNK])


def queue_weekly_prompts(uow: UnitOfWork, *, campaign: PromptPolicy, now: datetime) -> PromptRun:
    """Ask every opted-in household with a stove in use how many days it used it this week.

    Households installed this week wait for next week; those installed last week get the
    welcome first; those silent for `silent_after` are left out and listed instead.
    """
    today = local_date(now, campaign.tz)
    week = iso_week(today)
    monday = week_start(week)
    run = PromptRun(week)
    with uow:
        session = uow.session
        done = existing_keys(session, f"prompt:{week}:")
        reported = households_reported(session, week=week)
        welcomed = existing_keys(session, "welcome:")
        chosen: list[Addressee] = []
        for a in addressees(session, today=today):
            if a.installed_on >= monday:
                continue  # installed this week: the welcome and first prompt come next week
            if f"prompt:{week}:{a.household_id}" in done:
                run.already_queued += 1
            elif a.household_id in reported:
                run.already_reported += 1
            elif a.number is None:
                run.no_phone += 1
            elif is_silent(a, now=now, silent_after=campaign.silent_after):
                run.silent.append(a.household_id)
            else:
                chosen.append(a)
        chosen.sort(key=lambda a: _order(a.household_id, week))
        rows, asked = [], []
        for a, at in zip(chosen, send_slots(len(chosen), now=now, campaign=campaign), strict=True):
            assert a.number is not None and a.phone_id is not None
            if a.installed_on >= monday - timedelta(days=7) and (
                welcome_key(a.household_id) not in welcomed
            ):
                key = welcome_key(a.household_id)
                rows.append(
                    sms_row(campaign, to=a.number, purpose="welcome", key=key, at=at, now=now)
                )
                run.welcomed += 1
            key = f"prompt:{week}:{a.household_id}"
            rows.append(sms_row(campaign, to=a.number, purpose="prompt", key=key, at=at, now=now))
            asked.append((a.phone_id, at))
        insert_rows(session, rows)
        remember_questions(session, asked, week)
        uow.commit()
    run.queued = len(asked)
    log.info(
        "weekly prompt %s: %d queued, %d welcomed, %d silent, %d already reported",
        week,
        run.queued,
        run.welcomed,
        len(run.silent),
        run.already_reported,
    )
    return run
