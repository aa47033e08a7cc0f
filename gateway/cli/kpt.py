"""`qoncha kpt import`: kitchen performance test measurements from a CSV file."""

from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from core.services.kpt_import import REQUIRED_COLUMNS, import_kpt
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.csvfiles import csv_rows, finish_import


@main.group()
def kpt() -> None:
    """Kitchen performance tests (fuel weighed in households, per campaign)."""


@kpt.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def import_command(ctx: click.Context, file: Path) -> None:
    """Create or update KPT measurements from FILE (CSV, UTF-8, comma or semicolon).

    \b
    Columns: campaign, phase (baseline or project), stove_code or household
    (one of them), day (YYYY-MM-DD), wood_kg, household_size and, optionally,
    charcoal_kg. One row is one household's weighed day. Other columns are
    ignored.

    A measurement is its campaign, phase, household and day: importing the
    same file twice changes nothing, and a corrected row updates it.

    Each bad row is reported on stderr as "line N: reason" and the other rows
    are imported; a summary goes to stdout.

    \b
    Exit status:
      0  every row was imported
      1  some rows were not imported (all the others were), or the file
         could not be read at all (nothing was imported)
    """
    services = get_services(ctx)
    with csv_rows(file, required=REQUIRED_COLUMNS) as rows:
        try:
            report = import_kpt(
                services.uow(), rows, now=services.clock(), tz=services.settings.program_timezone
            )
        except SQLAlchemyError as exc:
            raise CliError(
                f"database error ({exc.__class__.__name__}); nothing was imported"
            ) from exc
    finish_import(ctx, "kpt import", report)
