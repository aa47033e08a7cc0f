"""`qoncha review list|resolve`: the review inbox from the command line, as the bot's /revisar.

Both call the same core service (core.messaging.review), so a resolution from here records
the same provenance (`--by`, else the login name), tells the household the same way, and is
refused the same way when the item was resolved already.
"""

import click

from core.messaging.review import Reading, Reviewer, ReviewRefused, open_items, resolve_item
from core.periods import local_date
from core.privacy.access import log_shown
from gateway.cli import main
from gateway.cli.adjustment import acting_user
from gateway.cli.context import CliError, get_services

REFUSALS = {
    "not_found": "message {id} is not an open review item",
    "not_allowed": "message {id} lies outside the given districts",
    "no_stove": "the household of message {id} had no stove in use that day",
    "no_household": "the phone of message {id} is registered to no household: use --register",
    "no_phone": "message {id} came from no valid phone: only --nothing applies",
    "unknown_code": "no stove has the code {detail}",
    "retired": "stove {detail} is no longer active",
    "bad_days": "days must be whole numbers from 0 to 7",
    "no_code": "--register needs a stove code",
}


@main.group()
def review() -> None:
    """Household messages the parser could not read, until a person resolves them."""


@review.command("list")
@click.option("--district", "districts", multiple=True, help="Only these districts (repeatable).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.pass_context
def list_(ctx: click.Context, districts: tuple[str, ...], limit: int) -> None:
    """The open items, oldest first: id, received day, district, stove, phone (masked), text."""
    services = get_services(ctx)
    tz = services.settings.program_timezone
    reviewer = Reviewer(name="cli", scope=districts or None)
    items, total = open_items(services.uow(), reviewer, tz=tz, limit=limit)
    log_shown(services.uow(), actor=acting_user(None), kind="message_body",
              stove_codes=[i.stove_code or "" for i in items], purpose="cli: review list",
              now=services.clock())
    for item in items:
        click.echo("\t".join([
            str(item.message_id), local_date(item.received_at, tz).isoformat(),
            item.district or "-", item.stove_code or "-", item.phone, item.week,
            " ".join(item.body.split())]))
    click.echo(f"{total} open review items" + (f" ({len(items)} listed)" if total > len(items)
                                                else ""), err=True)


@review.command("resolve")
@click.argument("message_id", type=int)
@click.option("--usage", type=click.IntRange(0, 7), help="Days the improved stove was used.")
@click.option("--fire", type=click.IntRange(0, 7), help="Days the open fire was used.")
@click.option("--problem", is_flag=True, help="A stove problem: opens a repair ticket.")
@click.option("--register", "code", metavar="CODE",
              help="Link the phone to this stove's household.")
@click.option("--stop", is_flag=True, help="An opt-out, confirmed: the phone hears no more.")
@click.option("--nothing", is_flag=True, help="Nothing to record.")
@click.option("--by", "actor", default=None, help="Who resolves (default: login name).")
@click.pass_context
def resolve(
    ctx: click.Context, message_id: int, usage: int | None, fire: int | None, problem: bool,
    code: str | None, stop: bool, nothing: bool, actor: str | None,
) -> None:
    """Say what MESSAGE_ID meant; the household is told what was recorded."""
    reading = _reading(usage, fire, problem, code, stop, nothing)
    services = get_services(ctx)
    settings = services.settings
    try:
        done = resolve_item(
            services.uow(), Reviewer(name=acting_user(actor)), message_id, reading,
            now=services.clock(), tz=settings.program_timezone,
            sms_provider=settings.sms_provider)
    except ReviewRefused as refused:
        raise CliError(REFUSALS.get(refused.code, refused.code).format(
            id=message_id, detail=refused.detail)) from refused
    if done.already:
        click.echo(f"message {message_id} was resolved already: {done.reading} by "
                   f"{done.resolved_by}")
        return
    told = "; the household is told by SMS" if done.household_told else ""
    click.echo(f"message {message_id} resolved: {done.reading}{told}")


def _reading(
    usage: int | None, fire: int | None, problem: bool, code: str | None, stop: bool,
    nothing: bool,
) -> Reading:
    """The one reading the options name; several, or none, is a usage error."""
    chosen = [name for name, on in (("days", usage is not None or fire is not None),
                                    ("problem", problem), ("register", code is not None),
                                    ("stop", stop), ("nothing", nothing)) if on]
    if len(chosen) != 1:
        raise click.UsageError(
            "give exactly one of --usage/--fire, --problem, --register, --stop, --nothing")
    try:
        if chosen[0] == "days":
            kind = "both" if usage is not None and fire is not None else (
                "usage" if usage is not None else "open_fire")
            return Reading(kind, days_used=usage, open_fire_days=fire)
        return Reading(chosen[0], stove_code=code)
    except ReviewRefused as refused:
        raise CliError(REFUSALS.get(refused.code, refused.code)) from refused
