"""`qoncha ledger verify`: the ledger recomputed from the database as it is now."""

import re

import click

from core.ledger.usecases import verify_ledger
from gateway.cli.context import CliError, get_services


@click.command()
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
