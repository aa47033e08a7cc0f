"""The ISO weeks a report period covers, and which stoves count as active in each of them."""

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from core.mrv.calc import end_of_life
from core.periods import Period, iso_week

_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ReportWeek:
    """One ISO week of a period."""

    label: str
    monday: date
    sunday: date


def earliest_install_in_life(day: date, life_years: int) -> date:
    """Give the first installation day whose technical life still covers `day`."""
    try:
        guess = day.replace(year=day.year - life_years)
    except ValueError:  # 29 February
        guess = date(day.year - life_years, 2, 28)
    # end_of_life is non-decreasing in the installation day, so a short walk finds the edge.
    while end_of_life(guess, life_years) >= day:
        guess -= _DAY
    while end_of_life(guess, life_years) < day:
        guess += _DAY
    return guess


def weeks_of_period(period_start: date, period_end: date) -> list[ReportWeek]:
    """List the ISO weeks whose Thursday falls in the period, so consecutive periods share none.

    This is ISO 8601's own rule for the year a week belongs to: a calendar-year report covers
    exactly the weeks of that ISO year, and a period shorter than a week may cover none.
    """
    Period(period_start, period_end)  # refuses an end before the start
    thursday = period_start + timedelta(days=(3 - period_start.weekday()) % 7)
    weeks = []
    while thursday <= period_end:
        monday = thursday - timedelta(days=3)
        weeks.append(ReportWeek(iso_week(thursday), monday, monday + timedelta(days=6)))
        thursday += _WEEK
    return weeks


def active_week_range(
    weeks: Sequence[ReportWeek], *, installed_on: date, decommissioned_on: date | None
) -> range:
    """Give the indices of the weeks in which a stove was in place, so a report was expected.

    In place means installed by the week's Sunday and not decommissioned by its Monday.
    Technical life is a crediting rule, not a messaging one: a stove past its life is still
    prompted, so it still counts for the response rate.
    """
    first_index = bisect_left([w.sunday for w in weeks], installed_on)
    stop_index = len(weeks)
    if decommissioned_on is not None:
        stop_index = bisect_left([w.monday for w in weeks], decommissioned_on)
    return range(first_index, max(first_index, stop_index))
