"""The `qoncha` command line: commands load on demand, and database faults end in one line.

Each area registers its commands on the `main` group from its own module; `COMMANDS` names
the module of each command and its one-line help, so `qoncha --help` lists them without
importing the web, statistics and plotting stacks behind them.
"""

import sys
from typing import Any

import click

from gateway.cli.context import CliError, get_services  # noqa: F401 - re-exported for commands

# name -> (module that registers it on `main`, its help line as `qoncha --help` lists it).
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("gateway.cli.db", "Database schema."),
    "digest": ("gateway.cli.digest", "The coordinators' weekly digest."),
    "demo": (
        "gateway.cli.demo",
        "Load a demonstration programme dated from today: stoves, a year of SMS, visited samples.",
    ),
    "export": ("gateway.cli.export", "Export data for auditors and analysts."),
    "households": (
        "gateway.cli.households",
        "Households, their stoves and the phones that report for them.",
    ),
    "kpt": (
        "gateway.cli.kpt",
        "Kitchen performance tests (fuel weighed in households, per campaign).",
    ),
    "ledger": (
        "gateway.cli.ledger",
        "The ITMO ledger: serial blocks per vintage, moved by appended records.",
    ),
    "monitoring-report": (
        "gateway.cli.monitoring_report",
        "Write the buyer's monitoring report of a period, with its de-identified data.",
    ),
    "outbox": ("gateway.cli.outbox", "Messages waiting to go out, on every channel."),
    "overlap": (
        "gateway.cli.overlap",
        "Claims by other mitigation activities on our stoves (excluded or discounted in the ER).",
    ),
    "parameters": (
        "gateway.cli.parameters",
        "Methodology parameters (QONCHA_PARAMETERS, else the packaged defaults).",
    ),
    "privacy": (
        "gateway.cli.privacy",
        "Households' personal data: consent, the access log, access requests.",
    ),
    "report": (
        "gateway.cli.report",
        "The monitoring report of a period: stove-days, verified usage, ER and their evidence.",
    ),
    "review": (
        "gateway.cli.review",
        "Household messages the parser could not read, until a person resolves them.",
    ),
    "sample": (
        "gateway.cli.sample",
        "The verification sample: which stoves field staff visit to measure usage.",
    ),
    "scheduler": (
        "gateway.cli.run",
        "Run the scheduled jobs in the foreground (one such process per deployment).",
    ),
    "serve": (
        "gateway.cli.run",
        "Run the gateway and the scheduler in one process, for local use (production: Procfile).",
    ),
    "simulate": (
        "gateway.cli.simulate",
        "Send TEXT from SENDER as the provider would, and print what the household is told.",
    ),
    "staff": (
        "gateway.cli.staff",
        "Field staff: invite them to the Telegram bot, set their e-mail, list them, revoke access.",
    ),
    "telegram": ("gateway.cli.telegram", "The field-staff bot's link with Telegram."),
    "visits": ("gateway.cli.visits", "Field verification visits."),
}


class QonchaGroup(click.Group):
    """The root group: imports a command's module when it is used, maps database faults."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, loaded or not, in name order."""
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing the module that registers it on first use."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            __import__(COMMANDS[cmd_name][0])
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands from `COMMANDS` (no imports); loaded ones speak for themselves."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is not None:
                rows.append((name, command.get_short_help_str(limit=1000)))
            else:
                rows.append((name, COMMANDS[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a database that is unreachable or unmigrated ends in one line."""
        try:
            return super().invoke(ctx)
        except click.exceptions.ClickException:
            raise
        except Exception as exc:
            reason = _database_reason(exc, ctx)
            if reason is None:
                raise
            raise CliError(reason) from exc


def _database_reason(exc: Exception, ctx: click.Context) -> str | None:
    """A one-line reason when `exc` is a database fault (SQLAlchemy loaded), else None."""
    if "sqlalchemy" not in sys.modules:
        return None  # nothing touched a database
    from gateway.dberrors import describe_database_error

    services = (ctx.obj or {}).get("services") if isinstance(ctx.obj, dict) else None
    return describe_database_error(exc, getattr(services, "database_url", None))


@click.group(cls=QonchaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO level.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """qoncha: household SMS, field staff bot and monitored emission reductions."""
    from gateway.logs import configure_logging

    configure_logging("INFO" if verbose else "WARNING")
    ctx.ensure_object(dict)
