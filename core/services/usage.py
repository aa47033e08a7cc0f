"""Recording weekly usage: one observation in force per stove and week, corrections kept."""

from datetime import datetime

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
        session.exec(select(Stove.id).where(Stove.id == stove_id).with_for_update())


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
    """Add an observation, superseding the one in force (whose other field it carries over).

    USO and FOGON arrive as separate messages; the new row carries the figure it does not
    report from the row it replaces, so the row in force always holds the week's full picture.
    Returns the new observation and the superseded one, if any.
    """
    _lock_stove(session, stove_id)
    previous = current_observation(session, stove_id=stove_id, week=week)
    if previous is not None:
        if days_used is None:
            days_used = previous.days_used
        if open_fire_days is None:
            open_fire_days = previous.open_fire_days
        # Leave the partial unique index before the new row enters it.
        previous.superseded_at = now
        session.add(previous)
        session.flush()
    observation = UsageObservation(
        stove_id=stove_id,
        week=week,
        days_used=days_used,
        open_fire_days=open_fire_days,
        source="sms",
        source_message_id=source_message_id,
        reported_at=now,
    )
    session.add(observation)
    session.flush()
    if previous is not None:
        previous.superseded_by_id = observation.id
        session.add(previous)
    return observation, previous
