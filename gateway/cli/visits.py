"""`qoncha visits import`: field verification visits from a survey app's CSV export."""

from pathlib import Path

import click

from core.imports.visits import REQUIRED_COLUMNS, import_visits
from gateway.cli import main
from gateway.cli.adjustment import acting_user, adjustment_options
from gateway.cli.csvfiles import import_in_one_transaction


@main.group()
def visits() -> None:
    """Field verification visits."""


@visits.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@adjustment_options
@click.pass_context
def import_command(
    ctx: click.Context, file: Path, adjustment: str | None, actor: str | None
) -> None:
    """Create or update visits from FILE (CSV, UTF-8, comma or semicolon).

    \b
    Columns: stove_code, visited_on (YYYY-MM-DD), in_use (yes/no, si/no,
    true/false, 1/0), condition (good, needs_repair, broken, removed) and,
    optionally, open_fire_in_use (empty: not asked), surveyor, latitude,
    longitude, notes, found and not_found_reason. Other columns are ignored.

    A sampled stove the surveyor could not find is a row with found = no (and
    a not_found_reason); its in_use and condition may be empty. Only stoves
    recorded so may be replaced by reserve stoves, in drawn order.

    A row adding or changing a visit on a day of an issued period is refused
    (issued figures are frozen) unless --adjustment "reason" is given: then it
    is recorded as a post-issuance adjustment, and a reduction is carried into
    the next issuance.

    A visit is its stove, day and surveyor: importing the same file twice
    changes nothing, and a corrected row updates its visit.

    Each bad row is reported on stderr as "line N: reason" and the other rows
    are imported; a summary goes to stdout.

    \b
    Exit status:
      0  every row was imported
      1  some rows were not imported (all the others were), or the file
         could not be read at all (nothing was imported)
    """
    import_in_one_transaction(
        ctx,
        file,
        required=REQUIRED_COLUMNS,
        run=import_visits,
        command="visits import",
        adjustment=adjustment,
        actor=acting_user(actor),
    )
