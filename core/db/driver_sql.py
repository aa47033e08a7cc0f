"""Driver-level SQL on a session's own transaction, for the few statements every SMS runs.

Executing a prepared SQLAlchemy statement costs several times what the database spends on
it; the inbound hot path runs half a dozen per message, so it hands plain SQL to the DBAPI
cursor instead. Statements are written once with `:name` parameters; this module alone knows
each driver's paramstyle and how the models store values, so callers stay dialect-free.
"""

import re
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, exc
from sqlmodel import Session

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


class DriverSql:
    """Runs SQL through the DBAPI cursor of the session's connection (same transaction).

    Values are stored exactly as the models' column types store them, and driver errors
    become SQLAlchemy's (IntegrityError, OperationalError...) so callers catch one family.
    One instance serves a whole transaction: the hot path hands it down rather than asking
    the session for its connection again.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._connection = session.connection()  # begins the transaction (BEGIN IMMEDIATE)
        self.is_sqlite = self._connection.dialect.name == "sqlite"

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """All rows the statement returns (an UPDATE/INSERT with RETURNING included)."""
        statement = _for_driver(sql, pyformat=not self.is_sqlite)
        values = _sqlite_values(params) if self.is_sqlite else params
        return driver_rows(self._connection, statement, values)

    def one(self, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row the statement returns, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def run(self, sql: str, params: dict[str, Any]) -> None:
        """Execute a statement whose result is not needed."""
        self.rows(sql, params)


def driver_rows(
    connection: Connection, statement: str, values: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Execute a statement in the driver's own paramstyle on the connection's DBAPI cursor.

    When cursor-execute listeners are attached to the engine (instrumentation, tests that
    inject faults), it goes through SQLAlchemy's `exec_driver_sql` so that they still fire.
    """
    dispatch = connection.dispatch
    if dispatch.before_cursor_execute or dispatch.after_cursor_execute:
        result = connection.exec_driver_sql(statement, values or {})
        return [tuple(row) for row in result.fetchall()] if result.returns_rows else []
    dialect = connection.dialect
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(statement, values or {})
        return list(cursor.fetchall()) if cursor.description else []
    except dialect.loaded_dbapi.Error as err:
        raise exc.DBAPIError.instance(
            statement, values, err, dialect.loaded_dbapi.Error, dialect=dialect
        ) from err
    finally:
        cursor.close()


@cache
def _for_driver(sql: str, *, pyformat: bool) -> str:
    """`:name` as sqlite3 takes it, or `%(name)s` for psycopg (literal % doubled)."""
    if not pyformat:
        return sql
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def _sqlite_values(params: dict[str, Any]) -> dict[str, Any]:
    """Dates and datetimes as SQLAlchemy's SQLite types store them (UTC for `UtcDateTime`)."""
    return {
        name: _sqlite_date(value) if isinstance(value, date) else value
        for name, value in params.items()
    }


def _sqlite_date(value: date) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat()
