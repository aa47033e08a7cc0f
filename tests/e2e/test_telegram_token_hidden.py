"""The bot token appears in no output: a Bot API answering 404 to everything, run three ways.

python-telegram-bot quotes the token when getMe is refused, and the token is part of every
Bot API URL; the CLI, the web workers' bot thread, the scheduler's drain and the stored
update's error must all show the failure without it.
"""

import logging
import time
import traceback

import pytest

from gateway.scheduler import handle_telegram_updates
from tests.e2e.gateway_support import TELEGRAM_BOT_TOKEN, invoke
from tests.e2e.telegram_support import BotEnv
from tests.support import make_settings

SECRET_HALF = TELEGRAM_BOT_TOKEN.partition(":")[2]


def assert_hidden(*outputs: str) -> None:
    """Neither the token nor its secret half (the part after ':') is in any output."""
    for output in outputs:
        assert TELEGRAM_BOT_TOKEN not in output and SECRET_HALF not in output, output


def test_telegram_commands_refused_by_the_api_print_no_token(
    db_url: str, fake_telegram, caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
):
    caplog.set_level(logging.DEBUG)
    fake_telegram.answer_not_found()
    settings = make_settings(
        db_url, TELEGRAM_BOT_TOKEN=TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE=fake_telegram.url,
        TELEGRAM_WEBHOOK_SECRET="s3cret", PUBLIC_BASE_URL="https://qoncha.example.org",
    )
    for command in (["telegram", "info"], ["telegram", "set-webhook"], ["-v", "telegram", "info"]):
        result = invoke(settings, *command)
        assert result.exit_code == 1 and "Telegram refused" in result.stderr, result.output
        assert_hidden(result.stdout, result.stderr)
    captured = capfd.readouterr()
    assert_hidden(caplog.text, captured.out, captured.err,
                  *(record.getMessage() for record in caplog.records))
    assert fake_telegram.calls("getMe")  # it did ask


def test_the_bot_thread_and_the_scheduler_log_a_refused_token_without_it(
    bot_env: BotEnv, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
):
    caplog.set_level(logging.DEBUG)
    bot_env.api.answer_not_found()
    bot_env.post(bot_env.message(111, text="/ayuda"), settle=False)
    bot_env.api.wait_for("getMe")
    deadline = time.monotonic() + 10
    while "could not handle stored updates" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "could not handle stored updates" in caplog.text
    with pytest.raises(Exception) as refused:  # noqa: PT011 - whatever PTB raises
        handle_telegram_updates(bot_env.services)
    logging.getLogger("apscheduler.executors.default").error(
        "Job raised an exception", exc_info=refused.value)  # as APScheduler logs a failed job
    captured = capfd.readouterr()
    assert_hidden(caplog.text, captured.out, captured.err, str(refused.value),
                  "".join(traceback.format_exception(refused.value)),
                  *(record.getMessage() for record in caplog.records))
    assert "[REDACTED]" in caplog.text
