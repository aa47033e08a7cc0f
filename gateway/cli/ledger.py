"""`qoncha ledger …`: issue monitored periods as ITMOs, move blocks, export and verify."""

# Over 300 lines: the ledger's commands in one click group, each a thin call into core.ledger.

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import click

from core.ledger.itmo import ItmoIdentity, LedgerError
from core.ledger.usecases import (
    actions,
    chain_links,
    freeze_holdings,
    holdings,
    issue_period,
    list_blocks,
    move_block,
    verify_ledger,
)
from core.periods import LATEST_DAY, day_bounds_utc
from core.settings import Settings
from gateway.cli import main
from gateway.cli.adjustment import acting_user
from gateway.cli.context import CliError, get_services
from gateway.cli.ledger_annual import authorization_version, report_references, warn_unauthorized
from gateway.cli.ledger_tables import write_actions, write_chain, write_holdings
from gateway.cli.ledger_warning import confirm_issue
from gateway.cli.options import ISO_DATE, period, period_options
from gateway.cli.output import out_option, write_output
from gateway.cli.parameters import parameters_in_force
from gateway.cli.report import period_report

T = TypeVar("T")
_BY = click.option("--by", "actor", default=None, help="Who acts (default: the login name).")


@main.group()
def ledger() -> None:
    """The ITMO ledger: serial blocks per vintage, moved by appended records."""


@ledger.command()
@period_options("First day, YYYY-MM-DD (required).", "Last day, inclusive (required).")
@_BY
@click.option(
    "--monitoring-report",
    "package",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="The period's package from `monitoring-report` (folder or zip): checked, then referenced.",
)
@click.option(
    "--verification-report",
    "verification",
    default="",
    help="The verifier's report this issuance rests on, as they name it (e.g. its number).",
)
# Over 60 lines: a command's options, its warning, its question and its one call.
@click.option("--yes", "assume_yes", is_flag=True, help="Issue without asking at a terminal.")
@click.pass_context
def issue(
    ctx: click.Context,
    start: date | None,
    end: date | None,
    actor: str | None,
    package: Path | None,
    verification: str,
    assume_yes: bool,
) -> None:
    """Issue the monitored period's issuable tonnes as ITMO blocks, one per vintage.

    It first says what issuing freezes and the tonnes forgone against U = p; at a terminal
    it asks before issuing (--yes skips the question), from a script it goes on.
    """
    first, last = period(start, end)
    services = get_services(ctx)
    parameters = parameters_in_force(services)
    now = services.clock()
    # SMS received from now on never change the issued report: it counts those before `now`.
    report = period_report(services, parameters, first, last, now=now, as_of=now)
    figures = report.as_dict()
    references = report_references(package, verification.strip(), report.digest, first, last)
    confirm_issue(services, parameters, report, now=now, assume_yes=assume_yes)
    result = _ledger_call(
        lambda: issue_period(
            services.uow(),
            period_start=first,
            period_end=last,
            issuable_tonnes=int(figures["er_issuable_tco2e"]),
            er_tco2e=float(figures["er_tco2e"]),
            stove_days_by_year={int(y): d for y, d in figures["stove_days_by_year"].items()},
            report_digest=report.digest,  # the sha256 the report itself prints
            methodology_version=parameters.methodology_version,
            identity=_identity(services.settings),
            actor=_actor(actor),
            now=now,
            parameters_json=parameters.to_json(),
            integrity=figures.get("integrity"),
            references=references,
        )
    )
    click.echo(
        f"issuance {result.issuance_id}: {first}..{last}, {result.issuable_tonnes} ITMOs "
        f"in {len(result.blocks)} block(s)"
    )
    if references is not None:
        click.echo(
            f"  monitoring report {references.monitoring_report_id or '-'} "
            f"(sha256 {references.monitoring_report_sha256 or '-'}), "
            f"verification report {references.verification_report or '-'}"
        )
    for block in result.blocks:
        click.echo(
            f"  block {block.block_id}  vintage {block.vintage}  {block.quantity} ITMOs  "
            f"{block.first_identifier} .. {block.last_identifier}"
        )
    status = figures["integrity"]["methodology_status"]
    passed = "yes" if figures["integrity"]["all_passed"] else "no"
    click.echo(
        f"  label: {result.ccp_label} (methodology {status['status']} "
        f"{status['decided_on'] or ''}; every integrity condition passed: {passed})"
    )


def _move_command(name: str, action: str, summary: str) -> None:
    """Register one block move (authorize, first-transfer, ...) as a ledger subcommand."""

    @ledger.command(name, help=summary)
    @click.option("--block", "block_id", type=int, required=True, help="Block id (ledger show).")
    @click.option("--quantity", type=int, default=None, help="Move only the first N ITMOs.")
    @_BY
    @click.option("--to", "party", default=None, help="Acquiring Party of a transfer.")
    @click.option("--note", default="", help="Purpose of a use or cancellation, or a remark.")
    @click.pass_context
    def command(
        ctx: click.Context,
        block_id: int,
        quantity: int | None,
        actor: str | None,
        party: str | None,
        note: str,
    ) -> None:
        services = get_services(ctx)
        moved = _ledger_call(
            lambda: move_block(
                services.uow(),
                block_id=block_id,
                action=action,
                quantity=quantity,
                actor=_actor(actor),
                now=services.clock(),
                counterparty=party,
                note=note,
            )
        )
        click.echo(f"block {moved}: {name} recorded")


for _name, _action, _summary in (
    ("authorize", "authorize", "Authorize an issued block (or its first N ITMOs)."),
    ("first-transfer", "first_transfer", "Record the first transfer (corresponding adjustment)."),
    ("transfer", "transfer", "Transfer a first-transferred block onwards."),
    ("use", "use", "Use a block towards an NDC or other purpose (final)."),
    ("cancel", "cancel", "Cancel a block (final)."),
):
    _move_command(_name, _action, _summary)


@ledger.command()
@click.option("--all", "include_all", is_flag=True, help="Also blocks retired by a split.")
@click.pass_context
def show(ctx: click.Context, include_all: bool) -> None:
    """List blocks with state, holder, quantity and their first and last identifiers."""
    blocks = list_blocks(get_services(ctx).uow(), include_retired=include_all)
    if not blocks:
        click.echo("the ledger holds no block")
        return
    click.echo(f"{'block':>6}  {'vintage':<7}  {'state':<17}  {'quantity':>8}  holder  identifiers")
    for b in blocks:
        click.echo(
            f"{b.block_id:>6}  {b.vintage:<7}  {b.state:<17}  {b.quantity:>8}  {b.holder:<6}  "
            f"{b.first_identifier} .. {b.last_identifier}"
        )


@ledger.command()
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


@ledger.command("holdings")
@click.option(
    "--as-at", "as_at", type=ISO_DATE, required=True, metavar="YYYY-12-31", help="A 31 December."
)
@_BY
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
    frozen = _ledger_call(
        lambda: freeze_holdings(
            services.uow(),
            as_at=as_at,
            tz=services.settings.program_timezone,
            authorization_version=version,
            actor=_actor(actor),
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


@ledger.command()
@click.option(
    "--expect-head",
    metavar="HASH",
    default=None,
    help="A head hash published earlier: the chain must still hold that link.",
)
@click.pass_context
def verify(ctx: click.Context, expect_head: str | None) -> None:
    """Recompute holdings, serials, the hash chain and every issued report; exit 1 on a problem.

    Post-issuance adjustments are listed too: they are recorded changes, not problems. The
    last line gives the chain's links and head hash: publish both with each issuance, and
    pass the head to --expect-head later to prove the ledger was not emptied or rewritten.
    """
    if expect_head is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", expect_head):
        raise CliError("--expect-head must be a 64-character hex SHA-256 hash")
    services = get_services(ctx)
    result = verify_ledger(
        services.uow(),
        tz=services.settings.program_timezone,
        now=services.clock(),
        expect_head=expect_head,
    )
    for note in result.notes:
        click.echo(note)
    if result.published_at is not None:
        click.echo(f"published head found: chain link {result.published_at} of {result.links}")
    for problem in result.problems:
        click.echo(problem)
    if result.ok:
        click.echo(f"ledger OK: {result.blocks} blocks, {result.itmos} ITMOs")
    click.echo(f"hash chain: {result.links} links, head {result.head}")
    if not result.ok:
        raise CliError(f"ledger has {len(result.problems)} problem(s)")


def _identity(settings: Settings) -> ItmoIdentity:
    """The ITMO identity from the ITMO_* settings, refused in one line if unusable."""
    return _ledger_call(
        lambda: ItmoIdentity(
            cooperative_approach_id=settings.itmo_cooperative_approach_id,
            originating_registry=settings.itmo_originating_registry,
            first_transferring_party=settings.itmo_first_transferring_party,
        )
    )


def _actor(given: str | None) -> str:
    """Who is acting: --by, else the login name, for the ledger's audit trail."""
    return acting_user(given)


def _ledger_call(call: Callable[[], T]) -> T:
    """Run a ledger service, turning its refusal into a one-line CLI error."""
    try:
        return call()
    except LedgerError as exc:
        raise CliError(str(exc)) from exc
