"""Shared fixtures: clean, migrated databases on SQLite and PostgreSQL, and wired services.

PostgreSQL tests run when a server answers at QONCHA_TEST_POSTGRES_URL (default: the local
server, user postgres). Without one they are skipped with a clear reason, unless
QONCHA_REQUIRE_POSTGRES=1 (CI sets it), which turns the absence into a failure.
"""

import shutil
import uuid
from collections.abc import Callable, Iterator
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
from tests.e2e.gateway_support import (
    ANDROID_PASSWORD,
    ANDROID_USER,
    NOW,
    TELEGRAM_BOT_TOKEN,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
)
from tests.fakes.android_gateway import FakeAndroidGateway
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi
from tests.support import make_settings, pg_admin_url, postgres_required

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, migrated to head and dropped afterwards."""
    admin_url = pg_admin_url()
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        where = make_url(admin_url).render_as_string()
        message = f"PostgreSQL tests skipped: no server at {where} ({exc.__class__.__name__})"
        if postgres_required():
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


@pytest.fixture(scope="session")
def postgres_cleaner(postgres_database: str) -> Iterator[Callable[[], None]]:
    """Empty every table and restart every sequence, as a fresh migrated database has them.

    DELETE, not TRUNCATE: TRUNCATE makes new files for 36 tables and their indexes (0.1-0.8 s
    a test, measured), DELETE of the few rows a test leaves takes about 10 ms. One engine for
    the session: connecting anew for each test costs as much again.
    """
    engine = create_engine(postgres_database, pool_pre_ping=True)
    deletes = "; ".join(f'DELETE FROM "{t.name}"' for t in SQLModel.metadata.sorted_tables)
    restart = (
        "SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename), "
        "start_value, false) FROM pg_sequences WHERE schemaname = current_schema()"
    )

    def clean() -> None:
        with engine.begin() as conn:
            # The ledger tables refuse DELETE by trigger; a superuser's replica role skips it
            # (and the foreign keys' triggers with it: every table is emptied).
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            conn.exec_driver_sql(deletes)
            conn.exec_driver_sql(restart)

    yield clean
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
    request.getfixturevalue("postgres_cleaner")()
    return url


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


# The providers' fakes (tests/fakes/), for every tier that reaches a provider through them.
@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilioApi]:
    """Twilio's Messages API on a local port, expecting the test account's credentials."""
    server = FakeTwilioApi(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def fake_android() -> Iterator[FakeAndroidGateway]:
    """SMS Gateway for Android's API on a local port, expecting the test user and password."""
    server = FakeAndroidGateway(ANDROID_USER, ANDROID_PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramApi]:
    """Telegram's Bot API on a local port, for the tests' bot token."""
    server = FakeTelegramApi(TELEGRAM_BOT_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def services_with(db_url: str) -> Iterator[Callable[..., Services]]:
    """Build services on the test database with extra settings; the clock is frozen at NOW."""
    built: list[Services] = []

    def build(**overrides: Any) -> Services:
        services = build_services(make_settings(db_url, **overrides))
        services.clock = lambda: NOW
        built.append(services)
        return services

    yield build
    for services in built:
        services.engine.dispose()
