"""The console's districts page: each district's rates, trend, stacking, tickets, silence."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.console.weeks import WeekCount, below_target, weekly_by_district, weeks_closing
from core.db.uow import UnitOfWork
from core.models import Household, RepairTicket
from core.monitoring.report import compute_report
from core.monitoring.sample_status import sample_status
from core.mrv.parameters import Parameters
from core.periods import local_date
from core.prompts.audience import silent_addressees

TREND_WEEKS = 8


@dataclass(frozen=True)
class DistrictRow:
    """One line of the districts page."""

    district: str
    stoves: int
    response_rate: float | None  # this week
    trend: tuple[float | None, ...]  # the last TREND_WEEKS weeks' response rates, oldest first
    share_using: float | None  # over the trend's weeks
    stacking_share: float | None  # from the period's visits, as the report has it
    open_tickets: int
    silent: int  # the one definition of a silent household
    sample_main: int
    sample_visited: int
    below_target: bool


def scoped_districts(session: Session, scope: tuple[str, ...] | None) -> list[str]:
    """Every district with a household, within the member's scope (None: all)."""
    statement = select(Household.district).distinct()
    if scope is not None:
        statement = statement.where(col(Household.district).in_(scope))
    return sorted(d for d in session.exec(statement) if d)


def open_tickets_by_district(session: Session, scope: tuple[str, ...] | None) -> dict[str, int]:
    """Open repair tickets per district."""
    statement = (select(Household.district, func.count())
                 .join(RepairTicket, col(RepairTicket.household_id) == col(Household.id))
                 .where(RepairTicket.status == "open"))
    if scope is not None:
        statement = statement.where(col(Household.district).in_(scope))
    return {d: int(n) for d, n in session.exec(statement.group_by(col(Household.district)))}


def district_rows(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, now: datetime, silent_after: timedelta, target: float,
) -> list[DistrictRow]:
    """One row per district in scope, in name order; the trend ends with the period's week."""
    report = compute_report(uow, period_start=period[0], period_end=period[1],
                            parameters=parameters, tz=tz, now=now)
    figures = {d.district: d for d in report.by_district}
    status = sample_status(uow)
    progress = {p.district: p for p in (status.districts if status else [])}
    today = local_date(now, tz)
    weeks = weeks_closing(period[1], today, TREND_WEEKS)
    with uow.reading():
        session = uow.session
        names = scoped_districts(session, scope)
        counts = weekly_by_district(session, weeks, scope)
        tickets = open_tickets_by_district(session, scope)
        silent: dict[str, int] = {}
        for a in silent_addressees(session, now=now, today=today, silent_after=silent_after,
                                   districts=scope):
            silent[a.district] = silent.get(a.district, 0) + 1
    rows = []
    for name in names:
        trend = [counts.get((name, w), WeekCount()) for w in weeks]
        overall = sum(trend, WeekCount())
        rate = trend[-1].response_rate
        rows.append(DistrictRow(
            district=name, stoves=trend[-1].active, response_rate=rate,
            trend=tuple(c.response_rate for c in trend), share_using=overall.share_using,
            stacking_share=figures[name].stacking_share if name in figures else None,
            open_tickets=tickets.get(name, 0), silent=silent.get(name, 0),
            sample_main=progress[name].main if name in progress else 0,
            sample_visited=progress[name].visited if name in progress else 0,
            below_target=below_target(rate, target)))
    return rows
