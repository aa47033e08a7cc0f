"""The access log: every read or change of a household's personal data by a person.

`log_access` is the one function every reading path calls (exports with --unmasked, the
bot's household details, photo downloads, the access-request export, erasure, consent).
Entries are kept at least ACCESS_LOG_KEEP_YEARS: nothing in qoncha deletes them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.models import AccessLogEntry, Household, Stove
from core.models.privacy import LOGGED_KINDS

ACCESS_LOG_KEEP_YEARS = 2


def log_access(
    session: Session, *, actor: str, kind: str, household_id: int | None, purpose: str,
    now: datetime, action: str = "read",
) -> AccessLogEntry:
    """Add one access-log entry in the caller's transaction (it commits with what was read)."""
    if kind not in LOGGED_KINDS:
        raise ValueError(f"unknown kind of personal data: {kind}")
    pseudonym = None
    if household_id is not None:
        household = session.get(Household, household_id)
        pseudonym = household.pseudonym if household is not None else None
    entry = AccessLogEntry(at=now, actor=actor[:200], kind=kind, action=action,
                           household_id=household_id, pseudonym=pseudonym,
                           purpose=purpose[:300])
    session.add(entry)
    return entry


def staff_actor(staff_id: int | None, name: str) -> str:
    """How a staff member is named in the log: by id, which outlives a change of name."""
    return f"staff {staff_id} ({name})" if name else f"staff {staff_id}"


@dataclass(frozen=True)
class LoggedAccess:
    """One line of `qoncha privacy access-log`."""

    at: datetime
    actor: str
    action: str
    kind: str
    household: str  # pseudonym, or "*" for a read of many households at once
    purpose: str


def access_log(
    uow: UnitOfWork, *, since: datetime | None = None, household: str | None = None,
    actor: str | None = None,
) -> list[LoggedAccess]:
    """Entries from `since`, of one household (pseudonym or id) and/or one actor, oldest first."""
    statement = select(AccessLogEntry).order_by(col(AccessLogEntry.at), col(AccessLogEntry.id))
    if since is not None:
        statement = statement.where(col(AccessLogEntry.at) >= since)
    if household:
        if household.isdigit():
            statement = statement.where(AccessLogEntry.household_id == int(household))
        else:
            statement = statement.where(AccessLogEntry.pseudonym == household)
    if actor:
        statement = statement.where(AccessLogEntry.actor == actor)
    with uow.reading():
        return [LoggedAccess(e.at, e.actor, e.action, e.kind, e.pseudonym or "*", e.purpose)
                for e in uow.session.exec(statement)]



def log_bulk_read(
    uow: UnitOfWork, *, actor: str, kinds: tuple[str, ...], purpose: str, now: datetime
) -> None:
    """Log a read of many households at once (an unmasked export), one entry per kind."""
    with uow:
        for kind in kinds:
            log_access(uow.session, actor=actor, kind=kind, household_id=None, purpose=purpose,
                       now=now)
        uow.commit()


def log_shown(
    uow: UnitOfWork, *, actor: str, kind: str, stove_codes: Iterable[str], purpose: str,
    now: datetime,
) -> int:
    """Log that a person was shown `kind` of the households of these stoves (one entry each)."""
    codes = sorted({c.strip() for text in stove_codes for c in text.split(",") if c.strip()})
    if not codes:
        return 0
    with uow:
        household_ids = sorted(set(uow.session.exec(
            select(Stove.household_id).where(col(Stove.code).in_(codes))).all()))
        for household_id in household_ids:
            log_access(uow.session, actor=actor, kind=kind, household_id=household_id,
                       purpose=purpose, now=now)
        uow.commit()
    return len(household_ids)
