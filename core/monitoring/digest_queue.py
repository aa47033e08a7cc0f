"""Queueing a rendered digest for a coordinator: Telegram and e-mail rows, once per week."""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import OutboundMessage
from core.monitoring.digest import Coordinator
from core.outbox.delivery import queue_chat_message

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestMessages:
    """A rendered digest: the full text (e-mail's plain part), Telegram's caption and the rest
    (a follow-up message: a caption has a limit, the chart is never dropped), the payloads."""

    text: str
    caption: str
    follow_up: str
    telegram_payload: str
    email_payload: str


def digest_key(week: str, coordinator_id: int, channel: str) -> str:
    """The dedupe key of one coordinator's digest for a week on a channel."""
    return f"digest:{week}:{coordinator_id}:{channel}"


def queue_digest(
    uow: UnitOfWork,
    *,
    coordinator: Coordinator,
    week: str,
    messages: DigestMessages,
    now: datetime,
) -> list[str]:
    """Queue the digest on each channel the coordinator has; returns the channels queued now.

    A coordinator without Telegram or e-mail is skipped with a warning; a second run for the
    same week queues nothing (the dedupe key). On Telegram the chart goes with the caption
    and, when the text is longer, the rest follows as a second row (sent after it, in order).
    """
    m = messages
    targets: list[tuple[str, str, str, str | None]] = []
    if coordinator.telegram_chat_id is not None:
        chat = str(coordinator.telegram_chat_id)
        targets.append(("telegram", chat, m.caption, m.telegram_payload))
        if m.follow_up:
            targets.append(("telegram-rest", chat, m.follow_up, None))
    if coordinator.email:
        targets.append(("email", coordinator.email, m.text, m.email_payload))
    if not targets:
        log.warning("coordinator %d has no Telegram and no e-mail: digest skipped", coordinator.id)
        return []
    queued = []
    with uow:
        keys = [digest_key(week, coordinator.id, part) for part, _, _, _ in targets]
        existing = set(
            uow.session.exec(
                select(OutboundMessage.dedupe_key).where(col(OutboundMessage.dedupe_key).in_(keys))
            )
        )
        for (part, recipient, body, payload), key in zip(targets, keys, strict=True):
            if key in existing:
                continue
            channel = part.split("-")[0]
            queue_chat_message(
                uow.session,
                channel=channel,
                recipient=recipient,
                body=body,
                purpose="digest",
                now=now,
                dedupe_key=key,
                payload=payload,
            )
            if channel not in queued:
                queued.append(channel)
        uow.commit()
    return queued
