"""The one settings class: every name of the contract, typed, read from the environment/`.env`."""

import logging
from datetime import date
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.periods import DEFAULT_EARLIEST_DAY, LATEST_DAY

log = logging.getLogger(__name__)

SmsProviderName = Literal["twilio", "android", "console"]


class Settings(BaseSettings):
    """Runtime configuration; tests build their own instance instead of touching the environment."""

    # Secrets are SecretStr (masked in repr and logs), and a validation error never repeats
    # what it was given: gunicorn prints it whole, and a DATABASE_URL carries a password.
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        hide_input_in_errors=True,
    )

    database_url: SecretStr = Field(default=SecretStr(""), validation_alias="DATABASE_URL")
    public_base_url: str = Field(default="", validation_alias="PUBLIC_BASE_URL")
    sms_provider: SmsProviderName = Field(default="console", validation_alias="SMS_PROVIDER")

    twilio_account_sid: str = Field(default="", validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: SecretStr = Field(
        default=SecretStr(""), validation_alias="TWILIO_AUTH_TOKEN"
    )
    twilio_from: str = Field(default="", validation_alias="TWILIO_FROM")
    twilio_api_base: str = Field(default="", validation_alias="TWILIO_API_BASE")

    android_gateway_url: str = Field(default="", validation_alias="ANDROID_GATEWAY_URL")
    android_gateway_user: str = Field(default="", validation_alias="ANDROID_GATEWAY_USER")
    android_gateway_password: SecretStr = Field(
        default=SecretStr(""), validation_alias="ANDROID_GATEWAY_PASSWORD"
    )
    android_gateway_signing_key: SecretStr = Field(
        default=SecretStr(""), validation_alias="ANDROID_GATEWAY_SIGNING_KEY"
    )

    telegram_bot_token: SecretStr = Field(
        default=SecretStr(""), validation_alias="TELEGRAM_BOT_TOKEN"
    )
    telegram_webhook_secret: SecretStr = Field(
        default=SecretStr(""), validation_alias="TELEGRAM_WEBHOOK_SECRET"
    )
    telegram_api_base: str = Field(default="", validation_alias="TELEGRAM_API_BASE")

    # Where the bot keeps visit photos, each under its SHA-256 (default: the instance folder).
    media_root: str = Field(default="", validation_alias="MEDIA_ROOT")
    # A visit recorded farther than this from the stove's registered location is flagged.
    visit_flag_distance_km: float = Field(
        default=1.0, gt=0, validation_alias="VISIT_FLAG_DISTANCE_KM"
    )

    program_timezone: str = Field(default="America/Lima", validation_alias="PROGRAM_TIMEZONE")
    # No date before it is accepted by an import or a command (catches 0001-01-01 typos).
    program_earliest_date: date = Field(
        default=DEFAULT_EARLIEST_DAY, le=LATEST_DAY, validation_alias="PROGRAM_EARLIEST_DATE"
    )
    qoncha_parameters: str = Field(default="", validation_alias="QONCHA_PARAMETERS")

    # Local development mode: webhooks whose secret is not configured are accepted unsigned.
    # Only the README's run command sets it, the app logs it loudly at start, and it is
    # refused anywhere it could reach a real household (see `_refuse_unsafe_combinations`).
    dev_mode: bool = Field(default=False, validation_alias="QONCHA_DEV_MODE")

    # Identity carried by every ITMO identifier (decision 6/CMA.4).
    itmo_cooperative_approach_id: str = Field(
        default="PE-CH-TUKIWASI", validation_alias="ITMO_COOPERATIVE_APPROACH_ID"
    )
    itmo_originating_registry: str = Field(
        default="PE-RENAMI", validation_alias="ITMO_ORIGINATING_REGISTRY"
    )
    itmo_first_transferring_party: str = Field(
        default="PE", validation_alias="ITMO_FIRST_TRANSFERRING_PARTY"
    )
    # The version of the Party's authorization of the cooperative approach, as the Article
    # 6.2 agreed electronic format exports state it (empty: not yet authorized).
    itmo_authorization_version: str = Field(
        default="", validation_alias="ITMO_AUTHORIZATION_VERSION"
    )

    # Scheduled work and the outbox. Intervals are seconds between two sends (0: no limit).
    twilio_send_interval: float = Field(default=1.0, ge=0, validation_alias="TWILIO_SEND_INTERVAL")
    android_send_interval: float = Field(
        default=10.0, ge=0, validation_alias="ANDROID_SEND_INTERVAL"
    )
    telegram_send_interval: float = Field(
        default=1 / 30, ge=0, validation_alias="TELEGRAM_SEND_INTERVAL"
    )
    telegram_chat_send_interval: float = Field(
        default=1.0, ge=0, validation_alias="TELEGRAM_CHAT_SEND_INTERVAL"
    )
    bulk_sms_hours: str = Field(
        default="mon-fri 08:00-20:00; sat 09:00-13:00", validation_alias="BULK_SMS_HOURS"
    )
    # Every call to a provider ends within the deadline (connect, reads and the whole
    # exchange); a claimed row's lease outlasts it, so no other dispatcher takes a row mid-send.
    send_deadline_seconds: float = Field(
        default=30.0, gt=0, validation_alias="SEND_DEADLINE_SECONDS"
    )
    send_lease_seconds: float = Field(default=600.0, gt=0, validation_alias="SEND_LEASE_SECONDS")
    weekly_prompt_at: str = Field(default="fri 18:00", validation_alias="WEEKLY_PROMPT_AT")
    prompt_spread_minutes: int = Field(default=90, ge=0, validation_alias="PROMPT_SPREAD_MINUTES")
    reminder_after_days: int = Field(default=2, ge=1, le=6, validation_alias="REMINDER_AFTER_DAYS")
    silent_after_weeks: int = Field(default=6, ge=1, validation_alias="SILENT_AFTER_WEEKS")
    digest_at: str = Field(default="mon 07:00", validation_alias="DIGEST_AT")
    # Retention of raw message bodies and photos (core.privacy.retention): by default until
    # the crediting end (the parameters' `crediting_end`) plus BUYER_RETENTION_YEARS; the
    # *_DAYS settings, when not 0, count days from the issuance of the period they support.
    buyer_retention_years: int = Field(default=2, ge=0, validation_alias="BUYER_RETENTION_YEARS")
    message_body_retention_days: int = Field(
        default=0, ge=0, validation_alias="MESSAGE_BODY_RETENTION_DAYS")
    photo_retention_days: int = Field(default=0, ge=0, validation_alias="PHOTO_RETENTION_DAYS")
    smtp_url: SecretStr = Field(default=SecretStr(""), validation_alias="SMTP_URL")
    smtp_from: str = Field(default="", validation_alias="SMTP_FROM")

    # The coordinator's console: a session lasts a working day; the goals colour its figures
    # red below them; map tiles are fetched only from a URL set here (none by default).
    console_session_hours: float = Field(
        default=10.0, gt=0, le=24, validation_alias="CONSOLE_SESSION_HOURS"
    )
    console_response_target: float = Field(
        default=0.6, ge=0, le=1, validation_alias="CONSOLE_RESPONSE_TARGET"
    )
    console_use_target: float = Field(
        default=0.8, ge=0, le=1, validation_alias="CONSOLE_USE_TARGET"
    )
    console_tile_url: str = Field(default="", validation_alias="CONSOLE_TILE_URL")
    # District outlines come only from a GeoJSON file the operator supplies (none is bundled);
    # a missing or bad file is logged once and the map lists every district "sin polígono".
    console_districts_geojson: str = Field(default="", validation_alias="CONSOLE_DISTRICTS_GEOJSON")
    console_districts_attribution: str = Field(
        default="", max_length=300, validation_alias="CONSOLE_DISTRICTS_ATTRIBUTION"
    )

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: SecretStr) -> SecretStr:
        """Refuse a URL SQLAlchemy cannot read, naming the fault but never the URL (a secret)."""
        url = value.get_secret_value()
        if url:
            problem = database_url_problem(url)
            if problem is not None:
                raise ValueError(f"DATABASE_URL {problem}")
        return value

    @model_validator(mode="after")
    def _check_schedule_settings(self) -> "Settings":
        """Refuse unreadable schedules and SMTP settings at start, naming the setting."""
        from core.outbox.smtp_url import parse_smtp_url
        from core.outbox.windows import parse_moment, parse_windows

        for name, value, parse in (
            ("BULK_SMS_HOURS", self.bulk_sms_hours, parse_windows),
            ("WEEKLY_PROMPT_AT", self.weekly_prompt_at, parse_moment),
            ("DIGEST_AT", self.digest_at, parse_moment),
        ):
            try:
                parse(value)  # type: ignore[operator]
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None
        if self.smtp_url.get_secret_value():
            try:
                parse_smtp_url(self.smtp_url.get_secret_value())
            except ValueError as exc:
                raise ValueError(f"SMTP_URL: {exc}") from None
            if "@" not in self.smtp_from:
                raise ValueError("SMTP_URL needs SMTP_FROM, the sender's e-mail address")
        if self.send_deadline_seconds >= self.send_lease_seconds:
            raise ValueError("SEND_DEADLINE_SECONDS must be shorter than SEND_LEASE_SECONDS")
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_combinations(self) -> "Settings":
        """Refuse configurations that would send through a provider with no credentials."""
        if self.sms_provider == "twilio" and not (
            self.twilio_account_sid and self.twilio_auth_token and self.twilio_from
        ):
            raise ValueError(
                "SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM"
            )
        if self.sms_provider == "android" and not self.android_gateway_url:
            raise ValueError("SMS_PROVIDER=android needs ANDROID_GATEWAY_URL")
        if self.dev_mode:
            self._refuse_real_providers_in_dev_mode()
        if self.public_base_url and not self.public_base_url.startswith(("https://", "http://")):
            raise ValueError("PUBLIC_BASE_URL must be an http(s) origin")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.program_timezone)
        except Exception as exc:  # noqa: BLE001 - any lookup failure means the name is unusable
            raise ValueError(f"PROGRAM_TIMEZONE {self.program_timezone!r} is unknown") from exc
        return self

    def _refuse_real_providers_in_dev_mode(self) -> None:
        """Development mode opens unsigned webhooks: only with SQLite and nothing real to reach."""
        url = self.database_url.get_secret_value()
        configured = [
            name
            for name, value in (
                ("TWILIO_AUTH_TOKEN", self.twilio_auth_token),
                ("TWILIO_ACCOUNT_SID", self.twilio_account_sid),
                ("ANDROID_GATEWAY_URL", self.android_gateway_url),
                ("ANDROID_GATEWAY_SIGNING_KEY", self.android_gateway_signing_key),
                ("TELEGRAM_BOT_TOKEN", self.telegram_bot_token),
            )
            if value
        ]
        if url and not url.startswith("sqlite"):
            configured.insert(0, "a DATABASE_URL other than SQLite")
        if self.sms_provider != "console":
            configured.insert(0, f"SMS_PROVIDER={self.sms_provider}")
        if configured:
            raise ValueError(
                "QONCHA_DEV_MODE accepts unsigned webhooks, so it runs only on SQLite with the "
                f"console SMS provider and no real provider; found {', '.join(configured)}. "
                "Unset QONCHA_DEV_MODE."
            )


class SettingsError(ValueError):
    """A configuration refused at start, said in one line that names the setting, not its value."""


def load_settings() -> Settings:
    """The settings from the environment and `.env`, or a SettingsError in one line."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(describe_settings_error(exc)) from None


def describe_settings_error(exc: ValidationError) -> str:
    """Each fault of a settings validation as "NAME problem", joined into one line."""
    parts = []
    for error in exc.errors():
        message = " ".join(str(error["msg"]).removeprefix("Value error, ").split())
        location = error.get("loc") or ()
        if not location:  # a check across settings: its message names them
            parts.append(message)
            continue
        name = str(location[0]).upper()
        if message.startswith("Input "):  # pydantic's phrasing: "Input should be ..."
            parts.append(f"{name} {message.removeprefix('Input ')}")
        elif message.startswith(name):
            parts.append(message)
        else:
            parts.append(f"{name}: {message}")
    return "; ".join(parts)


def database_url_problem(url: str) -> str | None:
    """What makes a database URL unreadable (its port above all), in words without the URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        port = make_url(url).port
    except ValueError:
        return "has a port that is not a number"
    except ArgumentError:
        return "is not a database URL (e.g. postgresql+psycopg://user:password@host:5432/name)"
    if port is not None and not 0 < port < 65536:
        return f"has port {port}, outside 1-65535"
    return None
