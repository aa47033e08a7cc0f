"""Stove-days of a period by district, baseline and vintage, per household-day, with the
stoves behind them and the stoves in place each week (the report's counting, pure)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from core.mrv.calc import days_by_year, stove_days_by_year
from core.mrv.methods.households import SharedHouseholds
from core.reporting.inputs import ReportInputs
from core.reporting.weeks import active_week_range


@dataclass(frozen=True)
class StoveDays:
    """Stove-days (per household-day) by district and baseline, by vintage, unweighted in
    total, the stoves behind them, active weeks."""

    by_district: dict[str, dict[str, int | Fraction]]
    by_year: dict[int, int | Fraction]
    raw: int
    installed: dict[str, int]
    reporting: dict[str, int]
    credited_stoves: int
    active_by_week: list[int]


def _dates_figures(
    inputs: ReportInputs, installed_on: date, decommissioned_on: date | None, *, life_years: int
) -> tuple[int, dict[int, int], range]:
    """Stove-days, their split by year and the weeks in place of a stove with these dates."""
    by_year = stove_days_by_year(
        installed_on=installed_on,
        decommissioned_on=decommissioned_on,
        period_start=inputs.period_start,
        period_end=inputs.period_end,
        life_years=life_years,
    )
    # The split adds up to stove_days (calc.py's stated invariant), so it is not clipped twice.
    return (
        sum(by_year.values()),
        by_year,
        active_week_range(
            inputs.weeks, installed_on=installed_on, decommissioned_on=decommissioned_on
        ),
    )


def count_stove_days(
    inputs: ReportInputs, *, life_years: int, shared: SharedHouseholds | None = None
) -> StoveDays:
    """Apply the stove-day rules once per distinct pair of dates, and count active stove-weeks.

    `shared` weights the days of households with several stoves (per household-day).
    """
    days: dict[str, dict[str, int | Fraction]] = defaultdict(lambda: defaultdict(int))
    years: dict[int, int | Fraction] = defaultdict(int)
    installed: dict[str, int] = defaultdict(int)
    reporting: dict[str, int] = defaultdict(int)
    steps = [0] * (len(inputs.weeks) + 1)  # a difference array over the weeks
    credited = 0
    cache: dict[tuple[date, date | None], tuple[int, dict[int, int], range]] = {}
    for group in inputs.stove_groups:
        if group.reporting:
            reporting[group.district] += group.reporting
        if not group.in_period(inputs.period_start, inputs.period_end):
            continue
        key = (group.installed_on, group.decommissioned_on)
        if key not in cache:
            cache[key] = _dates_figures(inputs, *key, life_years=life_years)
        sd, by_year, weeks = cache[key]
        installed[group.district] += group.count
        days[group.district][group.baseline_stove] += sd * group.count
        credited += group.count if sd else 0
        for year, n in by_year.items():
            years[year] += n * group.count
        if weeks:
            steps[weeks.start] += group.count
            steps[weeks.stop] -= group.count
    raw = sum(sum(b.values()) for b in days.values())
    for piece in shared.pieces if shared else ():
        for year, n in days_by_year(piece.first, piece.last).items():
            days[piece.district][piece.baseline_stove] += n * piece.weight
            years[year] += n * piece.weight
    active, running = [], 0
    for step in steps[:-1]:
        running += step
        active.append(running)
    return StoveDays(
        by_district={d: dict(sorted(days[d].items())) for d in sorted(days)},
        by_year=dict(sorted(years.items())),
        raw=int(raw),
        installed=dict(sorted(installed.items())),
        reporting=dict(sorted(reporting.items())),
        credited_stoves=credited,
        active_by_week=active,
    )
