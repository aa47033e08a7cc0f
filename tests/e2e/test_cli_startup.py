"""The command line starts light, lists every command, and says what it did and where.

Speed itself is measured by bench/cli_startup.py; these tests check the behaviour that
keeps it: nothing heavy is imported to list commands, and the list matches the commands.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gateway.cli import COMMANDS, main
from tests.support import make_settings

pytestmark = pytest.mark.slow  # fresh interpreters in subprocesses

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "scipy", "numpy", "matplotlib", "twilio", "telegram", "android_sms_gateway", "alembic",
    "flask", "sqlalchemy", "sqlmodel", "apscheduler", "pydantic", "requests",
)  # fmt: skip


def _modules_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after running `code`."""
    probe = f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    last = done.stdout.strip().splitlines()[-1]
    return {name.split(".")[0] for name in json.loads(last)}


def test_listing_the_commands_imports_no_heavy_library() -> None:
    code = (
        "from click.testing import CliRunner\nfrom gateway.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0"
    )

    loaded = _modules_after(code)

    assert not loaded & set(HEAVY)


def test_the_export_commands_import_no_statistics_or_plotting() -> None:
    loaded = _modules_after("import gateway.cli.export, gateway.cli.households")

    assert not loaded & {"scipy", "matplotlib", "numpy", "twilio", "telegram", "alembic"}


def test_the_command_table_names_every_command_with_its_own_help() -> None:
    registering = {
        f"gateway.cli.{path.stem}"
        for path in (ROOT / "gateway" / "cli").glob("*.py")
        if re.search(r"^@main\.(command|group)\(", path.read_text(encoding="utf-8"), re.M)
    }
    context = click.Context(main)

    for name, (_module, help_line) in COMMANDS.items():
        command = main.get_command(context, name)
        assert command is not None, name
        assert command.get_short_help_str(limit=1000) == help_line, name
    assert registering == {module for module, _help in COMMANDS.values()}
    assert set(main.commands) == set(COMMANDS)  # no module registers a command not listed


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])

    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)\s", result.stdout.split("Commands:")[1], re.M)
    assert listed == sorted(COMMANDS)


def test_db_upgrade_says_from_which_revision_to_which(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    settings = make_settings(url)

    first = CliRunner().invoke(main, ["db", "upgrade"], obj={"settings": settings})
    again = CliRunner().invoke(main, ["db", "upgrade"], obj={"settings": settings})

    assert (first.exit_code, first.stdout) == (
        0,
        f"database {url} migrated from (empty) to {head}\n",
    )
    assert (again.exit_code, again.stdout) == (
        0,
        f"database {url} already at {head}, the newest revision\n",
    )


def test_app_log_lines_carry_time_level_and_logger(tmp_path: Path) -> None:
    """Under gunicorn nothing configures logging; the app factory gives lines a format."""
    code = (
        "import logging\nfrom core.settings import Settings\nfrom gateway import create_app\n"
        f"create_app(Settings(_env_file=None, DATABASE_URL='sqlite:///{tmp_path}/x.sqlite3'))\n"
        "logging.getLogger('gateway.sms.twilio').warning('signature missing')\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )

    lines = done.stderr.splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[\d+\]"
    assert re.fullmatch(rf"{stamp} WARNING gateway\.sms\.twilio: signature missing", lines[-1])
    assert re.fullmatch(rf"{stamp} INFO gateway\.app: Telegram disabled: .*", lines[0])
