"""Settings: development mode is closed wherever it could reach a household; secrets stay secret."""

from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from core.settings import Settings

PASSWORD = "hunter2-db-password"
TOKEN = "tw-secret-token-0123456789abcdef"


def build(**values: Any) -> Settings:
    """Settings from these values alone: no environment, no .env file."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_dev_mode_runs_on_sqlite_with_the_console_provider() -> None:
    assert build(QONCHA_DEV_MODE="1").dev_mode
    assert build(QONCHA_DEV_MODE="1", DATABASE_URL="sqlite:///local.sqlite3").dev_mode


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"DATABASE_URL": f"postgresql+psycopg://qoncha:{PASSWORD}@db/qoncha"}, "DATABASE_URL"),
        (
            {"SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": TOKEN,
             "TWILIO_FROM": "+14155550123"},
            "SMS_PROVIDER=twilio",
        ),
        ({"TWILIO_AUTH_TOKEN": TOKEN}, "TWILIO_AUTH_TOKEN"),
        ({"ANDROID_GATEWAY_URL": "http://192.168.1.20:8080"}, "ANDROID_GATEWAY_URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN}, "TELEGRAM_BOT_TOKEN"),
    ],
    ids=["postgres", "twilio-provider", "twilio-token", "android-phone", "telegram-bot"],
)
def test_dev_mode_is_refused_with_anything_real_and_says_why(
    values: dict[str, str], named: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        build(QONCHA_DEV_MODE="true", **values)
    message = str(caught.value)
    assert "QONCHA_DEV_MODE" in message and named in message
    assert PASSWORD not in message and TOKEN not in message


def test_a_settings_error_never_repeats_the_values_it_was_given() -> None:
    with pytest.raises(ValidationError) as caught:
        build(
            DATABASE_URL=f"postgresql+psycopg://qoncha:{PASSWORD}@db/qoncha",
            SMS_PROVIDER="twilio",  # without TWILIO_FROM: refused
            TWILIO_ACCOUNT_SID="AC1",
            TWILIO_AUTH_TOKEN=TOKEN,
        )
    shown = str(caught.value) + repr(caught.value)  # what a traceback or a log line shows
    assert "TWILIO_FROM" in shown
    assert PASSWORD not in shown and TOKEN not in shown


def test_a_bad_value_is_named_but_not_repeated() -> None:
    with pytest.raises(ValidationError) as caught:
        build(SMS_PROVIDER=f"twilio:{TOKEN}")
    assert "sms_provider" in str(caught.value).lower() or "SMS_PROVIDER" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_secrets_are_masked_wherever_settings_are_printed() -> None:
    settings = build(
        DATABASE_URL=f"postgresql+psycopg://qoncha:{PASSWORD}@db/qoncha",
        TWILIO_AUTH_TOKEN=TOKEN, ANDROID_GATEWAY_PASSWORD=TOKEN, ANDROID_GATEWAY_SIGNING_KEY=TOKEN,
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET=TOKEN,
    )
    for name in ("database_url", "twilio_auth_token", "android_gateway_password",
                 "android_gateway_signing_key", "telegram_bot_token", "telegram_webhook_secret"):
        assert isinstance(getattr(settings, name), SecretStr), name
    printed = repr(settings) + str(settings) + str(settings.model_dump())
    assert PASSWORD not in printed and TOKEN not in printed
    assert settings.twilio_auth_token.get_secret_value() == TOKEN


def test_the_map_credit_is_capped_and_named_without_its_text() -> None:
    assert build(CONSOLE_DISTRICTS_GEOJSON="distritos.geojson").console_districts_geojson
    with pytest.raises(ValidationError) as caught:
        build(CONSOLE_DISTRICTS_ATTRIBUTION="INEI " + "x" * 300)
    assert "console_districts_attribution" in str(caught.value).lower()
    assert "x" * 50 not in str(caught.value)
