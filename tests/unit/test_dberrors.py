"""Database faults in one line: what failed and the driver's words, never a password."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from gateway.dberrors import describe_database_error, masked_url

URL = "postgresql+psycopg://qoncha:hunter2@db.example:5432/qoncha"


def failure(*statements: str) -> DBAPIError:
    """The error SQLite raises for the last statement, after the others ran."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    except DBAPIError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError("no error")


def test_a_missing_table_names_db_upgrade() -> None:
    exc = failure("SELECT * FROM households")

    assert describe_database_error(exc, URL) == (
        "the database at postgresql+psycopg://qoncha:***@db.example:5432/qoncha has no table "
        "households: never migrated, or by an older qoncha; run 'qoncha db upgrade'"
    )


def test_a_missing_column_says_the_schema_is_behind() -> None:
    exc = failure("CREATE TABLE stoves (id INTEGER)", "SELECT code FROM stoves")

    assert describe_database_error(exc) == (
        "the database is older than this qoncha (no such column: code); run 'qoncha db upgrade'"
    )


def test_other_faults_name_the_statement_and_the_drivers_message() -> None:
    exc = failure(
        "CREATE TABLE stoves (id INTEGER PRIMARY KEY, code TEXT UNIQUE)",
        "INSERT INTO stoves (code) VALUES ('A')",
        "INSERT INTO stoves (code) VALUES ('A')",
    )

    assert describe_database_error(exc) == (
        "the database failed in INSERT INTO stoves (code) VALUES ('A'): "
        "UNIQUE constraint failed: stoves.code"
    )


@pytest.mark.parametrize("value", [ValueError("x"), KeyError("y")])
def test_anything_else_is_no_database_fault(value: Exception) -> None:
    assert describe_database_error(value, URL) is None


def test_urls_are_shown_without_their_password() -> None:
    assert "hunter2" not in masked_url(URL)
    assert masked_url("not a url") == "(unparsable DATABASE_URL)"
