"""PTB persistence backed by core's `bot_states` table, scoped to the update being handled.

The application is built afresh for each stored update (see bot.runner), so it loads only
that update's chat and user: a conversation continues on whichever worker, in whichever
process, gets the next update, and survives restarts. Only conversations and user_data are
kept; bot_data and chat_data are per-update scratch space.
"""

import json
from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from core.db.uow import UnitOfWork
from core.staffbot.state import load_states, save_state

ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]


def conversation_key(key: ConversationKey) -> str:
    """PTB's tuple key as the JSON text stored in the table."""
    return json.dumps(list(key))


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Conversation states and user_data of one chat and user, read and written through core."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], clock: Callable[[], datetime],
        *, chat_id: int | None, user_id: int | None,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True,
                                        callback_data=False),
            update_interval=3600,  # never on a timer: the runner saves after each update
        )
        self._uow, self._clock = uow, clock
        self._chat_id, self._user_id = chat_id, user_id

    async def get_conversations(self, name: str) -> ConversationDict:
        """This chat's states in the named conversation (idle ones have expired)."""
        if self._chat_id is None or self._user_id is None:
            return {}
        key = (self._chat_id, self._user_id)
        stored = load_states(self._uow(), kind="conversation", name=name,
                             keys=[conversation_key(key)], now=self._clock())
        return {tuple(json.loads(k)): state for k, state in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store the new state; None (the conversation ended) deletes it."""
        save_state(self._uow(), kind="conversation", name=name, key=conversation_key(key),
                   value=new_state, now=self._clock())

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        """The answers collected so far for this user."""
        if self._user_id is None:
            return {}
        stored = load_states(self._uow(), kind="user", keys=[str(self._user_id)],
                             now=self._clock())
        return {int(k): v for k, v in stored.items()}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        """Keep a user's data; it must be plain JSON (strings, numbers, lists, dicts)."""
        save_state(self._uow(), kind="user", key=str(user_id), value=data or None,
                   now=self._clock())

    async def drop_user_data(self, user_id: int) -> None:
        """Forget a user's data."""
        save_state(self._uow(), kind="user", key=str(user_id), value=None, now=self._clock())

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        """Not kept."""
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        """Not kept."""
        return {}

    async def get_callback_data(self) -> None:
        """Not kept: callback data is plain text the handlers check."""
        return None

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """Not kept."""

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Not kept."""

    async def update_callback_data(self, data: Any) -> None:
        """Not kept."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not kept."""

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Loaded fresh with each update already."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """Not kept."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Not kept."""

    async def flush(self) -> None:
        """Every write is committed as it happens."""
