"""The last resort: an authenticated payload that cannot be interpreted is still kept, raw."""

import hashlib
import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core.db.uow import UnitOfWork
from core.inputs import storable_text
from core.models import InboundMessage

log = logging.getLogger(__name__)

REJECTED = "rejected"


def keep_rejected(
    uow: UnitOfWork, *, provider: str, raw_payload: str, reason: str, now: datetime
) -> int:
    """Store the raw body in the message trail, flagged for review; a repeat is stored once.

    The provider is told 400 and may retry: the row's id is a digest of the body, so the same
    body is kept once however often it comes. Its reason is logged, not stored: the raw body
    shows it again.
    """
    raw = storable_text(raw_payload)
    provider_id = f"{REJECTED}-{hashlib.sha256(raw.encode()).hexdigest()[:55]}"
    log.warning("%s payload kept unread (%s): %s", provider, reason, provider_id)
    message = InboundMessage(
        provider=provider,
        provider_id=provider_id,
        sender="",
        sender_valid=False,
        raw_payload=raw,
        received_at=now,
        interpretation=REJECTED,
        needs_review=True,
    )
    with uow:
        uow.session.add(message)
        try:
            uow.commit()
        except IntegrityError:
            uow.rollback()
            existing = uow.session.exec(
                select(InboundMessage.id).where(
                    InboundMessage.provider == provider, InboundMessage.provider_id == provider_id
                )
            ).one()
            assert existing is not None
            return existing
    assert message.id is not None
    return message.id
