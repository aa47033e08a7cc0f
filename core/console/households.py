"""The console's households: search in the member's districts, and one household's record.

Every household shown by name is written to the access log (core.privacy.access), in the
same transaction that read it; phones are shown masked.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as sql_select
from sqlmodel import Session, col, or_, select

from core.db.uow import UnitOfWork
from core.models import (
    Household,
    InboundMessage,
    Phone,
    RepairTicket,
    Stove,
    UsageObservation,
    Visit,
)
from core.phones import mask_phone
from core.privacy.access import log_access

SEARCH_LIMIT = 50
DETAIL_ROWS = 30


@dataclass(frozen=True)
class HouseholdLine:
    """A household found by a search."""

    id: int
    name: str
    district: str
    community: str
    stoves: str  # codes, comma-separated


@dataclass(frozen=True)
class HouseholdRecord:
    """One household as the console shows it: phones masked, newest rows first."""

    line: HouseholdLine
    phones: tuple[str, ...]
    messages: tuple[tuple[datetime, str, str], ...]  # received, body, interpretation
    observations: tuple[tuple[str, str, int | None, int | None, str], ...]
    visits: tuple[tuple[date, str, bool, str, str], ...]  # day, stove, in use, condition, by
    tickets: tuple[tuple[int, datetime, str, str], ...]  # id, opened, status, words


def _in_scope(statement, scope: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    return statement if scope is None else statement.where(col(Household.district).in_(scope))


def _line(session: Session, household: Household) -> HouseholdLine:
    codes = session.exec(select(Stove.code).where(Stove.household_id == household.id)
                         .order_by(col(Stove.code))).all()
    return HouseholdLine(household.id or 0, household.name, household.district,
                         household.community, ", ".join(codes))


def search_households(
    uow: UnitOfWork, *, query: str, scope: tuple[str, ...] | None, actor: str, now: datetime
) -> list[HouseholdLine]:
    """Households whose stove code or community matches, or whose phone ends in the digits."""
    text = query.strip()[:50]
    if not text:
        return []
    digits = "".join(c for c in text if c.isdigit())
    conditions = [col(Stove.code).ilike(f"%{text}%"), col(Household.community).ilike(f"%{text}%")]
    if len(digits) >= 3 and digits == text.replace(" ", ""):
        conditions.append(col(Phone.number).like(f"%{digits}"))
    statement = _in_scope(
        select(Household).distinct()
        .join(Stove, col(Stove.household_id) == col(Household.id), isouter=True)
        .join(Phone, col(Phone.household_id) == col(Household.id), isouter=True)
        .where(or_(*conditions)), scope)
    with uow:
        found = uow.session.exec(statement.order_by(col(Household.id)).limit(SEARCH_LIMIT)).all()
        lines = [_line(uow.session, h) for h in found]
        for line in lines:
            log_access(uow.session, actor=actor, kind="name", household_id=line.id,
                       purpose="web:households search", now=now)
        uow.commit()
    return lines


def household_record(
    uow: UnitOfWork, *, household_id: int, scope: tuple[str, ...] | None, actor: str,
    now: datetime,
) -> HouseholdRecord | None:
    """The household's record, or None when unknown or outside the member's districts."""
    with uow:
        session = uow.session
        household = session.get(Household, household_id)
        if household is None or (scope is not None and household.district not in scope):
            return None
        phones = session.exec(select(Phone).where(Phone.household_id == household_id)).all()
        phone_ids = [p.id for p in phones]
        messages = session.exec(
            select(InboundMessage.received_at, InboundMessage.body, InboundMessage.interpretation)
            .where(col(InboundMessage.phone_id).in_(phone_ids))
            .order_by(col(InboundMessage.received_at).desc()).limit(DETAIL_ROWS)).all()
        observations = session.execute(
            sql_select(col(UsageObservation.week), col(Stove.code),
                       col(UsageObservation.days_used), col(UsageObservation.open_fire_days),
                       col(UsageObservation.source))
            .join(Stove, col(Stove.id) == col(UsageObservation.stove_id))
            .where(col(Stove.household_id) == household_id,
                   col(UsageObservation.superseded_at).is_(None))
            .order_by(col(UsageObservation.week).desc()).limit(DETAIL_ROWS)).all()
        visits = session.execute(
            sql_select(col(Visit.visited_on), col(Stove.code), col(Visit.in_use),
                       col(Visit.condition), col(Visit.surveyor))
            .join(Stove, col(Stove.id) == col(Visit.stove_id))
            .where(col(Stove.household_id) == household_id)
            .order_by(col(Visit.visited_on).desc()).limit(DETAIL_ROWS)).all()
        tickets = session.exec(
            select(RepairTicket.id, RepairTicket.opened_at, RepairTicket.status,
                   RepairTicket.description)
            .where(RepairTicket.household_id == household_id)
            .order_by(col(RepairTicket.opened_at).desc()).limit(DETAIL_ROWS)).all()
        for kind in ("name", "phone", "message_body"):
            log_access(session, actor=actor, kind=kind, household_id=household_id,
                       purpose="web:household", now=now)
        record = HouseholdRecord(
            _line(session, household), tuple(mask_phone(p.number) for p in phones),
            tuple((m[0], m[1][:300], m[2]) for m in messages),
            tuple((o[0], o[1], o[2], o[3], o[4]) for o in observations),
            tuple((v[0], v[1], v[2], v[3], v[4]) for v in visits),
            tuple((t[0] or 0, t[1], t[2], t[3][:300]) for t in tickets))
        uow.commit()
    return record
