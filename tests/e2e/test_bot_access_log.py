"""Every bot view that shows a household's name or words writes the access log (/muestra,
/silenciosos, /visita, /revisar, /tickets): the member, the household's pseudonym, the command."""

from gateway_support import NOW, all_rows, invoke
from telegram_support import BotEnv
from test_bot_field import ROSA
from test_bot_field import seed as seed_sample
from test_bot_tickets import setup
from test_bot_visit import seed as seed_visit

from core.messaging.inbound import InboundSms, receive_sms
from core.models import AccessLogEntry, Household


def logged(env: BotEnv) -> list[tuple[str, str, str | None, str]]:
    """(kind, action, pseudonym, purpose) of each entry, in order."""
    return [(e.kind, e.action, e.pseudonym, e.purpose)
            for e in sorted(all_rows(env.services, AccessLogEntry), key=lambda e: e.id or 0)]


def pseudonyms(env: BotEnv) -> dict[str, str]:
    return {h.name: h.pseudonym for h in all_rows(env.services, Household)}


def test_the_sample_and_the_silent_list_log_each_household_shown(bot_env: BotEnv):
    seed_sample(bot_env)
    bot_env.enrol(ROSA, districts=("Chinchao",))
    bot_env.say(ROSA, "/muestra")
    by_name = pseudonyms(bot_env)
    shown = [(e[2], e[3]) for e in logged(bot_env)]
    assert sorted(shown) == sorted([(by_name["Familia CH01"], "bot /muestra"),
                                    (by_name["Familia CH02"], "bot /muestra")])
    bot_env.say(ROSA, "/silenciosos")
    silent = [e for e in logged(bot_env) if e[3] == "bot /silenciosos"]
    assert len(silent) == 3 and {e[0] for e in silent} == {"name"}  # CH01, CH02, CH03
    entry = all_rows(bot_env.services, AccessLogEntry)[0]
    assert entry.actor.startswith("staff ") and entry.household_id is not None


def test_a_visit_logs_the_household_it_names(bot_env: BotEnv):
    seed_visit(bot_env)
    bot_env.enrol(ROSA)
    bot_env.say(ROSA, "/visita ABC123")
    assert "Familia Quispe" in bot_env.last(ROSA)
    assert logged(bot_env) == [
        ("name", "read", pseudonyms(bot_env)["Familia Quispe"], "bot /visita")]


def test_review_items_and_tickets_log_the_household_words_shown(bot_env: BotEnv):
    setup(bot_env)  # Rosa works Chinchao; one FALLA there, one in Molino
    bot_env.say(ROSA, "/tickets")
    entries = logged(bot_env)
    by_name = pseudonyms(bot_env)
    assert [e for e in entries if e[3] == "bot /tickets"] == [
        ("message_body", "read", by_name["Familia CH0001"], "bot /tickets")]
    receive_sms(bot_env.services.uow(), InboundSms(
        provider="twilio", provider_id="SM-review", sender="+51987654321", recipient="+1415",
        body="cocinamos harto pero no se cuantos", raw_payload="", received_at=NOW),
        now=NOW, tz="America/Lima")
    bot_env.say(ROSA, "/revisar")
    assert [e for e in logged(bot_env) if e[3] == "bot /revisar"] == [
        ("message_body", "read", by_name["Familia CH0001"], "bot /revisar")]
    assert invoke(bot_env.services.settings, "review", "list").exit_code == 0
    assert [e for e in logged(bot_env) if e[3] == "cli: review list"] == [
        ("message_body", "read", by_name["Familia CH0001"], "cli: review list")]
