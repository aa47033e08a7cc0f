"""`qoncha db upgrade`: the only way tables are made."""

import click

from gateway.cli import main
from gateway.cli.context import CliError, get_services


@main.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Migrate the database at DATABASE_URL to the newest revision."""
    from gateway.dberrors import describe_database_error, masked_url

    services = get_services(ctx)
    try:
        before = current_revision(services.database_url)
        upgrade_database(services.database_url)
        after = current_revision(services.database_url)
    except Exception as exc:  # noqa: BLE001 - any failure is reported as one line
        reason = describe_database_error(exc, services.database_url)
        raise CliError(f"migration failed: {reason or f'{exc.__class__.__name__}: {exc}'}") from exc
    where = masked_url(services.database_url)
    if before == after:
        click.echo(f"database {where} already at {after}, the newest revision")
    else:
        click.echo(f"database {where} migrated from {before or '(empty)'} to {after}")


def current_revision(url: str) -> str | None:
    """The Alembic revision a database is at; None for a database never migrated."""
    from alembic.runtime.migration import MigrationContext

    from core.db.engines import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def require_migrated(url: str) -> None:
    """Refuse in one line to run a long-lived process on a database not at the newest revision."""
    from alembic.script import ScriptDirectory

    from gateway.dberrors import masked_url
    from migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    current = current_revision(url)
    if current != head:
        state = "was never migrated" if current is None else f"is at {current}, not {head}"
        raise CliError(f"the database at {masked_url(url)} {state}; run 'qoncha db upgrade'")


def upgrade_database(url: str) -> None:
    """Bring a database to head (also used by tests and the run command)."""
    from alembic import command

    from migrations import alembic_config

    command.upgrade(alembic_config(url), "head")
