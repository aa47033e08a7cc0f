"""The report's SQL: every sum over observations runs in the database, grouped there.

Portable SQL only (SQLite and PostgreSQL). The costly part is the ~50 observations per
stove and year, so they are read once, by week, with no join: attributing every row to
its stove (for its district or dates) costs several times that read on both backends.
The stoves that reported are found by probing the (stove_id, week) index of the
observations in force, once per stove, in the same pass that groups the stoves.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Date, and_, case, func, literal, not_, null, or_, select
from sqlalchemy.sql.expression import ColumnElement
from sqlmodel import Session, col

from core.models import Household, RepairTicket, Stove, UsageObservation, Visit, stove_active_during
from core.mrv.methods.households import HouseholdStove
from core.periods import Period
from core.reporting.inputs import StoveGroup, UsageCounts
from core.reporting.verification import VisitRow
from core.reporting.weeks import ReportWeek, earliest_install_in_life

_STOVE_DISTRICT = col(Stove.household_id) == col(Household.id)


def _in_force_in(
    weeks: Sequence[ReportWeek], as_of: datetime | None = None
) -> list[ColumnElement[bool]]:
    """In-force observations of the weeks' label range (ISO labels sort as text).

    With `as_of` (an issued period's issuance instant): those received before it and not
    yet superseded at it, so later or corrected SMS never change an issued report.
    """
    o = UsageObservation
    weeks_range = [col(o.week) >= weeks[0].label, col(o.week) <= weeks[-1].label]
    if as_of is None:
        return [col(o.superseded_at).is_(None), *weeks_range]
    current = or_(col(o.superseded_at).is_(None), col(o.superseded_at) >= as_of)
    return [col(o.reported_at) < as_of, current, *weeks_range]


def stove_groups(
    session: Session,
    *,
    period: Period,
    weeks: Sequence[ReportWeek],
    life_years: int,
    as_of: datetime | None = None,
    by_model: bool = False,
) -> list[StoveGroup]:
    """Count every stove, and those with an SMS observation in force in the period's weeks,
    grouped by district, baseline and the dates their stove-days and weeks in place depend on.

    Dates that change neither are folded into one value in SQL (`_folded_dates`), so that
    groups stay few. Whether a stove reported is one probe of the (stove_id, week) index of
    the observations in force. `by_model` splits groups by stove model too (only when the
    parameters give an efficiency per model: it costs a wider sort).
    """
    installed, retired = _folded_dates(period, weeks, life_years)
    reporting: ColumnElement[int] = literal(0)
    if weeks:
        o = UsageObservation
        reported = (
            select(literal(1)).where(col(o.stove_id) == col(Stove.id), *_in_force_in(weeks, as_of))
        ).exists()
        reporting = case((reported, 1), else_=0)
    stoves = (
        select(
            col(Household.district).label("district"),
            col(Stove.baseline_stove).label("baseline"),
            installed.label("installed"),
            retired.label("retired"),
            reporting.label("reporting"),
            *([col(Stove.stove_model).label("model")] if by_model else []),
        )
        .select_from(Stove)
        .join(Household, _STOVE_DISTRICT)
        .subquery()
    )
    keys = [stoves.c.district, stoves.c.baseline, stoves.c.installed, stoves.c.retired]
    if by_model:
        keys.append(stoves.c.model)
    statement = select(*keys, func.count(), func.sum(stoves.c.reporting)).group_by(*keys)
    groups = [
        StoveGroup(*row[:4], int(row[-2]), int(row[-1] or 0), model=row[4] if by_model else "")
        for row in session.connection().execute(statement).all()
    ]
    # Sorted here rather than by the database, which then may hash instead of sort.
    return sorted(
        groups,
        key=lambda g: (
            g.district,
            g.baseline_stove,
            g.installed_on,
            g.decommissioned_on or date.max,
            g.model,
        ),
    )


def _folded_dates(
    period: Period, weeks: Sequence[ReportWeek], life_years: int
) -> tuple[ColumnElement[date], ColumnElement[date]]:
    """A stove's installation and decommission dates, folded where stove-days do not differ.

    Folded, so that groups stay few (mostly stoves installed or retired during the period):
    installed before the period and its first week and in life through the period;
    decommissioned after the period and its last week. Stoves not active during the period
    (core.models' one rule: installed after it, or decommissioned on or before its first
    day) are all folded to the day after the period as installation day, which keeps them
    out of the stoves installed.
    """
    period_start, period_end = period
    last_day = max(period_end, weeks[-1].monday) if weeks else period_end
    settled_by = min(period_start, weeks[0].sunday) if weeks else period_start
    in_life_from = earliest_install_in_life(period_end, life_years)
    outside = not_(stove_active_during(period_start, period_end))
    # Folded dates stay in their installation year (the cohort of the methodology options):
    # one fold per year, the last day of the year in the fold range.
    folds = [
        (
            and_(
                col(Stove.installed_on) >= max(in_life_from, date(year, 1, 1)),
                col(Stove.installed_on) <= min(settled_by, date(year, 12, 31)),
            ),
            literal(min(settled_by, date(year, 12, 31)), Date),
        )
        for year in range(in_life_from.year, settled_by.year + 1)
    ]
    installed = case(
        (outside, literal(period_end + timedelta(days=1), Date)),
        *folds,
        else_=col(Stove.installed_on),
    )
    retired = case(
        (or_(outside, col(Stove.decommissioned_on) > last_day), null()),
        else_=col(Stove.decommissioned_on),
    )
    return installed, retired


def stoves_of_shared_households(
    session: Session, *, period: Period, life_years: int, by_model: bool
) -> list[HouseholdStove]:
    """The stoves of households with more than one stove creditable in the period.

    Few rows: one grouping of the stove table finds the households, then their stoves are
    read by household; the weighting itself is pure (core/mrv/methods/households.py).
    """
    period_start, period_end = period
    creditable = [
        stove_active_during(period_start, period_end),
        col(Stove.installed_on) >= earliest_install_in_life(period_start, life_years),
    ]
    shared = (
        select(col(Stove.household_id).label("id"))
        .where(*creditable)
        .group_by(col(Stove.household_id))
        .having(func.count() > 1)
        .subquery()
    )
    # From the few households found to their stoves and district, through the indexes.
    statement = (
        select(
            col(Stove.household_id),
            col(Household.district),
            col(Stove.baseline_stove),
            col(Stove.installed_on),
            col(Stove.decommissioned_on),
            col(Stove.stove_model),
            col(Stove.id),
        )
        .select_from(shared)
        .join(Stove, col(Stove.household_id) == shared.c.id)
        .join(Household, col(Household.id) == shared.c.id)
        .where(*creditable)
        .order_by(col(Stove.household_id), col(Stove.id))
    )
    return [
        HouseholdStove(
            household, district, baseline, first, gone, model if by_model else "", stove_id or 0
        )
        for household, district, baseline, first, gone, model, stove_id in (
            session.connection().execute(statement).all()
        )
    ]


def weekly_usage(
    session: Session, weeks: Sequence[ReportWeek], as_of: datetime | None = None
) -> list[UsageCounts]:
    """Sum the in-force SMS observations of each week of the period (weeks without any: zeros)."""
    if not weeks:
        return []
    o = UsageObservation
    statement = (
        select(
            col(o.week),
            func.count(),
            func.count(col(o.days_used)),
            func.coalesce(func.sum(col(o.days_used)), 0),
            func.count(case((col(o.days_used) > 0, 1))),
            func.count(col(o.open_fire_days)),
            func.count(case((col(o.open_fire_days) > 0, 1))),
            func.count(col(o.source_message_id)),
            func.count(case((col(o.source) == "review", 1))),
        )
        .where(*_in_force_in(weeks, as_of))
        .group_by(col(o.week))
        .order_by(col(o.week))
    )
    found = {
        week: UsageCounts(week, *(int(n or 0) for n in sums))
        for week, *sums in session.connection().execute(statement).all()
    }
    return [found.get(w.label, UsageCounts(w.label)) for w in weeks]


def visits_in_period(session: Session, *, period: Period) -> list[VisitRow]:
    """The period's verification visits (a sample: thousands of rows at most), in stove order."""
    period_start, period_end = period
    statement = (
        select(
            col(Visit.stove_id),
            col(Household.district),
            col(Visit.visited_on),
            col(Visit.id),
            col(Visit.in_use),
            col(Visit.condition),
            col(Visit.open_fire_in_use),
            col(Visit.found),
        )
        .select_from(Visit)
        .join(Stove, col(Stove.id) == col(Visit.stove_id))
        .join(Household, _STOVE_DISTRICT)
        .where(col(Visit.visited_on) >= period_start, col(Visit.visited_on) <= period_end)
        .order_by(col(Visit.stove_id), col(Visit.visited_on), col(Visit.id))
    )
    return [
        VisitRow(
            stove_id=stove_id,
            district=district,
            visited_on=visited_on,
            visit_id=cast(int, visit_id),
            in_use=in_use,
            condition=condition,
            open_fire_in_use=open_fire,
            found=found,
        )
        for stove_id, district, visited_on, visit_id, in_use, condition, open_fire, found in (
            session.connection().execute(statement).all()
        )
    ]


def far_visits_in_period(session: Session, *, period: Period) -> int:
    """Visits of the period flagged as recorded far from the stove's registered location."""
    period_start, period_end = period
    statement = select(func.count()).where(
        col(Visit.visited_on) >= period_start,
        col(Visit.visited_on) <= period_end,
        col(Visit.far_from_stove),
    )
    return int(session.connection().execute(statement).scalar_one())


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
    return frozenset(cast(int, row[0]) for row in session.connection().execute(statement).all())


def observations_in_force(
    session: Session, weeks: Sequence[ReportWeek], as_of: datetime | None = None
) -> list[UsageObservation]:
    """The SMS observations a report of these weeks counts, for the buyer's data package."""
    if not weeks:
        return []
    o = UsageObservation
    statement = select(o).where(*_in_force_in(weeks, as_of)).order_by(col(o.stove_id), col(o.week))
    return list(session.scalars(statement))
