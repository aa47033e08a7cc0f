"""Queueing a rendered digest for a coordinator: Telegram and e-mail rows, once per week."""

import logging
from datetime import datetime

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import OutboundMessage
from core.monitoring.digest import Coordinator
from core.outbox.delivery import queue_chat_message

log = logging.getLogger(__name__)


def digest_key(week: str, coordinator_id: int, channel: str) -> str:
    """The dedupe key of one coordinator's digest for a week on a channel."""
    return f"digest:{week}:{coordinator_id}:{channel}"


def queue_digest(
    uow: UnitOfWork,
    *,
    coordinator: Coordinator,
    week: str,
    text: str,
    telegram_payload: str,
    email_payload: str,
    now: datetime,
) -> list[str]:
    """Queue the digest on each channel the coordinator has; returns the channels queued now.

    A coordinator without Telegram or e-mail is skipped with a warning; a second run for the
    same week queues nothing (the dedupe key).
    """
    targets = []
    if coordinator.telegram_chat_id is not None:
        targets.append(("telegram", str(coordinator.telegram_chat_id), telegram_payload))
    if coordinator.email:
        targets.append(("email", coordinator.email, email_payload))
    if not targets:
        log.warning("coordinator %d has no Telegram and no e-mail: digest skipped", coordinator.id)
        return []
    queued = []
    with uow:
        keys = [digest_key(week, coordinator.id, channel) for channel, _, _ in targets]
        existing = set(
            uow.session.exec(
                select(OutboundMessage.dedupe_key).where(col(OutboundMessage.dedupe_key).in_(keys))
            )
        )
        for (channel, recipient, payload), key in zip(targets, keys, strict=True):
            if key in existing:
                continue
            queue_chat_message(
                uow.session,
                channel=channel,
                recipient=recipient,
                body=text,
                purpose="digest",
                now=now,
                dedupe_key=key,
                payload=payload,
            )
            queued.append(channel)
        uow.commit()
    return queued
