"""What the `qoncha ledger` commands share: the --by option, and a ledger refusal in one line."""

from collections.abc import Callable
from typing import TypeVar

import click

from core.ledger.itmo import LedgerError
from gateway.cli.context import CliError

T = TypeVar("T")
BY = click.option("--by", "actor", default=None, help="Who acts (default: the login name).")


def ledger_call(call: Callable[[], T]) -> T:
    """Run a ledger service, turning its refusal into a one-line CLI error."""
    try:
        return call()
    except LedgerError as exc:
        raise CliError(str(exc)) from exc
