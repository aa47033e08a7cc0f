"""`qoncha staff invite|set|list|revoke`: who may use the bot, where, and their e-mail."""

import click

from core.models import STAFF_ROLES
from core.staffbot.members import (
    INVITE_VALIDITY,
    StaffError,
    invite_staff,
    invited_member,
    list_staff,
    revoke_staff,
)
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.wiring import Services

_EMAIL = click.option(
    "--email", default=None, help="Their e-mail for the digest; verified by a code sent to it."
)


@main.group()
def staff() -> None:
    """Field staff: invite them to the Telegram bot, set their e-mail, list them, revoke access."""


@staff.command()
@click.option("--role", type=click.Choice(STAFF_ROLES), required=True, help="What they may do.")
@click.option("--district", "districts", multiple=True,
              help="A district they act in (repeat for several; admins need none).")
@click.option("--name", default="", help="Their name, as staff lists show it.")
@_EMAIL
@click.pass_context
def invite(
    ctx: click.Context, role: str, districts: tuple[str, ...], name: str, email: str | None
) -> None:
    """Print a one-time code; the person sends /start CODE to the bot within 7 days."""
    services = get_services(ctx)
    if email is not None:
        _readable_address(email)  # refused before anyone is created
    try:
        code = invite_staff(services.uow(), role=role, districts=list(districts), name=name,
                            now=services.clock())
    except StaffError as exc:
        raise CliError(str(exc)) from exc
    days = INVITE_VALIDITY.days
    click.echo(code)
    click.echo(f"Send /start {code} to the bot within {days} days. It works once.", err=True)
    staff_id = invited_member(services.uow(), code=code)
    if email is not None and staff_id is not None:
        _send_email_code(services, staff_id, email)


@staff.command(name="set")
@click.argument("staff_id", type=int)
@_EMAIL
@click.option("--email-code", "code", default=None,
              help="The code the person received at that address: confirms it.")
@click.pass_context
def set_(ctx: click.Context, staff_id: int, email: str | None, code: str | None) -> None:
    """Set a staff member's e-mail: a code goes to the address; digests go there once confirmed."""
    services = get_services(ctx)
    if email is None and code is None:
        raise CliError("give --email ADDRESS, or --email-code CODE to confirm one")
    if email is not None:
        _send_email_code(services, staff_id, email)
    if code is not None:
        from core.staffbot.email import EmailRefused, confirm_email_code

        try:
            address = confirm_email_code(
                services.uow(), staff_id=staff_id, code=code, now=services.clock()
            )
        except EmailRefused as exc:
            raise CliError(_REFUSED[exc.reason]) from exc
        click.echo(f"staff member {staff_id}: digests go to {address}")


_REFUSED = {
    "address": "that e-mail address is not readable",
    "staff": "no active staff member with that id",
    "none": "no code is waiting for this member: give --email ADDRESS first",
    "tries": "too many wrong codes: send a new one with --email ADDRESS",
    "wrong": "wrong code (it is the six digits sent to the address)",
}


def _readable_address(address: str) -> None:
    """Refuse an unreadable address in one line."""
    from core.staffbot.email import EmailRefused, normalise_address

    try:
        normalise_address(address)
    except EmailRefused as exc:
        raise CliError(f"--email {address!r}: {_REFUSED[exc.reason]}") from exc


def _send_email_code(services: Services, staff_id: int, address: str) -> None:
    """Queue the one-time code to the address and say how it is confirmed."""
    from core.staffbot.email import EMAIL_CODE_VALIDITY, EmailRefused, request_email_code

    try:
        stored = request_email_code(
            services.uow(), staff_id=staff_id, address=address, now=services.clock()
        )
    except EmailRefused as exc:
        raise CliError(f"--email {address!r}: {_REFUSED[exc.reason]}") from exc
    minutes = int(EMAIL_CODE_VALIDITY.total_seconds() // 60)
    click.echo(
        f"A code was queued by e-mail to {stored} (valid {minutes} minutes): confirm with "
        f"`qoncha staff set {staff_id} --email-code CODE` or /correo CODE in the bot.",
        err=True,
    )
    if not services.settings.smtp_url.get_secret_value():
        click.echo("SMTP_URL is not set: the e-mail waits in the outbox until it is.", err=True)


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
