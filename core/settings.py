"""The one settings class: every name of the contract, typed, read from the environment/`.env`."""

import logging
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

SmsProviderName = Literal["twilio", "android", "console"]


class Settings(BaseSettings):
    """Runtime configuration; tests build their own instance instead of touching the environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_url: str = Field(default="", validation_alias="DATABASE_URL")
    public_base_url: str = Field(default="", validation_alias="PUBLIC_BASE_URL")
    sms_provider: SmsProviderName = Field(default="console", validation_alias="SMS_PROVIDER")

    twilio_account_sid: str = Field(default="", validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: str = Field(default="", validation_alias="TWILIO_AUTH_TOKEN")
    twilio_from: str = Field(default="", validation_alias="TWILIO_FROM")
    twilio_api_base: str = Field(default="", validation_alias="TWILIO_API_BASE")

    android_gateway_url: str = Field(default="", validation_alias="ANDROID_GATEWAY_URL")
    android_gateway_user: str = Field(default="", validation_alias="ANDROID_GATEWAY_USER")
    android_gateway_password: str = Field(default="", validation_alias="ANDROID_GATEWAY_PASSWORD")
    android_gateway_signing_key: str = Field(
        default="", validation_alias="ANDROID_GATEWAY_SIGNING_KEY"
    )

    telegram_bot_token: str = Field(default="", validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_secret: str = Field(default="", validation_alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_api_base: str = Field(default="", validation_alias="TELEGRAM_API_BASE")

    # Where the bot keeps visit photos, each under its SHA-256 (default: the instance folder).
    media_root: str = Field(default="", validation_alias="MEDIA_ROOT")
    # A visit recorded farther than this from the stove's registered location is flagged.
    visit_flag_distance_km: float = Field(
        default=1.0, gt=0, validation_alias="VISIT_FLAG_DISTANCE_KM"
    )

    program_timezone: str = Field(default="America/Lima", validation_alias="PROGRAM_TIMEZONE")
    qoncha_parameters: str = Field(default="", validation_alias="QONCHA_PARAMETERS")

    # Local development mode: webhooks whose secret is not configured are accepted unsigned.
    # Only the README's run command sets it, and the app logs it loudly at start.
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
        if self.public_base_url and not self.public_base_url.startswith(("https://", "http://")):
            raise ValueError("PUBLIC_BASE_URL must be an http(s) origin")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.program_timezone)
        except Exception as exc:  # noqa: BLE001 - any lookup failure means the name is unusable
            raise ValueError(f"PROGRAM_TIMEZONE {self.program_timezone!r} is unknown") from exc
        return self
