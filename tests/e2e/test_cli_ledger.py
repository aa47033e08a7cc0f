"""The real `qoncha ledger` commands: moves, show, the Article 6.2 export layouts and verify."""

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings
from gateway_support import import_stoves
from sqlmodel import select

from core.ledger.itmo import ItmoIdentity
from core.ledger.usecases import issue_period
from core.models import LedgerBlock, LedgerIssuance, LedgerRecord
from core.monitoring.report import compute_report
from gateway.cli import main
from gateway.wiring import Services, build_services

ISSUED_AT = datetime(2026, 8, 1, 15, 0, tzinfo=UTC)
MOVED_AT = datetime(2026, 9, 15, 16, 30, tzinfo=UTC)  # 15 September 2026 in Lima too
PREFIX = "PE-CH-TUKIWASI-PE-RENAMI-PE"
AUTHORIZATION = "PE-2025-v2"  # ITMO_AUTHORIZATION_VERSION, last column of both tables
ACTION_HEADER = [
    "Action ID",
    "Action date",
    "Action type",
    "Cooperative approach ID",
    "First transferring participating Party",
    "Originating registry",
    "Vintage",
    "First unique identifier",
    "Last unique identifier",
    "Quantity",
    "Transferring participating Party / acquiring participating Party",
    "Purposes for cancellation/use",
    "First transfer",
    "Authorization version",
]
HOLDING_HEADER = [
    "Cooperative approach ID",
    "Originating registry",
    "First transferring Party",
    "Vintage",
    "First unique identifier",
    "Last unique identifier",
    "Quantity",
    "State",
    "Authorization version",
]


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    """Services on the test database whose clock stands still at MOVED_AT."""
    built = build_services(make_settings(db_url, ITMO_AUTHORIZATION_VERSION=AUTHORIZATION))
    built.clock = lambda: MOVED_AT
    yield built
    built.engine.dispose()


@pytest.fixture
def issued(services: Services) -> Services:
    """2025-07-01..2026-06-30 issued on 1 August 2026 (see `issue_sample`)."""
    return issue_sample(services)


def issue_sample(services: Services) -> Services:
    """2025-07-01..2026-06-30 issued on 1 August 2026: block 1 = 2025 #1-51, block 2 = 2026 #52-101.

    101 t over 18,400 + 18,100 stove-days: quotas 50.92 and 50.08 -> 51 and 50.
    """
    issue_period(
        services.uow(),
        period_start=date(2025, 7, 1),
        period_end=date(2026, 6, 30),
        issuable_tonnes=101,
        er_tco2e=101.4,
        stove_days_by_year={2025: 18400, 2026: 18100},
        report_digest="cd" * 32,
        methodology_version="13.1",
        identity=ItmoIdentity("PE-CH-TUKIWASI", "PE-RENAMI", "PE"),
        actor="ana",
        now=ISSUED_AT,
    )
    return services


def invoke(services: Services, *args: str) -> Result:
    """Run the command line on these services."""
    return CliRunner().invoke(main, list(args), obj={"services": services})


def table(text: str) -> list[list[str]]:
    """Parse CSV text into rows."""
    return list(csv.reader(io.StringIO(text)))


def test_moves_then_the_actions_export_follows_the_agreed_electronic_format(
    issued: Services,
) -> None:
    authorized = invoke(issued, "ledger", "authorize", "--block", "1", "--quantity", "20")
    assert (authorized.exit_code, authorized.stdout) == (0, "block 3: authorize recorded\n")
    # Block 3 holds serials 1-20 (block 4 keeps 21-51 issued).
    assert invoke(issued, "ledger", "first-transfer", "--block", "3", "--to", "CH").exit_code == 0
    used = invoke(issued, "ledger", "use", "--block", "3", "--note", "CH NDC 2021-2030")
    assert used.exit_code == 0

    # --year is the vintage: 2025's ITMOs, although every action on them was taken in 2026.
    result = invoke(issued, "ledger", "export", "--format", "actions", "--year", "2025")

    assert (result.exit_code, result.stderr) == (0, "")
    header, *rows = table(result.stdout)
    assert header == ACTION_HEADER
    assert [row[1:] for row in rows] == [
        ["2026-08-01", "Issuance", "PE-CH-TUKIWASI", "PE", "PE-RENAMI", "2025",
         f"{PREFIX}-2025-1", f"{PREFIX}-2025-51", "51", "PE", "", "No", AUTHORIZATION],
        ["2026-09-15", "Authorization", "PE-CH-TUKIWASI", "PE", "PE-RENAMI", "2025",
         f"{PREFIX}-2025-1", f"{PREFIX}-2025-20", "20", "PE", "", "No", AUTHORIZATION],
        ["2026-09-15", "First transfer", "PE-CH-TUKIWASI", "PE", "PE-RENAMI", "2025",
         f"{PREFIX}-2025-1", f"{PREFIX}-2025-20", "20", "PE / CH", "", "Yes", AUTHORIZATION],
        ["2026-09-15", "Use", "PE-CH-TUKIWASI", "PE", "PE-RENAMI", "2025",
         f"{PREFIX}-2025-1", f"{PREFIX}-2025-20", "20", "CH", "CH NDC 2021-2030", "No",
         AUTHORIZATION],
    ]  # fmt: skip
    assert len({row[0] for row in rows}) == 4  # action ids are unique
    vintage_2026 = invoke(issued, "ledger", "export", "--format", "actions", "--year", "2026")
    assert [row[2:4] + row[6:7] for row in table(vintage_2026.stdout)[1:]] == [
        ["Issuance", "PE-CH-TUKIWASI", "2026"]
    ]
    # Recorded by the end of 31 August 2026: the issuance only.
    august = ["--format", "actions", "--year", "2025", "--as-at", "2026-08-31"]
    assert [row[2] for row in table(invoke(issued, "ledger", "export", *august).stdout)[1:]] == [
        "Issuance"
    ]


def test_an_export_with_nothing_of_that_vintage_says_so(issued: Services) -> None:
    result = invoke(issued, "ledger", "export", "--format", "actions", "--year", "2024")

    assert result.exit_code == 0
    assert table(result.stdout) == [ACTION_HEADER]
    assert result.stderr == "qoncha: no ITMO of vintage 2024 in the ledger: header only\n"


def test_holdings_of_a_vintage_list_every_live_block_with_its_state(
    issued: Services, tmp_path: Path
) -> None:
    invoke(issued, "ledger", "authorize", "--block", "1", "--quantity", "20")
    invoke(issued, "ledger", "cancel", "--block", "2", "--note", "voluntary")
    out = tmp_path / "holdings-2025.csv"

    args = ["export", "--format", "holdings", "--year", "2025", "--out", str(out)]
    result = invoke(issued, "ledger", *args)

    assert (result.exit_code, result.stdout) == (0, "")
    header, *rows = table(out.read_text(encoding="utf-8"))
    assert header == HOLDING_HEADER
    assert rows == [
        ["PE-CH-TUKIWASI", "PE-RENAMI", "PE", "2025", f"{PREFIX}-2025-1", f"{PREFIX}-2025-20",
         "20", "Authorized", AUTHORIZATION],
        ["PE-CH-TUKIWASI", "PE-RENAMI", "PE", "2025", f"{PREFIX}-2025-21", f"{PREFIX}-2025-51",
         "31", "Issued", AUTHORIZATION],
    ]  # fmt: skip
    vintage_2026 = invoke(issued, "ledger", "export", "--format", "holdings", "--year", "2026")
    cancelled = [row[6:] for row in table(vintage_2026.stdout)[1:]]
    assert cancelled == [["50", "Cancelled", AUTHORIZATION]]
    # As at 31 December 2025 nothing had been issued yet.
    before = ["--format", "holdings", "--year", "2025", "--as-at", "2025-12-31"]
    assert table(invoke(issued, "ledger", "export", *before).stdout) == [HOLDING_HEADER]
    # As at 31 August 2026: issued, not yet authorized.
    august = ["--format", "holdings", "--year", "2025", "--as-at", "2026-08-31"]
    assert [row[6:] for row in table(invoke(issued, "ledger", "export", *august).stdout)[1:]] == [
        ["51", "Issued", AUTHORIZATION]
    ]


def test_show_lists_live_blocks_with_their_identifiers(issued: Services) -> None:
    invoke(issued, "ledger", "authorize", "--block", "2", "--quantity", "10")

    lines = invoke(issued, "ledger", "show").stdout.splitlines()

    assert len(lines) == 4  # header + blocks 1, 3 (52-61 authorized), 4 (62-101 issued)
    assert lines[2].split() == [
        *("3", "2026", "authorized", "10", "PE"),
        *(f"{PREFIX}-2026-52", "..", f"{PREFIX}-2026-61"),
    ]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            ["use", "--block", "1"],
            "block 1: cannot use a block in state issued "
            "(allowed from: authorized, first_transferred, transferred)",
        ),
        (
            ["authorize", "--block", "1", "--quantity", "52"],
            "block 1 holds 51 ITMOs; cannot move 52",
        ),
        (["first-transfer", "--block", "1"], "first-transfer needs the acquiring Party (--to)"),
        (["cancel", "--block", "9"], "no ledger block 9"),
    ],
    ids=["out-of-order", "too-many", "no-party", "no-block"],
)
def test_refused_moves_exit_1_with_one_line(issued: Services, args: list[str], reason: str) -> None:
    result = invoke(issued, "ledger", *args)
    assert result.exit_code == 1
    assert result.stderr == f"qoncha: {reason}\n"


def test_a_period_ending_before_it_starts_is_refused(services: Services) -> None:
    result = invoke(services, "ledger", "issue", "--from", "2026-06-30", "--to", "2026-01-01")
    assert result.exit_code == 1
    assert result.stderr == "qoncha: --to 2026-01-01 is before --from 2026-06-30\n"


def test_verify_says_ok_then_lists_a_forged_overlap_and_exits_1(
    services: Services, tmp_path: Path
) -> None:
    issued = services
    assert issue_real(issued, tmp_path).exit_code == 0
    invoke(issued, "ledger", "authorize", "--block", "1", "--quantity", "5")
    ok = invoke(issued, "ledger", "verify")
    assert ok.exit_code == 0
    assert ok.stdout.splitlines()[0] == "ledger OK: 3 blocks, 22 ITMOs"
    assert re.fullmatch(r"hash chain: 11 links, head [0-9a-f]{64}", ok.stdout.splitlines()[1])

    with issued.uow() as uow:
        forged = LedgerBlock(
            issuance_id=1, vintage=2026, serial_first=20, serial_last=22, created_at=MOVED_AT
        )
        uow.session.add(forged)
        uow.session.flush()
        record = LedgerRecord(
            block_id=forged.id or 0,
            seq=1,
            action="issue",
            state_after="issued",
            quantity=3,
            at=MOVED_AT,
        )
        uow.session.add(record)
        uow.commit()
    bad = invoke(issued, "ledger", "verify")

    assert bad.exit_code == 1
    lines = bad.stdout.splitlines()
    assert "serials 20..22 held twice: blocks 2 and 5 overlap" in lines
    assert "ledger block 5 is not in the hash chain" in lines
    assert "ledger record 7 (block 5, seq 1) is not in the hash chain" in lines
    assert bad.stderr.startswith("qoncha: ledger has ") and bad.stderr.count("\n") == 1


def issue_real(services: Services, tmp_path: Path) -> Result:
    """40 stoves from 1 January 2025, all 40 visited in use; issue 2025-07-01..2026-06-30."""
    import_stoves(services, tmp_path)
    return invoke(
        services, "ledger", "issue", "--from", "2025-07-01", "--to", "2026-06-30", "--by", "ana"
    )


def test_issue_turns_the_monitoring_report_into_vintage_blocks_once(
    services: Services, tmp_path: Path
) -> None:
    # 40 stoves x 365 days = 14,600 stove-days (7,360 in 2025, 7,240 in 2026). All 40 visited
    # stoves in use: Wilson L = 40 / 42.7055 = 0.9366, precision 6.3 % and n >= 30, so U = 1.
    # S = 0.0096 x (1 - 0.10/0.25) = 0.00576 t/stove-day;
    # ER = 14,600 x 0.00576 x 0.30 x 0.015 x 63.7 x 0.95 = 22.90 t -> 22 issuable.
    # 22 t split 7,360 : 7,240 -> quotas 11.09 and 10.91 -> 11 + 10, spare to 2026 -> 11 + 11.
    args = ["ledger", "issue", "--from", "2025-07-01", "--to", "2026-06-30", "--by", "ana"]

    result = issue_real(services, tmp_path)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "issuance 1: 2025-07-01..2026-06-30, 22 ITMOs in 2 block(s)",
        f"  block 1  vintage 2025  11 ITMOs  {PREFIX}-2025-1 .. {PREFIX}-2025-11",
        f"  block 2  vintage 2026  11 ITMOs  {PREFIX}-2026-12 .. {PREFIX}-2026-22",
        "  label: not CCP (methodology rejected 2025-03-07; every integrity condition passed: no)",
    ]
    report = compute_report(
        services.uow(),
        period_start=date(2025, 7, 1),
        period_end=date(2026, 6, 30),
        parameters=services.parameters(),
        tz=services.settings.program_timezone,
        now=MOVED_AT,
    )
    with services.uow() as uow:
        issuance = uow.session.exec(select(LedgerIssuance)).one()
    assert (issuance.report_digest, issuance.issued_by) == (report.digest, "ana")
    again = invoke(services, *args)
    assert again.exit_code == 1
    assert "overlaps issuance 1" in again.stderr


def test_verify_checks_a_published_head_and_refuses_one_not_in_the_chain(
    services: Services, tmp_path: Path
) -> None:
    assert issue_real(services, tmp_path).exit_code == 0
    head = invoke(services, "ledger", "verify").stdout.splitlines()[-1].split()[-1]

    found = invoke(services, "ledger", "verify", "--expect-head", head)
    missing = invoke(services, "ledger", "verify", "--expect-head", "ab" * 32)
    malformed = invoke(services, "ledger", "verify", "--expect-head", "abc")

    assert found.exit_code == 0
    assert found.stdout.splitlines()[0] == "published head found: chain link 5 of 5"
    assert missing.exit_code == 1
    assert missing.stdout.splitlines()[0] == (
        f"the published head {'ab' * 32} is not in the hash chain (5 links): "
        "the ledger was emptied or rewritten since it was published"
    )
    assert malformed.stderr == "qoncha: --expect-head must be a 64-character hex SHA-256 hash\n"
