"""Shared fixtures: clean, migrated databases on SQLite and PostgreSQL, and wired services.

PostgreSQL tests run when a server answers at QONCHA_TEST_POSTGRES_URL (default: the local
server, user postgres). Without one they are skipped with a clear reason, unless
QONCHA_REQUIRE_POSTGRES=1 (CI sets it), which turns the absence into a failure.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import core.models  # noqa: F401 - registers the tables
from core.settings import Settings
from gateway.cli.db import upgrade_database
from gateway.wiring import Services, build_services

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _postgres_required() -> bool:
    """CI (CI=true) and QONCHA_REQUIRE_POSTGRES=1 turn a missing server into a failure."""
    return os.environ.get("QONCHA_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly when the PostgreSQL half of the suite did not run."""
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "PostgreSQL tests skipped" in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{len(skipped)} PostgreSQL tests were SKIPPED (no server); only SQLite was tested"
        )


def _pg_admin_url() -> str:
    return os.environ.get("QONCHA_TEST_POSTGRES_URL", DEFAULT_PG_URL)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, migrated to head and dropped afterwards."""
    admin_url = _pg_admin_url()
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        where = make_url(admin_url).render_as_string()
        message = f"PostgreSQL tests skipped: no server at {where} ({exc.__class__.__name__})"
        if _postgres_required():
            pytest.fail(message.replace("skipped", "required"))
        pytest.skip(message)
    name = f"qoncha_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_database(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        # The ledger tables refuse TRUNCATE by trigger; a superuser's replica role skips it.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A clean database at the newest revision, on each backend in turn."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "qoncha.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    _truncate_postgres(url)
    return url


def make_settings(db_url: str, **overrides: Any) -> Settings:
    """Settings for a test: nothing read from the environment or a .env file."""
    values: dict[str, Any] = {"DATABASE_URL": db_url, "SMS_PROVIDER": "console"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(db_url: str) -> Settings:
    """Default test settings on a clean database."""
    return make_settings(db_url)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Services wired exactly as production wires them."""
    built = build_services(settings)
    yield built
    built.engine.dispose()
