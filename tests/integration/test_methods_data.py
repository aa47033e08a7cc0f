"""What the methodology options read from the database, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

from sqlmodel import select

from core.imports.households import import_households
from core.models import Household, Stove, Visit
from core.monitoring.report import compute_report
from core.mrv.parameters import load_parameters
from gateway.wiring import Services

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
TZ = "America/Lima"


def row(code: str, **overrides: str) -> dict[str, str]:
    values = {
        "stove_code": code,
        "household_name": "Familia Quispe",
        "phone": "",
        "district": "Ayaviri",
        "community": "",
        "installed_on": "2023-04-20",
        "latitude": "",
        "longitude": "",
        "baseline_stove": "open_fire",
    }
    values.update(overrides)
    return values


def test_several_stoves_of_one_household_are_credited_once_per_household_day(
    services: Services,
):
    rows = [
        row("ABC101", household_code="H-7", stove_model="Inkawasi"),
        row("ABC102", household_code="H-7", stove_model="Inkawasi II", installed_on="2024-02-01"),
        row("ABC103", household_name="Familia Mamani"),
    ]
    numbered = list(enumerate(rows, start=2))
    first = import_households(services.uow(), numbered, now=NOW, tz=TZ)
    again = import_households(services.uow(), numbered, now=NOW, tz=TZ)
    assert (first.created, first.errors) == (3, [])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    with services.uow() as uow:
        stoves = {s.code: s for s in uow.session.exec(select(Stove))}
        assert stoves["ABC101"].household_id == stoves["ABC102"].household_id
        assert stoves["ABC102"].stove_model == "Inkawasi II"
        assert len(uow.session.exec(select(Household)).all()) == 2
        for code in ("ABC101", "ABC103"):
            uow.session.add(
                Visit(stove_id=stoves[code].id, visited_on=date(2025, 5, 2), in_use=True,
                      condition="good")
            )  # fmt: skip
        uow.commit()
    report = compute_report(
        services.uow(),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        parameters=load_parameters(),
        tz=TZ,
        now=NOW,
    )
    assert (report.stoves_installed, report.households_served) == (3, 2)
    assert [(c.cohort, c.stoves_installed, c.visits_counted) for c in report.cohorts] == [
        (2023, 2, 2),
        (2024, 1, 0),
    ]
    # H-7's two stoves operate all year: each counts half a stove-day (mrv.md).
    assert [c.stove_days for c in report.cohorts] == [365 + 182.5, 182.5]
    assert sum(c.stove_days for c in report.cohorts) == report.stove_days == 2 * 365
    assert report.stove_days_raw == 3 * 365
    several = report.households_with_several_stoves
    assert (several.households, several.stoves, several.stove_days_removed) == (1, 2, 365)
