"""The inbound SMS use case on real SQLite and PostgreSQL: store first, interpret, never twice."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, func, select

from core.messaging import texts
from core.messaging.inbound import InboundSms, content_key, receive_sms
from core.models import (
    ConversationState,
    Household,
    InboundMessage,
    OutboundMessage,
    Phone,
    RepairTicket,
    Stove,
    UsageObservation,
)
from gateway.wiring import Services

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday 10:00 in Lima: reports week 2026-W48
PHONE = "+51987654321"
TZ = "America/Lima"


@pytest.fixture
def stove(services: Services) -> int:
    with services.uow() as uow:
        household = Household(name="Familia Quispe", district="Chinchao", community="Huanacaure")
        uow.session.add(household)
        uow.session.flush()
        stove = Stove(code="ABC123", household_id=household.id, installed_on=date(2025, 3, 1))
        retired = Stove(
            code="OLD999",
            household_id=household.id,
            installed_on=date(2022, 1, 1),
            decommissioned_on=date(2025, 2, 28),
        )
        uow.session.add_all([stove, retired])
        uow.commit()
        assert stove.id is not None
        return stove.id


_counter = iter(range(1, 10**6))


def send(
    services: Services,
    body: str,
    *,
    sender: str = PHONE,
    now: datetime = NOW,
    provider_id: str | None = None,
    reply_via: str | None = None,
    provider: str = "twilio",
    key: str | None = None,
):
    sms = InboundSms(
        provider=provider,
        provider_id=provider_id or f"SM{next(_counter):032d}",
        sender=sender,
        recipient="+14155550123",
        body=body,
        raw_payload=f"Body={body}",
        received_at=now,
        content_key=key,
    )
    return receive_sms(services.uow(), sms, now=now, tz=TZ, reply_via=reply_via)


def count(services: Services, model: type) -> int:
    with services.uow() as uow:
        return uow.session.exec(select(func.count()).select_from(model)).one()


def current_observations(services: Services) -> list[UsageObservation]:
    with services.uow() as uow:
        statement = select(UsageObservation).where(col(UsageObservation.superseded_at).is_(None))
        return list(uow.session.exec(statement))


def test_registration_links_the_phone_to_the_stoves_household(
    services: Services, stove: int
) -> None:
    result = send(services, "registro abc-123")
    assert result.interpretation == "register"
    assert result.reply == texts.REGISTER_DONE.format(code="ABC123")
    with services.uow() as uow:
        phone = uow.session.exec(select(Phone).where(Phone.number == PHONE)).one()
        assert phone.household_id is not None
    again = send(services, "REGISTRO ABC123")
    assert again.reply == texts.REGISTER_ALREADY.format(code="ABC123")


def test_unknown_code_and_retired_stove_are_refused_clearly(services: Services, stove: int) -> None:
    unknown = send(services, "REGISTRO ZZZ999")
    assert unknown.interpretation == "register_unknown_code"
    assert "ZZZ999" in (unknown.reply or "")
    retired = send(services, "REGISTRO OLD999")
    assert retired.interpretation == "register_retired"


def test_usage_is_recorded_for_the_programme_week(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, "Uso 5")
    assert result.interpretation == "usage"
    assert "2026-W48" in (result.reply or "")
    [observation] = current_observations(services)
    assert (observation.stove_id, observation.week, observation.days_used) == (stove, "2026-W48", 5)
    assert observation.open_fire_days is None


def test_a_second_report_supersedes_the_first_and_keeps_it(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    send(services, "USO 5")
    send(services, "FOGON 2", now=NOW + timedelta(minutes=5))
    corrected = send(services, "uso 4", now=NOW + timedelta(minutes=10))
    assert corrected.reply == texts.USAGE_CORRECTED.format(week="2026-W48", days=4)
    [current] = current_observations(services)
    assert (current.days_used, current.open_fire_days) == (4, 2)
    with services.uow() as uow:
        history = list(
            uow.session.exec(select(UsageObservation).order_by(col(UsageObservation.id)))
        )
    assert len(history) == 3
    assert history[0].superseded_by_id == history[1].id
    assert history[1].superseded_by_id == history[2].id


def test_out_of_range_and_missing_numbers_record_nothing(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    assert send(services, "USO 9").reply == texts.OUT_OF_RANGE.format(keyword="USO")
    assert send(services, "USO").reply == texts.NEEDS_NUMBER.format(keyword="USO")
    assert current_observations(services) == []


def test_yes_asks_for_the_number_and_the_bare_answer_is_usage(
    services: Services, stove: int
) -> None:
    send(services, "REGISTRO ABC123")
    assert send(services, "SI").reply == texts.ASK_DAYS
    assert count(services, ConversationState) == 1
    assert send(services, "pichqa").interpretation == "usage"
    assert count(services, ConversationState) == 0
    assert current_observations(services)[0].days_used == 5


def test_a_bare_no_with_nothing_pending_asks_the_question_and_records_nothing(
    services: Services, stove: int
) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, "NO")
    assert (result.interpretation, result.reply) == ("ask_days", texts.ASK_DAYS)
    assert current_observations(services) == []
    assert count(services, ConversationState) == 1
    # Now the question is pending, and "manan" answers it: zero days.
    assert send(services, "manan", now=NOW + timedelta(minutes=1)).interpretation == "usage"
    assert current_observations(services)[0].days_used == 0
    assert count(services, ConversationState) == 0


def test_uso_and_fogon_in_one_message_records_both(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, "uso 5 fogon 2")
    assert result.reply == texts.USAGE_AND_FIRE_RECORDED.format(days=5, fire=2, week="2026-W48")
    [observation] = current_observations(services)
    assert (observation.days_used, observation.open_fire_days) == (5, 2)


@pytest.mark.parametrize("body", ["uso 5.5", "uso -1", "uso ½", "-2", "uso 3 o 4"])
def test_a_number_that_is_no_whole_count_of_days_is_refused_and_kept_for_review(
    services: Services, stove: int, body: str
) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, body)
    assert (result.interpretation, result.reply) == (
        "refused_number", texts.NUMBER_REFUSED.format(keyword="USO")
    )
    assert current_observations(services) == []
    with services.uow() as uow:
        assert uow.session.get(InboundMessage, result.message_id).needs_review


@pytest.mark.parametrize("body", ["quiero darme de baja", "stopp", "BAJA por favor"])
def test_close_to_an_opt_out_is_taught_and_never_silences(
    services: Services, stove: int, body: str
) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, body)
    assert (result.interpretation, result.reply) == ("stop_unclear", texts.STOP_HOW)
    with services.uow() as uow:
        phone = uow.session.exec(select(Phone)).one()
        assert not phone.opted_out
        assert uow.session.get(InboundMessage, result.message_id).needs_review
    assert send(services, "USO 5").reply is not None  # still heard


def test_problem_opens_a_ticket_and_replies_its_number(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, "FALLA la chimenea esta rota")
    with services.uow() as uow:
        ticket = uow.session.exec(select(RepairTicket)).one()
    assert ticket.stove_id == stove
    assert ticket.status == "open"
    assert result.reply == texts.PROBLEM_OPENED.format(ticket=ticket.id)


def test_unknown_phone_is_told_how_to_register_and_kept(services: Services, stove: int) -> None:
    result = send(services, "uso 5")
    assert result.reply == texts.UNKNOWN_PHONE
    assert count(services, InboundMessage) == 1
    assert current_observations(services) == []


def test_unreadable_is_kept_flagged_and_answered_with_help(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    result = send(services, "'; DROP TABLE phones;--")
    assert result.reply == texts.HELP_UNREADABLE
    with services.uow() as uow:
        message = uow.session.exec(
            select(InboundMessage).where(InboundMessage.body == "'; DROP TABLE phones;--")
        ).one()
    assert message.needs_review and message.interpretation == "unreadable"


def test_unreadable_from_an_unregistered_phone_is_told_how_to_register(
    services: Services, stove: int
) -> None:
    result = send(services, "hola buenas tardes, quien habla")
    assert result.reply == texts.UNKNOWN_PHONE
    with services.uow() as uow:
        message = uow.session.exec(select(InboundMessage)).one()
    assert message.needs_review and message.interpretation == "unreadable"


def test_invalid_sender_is_kept_for_review_and_not_answered(services: Services, stove: int) -> None:
    result = send(services, "uso 5", sender="Movistar")
    assert result.reply is None
    with services.uow() as uow:
        message = uow.session.exec(select(InboundMessage)).one()
    assert (message.sender, message.sender_valid, message.needs_review) == ("Movistar", False, True)


def test_opted_out_phone_hears_nothing_but_the_alta_confirmation(
    services: Services, stove: int
) -> None:
    send(services, "REGISTRO ABC123")
    assert send(services, "BAJA").reply == texts.STOPPED
    assert send(services, "uso 3").reply is None
    assert send(services, "AYUDA").reply is None
    assert send(services, "ALTA").reply == texts.STARTED
    assert send(services, "AYUDA").reply == texts.HELP


def test_a_repeated_provider_id_gets_the_same_answer_and_changes_nothing(
    services: Services, stove: int
) -> None:
    send(services, "REGISTRO ABC123")
    first = send(services, "USO 5", provider_id="SMrepeat")
    again = send(services, "USO 5", provider_id="SMrepeat", now=NOW + timedelta(seconds=30))
    assert again.duplicate and not first.duplicate
    assert (again.message_id, again.reply) == (first.message_id, first.reply)
    assert count(services, InboundMessage) == 2
    assert count(services, UsageObservation) == 1


def test_android_content_key_catches_a_resent_webhook_with_a_new_id(
    services: Services, stove: int
) -> None:
    key = content_key(PHONE, "USO 5", "2026-11-25T10:00:00.000-05:00")
    first = send(
        services, "USO 5", provider="android", provider_id="ev1", key=key, reply_via="android"
    )
    again = send(
        services, "USO 5", provider="android", provider_id="ev2", key=key, reply_via="android"
    )
    assert again.duplicate and again.message_id == first.message_id
    assert again.outbound_id == first.outbound_id is not None
    assert count(services, OutboundMessage) == 1


def test_replies_via_a_provider_are_queued_as_outbound(services: Services, stove: int) -> None:
    result = send(services, "AYUDA", provider="android", reply_via="android")
    with services.uow() as uow:
        outbound = uow.session.exec(select(OutboundMessage)).one()
    assert outbound.id == result.outbound_id
    assert (outbound.recipient, outbound.body, outbound.status) == (PHONE, texts.HELP, "queued")
    assert (outbound.segments, outbound.encoding) == (1, "GSM-7")


def test_concurrent_retries_of_one_message_are_stored_once(services: Services, stove: int) -> None:
    send(services, "REGISTRO ABC123")
    results = []

    def worker() -> None:
        results.append(send(services, "USO 6", provider_id="SMconcurrent"))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6
    assert len({r.message_id for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert {r.reply for r in results} == {results[0].reply}
    assert count(services, UsageObservation) == 1


def test_concurrent_reports_for_one_week_leave_exactly_one_in_force(
    services: Services, stove: int
) -> None:
    send(services, "REGISTRO ABC123")
    threads = [threading.Thread(target=send, args=(services, f"USO {n}")) for n in range(1, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(current_observations(services)) == 1
    assert count(services, UsageObservation) == 6
