"""Conversations that go idle expire with a message; the scheduler handles stored updates too."""

import json
from datetime import timedelta

from sqlmodel import select

from core.models import BotState, OutboundMessage, TelegramUpdate
from core.staffbot import texts as staff_texts
from core.staffbot.members import invite_staff
from core.staffbot.updates import store_update
from gateway.scheduler import expire_conversations, handle_telegram_updates
from tests.e2e.gateway_support import NOW, TELEGRAM_BOT_TOKEN, all_rows
from tests.e2e.telegram_support import BotEnv

ROSA = 111


def test_an_idle_conversation_expires_with_a_message(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    bot_env.say(ROSA, "/instalar")
    assert [s.kind for s in all_rows_states(bot_env)] == ["conversation", "user"]
    services = bot_env.services
    services.clock = lambda: NOW + timedelta(minutes=29)
    assert expire_conversations(services) == 0
    services.clock = lambda: NOW + timedelta(minutes=31)
    assert expire_conversations(services) == 1
    (note,) = [m for m in all_rows(services, OutboundMessage) if m.channel == "telegram"]
    assert (note.recipient, note.body) == (str(ROSA), staff_texts.CONVERSATION_EXPIRED)
    bot_env.say(ROSA, "QW1234")  # the answer to a question no longer asked
    assert bot_env.last(ROSA) == staff_texts.NOT_UNDERSTOOD


def test_a_conversation_idle_for_30_minutes_is_not_continued_even_before_the_job(
    bot_env: BotEnv,
):
    bot_env.enrol(ROSA)
    bot_env.say(ROSA, "/visita")
    bot_env.services.clock = lambda: NOW + timedelta(minutes=45)
    bot_env.say(ROSA, "ABC123")
    assert bot_env.last(ROSA) == staff_texts.NOT_UNDERSTOOD


def all_rows_states(env: BotEnv) -> list[BotState]:
    with env.services.uow() as uow:
        return list(uow.session.exec(select(BotState).order_by(BotState.kind)))


def test_the_scheduler_handles_updates_stored_while_no_web_worker_did(
    services_with, fake_telegram
):
    services = services_with(TELEGRAM_BOT_TOKEN=TELEGRAM_BOT_TOKEN,
                             TELEGRAM_API_BASE=fake_telegram.url)
    code = invite_staff(services.uow(), role="admin", districts=[], name="Ana", now=NOW)
    update = {"update_id": 9001, "message": {
        "message_id": 1, "date": 1764290780, "text": f"/start {code}",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "chat": {"id": ROSA, "type": "private"},
        "from": {"id": ROSA, "is_bot": False, "first_name": "Ana"}}}
    store_update(services.uow(), update_id=9001, payload=json.dumps(update), now=NOW)
    store_update(services.uow(), update_id=9002, payload="{not json", now=NOW)
    assert handle_telegram_updates(services) == 2
    assert fake_telegram.texts(ROSA)[0].startswith("Bienvenido/a, Ana. Rol: administrador/a.")
    statuses = {u.update_id: (u.status, u.last_error) for u in all_rows(services, TelegramUpdate)}
    assert statuses[9001] == ("handled", None)
    assert statuses[9002][0] == "ignored"
    assert (statuses[9002][1] or "").startswith("not a readable update")
