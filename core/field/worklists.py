"""What a member's districts need now: the sample still to visit, silent households, a summary.

Shared by the bot's /muestra, /silenciosos and /resumen; every list is limited to the
member's districts (admins: all).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.field.staff_visits import distance_m
from core.models import (
    Household,
    Phone,
    RepairTicket,
    SampleDraw,
    SampleMember,
    Stove,
    UsageObservation,
    Visit,
    stove_active_on,
)
from core.periods import local_date, report_week
from core.phones import mask_phone
from core.prompts.audience import silent_addressees
from core.staffbot.members import Staff


@dataclass(frozen=True)
class ToVisit:
    """A sampled stove not yet visited in the period."""

    code: str
    district: str
    community: str
    household: str
    is_reserve: bool
    distance_m: float | None


@dataclass(frozen=True)
class Silent:
    """A silent household (core.prompts.audience.is_silent), with its stove codes."""

    code: str
    district: str
    community: str
    household: str
    phone: str  # masked
    last_heard: str | None  # the day of its last message or observation (None: never)


@dataclass(frozen=True)
class Summary:
    """This week in the member's districts."""

    week: str
    reports: int
    stoves: int
    stoves_reporting: int
    reporting_use: int
    open_tickets: int
    sample_main: int
    sample_visited: int


def _in_scope(statement, staff: Staff):  # type: ignore[no-untyped-def]
    scope = staff.scope()
    return statement if scope is None else statement.where(col(Household.district).in_(scope))


def _draw(session: Session, today: date) -> SampleDraw | None:
    """The draw in force for the period containing today, else the latest one drawn."""
    current = select(SampleDraw).where(col(SampleDraw.replaced_at).is_(None))
    return session.exec(
        current.where(SampleDraw.period_start <= today, SampleDraw.period_end >= today)
    ).first() or session.exec(current.order_by(col(SampleDraw.drawn_at).desc())).first()


def sample_to_visit(
    uow: UnitOfWork, staff: Staff, *, now: datetime, tz: str,
    near: tuple[float, float] | None = None,
) -> list[ToVisit]:
    """Main stoves not yet visited, plus as many reserves as main stoves were not found."""
    with uow:
        session = uow.session
        draw = _draw(session, local_date(now, tz))
        if draw is None:
            return []
        members = session.exec(_in_scope(
            select(SampleMember, Stove, Household)
            .join(Stove, col(SampleMember.stove_id) == col(Stove.id))
            .join(Household, col(Stove.household_id) == col(Household.id))
            .where(SampleMember.draw_id == draw.id), staff)
            .order_by(col(SampleMember.district), col(SampleMember.rank))).all()
        visits = session.exec(
            select(Visit).where(col(Visit.stove_id).in_([m.stove_id for m, _, _ in members]),
                                col(Visit.visited_on) >= draw.period_start,
                                col(Visit.visited_on) <= draw.period_end)
            .order_by(col(Visit.visited_on), col(Visit.id))).all()
    latest = {visit.stove_id: visit for visit in visits}
    not_found: dict[str, int] = {}
    for member, _, _ in members:
        visit = latest.get(member.stove_id)
        if not member.is_reserve and visit is not None and not visit.found:
            not_found[member.district] = not_found.get(member.district, 0) + 1
    result = []
    for member, stove, household in members:
        if member.stove_id in latest:
            continue
        if member.is_reserve:
            if not_found.get(member.district, 0) <= 0:
                continue
            not_found[member.district] -= 1  # reserves replace not-found stoves, in rank order
        away = None
        if near and household.latitude is not None and household.longitude is not None:
            away = distance_m(near[0], near[1], household.latitude, household.longitude)
        result.append(ToVisit(stove.code, member.district, household.community, household.name,
                              member.is_reserve, away))
    if near is not None:
        result.sort(key=lambda s: (s.distance_m is None, s.distance_m or 0.0))
    return result


def silent_households(
    uow: UnitOfWork, districts: tuple[str, ...] | None, *, weeks: int, now: datetime, tz: str
) -> list[Silent]:
    """Silent households of these districts (None: all), longest first.

    The one definition of core.prompts.audience, so the bot's /silenciosos, the digest, the
    weekly prompt and `qoncha households silent` give the same number for the same weeks.
    """
    with uow:
        session = uow.session
        silent = silent_addressees(session, now=now, today=local_date(now, tz),
                                   silent_after=timedelta(weeks=weeks), districts=districts)
        ids = [a.household_id for a in silent]
        households = {h.id: h for h in session.exec(
            select(Household).where(col(Household.id).in_(ids))).all()}
        codes: dict[int, list[str]] = {}
        for household_id, code in session.exec(
            select(Stove.household_id, Stove.code).where(col(Stove.household_id).in_(ids))
            .order_by(col(Stove.code))
        ).all():
            codes.setdefault(household_id, []).append(code)
        phones = dict(session.exec(
            select(Phone.household_id, Phone.number).where(col(Phone.household_id).in_(ids))
            .order_by(col(Phone.id).desc())).all())  # the first phone wins the dict
    return [
        Silent(", ".join(codes.get(a.household_id, [])), a.district,
               households[a.household_id].community, households[a.household_id].name,
               mask_phone(phones.get(a.household_id)),
               None if a.last_heard is None else local_date(a.last_heard, tz).isoformat())
        for a in silent
    ]


def district_summary(uow: UnitOfWork, staff: Staff, *, now: datetime, tz: str) -> Summary:
    """Reports this week, response rate, share reporting use, open tickets, sample progress."""
    week = report_week(now, tz)
    with uow:
        session = uow.session
        stove_ids = list(session.exec(_in_scope(
            select(Stove.id).join(Household, col(Stove.household_id) == col(Household.id))
            .where(stove_active_on(local_date(now, tz))), staff)).all())
        reports = session.exec(select(UsageObservation).where(
            UsageObservation.week == week, col(UsageObservation.superseded_at).is_(None),
            col(UsageObservation.stove_id).in_(stove_ids))).all()
        tickets = session.exec(_in_scope(
            select(func.count()).select_from(RepairTicket)
            .join(Household, col(Household.id) == col(RepairTicket.household_id))
            .where(RepairTicket.status == "open"), staff)).one()
    sample = sample_to_visit(uow, staff, now=now, tz=tz)
    with uow:
        draw = _draw(uow.session, local_date(now, tz))
        main = 0 if draw is None else len(uow.session.exec(_in_scope(
            select(SampleMember.id)
            .join(Stove, col(SampleMember.stove_id) == col(Stove.id))
            .join(Household, col(Stove.household_id) == col(Household.id))
            .where(SampleMember.draw_id == draw.id, col(SampleMember.is_reserve).is_(False)),
            staff)).all())
    pending_main = sum(1 for s in sample if not s.is_reserve)
    return Summary(
        week=week, reports=len(reports), stoves=len(stove_ids),
        stoves_reporting=len({r.stove_id for r in reports}),
        reporting_use=sum(1 for r in reports if (r.days_used or 0) > 0),
        open_tickets=int(tickets), sample_main=main, sample_visited=main - pending_main,
    )
