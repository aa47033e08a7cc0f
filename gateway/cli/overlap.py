"""`qoncha overlap import`: stoves or households also claimed by another mitigation activity."""

from pathlib import Path

import click

from core.imports.overlap import REQUIRED_COLUMNS, import_overlap
from gateway.cli import main
from gateway.cli.adjustment import acting_user, adjustment_options
from gateway.cli.csvfiles import import_in_one_transaction


@main.group()
def overlap() -> None:
    """Claims by other mitigation activities on our stoves (excluded or discounted in the ER)."""


@overlap.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@adjustment_options
@click.pass_context
def import_command(
    ctx: click.Context, file: Path, adjustment: str | None, actor: str | None
) -> None:
    """Create or update overlap claims from FILE (CSV, UTF-8, comma or semicolon).

    \b
    Columns: stove_code or household_code (one of them), activity (the other
    programme's name), from and to (YYYY-MM-DD, inclusive) and, optionally,
    discount (the share of the stove-days removed, e.g. 0.5; empty: the
    stove-days are excluded). Other columns are ignored.

    A claim is its stove or household, activity and from: importing the same
    file twice changes nothing, and a corrected row updates it. A claim
    touching an issued period is refused unless --adjustment "reason" is
    given. An import with no bad row records that the list was checked, which
    the report's overlap condition looks for. Bad rows are listed on stderr as
    "line N: reason" and the rest are imported; the exit status is 1 when any
    row was not imported (or the file could not be read), else 0.
    """
    import_in_one_transaction(
        ctx,
        file,
        required=REQUIRED_COLUMNS,
        run=import_overlap,
        command="overlap import",
        adjustment=adjustment,
        actor=acting_user(actor),
    )
