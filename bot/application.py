"""Building the PTB application: every handler registered here, in one place.

The application has no updater: the gateway stores each webhook update and `bot.runner`
feeds it from the table. It is built afresh for each update around a long-lived `Bot`, so
its persistence loads that update's conversation from the database (see bot.persistence).
"""

import logging
from typing import Any

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.context import BotApplication, BotContext, BotDeps, Handling
from bot.handlers import common, email, field, install, review, tickets, visit
from bot.persistence import DatabasePersistence
from core.redaction import redact_exception, token_secrets
from core.settings import Settings

TELEGRAM_API = "https://api.telegram.org"
# The update types the bot handles; `qoncha telegram set-webhook` asks for only these.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def secret_value(value: Any) -> str:
    """A setting's plain text, whether it is a str or a pydantic SecretStr."""
    reveal = getattr(value, "get_secret_value", None)
    return str(reveal() if callable(reveal) else value or "")


class RedactingBot(Bot):
    """A Bot whose start-up error does not quote its token (PTB's "The token `…` was rejected")."""

    async def initialize(self) -> None:
        """Check the token with getMe, as Bot does; a refusal's text hides the token."""
        try:
            await super().initialize()
        except TelegramError as exc:
            raise redact_exception(exc, token_secrets(self.token)) from exc.__cause__


def build_bot(settings: Settings, *, timeout: float = 10.0) -> Bot:
    """The Bot API client for TELEGRAM_BOT_TOKEN, at TELEGRAM_API_BASE when set."""
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    base = (settings.telegram_api_base or TELEGRAM_API).rstrip("/")
    request = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout)
    return RedactingBot(secret_value(settings.telegram_bot_token), base_url=f"{base}/bot",
               base_file_url=f"{base}/file/bot", request=request, get_updates_request=request)


def build_application(
    deps: BotDeps, bot: Bot, *, chat_id: int | None, user_id: int | None
) -> BotApplication:
    """The application for one update of this chat and user, with every handler."""
    persistence = DatabasePersistence(deps.uow, deps.clock, chat_id=chat_id, user_id=user_id)
    application: BotApplication = (
        Application.builder()
        .bot(bot)
        .updater(None)
        .job_queue(None)
        .persistence(persistence)
        .context_types(ContextTypes(context=BotContext))
        .build()
    )
    application.bot_data.update(deps=deps, handling=Handling())
    add_handlers(application)
    return application


def add_handlers(application: BotApplication) -> None:
    """Register the gate, the conversations, the commands, the fallbacks and the error handler."""
    application.add_handler(TypeHandler(object, common.gate), group=-1)
    application.add_handler(install.conversation())
    application.add_handler(visit.conversation())
    application.add_handlers(tickets.handlers())  # type: ignore[arg-type]
    application.add_handlers(review.handlers())  # type: ignore[arg-type]
    application.add_handlers(field.handlers())  # type: ignore[arg-type]
    application.add_handlers(email.handlers())  # type: ignore[arg-type]
    application.add_handler(CommandHandler("start", common.start))
    application.add_handler(CommandHandler("ayuda", common.show_help))
    application.add_handler(CommandHandler("help", common.show_help))
    application.add_handler(CommandHandler("cancelar", common.nothing_to_cancel))
    application.add_handler(MessageHandler(filters.ALL, common.not_understood))
    application.add_handler(TypeHandler(object, common.not_understood))
    application.add_error_handler(common.on_error)


def handling_of(application: BotApplication) -> Handling:
    """This update's bookkeeping, for the runner."""
    handling: Handling = application.bot_data["handling"]
    return handling


__all__ = ["ALLOWED_UPDATES", "BotContext", "build_application", "build_bot", "secret_value"]
