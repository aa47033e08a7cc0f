"""Staff enrolment through the bot, the gate in front of every handler, stored-update marking."""

from core.staffbot import texts as staff_texts
from tests.e2e.gateway_support import all_rows
from tests.e2e.telegram_support import BotEnv, fixture_update
from tests.e2e.test_bot_visit import seed

ROSA, STRANGER = 111, 222


def test_start_with_a_valid_code_links_the_account_once(bot_env: BotEnv):
    bot_env.enrol(ROSA, districts=("Chinchao", "Molino"), name="Rosa")
    assert "Bienvenido/a, Rosa. Rol: técnico/a. Distritos: Chinchao, Molino." in bot_env.last(ROSA)
    bot_env.say(ROSA, "/ayuda")
    assert bot_env.last(ROSA) == staff_texts.HELP
    assert [u.status for u in bot_env.updates()] == ["handled", "handled"]


def test_unknown_accounts_are_told_how_to_get_access_and_nothing_else(bot_env: BotEnv):
    bot_env.say(STRANGER, "/tickets")
    bot_env.say(STRANGER, "/start NOTACODE")
    assert bot_env.replies(STRANGER) == [staff_texts.UNKNOWN_ACCOUNT, staff_texts.INVITE_INVALID]


def test_group_chats_are_ignored_and_edited_messages_get_a_reply(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    group = bot_env.message(ROSA, text="/ayuda")
    group["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Tecnicos"}
    bot_env.post(group)
    edited = bot_env.message(ROSA, text="/ayuda")
    bot_env.post({"edited_message": edited["message"]})
    assert bot_env.api.texts(-100123) == []
    assert bot_env.last(ROSA) == staff_texts.EDITED_IGNORED
    assert [u.status for u in bot_env.updates()][-2:] == ["ignored", "ignored"]


def test_stickers_and_huge_messages_get_a_clear_reply(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    sticker = {"file_id": "st1", "file_unique_id": "s1", "width": 512, "height": 512,
               "is_animated": False, "is_video": False, "type": "regular"}
    bot_env.post(bot_env.message(ROSA, sticker=sticker))
    assert bot_env.last(ROSA) == staff_texts.NOT_UNDERSTOOD
    bot_env.say(ROSA, "x" * 4000)
    assert bot_env.last(ROSA).startswith("El mensaje es demasiado largo")


def test_a_duplicate_update_is_stored_and_answered_once(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    update = bot_env.say(ROSA, "/ayuda")
    bot_env.post(update)
    assert bot_env.replies(ROSA).count(staff_texts.HELP) == 1


def test_a_failed_update_is_retried_from_its_stored_copy(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    bot_env.api.fail_next_with_server_error(count=1)
    bot_env.say(ROSA, "/ayuda")
    failed = bot_env.updates()[-1]
    assert failed.status == "failed" and failed.attempts == 1
    assert "Internal Server Error" in (failed.last_error or "")
    bot_env.services.clock = lambda: failed.next_attempt_at  # the back-off has passed
    bot_env.client.application.extensions["qoncha_bot"].wake()
    bot_env.settle()
    retried = bot_env.updates()[-1]
    assert (retried.status, retried.attempts) == ("handled", 2)
    assert bot_env.last(ROSA) == staff_texts.HELP


def test_recorded_updates_from_an_unknown_account(bot_env: BotEnv):
    names = ["telegram_command.json", "telegram_group_message.json",
             "telegram_callback_query.json", "telegram_photo.json"]
    for name in names:
        bot_env.post(fixture_update(name))
    user = 5550001
    assert bot_env.replies(user) == [staff_texts.UNKNOWN_ACCOUNT] * 2  # command, photo
    (answer,) = bot_env.api.calls("answerCallbackQuery")
    assert answer.params["text"] == staff_texts.NOT_ALLOWED
    assert bot_env.api.texts(-1001987654321) == []
    assert [(u.update_id, u.chat_id, u.status) for u in bot_env.updates()] == [
        (735120001, user, "handled"), (735120002, -1001987654321, "ignored"),
        (735120003, user, "handled"), (735120004, user, "handled")]
    assert bot_env.api.calls("getFile") == []  # nothing downloaded for a stranger


def test_an_expired_or_used_code_is_refused_and_a_revoked_member_loses_access(bot_env: BotEnv):
    from datetime import timedelta

    from core.staffbot.members import invite_staff, list_staff, revoke_staff

    services = bot_env.services
    code = invite_staff(services.uow(), role="technician", districts=["Chinchao"], name="Rosa",
                        now=services.clock() - timedelta(days=7, seconds=1))
    bot_env.say(ROSA, f"/start {code}")
    assert bot_env.last(ROSA) == staff_texts.INVITE_INVALID
    fresh = invite_staff(services.uow(), role="technician", districts=["Chinchao"],
                         name="Rosa", now=services.clock())
    bot_env.say(ROSA, f"/start {fresh.lower()}")  # codes are read case-insensitively
    assert bot_env.last(ROSA).startswith("Bienvenido/a, Rosa")
    bot_env.say(STRANGER, f"/start {fresh}")  # used once already
    assert bot_env.last(STRANGER) == staff_texts.INVITE_INVALID
    linked = next(m for m in list_staff(services.uow()) if m.linked)
    revoke_staff(services.uow(), staff_id=linked.id, now=services.clock())
    bot_env.say(ROSA, "/tickets")
    assert bot_env.last(ROSA) == staff_texts.ACCESS_REVOKED


def test_a_revoked_member_is_told_so_and_can_be_invited_again(bot_env: BotEnv):
    from core.models import StaffMember
    from core.staffbot.members import list_staff, revoke_staff

    services = bot_env.services
    seed(bot_env)
    bot_env.enrol(ROSA, name="Rosa")
    bot_env.say(ROSA, "/visita ABC123")  # a task in hand when access ends
    (old,) = list_staff(services.uow())
    revoke_staff(services.uow(), staff_id=old.id, now=services.clock())
    bot_env.say(ROSA, "Sí")
    assert bot_env.last(ROSA) == staff_texts.ACCESS_REVOKED
    assert (bot_env.updates()[-1].status, bot_env.updates()[-1].last_error) == (
        "ignored", "a revoked member")
    bot_env.enrol(ROSA, name="Rosa Q.")
    assert bot_env.last(ROSA).startswith("Bienvenido/a, Rosa Q.")
    bot_env.say(ROSA, "Sí")  # the old task does not come back
    assert bot_env.last(ROSA) == staff_texts.NOT_UNDERSTOOD
    members = all_rows(services, StaffMember)
    assert [(m.name, m.telegram_user_id, m.revoked_at is not None) for m in members] == [
        ("Rosa", ROSA, True), ("Rosa Q.", ROSA, False)]  # the old link stays as history


def test_a_member_who_blocked_the_bot_is_not_retried(bot_env: BotEnv):
    bot_env.enrol(ROSA)
    bot_env.api.fail_next_with_blocked()
    bot_env.say(ROSA, "/ayuda")
    blocked = bot_env.updates()[-1]
    assert (blocked.status, blocked.next_attempt_at) == ("ignored", None)
    assert "bot was blocked" in (blocked.last_error or "")
