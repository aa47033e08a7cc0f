"""Every command taking a period reads its days alike: one line on stderr and exit 1 when wrong."""

from pathlib import Path

import pytest

from core.settings import Settings
from tests.e2e.gateway_support import invoke
from tests.support import make_settings

COMMANDS = {
    "report": ["report"],
    "ledger issue": ["ledger", "issue"],
    "export messages": ["export", "messages"],
    "sample draw": ["sample", "draw"],
}


@pytest.fixture
def no_db(tmp_path: Path) -> Settings:
    """Settings on a database file that is never created: these refusals come before it."""
    return make_settings(f"sqlite:///{tmp_path / 'unused.sqlite3'}")


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        # Month 13 does not exist.
        (
            ["--from", "2026-13-01", "--to", "2026-12-31"],
            "qoncha: --from '2026-13-01' is not a date (expected YYYY-MM-DD)\n",
        ),
        # 2025 is not a leap year, so 29 February is refused, on --to as well.
        (
            ["--from", "2025-01-01", "--to", "2025-02-29"],
            "qoncha: --to '2025-02-29' is not a date (expected YYYY-MM-DD)\n",
        ),
        # Python's own parser would read these ISO forms; the CLI promises only YYYY-MM-DD.
        (
            ["--from", "20250101", "--to", "2025-12-31"],
            "qoncha: --from '20250101' is not a date (expected YYYY-MM-DD)\n",
        ),
        (
            ["--from", "2025-W01-1", "--to", "2025-12-31"],
            "qoncha: --from '2025-W01-1' is not a date (expected YYYY-MM-DD)\n",
        ),
        (
            ["--from", "2025-06-30", "--to", "2025-06-29"],
            "qoncha: --to 2025-06-29 is before --from 2025-06-30\n",
        ),
    ],
    ids=["month-13", "not-a-leap-year", "basic-iso", "iso-week", "reversed"],
)
def test_a_bad_day_or_reversed_period_exits_1_with_one_line(
    no_db: Settings, tmp_path: Path, command: list[str], args: list[str], stderr: str
) -> None:
    result = invoke(no_db, *command, *args)

    assert result.exit_code == 1
    assert result.stderr == stderr
    assert result.stdout == ""
    assert not (tmp_path / "unused.sqlite3").exists()  # refused before touching the database


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS.values() if c != ["export", "messages"]], ids=str
)
@pytest.mark.parametrize(
    ("args", "missing"), [(["--to", "2025-12-31"], "--from"), (["--from", "2025-01-01"], "--to")]
)
def test_a_period_command_without_one_of_its_days_exits_1_with_one_line(
    no_db: Settings, command: list[str], args: list[str], missing: str
) -> None:
    result = invoke(no_db, *command, *args)

    assert result.exit_code == 1
    assert result.stderr == f"qoncha: {missing} DATE is required (YYYY-MM-DD)\n"


def test_a_one_day_period_is_a_period_not_a_reversed_one(db_url: str) -> None:
    args = ["export", "messages", "--from", "2025-06-30", "--to", "2025-06-30"]

    result = invoke(make_settings(db_url), *args)

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0].startswith("id,provider,provider_id,")  # the header
