"""`ledger issue` says what issuing freezes and what the 90/10 rule costs; asks at a terminal."""

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings
from gateway_support import import_stoves
from sqlmodel import select

from core.models import LedgerIssuance
from gateway.cli import ledger_warning, main
from gateway.wiring import Services, build_services

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 9, 15, 16, 30, tzinfo=UTC)
PERIOD = ["--from", "2025-07-01", "--to", "2026-06-30"]
# 40 stoves, 20 visited all in use: n < n_min = 30, so U = L = 20 / (20 + 1.6449^2) = 0.8808
# instead of p = 1. At U = p the period gives 22.90 t (22 issuable), at U = L 20.17 t (20).
FORGONE = (
    "U = 0.8808 is credited instead of p = 1.0000: the period forgoes 2 t (20 t now, 22 t at "
    "U = p); 10 more verified stoves would meet the 90/10 rule."
)


@pytest.fixture
def services(db_url: str, tmp_path: Path) -> Iterator[Services]:
    """40 stoves installed 1 January 2025, half of them visited in use; the clock stands still."""
    built = build_services(make_settings(db_url))
    built.clock = lambda: NOW
    import_stoves(built, tmp_path, visited=20)
    yield built
    built.engine.dispose()


def invoke(services: Services, *args: str, text: str | None = None) -> Result:
    """Run the command line on these services, with `text` typed on stdin."""
    return CliRunner().invoke(main, list(args), obj={"services": services}, input=text)


def issuances(services: Services) -> int:
    """How many periods the ledger holds as issued."""
    with services.uow() as uow:
        return len(uow.session.exec(select(LedgerIssuance)).all())


def test_at_a_terminal_a_no_leaves_the_period_open(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_warning, "at_terminal", lambda: True)

    result = invoke(services, "ledger", "issue", *PERIOD, "--by", "ana", text="n\n")

    assert result.exit_code == 1
    assert "freezes it" in result.stderr and '--adjustment "reason"' in result.stderr
    assert FORGONE in result.stderr
    assert "Issue 20 ITMOs for 2025-07-01..2026-06-30? [y/N]" in result.stderr
    assert result.stderr.endswith("qoncha: not issued: the period stays open\n")
    assert issuances(services) == 0


def test_at_a_terminal_a_yes_issues(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_warning, "at_terminal", lambda: True)

    result = invoke(services, "ledger", "issue", *PERIOD, "--by", "ana", text="y\n")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("issuance 1: 2025-07-01..2026-06-30, 20 ITMOs")
    assert issuances(services) == 1


def test_yes_skips_the_question_at_a_terminal(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_warning, "at_terminal", lambda: True)

    result = invoke(services, "ledger", "issue", *PERIOD, "--by", "ana", "--yes")

    assert result.exit_code == 0, result.stderr
    assert FORGONE in result.stderr and "[y/N]" not in result.stderr
    assert issuances(services) == 1


def test_without_a_terminal_it_warns_and_issues_as_before(
    services: Services, db_url: str, tmp_path: Path
) -> None:
    services.engine.dispose()
    env = {**os.environ, "DATABASE_URL": db_url, "SMS_PROVIDER": "console", "PYTHONPATH": str(ROOT)}

    done = subprocess.run(
        [sys.executable, "-c", "from gateway.cli import main; main()", "ledger", "issue",
         *PERIOD, "--by", "ana"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, cwd=tmp_path,
        timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "freezes it" in done.stderr and FORGONE in done.stderr
    assert "[y/N]" not in done.stderr
    assert done.stdout.startswith("issuance 1: 2025-07-01..2026-06-30, 20 ITMOs")
    assert issuances(services) == 1
