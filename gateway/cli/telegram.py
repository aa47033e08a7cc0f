"""`qoncha telegram set-webhook|info`: point Telegram at the gateway and see what it reports."""

import asyncio
import time
from typing import Any

import click

from core.staffbot.updates import update_counts
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
    from core.redaction import redact, token_secrets

    token = secret_value(settings.telegram_bot_token)
    if not token:
        raise CliError("TELEGRAM_BOT_TOKEN is not set")

    async def call() -> Any:
        async with build_bot(settings) as bot:
            return await getattr(bot, method)(**params)

    try:
        return asyncio.run(call())
    except TelegramError as exc:
        raise CliError(redact(f"Telegram refused: {exc}", token_secrets(token))) from None


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


@telegram.command()
@click.argument("user_id", type=int)
@click.argument("text")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True,
              help="The running gateway's origin.")
@click.pass_context
def simulate(ctx: click.Context, user_id: int, text: str, url: str) -> None:
    """Post TEXT as a private message from Telegram user USER_ID to a running gateway."""
    import requests

    from bot.application import secret_value

    settings = get_services(ctx).settings
    message: dict[str, Any] = {
        "message_id": time.time_ns() // 1_000_000 % 2**31, "date": int(time.time()),
        "text": text, "chat": {"id": user_id, "type": "private", "first_name": "Simulado"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Simulado"},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
    update = {"update_id": message["message_id"], "message": message}
    try:
        response = requests.post(
            url.rstrip("/") + WEBHOOK_PATH, json=update, timeout=10,
            headers={"X-Telegram-Bot-Api-Secret-Token":
                     secret_value(settings.telegram_webhook_secret)})
    except requests.RequestException as exc:
        raise CliError(f"no gateway at {url}: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise CliError(f"the gateway answered {response.status_code}: {response.text[:200]}")
    click.echo(f"update {update['update_id']}: {response.json().get('status')}")
