"""The ledger for the annual report: issuances reference the monitoring and verification
reports, year-end holdings are frozen in the hash chain, and `ledger verify` covers both."""

import importlib.util
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import make_settings
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select
from test_cli_ledger import HOLDING_HEADER, MOVED_AT, issue_sample, table
from test_cli_monitoring_report import YEAR, invoke, programme

from core.ledger.usecases import verify_ledger
from core.models import (
    LedgerChainEntry,
    LedgerHoldingsSnapshot,
    LedgerIssuance,
    LedgerReportReference,
    UsageObservation,
)
from gateway.wiring import Services, build_services

NEW_YEAR = datetime(2027, 1, 5, 14, 0, tzinfo=UTC)
_MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations/versions/0016_buyer_report_references_holdings.py"
)


@contextmanager
def annual_triggers_dropped(engine: Engine) -> Iterator[None]:
    """Drop the new tables' append-only triggers, as the database's owner could."""
    spec = importlib.util.spec_from_file_location("annual_ledger_revision", _MIGRATION)
    assert spec is not None and spec.loader is not None
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    with engine.begin() as conn:
        for statement in revision.drop_triggers(engine.dialect.name):
            conn.execute(text(statement))
    try:
        yield
    finally:
        with engine.begin() as conn:
            for statement in revision.create_triggers(engine.dialect.name):
                conn.execute(text(statement))


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    """The monitoring-report tests' households, visits, SMS weeks and KPT campaign."""
    with programme(db_url) as built:
        yield built


def write_package(services: Services, tmp_path: Path, *period: str) -> tuple[Path, str]:
    """The period's monitoring-report zip and the package digest the command printed."""
    package = tmp_path / f"mr-{len(list(tmp_path.iterdir()))}.zip"
    written = invoke(services, "monitoring-report", *(period or YEAR), "--out", str(package))
    assert written.exit_code == 0, written.stderr
    digest = re.search(r"package sha256 \(of .*\): ([0-9a-f]{64})", written.stdout)
    assert digest is not None
    return package, digest.group(1)


def kinds(services: Services) -> list[str]:
    """The hash chain's kinds in order."""
    with services.uow() as uow:
        links = uow.session.exec(select(LedgerChainEntry).order_by(LedgerChainEntry.seq))
        return [link.kind for link in links]


def test_an_issuance_references_its_monitoring_and_verification_reports_in_the_chain(
    services: Services, tmp_path: Path
) -> None:
    package, digest = write_package(services, tmp_path)
    with zipfile.ZipFile(package) as archive:
        summary = json.loads(archive.read("monitoring_report.json"))

    references = ["--monitoring-report", str(package), "--verification-report", "VR-2026-014"]
    issued = invoke(services, "ledger", "issue", *YEAR, "--by", "ana", *references)

    assert issued.exit_code == 0, issued.stderr
    assert issued.stdout.splitlines()[1] == (
        f"  monitoring report {summary['monitoring_report_id']} (sha256 {digest}), "
        "verification report VR-2026-014"
    )
    with services.uow() as uow:
        reference = uow.session.exec(select(LedgerReportReference)).one()
        issuance = uow.session.exec(select(LedgerIssuance)).one()
    assert (reference.issuance_id, reference.verification_report) == (issuance.id, "VR-2026-014")
    assert reference.monitoring_report_id == summary["monitoring_report_id"]
    assert reference.monitoring_report_sha256 == digest
    assert issuance.report_digest == summary["report_digest"]
    assert kinds(services)[:2] == ["issuance", "references"]
    # The year-end holdings name, block by block, the reports their issuance rests on.
    services.clock = lambda: NEW_YEAR
    assert invoke(services, "ledger", "holdings", "--as-at", "2026-12-31").exit_code == 0
    with services.uow() as uow:
        frozen = json.loads(uow.session.exec(select(LedgerHoldingsSnapshot)).one().content)
    assert [
        (h["monitoring_report_id"], h["monitoring_report_sha256"], h["verification_report"])
        for h in frozen["holdings"]
    ] == [(summary["monitoring_report_id"], digest, "VR-2026-014")]
    verified = invoke(services, "ledger", "verify")
    assert verified.exit_code == 0, verified.stdout
    assert f"hash chain: {len(kinds(services))} links" in verified.stdout


def test_issue_refuses_a_changed_stale_or_other_package_and_issues_nothing(
    services: Services, tmp_path: Path
) -> None:
    other, _ = write_package(services, tmp_path, "--from", "2025-01-01", "--to", "2025-06-30")
    package, _ = write_package(services, tmp_path)
    folder = tmp_path / "mr-folder"
    assert invoke(services, "monitoring-report", *YEAR, "--out", str(folder)).exit_code == 0
    (folder / "data/stoves.csv").write_text("stove,household\n", encoding="utf-8")
    with services.uow() as uow:  # an SMS arrives after the package was written
        late = services.clock() - timedelta(hours=1)
        uow.session.add(
            UsageObservation(stove_id=1, week="2025-W40", days_used=7, reported_at=late)
        )
        uow.commit()

    for path, reason in (
        (folder, "fails its manifest: data/stoves.csv is missing or changed"),
        (other, "is not of the period 2025-01-01..2025-12-31"),
        (package, "was computed from other evidence than this issuance"),
    ):
        refused = invoke(services, "ledger", "issue", *YEAR, "--monitoring-report", str(path))
        assert refused.exit_code == 1
        assert reason in refused.stderr

    with services.uow() as uow:
        assert uow.session.exec(select(LedgerIssuance)).all() == []


@pytest.fixture
def year_end(db_url: str) -> Iterator[Services]:
    """Issued on 1 August 2026 (test_cli_ledger), block 1 authorized on 15 September 2026;
    its clock in January 2027, when block 2 is authorized (after the year's end)."""
    built = build_services(make_settings(db_url, ITMO_AUTHORIZATION_VERSION="v1"))
    issue_sample(built)
    built.clock = lambda: MOVED_AT
    assert invoke(built, "ledger", "authorize", "--block", "1").exit_code == 0
    built.clock = lambda: NEW_YEAR
    assert invoke(built, "ledger", "authorize", "--block", "2").exit_code == 0
    yield built
    built.engine.dispose()


def test_holdings_are_frozen_once_and_a_difference_is_a_new_record(
    year_end: Services, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "holdings.csv"

    first = invoke(year_end, "ledger", "holdings", "--as-at", "2026-12-31", "--out", str(out))
    again = invoke(year_end, "ledger", "holdings", "--as-at", "2026-12-31")

    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("holdings as at 2026-12-31 frozen as snapshot 1: 2 block(s)")
    header, *rows = table(out.read_text(encoding="utf-8"))
    assert header == HOLDING_HEADER
    assert [row[6:] for row in rows] == [["51", "Authorized", "v1"], ["50", "Issued", "v1"]]
    assert again.exit_code == 0
    assert again.stderr.startswith("holdings as at 2026-12-31 already frozen as snapshot 1")
    assert table(again.stdout) == [HOLDING_HEADER, *rows]
    assert kinds(year_end).count("holdings") == 1
    # A new authorization version: a correction appended, the first snapshot untouched.
    amended = build_services(make_settings(db_url, ITMO_AUTHORIZATION_VERSION="v2"))
    amended.clock = lambda: NEW_YEAR
    corrected = invoke(amended, "ledger", "holdings", "--as-at", "2026-12-31", "--note", "v2")
    assert "frozen as snapshot 2, correcting 1" in corrected.stderr
    with amended.uow() as uow:
        snapshots = uow.session.exec(select(LedgerHoldingsSnapshot)).all()
    assert [(s.id, s.corrects_id, s.authorization_version) for s in snapshots] == [
        (1, None, "v1"), (2, 1, "v2"),
    ]  # fmt: skip
    assert kinds(amended)[-1] == "holdings"
    # The sample issuance stored no parameters: verify the ledger without recomputing reports.
    verified = verify_ledger(amended.uow())
    assert (verified.problems, verified.links) == ([], len(kinds(amended)))
    amended.engine.dispose()


def test_holdings_are_frozen_only_as_at_a_past_31_december(year_end: Services) -> None:
    for day, reason in (
        ("2026-06-30", "holdings are frozen as at 31 December, not 2026-06-30"),
        ("2027-12-31", "2027-12-31 is not over yet"),
    ):
        refused = invoke(year_end, "ledger", "holdings", "--as-at", day)
        assert refused.exit_code == 1
        assert reason in refused.stderr
    assert "holdings" not in kinds(year_end)


def test_verify_names_a_frozen_snapshot_changed_behind_the_ledger(year_end: Services) -> None:
    assert invoke(year_end, "ledger", "holdings", "--as-at", "2026-12-31").exit_code == 0
    with annual_triggers_dropped(year_end.engine), year_end.engine.begin() as conn:
        conn.execute(
            text("UPDATE ledger_holdings_snapshots SET content = replace(content, :old, :new)"),
            {"old": '"quantity":51', "new": '"quantity":61'},
        )

    problems = verify_ledger(year_end.uow()).problems

    assert problems[0].startswith("ledger holdings 1 no longer matches chain link 8: content")
    assert problems[1:] == [
        "holdings snapshot 1 (2026-12-31): digest does not match",
        "holdings snapshot 1 (2026-12-31) differs from the holdings the ledger's records give "
        "for that day",
    ]


def test_the_tables_say_when_no_authorization_version_is_set(db_url: str) -> None:
    built = build_services(make_settings(db_url))
    issue_sample(built)

    result = invoke(built, "ledger", "export", "--format", "holdings", "--year", "2025")

    assert result.exit_code == 0
    assert result.stderr == "qoncha: warning: ITMO_AUTHORIZATION_VERSION is not set\n"
    assert [row[-1] for row in table(result.stdout)] == ["Authorization version", ""]
    built.engine.dispose()
