"""`qoncha visits import`: field verification visits from a survey app's CSV export."""

from pathlib import Path

import click

from core.services.visits_import import REQUIRED_COLUMNS, import_visits
from gateway.cli import main
from gateway.cli.context import CliError, get_services
from gateway.cli.csvfiles import csv_rows


@main.group()
def visits() -> None:
    """Field verification visits."""


@visits.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def import_command(ctx: click.Context, file: Path) -> None:
    """Create or update visits from FILE.csv; bad rows are reported by line, the rest imported."""
    services = get_services(ctx)
    with csv_rows(file, required=REQUIRED_COLUMNS) as rows:
        report = import_visits(
            services.uow(), rows, now=services.clock(), tz=services.settings.program_timezone
        )
    for error in report.errors:
        click.echo(f"line {error.line}: {error.message}", err=True)
    click.echo(
        f"visits: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} errors"
    )
    if report.errors:
        raise CliError(f"{len(report.errors)} row(s) of {file} not imported")
