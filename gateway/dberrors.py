"""Database faults described in one line: what failed, the driver's own words, no secrets.

The command line turns these into its one-line reasons and the web app logs them, so an
operator reads "cannot reach the database at postgresql+psycopg://qoncha@db:5432/qoncha:
connection refused" instead of a class name or 145 lines of traceback.
"""

import re
from typing import Any

# SQLSTATEs (PostgreSQL) and SQLite messages that mean the schema is missing or behind.
_UNDEFINED_TABLE = "42P01"
_UNDEFINED_COLUMN = "42703"
_SQLITE_NO_TABLE = re.compile(r"no such table: (\S+)")
_SQLITE_NO_COLUMN = re.compile(r"(no such column: \S+|has no column named \S+)")
_PG_RELATION = re.compile(r'relation "([^"]+)" does not exist')
_UPGRADE = "run 'qoncha db upgrade'"


def driver_message(exc: BaseException) -> str:
    """The first line of the driver's own message (psycopg adds hints on further lines)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip() or orig.__class__.__name__
    return text.splitlines()[0].strip()


def operation(exc: BaseException) -> str:
    """The statement that failed, shortened to its first words (parameters are never shown)."""
    statement = " ".join(str(getattr(exc, "statement", "") or "").split())
    return statement if len(statement) <= 60 else statement[:57] + "..."


def masked_url(url: Any) -> str:
    """A database URL with its password hidden, fit for a log line or an error."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(str(url)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is named without its details
        return "(unparsable DATABASE_URL)"


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def describe_database_error(exc: BaseException, url: Any = None) -> str | None:
    """One line saying what went wrong with the database, or None when `exc` is no such fault.

    A database never migrated and one whose schema is behind name `qoncha db upgrade`; a
    database that cannot be reached says where it was looked for and what the driver said.
    """
    from sqlalchemy import exc as sa_exc

    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    where = f" at {masked_url(url)}" if url is not None else ""
    message = driver_message(exc)
    state = _sqlstate(exc)
    table = _SQLITE_NO_TABLE.search(message) or _PG_RELATION.search(message)
    if state == _UNDEFINED_TABLE or (table and isinstance(exc, sa_exc.OperationalError)):
        name = table.group(1) if table else "?"
        missing = f"has no table {name}: never migrated, or by an older qoncha"
        return f"the database{where} {missing}; {_UPGRADE}"
    if state == _UNDEFINED_COLUMN or _SQLITE_NO_COLUMN.search(message):
        return f"the database{where} is older than this qoncha ({message}); {_UPGRADE}"
    doing = operation(exc)
    if not doing or exc.connection_invalidated:
        return f"cannot reach the database{where}: {message}"
    return f"the database{where} failed in {doing}: {message}"
