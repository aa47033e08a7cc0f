"""An access request answered: everything qoncha holds on one household, as readable JSON.

The rows are those of core.privacy.registry's scopes, so the export and an erasure cover
the same tables; reading them is logged like any other read of personal data.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from core.db.uow import UnitOfWork
from core.models import Phone
from core.models.privacy import PERSONAL_KINDS
from core.monitoring.exports import utc_iso
from core.privacy.access import log_access
from core.privacy.erasure import find_household
from core.privacy.registry import SUBJECT_SCOPES, scoped


def household_record(
    uow: UnitOfWork, *, stove_code: str, actor: str, now: datetime
) -> dict[str, Any]:
    """The household's rows in every table that holds its data; the read is logged."""
    with uow:
        session = uow.session
        household = find_household(session, stove_code=stove_code, phone=None)
        assert household.id is not None
        record: dict[str, Any] = {
            "generated_at": utc_iso(now),
            "household": _plain(household.model_dump()),
        }
        record.update(_rows(session, household.id))
        for kind in PERSONAL_KINDS:
            log_access(session, actor=actor, kind=kind, household_id=household.id,
                       purpose="access request (privacy export)", now=now)
        uow.commit()
    return record


def _rows(session: Session, household_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each scoped table's rows of the household, as plain JSON values, by id."""
    numbers = list(session.exec(select(Phone.number).where(Phone.household_id == household_id)))
    params = {"household_id": household_id, "numbers": numbers or ["-"]}
    found = {}
    for table, scope in SUBJECT_SCOPES.items():
        statement = scoped(f"SELECT * FROM {table} WHERE {scope} ORDER BY id")
        found[table] = [_plain(dict(row)) for row in session.execute(statement, params).mappings()]
    return found


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Dates and times as ISO text, everything else as stored."""
    return {
        key: value.isoformat() if isinstance(value, datetime | date) else value
        for key, value in values.items()
    }
