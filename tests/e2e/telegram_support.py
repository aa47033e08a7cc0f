"""Driving the bot end to end: Update JSON posted to /telegram/webhook, replies read at the fake.

Updates are built like the ones Telegram sends (tests/fixtures/telegram_*.json are recorded
examples of each kind); the gateway stores them, its bot thread handles them against
FakeTelegramApi, and `settle()` waits until the table says every update is finished.
"""

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlmodel import and_, col, or_, select

from core.models import TelegramUpdate
from core.staffbot.members import invite_staff
from gateway.app import create_app
from gateway.wiring import Services
from tests.e2e.gateway_support import TELEGRAM_BOT_TOKEN as BOT_TOKEN

WEBHOOK_SECRET = "telegram-webhook-secret-for-tests"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_DATE = 1764290780  # 2025-11-28, a plausible message date


def fixture_update(name: str) -> dict[str, Any]:
    """A recorded Update."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


@dataclass
class BotEnv:
    """The gateway with its bot, the fake Bot API, and a way to talk as Telegram users."""

    services: Services
    client: FlaskClient
    api: Any  # FakeTelegramApi
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(500_000_001))
    _messages: Iterator[int] = field(default_factory=lambda: itertools.count(10))

    def post(self, update: dict[str, Any], *, settle: bool = True) -> dict[str, Any]:
        """Deliver an update as Telegram would; wait until it is handled."""
        update.setdefault("update_id", next(self._ids))
        response = self.client.post(
            "/telegram/webhook", json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        if settle:
            self.settle()
        return update

    def message(self, user: int, **content: Any) -> dict[str, Any]:
        """A private message from `user` carrying `content` (text, location, photo, ...)."""
        return {"message": {
            "message_id": next(self._messages), "date": _DATE,
            "chat": {"id": user, "type": "private", "first_name": f"U{user}"},
            "from": {"id": user, "is_bot": False, "first_name": f"U{user}",
                     "language_code": "es"},
            **content,
        }}

    def say(self, user: int, text: str) -> dict[str, Any]:
        """Send a text (a /command gets its bot_command entity, as Telegram adds it)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.post(self.message(user, **content))

    def press(self, user: int, data: str, message_id: int = 1) -> dict[str, Any]:
        """Press an inline button carrying `data` under one of the bot's messages."""
        return self.post({"callback_query": {
            "id": f"cbq-{next(self._messages)}", "chat_instance": "ci-1", "data": data,
            "from": {"id": user, "is_bot": False, "first_name": f"U{user}"},
            "message": {"message_id": message_id, "date": _DATE, "text": "…",
                        "chat": {"id": user, "type": "private"},
                        "from": {"id": 7000000001, "is_bot": True, "first_name": "Qoncha"}},
        }})

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until no stored update is pending, being handled or due for a retry."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Read-only: a writing transaction 50 times a second would take SQLite's write
            # lock from the bot thread it waits for (and time out behind it on a busy machine).
            with self.services.uow().reading() as uow:
                busy = uow.session.exec(select(TelegramUpdate.id).where(or_(
                    col(TelegramUpdate.status).in_(["pending", "processing"]),
                    and_(TelegramUpdate.status == "failed",
                         col(TelegramUpdate.next_attempt_at) <= self.services.clock()),
                ))).first()
            if busy is None:
                return
            time.sleep(0.02)
        raise AssertionError("stored updates were not handled in time")

    def replies(self, user: int) -> list[str]:
        """Everything the bot sent or edited in this user's chat, in order."""
        texts: list[str] = self.api.texts(user)
        return texts

    def last(self, user: int) -> str:
        """The bot's latest text to this user."""
        return self.replies(user)[-1]

    def updates(self) -> list[TelegramUpdate]:
        """The stored updates, oldest first."""
        with self.services.uow().reading() as uow:
            return list(uow.session.exec(select(TelegramUpdate).order_by(
                col(TelegramUpdate.update_id))))

    def enrol(self, user: int, role: str = "technician", districts: tuple[str, ...] = (
            "Chinchao",), name: str = "Rosa") -> None:
        """Invite a staff member and link `user` with /start CODE."""
        code = invite_staff(self.services.uow(), role=role, districts=list(districts),
                            name=name, now=self.services.clock())
        self.say(user, f"/start {code}")


@pytest.fixture
def bot_env(services_with: Any, fake_telegram: Any, tmp_path: Path) -> Iterator[BotEnv]:
    """The gateway with the bot enabled against the fake Bot API."""
    services = services_with(
        TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
        TELEGRAM_API_BASE=fake_telegram.url, MEDIA_ROOT=str(tmp_path / "media"),
    )
    app = create_app(services=services)
    yield BotEnv(services, app.test_client(), fake_telegram)
    app.extensions["qoncha_bot"].stop()
