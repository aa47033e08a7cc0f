"""`qoncha kpt import`: kitchen performance test measurements from a CSV file."""

from pathlib import Path

import click

from core.imports.kpt import REQUIRED_COLUMNS, import_kpt
from gateway.cli import main
from gateway.cli.csvfiles import import_in_one_transaction


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
    same file twice changes nothing, and a corrected row updates it. Bad rows
    are listed on stderr as "line N: reason" and the rest are imported; the
    exit status is 1 when any row was not imported (or the file could not be
    read), else 0.
    """
    import_in_one_transaction(
        ctx, file, required=REQUIRED_COLUMNS, run=import_kpt, command="kpt import"
    )
