"""The `--adjustment` and `--by` options of imports that may touch an issued period."""

import getpass
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def adjustment_options(command: F) -> F:
    """Add `--adjustment REASON` and `--by NAME` to an import command."""
    command = click.option(
        "--by", "actor", default=None, help="Who records an adjustment (default: login name)."
    )(command)
    return click.option(
        "--adjustment",
        default=None,
        metavar="REASON",
        help="Admit rows that fall into an issued period, recording a post-issuance "
        "adjustment with this reason (carried into the next issuance).",
    )(command)


def acting_user(given: str | None) -> str:
    """Who is acting: the name given, else the login name, for the ledger's audit trail."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "cli"
