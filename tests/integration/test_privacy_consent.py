"""Consent on record from each registration path: REGISTRO by SMS and the households import.

(/instalar in the bot is covered end to end in tests/e2e/test_bot_install.py.)
"""

from datetime import UTC, datetime

from sqlmodel import select
from test_households_import import row, run
from test_inbound_service import PHONE, send, stove  # noqa: F401 - the stove fixture

from core.messaging import texts
from core.models import AccessLogEntry, Consent, Household, OutboundMessage
from core.privacy.consent import NOTICE_VERSION, PAPER_FORM_VERSION, notice_key, privacy_status
from gateway.wiring import Services


def rows(services: Services, model: type) -> list:
    with services.uow() as uow:
        return list(uow.session.exec(select(model)))


def test_registro_records_consent_and_sends_the_notice_once_per_household(
    services: Services, stove: int  # noqa: F811
) -> None:
    send(services, "REGISTRO ABC123", reply_via="twilio")
    send(services, "REGISTRO ABC123", reply_via="twilio")  # again: no second notice
    send(services, "REGISTRO ABC123", sender="+51987650000", reply_via="twilio")  # 2nd phone

    (household,) = rows(services, Household)
    (consent,) = rows(services, Consent)
    assert (consent.household_id, consent.channel, consent.notice_version) == (
        household.id, "sms", NOTICE_VERSION)
    notices = [m for m in rows(services, OutboundMessage) if m.purpose == "notice"]
    assert [(m.recipient, m.body, m.dedupe_key) for m in notices] == [
        (PHONE, texts.PRIVACY_NOTICE, notice_key(household.id))]
    assert privacy_status(services.uow()).without_consent == []


def test_the_import_records_consent_only_from_consent_on(services: Services) -> None:
    report = run(
        services,
        row(consent_on="2025-11-20"),
        row(stove_code="XYZ789", phone="987650001", consent_on=""),
        row(stove_code="BAD001", phone="987650002", consent_on="20/11/2025"),
        actor="ana",
    )
    assert [e.message for e in report.errors] == [
        "consent_on '20/11/2025' is not a date in YYYY-MM-DD form"]
    run(services, row(consent_on="2025-11-20"), actor="ana")  # a re-import adds nothing

    (consent,) = rows(services, Consent)
    assert (consent.channel, consent.notice_version, consent.recorded_by) == (
        "import", PAPER_FORM_VERSION, "ana")
    assert consent.consented_at == datetime(2025, 11, 20, 12, tzinfo=UTC)
    status = privacy_status(services.uow())
    assert [(codes, district) for _, codes, district in status.without_consent] == [
        ("XYZ789", "Ayaviri")]
    changes = {(e.kind, e.action, e.actor) for e in rows(services, AccessLogEntry)
               if e.purpose == "households import"}
    assert changes == {("name", "change", "ana"), ("phone", "change", "ana")}
