"""The `qoncha` command line; each area registers its commands on the `main` group."""

import logging

import click

from gateway.cli.context import CliError, get_services  # noqa: F401 - re-exported for commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO level.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """qoncha: household SMS, field staff bot and monitored emission reductions."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.ensure_object(dict)


def _register() -> None:
    """Attach every command module; imported here so `main` exists before they decorate it."""
    from gateway.cli import db, export, households, run, simulate  # noqa: F401

    for optional in ("visits", "report", "sample", "ledger", "parameters", "kpt"):
        try:
            __import__(f"gateway.cli.{optional}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gateway.cli.{optional}":
                raise


_register()
