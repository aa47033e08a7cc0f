"""/revisar: flagged household messages resolved from the bot in one or two taps, rights held."""

from datetime import date

import pytest
from gateway_support import NOW, all_rows, invoke
from telegram_support import BotEnv

from core.messaging.inbound import InboundSms, receive_sms
from core.models import (
    Household,
    InboundMessage,
    OutboundMessage,
    Phone,
    RepairTicket,
    ReviewResolution,
    Stove,
    UsageObservation,
)
from core.staffbot import texts as staff_texts

ROSA, LUIS = 111, 222  # Rosa works Chinchao, Luis Molino
CHINCHAO_PHONE, STRANGER = "+51987654321", "+51911222333"
_sids = iter(range(1, 10**6))


def household(env: BotEnv, code: str, district: str, number: str | None) -> None:
    with env.services.uow() as uow:
        home = Household(name=f"Familia {code}", district=district, community="Pillao")
        uow.session.add(home)
        uow.session.flush()
        uow.session.add(Stove(code=code, household_id=home.id, installed_on=date(2025, 3, 1)))
        if number:
            uow.session.add(Phone(number=number, household_id=home.id))
        uow.commit()


def sms(env: BotEnv, body: str, sender: str = CHINCHAO_PHONE) -> int:
    """A household SMS the parser flags for review; its message id."""
    result = receive_sms(env.services.uow(), InboundSms(
        provider="twilio", provider_id=f"SM{next(_sids)}", sender=sender, recipient="+1415",
        body=body, raw_payload="", received_at=NOW), now=NOW, tz="America/Lima")
    with env.services.uow() as uow:
        message = uow.session.get(InboundMessage, result.message_id)
        assert message is not None and message.needs_review, body
    return result.message_id


@pytest.fixture
def env(bot_env: BotEnv) -> BotEnv:
    bot_env.enrol(ROSA, districts=("Chinchao",), name="Rosa")
    bot_env.enrol(LUIS, districts=("Molino",), name="Luis")
    household(bot_env, "CH0001", "Chinchao", CHINCHAO_PHONE)
    household(bot_env, "CH0002", "Chinchao", None)
    return bot_env


def review_sms(env: BotEnv) -> list[str]:
    return [m.body for m in all_rows(env.services, OutboundMessage) if m.purpose == "review"]


def buttons(env: BotEnv, user: int) -> list[str]:
    keyboard = env.api.sent(user)[-1]["reply_markup"]["inline_keyboard"]
    return [button["callback_data"] for row in keyboard for button in row]


def test_revisar_lists_the_item_with_its_household_and_every_reading(env: BotEnv):
    flagged = sms(env, "cocinamos harto pero no se cuantos")
    env.say(ROSA, "/revisar")
    header, item = env.replies(ROSA)[-2:]
    assert header == staff_texts.REVIEW_HEADER.format(count=1)
    assert item.startswith(f"#{flagged} · 2026-11-27 · Pillao (Chinchao)")
    assert "Cocina CH0001" in item and "+51******321" in item and "harto pero" in item
    assert CHINCHAO_PHONE not in item
    m = flagged
    assert buttons(env, ROSA) == [
        *(f"r:u:{m}:{d}" for d in range(8)), *(f"r:f:{m}:{d}" for d in range(8)),
        f"r:b:{m}", f"r:p:{m}", f"r:g:{m}", f"r:s:{m}", f"r:n:{m}"]


def test_usage_takes_one_tap_and_tells_the_household(env: BotEnv):
    flagged = sms(env, "cocinamos harto pero no se cuantos")
    env.press(ROSA, f"r:u:{flagged}:4")
    assert env.last(ROSA) == staff_texts.REVIEW_DONE.format(
        message=flagged, reading="uso 4", name="Rosa", told=staff_texts.REVIEW_TOLD)
    [observation] = all_rows(env.services, UsageObservation)
    assert (observation.days_used, observation.source) == (4, "review")
    assert review_sms(env) == [
        "Gracias. Anotamos 4 dias de uso de su cocina mejorada en la semana 2026-W48."]


def test_open_fire_takes_one_tap(env: BotEnv):
    flagged = sms(env, "puro fogoncito nomas 3")
    env.press(ROSA, f"r:f:{flagged}:3")
    [observation] = all_rows(env.services, UsageObservation)
    assert (observation.days_used, observation.open_fire_days) == (None, 3)


def test_both_takes_three_taps(env: BotEnv):
    flagged = sms(env, "la cocina 5 y la tullpita 2 tambien")
    env.press(ROSA, f"r:b:{flagged}")
    assert env.last(ROSA) == staff_texts.REVIEW_ASK_BOTH_USAGE.format(message=flagged)
    env.press(ROSA, f"r:bu:{flagged}:5")
    assert env.last(ROSA) == staff_texts.REVIEW_ASK_BOTH_FIRE.format(message=flagged, days=5)
    env.press(ROSA, f"r:bf:{flagged}:5:2")
    [observation] = all_rows(env.services, UsageObservation)
    assert (observation.days_used, observation.open_fire_days) == (5, 2)


def test_problem_opens_a_ticket(env: BotEnv):
    flagged = sms(env, "hay un huequito en la parte de atras, sale humito")
    env.press(ROSA, f"r:p:{flagged}")
    [ticket] = all_rows(env.services, RepairTicket)
    assert ticket.source_message_id == flagged
    assert "reclamo abierto" in env.last(ROSA)


def test_register_asks_the_code_and_insists_on_a_real_one(env: BotEnv):
    flagged = sms(env, "hola soy de la familia CH 0002 de pillao", sender=STRANGER)
    # No household yet: outside every district, so only programme-wide staff see it.
    env.say(ROSA, "/revisar")
    assert env.last(ROSA) == staff_texts.REVIEW_NONE
    env.enrol(999, role="admin", districts=(), name="Ana")
    env.press(999, f"r:g:{flagged}")
    assert env.last(999) == staff_texts.REVIEW_ASK_CODE.format(message=flagged)
    env.say(999, "QQQ000")
    assert env.last(999) == staff_texts.REVIEW_REFUSED["unknown_code"].format(detail="QQQ000")
    env.say(999, "ch0002")
    assert env.last(999).startswith(f"✔ #{flagged} resuelto: teléfono registrado")
    phone = next(p for p in all_rows(env.services, Phone) if p.number == STRANGER)
    stove = next(s for s in all_rows(env.services, Stove) if s.code == "CH0002")
    assert phone.household_id == stove.household_id


def test_opt_out_confirmed_silences_the_phone(env: BotEnv):
    flagged = sms(env, "ya no me manden mensajes por favor")
    env.press(ROSA, f"r:s:{flagged}")
    phone = next(p for p in all_rows(env.services, Phone) if p.number == CHINCHAO_PHONE)
    assert phone.opted_out and review_sms(env) == []


def test_nothing_to_record_tells_nobody(env: BotEnv):
    flagged = sms(env, "jajaja ok")
    env.press(ROSA, f"r:n:{flagged}")
    assert env.last(ROSA) == staff_texts.REVIEW_DONE.format(
        message=flagged, reading="nada que anotar", name="Rosa", told="")
    assert review_sms(env) == [] and all_rows(env.services, UsageObservation) == []
    env.say(ROSA, "/revisar")
    assert env.last(ROSA) == staff_texts.REVIEW_NONE


def test_a_second_press_records_nothing_more(env: BotEnv):
    flagged = sms(env, "cocinamos harto pero no se cuantos")
    env.press(ROSA, f"r:u:{flagged}:4")
    env.press(ROSA, f"r:u:{flagged}:6")
    assert env.last(ROSA) == staff_texts.REVIEW_ALREADY.format(
        message=flagged, reading="uso 4", name="Rosa")
    assert len(all_rows(env.services, ReviewResolution)) == 1
    assert [o.days_used for o in all_rows(env.services, UsageObservation)] == [4]


def test_another_districts_item_cannot_be_seen_or_resolved_even_with_forged_buttons(env: BotEnv):
    flagged = sms(env, "cocinamos harto pero no se cuantos")
    env.say(LUIS, "/revisar")
    assert env.last(LUIS) == staff_texts.REVIEW_NONE
    for data in (f"r:u:{flagged}:4", f"r:p:{flagged}", f"r:n:{flagged}", f"r:bf:{flagged}:1:1"):
        env.press(LUIS, data)
        assert env.api.calls("answerCallbackQuery")[-1].params["text"] == \
            staff_texts.NOT_ALLOWED
    assert all_rows(env.services, ReviewResolution) == []


@pytest.mark.parametrize("data", ["r:u:1:9", "r:u:1", "r:p:1:3", "r:u:99999999999:1", "r:x:1"])
def test_malformed_buttons_record_nothing(env: BotEnv, data: str):
    sms(env, "cocinamos harto pero no se cuantos")
    env.press(ROSA, data)
    assert all_rows(env.services, ReviewResolution) == []


def test_the_command_line_lists_and_resolves_the_same_items(env: BotEnv):
    flagged = sms(env, "cocinamos harto pero no se cuantos")
    settings = env.services.settings
    listing = invoke(settings, "review", "list")
    assert listing.exit_code == 0, listing.output
    assert listing.stdout.splitlines() == [
        f"{flagged}\t2026-11-27\tChinchao\tCH0001\t+51******321\t2026-W48\t"
        "cocinamos harto pero no se cuantos"]
    bad = invoke(settings, "review", "resolve", str(flagged), "--usage", "4", "--nothing")
    assert bad.exit_code != 0
    done = invoke(settings, "review", "resolve", str(flagged), "--usage", "4", "--by", "Ana")
    assert done.exit_code == 0, done.output
    assert "resolved: usage" in done.stdout
    again = invoke(settings, "review", "resolve", str(flagged), "--nothing", "--by", "Ana")
    assert "resolved already: usage by Ana" in again.stdout
    assert invoke(settings, "review", "list").stdout == ""
    gone = invoke(settings, "review", "resolve", "999999", "--nothing")
    assert gone.exit_code == 1 and "not an open review item" in gone.stderr
