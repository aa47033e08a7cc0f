"""The console's districts page: each district's rates, trend, stacking, tickets, silence."""

from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.console.weeks import WeekCount, below_target, weekly_by_district, weeks_closing
from core.db.snapshot import read_one_snapshot
from core.db.uow import UnitOfWork
from core.figures.store import Figures, Served, serve
from core.models import Household, RepairTicket
from core.monitoring.report import period_report
from core.monitoring.sample_status import status_in_session
from core.mrv.parameters import Parameters
from core.periods import Period, local_date
from core.prompts.audience import addressees, silent_before

TREND_WEEKS = 8
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


@dataclass(frozen=True)
class DistrictsFigures:
    """The page's rows before the clock: silence is counted from each household's last sign."""

    rows: tuple[DistrictRow, ...]  # `silent` left at 0
    last_signs: tuple[tuple[str, tuple[int, ...]], ...]  # district → microseconds, ascending

    def at(self, now: datetime, silent_after: timedelta) -> list[DistrictRow]:
        """The rows with their silent households as of `now`: last sign before silent_before."""
        threshold = _micros(silent_before(now, silent_after))
        silent = {d: bisect_left(signs, threshold) for d, signs in self.last_signs}
        return [replace(r, silent=silent.get(r.district, 0)) for r in self.rows]


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def last_signs(
    session: Session, today: date, scope: tuple[str, ...] | None
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each district's households in use with their last sign of life, in time order."""
    signs: dict[str, list[int]] = {}
    for a in addressees(session, today=today):
        if scope is None or a.district in scope:
            signs.setdefault(a.district, []).append(_micros(a.last_sign))
    return tuple((d, tuple(sorted(v))) for d, v in sorted(signs.items()))


def districts_in_session(
    session: Session, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, today: date, target: float,
) -> DistrictsFigures:
    """One row per district in scope, in name order; the trend ends with the period's week."""
    report = period_report(session, period=Period(*period), parameters=parameters, tz=tz,
                           today=today)
    figures = {d.district: d for d in report.by_district}
    status = status_in_session(session)
    progress = {p.district: p for p in (status.districts if status else [])}
    weeks = weeks_closing(period[1], today, TREND_WEEKS)
    counts = weekly_by_district(session, weeks, scope)
    tickets = open_tickets_by_district(session, scope)
    rows = []
    for name in scoped_districts(session, scope):
        trend = [counts.get((name, w), WeekCount()) for w in weeks]
        overall = sum(trend, WeekCount())
        rate = trend[-1].response_rate
        rows.append(DistrictRow(
            district=name, stoves=trend[-1].active, response_rate=rate,
            trend=tuple(c.response_rate for c in trend), share_using=overall.share_using,
            stacking_share=figures[name].stacking_share if name in figures else None,
            open_tickets=tickets.get(name, 0), silent=0,
            sample_main=progress[name].main if name in progress else 0,
            sample_visited=progress[name].visited if name in progress else 0,
            below_target=below_target(rate, target)))
    return DistrictsFigures(tuple(rows), last_signs(session, today, scope))


def district_rows(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, now: datetime, silent_after: timedelta, target: float,
) -> list[DistrictRow]:
    """One row per district in scope, in name order, computed now in one snapshot."""
    with uow.reading():
        read_one_snapshot(uow.session)
        figures = districts_in_session(uow.session, scope=scope, period=period,
                                       parameters=parameters, tz=tz,
                                       today=local_date(now, tz), target=target)
    return figures.at(now, silent_after)


def districts_figures(
    *, scope: tuple[str, ...] | None, period: tuple[date, date], parameters: Parameters,
    tz: str, today: date, target: float,
) -> Figures[DistrictsFigures]:
    """The districts page as stored figures (silence is counted at view, from `last_signs`)."""
    parts = (tuple(sorted(scope)) if scope is not None else None, tuple(period), today, tz,
             repr(parameters), target)
    return Figures("console districts", parts, DistrictsFigures,
                   lambda session: districts_in_session(
                       session, scope=scope, period=period, parameters=parameters, tz=tz,
                       today=today, target=target))


def served_district_rows(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, now: datetime, silent_after: timedelta, target: float,
    lag: timedelta = timedelta(0), force: bool = False,
) -> Served[list[DistrictRow]]:
    """`district_rows` from the stored figures while current or younger than `lag`."""
    figures = districts_figures(scope=scope, period=period, parameters=parameters, tz=tz,
                                today=local_date(now, tz), target=target)
    served = serve(uow, figures, now=now, lag=lag, force=force)
    return Served(served.value.at(now, silent_after), served.computed_at, served.fresh,
                  served.stale)
