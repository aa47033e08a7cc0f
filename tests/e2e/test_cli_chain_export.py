"""`ledger export --format chain` checked by the standalone script printed in the README."""

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings

from core.itmo import ItmoIdentity
from core.services.ledger import issue_period, move_block
from gateway.cli import main
from gateway.wiring import Services, build_services

NOW = datetime(2026, 9, 15, 16, 30, tzinfo=UTC)
README = Path(__file__).resolve().parents[2] / "README.md"


def readme_script() -> str:
    """The README's chain-checking script, exactly as printed."""
    found = re.search(r"```python\n(# check_chain\.py.*?)```", README.read_text(), re.DOTALL)
    assert found, "the README prints no check_chain.py"
    return found.group(1)


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    built = build_services(make_settings(db_url))
    built.clock = lambda: NOW
    issue_period(
        built.uow(),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        issuable_tonnes=10,
        er_tco2e=10.5,
        stove_days_by_year={2025: 365},
        report_digest="ab" * 32,
        methodology_version="13.1",
        identity=ItmoIdentity("PE-CH-TUKIWASI", "PE-RENAMI", "PE"),
        actor="ana",
        now=NOW,
    )
    move_block(built.uow(), block_id=1, action="authorize", quantity=4, actor="ana", now=NOW)
    yield built
    built.engine.dispose()


def invoke(services: Services, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), obj={"services": services})


def check(script: Path, chain: Path) -> subprocess.CompletedProcess[str]:
    """Run the README's script as an outside verifier would: plain Python, no qoncha."""
    return subprocess.run(
        [sys.executable, "-I", str(script), str(chain)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_readme_script_checks_the_exported_chain_and_catches_an_edit(
    services: Services, tmp_path: Path
) -> None:
    chain = tmp_path / "chain.jsonl"
    exported = invoke(services, "ledger", "export", "--format", "chain", "--out", str(chain))
    assert exported.exit_code == 0, exported.stderr
    links = [json.loads(line) for line in chain.read_text().splitlines()]
    # issuance, block, issue record; split: 2 children, the parent's split record, 2 child
    # records; the authorize record.
    assert [link["kind"] for link in links] == [
        "issuance", "block", "record", "block", "block", "record", "record", "record", "record",
    ]  # fmt: skip
    assert json.loads(links[0]["content"])["er_tco2e"] == 10.5
    script = tmp_path / "check_chain.py"
    script.write_text(readme_script(), encoding="utf-8")

    ok = check(script, chain)
    assert ok.returncode == 0, ok.stderr
    head = invoke(services, "ledger", "verify").stdout.splitlines()[-1].split()[-1]
    assert ok.stdout == f"chain OK: 9 links, head {head}\n"

    forged = chain.read_text().replace('\\"er_tco2e\\":10.5', '\\"er_tco2e\\":99.0')
    assert forged != chain.read_text()
    chain.write_text(forged)
    bad = check(script, chain)
    assert bad.returncode == 1
    assert bad.stderr == "link 1 (issuance 1): content changed\n"
