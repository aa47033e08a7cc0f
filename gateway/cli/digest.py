"""`qoncha digest preview|send`: a coordinator's weekly digest, printed or queued now."""

import re

import click

from core.periods import week_start
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.options import refuse_out_of_range
from gateway.digests import build_digests, last_week, send_digests
from gateway.renderers.digest import console_url, digest_text

WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


def _week(ctx: click.Context, services_week: str, given: str | None) -> str:
    """The week asked for (default: last week), refused in one line when unreadable."""
    week = given or services_week
    try:
        monday = week_start(week) if WEEK.match(week) else None
    except ValueError:  # week 53 of a year that has 52
        monday = None
    if monday is None:
        raise CliError(f"--week {week!r} is not an ISO week like 2026-W48")
    refuse_out_of_range(ctx, "--week", monday, shown=f"{week} (from {monday})")
    return week


@main.group()
def digest() -> None:
    """The coordinators' weekly digest."""


@digest.command("preview")
@click.option("--coordinator", "coordinator_id", type=int, required=True, help="Staff id.")
@click.option("--week", help="ISO week, e.g. 2026-W48 (default: last week).")
@click.pass_context
def preview(ctx: click.Context, coordinator_id: int, week: str | None) -> None:
    """Print a coordinator's digest without sending it."""
    services = get_services(ctx)
    now = services.clock()
    chosen = _week(ctx, last_week(services, now), week)
    digests = build_digests(services, week=chosen, now=now, only=coordinator_id)
    if not digests:
        raise CliError(f"no coordinator in office with id {coordinator_id}")
    click.echo(digest_text(digests[0], console_url(services.settings.public_base_url)))


@digest.command("send")
@click.option("--week", help="ISO week, e.g. 2026-W48 (default: last week).")
@click.pass_context
def send(ctx: click.Context, week: str | None) -> None:
    """Queue every coordinator's digest now; once per coordinator and week."""
    services = get_services(ctx)
    now = services.clock()
    chosen = _week(ctx, last_week(services, now), week)
    counts = send_digests(services, week=chosen, now=now)
    click.echo(
        f"digest {chosen}: {counts['queued']} queued, {counts['already']} already sent, "
        f"{counts['skipped']} coordinator(s) without Telegram or e-mail"
    )
