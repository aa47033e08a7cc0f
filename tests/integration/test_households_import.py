"""Importing the installation spreadsheet: creates, updates, skips bad rows, repeats nothing."""

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import func, select

import core.imports.households as households_import
from core.imports.households import import_households
from core.imports.rows import ImportReport
from core.models import Household, Phone, Stove
from gateway.wiring import Services

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
TZ = "America/Lima"


def row(**overrides: str) -> dict[str, str]:
    """A valid CSV row as csv.DictReader gives it, with some fields replaced."""
    values = {
        "stove_code": "ABC123",
        "household_name": "Familia Quispe Mamani",
        "phone": "987654321",
        "district": "Ayaviri",
        "community": "Umachiri",
        "installed_on": "2025-11-20",
        "latitude": "-14.8817",
        "longitude": "-70.5897",
        "baseline_stove": "open_fire",
    }
    values.update(overrides)
    return values


def run(services: Services, *rows: dict[str, str], **kwargs: Any) -> ImportReport:
    """Import rows numbered as in a file whose line 1 is the header."""
    numbered = [(line, values) for line, values in enumerate(rows, start=2)]
    options = {"now": NOW, "tz": TZ, **kwargs}
    return import_households(services.uow(), numbered, **options)


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, len(report.errors)


def table_sizes(services: Services) -> tuple[int, int, int]:
    with services.uow() as uow:
        return tuple(  # type: ignore[return-value]
            uow.session.exec(select(func.count()).select_from(model)).one()
            for model in (Household, Stove, Phone)
        )


def stove_and_household(services: Services, code: str) -> tuple[Stove, Household, list[str]]:
    with services.uow() as uow:
        stove = uow.session.exec(select(Stove).where(Stove.code == code)).one()
        household = uow.session.get(Household, stove.household_id)
        assert household is not None
        phones = uow.session.exec(
            select(Phone.number).where(Phone.household_id == household.id)
        ).all()
        return stove, household, list(phones)


def test_import_creates_households_stoves_and_linked_phones(services: Services) -> None:
    report = run(
        services,
        row(),
        row(stove_code="xyz-789", household_name="Familia Huanca", phone="+51 912 345 678",
            latitude="", longitude="", baseline_stove="Traditional stove"),
    )  # fmt: skip

    assert counts(report) == (2, 0, 0, 0)
    assert report.warnings == []
    stove, household, phones = stove_and_household(services, "ABC123")
    assert stove.installed_on == date(2025, 11, 20)
    assert stove.baseline_stove == "open_fire"
    assert stove.decommissioned_on is None
    assert (household.name, household.district, household.community) == (
        "Familia Quispe Mamani", "Ayaviri", "Umachiri",
    )  # fmt: skip
    assert (household.latitude, household.longitude) == (-14.8817, -70.5897)
    assert phones == ["+51987654321"]
    other, household, phones = stove_and_household(services, "XYZ789")
    assert other.baseline_stove == "traditional_stove"
    assert (household.latitude, household.longitude) == (None, None)
    assert phones == ["+51912345678"]
    # Each new stove gets its own random pseudonym, nothing of its code in it.
    assert re.fullmatch(r"S-[0-9a-f]{16}", stove.pseudonym)
    assert re.fullmatch(r"S-[0-9a-f]{16}", other.pseudonym)
    assert stove.pseudonym != other.pseudonym


def test_importing_the_same_file_twice_changes_nothing(services: Services) -> None:
    rows = [row(), row(stove_code="XYZ789", phone=""), row(stove_code="BAD", phone="")]
    first = run(services, *rows)
    sizes = table_sizes(services)

    second = run(services, *rows)

    assert counts(first) == (2, 0, 0, 1)
    assert counts(second) == (0, 0, 2, 1)
    assert second.warnings == []
    assert table_sizes(services) == sizes == (2, 2, 1)


def test_a_changed_row_updates_its_household_and_stove(services: Services) -> None:
    run(services, row(), row(stove_code="XYZ789", phone="912345678"))
    before, *_ = stove_and_household(services, "ABC123")

    report = run(
        services,
        # Written the way people copy a code: the same stove, not a new one.
        {**row(stove_code="abc 123", household_name="Familia Quispe", community="Nuñoa",
               installed_on="2025-11-21", baseline_stove="other", latitude="-14,9",
               longitude="-70,6"), "decommissioned_on": "2026-02-01"},
        {**row(stove_code="XYZ789", phone="912345678"), "decommissioned_on": ""},
    )  # fmt: skip

    assert counts(report) == (0, 1, 1, 0)
    stove, household, phones = stove_and_household(services, "ABC123")
    assert (household.name, household.community) == ("Familia Quispe", "Nuñoa")
    assert (household.latitude, household.longitude) == (-14.9, -70.6)
    assert (stove.installed_on, stove.decommissioned_on) == (date(2025, 11, 21), date(2026, 2, 1))
    assert stove.baseline_stove == "other"
    assert stove.pseudonym == before.pseudonym  # made once, never changed
    assert phones == ["+51987654321"]
    assert table_sizes(services) == (2, 2, 2)


def test_bad_rows_are_reported_by_line_and_the_good_rows_imported(services: Services) -> None:
    report = run(
        services,
        row(stove_code="GOOD1"),  # line 2
        row(stove_code="BAD2", installed_on="20/11/2025", phone=""),  # line 3
        row(stove_code="BAD3", baseline_stove="gas", phone=""),  # line 4
        row(stove_code="BAD4", phone="12345"),  # line 5
        row(stove_code="", phone=""),  # line 6
        row(stove_code="GOOD7", phone="912345678"),  # line 7
        row(stove_code="good-7", phone=""),  # line 8: the same code again
        row(stove_code="BAD9", latitude="200", phone=""),  # line 9
        row(stove_code="BAD10", installed_on="2025-02-30", phone=""),  # line 10
        row(stove_code="BAD11", phone="014123456"),  # line 11: a Lima landline
        row(stove_code="BAD12", installed_on="2027-01-01", phone=""),  # line 12
        row(stove_code="BAD13", household_name=" ", phone=""),  # line 13
        row(stove_code="BAD14", longitude="", phone=""),  # line 14
    )

    assert counts(report) == (2, 0, 0, 11)
    reasons = {error.line: error.message for error in report.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]
    assert "installed_on '20/11/2025' is not a date in YYYY-MM-DD form" in reasons[3]
    assert "baseline_stove is 'gas'" in reasons[4]
    assert "open_fire, traditional_stove, other" in reasons[4]
    assert "not a valid phone number" in reasons[5]
    assert "12345" not in reasons[5]  # numbers are masked even in error messages
    assert reasons[6] == "stove_code is empty"
    assert reasons[8] == "stove_code GOOD7 already given on line 7"
    assert "latitude 200 is outside -90..90" in reasons[9]
    assert "not a real date" in reasons[10]
    assert "not a mobile number" in reasons[11]
    assert "in the future" in reasons[12]
    assert reasons[13] == "household_name is empty"
    assert "latitude and longitude must be given together" in reasons[14]
    with services.uow() as uow:
        codes = uow.session.exec(select(Stove.code).order_by(Stove.code)).all()
    assert codes == ["GOOD1", "GOOD7"]


def test_installed_on_is_in_the_future_by_the_programme_calendar_not_utc(
    services: Services,
) -> None:
    # 02:00 UTC on 3 March 2026 is 21:00 on 2 March in Lima (UTC-5): in Lima, 3 March is
    # still tomorrow, although it is already today in UTC.
    early = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)

    report = run(
        services,
        row(stove_code="TODAY1", installed_on="2026-03-02", phone=""),  # line 2: today in Lima
        row(stove_code="TOMORROW2", installed_on="2026-03-03", phone=""),  # line 3
        now=early,
    )

    assert counts(report) == (1, 0, 0, 1)
    assert [(error.line, error.message) for error in report.errors] == [
        (3, "installed_on 2026-03-03 is in the future")
    ]


def test_several_problems_in_one_row_are_reported_together(services: Services) -> None:
    report = run(services, row(installed_on="", baseline_stove="", district=""))

    assert [error.line for error in report.errors] == [2]
    assert report.errors[0].message == (
        "district is empty; installed_on is empty; baseline_stove is empty, "
        "not one of open_fire, traditional_stove, other"
    )


def test_a_phone_of_another_household_is_relinked_with_a_warning(services: Services) -> None:
    run(services, row(stove_code="ABC123"), row(stove_code="XYZ789", phone=""))

    report = run(services, row(stove_code="XYZ789", phone="987-654-321"))

    assert counts(report) == (0, 1, 0, 0)
    assert [(w.line, w.message) for w in report.warnings] == [
        (2, "phone +51******321 moved here from the household of stove ABC123")
    ]
    assert stove_and_household(services, "XYZ789")[2] == ["+51987654321"]
    assert stove_and_household(services, "ABC123")[2] == []
    assert counts(run(services, row(stove_code="XYZ789"))) == (0, 0, 1, 0)


def test_a_phone_given_twice_in_one_file_stays_with_the_first_row(services: Services) -> None:
    rows = [row(stove_code="ABC123"), row(stove_code="XYZ789")]

    first = run(services, *rows)
    second = run(services, *rows)

    assert counts(first) == (2, 0, 0, 0)
    assert [(w.line, w.message) for w in first.warnings] == [
        (3, "phone +51******321 already given on line 2; not linked to this household")
    ]
    assert counts(second) == (0, 0, 2, 0)
    assert stove_and_household(services, "ABC123")[2] == ["+51987654321"]
    assert stove_and_household(services, "XYZ789")[2] == []


def test_a_phone_registered_by_sms_is_linked_not_duplicated(services: Services) -> None:
    with services.uow() as uow:
        uow.session.add(Phone(number="+51987654321"))
        uow.commit()

    report = run(services, row())

    assert counts(report) == (1, 0, 0, 0)
    assert report.warnings == []
    assert stove_and_household(services, "ABC123")[2] == ["+51987654321"]


def test_rows_are_committed_in_batches_with_progress(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(households_import, "BATCH_SIZE", 2)
    progress: list[int] = []
    rows = [row(stove_code=f"ST{n:03d}", phone="") for n in range(5)]

    report = run(services, *rows, on_progress=progress.append)

    assert counts(report) == (5, 0, 0, 0)
    assert progress == [2, 2, 1]
    assert table_sizes(services) == (5, 5, 0)


def test_a_failing_batch_leaves_earlier_batches_and_nothing_of_itself(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(households_import, "BATCH_SIZE", 2)

    def failing_rows() -> Any:
        yield 2, row(stove_code="ST001", phone="")
        yield 3, row(stove_code="ST002", phone="")
        yield 4, row(stove_code="ST003", phone="")
        raise OSError("disk went away")

    with pytest.raises(OSError):
        import_households(services.uow(), failing_rows(), now=NOW, tz=TZ)

    with services.uow() as uow:
        codes = uow.session.exec(select(Stove.code).order_by(Stove.code)).all()
    assert codes == ["ST001", "ST002"]


def test_blank_rows_are_skipped(services: Services) -> None:
    empty = dict.fromkeys(row(), "")

    report = run(services, empty, row(), empty)

    assert counts(report) == (1, 0, 0, 0)
