"""Checking one row of a visits CSV without the database: yes/no words, conditions, dates."""

from datetime import date
from typing import Any

import pytest

from core.imports.visits import RowProblems, parse_visit_row, parse_yes_no

GOOD = {
    "stove_code": "ABC-001",
    "visited_on": "2025-03-14",
    "in_use": "yes",
    "condition": "good",
    "open_fire_in_use": "no",
    "surveyor": "Ana Quispe",
    "latitude": "-13.47",
    "longitude": "-72.15",
    "notes": "kitchen clean",
}


def row(**changes: Any) -> dict[Any, Any]:
    """A valid row with some fields replaced."""
    return {**GOOD, **changes}


def problems_of(raw: dict[Any, Any]) -> str:
    """The message a refused row would be reported with."""
    with pytest.raises(RowProblems) as caught:
        parse_visit_row(raw)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True), ("YES", True), (" Yes ", True), ("si", True), ("SI", True),
        ("sí", True), ("Sí", True), ("SÍ", True), ("true", True), ("TRUE", True), ("1", True),
        ("no", False), ("NO", False), ("No", False), ("false", False), ("False", False),
        ("0", False),
    ],
)  # fmt: skip
def test_in_use_accepts_english_spanish_boolean_and_digit_spellings(
    text: str, expected: bool
) -> None:
    assert parse_visit_row(row(in_use=text)).visit.in_use is expected
    assert parse_visit_row(row(open_fire_in_use=text)).visit.open_fire_in_use is expected


@pytest.mark.parametrize("text", ["maybe", "y", "n", "2", "sometimes", "s", "ok"])
def test_other_words_are_refused_naming_the_column(text: str) -> None:
    assert f"in_use is {text!r}, not yes/no" in problems_of(row(in_use=text))
    assert f"open_fire_in_use is {text!r}" in problems_of(row(open_fire_in_use=text))


def test_empty_in_use_is_refused_but_empty_open_fire_is_unknown() -> None:
    assert "in_use is empty" in problems_of(row(in_use=""))
    assert parse_visit_row(row(open_fire_in_use="")).visit.open_fire_in_use is None
    assert parse_visit_row(row(open_fire_in_use="  ")).visit.open_fire_in_use is None


def test_yes_no_parser_is_usable_on_its_own() -> None:
    assert parse_yes_no("Sí", "in_use", required=True) is True
    assert parse_yes_no("", "open_fire_in_use", required=False) is None
    with pytest.raises(RowProblems, match="in_use is empty"):
        parse_yes_no("", "in_use", required=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("good", "good"), ("GOOD", "good"), (" Good ", "good"),
        ("needs_repair", "needs_repair"), ("needs repair", "needs_repair"),
        ("Needs-Repair", "needs_repair"), ("broken", "broken"), ("Removed", "removed"),
    ],
)  # fmt: skip
def test_conditions_are_read_without_case_or_separator_differences(
    text: str, expected: str
) -> None:
    assert parse_visit_row(row(condition=text)).visit.condition == expected


@pytest.mark.parametrize("text", ["fine", "bueno", "repair", "needsrepair", ""])
def test_unknown_conditions_are_refused_listing_the_four(text: str) -> None:
    message = problems_of(row(condition=text))
    assert "not one of good, needs_repair, broken, removed" in message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "visited_on is empty"),
        ("14/03/2025", "is not a date in YYYY-MM-DD form"),
        ("2025-3-14", "is not a date in YYYY-MM-DD form"),
        ("20250314", "is not a date in YYYY-MM-DD form"),
        ("2025-02-30", "is not a real date"),
        ("2025-13-01", "is not a real date"),
    ],
)
def test_bad_dates_are_refused(text: str, reason: str) -> None:
    assert reason in problems_of(row(visited_on=text))


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        ("-13.47", "-72.15", (-13.47, -72.15)),
        ("-13,47", "-72,15", (-13.47, -72.15)),  # decimal comma from a Spanish spreadsheet
        ("", "", (None, None)),
        ("90", "-180", (90.0, -180.0)),  # the edges are on the globe
    ],
)
def test_coordinates_are_decimal_degrees(
    latitude: str, longitude: str, expected: tuple[float | None, float | None]
) -> None:
    visit = parse_visit_row(row(latitude=latitude, longitude=longitude)).visit
    assert (visit.latitude, visit.longitude) == expected


@pytest.mark.parametrize(
    ("latitude", "longitude", "reason"),
    [
        ("95", "-72.15", "latitude 95 is outside -90..90"),
        ("-13.47", "-181", "longitude -181 is outside -180..180"),
        ("north", "-72.15", "latitude 'north' is not a number"),
        ("nan", "-72.15", "latitude nan is outside -90..90"),
        ("-13.47", "", "latitude and longitude must be given together"),
    ],
)
def test_coordinates_out_of_range_or_alone_are_refused(
    latitude: str, longitude: str, reason: str
) -> None:
    assert reason in problems_of(row(latitude=latitude, longitude=longitude))


@pytest.mark.parametrize(
    ("text", "expected"), [("ABC-001", "ABC001"), ("abc 001", "ABC001"), ("a.b.c-0 01", "ABC001")]
)
def test_stove_codes_are_normalised_like_the_households_import(text: str, expected: str) -> None:
    assert parse_visit_row(row(stove_code=text)).stove_code == expected


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    message = problems_of(row(stove_code=" ", in_use="maybe", condition="fine", latitude="99"))
    # Four faults, one message, in column order, separated by "; ".
    assert message.split("; ")[0] == "stove_code is empty"
    assert len(message.split("; ")) == 4


def test_a_row_with_more_fields_than_the_header_is_refused() -> None:
    raw = row()
    raw[None] = [" extra note"]  # what csv.DictReader does with an unquoted delimiter
    assert "more fields than the header has columns" in problems_of(raw)


def test_a_valid_row_becomes_a_visit_with_trimmed_text() -> None:
    parsed = parse_visit_row(row(surveyor="  Ana   Quispe ", notes="  kitchen clean  "))
    visit = parsed.visit
    assert visit.visited_on == date(2025, 3, 14)
    assert (visit.in_use, visit.condition, visit.open_fire_in_use) == (True, "good", False)
    # Inner runs of spaces collapse, so "Ana  Quispe" and "Ana Quispe" are one surveyor.
    assert visit.surveyor == "Ana Quispe"
    assert visit.notes == "kitchen clean"


def test_missing_optional_columns_mean_empty_values() -> None:
    raw = {k: GOOD[k] for k in ("stove_code", "visited_on", "in_use", "condition")}
    visit = parse_visit_row(raw).visit
    assert (visit.surveyor, visit.open_fire_in_use, visit.latitude, visit.notes) == (
        "",
        None,
        None,
        "",
    )


def test_surveyor_longer_than_the_column_is_refused() -> None:
    assert "surveyor is longer than 100 characters" in problems_of(row(surveyor="x" * 101))


def test_a_stove_not_found_needs_no_in_use_nor_condition() -> None:
    parsed = parse_visit_row(
        row(found="no", not_found_reason="  family moved   to Lima ", in_use="", condition="")
    )
    assert parsed.visit.found is False
    assert parsed.visit.not_found_reason == "family moved to Lima"
    assert (parsed.visit.in_use, parsed.visit.condition) == (False, "")


def test_found_defaults_to_yes_and_then_in_use_is_required() -> None:
    assert parse_visit_row(row()).visit.found is True
    assert parse_visit_row(row(found="")).visit.found is True
    assert "in_use is empty" in problems_of(row(found="si", in_use=""))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"found": "no", "in_use": "yes"}, "in_use is yes but found is no"),
        ({"not_found_reason": "away"}, "not_found_reason is given but found is not no"),
        ({"found": "maybe"}, "found is 'maybe', not yes/no"),
    ],
)
def test_contradictory_not_found_rows_are_refused(changes: dict[str, str], message: str) -> None:
    assert message in problems_of(row(**changes))
