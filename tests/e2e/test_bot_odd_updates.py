"""Malformed or odd updates end `ignored` with a reason, at once: never failed and retried."""

from core.staffbot import texts as staff_texts
from core.staffbot.members import list_staff, revoke_staff
from tests.e2e.telegram_support import BotEnv
from tests.e2e.test_bot_visit import ROSA, seed


def test_a_string_where_the_message_belongs_is_ignored_unanswered(bot_env: BotEnv):
    bot_env.post({"message": "hola"})
    (update,) = bot_env.updates()
    assert (update.status, update.next_attempt_at) == ("ignored", None)
    assert "not a readable update" in (update.last_error or "")
    assert [c.method for c in bot_env.api.calls()] == ["getMe"]  # the bot starting, no answer


def test_a_button_naming_a_ticket_beyond_any_id_is_ignored(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    bot_env.press(ROSA, "t:take:999999999999")
    update = bot_env.updates()[-1]
    assert (update.status, update.next_attempt_at) == ("ignored", None)
    assert "button" in (update.last_error or "")
    (answer,) = bot_env.api.calls("answerCallbackQuery")
    assert answer.params.get("text") == staff_texts.BUTTON_EXPIRED
    assert len(bot_env.api.sent(ROSA)) == 1  # the welcome only


def test_start_from_a_member_revoked_in_a_conversation_is_ignored(bot_env: BotEnv):
    seed(bot_env)
    bot_env.enrol(ROSA)
    bot_env.say(ROSA, "/visita ABC123")
    (member,) = list_staff(bot_env.services.uow())
    revoke_staff(bot_env.services.uow(), staff_id=member.id, now=bot_env.services.clock())
    before = len(bot_env.replies(ROSA))
    bot_env.say(ROSA, "/start x")
    update = bot_env.updates()[-1]
    assert (update.status, update.next_attempt_at) == ("ignored", None)
    assert "revoked" in (update.last_error or "")
    assert bot_env.replies(ROSA)[before:] == [staff_texts.INVITE_INVALID]
