"""`qoncha simulate` in-process, then `qoncha export usage`: a household's SMS seen end to end."""

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner, Result

from core.messaging import texts
from core.periods import report_week
from gateway.cli import main
from gateway.wiring import Services
from tests.e2e.gateway_support import PHONE, seed_stove


def run(services: Services, *args: str) -> Result:
    obj: dict[str, Any] = {"settings": services.settings, "services": services}
    return CliRunner().invoke(main, list(args), obj=obj)


@pytest.mark.parametrize("provider", ["android", "twilio"])
def test_simulated_registration_and_report_are_answered_and_exported(
    services_with: Callable[..., Services], provider: str
) -> None:
    services = services_with()
    # The simulator signs with the wall clock and the webhook checks against services.clock:
    # freeze the clock at the real present so both agree (and the week is fixed for the test).
    now = datetime.now(UTC)
    services.clock = lambda: now
    week = report_week(now, services.settings.program_timezone)
    seed_stove(services)
    registered = run(services, "simulate", "--provider", provider, PHONE, "REGISTRO ABC123")
    assert registered.exit_code == 0, registered.output
    assert texts.REGISTER_DONE.format(code="ABC123") in registered.output
    reported = run(services, "simulate", "--provider", provider, "987654321", "uso 5")
    assert reported.exit_code == 0, reported.output
    assert texts.USAGE_RECORDED.format(days=5, week=week) in reported.output
    exported = run(services, "export", "usage")
    assert exported.exit_code == 0, exported.output
    [row] = list(csv.DictReader(io.StringIO(exported.output)))
    assert (row["stove_code"], row["week"], row["days_used"]) == ("ABC123", week, "5")
    assert row["provider"] == provider


def test_simulating_against_an_unreachable_gateway_fails_in_one_line(
    services_with: Callable[..., Services],
) -> None:
    services = services_with()
    result = run(services, "simulate", "--url", "http://127.0.0.1:9", PHONE, "AYUDA")
    assert result.exit_code == 1
    assert "cannot reach http://127.0.0.1:9" in result.output
