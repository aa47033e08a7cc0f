"""`qoncha export usage|messages`: stream an export as CSV or JSON lines to stdout or a file."""

import contextlib
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import click

from core.monitoring.exports import (
    MESSAGE_COLUMNS,
    USAGE_COLUMNS,
    Rows,
    export_messages,
    export_usage,
)
from core.privacy.access import log_bulk_read
from gateway.cli import main
from gateway.cli.adjustment import acting_user
from gateway.cli.context import get_services
from gateway.cli.options import period, period_options
from gateway.cli.output import out_option, write_output
from gateway.renderers.spreadsheet import SafeCsvWriter

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="CSV with a header line, or one JSON object per line.",
)


@main.group()
def export() -> None:
    """Export data for auditors and analysts."""


@export.command()
@_FORMAT
@click.option("--all", "include_all", is_flag=True, help="Add superseded observations too.")
@out_option
@click.pass_context
def usage(ctx: click.Context, fmt: str, include_all: bool, out: Path | None) -> None:
    """Usage observations in force, one per line, by stove code, week and id.

    Weeks are ISO weeks (YYYY-Www) in the programme time zone; reported_at is UTC.
    With --all, corrected observations are included and superseded_by holds the
    id of the observation that replaced each.
    """
    services = get_services(ctx)
    rows = export_usage(services.uow(), include_superseded=include_all)
    _write(rows, USAGE_COLUMNS, fmt, out)


@export.command()
@_FORMAT
@period_options("First local day, YYYY-MM-DD.", "Last local day (inclusive).")
@click.option("--unmasked", is_flag=True,
              help="Show full sender numbers and message bodies (personal data; logged).")
@click.option("--by", "actor", default=None, help="Who reads it, for the access log "
              "(default: the login name).")
@click.option(
    "--needs-review", is_flag=True, help="Only messages flagged for staff review (unreadable...)."
)
@out_option
@click.pass_context
def messages(
    ctx: click.Context,
    fmt: str,
    start: date | None,
    end: date | None,
    unmasked: bool,
    actor: str | None,
    needs_review: bool,
    out: Path | None,
) -> None:
    """Every stored inbound message, the audit trail, by time received.

    Days are counted in the programme time zone (PROGRAM_TIMEZONE); received_at is UTC.
    Sender numbers are masked and bodies hidden unless --unmasked, which is recorded in
    the access log (`qoncha privacy access-log`); --needs-review lists the review queue.
    """
    if start is not None and end is not None:
        period(start, end)  # either end may be left open; both given must be in order
    services = get_services(ctx)
    if unmasked:
        days = f"{start or 'start'}..{end or 'now'}"
        log_bulk_read(services.uow(), actor=acting_user(actor), kinds=("phone", "message_body"),
                      purpose=f"cli: export messages --unmasked ({days})", now=services.clock())
    rows = export_messages(
        services.uow(),
        tz=services.settings.program_timezone,
        first_day=start,
        last_day=end,
        unmasked=unmasked,
        needs_review=needs_review,
    )
    _write(rows, MESSAGE_COLUMNS, fmt, out)


def _write(rows: Rows, columns: Iterable[str], fmt: str, out: Path | None) -> None:
    """Render rows to stdout or atomically to `out`, closing the rows' cursor either way."""
    with contextlib.closing(rows):
        write_output(out, lambda stream: _render(rows, list(columns), fmt, stream))


def _render(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, stream: TextIO) -> None:
    """CSV (empty cells for missing values) or JSON lines (null for them)."""
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = SafeCsvWriter(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])


def _cell(value: Any) -> Any:
    """Booleans as true/false like the JSON lines; None as an empty cell."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
