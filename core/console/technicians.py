"""The console's technicians: sample visits drawn, done and not found, tickets taken, activity.

A visit recorded in the bot carries the staff member who recorded it; an imported visit only
a free-text surveyor name, matched here to a staff member's name when exactly one has it
(case and spaces ignored). What matches nobody is shown as unmatched, never guessed.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import RepairTicket, SampleDraw, SampleMember, StaffMember, Visit
from core.staffbot.members import list_staff


@dataclass(frozen=True)
class TechnicianRow:
    """One technician's fieldwork on the sample in force and their open tickets."""

    staff_id: int
    name: str
    districts: tuple[str, ...]
    drawn: int  # main sample stoves in their districts
    done: int
    not_found: int
    tickets_taken: int
    last_activity: datetime | date | None


@dataclass(frozen=True)
class Fieldwork:
    """Every technician in scope, and the sample visits matched to nobody."""

    period: tuple[date, date] | None
    rows: tuple[TechnicianRow, ...]
    unmatched: tuple[tuple[str, int], ...]  # (surveyor as written, visits)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def fieldwork(uow: UnitOfWork, *, scope: tuple[str, ...] | None) -> Fieldwork:
    """The technicians acting in the member's districts and their sample visits."""
    members = [m for m in list_staff(uow) if m.role == "technician" and not m.revoked
               and (scope is None or set(m.districts) & set(scope))]
    by_name: dict[str, list[int]] = {}
    for m in list_staff(uow):
        by_name.setdefault(_key(m.name), []).append(m.id)
    with uow.reading():
        session = uow.session
        draw = session.exec(select(SampleDraw).where(col(SampleDraw.replaced_at).is_(None))
                            .order_by(col(SampleDraw.period_end).desc(),
                                      col(SampleDraw.id).desc())).first()
        drawn: dict[str, int] = {}
        visits: list[tuple[int | None, str, bool, str, datetime]] = []
        if draw is not None:
            for district, count in session.exec(
                    select(SampleMember.district, func.count())
                    .where(SampleMember.draw_id == draw.id, ~col(SampleMember.is_reserve))
                    .group_by(col(SampleMember.district))):
                drawn[district] = int(count)
            visits = list(session.execute(
                sql_select(col(Visit.staff_id), col(Visit.surveyor), col(Visit.found),
                           col(SampleMember.district), col(Visit.recorded_at))
                .join(SampleMember, col(SampleMember.stove_id) == col(Visit.stove_id))
                .where(col(SampleMember.draw_id) == draw.id,
                       col(Visit.visited_on) >= draw.period_start,
                       col(Visit.visited_on) <= draw.period_end)).all())
        taken = dict(session.exec(
            select(RepairTicket.taken_by_id, func.count())
            .where(RepairTicket.status == "open", col(RepairTicket.taken_by_id).is_not(None))
            .group_by(col(RepairTicket.taken_by_id))).all())
        last = dict(session.exec(
            select(Visit.staff_id, func.max(Visit.recorded_at))
            .where(col(Visit.staff_id).is_not(None)).group_by(col(Visit.staff_id))).all())
        names = {m.id: m.name for m in session.exec(select(StaffMember))}
    done: dict[int, list[bool]] = {}
    unmatched: dict[str, int] = {}
    for staff_id, surveyor, found, district, _ in visits:
        if scope is not None and district not in scope:
            continue
        matches = by_name.get(_key(surveyor), []) if surveyor.strip() else []
        who = staff_id if staff_id is not None else (matches[0] if len(matches) == 1 else None)
        if who is None:
            unmatched[surveyor.strip() or "(sin nombre)"] = (
                unmatched.get(surveyor.strip() or "(sin nombre)", 0) + 1)
        else:
            done.setdefault(who, []).append(found)
    rows = tuple(TechnicianRow(
        m.id, names.get(m.id, m.name), m.districts,
        sum(drawn.get(d, 0) for d in m.districts), sum(done.get(m.id, [])),
        sum(1 for f in done.get(m.id, []) if not f), int(taken.get(m.id, 0)), last.get(m.id))
        for m in members)
    period = (draw.period_start, draw.period_end) if draw is not None else None
    return Fieldwork(period, rows, tuple(sorted(unmatched.items())))
