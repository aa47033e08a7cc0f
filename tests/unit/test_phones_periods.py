"""Phone normalisation and masking; weeks in the programme's time zone."""

from datetime import UTC, date, datetime

import pytest

from core.periods import day_bounds_utc, iso_week, report_week, week_start
from core.phones import mask_phone, national_number, normalise_phone, parse_phone


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("987654321", "+51987654321"),
        ("+51987654321", "+51987654321"),
        ("+51 987 654 321", "+51987654321"),
        ("0051987654321", "+51987654321"),
        ("+14155550123", "+14155550123"),
        ("Twilio", None),
        ("", None),
        ("12", None),
    ],
)
def test_parse_phone(raw: str, e164: str | None) -> None:
    parsed = parse_phone(raw)
    assert parsed.e164 == e164
    assert parsed.valid is (e164 is not None)


def test_normalise_phone_refuses_invalid_without_echoing_the_number() -> None:
    with pytest.raises(ValueError) as excinfo:
        normalise_phone("98765")
    assert "98765" not in str(excinfo.value)


@pytest.mark.parametrize(
    ("number", "masked"),
    [("+51987654321", "+51******321"), ("987654321", "******321"), ("", ""), ("123", "***")],
)
def test_mask_phone_keeps_country_code_and_last_three(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_report_week_is_the_week_most_of_the_last_seven_days_fall_in() -> None:
    # Monday 2026-11-30 09:00 in Lima (14:00 UTC): the last 7 days are mostly week 48.
    assert report_week(datetime(2026, 11, 30, 14, tzinfo=UTC), "America/Lima") == "2026-W48"
    # Sunday 2026-11-29 23:30 in Lima is already Monday 04:30 UTC: still Lima's Sunday, W48.
    assert report_week(datetime(2026, 11, 30, 4, 30, tzinfo=UTC), "America/Lima") == "2026-W48"
    # Thursday 2026-12-03 in Lima: Thursday - 3 days = Monday of week 49.
    assert report_week(datetime(2026, 12, 3, 15, tzinfo=UTC), "America/Lima") == "2026-W49"


def test_iso_week_across_the_year_boundary() -> None:
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert week_start("2026-W53") == date(2026, 12, 28)


def test_day_bounds_cover_local_days() -> None:
    start, end = day_bounds_utc(date(2026, 1, 1), date(2026, 1, 31), "America/Lima")
    assert start == datetime(2026, 1, 1, 5, tzinfo=UTC)
    assert end == datetime(2026, 2, 1, 5, tzinfo=UTC)


def test_the_national_number_is_what_people_dial_at_home() -> None:
    assert national_number("+51987654321") == "987654321"
    assert national_number("not a phone") == ""
