"""Recording one field verification visit, whichever way it reaches qoncha (import or bot).

A visit is identified by its stove, day and surveyor: recording the same visit again
changes nothing, and a corrected one updates the stored row in place.
"""

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.imports.rows import RowOutcome
from core.ledger.adjustments import frozen_message, issued_periods
from core.models import Stove, Visit, VisitBase
from core.models.verification import VISIT_CONDITIONS
from core.periods import local_date

VISIT_SOURCES = ("import", "telegram")


class VisitRejected(ValueError):
    """A visit that cannot be true (before installation, in the future, ...); nothing stored."""


def check_visit(visit: VisitBase, *, installed_on: date, today: date) -> list[str]:
    """List why a visit cannot be recorded against a stove, so staff can correct the record."""
    problems: list[str] = []
    if not visit.found and visit.in_use:
        problems.append("a stove not found cannot be in use")
    if visit.condition not in VISIT_CONDITIONS and (visit.found or visit.condition):
        problems.append(
            f"condition {visit.condition!r} is not one of {', '.join(VISIT_CONDITIONS)}"
        )
    if visit.visited_on < installed_on:
        problems.append(
            f"visited_on {visit.visited_on} is before the stove was installed ({installed_on})"
        )
    if visit.visited_on > today:
        problems.append(f"visited_on {visit.visited_on} is in the future (today is {today})")
    if visit.latitude is not None and not -90 <= visit.latitude <= 90:
        problems.append(f"latitude {visit.latitude} is outside -90..90")
    if visit.longitude is not None and not -180 <= visit.longitude <= 180:
        problems.append(f"longitude {visit.longitude} is outside -180..180")
    if visit.condition == "removed" and visit.in_use:
        problems.append("in_use is yes but condition is removed")
    return problems


def _stored(session: Session, stove_id: int, visit: VisitBase) -> Visit | None:
    """The stored visit with the same key, locked so a concurrent correction waits for us."""
    statement = (
        select(Visit)
        .where(
            Visit.stove_id == stove_id,
            Visit.visited_on == visit.visited_on,
            Visit.surveyor == visit.surveyor,
        )
        .with_for_update()
    )
    return session.exec(statement).first()


def _refuse_if_issued(session: Session, visit: VisitBase, stove: Stove) -> None:
    """Refuse a new or changed visit on a day of an issued period: its figures are frozen."""
    issued = issued_periods(session).covering(visit.visited_on)
    if issued is not None:
        what = f"visit of {stove.code} on {visit.visited_on}"
        raise VisitRejected(frozen_message(issued, what))


def record_visit(
    session: Session,
    *,
    stove: Stove,
    visit: VisitBase,
    source: str,
    now: datetime,
    tz: str,
    issued_ok: bool = False,
) -> RowOutcome:
    """Create or correct a stove's visit in the caller's transaction; raise VisitRejected.

    "Today" (for refusing visits in the future) is the calendar day of `now` in the
    programme time zone `tz`. A visit that would change an issued period is refused unless
    `issued_ok` (the caller records the post-issuance adjustment). The caller commits.
    """
    if source not in VISIT_SOURCES:
        raise ValueError(f"unknown visit source {source!r}")
    assert stove.id is not None
    problems = check_visit(visit, installed_on=stove.installed_on, today=local_date(now, tz))
    if problems:
        raise VisitRejected("; ".join(problems))
    values = visit.model_dump()
    existing = _stored(session, stove.id, visit)
    if existing is None:
        if not issued_ok:
            _refuse_if_issued(session, visit, stove)
        try:
            # A savepoint, so that losing a race with another writer of the same visit
            # leaves the rest of the caller's transaction intact.
            with session.begin_nested():
                session.add(Visit(stove_id=stove.id, source=source, recorded_at=now, **values))
            return "created"
        except IntegrityError:
            existing = _stored(session, stove.id, visit)
            if existing is None:
                raise
    changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
    if not changed:
        return "unchanged"
    if not issued_ok:
        _refuse_if_issued(session, visit, stove)
    for name, value in changed.items():
        setattr(existing, name, value)
    existing.source = source
    existing.recorded_at = now
    session.add(existing)
    session.flush()
    return "updated"
