"""Every command taking a period reads its days alike: one line on stderr and exit 1 when wrong."""

from datetime import date
from pathlib import Path

import pytest
from conftest import make_settings
from gateway_support import invoke

from core.settings import Settings

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


LATEST = "is after 2099-12-31, the latest date accepted"
FLOOR = "is before 2000-01-01, the earliest date accepted (PROGRAM_EARLIEST_DATE)"


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["--from", "2025-01-01", "--to", "9999-12-31"], f"--to 9999-12-31 {LATEST}"),
        (["--from", "0001-01-01", "--to", "2025-12-31"], f"--from 0001-01-01 {FLOOR}"),
        (["--from", "1900-01-01", "--to", "2025-12-31"], f"--from 1900-01-01 {FLOOR}"),
    ],
    ids=["year-9999", "year-1", "year-1900"],
)
def test_a_day_outside_the_programme_s_calendar_exits_1_with_one_line(
    no_db: Settings, command: list[str], args: list[str], stderr: str
) -> None:
    result = invoke(no_db, *command, *args)

    assert (result.exit_code, result.stderr, result.stdout) == (1, f"qoncha: {stderr}\n", "")


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["ledger", "export", "--format", "holdings", "--year", "9999"],
         "--year 9999 is outside 2000-2099"),
        (["ledger", "export", "--format", "actions", "--year", "0"],
         "--year 0 is outside 2000-2099"),
        (["ledger", "export", "--format", "holdings", "--year", "2025", "--as-at", "9999-12-31"],
         f"--as-at 9999-12-31 {LATEST}"),
        (["digest", "preview", "--coordinator", "1", "--week", "9999-W52"],
         f"--week 9999-W52 (from 9999-12-27) {LATEST}"),
        (["digest", "send", "--week", "2025-W53"],
         "--week '2025-W53' is not an ISO week like 2026-W48"),
    ],
    ids=["year-9999", "year-0", "as-at-9999", "week-9999", "week-53-of-52"],
)  # fmt: skip
def test_other_date_options_out_of_range_exit_1_with_one_line(
    db_url: str, args: list[str], stderr: str
) -> None:
    result = invoke(make_settings(db_url), *args)

    assert (result.exit_code, result.stderr, result.stdout) == (1, f"qoncha: {stderr}\n", "")


def test_the_earliest_date_accepted_is_a_setting(no_db: Settings) -> None:
    settings = no_db.model_copy(update={"program_earliest_date": date(2024, 3, 1)})

    result = invoke(settings, "report", "--from", "2024-02-29", "--to", "2024-12-31")

    assert result.stderr == (
        "qoncha: --from 2024-02-29 is before 2024-03-01, the earliest date accepted "
        "(PROGRAM_EARLIEST_DATE)\n"
    )


def test_imports_refuse_dates_outside_the_calendar_by_line_and_keep_the_rest(
    db_url: str, tmp_path: Path
) -> None:
    settings = make_settings(db_url)
    households = tmp_path / "households.csv"
    households.write_text(
        "stove_code,household_name,phone,district,community,installed_on,latitude,longitude,"
        "baseline_stove,decommissioned_on\n"
        "ANT001,Familia Quispe,,Anta,Ccollana,2025-01-10,,,open_fire,\n"
        "ANT002,Familia Huaman,,Anta,Ccollana,0001-01-01,,,open_fire,\n"
        "ANT003,Familia Mamani,,Anta,Pucyura,1900-01-01,,,open_fire,\n"
        "ANT004,Familia Condori,,Anta,Pucyura,2025-01-12,,,open_fire,9999-12-31\n",
        encoding="utf-8",
    )
    visits = tmp_path / "visits.csv"
    visits.write_text(
        "stove_code,visited_on,in_use,condition\nANT001,1999-12-31,si,good\n"
        "ANT001,2025-03-01,si,good\n",
        encoding="utf-8",
    )
    kpt = tmp_path / "kpt.csv"
    kpt.write_text(
        "campaign,phase,household,day,wood_kg,charcoal_kg,household_size\n"
        "K1,baseline,HH-1,0001-01-01,11.0,0,4\nK1,baseline,HH-1,2025-02-02,11.2,0,4\n",
        encoding="utf-8",
    )

    imported = [invoke(settings, name, "import", str(path))
                for name, path in (("households", households), ("visits", visits), ("kpt", kpt))]
    report = invoke(settings, "report", "--from", "2025-01-01", "--to", "2025-12-31")

    assert [r.stderr for r in imported] == [
        f"line 3: installed_on 0001-01-01 {FLOOR}\nline 4: installed_on 1900-01-01 {FLOOR}\n"
        f"line 5: decommissioned_on 9999-12-31 {LATEST}\n",
        f"line 2: visited_on 1999-12-31 {FLOOR}\n",
        f"line 2: day 0001-01-01 {FLOOR}\n",
    ]  # fmt: skip
    assert [r.stdout.split(": ")[1] for r in imported] == [
        "1 created, 0 updated, 0 unchanged, 3 errors\n",
        "1 created, 0 updated, 0 unchanged, 1 errors\n",
        "1 created, 0 updated, 0 unchanged, 1 errors\n",
    ]
    assert report.exit_code == 0, report.output
