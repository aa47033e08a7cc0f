"""The bot's conversation state and per-user data, kept in the database for every worker.

A conversation left idle for IDLE_EXPIRY is over: it is no longer loaded, and the scheduler's
expiry job removes it and queues a message telling the person so.
"""

import json
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, delete, select

from core.db.uow import UnitOfWork
from core.models import BotState
from core.staffbot import texts as staff_texts
from core.staffbot.members import queue_staff_message

IDLE_EXPIRY = timedelta(minutes=30)
KINDS = ("conversation", "user", "chat")


def load_states(
    uow: UnitOfWork, *, kind: str, name: str = "", keys: list[str] | None = None,
    now: datetime,
) -> dict[str, Any]:
    """Stored values by key (JSON text of PTB's key); idle conversations are left out."""
    with uow:
        statement = select(BotState).where(BotState.kind == kind, BotState.name == name)
        if keys is not None:
            statement = statement.where(col(BotState.key).in_(keys))
        if kind == "conversation":
            statement = statement.where(col(BotState.updated_at) > now - IDLE_EXPIRY)
        return {row.key: json.loads(row.data) for row in uow.session.exec(statement)}


def save_state(
    uow: UnitOfWork, *, kind: str, name: str = "", key: str, value: Any, now: datetime
) -> None:
    """Store one value (None deletes it): a conversation's state, or a user's data."""
    if kind not in KINDS:
        raise ValueError(f"unknown state kind {kind!r}")
    with uow:
        row = uow.session.get(BotState, (kind, name, key))
        if value is None:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(
                BotState(kind=kind, name=name, key=key, data=json.dumps(value), updated_at=now)
            )
        else:
            row.data, row.updated_at = json.dumps(value), now
            uow.session.add(row)
        uow.commit()


def forget_person(uow: UnitOfWork, *, chat_id: int, user_id: int) -> None:
    """Drop a chat's conversations and answers: a revoked member's task never resumes."""
    with uow:
        uow.session.exec(  # type: ignore[call-overload]
            delete(BotState).where(
                col(BotState.kind) == "conversation",
                col(BotState.key) == json.dumps([chat_id, user_id]),
            )
        )
        uow.session.exec(  # type: ignore[call-overload]
            delete(BotState).where(col(BotState.kind) == "user", col(BotState.key) == str(user_id))
        )
        uow.commit()


def expire_idle_conversations(uow: UnitOfWork, *, now: datetime) -> int:
    """End conversations idle for 30 minutes and queue a note to each chat; the count ended."""
    with uow:
        stale = uow.session.exec(
            select(BotState).where(
                BotState.kind == "conversation",
                col(BotState.updated_at) <= now - IDLE_EXPIRY,
            )
        ).all()
        for row in stale:
            chat_id = _chat_in_key(row.key)
            if chat_id is not None:
                queue_staff_message(
                    uow.session, chat_id=chat_id, body=staff_texts.CONVERSATION_EXPIRED, now=now
                )
        uow.session.exec(  # type: ignore[call-overload]
            delete(BotState).where(
                col(BotState.kind) == "conversation",
                col(BotState.updated_at) <= now - IDLE_EXPIRY,
            )
        )
        uow.commit()
        return len(stale)


def _chat_in_key(key: str) -> int | None:
    """PTB keys a conversation by [chat_id, user_id] (JSON here): the chat to tell."""
    try:
        parts = json.loads(key)
    except ValueError:
        return None
    if isinstance(parts, list) and parts and isinstance(parts[0], int):
        return int(parts[0])
    return None

