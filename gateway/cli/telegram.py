"""`qoncha telegram set-webhook|info`: point Telegram at the gateway and see what it reports."""

import asyncio
from typing import Any

import click

from core.services.telegram_updates import update_counts
from gateway.cli import main
from gateway.cli.context import CliError, get_services

WEBHOOK_PATH = "/telegram/webhook"


@main.group()
def telegram() -> None:
    """The field-staff bot's link with Telegram."""


def _call(settings: Any, method: str, **params: Any) -> Any:
    """Run one Bot API call; a Telegram error becomes a one-line CLI error."""
    # Imported here: python-telegram-bot is slow to import and most commands never need it.
    from telegram.error import TelegramError

    from bot.application import build_bot, secret_value

    if not secret_value(settings.telegram_bot_token):
        raise CliError("TELEGRAM_BOT_TOKEN is not set")

    async def call() -> Any:
        async with build_bot(settings) as bot:
            return await getattr(bot, method)(**params)

    try:
        return asyncio.run(call())
    except TelegramError as exc:
        raise CliError(f"Telegram refused: {exc}") from exc


@telegram.command(name="set-webhook")
@click.option("--url", default="", help="Public https origin (default: PUBLIC_BASE_URL).")
@click.pass_context
def set_webhook(ctx: click.Context, url: str) -> None:
    """Ask Telegram to deliver updates to /telegram/webhook with the secret token."""
    from bot.application import ALLOWED_UPDATES, secret_value

    settings = get_services(ctx).settings
    origin = (url or settings.public_base_url).rstrip("/")
    if not origin.startswith("https://"):
        raise CliError("Telegram needs a public https URL: set PUBLIC_BASE_URL or pass --url")
    secret = secret_value(settings.telegram_webhook_secret)
    if not secret:
        raise CliError("TELEGRAM_WEBHOOK_SECRET is not set")
    _call(settings, "set_webhook", url=origin + WEBHOOK_PATH, secret_token=secret,
          allowed_updates=ALLOWED_UPDATES)
    click.echo(f"webhook set: {origin}{WEBHOOK_PATH} ({', '.join(ALLOWED_UPDATES)})")


@telegram.command()
@click.pass_context
def info(ctx: click.Context) -> None:
    """Show Telegram's getWebhookInfo and the stored updates by status."""
    services = get_services(ctx)
    hook = _call(services.settings, "get_webhook_info")
    click.echo(f"url: {hook.url or '(none)'}")
    click.echo(f"pending at Telegram: {hook.pending_update_count}")
    click.echo(f"allowed updates: {', '.join(hook.allowed_updates or []) or '(all)'}")
    if hook.last_error_message:
        click.echo(f"last error: {hook.last_error_message}")
    counts = update_counts(services.uow())
    stored = ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none"
    click.echo(f"stored updates: {stored}")
