"""Importing verification visits: bad rows reported by line, the rest stored, reruns idempotent."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import func, select

from core.field.visits import VisitRejected, record_visit
from core.imports.rows import ImportReport
from core.imports.visits import import_visits
from core.ledger.itmo import ItmoIdentity
from core.ledger.usecases import issue_period
from core.models import Household, Stove, Visit, VisitBase
from gateway.wiring import Services

# 03:00 UTC on 1 March is still 28 February (22:00) in Lima.
NOW = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)
TZ = "America/Lima"


@pytest.fixture
def stoves(services: Services) -> dict[str, int]:
    """Two households with one stove each, installed in January 2025."""
    ids: dict[str, int] = {}
    with services.uow() as uow:
        for code, name, installed in (
            ("ABC001", "Familia Quispe", date(2025, 1, 10)),
            ("ABC002", "Familia Huaman", date(2025, 2, 1)),
        ):
            household = Household(name=name, district="Anta", community="Ccollana")
            uow.session.add(household)
            uow.session.flush()
            assert household.id is not None
            stove = Stove(code=code, household_id=household.id, installed_on=installed)
            uow.session.add(stove)
            uow.session.flush()
            assert stove.id is not None
            ids[code] = stove.id
        uow.commit()
    return ids


def row(**overrides: str) -> dict[str, str]:
    """A valid CSV row as the reader gives it, with some fields replaced."""
    values = {
        "stove_code": "abc-001",
        "visited_on": "2025-02-20",
        "in_use": "si",
        "condition": "good",
        "open_fire_in_use": "",
        "surveyor": "Ana",
        "latitude": "-13.47",
        "longitude": "-72.15",
        "notes": "",
    }
    values.update(overrides)
    return values


def run(services: Services, *rows: dict[str, str], now: datetime = NOW) -> ImportReport:
    """Import rows numbered as in a file whose line 1 is the header."""
    numbered = list(enumerate(rows, start=2))
    return import_visits(services.uow(), numbered, now=now, tz=TZ)


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, len(report.errors)


def stored(services: Services) -> list[Visit]:
    with services.uow() as uow:
        return list(uow.session.exec(select(Visit).order_by(Visit.id)))  # type: ignore[arg-type]


def test_import_stores_visits_with_normalised_codes_and_unknown_open_fire(
    services: Services, stoves: dict[str, int]
) -> None:
    report = run(services, row(), row(stove_code="ABC 002", in_use="no", open_fire_in_use="Sí"))
    assert counts(report) == (2, 0, 0, 0)
    first, second = stored(services)
    assert (first.stove_id, first.in_use, first.open_fire_in_use) == (stoves["ABC001"], True, None)
    assert (second.stove_id, second.in_use, second.open_fire_in_use) == (
        stoves["ABC002"],
        False,
        True,
    )
    assert first.source == "import" and first.recorded_at == NOW


def test_a_second_run_of_the_same_file_changes_nothing(
    services: Services, stoves: dict[str, int]
) -> None:
    rows = (row(), row(stove_code="ABC002"), row(stove_code="NOPE99"))
    run(services, *rows)
    before = [v.model_dump() for v in stored(services)]
    later = datetime(2025, 3, 5, tzinfo=UTC)
    assert counts(run(services, *rows, now=later)) == (0, 0, 2, 1)
    assert [v.model_dump() for v in stored(services)] == before  # recorded_at kept too


def test_a_corrected_row_updates_its_visit_in_place(
    services: Services, stoves: dict[str, int]
) -> None:
    run(services, row())
    later = datetime(2025, 3, 5, tzinfo=UTC)
    report = run(services, row(in_use="no", condition="broken", notes="cracked"), now=later)
    assert counts(report) == (0, 1, 0, 0)
    (visit,) = stored(services)
    assert (visit.in_use, visit.condition, visit.notes, visit.recorded_at) == (
        False,
        "broken",
        "cracked",
        later,
    )


def test_another_surveyor_or_day_is_another_visit(
    services: Services, stoves: dict[str, int]
) -> None:
    report = run(services, row(), row(surveyor="Luis"), row(visited_on="2025-02-21"))
    assert counts(report) == (3, 0, 0, 0)


def test_each_bad_row_is_reported_with_its_line_and_the_rest_imported(
    services: Services, stoves: dict[str, int]
) -> None:
    report = run(
        services,
        row(),  # line 2
        row(stove_code="ZZZ999"),  # line 3
        row(stove_code="ABC002", visited_on="2025-01-31"),  # line 4: ABC002 installed 1 Feb
        row(visited_on="2025-03-01"),  # line 5: still 28 February in Lima
        row(in_use="maybe"),  # line 6
        row(latitude="-113.47"),  # line 7
        row(visited_on="2025-02-30"),  # line 8
        row(stove_code="ABC002", visited_on="2025-02-28"),  # line 9: today in Lima is fine
        row(condition="removed", in_use="yes", surveyor="Luis"),  # line 10
    )
    assert counts(report) == (2, 0, 0, 7)
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "unknown stove_code ZZZ999"),
        (4, "visited_on 2025-01-31 is before the stove was installed (2025-02-01)"),
        (5, "visited_on 2025-03-01 is in the future (today is 2025-02-28)"),
        (6, "in_use is 'maybe', not yes/no (si/no, true/false, 1/0)"),
        (7, "latitude -113.47 is outside -90..90"),
        (8, "visited_on 2025-02-30 is not a real date"),
        (10, "in_use is yes but condition is removed"),
    ]
    assert len(stored(services)) == 2


def test_the_same_visit_twice_in_one_file_is_refused_on_the_later_line(
    services: Services, stoves: dict[str, int]
) -> None:
    # Same stove (another spelling), day and surveyor: a second run would flip between them.
    report = run(services, row(), row(stove_code="ABC.001", in_use="no"))
    assert counts(report) == (1, 0, 0, 1)
    assert report.errors[0].line == 3
    assert "same stove, visited_on and surveyor as line 2" in report.errors[0].message
    assert stored(services)[0].in_use is True


def test_blank_rows_are_skipped_silently(services: Services, stoves: dict[str, int]) -> None:
    blank = {key: "" for key in row()}
    assert counts(run(services, row(), blank)) == (1, 0, 0, 0)


def test_a_bot_visit_lands_in_the_same_table_and_is_corrected_by_a_later_import(
    services: Services, stoves: dict[str, int]
) -> None:
    visit = VisitBase(visited_on=date(2025, 2, 20), in_use=False, condition="good", surveyor="Ana")
    with services.uow() as uow:
        stove = uow.session.get(Stove, stoves["ABC001"])
        assert stove is not None
        outcome = record_visit(
            uow.session, stove=stove, visit=visit, source="telegram", now=NOW, tz=TZ
        )
        uow.commit()
    assert outcome == "created"
    assert stored(services)[0].source == "telegram"
    # The survey export then carries the same visit with in_use=si and coordinates.
    assert counts(run(services, row())) == (0, 1, 0, 0)
    (merged,) = stored(services)
    assert (merged.in_use, merged.latitude, merged.source) == (True, -13.47, "import")


def test_record_visit_refuses_an_impossible_visit_and_stores_nothing(
    services: Services, stoves: dict[str, int]
) -> None:
    visit = VisitBase(visited_on=date(2025, 1, 5), in_use=True, condition="good")
    with services.uow() as uow:
        stove = uow.session.get(Stove, stoves["ABC001"])
        assert stove is not None
        with pytest.raises(VisitRejected, match="before the stove was installed"):
            record_visit(uow.session, stove=stove, visit=visit, source="telegram", now=NOW, tz=TZ)
        uow.commit()
    with services.uow() as uow:
        assert uow.session.exec(select(func.count()).select_from(Visit)).one() == 0


def test_record_visit_survives_losing_a_race_for_the_same_visit(
    services: Services, stoves: dict[str, int], monkeypatch: Any
) -> None:
    """Another writer stores the same visit between our lookup and our insert."""
    import core.field.visits as visits_module

    run(services, row(notes="first writer"))
    real_stored = visits_module._stored
    calls = {"n": 0}

    def blind_first_lookup(*args: Any) -> Visit | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real_stored(*args)

    monkeypatch.setattr(visits_module, "_stored", blind_first_lookup)
    report = run(services, row(notes="second writer"))
    # The insert hits the unique key inside a savepoint; the visit is then updated instead.
    assert counts(report) == (0, 1, 0, 0)
    (visit,) = stored(services)
    assert visit.notes == "second writer"


def test_a_visit_recorded_outside_an_import_cannot_change_an_issued_period(
    services: Services, stoves: dict[str, int]
) -> None:
    """The bot records visits with `record_visit` too: an issued period refuses them there."""
    issue_period(
        services.uow(),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
        issuable_tonnes=1,
        er_tco2e=1.5,
        stove_days_by_year={2025: 22},
        report_digest="ab" * 32,
        methodology_version="13.1",
        identity=ItmoIdentity("PE-CH-TUKIWASI", "PE-RENAMI", "PE"),
        actor="ana",
        now=NOW,
    )
    visit = VisitBase(visited_on=date(2025, 1, 20), in_use=True, condition="good", surveyor="B")
    later = VisitBase(visited_on=date(2025, 2, 20), in_use=True, condition="good", surveyor="B")
    with services.uow() as uow:
        stove = uow.session.get(Stove, stoves["ABC001"])
        assert stove is not None
        with pytest.raises(VisitRejected, match="falls in issued period 2025-01-01..2025-01-31"):
            record_visit(uow.session, stove=stove, visit=visit, source="telegram", now=NOW, tz=TZ)
        outcome = record_visit(
            uow.session, stove=stove, visit=later, source="telegram", now=NOW, tz=TZ
        )
        assert outcome == "created"
