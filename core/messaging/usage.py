"""Recording weekly usage: one observation in force per stove and week, corrections kept."""

from dataclasses import dataclass
from datetime import date, datetime

from core.db.driver_sql import DriverSql
from core.models import STOVE_ACTIVE_ON_SQL


def _lock_stove(sql: DriverSql, stove_id: int) -> None:
    """Serialise reports for one stove so two workers never both see "no report yet".

    Locking the (absent) observation row protects nothing when none exists yet, so the stove
    row is locked instead. SQLite needs no lock: BEGIN IMMEDIATE already serialises writers.
    """
    if not sql.is_sqlite:
        sql.run(LOCK_STOVE, {"stove_id": stove_id})


@dataclass(frozen=True)
class Recorded:
    """What `record_report` wrote: the new observation and the one it superseded, if any."""

    id: int
    previous_id: int | None = None
    previous_days_used: int | None = None
    previous_open_fire_days: int | None = None


def record_report(
    sql: DriverSql,
    *,
    stove_id: int,
    week: str,
    days_used: int | None = None,
    open_fire_days: int | None = None,
    source_message_id: int | None,
    now: datetime,
    source: str = "sms",
) -> Recorded:
    """Add an observation, superseding the one in force (whose other field it carries over).

    USO and FOGON arrive as separate messages; the new row carries the figure it does not
    report from the row it replaces, so the row in force always holds the week's full picture.
    `source` is "sms" for what the parser read and "review" for what a person read in a
    flagged message (core.messaging.review). This sits on the inbound hot path, so it speaks
    SQL directly: no ORM objects, one statement per step, in the caller's transaction.
    """
    sql.session.flush()  # pending ORM changes first, so the statements below see them
    _lock_stove(sql, stove_id)
    # Leave the partial unique index before the new row enters it; RETURNING reads the
    # superseded row in the same statement.
    previous = sql.one(SUPERSEDE, {"stove_id": stove_id, "week": week, "now": now})
    if previous is not None:
        _, previous_days_used, previous_open_fire_days = previous
        if days_used is None:
            days_used = previous_days_used
        if open_fire_days is None:
            open_fire_days = previous_open_fire_days
    row = sql.one(
        INSERT,
        {
            "stove_id": stove_id,
            "week": week,
            "days_used": days_used,
            "open_fire_days": open_fire_days,
            "source_message_id": source_message_id,
            "source": source,
            "reported_at": now,
        },
    )
    assert row is not None
    new_id = int(row[0])
    if previous is None:
        return Recorded(id=new_id)
    previous_id = int(previous[0])
    sql.run(LINK, {"previous_id": previous_id, "new_id": new_id})
    return Recorded(new_id, previous_id, previous_days_used, previous_open_fire_days)


# The hot path's SQL, run through the driver (see core.db.driver_sql).
LOCK_STOVE = "SELECT id FROM stoves WHERE id = :stove_id FOR UPDATE"
SUPERSEDE = """
UPDATE usage_observations SET superseded_at = :now
WHERE stove_id = :stove_id AND week = :week AND superseded_at IS NULL
RETURNING id, days_used, open_fire_days
"""
INSERT = """
INSERT INTO usage_observations (stove_id, week, days_used, open_fire_days, source,
  source_message_id, reported_at, superseded_at, superseded_by_id)
VALUES (:stove_id, :week, :days_used, :open_fire_days, :source, :source_message_id,
  :reported_at, NULL, NULL)
RETURNING id
"""
LINK = "UPDATE usage_observations SET superseded_by_id = :new_id WHERE id = :previous_id"


# A household's stove in use on a day: the most recently installed one still active. The
# inbound hot path embeds it (core.messaging.inbound); `stove_in_use` runs it alone.
STOVE_IN_USE = (
    "SELECT s.id FROM stoves s WHERE s.household_id = {household} AND "
    + STOVE_ACTIVE_ON_SQL.format(s="s", day=":today")
    + " ORDER BY s.installed_on DESC, s.id DESC LIMIT 1"
)


def stove_in_use(sql: DriverSql, *, household_id: int, today: date) -> int | None:
    """The id of the household's stove in use on `today`, if it has one."""
    row = sql.one(STOVE_IN_USE.format(household=":household_id"),
                  {"household_id": household_id, "today": today})
    return None if row is None else int(row[0])
