"""The console's overview: the report's headline, why not more tonnes, and this week's goals."""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from core.console.weeks import WeekCount, total, weekly_by_district, weeks_closing
from core.db.snapshot import read_one_snapshot
from core.db.uow import UnitOfWork
from core.figures.store import Figures, Served, serve
from core.monitoring.report import period_report
from core.monitoring.sample_status import status_in_session
from core.mrv.parameters import Parameters
from core.periods import Period, local_date
from core.reporting.model import DistrictFigures, MonitoringReport
from core.settings import Settings


@dataclass(frozen=True)
class Targets:
    """The goals a week is measured against (CONSOLE_RESPONSE_TARGET, CONSOLE_USE_TARGET)."""

    response: float
    use: float


def console_targets(settings: Settings) -> Targets:
    """The goals as the settings declare them (the pages and the refresh job key by them)."""
    return Targets(settings.console_response_target, settings.console_use_target)


@dataclass(frozen=True)
class WhyNotMore:
    """What the period forgoes while U is the lower bound, and what would recover it."""

    er_at_p: float | None  # the ER were U the sample's own p
    issuable_at_p: int | None
    tonnes_forgone: int  # issuable at U = p minus issuable now
    stoves_needed: int  # more verified stoves the 90/10 rule needs
    open_districts: tuple[tuple[str, int], ...]  # (district, visits still needed)


@dataclass(frozen=True)
class WeekGoal:
    """One figure of this week beside last week's and its goal; `below` paints it red."""

    label: str
    this_week: float | None
    last_week: float | None
    goal: float
    percent: bool

    @property
    def below(self) -> bool:
        """Whether this week's figure is under its goal (no figure counts as under)."""
        return self.this_week is None or self.this_week < self.goal


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows for a period."""

    report: MonitoringReport
    mine: tuple[DistrictFigures, ...]  # a district coordinator's districts beside the total
    why: WhyNotMore
    weeks: tuple[str, str]
    goals: tuple[WeekGoal, ...]


def why_not_more(
    report: MonitoringReport, open_districts: tuple[tuple[str, int], ...]
) -> WhyNotMore:
    """The tonnes U = p would add (ER is proportional to U), and the stoves that would earn them."""
    v = report.verification
    used = v.p if v.passes_90_10 else v.lower_bound
    er_at_p = None
    if v.p is not None and used:
        er_at_p = report.er_tco2e * v.p / used
    issuable_at_p = (math.floor(er_at_p + report.correction_tco2e + 1e-9)
                     if er_at_p is not None else None)
    forgone = max(0, (issuable_at_p or 0) - report.er_issuable_tco2e)
    needed = max(0, (v.n_needed_90_10 or 0) - v.n) if not v.passes_90_10 else 0
    return WhyNotMore(er_at_p, issuable_at_p, forgone, needed, open_districts)


def _goals(this: WeekCount, last: WeekCount, targets: Targets) -> tuple[WeekGoal, ...]:
    """Reports, response rate and share reporting use, each against its goal."""
    return (
        WeekGoal("Reportes", this.reporting, last.reporting,
                 math.ceil(targets.response * this.active), percent=False),
        WeekGoal("Tasa de respuesta", this.response_rate, last.response_rate, targets.response,
                 percent=True),
        WeekGoal("Reportan uso", this.share_using, last.share_using, targets.use, percent=True),
    )


def overview_in_session(
    session: Session, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, today: date, targets: Targets,
) -> Overview:
    """The overview's figures, all read in the caller's one snapshot."""
    report = period_report(session, period=Period(*period), parameters=parameters, tz=tz,
                           today=today)
    status = status_in_session(session)
    open_districts = tuple(
        (p.district, p.remaining) for p in (status.districts if status else [])
        if p.remaining > 0 and (scope is None or p.district in scope))
    last, this = weeks_closing(period[1], today, 2)
    counts = weekly_by_district(session, [last, this], scope)
    mine = tuple(d for d in report.by_district if scope is not None and d.district in scope)
    return Overview(report, mine, why_not_more(report, open_districts), (this, last),
                    _goals(total(counts, this), total(counts, last), targets))


def overview(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, now: datetime, targets: Targets,
) -> Overview:
    """The programme's report for the period, its districts in scope, and its last two weeks."""
    with uow.reading():
        read_one_snapshot(uow.session)
        return overview_in_session(uow.session, scope=scope, period=period,
                                   parameters=parameters, tz=tz, today=local_date(now, tz),
                                   targets=targets)


def overview_figures(
    *, scope: tuple[str, ...] | None, period: tuple[date, date], parameters: Parameters,
    tz: str, today: date, targets: Targets,
) -> Figures[Overview]:
    """The overview as stored figures: everything besides the data is in the key (the clock
    only through today), for the page and the refresh job alike."""
    parts = (tuple(sorted(scope)) if scope is not None else None, tuple(period), today, tz,
             repr(parameters), targets)
    return Figures("console overview", parts, Overview, lambda session: overview_in_session(
        session, scope=scope, period=period, parameters=parameters, tz=tz, today=today,
        targets=targets))


def served_overview(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, period: tuple[date, date],
    parameters: Parameters, tz: str, now: datetime, targets: Targets,
    lag: timedelta = timedelta(0), force: bool = False,
) -> Served[Overview]:
    """`overview` from the stored figures while current or younger than `lag` (see `serve`)."""
    figures = overview_figures(scope=scope, period=period, parameters=parameters, tz=tz,
                               today=local_date(now, tz), targets=targets)
    return serve(uow, figures, now=now, lag=lag, force=force)
