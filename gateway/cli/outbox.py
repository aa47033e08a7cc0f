"""`qoncha outbox status|retry`: how the outbox stands, and failed messages sent again."""

import click

from core.outbox.admin import outbox_status, retry_messages
from gateway.cli import main
from gateway.cli.context import CliError, get_services


@main.group()
def outbox() -> None:
    """Messages waiting to go out, on every channel."""


@outbox.command("status")
@click.pass_context
def status(ctx: click.Context) -> None:
    """Counts by channel and state, and the oldest message still pending."""
    services = get_services(ctx)
    result = outbox_status(services.uow())
    if not result.counts:
        click.echo("outbox empty")
        return
    click.echo(f"{'channel':<10} {'status':<12} {'messages':>9}")
    for row in result.counts:
        click.echo(f"{row.channel:<10} {row.status:<12} {row.count:>9}")
    oldest = result.oldest_pending_at
    click.echo(f"oldest pending: {oldest.isoformat(timespec='seconds') if oldest else 'none'}")
    for channel, reason, count in result.held:
        click.echo(f"held on {channel}: {count} ({reason})")


@outbox.command("retry")
@click.option("--failed", is_flag=True, help="Queue failed messages again.")
@click.option("--held", is_flag=True, help="Release messages the loop guard held.")
@click.pass_context
def retry(ctx: click.Context, failed: bool, held: bool) -> None:
    """Send failed (or held) messages again; those a provider accepted are never resent."""
    statuses = (("failed",) if failed else ()) + (("held",) if held else ())
    if not statuses:
        raise CliError("say what to retry: --failed and/or --held")
    services = get_services(ctx)
    count = retry_messages(services.uow(), statuses=statuses, now=services.clock())
    click.echo(f"{count} message(s) queued again")
