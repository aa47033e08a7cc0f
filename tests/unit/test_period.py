"""One Period value: the end-before-start check lives once and every caller says the same."""

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from core.mrv.calc import creditable_span
from core.mrv.crediting import CreditingEnd
from core.periods import Period, PeriodError
from core.reporting.buyer import check_buyer_period
from core.reporting.weeks import weeks_of_period

ROOT = Path(__file__).resolve().parents[2]
START, END = date(2026, 3, 2), date(2026, 3, 1)
SAID = "the period ends (2026-03-01) before it starts (2026-03-02)"


def test_a_period_is_checked_once_and_unpacks_as_its_two_days() -> None:
    period = Period(date(2026, 2, 27), date(2026, 3, 1))
    first, last = period
    assert (first, last, period.days) == (date(2026, 2, 27), date(2026, 3, 1), 3)
    assert list(period.each_day())[1] == date(2026, 2, 28)
    assert date(2026, 3, 1) in period and date(2026, 3, 2) not in period
    with pytest.raises(PeriodError, match=re.escape(SAID)):
        Period(START, END)


@pytest.mark.parametrize(
    "refuse",
    [
        lambda: weeks_of_period(START, END),
        lambda: creditable_span(date(2025, 1, 1), None, START, END, 10),
        lambda: check_buyer_period(START, END, CreditingEnd(date(2030, 12, 31), "day", "default")),
    ],
    ids=["weeks", "creditable span", "buyer period"],
)
def test_every_caller_refuses_a_reversed_period_in_the_same_words(
    refuse: Callable[[], object],
) -> None:
    # Before, three wordings: "period ends ..." in two places, "the period ends ..." in others.
    with pytest.raises(ValueError) as refused:
        refuse()
    assert str(refused.value) == SAID


def test_no_module_but_periods_compares_a_period_s_end_with_its_start() -> None:
    reversed_check = re.compile(r"\b(period_|self\.)?end\s*<\s*(period_|self\.)?start\b")
    found = [
        str(p.relative_to(ROOT))
        for top in ("core", "gateway", "bot")
        for p in (ROOT / top).rglob("*.py")
        if reversed_check.search(p.read_text(encoding="utf-8"))
    ]
    assert found == ["core/periods.py"]
