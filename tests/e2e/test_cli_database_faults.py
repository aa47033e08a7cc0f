"""Every command against a database it cannot use: one line on stderr and a non-zero exit.

An unreachable PostgreSQL (a local port nobody listens on) and an SQLite file never
migrated stand for the two faults people meet first; neither may print a traceback.
"""

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings

from core.settings import Settings
from gateway.cli import main

HOUSEHOLDS = (
    "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
    "baseline_stove\nABC123,Familia Quispe,,Amarilis,Llicua,2025-03-01,,,open_fire\n"
)
VISITS = "stove_code,visited_on,in_use,condition\nABC123,2025-09-10,si,good\n"
PERIOD = ["--from", "2025-01-01", "--to", "2025-12-31"]


def commands(tmp_path: Path) -> list[list[str]]:
    """Each command that reads or writes the database, with arguments it would accept."""
    households = tmp_path / "households.csv"
    households.write_text(HOUSEHOLDS, encoding="utf-8")
    visits = tmp_path / "visits.csv"
    visits.write_text(VISITS, encoding="utf-8")
    return [
        ["export", "usage"],
        ["export", "messages"],
        ["report", *PERIOD],
        ["sample", "draw", *PERIOD, "--seed", "1"],
        ["sample", "show"],
        ["households", "import", str(households)],
        ["visits", "import", str(visits)],
        ["ledger", "issue", *PERIOD, "--by", "ana"],
        ["ledger", "authorize", "--block", "1"],
        ["ledger", "show"],
        ["ledger", "export", "--format", "actions", "--year", "2025"],
        ["ledger", "export", "--format", "holdings", "--year", "2025"],
        ["ledger", "verify"],
        ["demo"],
        ["simulate", "+51987654321", "uso 5"],
        ["scheduler"],
        ["serve", "--port", str(closed_port())],
    ]


def closed_port() -> int:
    """A local TCP port with nobody listening: connections to it are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def invoke(settings: Settings, args: list[str]) -> Result:
    """Run the command line on these settings and close what it opened."""
    obj: dict[str, Any] = {"settings": settings}
    result = CliRunner().invoke(main, args, obj=obj)
    if obj.get("services") is not None:
        obj["services"].engine.dispose()
    return result


def assert_one_line(result: Result, *expected: str) -> None:
    """Exit status non-zero, no exception escaped, and exactly one line on stderr."""
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("qoncha: "), lines[0]
    for text in expected:
        assert text in lines[0], lines[0]


@pytest.fixture
def unreachable(tmp_path: Path) -> tuple[Settings, str]:
    """Settings pointing at a PostgreSQL URL on a closed port, and that URL without password."""
    url = f"postgresql+psycopg://qoncha:s3cret-pw@127.0.0.1:{closed_port()}/qoncha"
    return make_settings(url), url.replace("s3cret-pw", "***")


@pytest.mark.parametrize("index", range(17))
def test_an_unreachable_database_is_one_line_naming_it_without_its_password(
    index: int, unreachable: tuple[Settings, str], tmp_path: Path
) -> None:
    settings, shown = unreachable
    args = commands(tmp_path)[index]

    result = invoke(settings, args)

    assert_one_line(result, f"cannot reach the database at {shown}", "refused")
    assert "s3cret-pw" not in result.stderr + result.stdout


@pytest.mark.parametrize("index", range(17))
def test_a_database_never_migrated_is_one_line_naming_db_upgrade(
    index: int, tmp_path: Path
) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    args = commands(tmp_path)[index]

    result = invoke(settings, args)

    assert_one_line(result, "never migrated", "run 'qoncha db upgrade'")


@pytest.mark.postgres
def test_a_postgres_database_never_migrated_names_db_upgrade(tmp_path: Path) -> None:
    """The same on PostgreSQL: a database that exists but holds no table."""
    import conftest
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = conftest._root_conftest()._pg_admin_url()
    name = f"qoncha_empty_{tmp_path.name[-8:].lower().replace('-', '_')}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        if conftest._root_conftest()._postgres_required():
            pytest.fail(f"PostgreSQL required: {exc.__class__.__name__}")
        pytest.skip(f"PostgreSQL tests skipped: {exc.__class__.__name__}")
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        result = invoke(make_settings(url), ["report", *PERIOD])
        assert_one_line(result, "never migrated", "run 'qoncha db upgrade'")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    """The real `qoncha` process, as a shell user runs it."""
    qoncha = Path(sys.executable).with_name("qoncha")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"}

    done = subprocess.run(
        [str(qoncha), "ledger", "show"], capture_output=True, text=True, env=env, cwd=tmp_path
    )

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"qoncha: the database at sqlite:///{tmp_path / 'empty.sqlite3'} has no table "
        "ledger_issuances: never migrated, or by an older qoncha; run 'qoncha db upgrade'"
    ]


# A URL SQLAlchemy cannot parse is refused with the settings (test_cli_settings_errors.py).
@pytest.mark.parametrize(
    ("url", "reason"),
    [("mysql://qoncha:s3cret-pw@db/qoncha", "No module named")],  # driver not installed
)
def test_an_unusable_database_url_is_one_line(url: str, reason: str) -> None:
    result = invoke(make_settings(url), ["ledger", "show"])

    assert_one_line(result, "DATABASE_URL cannot be used", reason)
    assert "s3cret-pw" not in result.stderr
