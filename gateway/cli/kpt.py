"""`qoncha kpt import`: kitchen performance test measurements from a CSV file."""

from pathlib import Path

import click

from core.imports.kpt import REQUIRED_COLUMNS, import_kpt
from core.mrv.options import KPT_LIMITS
from gateway.cli import main
from gateway.cli.adjustment import acting_user, adjustment_options
from gateway.cli.context import get_services
from gateway.cli.csvfiles import import_in_one_transaction
from gateway.cli.parameters import parameters_in_force


@main.group()
def kpt() -> None:
    """Kitchen performance tests (fuel weighed in households, per campaign)."""


@kpt.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@adjustment_options
@click.pass_context
def import_command(
    ctx: click.Context, file: Path, adjustment: str | None, actor: str | None
) -> None:
    """Create or update KPT measurements from FILE (CSV, UTF-8, comma or semicolon).

    \b
    Columns: campaign, phase (baseline or project), stove_code or household
    (one of them), day (YYYY-MM-DD), wood_kg, household_size and, optionally,
    charcoal_kg. One row is one household's weighed day. Other columns are
    ignored. A wood_kg or charcoal_kg above max_kg_per_day (the [kpt] table
    of the parameters file, default 100) is refused with its line.

    A measurement is its campaign, phase, household and day: importing the
    same file twice changes nothing, and a corrected row updates it. A row
    adding or changing a measurement of a campaign an issued period was
    credited from is refused (issued figures are frozen) unless --adjustment
    "reason" is given: then it is recorded as a post-issuance adjustment.
    Bad rows are listed on stderr as "line N: reason" and the rest are
    imported; the exit status is 1 when any row was not imported (or the file
    could not be read), else 0.
    """
    options = parameters_in_force(get_services(ctx)).options
    limit = options.kpt.max_kg_per_day if options and options.kpt else KPT_LIMITS["max_kg_per_day"]
    import_in_one_transaction(
        ctx,
        file,
        required=REQUIRED_COLUMNS,
        run=import_kpt,
        command="kpt import",
        max_kg_per_day=limit,
        adjustment=adjustment,
        actor=acting_user(actor),
    )
