"""`qoncha privacy status|access-log|export` and `qoncha households forget`: personal data."""

import json
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from core.privacy.access import access_log
from core.privacy.consent import privacy_status
from core.privacy.erasure import ErasureRefused
from core.privacy.subject import household_record
from gateway.cli import main
from gateway.cli.adjustment import acting_user
from gateway.cli.context import CliError, get_services
from gateway.cli.options import ISO_DATE
from gateway.cli.output import out_option, write_output

_BY = click.option("--by", "actor", default=None, help="Who acts (default: the login name).")


@main.group()
def privacy() -> None:
    """Households' personal data: consent, the access log, access requests."""


@privacy.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Households without a consent record, then the erasures done (when, by whom, why)."""
    found = privacy_status(get_services(ctx).uow())
    click.echo(f"households without a consent record: {len(found.without_consent)}")
    for pseudonym, codes, district in found.without_consent:
        click.echo(f"  {pseudonym}\t{codes or '-'}\t{district}")
    click.echo(f"erasures: {len(found.erasures)}")
    for e in found.erasures:
        click.echo(f"  {e.erased_at:%Y-%m-%d %H:%M}Z\t{e.kind}\t{e.pseudonym or '*'}\t"
                   f"{e.erased_by}\t{e.reason}")


@privacy.command("access-log")
@click.option("--since", type=ISO_DATE, default=None, metavar="DATE",
              help="From this local day, YYYY-MM-DD.")
@click.option("--household", default=None, help="A household pseudonym (H-...) or id.")
@click.option("--by", "actor", default=None, help="Only what this person did.")
@click.pass_context
def access_log_(ctx: click.Context, since: date | None, household: str | None,
                actor: str | None) -> None:
    """Who read or changed which household's personal data, oldest first (UTC)."""
    services = get_services(ctx)
    start = None
    if since is not None:
        start = datetime.combine(since, time(), tzinfo=ZoneInfo(
            services.settings.program_timezone))
    for e in access_log(services.uow(), since=start, household=household, actor=actor):
        click.echo(f"{e.at:%Y-%m-%dT%H:%M:%S}Z\t{e.actor}\t{e.action}\t{e.kind}\t"
                   f"{e.household}\t{e.purpose}")


@privacy.command("export")
@click.option("--stove", "stove_code", required=True, help="A stove code of the household.")
@out_option
@_BY
@click.pass_context
def export_(ctx: click.Context, stove_code: str, out: Path | None, actor: str | None) -> None:
    """What qoncha holds on a household, as JSON (an access request); the read is logged."""
    services = get_services(ctx)
    try:
        record = household_record(services.uow(), stove_code=stove_code,
                                  actor=acting_user(actor), now=services.clock())
    except ErasureRefused as exc:
        raise CliError(str(exc)) from exc
    write_output(out, lambda stream: stream.write(
        json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n"))
