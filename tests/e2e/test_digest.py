"""The coordinator digest: the report's numbers, by Telegram (a local fake Bot API) and by
e-mail (a local aiosmtpd server), once per coordinator and week."""

import email
import logging
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from conftest import make_settings
from gateway_support import invoke, unpaced
from telegram_api import FakeTelegramApi

from core.messaging.inbound import InboundSms, receive_sms
from core.models import (
    Household,
    OutboundMessage,
    Phone,
    RepairTicket,
    StaffDistrict,
    StaffMember,
    Stove,
)
from core.monitoring.report import compute_report
from core.outbox.dispatch import dispatch_outbound
from gateway.digests import build_digests, send_digests
from gateway.renderers.digest import digest_text
from gateway.wiring import Services

TOKEN = "123456:TEST-digest"
CHAT = 555001
TZ = "America/Lima"
MONDAY_7 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # Monday 07:00 in Lima: digest of 2026-W48
WEEK = "2026-W48"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def] # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port: the controller checks it can connect
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def telegram() -> Iterator[FakeTelegramApi]:
    server = FakeTelegramApi(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def services(services_with: Callable[..., Services], telegram: FakeTelegramApi,
             smtp: tuple[Controller, Inbox]) -> Services:
    controller, _ = smtp
    built = services_with(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=telegram.url,
        SMTP_URL=f"smtp://{controller.hostname}:{controller.port}",
        SMTP_FROM="qoncha@example.org",
    )
    built.clock = lambda: MONDAY_7
    return built


def seed(services: Services) -> None:
    """Two districts of a coordinator, one of another; reports in W47 and W48; two tickets."""
    with services.uow() as uow:
        s = uow.session
        for i, district in enumerate(["Chinchao", "Chinchao", "Churubamba", "Huamachuco"]):
            home = Household(name=f"Familia {i}", district=district,
                             created_at=datetime(2026, 11, 1, tzinfo=UTC))
            s.add(home)
            s.flush()
            s.add(Stove(code=f"ABC{i}", household_id=home.id, installed_on=date(2025, 3, 1)))
            s.add(Phone(number=f"+5198765000{i}", household_id=home.id))
        s.flush()
        s.add(RepairTicket(stove_id=1, household_id=1, description="no prende",
                           opened_at=datetime(2026, 11, 10, tzinfo=UTC)))
        s.add(RepairTicket(stove_id=3, household_id=3, description="rota",
                           opened_at=datetime(2026, 11, 20, tzinfo=UTC)))
        ana = StaffMember(name="Ana", role="coordinator", telegram_chat_id=CHAT,
                          email="ana@example.org")
        nobody = StaffMember(name="Sin Canal", role="coordinator")
        s.add_all([ana, nobody])
        s.flush()
        s.add_all([StaffDistrict(staff_id=ana.id, district="Chinchao"),
                   StaffDistrict(staff_id=ana.id, district="Churubamba"),
                   StaffDistrict(staff_id=nobody.id, district="Huamachuco")])
        uow.commit()
    reports = [(0, "uso 5", 27), (1, "uso 0", 27), (2, "uso 7", 20), (0, "uso 6", 20)]
    for n, (phone, text, day) in enumerate(reports):
        at = datetime(2026, 11, day, 15, tzinfo=UTC)  # counts for W48 on the 27th, W47 the 20th
        sms = InboundSms(provider="twilio", provider_id=f"SM{n}", sender=f"+5198765000{phone}",
                         recipient="", body=text, raw_payload="", received_at=at)
        receive_sms(services.uow(), sms, now=at, tz=TZ)


def test_the_digest_numbers_are_the_reports(services: Services) -> None:
    seed(services)
    digest = build_digests(services, week=WEEK, now=MONDAY_7, only=1)[0]
    report = compute_report(services.uow(), period_start=date(2026, 11, 23),
                            period_end=date(2026, 11, 29), parameters=services.parameters(),
                            tz=TZ, now=MONDAY_7)
    year = compute_report(services.uow(), period_start=date(2026, 1, 1),
                          period_end=date(2026, 11, 29), parameters=services.parameters(),
                          tz=TZ, now=MONDAY_7)
    by_district = {d.district: d for d in report.by_district}
    assert [(d.district, d.reports) for d in digest.districts] == [
        (name, by_district[name].households_reporting) for name in ("Chinchao", "Churubamba")
    ]
    assert [d.reports for d in digest.districts] == [2, 0]
    assert [d.reports_prev for d in digest.districts] == [1, 1]
    assert digest.er_to_date == sum(d.er_tco2e for d in year.by_district
                                    if d.district in ("Chinchao", "Churubamba"))
    assert [t.id for t in digest.tickets] == [1, 2]  # oldest first
    assert digest.tickets[0].age_days == 20
    assert digest.programme_week is not None
    assert digest.programme_week == report.weekly[-1]


def test_sent_by_telegram_and_e_mail_once_per_week(
    services: Services, telegram: FakeTelegramApi, smtp: tuple[Controller, Inbox],
    caplog: pytest.LogCaptureFixture
) -> None:
    seed(services)
    with caplog.at_level(logging.WARNING):
        first = send_digests(services, week=WEEK, now=MONDAY_7)
    again = send_digests(services, week=WEEK, now=MONDAY_7 + timedelta(hours=1))
    assert first == {"queued": 1, "skipped": 1, "already": 0}
    assert again == {"queued": 0, "skipped": 1, "already": 1}
    assert "no Telegram and no e-mail" in caplog.text
    sent = dispatch_outbound(services.uow(), services.outbox_transports(), now=MONDAY_7,
                             pacing=unpaced(services), drain=True)
    assert sent == 2
    photos = telegram.calls("sendPhoto")
    assert len(photos) == 1 and str(photos[0].params["chat_id"]) == str(CHAT)
    assert photos[0].params["caption"].startswith("Resumen semanal 2026-W48 - Ana")
    upload = [r for r in telegram.requests if r.path.endswith("/sendPhoto")][0]
    assert b"\x89PNG" in upload.body
    _, inbox = smtp
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "ana@example.org" and mail["Subject"] == "Resumen semanal 2026-W48"
    html = mail.get_body(preferencelist=("html",))
    assert html is not None and 'src="cid:digest-chart.png"' in html.get_content()
    parts = {p.get_content_type(): p for p in mail.walk()}
    assert parts["image/png"]["Content-ID"] == "<digest-chart.png>"
    attachment = [p for p in mail.iter_attachments() if p.get_content_type() == "text/csv"]
    assert attachment and "2026-W48,Chinchao,2,2,1" in attachment[0].get_content()


def test_telegram_flood_waits_retry_after_and_a_block_is_remembered(
    services: Services, telegram: FakeTelegramApi
) -> None:
    seed(services)
    send_digests(services, week=WEEK, now=MONDAY_7)
    telegram.fail_next_with_flood(retry_after=7)
    transports = {"telegram": services.outbox_transports()["telegram"]}
    dispatch_outbound(services.uow(), transports, now=MONDAY_7, pacing=unpaced(services))
    with services.uow() as uow:
        row = uow.session.get(OutboundMessage, 1)
        assert row is not None and row.channel == "telegram"
        assert row.next_attempt_at == MONDAY_7 + timedelta(seconds=7)
    telegram.fail_next_with_blocked()
    dispatch_outbound(services.uow(), transports, now=MONDAY_7 + timedelta(seconds=7),
                      pacing=unpaced(services))
    with services.uow() as uow:
        row = uow.session.get(OutboundMessage, 1)
        ana = uow.session.get(StaffMember, 1)
        assert row is not None and row.status == "failed"
        assert ana is not None and ana.telegram_blocked_at is not None


def test_preview_prints_and_a_malformed_smtp_url_is_refused_at_start(
    services: Services, db_url: str
) -> None:
    seed(services)
    result = invoke(make_settings(db_url), "digest", "preview", "--coordinator", "1",
                    "--week", WEEK)
    assert result.exit_code == 0, result.output
    assert "Reportes: 2 (semana anterior 2)" in result.output
    assert "RE provisional" in result.output and "sin verificar" in result.output
    with pytest.raises(ValueError, match="SMTP_URL"):
        make_settings(db_url, SMTP_URL="smtp//mail.example.org", SMTP_FROM="a@example.org")
    with pytest.raises(ValueError, match="SMTP_URL: must start with smtp"):
        make_settings(db_url, SMTP_URL="http://mail.example.org", SMTP_FROM="a@example.org")


def test_open_review_items_are_counted_per_district_with_the_oldest_age(
    services: Services,
) -> None:
    seed(services)
    for n, (phone, day) in enumerate([(0, 20), (1, 27), (3, 27)]):  # Huamachuco is not Ana's
        at = datetime(2026, 11, day, 15, tzinfo=UTC)
        sms = InboundSms(provider="twilio", provider_id=f"SMR{n}", sender=f"+5198765000{phone}",
                         recipient="", body="pfff no se que poner", raw_payload="",
                         received_at=at)
        receive_sms(services.uow(), sms, now=at, tz=TZ)

    digest = build_digests(services, week=WEEK, now=MONDAY_7, only=1)[0]

    assert [(d.district, d.review_open, d.review_oldest_days) for d in digest.districts] == [
        ("Chinchao", 2, (MONDAY_7 - datetime(2026, 11, 20, 15, tzinfo=UTC)).days),
        ("Churubamba", 0, 0)]
    text = digest_text(digest)
    assert "Mensajes por revisar: 2 (/revisar)" in text
    assert "  Chinchao: 2, el mas antiguo de" in text
