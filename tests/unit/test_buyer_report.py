"""The buyer's monitoring report rules: 3 years at most, the crediting end, the filing
deadline, reductions per calendar year and the integrity status read from the report."""

import math
from datetime import date

import pytest

from core.mrv.crediting import CreditingEnd, crediting_end_of
from core.mrv.parameters import ParameterError, packaged_text, parse_parameters
from core.reporting.buyer import (
    check_buyer_period,
    filing_deadline,
    integrity_status,
    reductions_by_year,
)

END_2030 = CreditingEnd(date(2030, 12, 31), "date", "SR 641.711 Art. 8")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 1, 1), date(2027, 12, 31)),  # exactly 3 years
        (date(2024, 2, 29), date(2027, 2, 27)),
        (date(2028, 1, 1), date(2030, 12, 31)),  # ends on the crediting end
    ],
)
def test_periods_of_at_most_three_years_up_to_the_crediting_end_pass(
    start: date, end: date
) -> None:
    check_buyer_period(start, end, END_2030)


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (date(2025, 1, 1), date(2028, 1, 1), "at most 3 years"),
        (date(2024, 2, 29), date(2027, 2, 28), "at most 3 years"),
        (date(2030, 1, 1), date(2031, 1, 1), "after the crediting end 2030-12-31"),
        (date(2025, 2, 1), date(2025, 1, 31), "before it starts"),
    ],
)
def test_longer_periods_or_past_the_crediting_end_are_refused(
    start: date, end: date, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        check_buyer_period(start, end, END_2030)


@pytest.mark.parametrize(
    ("end", "deadline"),
    [(date(2025, 12, 31), date(2026, 12, 31)), (date(2024, 2, 29), date(2025, 2, 28))],
)
def test_the_filing_deadline_is_one_year_after_the_period_ends(end: date, deadline: date) -> None:
    assert filing_deadline(end) == deadline


def test_reductions_per_year_follow_stove_days_and_add_up_like_the_vintages() -> None:
    report = {"stove_days_by_year": {"2025": 18400, "2026": 18100}, "er_tco2e": 101.4,
              "er_issuable_tco2e": 101}  # fmt: skip

    years = reductions_by_year(report)

    assert [(y["year"], y["stove_days"], y["issuable_tco2e"]) for y in years] == [
        (2025, 18400, 51), (2026, 18100, 50),
    ]  # fmt: skip
    assert math.fsum(y["er_tco2e"] for y in years) == pytest.approx(101.4)
    assert years[0]["er_tco2e"] == pytest.approx(101.4 * 18400 / 36500)


@pytest.mark.parametrize(
    ("report", "status"),
    [
        ({"integrity": {"all_passed": True}}, "passed"),
        ({"integrity": {"all_passed": False}}, "failed"),
        ({}, "not assessed"),
        ({"integrity": {"conditions": []}}, "not assessed"),
        ({"integrity": "pending"}, "not assessed"),
    ],
)
def test_integrity_is_read_from_the_report_or_not_assessed(report: dict, status: str) -> None:
    assert integrity_status(report) == status


def test_a_parameters_file_moves_the_crediting_end_with_its_source() -> None:
    text = packaged_text().replace("value = 2030-12-31", "value = 2032-12-31")

    ending = crediting_end_of(parse_parameters(text))

    assert (ending.value, ending.defaulted) == (date(2032, 12, 31), False)
    without = packaged_text().split("[crediting_end]")[0]
    assert crediting_end_of(parse_parameters(without)) == CreditingEnd(
        date(2030, 12, 31), "date", ending.source, defaulted=True
    )


@pytest.mark.parametrize(
    ("value", "key"),
    [('"2031-12-31"', "crediting_end.value"), ("2031-12-31T00:00:00", "crediting_end.value")],
)
def test_a_crediting_end_that_is_not_a_date_is_refused_by_name(value: str, key: str) -> None:
    text = packaged_text().replace("value = 2030-12-31", f"value = {value}")

    with pytest.raises(ParameterError, match=key):
        parse_parameters(text)
