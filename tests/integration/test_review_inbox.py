"""The review inbox on real SQLite and PostgreSQL: every flagged message a task until resolved."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from core.messaging.inbound import InboundSms, receive_sms
from core.messaging.review import (
    Reading,
    Reviewer,
    ReviewRefused,
    open_items,
    resolve_item,
)
from core.messaging.review_backlog import escalate_stale_reviews, review_backlog
from core.models import (
    Household,
    InboundMessage,
    OutboundMessage,
    Phone,
    RepairTicket,
    ReviewResolution,
    StaffDistrict,
    StaffMember,
    Stove,
    UsageObservation,
)
from core.monitoring.exports import export_messages
from gateway.wiring import Services

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday in Lima: reports count for 2026-W48
TZ = "America/Lima"
PHONE = "+51987654321"
CLI = Reviewer(name="ana")
CHINCHAO = Reviewer(name="tec", scope=("Chinchao",))
OTHER = Reviewer(name="otro", scope=("Huamalies",))
_ids = iter(range(1, 10**6))


@pytest.fixture
def stove(services: Services) -> int:
    """A household in Chinchao with one stove, its phone registered."""
    with services.uow() as uow:
        household = Household(name="Familia Quispe", district="Chinchao", community="Huanacaure")
        uow.session.add(household)
        uow.session.flush()
        stove = Stove(code="ABC123", household_id=household.id, installed_on=date(2025, 3, 1))
        other = Household(name="Familia Rojas", district="Chinchao", community="Pillao")
        uow.session.add_all([stove, other])
        uow.session.flush()
        uow.session.add(Stove(code="XYZ789", household_id=other.id,
                              installed_on=date(2025, 3, 1)))
        uow.session.add(Phone(number=PHONE, household_id=household.id, created_at=NOW))
        uow.commit()
        assert stove.id is not None
        return stove.id


def send(services: Services, body: str, *, sender: str = PHONE, now: datetime = NOW) -> int:
    """An SMS received and interpreted; the stored message's id."""
    result = receive_sms(services.uow(), InboundSms(
        provider="twilio", provider_id=f"SM{next(_ids):032d}", sender=sender,
        recipient="+14155550123", body=body, raw_payload=f"Body={body}", received_at=now),
        now=now, tz=TZ)
    return result.message_id


def resolve(services: Services, message_id: int, reading: Reading,
            reviewer: Reviewer = CLI, now: datetime = NOW):  # noqa: ANN201
    return resolve_item(services.uow(), reviewer, message_id, reading, now=now, tz=TZ,
                        sms_provider="console")


def household_sms(services: Services) -> list[str]:
    with services.uow() as uow:
        return list(uow.session.exec(
            select(OutboundMessage.body).where(OutboundMessage.purpose == "review")
            .order_by(col(OutboundMessage.id))).all())


def observations(services: Services) -> list[UsageObservation]:
    with services.uow() as uow:
        return list(uow.session.exec(select(UsageObservation).order_by(
            col(UsageObservation.id))).all())


def test_a_flagged_message_is_listed_with_its_household_until_resolved(
    services: Services, stove: int
) -> None:
    flagged = send(services, "cocinamos harto pero no se cuantos")
    send(services, "USO 5")  # read by the parser: no task

    items, total = open_items(services.uow(), CHINCHAO, tz=TZ)

    assert total == 1
    item = items[0]
    assert item.message_id == flagged
    assert (item.district, item.community, item.stove_code) == ("Chinchao", "Huanacaure", "ABC123")
    assert item.phone == "+51******321"  # masked
    assert item.week == "2026-W48"
    assert item.recent == (("2026-W48", 5, None),)  # the household's last reports


def test_usage_read_by_a_person_is_recorded_with_provenance_and_the_household_told(
    services: Services, stove: int
) -> None:
    flagged = send(services, "cocinamos harto pero no se cuantos")
    assert open_items(services.uow(), CHINCHAO, tz=TZ)[1] == 1

    done = resolve(services, flagged, Reading("usage", days_used=4), reviewer=CHINCHAO)

    assert not done.already and done.household_told
    [observation] = observations(services)
    assert (observation.days_used, observation.week) == (4, "2026-W48")
    assert observation.source == "review"
    assert observation.source_message_id == flagged
    assert done.observation_id == observation.id
    assert household_sms(services) == [
        "Gracias. Anotamos 4 dias de uso de su cocina mejorada en la semana 2026-W48."]
    assert open_items(services.uow(), CHINCHAO, tz=TZ)[1] == 0
    exported = {m["id"]: m for m in export_messages(services.uow(), tz=TZ)}[flagged]
    assert (exported["reviewed_as"], exported["reviewed_by"]) == ("usage", "tec")


def test_open_fire_and_both_record_their_figures(services: Services, stove: int) -> None:
    fire = send(services, "solo fogoncito pe 3")
    both = send(services, "la cocina 5 y la tullpita 2 tambien", now=NOW + timedelta(days=7))

    resolve(services, fire, Reading("open_fire", open_fire_days=3))
    resolve(services, both, Reading("both", days_used=5, open_fire_days=2))

    figures = [(o.week, o.days_used, o.open_fire_days) for o in observations(services)]
    assert figures == [("2026-W48", None, 3), ("2026-W49", 5, 2)]
    assert household_sms(services)[1] == (
        "Gracias. Anotamos 5 dias de uso de su cocina mejorada y 2 dias con fogon en la "
        "semana 2026-W49.")


def test_nothing_to_record_closes_the_item_and_tells_nobody(services: Services, stove: int) -> None:
    flagged = send(services, "jajaja")

    done = resolve(services, flagged, Reading("nothing"))

    assert not done.household_told
    assert household_sms(services) == []
    assert observations(services) == []
    assert open_items(services.uow(), CLI, tz=TZ)[1] == 0


def test_a_problem_opens_a_ticket_for_the_households_stove(services: Services, stove: int) -> None:
    flagged = send(services, "hay un huequito en la parte de atras, sale humito")

    done = resolve(services, flagged, Reading("problem"))

    with services.uow() as uow:
        [ticket] = uow.session.exec(select(RepairTicket)).all()
    assert (ticket.id, ticket.stove_id) == (done.ticket_id, stove)
    assert ticket.source_message_id == flagged
    assert "reclamo es" in household_sms(services)[0]


def test_registering_links_the_phone_and_an_unknown_code_is_refused(
    services: Services, stove: int
) -> None:
    stranger = "+51911222333"
    flagged = send(services, "hola soy dona maria de pillao la de los rojas", sender=stranger)
    # An unregistered phone's message has no district: programme-wide staff only.
    assert open_items(services.uow(), CHINCHAO, tz=TZ)[1] == 0
    assert open_items(services.uow(), CLI, tz=TZ)[1] == 1

    with pytest.raises(ReviewRefused) as refused:
        resolve(services, flagged, Reading("register", stove_code="QQQ000"))
    assert refused.value.code == "unknown_code"
    resolve(services, flagged, Reading("register", stove_code="xyz789"))

    with services.uow() as uow:
        phone = uow.session.exec(select(Phone).where(Phone.number == stranger)).one()
        rojas = uow.session.exec(select(Stove).where(Stove.code == "XYZ789")).one()
    assert phone.household_id == rojas.household_id
    assert household_sms(services) == [
        "Listo, su numero quedo registrado con la cocina XYZ789. Cada semana envie USO y los "
        "dias que la uso, por ejemplo USO 5."]


def test_a_confirmed_opt_out_silences_the_phone_without_a_reply(
    services: Services, stove: int
) -> None:
    flagged = send(services, "ya no quiero mensajes por favor")

    resolve(services, flagged, Reading("stop"))

    with services.uow() as uow:
        phone = uow.session.exec(select(Phone).where(Phone.number == PHONE)).one()
    assert phone.opted_out
    assert household_sms(services) == []


def test_staff_of_another_district_neither_see_nor_resolve(services: Services, stove: int) -> None:
    flagged = send(services, "pfff no se")

    assert open_items(services.uow(), OTHER, tz=TZ) == ([], 0)
    with pytest.raises(ReviewRefused) as refused:
        resolve(services, flagged, Reading("usage", days_used=3), reviewer=OTHER)
    assert refused.value.code == "not_allowed"
    assert observations(services) == []


@pytest.mark.parametrize("message_id", [0, -1, 2**31, 999999999999])
def test_ids_that_are_no_item_are_refused(services: Services, message_id: int) -> None:
    with pytest.raises(ReviewRefused) as refused:
        resolve(services, message_id, Reading("nothing"))
    assert refused.value.code == "not_found"


def test_a_message_read_by_the_parser_is_no_item(services: Services, stove: int) -> None:
    read = send(services, "USO 5")
    with pytest.raises(ReviewRefused):
        resolve(services, read, Reading("usage", days_used=2))


def test_resolving_twice_records_once_and_says_who_did(services: Services, stove: int) -> None:
    flagged = send(services, "cuatro nomas creo")

    first = resolve(services, flagged, Reading("usage", days_used=4), reviewer=CHINCHAO)
    second = resolve(services, flagged, Reading("usage", days_used=6), reviewer=CLI)

    assert second.already and (second.reading, second.resolved_by) == ("usage", "tec")
    assert first.observation_id == second.observation_id
    assert [o.days_used for o in observations(services)] == [4]
    assert len(household_sms(services)) == 1


def test_two_staff_pressing_at_once_record_once(services: Services, stove: int) -> None:
    flagged = send(services, "cuatro nomas creo")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def press(days: int) -> None:
        barrier.wait()
        try:
            results.append(resolve(services, flagged, Reading("usage", days_used=days)))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=press, args=(d,)) for d in (4, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.already for r in results) == [False, True]
    assert len(observations(services)) == 1
    with services.uow() as uow:
        assert len(uow.session.exec(select(ReviewResolution)).all()) == 1
    assert len(household_sms(services)) == 1


def test_backlog_counts_open_items_per_district_with_the_oldest_age(
    services: Services, stove: int
) -> None:
    send(services, "pfff no se", now=NOW - timedelta(days=9))
    send(services, "mmm")
    send(services, "hola quien es", sender="+51911222333")  # no household: no district

    with services.uow() as uow:
        backlog = review_backlog(uow.session, districts=("Chinchao",), now=NOW)

    assert [(b.district, b.open, b.oldest_days) for b in backlog] == [("Chinchao", 2, 9)]


def test_items_open_a_week_are_raised_to_the_coordinators_once(
    services: Services, stove: int
) -> None:
    with services.uow() as uow:
        coordinator = StaffMember(name="Rosa", role="coordinator", telegram_chat_id=555,
                                  telegram_user_id=555, created_at=NOW)
        uow.session.add(coordinator)
        uow.session.flush()
        uow.session.add(StaffDistrict(staff_id=coordinator.id, district="Chinchao"))
        uow.commit()
    old = send(services, "pfff no se", now=NOW - timedelta(days=8))
    send(services, "mmm", now=NOW - timedelta(days=2))

    assert escalate_stale_reviews(services.uow(), now=NOW, tz=TZ) == 1
    assert escalate_stale_reviews(services.uow(), now=NOW, tz=TZ) == 0

    with services.uow() as uow:
        notes = uow.session.exec(select(OutboundMessage).where(
            OutboundMessage.purpose == "escalation")).all()
        raised = uow.session.get(InboundMessage, old)
    assert [(n.recipient, n.channel) for n in notes] == [("555", "telegram")]
    assert f"#{old}" in notes[0].body and "8 días" in notes[0].body
    assert raised is not None and raised.review_escalated_at == NOW


def test_the_report_counts_observations_a_person_read(services: Services, stove: int) -> None:
    from core.monitoring.report import compute_report

    flagged = send(services, "la semana pasada pues mas o menos lo normal")
    send(services, "USO 5", now=NOW + timedelta(days=7))
    resolve(services, flagged, Reading("usage", days_used=4))

    report = compute_report(services.uow(), period_start=date(2026, 11, 1),
                            period_end=date(2026, 12, 31), parameters=services.parameters(),
                            tz=TZ, now=NOW + timedelta(days=40))

    assert report.evidence.usage_observations == 2
    assert report.evidence.usage_read_by_staff == 1
