"""The README's coordinator flow, read from the README itself and run command by command.

If the README's commands, block numbers or file paths drift from what qoncha does, this
fails; so does a demo programme that stops yielding tonnes to issue.
"""

import csv
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from core.settings import Settings
from gateway.cli import main
from tests.support import make_settings

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## From field data to ITMOs"


def coordinator_flow() -> list[list[str]]:
    """The command lines of the first `sh` block of the section, comments dropped."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the section has no sh block"
    lines = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [words for words in lines if words]


def run(settings: Settings, words: list[str]) -> Result:
    """Run one `qoncha ...` line in-process on the test database."""
    assert words[0] == "qoncha", words
    obj: dict[str, Any] = {"settings": settings}
    result = CliRunner().invoke(main, words[1:], obj=obj)
    services = obj.get("services")
    if services is not None:
        services.engine.dispose()
    return result


@pytest.fixture
def sqlite_settings(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """A migrated SQLite database, with the working folder a temporary one for the files."""
    database = tmp_path / "qoncha.sqlite3"
    shutil.copyfile(sqlite_template, database)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return make_settings(f"sqlite:///{database}")


def test_the_flow_parses_into_qoncha_commands() -> None:
    flow = coordinator_flow()

    assert [words[:2] for words in flow][:3] == [
        ["qoncha", "demo"],
        ["qoncha", "households"],
        ["qoncha", "sample"],
    ]
    assert all(words[0] == "qoncha" for words in flow)


def test_every_command_of_the_readme_flow_succeeds_with_real_figures(
    sqlite_settings: Settings,
) -> None:
    outputs: dict[str, str] = {}
    for words in coordinator_flow():
        result = run(sqlite_settings, words)
        assert result.exit_code == 0, f"{shlex.join(words)}\n{result.stdout}{result.stderr}"
        outputs[shlex.join(words[:3])] = result.stdout

    report = run(
        sqlite_settings, ["qoncha", "report", "--from", "2025-01-01", "--to", "2025-12-31"]
    )
    figures = json.loads(report.stdout)
    assert figures["stoves_installed"] >= 200
    assert figures["verification"]["n"] >= 60  # the whole main sample was visited
    assert 0.7 <= figures["verification"]["p"] <= 0.9
    assert 0.5 <= figures["self_report"]["response_rate"] <= 0.7
    assert figures["er_issuable_tco2e"] > 60  # the flow authorizes 60 of them
    assert figures["evidence"]["usage_messages"] > 5000
    assert Path("report-2025.html").read_text(encoding="utf-8").count("<table") >= 1
    issued = outputs["qoncha ledger issue"]
    assert f"{figures['er_issuable_tco2e']} ITMOs in 1 block(s)" in issued
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
    again = run(sqlite_settings, ["qoncha", "demo"])
    assert again.exit_code == 0, again.stderr
    first = outputs["qoncha demo --out"].splitlines()
    assert first[1].endswith(" received now, through the inbound service)")
    total = first[1].split()[3]
    assert first[1].startswith(f"SMS of 2025: {total} ({total} received now")
    visits = figures["verification"]["n"]
    assert again.stdout.splitlines() == [
        "households: 0 created, 0 updated, 320 unchanged, 0 errors",
        f"SMS of 2025: {total} (0 received now, through the inbound service)",
        "sample #1 for 2025 already drawn (seed 20250101)",
        f"visits: 0 created, 0 updated, {visits} unchanged, 0 errors",
    ]
