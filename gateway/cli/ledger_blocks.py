"""`qoncha ledger show` and the block moves: authorize, first-transfer, transfer, use, cancel."""

import click

from core.ledger.usecases import list_blocks, move_block
from gateway.cli.adjustment import acting_user
from gateway.cli.context import get_services
from gateway.cli.ledger_calls import BY, ledger_call


def _move_command(name: str, action: str, summary: str) -> click.Command:
    """One block move (authorize, first-transfer, ...) as a ledger subcommand."""

    @click.command(name, help=summary)
    @click.option("--block", "block_id", type=int, required=True, help="Block id (ledger show).")
    @click.option("--quantity", type=int, default=None, help="Move only the first N ITMOs.")
    @BY
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
        moved = ledger_call(
            lambda: move_block(
                services.uow(),
                block_id=block_id,
                action=action,
                quantity=quantity,
                actor=acting_user(actor),
                now=services.clock(),
                counterparty=party,
                note=note,
            )
        )
        click.echo(f"block {moved}: {name} recorded")

    return command


MOVES = tuple(
    _move_command(name, action, summary)
    for name, action, summary in (
        ("authorize", "authorize", "Authorize an issued block (or its first N ITMOs)."),
        (
            "first-transfer",
            "first_transfer",
            "Record the first transfer (corresponding adjustment).",
        ),
        ("transfer", "transfer", "Transfer a first-transferred block onwards."),
        ("use", "use", "Use a block towards an NDC or other purpose (final)."),
        ("cancel", "cancel", "Cancel a block (final)."),
    )
)


@click.command()
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
