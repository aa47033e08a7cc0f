"""`qoncha households import`: the installation spreadsheet into households, stoves and phones."""

import contextlib
import sys
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from core.field.household_rows import REQUIRED_COLUMNS
from core.imports.freeze import PeriodFrozen
from core.imports.households import import_households
from gateway.cli import main
from gateway.cli.adjustment import acting_user, adjustment_options
from gateway.cli.context import CliError, get_services
from gateway.cli.csvfiles import count_rows, csv_rows, finish_import
from gateway.dberrors import describe_database_error

# Below this many rows an import takes a moment and a bar would only flicker.
PROGRESS_MIN_ROWS = 1000


@main.group()
def households() -> None:
    """Households, their stoves and the phones that report for them."""


@households.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@adjustment_options
@click.pass_context
def import_(ctx: click.Context, file: Path, adjustment: str | None, actor: str | None) -> None:
    """Create or update households and stoves from FILE (CSV, UTF-8, comma or semicolon).

    \b
    Columns: stove_code, household_name, phone, district, community,
    installed_on, latitude, longitude, baseline_stove (open_fire,
    traditional_stove or other) and, optionally, decommissioned_on,
    stove_model, household_code (rows sharing a household_code are
    several stoves of one household) and consent_on (the day the paper
    consent form was signed: recorded as the household's consent).
    Dates are YYYY-MM-DD; a phone without country code is Peruvian and is
    linked to the household. Other columns are ignored.

    The stove code is the key (case, spaces, dashes and dots do not matter):
    importing the same file twice changes nothing.

    Each bad row is reported on stderr as "line N: reason" and the other rows
    are imported; notes on imported rows read "line N: warning: ...". A summary
    goes to stdout.

    A new stove, or a change of a stove's dates, baseline or district, that
    touches an issued period is refused (issued figures are frozen) unless
    --adjustment "reason" is given: then it is recorded as a post-issuance
    adjustment, and a reduction is carried into the next issuance.

    \b
    Exit status:
      0  every row was imported
      1  some rows were not imported (all the others were), or the file
         could not be read at all (nothing was imported)
    """
    # Batches are committed as they go, so the whole file is read once before any is written.
    total = count_rows(file, required=REQUIRED_COLUMNS)
    services = get_services(ctx)
    stderr = sys.stderr
    show_bar = total > PROGRESS_MIN_ROWS and stderr.isatty()
    with csv_rows(file, required=REQUIRED_COLUMNS) as rows:
        bar = (
            click.progressbar(length=total, label="importing households", file=stderr)
            if show_bar
            else contextlib.nullcontext()
        )
        with bar as progress:
            try:
                report = import_households(
                    services.uow(),
                    rows,
                    now=services.clock(),
                    tz=services.settings.program_timezone,
                    earliest=services.settings.program_earliest_date,
                    on_progress=progress.update if progress is not None else None,
                    adjustment=adjustment,
                    actor=acting_user(actor),
                )
            except PeriodFrozen as exc:
                raise CliError(str(exc)) from exc
            except SQLAlchemyError as exc:
                reason = describe_database_error(exc, services.database_url) or repr(exc)
                raise CliError(f"{reason}; batches before it were imported") from exc
    finish_import(ctx, "households import", report)


@households.command("silent")
@click.option("--weeks", type=click.IntRange(1, 52), default=None,
              help="Weeks without a sign of life (default: SILENT_AFTER_WEEKS).")
@click.option("--district", "districts", multiple=True, help="Only these districts (repeatable).")
@click.pass_context
def silent(ctx: click.Context, weeks: int | None, districts: tuple[str, ...]) -> None:
    """Households gone silent: no message, observation or visit for WEEKS weeks.

    The same definition as the digest, the weekly prompt and the bot's /silenciosos. One line
    per household: stove codes, district, community, masked phone, day last heard from.
    """
    from core.field.worklists import silent_households

    services = get_services(ctx)
    settings = services.settings
    weeks = weeks or settings.silent_after_weeks
    found = silent_households(services.uow(), districts or None, weeks=weeks,
                              now=services.clock(), tz=settings.program_timezone)
    for s in found:
        click.echo("\t".join([s.code, s.district, s.community or "-", s.phone or "-",
                              s.last_heard or "never"]))
    click.echo(f"{len(found)} silent households ({weeks} weeks)", err=True)


@households.command("forget")
@click.option("--stove", "stove_code", default=None, help="A stove code of the household.")
@click.option("--phone", default=None, help="One of the household's phone numbers.")
@click.option("--reason", required=True, help="Why (the request), kept with the erasure.")
@click.option("--by", "actor", default=None, help="Who acts (default: the login name).")
@click.pass_context
def forget(ctx: click.Context, stove_code: str | None, phone: str | None, reason: str,
           actor: str | None) -> None:
    """Erase a household's phones, name, home location, message bodies and photos.

    Its stoves, reports, visits (with their photo hashes) and the ledger stay under its
    pseudonym, so `qoncha ledger verify` and every issued report still recompute. A forgotten
    phone that texts again is a new, unknown phone. Who, when and why are recorded.
    """
    if (stove_code is None) == (phone is None):
        raise CliError("give exactly one of --stove CODE or --phone NUMBER")
    from core.privacy.erasure import ErasureRefused, forget_household
    from gateway.wiring import media_root

    services = get_services(ctx)
    try:
        done = forget_household(
            services.uow(), stove_code=stove_code, phone=phone, reason=reason,
            actor=acting_user(actor), media_root=media_root(services.settings),
            now=services.clock())
    except ErasureRefused as exc:
        raise CliError(str(exc)) from exc
    click.echo(f"household {done.pseudonym} forgotten: {done.phones} phone(s), "
               f"{done.photos} photo(s); its evidence stays under {done.pseudonym}")
