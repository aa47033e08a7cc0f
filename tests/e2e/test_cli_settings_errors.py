"""A bad setting ends a command in one line on stderr naming it, never a traceback or its value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-pw-0123456789"


@pytest.mark.parametrize(
    ("env", "line"),
    [
        (
            {"DATABASE_URL": f"postgresql+psycopg://qoncha:{SECRET}@db:5432x/qoncha"},
            "DATABASE_URL has a port that is not a number",
        ),
        (
            {"DATABASE_URL": f"postgresql+psycopg://qoncha:{SECRET}@db:99999/qoncha"},
            "DATABASE_URL has port 99999, outside 1-65535",
        ),
        (
            {"DATABASE_URL": f"::{SECRET}"},
            "DATABASE_URL is not a database URL "
            "(e.g. postgresql+psycopg://user:password@host:5432/name)",
        ),
        (
            {"TWILIO_SEND_INTERVAL": "soon"},
            "TWILIO_SEND_INTERVAL should be a valid number, unable to parse string as a number",
        ),
        (
            {"PROMPT_SPREAD_MINUTES": "-1"},
            "PROMPT_SPREAD_MINUTES should be greater than or equal to 0",
        ),
        (
            {"SMS_PROVIDER": f"twilio:{SECRET}"},
            "SMS_PROVIDER should be 'twilio', 'android' or 'console'",
        ),
        (
            {"SMS_PROVIDER": "twilio", "TWILIO_AUTH_TOKEN": SECRET},
            "SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM",
        ),
    ],
    ids=["port-not-a-number", "port-out-of-range", "not-a-url", "interval", "negative",
         "provider", "missing-credentials"],
)  # fmt: skip
def test_a_bad_setting_is_one_line_naming_it_without_its_value(
    tmp_path: Path, env: dict[str, str], line: str
) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.isupper() or k in ("PATH", "HOME")}
    clean.update(env, PYTHONPATH=str(ROOT), DATABASE_URL=env.get("DATABASE_URL", "sqlite://"))

    done = subprocess.run(
        [sys.executable, "-c", "from gateway.cli import main; main()", "outbox", "status"],
        capture_output=True, text=True, cwd=tmp_path, env=clean, timeout=60,
    )  # fmt: skip

    assert done.returncode == 1
    assert done.stderr == f"qoncha: bad setting: {line}\n"
    assert done.stdout == ""
    assert SECRET not in done.stderr
