"""The composition root: concrete adapters are chosen here, once, for web, CLI and worker alike."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask
from sqlalchemy import Engine

from core.console.boundary_file import DistrictFile, load_district_file
from core.db.engines import make_engine, make_session_factory
from core.db.uow import UnitOfWork
from core.mrv.parameters import Parameters, load_parameters
from core.outbox.dispatch import Pacing
from core.outbox.pacing import RateLimiter, Rule
from core.outbox.policy import DeliveryPolicy
from core.outbox.windows import parse_windows
from core.ports import SmsTransport
from core.redaction import token_secrets
from core.settings import Settings
from gateway.logs import hide_in_logs

if TYPE_CHECKING:
    from bot.context import BotDeps

log = logging.getLogger(__name__)


def default_database_url() -> str:
    """SQLite file in the app's instance folder, created on first use."""
    instance = Path(Flask("gateway").instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance / 'qoncha.sqlite3'}"


def utc_now() -> datetime:
    """The process clock; services receive time from here, never read it themselves."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Everything an entry point needs, built from settings in one place."""

    settings: Settings
    database_url: str
    engine: Engine
    uow: Callable[[], UnitOfWork]
    # One per process, shared by every dispatcher run (its limiter keeps the pace between runs).
    policy: DeliveryPolicy
    transports: dict[str, SmsTransport] = field(default_factory=dict)
    # Telegram and e-mail, when configured: the outbox sends their rows like SMS.
    senders: dict[str, Any] = field(default_factory=dict)
    clock: Callable[[], datetime] = utc_now

    def parameters(self) -> Parameters:
        """The methodology parameters in force: QONCHA_PARAMETERS, else the packaged defaults."""
        return load_parameters(self.settings.qoncha_parameters or None)

    def district_file(self) -> DistrictFile:
        """The operator's district outlines (CONSOLE_DISTRICTS_GEOJSON), read once per process."""
        return load_district_file(self.settings.console_districts_geojson)

    @property
    def outbound_transport(self) -> SmsTransport:
        """The transport for messages qoncha starts (prompts), per SMS_PROVIDER."""
        return self.transports[self.settings.sms_provider]

    def outbox_transports(self) -> dict[str, Any]:
        """Every provider the dispatcher sends through, keyed by the rows' `provider`."""
        return {**self.transports, **self.senders}

    def pacing(self, *, budget: float) -> Pacing:
        """One dispatcher run under the process's delivery policy."""
        return Pacing(self.policy, budget=budget)


def build_policy(settings: Settings) -> DeliveryPolicy:
    """The delivery policy from settings: rate limits per provider, bulk-SMS hours, deadlines."""
    s = settings
    rules = {
        "twilio": (Rule(s.twilio_send_interval),),  # one sender (TWILIO_FROM) per process
        "android": (Rule(s.android_send_interval),),  # one gateway phone
        "telegram": (
            Rule(s.telegram_send_interval),
            Rule(s.telegram_chat_send_interval, per_recipient=True),
        ),
    }
    return DeliveryPolicy(
        limiter=RateLimiter(rules),
        bulk_hours=parse_windows(s.bulk_sms_hours),
        tz=s.program_timezone,
        lease=timedelta(seconds=s.send_lease_seconds),
        deadline=s.send_deadline_seconds,
    )


def bot_deps(services: Services) -> "BotDeps":
    """What the bot needs from core; the clock is read through `services` (tests freeze it)."""
    from bot.context import BotDeps

    return BotDeps(settings=services.settings, uow=services.uow,
                   clock=lambda: services.clock(), media_root=media_root(services.settings))


def media_root(settings: Settings) -> str:
    """Where photos are kept: MEDIA_ROOT, else the instance folder's `media`."""
    return settings.media_root or str(Path(Flask("gateway").instance_path) / "media")


def build_transports(settings: Settings) -> dict[str, SmsTransport]:
    """One transport per configured provider; console always exists for local use."""
    from gateway.sms.android_transport import AndroidSmsTransport
    from gateway.sms.console import ConsoleSmsTransport
    from gateway.sms.twilio_transport import TwilioSmsTransport

    transports: dict[str, SmsTransport] = {"console": ConsoleSmsTransport()}
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from:
        transports["twilio"] = TwilioSmsTransport(settings)
    if settings.android_gateway_url:
        transports["android"] = AndroidSmsTransport(settings)
    elif settings.sms_provider == "console":
        # Without a phone to send through, Android replies are printed like any console SMS.
        transports["android"] = ConsoleSmsTransport(name="android")
    return transports


def build_senders(settings: Settings) -> dict[str, Any]:
    """Telegram (with a bot token) and e-mail (with SMTP_URL); absent ones stay queued."""
    senders: dict[str, Any] = {}
    if settings.telegram_bot_token:
        from gateway.telegram_sender import TelegramChatSender

        senders["telegram"] = TelegramChatSender(settings)
    if settings.smtp_url.get_secret_value():
        from gateway.email_sender import SmtpEmailSender

        senders["email"] = SmtpEmailSender(settings)
    return senders


def build_services(settings: Settings) -> Services:
    """Wire the database and the transports for one process."""
    hide_in_logs(token_secrets(settings.telegram_bot_token.get_secret_value()))
    url = settings.database_url.get_secret_value() or default_database_url()
    engine = make_engine(url)
    session_factory = make_session_factory(engine)
    read_factory = make_session_factory(engine, read_only=True)
    return Services(
        settings=settings,
        database_url=url,
        engine=engine,
        uow=lambda: UnitOfWork(session_factory, read_factory),
        policy=build_policy(settings),
        transports=build_transports(settings),
        senders=build_senders(settings),
    )
