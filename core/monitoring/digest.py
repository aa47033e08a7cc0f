"""The coordinator's weekly digest: their districts' week, from the report's own queries.

Every figure that the monitoring report also shows is taken from `compute_report` (run once
per digest run for the week, the week before, the last 12 weeks and the year to date), so
the digest and the report can never disagree; only what the report does not hold (tickets,
silent households, new installations) is read here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.messaging.review_backlog import Backlog, review_backlog
from core.models import Household, Phone, RepairTicket, StaffDistrict, StaffMember, Stove
from core.monitoring.report import compute_report
from core.monitoring.sample_status import SampleStatus, sample_status
from core.mrv.parameters import Parameters
from core.periods import local_date, week_start
from core.phones import mask_phone
from core.prompts.audience import Addressee, silent_addressees
from core.reporting.model import MonitoringReport, WeekFigures

CHART_WEEKS = 12
SILENT_LISTED = 10


@dataclass(frozen=True)
class Coordinator:
    """A coordinator, where to reach them, and their districts."""

    id: int
    name: str
    telegram_chat_id: int | None
    email: str | None
    districts: tuple[str, ...]


@dataclass(frozen=True)
class DistrictWeek:
    """One district in the digest."""

    district: str
    stoves: int
    reports: int
    reports_prev: int
    installations: int
    visited: int
    sample_main: int
    stacking_share: float | None
    er_to_date: float
    review_open: int = 0  # household messages still waiting for a person to read them
    review_oldest_days: int = 0


@dataclass(frozen=True)
class OpenTicket:
    """A repair ticket still open, with its age in days."""

    id: int
    stove_code: str
    district: str
    age_days: int


@dataclass(frozen=True)
class SilentHousehold:
    """A household not heard from for weeks, with a masked phone for the technician."""

    household_id: int
    name: str
    district: str
    phone: str
    weeks_silent: int


@dataclass(frozen=True)
class Digest:
    """Everything one coordinator's digest says about one week."""

    coordinator: Coordinator
    week: str
    districts: tuple[DistrictWeek, ...]
    programme_week: WeekFigures | None  # share reporting use and mean days (programme-wide)
    chart: tuple[WeekFigures, ...]  # the last 12 weeks, programme-wide
    tickets: tuple[OpenTicket, ...]
    silent_count: int
    silent: tuple[SilentHousehold, ...]
    er_to_date: float  # provisional: the year so far, before verification
    er_period: tuple[date, date]

    def rate(self, *, previous: bool = False) -> float | None:
        """Response rate of the coordinator's districts (reports over stoves in place)."""
        stoves = sum(d.stoves for d in self.districts)
        reports = sum(d.reports_prev if previous else d.reports for d in self.districts)
        return reports / stoves if stoves else None


@dataclass(frozen=True)
class DigestBasis:
    """The reports a digest run shares between coordinators."""

    week: str
    this_week: MonitoringReport
    last_week: MonitoringReport
    twelve_weeks: MonitoringReport
    year: MonitoringReport
    sample: SampleStatus | None


def digest_basis(
    uow: UnitOfWork, *, week: str, parameters: Parameters, tz: str, now: datetime
) -> DigestBasis:
    """Compute the report for the week, the week before, 12 weeks and the year to date."""
    monday = week_start(week)
    sunday = monday + timedelta(days=6)

    def report(start: date) -> MonitoringReport:
        return compute_report(
            uow, period_start=start, period_end=sunday, parameters=parameters, tz=tz, now=now
        )

    last = compute_report(
        uow,
        period_start=monday - timedelta(days=7),
        period_end=monday - timedelta(days=1),
        parameters=parameters,
        tz=tz,
        now=now,
    )
    return DigestBasis(
        week=week,
        this_week=report(monday),
        last_week=last,
        twelve_weeks=report(monday - timedelta(weeks=CHART_WEEKS - 1)),
        year=report(date(sunday.year, 1, 1)),
        sample=sample_status(uow),
    )


def coordinators(uow: UnitOfWork, *, only: int | None = None) -> list[Coordinator]:
    """Coordinators in office with their districts (one, when `only` names them)."""
    with uow:
        statement = select(StaffMember).where(
            StaffMember.role == "coordinator", col(StaffMember.revoked_at).is_(None)
        )
        if only is not None:
            statement = statement.where(StaffMember.id == only)
        members = list(uow.session.exec(statement.order_by(col(StaffMember.id))))
        districts: dict[int, list[str]] = {}
        for staff_id, district in uow.session.exec(
            select(StaffDistrict.staff_id, StaffDistrict.district).order_by(
                col(StaffDistrict.district)
            )
        ):
            districts.setdefault(staff_id, []).append(district)
    return [
        Coordinator(m.id, m.name, m.telegram_chat_id, m.email, tuple(districts.get(m.id, ())))
        for m in members
        if m.id is not None
    ]


def coordinator_digest(
    uow: UnitOfWork,
    basis: DigestBasis,
    coordinator: Coordinator,
    *,
    tz: str,
    now: datetime,
    silent_after: timedelta,
) -> Digest:
    """One coordinator's digest: their districts' figures, tickets and silent households.

    One reading transaction gathers the whole digest, so its figures agree.
    """
    mine = set(coordinator.districts)
    monday = week_start(basis.week)
    with uow:
        session = uow.session
        installs = _installs_in_week(session, mine, monday)
        tickets = session.exec(
            select(RepairTicket.id, Stove.code, Household.district, RepairTicket.opened_at)
            .join(Household, col(Household.id) == col(RepairTicket.household_id))
            .join(Stove, col(Stove.id) == col(RepairTicket.stove_id), isouter=True)
            .where(RepairTicket.status == "open", col(Household.district).in_(mine))
            .order_by(col(RepairTicket.opened_at), col(RepairTicket.id))
        ).all()
        silent = silent_addressees(session, now=now, today=local_date(now, tz),
                                   silent_after=silent_after, districts=tuple(mine))
        backlog = {b.district: b for b in review_backlog(session, districts=tuple(mine),
                                                         now=now)}
        listed = _silent_listed(session, silent[:SILENT_LISTED], now=now)
    districts = _district_weeks(basis, mine, installs, backlog)
    week_figures = [w for w in basis.this_week.weekly if w.week == basis.week]
    return Digest(
        coordinator=coordinator,
        week=basis.week,
        districts=districts,
        programme_week=week_figures[0] if week_figures else None,
        chart=basis.twelve_weeks.weekly[-CHART_WEEKS:],
        tickets=tuple(
            OpenTicket(int(i or 0), code or "-", district, (now - opened).days)
            for i, code, district, opened in tickets
        ),
        silent_count=len(silent),
        silent=listed,
        er_to_date=sum(d.er_to_date for d in districts),
        er_period=(basis.year.period_start, basis.year.period_end),
    )


def _installs_in_week(session: Session, mine: set[str], monday: date) -> dict[str, int]:
    """Stoves installed in the week, by district."""
    rows = session.exec(
        select(Household.district, func.count())
        .join(Stove, col(Stove.household_id) == col(Household.id))
        .where(
            col(Household.district).in_(mine),
            col(Stove.installed_on) >= monday,
            col(Stove.installed_on) <= monday + timedelta(days=6),
        )
        .group_by(col(Household.district))
    ).all()
    return {district: int(count) for district, count in rows}


def _silent_listed(
    session: Session, longest: Sequence[Addressee], *, now: datetime
) -> tuple[SilentHousehold, ...]:
    """The households silent longest, with their names and masked phones."""
    ids = [a.household_id for a in longest]
    names = dict(
        session.exec(select(Household.id, Household.name).where(col(Household.id).in_(ids))).all()
    )
    phones = dict(
        session.exec(
            select(Phone.household_id, Phone.number).where(col(Phone.household_id).in_(ids))
        ).all()
    )
    return tuple(
        SilentHousehold(
            a.household_id,
            names.get(a.household_id, ""),
            a.district,
            mask_phone(phones.get(a.household_id)),
            (now - a.last_sign).days // 7,
        )
        for a in longest
    )


def _district_weeks(
    basis: DigestBasis, mine: set[str], installs: dict[str, int], backlog: dict[str, Backlog]
) -> tuple[DistrictWeek, ...]:
    """Each of the coordinator's districts: this week against the last, the year, the sample."""
    this, prev, year = (
        {d.district: d for d in r.by_district}
        for r in (basis.this_week, basis.last_week, basis.year)
    )
    progress = {p.district: p for p in basis.sample.districts} if basis.sample else {}
    return tuple(
        DistrictWeek(
            district=d,
            stoves=this[d].stoves_installed if d in this else 0,
            reports=this[d].households_reporting if d in this else 0,
            reports_prev=prev[d].households_reporting if d in prev else 0,
            installations=installs.get(d, 0),
            visited=progress[d].visited if d in progress else 0,
            sample_main=progress[d].main if d in progress else 0,
            stacking_share=year[d].stacking_share if d in year else None,
            er_to_date=year[d].er_tco2e if d in year else 0.0,
            review_open=backlog[d].open if d in backlog else 0,
            review_oldest_days=backlog[d].oldest_days if d in backlog else 0,
        )
        for d in sorted(mine)
    )
