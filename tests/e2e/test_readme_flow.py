"""The README's coordinator flow, read from the README itself and run command by command.

If the README's commands, block numbers or file paths drift from what qoncha does, this
fails; so does a demo programme that stops yielding tonnes to issue. The demo is dated from
today, and the README's dates are those of a demo loaded in December 2026: the clock is
frozen there.
"""

import csv
import json
import re
import shlex
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import make_settings

from gateway.cli import main
from gateway.wiring import Services, build_services

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## From field data to ITMOs"
NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)  # a Sunday: the demo's SMS end with week 48


def coordinator_flow() -> list[list[str]]:
    """The command lines of the first `sh` block of the section, comments dropped."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the section has no sh block"
    lines = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [words for words in lines if words]


def run(services: Services, words: list[str]) -> Result:
    """Run one `qoncha ...` line in-process on the test database."""
    assert words[0] == "qoncha", words
    obj: dict[str, Any] = {"services": services}
    return CliRunner().invoke(main, words[1:], obj=obj)


@pytest.fixture
def sqlite_services(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """A migrated SQLite database, the clock frozen at NOW, the working folder a temporary one."""
    database = tmp_path / "qoncha.sqlite3"
    shutil.copyfile(sqlite_template, database)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    services = build_services(make_settings(f"sqlite:///{database}"))
    services.clock = lambda: NOW
    yield services
    services.engine.dispose()


def test_the_flow_parses_into_qoncha_commands() -> None:
    flow = coordinator_flow()

    assert [words[:2] for words in flow][:3] == [
        ["qoncha", "demo"],
        ["qoncha", "households"],
        ["qoncha", "sample"],
    ]
    assert all(words[0] == "qoncha" for words in flow)


def test_every_command_of_the_readme_flow_succeeds_with_real_figures(
    sqlite_services: Services,
) -> None:
    services = sqlite_services
    outputs: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for words in coordinator_flow():
        result = run(services, words)
        assert result.exit_code == 0, f"{shlex.join(words)}\n{result.stdout}{result.stderr}"
        outputs[shlex.join(words[:3])] = result.stdout
        warnings[shlex.join(words[:3])] = result.stderr

    report = run(services, ["qoncha", "report", "--from", "2025-01-01", "--to", "2025-12-31"])
    figures = json.loads(report.stdout)
    assert figures["stoves_installed"] >= 200
    assert figures["verification"]["n"] >= 60  # the whole main sample was visited
    assert 0.7 <= figures["verification"]["p"] <= 0.9
    assert figures["er_issuable_tco2e"] > 60  # the flow authorizes 60 of them
    # The SMS are those of the 52 weeks before NOW's week: 2025-W49 to 2026-W48.
    twelve = run(services, ["qoncha", "report", "--from", "2025-12-01", "--to", "2026-11-29"])
    sms = json.loads(twelve.stdout)
    assert 0.5 <= sms["self_report"]["response_rate"] <= 0.7
    assert sms["evidence"]["usage_messages"] > 5000
    assert Path("report-2025.html").read_text(encoding="utf-8").count("<table") >= 1
    issued = outputs["qoncha ledger issue"]
    assert f"{figures['er_issuable_tco2e']} ITMOs in 1 block(s)" in issued
    # Without a terminal it warns and issues; the 90/10 rule's cost is in tonnes.
    warned = warnings["qoncha ledger issue"]
    assert "freezes it" in warned
    assert re.search(r"forgoes \d+ t \(\d+ t now, \d+ t at U = p\)", warned), warned
    assert outputs["qoncha ledger authorize"] == "block 2: authorize recorded\n"
    assert outputs["qoncha ledger first-transfer"] == "block 2: first-transfer recorded\n"
    with Path("actions-2025.csv").open(encoding="utf-8") as stream:
        actions = [row["Action type"] for row in csv.DictReader(stream)]
    assert actions == ["Issuance", "Authorization", "First transfer"]
    with Path("holdings-2025.csv").open(encoding="utf-8") as stream:
        holdings = [(row["Quantity"], row["State"]) for row in csv.DictReader(stream)]
    rest = str(figures["er_issuable_tco2e"] - 60)
    assert holdings == [("60", "First transferred"), (rest, "Issued")]

    # `make run` loads the demo each time: again, it finds everything loaded.
    again = run(services, ["qoncha", "demo"])
    assert again.exit_code == 0, again.stderr
    first = outputs["qoncha demo --out"].splitlines()
    assert first[1].endswith(" received now, through the inbound service)")
    total = first[1].split()[3]
    assert first[1].startswith(f"SMS since 2025-12-01: {total} ({total} received now")
    samples = [line.replace("drawn now", "already drawn") for line in first[2:4]]
    assert samples[0].startswith("sample #1 for 2025 already drawn (seed 20250101): 86 of 86")
    assert samples[1].startswith("sample #2 for 2026 already drawn (seed 20260101): ")
    visits = first[4].split()[1]
    assert again.stdout.splitlines()[:5] == [
        "households: 0 created, 0 updated, 320 unchanged, 0 errors",
        f"SMS since 2025-12-01: {total} (0 received now, through the inbound service)",
        *samples,
        f"visits: 0 created, 0 updated, {visits} unchanged, 0 errors",
    ]
    assert [line.split(":")[0] for line in again.stdout.splitlines()[5:]] == [
        "staff #1 coordinator Coordinadora Demo", "staff #2 technician Técnico Demo"]


def test_the_demo_is_a_living_programme_in_the_default_digest(sqlite_services: Services) -> None:
    services = sqlite_services
    assert run(services, ["qoncha", "demo"]).exit_code == 0

    digest = run(services, ["qoncha", "digest", "preview", "--coordinator", "1"])
    silent = run(services, ["qoncha", "households", "silent"])

    assert digest.exit_code == 0, digest.stderr
    lines = digest.stdout.splitlines()
    assert lines[0] == "Resumen semanal 2026-W48 - Coordinadora Demo"  # last week, not 2025
    reports = int(lines[2].split()[1])
    assert reports > 100
    visited = re.search(r"Visitas de verificación: (\d+) de (\d+)", digest.stdout)
    assert visited is not None and 0 < int(visited[1]) < int(visited[2])  # partly visited
    assert "Reclamos abiertos: 4" in lines
    assert "Mensajes por revisar: 5 (/revisar)" in lines
    count = re.search(r"Hogares en silencio: (\d+)", digest.stdout)
    assert count is not None and int(count[1]) > 0
    assert len(silent.stdout.splitlines()) == int(count[1])  # the one definition
