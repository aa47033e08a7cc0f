"""Repair tickets: FALLA tells the district's technicians, /tickets works them, rights hold."""

from datetime import date, timedelta

from core.messaging import texts
from core.messaging.inbound import InboundSms, receive_sms
from core.models import AccessLogEntry, Household, OutboundMessage, Phone, RepairTicket, Stove
from core.repairs.tickets import escalate_stale_tickets
from core.staffbot import texts as staff_texts
from gateway.scheduler import send_due_messages
from tests.e2e.gateway_support import NOW, all_rows
from tests.e2e.telegram_support import BotEnv

ROSA, LUIS, COORD = 111, 222, 333  # Rosa works Chinchao, Luis Molino, the coordinator Chinchao


def household(env: BotEnv, code: str, district: str, number: str) -> None:
    with env.services.uow() as uow:
        home = Household(name=f"Familia {code}", district=district, community="Pillao")
        uow.session.add(home)
        uow.session.flush()
        uow.session.add(Stove(code=code, household_id=home.id, installed_on=date(2025, 3, 1)))
        uow.session.add(Phone(number=number, household_id=home.id))
        uow.commit()


def falla(env: BotEnv, number: str, words: str, sid: str) -> None:
    sms = InboundSms(provider="twilio", provider_id=sid, sender=number, recipient="+1415",
                     body=f"FALLA {words}", raw_payload="", received_at=NOW)
    result = receive_sms(env.services.uow(), sms, now=NOW, tz="America/Lima")
    assert result.interpretation == "problem"


def setup(env: BotEnv) -> tuple[int, int]:
    env.enrol(ROSA, districts=("Chinchao",), name="Rosa")
    env.enrol(LUIS, districts=("Molino",), name="Luis")
    env.enrol(COORD, role="coordinator", districts=("Chinchao",), name="Carla")
    household(env, "CH0001", "Chinchao", "+51987654321")
    household(env, "MO0001", "Molino", "+51912345678")
    falla(env, "+51987654321", "no prende la cocina", "SM1")
    falla(env, "+51912345678", "chimenea rota", "SM2")
    chinchao, molino = (t.id for t in all_rows(env.services, RepairTicket))
    return chinchao, molino


def staff_notes(env: BotEnv) -> list[OutboundMessage]:
    return [m for m in all_rows(env.services, OutboundMessage) if m.channel == "telegram"]


def phone_reads(env: BotEnv) -> list[AccessLogEntry]:
    """The access log's reads of a household's phone."""
    return [e for e in all_rows(env.services, AccessLogEntry) if e.kind == "phone"]


def test_falla_is_queued_for_the_districts_technicians_only(bot_env: BotEnv):
    chinchao, molino = setup(bot_env)
    notes = staff_notes(bot_env)
    assert [(m.recipient, m.purpose) for m in notes] == [(str(ROSA), "ticket"),
                                                         (str(LUIS), "ticket")]
    assert notes[0].body.startswith(f"🔧 Reclamo #{chinchao} – cocina CH0001, Pillao (Chinchao)")
    assert "no prende la cocina" in notes[0].body and "+51987654321" not in notes[0].body


def test_tickets_are_listed_taken_noted_and_closed_with_an_sms(bot_env: BotEnv):
    chinchao, molino = setup(bot_env)
    bot_env.say(ROSA, "/tickets")
    listed = bot_env.replies(ROSA)[-2:]
    assert listed[0] == staff_texts.TICKETS_HEADER.format(count=1)
    assert listed[1].startswith(f"#{chinchao} · 2026-11-27") and "CH0001" in listed[1]
    keyboard = bot_env.api.sent(ROSA)[-1]["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in keyboard] == [
        f"t:take:{chinchao}", f"t:note:{chinchao}", f"t:close:{chinchao}"]
    bot_env.press(ROSA, f"t:take:{chinchao}")
    bot_env.press(ROSA, f"t:note:{chinchao}")
    bot_env.say(ROSA, "llevo repuesto el lunes")
    assert bot_env.last(ROSA) == staff_texts.TICKET_NOTED.format(ticket=chinchao)
    bot_env.press(ROSA, f"t:close:{chinchao}")
    bot_env.say(ROSA, "cambie la rejilla")
    assert bot_env.last(ROSA) == staff_texts.TICKET_CLOSED.format(ticket=chinchao)
    ticket = next(t for t in all_rows(bot_env.services, RepairTicket) if t.id == chinchao)
    assert (ticket.status, ticket.resolution) == ("closed", "cambie la rejilla")
    assert "llevo repuesto el lunes" in ticket.notes and ticket.taken_by_id is not None
    sms = [m for m in all_rows(bot_env.services, OutboundMessage) if m.purpose == "ticket_closed"]
    assert [(m.recipient, m.body) for m in sms] == [
        ("+51987654321", texts.TICKET_CLOSED.format(ticket=chinchao))]


def test_another_districts_ticket_cannot_be_seen_or_closed_even_with_forged_buttons(
    bot_env: BotEnv,
):
    chinchao, molino = setup(bot_env)
    bot_env.say(ROSA, "/tickets")
    assert not any("MO0001" in text for text in bot_env.replies(ROSA))
    for action in ("take", "note", "close"):
        bot_env.press(ROSA, f"t:{action}:{molino}")
    bot_env.say(ROSA, "cerrado por mi")  # no conversation was opened for it
    answers = bot_env.api.calls("answerCallbackQuery")[-3:]
    assert [a.params.get("text") for a in answers] == [staff_texts.NOT_ALLOWED] * 3
    bot_env.press(ROSA, "t:close:notanumber")
    assert bot_env.api.calls("answerCallbackQuery")[-1].params["text"] == \
        staff_texts.BUTTON_EXPIRED
    molino_ticket = next(t for t in all_rows(bot_env.services, RepairTicket) if t.id == molino)
    assert (molino_ticket.status, molino_ticket.taken_by_id, molino_ticket.notes) == (
        "open", None, "")


def test_a_ticket_open_for_seven_days_is_raised_to_the_coordinator_once(bot_env: BotEnv):
    chinchao, molino = setup(bot_env)
    uow = bot_env.services.uow
    assert escalate_stale_tickets(uow(), now=NOW + timedelta(days=6)) == 0
    assert escalate_stale_tickets(uow(), now=NOW + timedelta(days=7)) == 2
    assert escalate_stale_tickets(uow(), now=NOW + timedelta(days=8)) == 0
    raised = [m for m in staff_notes(bot_env) if m.purpose == "escalation"]
    assert [m.recipient for m in raised] == [str(COORD)]  # Molino has no coordinator
    assert raised[0].body.startswith(f"⏰ Reclamo #{chinchao} lleva 7 días abierto")


def test_the_outbox_delivers_a_falla_alert_to_the_technicians_chat(bot_env: BotEnv):
    chinchao, _ = setup(bot_env)
    sent = send_due_messages(bot_env.services, NOW)
    assert sent >= 2
    [alert] = [text for text in bot_env.replies(ROSA) if f"Reclamo #{chinchao}" in text]
    assert "no prende la cocina" in alert
    assert not [text for text in bot_env.replies(LUIS) if f"Reclamo #{chinchao}" in text]
    assert {m.status for m in staff_notes(bot_env)} == {"sent"}


def test_the_alert_carries_take_call_and_see_buttons_and_taking_shows_the_phone(
    bot_env: BotEnv,
):
    chinchao, _ = setup(bot_env)
    send_due_messages(bot_env.services, NOW)
    [alert] = [m for m in bot_env.api.sent(ROSA) if f"Reclamo #{chinchao}" in m["text"]]
    assert "cocina CH0001" in alert["text"] and "+51******321" in alert["text"]
    assert [(b["text"], b["callback_data"]) for b in alert["reply_markup"]["inline_keyboard"][0]] \
        == [("Tomar", f"t:take:{chinchao}"), ("Llamar", f"t:call:{chinchao}"),
            ("Ver", f"t:view:{chinchao}")]
    bot_env.press(ROSA, f"t:call:{chinchao}")  # not taken yet: no number
    assert bot_env.last(ROSA) == staff_texts.TICKET_TAKE_FIRST
    bot_env.press(ROSA, f"t:view:{chinchao}")
    assert "CH0001" in bot_env.last(ROSA) and "+51987654321" not in bot_env.last(ROSA)
    assert phone_reads(bot_env) == []
    assert [e.kind for e in all_rows(bot_env.services, AccessLogEntry)] == ["message_body"]
    bot_env.press(ROSA, f"t:take:{chinchao}")
    taken = bot_env.api.sent(ROSA)[-1]
    assert taken["text"] == (staff_texts.TICKET_TOOK.format(ticket=chinchao) + "\n"
                             + staff_texts.TICKET_PHONE.format(
                                 ticket=chinchao, household="Familia CH0001",
                                 phone="+51987654321"))
    assert 'href="tel:+51987654321"' in taken["text"] and taken["parse_mode"] == "HTML"
    assert [b["callback_data"] for b in taken["reply_markup"]["inline_keyboard"][0]] == [
        f"t:note:{chinchao}", f"t:close:{chinchao}"]
    (logged,) = phone_reads(bot_env)
    assert (logged.kind, logged.action, logged.purpose) == ("phone", "read",
                                                            f"bot reclamo #{chinchao}")
    assert logged.actor.startswith("staff ") and logged.household_id is not None


def test_the_phone_is_shown_only_to_the_technician_who_took_the_open_ticket(bot_env: BotEnv):
    chinchao, _ = setup(bot_env)
    other = 444
    bot_env.enrol(other, districts=("Chinchao",), name="Pedro")
    bot_env.press(ROSA, f"t:take:{chinchao}")
    bot_env.press(other, f"t:call:{chinchao}")  # same district, not his ticket
    assert bot_env.last(other) == staff_texts.TICKET_TAKE_FIRST
    bot_env.press(LUIS, f"t:call:{chinchao}")  # another district
    assert bot_env.api.calls("answerCallbackQuery")[-1].params["text"] == staff_texts.NOT_ALLOWED
    bot_env.press(ROSA, f"t:call:{chinchao}")
    assert "+51987654321" in bot_env.last(ROSA)
    bot_env.press(ROSA, f"t:close:{chinchao}")
    bot_env.say(ROSA, "cambie la rejilla")
    bot_env.press(ROSA, f"t:call:{chinchao}")  # closed: nothing more
    assert bot_env.api.calls("answerCallbackQuery")[-1].params["text"] == \
        staff_texts.TICKET_GONE.format(ticket=chinchao)
    assert not any("+51987654321" in t for t in bot_env.replies(other) + bot_env.replies(LUIS))
    assert len(phone_reads(bot_env)) == 2  # the take and the call
    for forged in (f"t:call:{10**12 - 1}", "t:call:99999999999", "t:view:-1"):
        bot_env.press(ROSA, forged)
        assert bot_env.api.calls("answerCallbackQuery")[-1].params["text"] == \
            staff_texts.BUTTON_EXPIRED


def test_a_repair_from_the_alert_takes_three_actions(bot_env: BotEnv):
    """Alert → Tomar → Cerrar → what was done: the household is told (before: 4 actions)."""
    chinchao, _ = setup(bot_env)
    send_due_messages(bot_env.services, NOW)
    actions = [lambda: bot_env.press(ROSA, f"t:take:{chinchao}"),
               lambda: bot_env.press(ROSA, f"t:close:{chinchao}"),
               lambda: bot_env.say(ROSA, "cambie la rejilla")]
    for act in actions:
        act()
    assert bot_env.last(ROSA) == staff_texts.TICKET_CLOSED.format(ticket=chinchao)
    assert len(actions) == 3
