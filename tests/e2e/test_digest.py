"""The coordinator digest: the report's numbers, by Telegram (a local fake Bot API) and by
e-mail (a local aiosmtpd server), once per coordinator and week."""

import email
import logging
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from html.parser import HTMLParser

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
from core.outbox.payload import Attachment, Payload
from core.reporting.model import MonitoringReport, WeekFigures
from gateway.digests import build_digests, send_digests
from gateway.renderers.digest import digest_text
from gateway.renderers.digest_chart import digest_chart, week_labels
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


def week_and_year(services: Services) -> tuple[MonitoringReport, MonitoringReport]:
    """The monitoring report of WEEK and of the year up to its Sunday."""
    return tuple(  # type: ignore[return-value]
        compute_report(services.uow(), period_start=start, period_end=date(2026, 11, 29),
                       parameters=services.parameters(), tz=TZ, now=MONDAY_7)
        for start in (date(2026, 11, 23), date(2026, 1, 1))
    )


def test_the_digest_numbers_are_the_reports(services: Services) -> None:
    seed(services)
    digest = build_digests(services, week=WEEK, now=MONDAY_7, only=1)[0]
    report, year = week_and_year(services)
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
    assert "  Chinchao: 2, el más antiguo de" in text


class _Tables(HTMLParser):
    """Collects each table's rows of cell texts (by table id) and the bold texts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.bold: list[str] = []
        self.links: list[str] = []
        self._table = ""
        self._cell: list[str] | None = None
        self._in_bold = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "table":
            self._table = named.get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr":
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "strong":
            self._in_bold = True
        elif tag == "a":
            self.links.append(named.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "strong":
            self._in_bold = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_bold:
            self.bold.append(data.strip())


def test_the_e_mail_is_html_with_a_district_table_whose_figures_are_the_reports(
    services_with: Callable[..., Services], smtp: tuple[Controller, Inbox]
) -> None:
    controller, inbox = smtp
    built = services_with(SMTP_URL=f"smtp://{controller.hostname}:{controller.port}",
                          SMTP_FROM="qoncha@example.org",
                          PUBLIC_BASE_URL="https://qoncha.example.org/")
    built.clock = lambda: MONDAY_7
    seed(built)
    send_digests(built, week=WEEK, now=MONDAY_7)
    dispatch_outbound(built.uow(), built.outbox_transports(), now=MONDAY_7,
                      pacing=unpaced(built), drain=True)
    report, year = week_and_year(built)

    body = inbox.messages[0].get_body(preferencelist=("html",))
    assert body is not None and body.get_content_charset() == "utf-8"
    page = _Tables()
    page.feed(body.get_content())

    header, *rows = page.tables["districts"]
    assert header[:3] == ["Distrito", "Cocinas", "Reportes"] and "Fogón" in header
    week = {d.district: d for d in report.by_district}
    ytd = {d.district: d for d in year.by_district}
    assert [(r[0], int(r[1]), int(r[2]), r[-1]) for r in rows] == [
        (name, week[name].stoves_installed, week[name].households_reporting,
         f"{ytd[name].er_tco2e:.2f}")
        for name in ("Chinchao", "Churubamba")
    ]
    assert "2" in page.bold  # the week's reports, in bold in the headline
    assert any(text.endswith("tCO2e") for text in page.bold)
    assert "Visitas de verificación" in [r[0] for r in page.tables["headline"]]
    assert page.links == ["https://qoncha.example.org/console/"]


def test_a_long_digest_keeps_its_chart_and_sends_the_rest_after_it(
    services: Services, telegram: FakeTelegramApi
) -> None:
    seed(services)
    with services.uow() as uow:  # a line for each of 40 more districts: far beyond a caption
        uow.session.add_all([StaffDistrict(staff_id=1, district=f"Distrito {i:02d} del valle")
                             for i in range(40)])
        uow.commit()
    expected = digest_text(build_digests(services, week=WEEK, now=MONDAY_7, only=1)[0])
    assert len(expected) > 1500

    send_digests(services, week=WEEK, now=MONDAY_7)
    transports = {"telegram": services.outbox_transports()["telegram"]}
    dispatch_outbound(services.uow(), transports, now=MONDAY_7, pacing=unpaced(services),
                      drain=True)

    photos = [c for c in telegram.calls("sendPhoto") if c.ok]
    assert len(photos) == 1
    caption = photos[0].params["caption"]
    assert len(caption) <= 1024 and caption.startswith("Resumen semanal 2026-W48 - Ana")
    assert "Reportes: 2" in caption and "RE provisional" in caption  # the headline is seen
    rest = telegram.texts(CHAT)
    assert len(rest) == 1 and rest[0].startswith("- ")
    assert caption + "\n" + rest[0] == expected


def test_the_transport_never_drops_a_chart_for_a_long_caption(
    services: Services, telegram: FakeTelegramApi
) -> None:
    sender = services.outbox_transports()["telegram"]
    chart = Payload(files=(Attachment("c.png", "image/png", b"\x89PNG..."),)).to_json()
    text = "\n".join(f"linea {i} " + "x" * 40 for i in range(60))

    sender.send(to=str(CHAT), body=text, reference="r1", payload=chart)

    photo = telegram.calls("sendPhoto")[0]
    assert photo.ok and len(photo.params["caption"]) <= 1024
    assert photo.params["caption"] + "\n" + telegram.texts(CHAT)[0] == text


def test_chart_weeks_carry_their_year_where_it_starts_and_changes() -> None:
    weeks = tuple(
        WeekFigures(label, date(2026, 1, 1), 1, 1, 0.5, 5.0, 1.0)
        for label in ("2025-W51", "2025-W52", "2026-W01", "2026-W02")
    )

    assert week_labels(weeks) == ["W51\n2025", "W52", "W01\n2026", "W02"]
    assert digest_chart(weeks).startswith(b"\x89PNG")
