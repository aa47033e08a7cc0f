"""The report's SQL: every sum over observations runs in the database, grouped and sorted there.

Portable SQL only (SQLite and PostgreSQL): the period's weeks enter as a small UNION ALL of
literals, so whether a stove was active in a report's week is decided row by row in SQL
with plain date comparisons.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.sql.expression import ColumnElement, CTE
from sqlmodel import Session, col

from core.models import Household, RepairTicket, Stove, UsageObservation, Visit
from core.reporting.inputs import StoveGroup, UsageCounts
from core.reporting.verification import VisitRow
from core.reporting.weeks import ReportWeek

_STOVE_DISTRICT = col(Stove.household_id) == col(Household.id)


def stove_groups(session: Session, *, period_start: date, period_end: date) -> list[StoveGroup]:
    """Count stoves installed by the period end and not decommissioned before its start, grouped
    by what their stove-days depend on (a few thousand groups at most)."""
    keys = (
        col(Household.district),
        col(Stove.baseline_stove),
        col(Stove.installed_on),
        col(Stove.decommissioned_on),
    )
    statement = (
        select(*keys, func.count())
        .select_from(Stove)
        .join(Household, _STOVE_DISTRICT)
        .where(
            col(Stove.installed_on) <= period_end,
            or_(
                col(Stove.decommissioned_on).is_(None),
                col(Stove.decommissioned_on) >= period_start,
            ),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    return [StoveGroup(*row) for row in session.connection().execute(statement)]


def _weeks_table(weeks: Sequence[ReportWeek]) -> CTE:
    """The report's weeks as a tiny table (label, monday, sunday, first install in life)."""
    rows = [
        select(
            literal(w.label, String).label("label"),
            literal(w.monday, Date).label("monday"),
            literal(w.sunday, Date).label("sunday"),
            literal(w.installed_from, Date).label("installed_from"),
        )
        for w in weeks
    ]
    return union_all(*rows).cte("report_weeks")


def _active(weeks: CTE) -> ColumnElement[bool]:
    """A stove has a creditable day in the week (the rule of weeks.active_week_range)."""
    return and_(
        col(Stove.installed_on) <= weeks.c.sunday,
        col(Stove.installed_on) >= weeks.c.installed_from,
        or_(
            col(Stove.decommissioned_on).is_(None),
            col(Stove.decommissioned_on) > weeks.c.monday,
        ),
    )


def _in_force_in(weeks: Sequence[ReportWeek]) -> list[ColumnElement[bool]]:
    """In-force observations of the weeks' label range (which the week index can serve)."""
    return [
        col(UsageObservation.superseded_at).is_(None),
        col(UsageObservation.week) >= weeks[0].label,
        col(UsageObservation.week) <= weeks[-1].label,
    ]


def _count_if(condition: ColumnElement[bool]) -> Any:
    """SUM(CASE WHEN ... THEN 1 ELSE 0 END): a portable conditional count."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def weekly_usage(session: Session, weeks: Sequence[ReportWeek]) -> list[UsageCounts]:
    """Sum in-force SMS observations of active stove-weeks by week and district, in one pass."""
    if not weeks:
        return []
    table = _weeks_table(weeks)
    o = UsageObservation
    statement = (
        select(
            col(o.week),
            col(Household.district),
            func.count(),
            func.count(col(o.days_used)),
            func.coalesce(func.sum(col(o.days_used)), 0),
            _count_if(col(o.days_used) > 0),
            func.count(col(o.open_fire_days)),
            _count_if(col(o.open_fire_days) > 0),
            func.count(col(o.source_message_id)),
        )
        .select_from(o)
        .join(table, table.c.label == col(o.week))
        .join(Stove, col(Stove.id) == col(o.stove_id))
        .join(Household, _STOVE_DISTRICT)
        .where(*_in_force_in(weeks), _active(table))
        .group_by(col(o.week), col(Household.district))
        .order_by(col(o.week), col(Household.district))
    )
    return [UsageCounts(*row) for row in session.connection().execute(statement)]


def stoves_reporting(session: Session, weeks: Sequence[ReportWeek]) -> dict[str, int]:
    """Count, by district, the stoves with an in-force observation in a week they were active."""
    if not weeks:
        return {}
    table = _weeks_table(weeks)
    o = UsageObservation
    reported = (
        select(literal(1))
        .select_from(o)
        .join(table, table.c.label == col(o.week))
        .where(col(o.stove_id) == col(Stove.id), *_in_force_in(weeks), _active(table))
        .exists()
    )
    statement = (
        select(col(Household.district), func.count())
        .select_from(Stove)
        .join(Household, _STOVE_DISTRICT)
        .where(col(Stove.installed_on) <= weeks[-1].sunday, reported)
        .group_by(col(Household.district))
        .order_by(col(Household.district))
    )
    return {district: n for district, n in session.connection().execute(statement)}


def visits_in_period(session: Session, *, period_start: date, period_end: date) -> list[VisitRow]:
    """The period's verification visits (a sample: thousands of rows at most), in stove order."""
    statement = (
        select(
            col(Visit.stove_id),
            col(Household.district),
            col(Visit.visited_on),
            col(Visit.id),
            col(Visit.in_use),
            col(Visit.condition),
            col(Visit.open_fire_in_use),
        )
        .select_from(Visit)
        .join(Stove, col(Stove.id) == col(Visit.stove_id))
        .join(Household, _STOVE_DISTRICT)
        .where(col(Visit.visited_on) >= period_start, col(Visit.visited_on) <= period_end)
        .order_by(col(Visit.stove_id), col(Visit.visited_on), col(Visit.id))
    )
    return [VisitRow(*row) for row in session.connection().execute(statement)]


def stoves_with_open_ticket(session: Session, *, at: datetime) -> frozenset[int]:
    """Stoves with a repair ticket open at this instant (opened before it, not closed by it)."""
    t = RepairTicket
    statement = (
        select(col(t.stove_id))
        .where(
            col(t.stove_id).is_not(None),
            col(t.opened_at) < at,
            or_(
                and_(col(t.closed_at).is_(None), col(t.status) != "closed"),
                col(t.closed_at) >= at,
            ),
        )
        .distinct()
    )
    return frozenset(row[0] for row in session.connection().execute(statement))
