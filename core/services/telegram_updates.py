"""Storing Telegram updates before the bot handles them, once per update_id."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from core.models import TelegramUpdate
from core.uow import UnitOfWork


def store_update(uow: UnitOfWork, *, update_id: int, payload: str, now: datetime) -> bool:
    """Keep the raw update; False when Telegram retried one already stored."""
    with uow:
        uow.session.add(TelegramUpdate(update_id=update_id, payload=payload, received_at=now))
        try:
            uow.commit()
        except IntegrityError:
            uow.rollback()
            return False
    return True
