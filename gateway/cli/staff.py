"""`qoncha staff invite|list|revoke`: who may use the field-staff bot, and where."""

import click

from core.console.login import create_login_link, login_url
from core.models import STAFF_ROLES
from core.staffbot.members import (
    INVITE_VALIDITY,
    StaffError,
    invite_staff,
    list_staff,
    revoke_staff,
)
from gateway.cli import main
from gateway.cli.context import CliError, get_services


@main.group()
def staff() -> None:
    """Field staff: invite them to the Telegram bot, list them, revoke access."""


@staff.command()
@click.option("--role", type=click.Choice(STAFF_ROLES), required=True, help="What they may do.")
@click.option("--district", "districts", multiple=True,
              help="A district they act in (repeat for several; admins need none).")
@click.option("--name", default="", help="Their name, as staff lists show it.")
@click.pass_context
def invite(ctx: click.Context, role: str, districts: tuple[str, ...], name: str) -> None:
    """Print a one-time code; the person sends /start CODE to the bot within 7 days."""
    services = get_services(ctx)
    try:
        code = invite_staff(services.uow(), role=role, districts=list(districts), name=name,
                            now=services.clock())
    except StaffError as exc:
        raise CliError(str(exc)) from exc
    days = INVITE_VALIDITY.days
    click.echo(code)
    click.echo(f"Send /start {code} to the bot within {days} days. It works once.", err=True)


@staff.command(name="login-link")
@click.option("--staff", "staff_id", type=int, required=True, help="The staff member's id.")
@click.pass_context
def login_link(ctx: click.Context, staff_id: int) -> None:
    """Print a one-time link into the web console, valid for 15 minutes."""
    services = get_services(ctx)
    try:
        token = create_login_link(services.uow(), staff_id=staff_id, now=services.clock())
    except StaffError as exc:
        raise CliError(str(exc)) from exc
    click.echo(login_url(services.settings.public_base_url, token))
    if not services.settings.public_base_url:
        click.echo("PUBLIC_BASE_URL is not set: open the path on the gateway's own address.",
                   err=True)
    click.echo("It works once, within 15 minutes.", err=True)


@staff.command(name="list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Every staff member: id, role, districts, whether linked to Telegram, revoked."""
    services = get_services(ctx)
    click.echo("id\trole\tname\tdistricts\tstatus")
    for member in list_staff(services.uow()):
        status = "revoked" if member.revoked else "linked" if member.linked else "invited"
        districts = ",".join(member.districts) or "*"
        click.echo(f"{member.id}\t{member.role}\t{member.name}\t{districts}\t{status}")


@staff.command()
@click.argument("staff_id", type=int)
@click.pass_context
def revoke(ctx: click.Context, staff_id: int) -> None:
    """End a staff member's access to the bot now."""
    services = get_services(ctx)
    try:
        revoke_staff(services.uow(), staff_id=staff_id, now=services.clock())
    except StaffError as exc:
        raise CliError(str(exc)) from exc
    click.echo(f"staff member {staff_id} revoked")
