"""`qoncha ledger export` and `ledger holdings`: what leaves the ledger for the annual report
(actions, holdings, the hash chain) and the year-end holdings frozen in the chain."""

from datetime import date
from pathlib import Path

import click

from core.ledger.usecases import actions, chain_links, freeze_holdings, holdings
from core.periods import LATEST_DAY, day_bounds_utc
from gateway.cli.adjustment import acting_user
from gateway.cli.context import CliError, get_services
from gateway.cli.ledger_annual import authorization_version, warn_unauthorized
from gateway.cli.ledger_calls import BY, ledger_call
from gateway.cli.ledger_tables import write_actions, write_chain, write_holdings
from gateway.cli.options import ISO_DATE
from gateway.cli.output import out_option, write_output


@click.command()
@click.option("--format", "fmt", type=click.Choice(["actions", "holdings", "chain"]), required=True)
@click.option(
    "--year",
    "vintage",
    type=int,
    default=None,
    help="Vintage: the calendar year in which the reductions happened (actions, holdings).",
)
@click.option(
    "--as-at",
    "as_at",
    type=ISO_DATE,
    default=None,
    metavar="DATE",
    help="Holdings as at the end of this day (default: now); actions recorded by then.",
)
@out_option
@click.pass_context
def export(
    ctx: click.Context, fmt: str, vintage: int | None, as_at: date | None, out: Path | None
) -> None:
    """Actions on, or holdings of, the ITMOs of one vintage; or the whole hash chain.

    An issuance for 2025 is typically recorded in 2026; `--year 2025` finds it either way.
    The chain is JSON Lines, one link a line: seq, kind, row_id, content (the row's
    canonical JSON), prev_hash and hash = sha256(prev_hash + content), in hex.
    """
    services = get_services(ctx)
    tz = services.settings.program_timezone
    if fmt == "chain":
        links = chain_links(services.uow())
        write_output(out, lambda stream: write_chain(links, stream))
        return
    if vintage is None:
        raise CliError(f"--format {fmt} needs --year")
    version = authorization_version(services.settings)
    earliest = services.settings.program_earliest_date.year
    if not earliest <= vintage <= LATEST_DAY.year:
        raise CliError(f"--year {vintage} is outside {earliest}-{LATEST_DAY.year}")
    # The end of the --as-at day: every record stamped before the next day's first instant.
    until = day_bounds_utc(as_at, as_at, tz)[1] if as_at is not None else None
    if fmt == "actions":
        rows = actions(services.uow(), tz=tz, vintage=vintage, before=until)
        write_output(out, lambda stream: write_actions(rows, version, stream))
        found = len(rows)
    else:
        blocks = holdings(services.uow(), as_at=until, vintage=vintage)
        write_output(out, lambda stream: write_holdings(blocks, version, stream))
        found = len(blocks)
    warn_unauthorized(version)
    if not found:
        click.echo(
            f"qoncha: no ITMO of vintage {vintage} in the ledger"
            + (f" by {as_at}" if as_at else "")
            + ": header only",
            err=True,
        )


@click.command("holdings")
@click.option(
    "--as-at", "as_at", type=ISO_DATE, required=True, metavar="YYYY-12-31", help="A 31 December."
)
@BY
@click.option("--note", default="", help="Why a correction was frozen, for the record.")
@out_option
@click.pass_context
def freeze(ctx: click.Context, as_at: date, actor: str | None, note: str, out: Path | None) -> None:
    """Freeze the holdings as at 31 December in the hash chain and write them as CSV.

    Freezing again appends nothing while holdings and authorization version are the same;
    a difference is appended as a correction naming the snapshot it corrects.
    """
    services = get_services(ctx)
    version = authorization_version(services.settings)
    frozen = ledger_call(
        lambda: freeze_holdings(
            services.uow(),
            as_at=as_at,
            tz=services.settings.program_timezone,
            authorization_version=version,
            actor=acting_user(actor),
            now=services.clock(),
            note=note,
        )
    )
    write_output(out, lambda stream: write_holdings(frozen.blocks, version, stream))
    warn_unauthorized(version)
    if not frozen.created:
        said = f"holdings as at {as_at} already frozen as snapshot {frozen.snapshot_id}"
    elif frozen.corrects_id is None:
        said = f"holdings as at {as_at} frozen as snapshot {frozen.snapshot_id}"
    else:
        said = (
            f"holdings as at {as_at} frozen as snapshot {frozen.snapshot_id}, "
            f"correcting {frozen.corrects_id}"
        )
    click.echo(f"{said}: {len(frozen.blocks)} block(s), sha256 {frozen.sha256}", err=out is None)
