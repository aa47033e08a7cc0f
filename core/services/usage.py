"""Recording weekly usage: one observation in force per stove and week, corrections kept."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Executable, Table, bindparam, insert, update
from sqlmodel import Session, col, select

from core.models import Stove, UsageObservation


def current_observation(session: Session, *, stove_id: int, week: str) -> UsageObservation | None:
    """The observation in force for a stove-week, locked against concurrent correction."""
    statement = (
        select(UsageObservation)
        .where(
            UsageObservation.stove_id == stove_id,
            UsageObservation.week == week,
            col(UsageObservation.superseded_at).is_(None),
        )
        .with_for_update()
    )
    return session.exec(statement).first()


def _lock_stove(session: Session, stove_id: int) -> None:
    """Serialise reports for one stove so two workers never both see "no report yet".

    Locking the (absent) observation row protects nothing when none exists yet, so the stove
    row is locked instead. SQLite needs no lock: BEGIN IMMEDIATE already serialises writers.
    """
    if session.get_bind().dialect.name != "sqlite":
        session.connection().execute(_statements().lock_stove, {"stove_id": stove_id})


@dataclass(frozen=True)
class Recorded:
    """What `record_report` wrote: the new observation and the one it superseded, if any."""

    id: int
    previous_id: int | None = None
    previous_days_used: int | None = None
    previous_open_fire_days: int | None = None


def record_report(
    session: Session,
    *,
    stove_id: int,
    week: str,
    days_used: int | None = None,
    open_fire_days: int | None = None,
    source_message_id: int | None,
    now: datetime,
) -> Recorded:
    """Add an observation, superseding the one in force (whose other field it carries over).

    USO and FOGON arrive as separate messages; the new row carries the figure it does not
    report from the row it replaces, so the row in force always holds the week's full picture.
    This sits on the inbound hot path, so it speaks SQL directly: no ORM objects, one
    statement per step, in the caller's transaction.
    """
    session.flush()  # pending ORM changes first, so the read below sees them as a query would
    _lock_stove(session, stove_id)
    statements = _statements()
    conn = session.connection()
    previous = conn.execute(statements.in_force, {"stove_id": stove_id, "week": week}).first()
    if previous is not None:
        if days_used is None:
            days_used = previous.days_used
        if open_fire_days is None:
            open_fire_days = previous.open_fire_days
        # Leave the partial unique index before the new row enters it.
        conn.execute(statements.supersede, {"previous_id": previous.id, "now": now})
    key = conn.execute(
        statements.insert,
        {
            "stove_id": stove_id,
            "week": week,
            "days_used": days_used,
            "open_fire_days": open_fire_days,
            "source": "sms",
            "source_message_id": source_message_id,
            "reported_at": now,
            "superseded_at": None,
            "superseded_by_id": None,
        },
    ).inserted_primary_key
    assert key is not None
    new_id = int(key[0])
    if previous is None:
        return Recorded(id=new_id)
    conn.execute(statements.link, {"previous_id": previous.id, "new_id": new_id})
    return Recorded(new_id, previous.id, previous.days_used, previous.open_fire_days)


def record_observation(
    session: Session,
    *,
    stove_id: int,
    week: str,
    days_used: int | None = None,
    open_fire_days: int | None = None,
    source_message_id: int | None,
    now: datetime,
) -> tuple[UsageObservation, UsageObservation | None]:
    """Add an observation as `record_report` does, returning the new and superseded rows.

    Returns the new observation and the superseded one, if any, as objects of the session.
    """
    recorded = record_report(
        session,
        stove_id=stove_id,
        week=week,
        days_used=days_used,
        open_fire_days=open_fire_days,
        source_message_id=source_message_id,
        now=now,
    )
    observation = session.get(UsageObservation, recorded.id, populate_existing=True)
    assert observation is not None
    previous = None
    if recorded.previous_id is not None:
        previous = session.get(UsageObservation, recorded.previous_id, populate_existing=True)
    return observation, previous


@dataclass(frozen=True)
class _Statements:
    """The hot path's statements, built once: building one costs about as much as running it."""

    lock_stove: Executable
    in_force: Executable
    supersede: Executable
    insert: Executable
    link: Executable


@cache
def _statements() -> _Statements:
    table: Table = UsageObservation.__table__  # type: ignore[attr-defined]
    by_previous_id = table.c.id == bindparam("previous_id")
    return _Statements(
        lock_stove=select(Stove.id)
        .where(col(Stove.id) == bindparam("stove_id"))
        .with_for_update(),
        in_force=select(table.c.id, table.c.days_used, table.c.open_fire_days)
        .where(
            table.c.stove_id == bindparam("stove_id"),
            table.c.week == bindparam("week"),
            table.c.superseded_at.is_(None),
        )
        .with_for_update(),
        supersede=update(table).where(by_previous_id).values(superseded_at=bindparam("now")),
        insert=insert(table),
        link=update(table).where(by_previous_id).values(superseded_by_id=bindparam("new_id")),
    )
