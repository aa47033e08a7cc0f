"""`qoncha db upgrade`: the only way tables are made."""

import click
from alembic import command

from gateway.cli import main
from gateway.cli.context import CliError, get_services
from migrations import alembic_config


@main.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Migrate the database at DATABASE_URL to the newest revision."""
    services = get_services(ctx)
    try:
        upgrade_database(services.database_url)
    except Exception as exc:  # noqa: BLE001 - any failure is reported as one line
        raise CliError(f"migration failed: {exc.__class__.__name__}: {exc}") from exc
    click.echo("database is at the newest revision")


def upgrade_database(url: str) -> None:
    """Bring a database to head (also used by tests and the run command)."""
    command.upgrade(alembic_config(url), "head")
