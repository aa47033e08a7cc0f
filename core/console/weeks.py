"""Self-reported use per district and ISO week: the rates the report keeps programme-wide only."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from core.models import Household, Stove, UsageObservation, stove_active_during
from core.periods import iso_week, week_start


@dataclass(frozen=True)
class WeekCount:
    """One district's week: stoves in place, stoves with a report in force, and what they said."""

    active: int = 0
    reporting: int = 0
    answered_use: int = 0  # reports with a days-of-use figure
    using: int = 0  # of those, at least one day of use

    def __add__(self, other: "WeekCount") -> "WeekCount":
        return WeekCount(self.active + other.active, self.reporting + other.reporting,
                         self.answered_use + other.answered_use, self.using + other.using)

    @property
    def response_rate(self) -> float | None:
        """Reporting stoves over stoves in place, as the monitoring report defines it."""
        return self.reporting / self.active if self.active else None

    @property
    def share_using(self) -> float | None:
        """Share of days-of-use answers reporting at least one day."""
        return self.using / self.answered_use if self.answered_use else None


def below_target(rate: float | None, target: float) -> bool:
    """A response rate the console paints red: under the goal, or none (no stove in place)."""
    return rate is None or rate < target


def last_weeks(today: date, count: int) -> list[str]:
    """The ISO labels of the `count` weeks ending with today's, oldest first."""
    monday = today - timedelta(days=today.weekday())
    return [iso_week(monday - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


def weeks_closing(period_end: date, today: date, count: int) -> list[str]:
    """The period's last `count` weeks: up to this week, or its last whole week if it is past."""
    if period_end >= today:
        return last_weeks(today, count)
    sunday = period_end - timedelta(days=(period_end.weekday() + 1) % 7)
    return last_weeks(sunday, count)


def weekly_by_district(
    session: Session, weeks: list[str], scope: tuple[str, ...] | None
) -> dict[tuple[str, str], WeekCount]:
    """(district, week) → counts for these weeks, in the districts of `scope` (None: all)."""
    counts: dict[tuple[str, str], WeekCount] = {}
    for week in weeks:
        monday = week_start(week)
        statement = (select(Household.district, func.count())
                     .join(Stove, col(Stove.household_id) == col(Household.id))
                     .where(stove_active_during(monday, monday + timedelta(days=6))))
        if scope is not None:
            statement = statement.where(col(Household.district).in_(scope))
        for district, active in session.exec(statement.group_by(col(Household.district))):
            counts[(district, week)] = WeekCount(active=int(active))
    answered = col(UsageObservation.days_used).is_not(None)
    usage = (
        sql_select(col(Household.district), col(UsageObservation.week),
               func.count(),  # one observation in force per stove and week (uq_usage_current)
               func.sum(case((answered, 1), else_=0)),
               func.sum(case((col(UsageObservation.days_used) >= 1, 1), else_=0)))
        .join(Stove, col(Stove.id) == col(UsageObservation.stove_id))
        .join(Household, col(Household.id) == col(Stove.household_id))
        .where(col(UsageObservation.week).in_(weeks),
               col(UsageObservation.superseded_at).is_(None)))
    if scope is not None:
        usage = usage.where(col(Household.district).in_(scope))
    rows = session.execute(
        usage.group_by(col(Household.district), col(UsageObservation.week)))
    for district, week, reporting, answered_use, using in rows:
        base = counts.get((district, week), WeekCount())
        counts[(district, week)] = WeekCount(base.active, int(reporting), int(answered_use or 0),
                                             int(using or 0))
    return counts


def total(counts: dict[tuple[str, str], WeekCount], week: str) -> WeekCount:
    """One week's counts summed over the districts read."""
    result = WeekCount()
    for (_, label), count in counts.items():
        if label == week:
            result = result + count
    return result
