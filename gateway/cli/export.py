"""`qoncha export usage|messages`: stream an export as CSV or JSON lines to stdout or a file."""

import contextlib
import csv
import json
import os
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from core.services.exports import (
    MESSAGE_COLUMNS,
    USAGE_COLUMNS,
    Rows,
    export_messages,
    export_usage,
)
from gateway.cli import main
from gateway.cli.context import CliError, get_services

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="CSV with a header line, or one JSON object per line.",
)
_OUT = click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file (replaced only once complete) instead of stdout.",
)
_DATE = click.DateTime(formats=["%Y-%m-%d"])


@main.group()
def export() -> None:
    """Export data for auditors and analysts."""


@export.command()
@_FORMAT
@click.option("--all", "include_all", is_flag=True, help="Add superseded observations too.")
@_OUT
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
@click.option(
    "--from", "first", type=_DATE, default=None, metavar="DATE", help="First local day, YYYY-MM-DD."
)
@click.option(
    "--to", "last", type=_DATE, default=None, metavar="DATE", help="Last local day (inclusive)."
)
@click.option("--unmasked", is_flag=True, help="Show full sender numbers (personal data).")
@_OUT
@click.pass_context
def messages(
    ctx: click.Context,
    fmt: str,
    first: datetime | None,
    last: datetime | None,
    unmasked: bool,
    out: Path | None,
) -> None:
    """Every stored inbound message, the audit trail, by time received.

    Days are counted in the programme time zone (PROGRAM_TIMEZONE); received_at is UTC.
    Sender numbers are masked unless --unmasked.
    """
    first_day, last_day = _day(first), _day(last)
    if first_day and last_day and first_day > last_day:
        raise CliError(f"--from {first_day} is after --to {last_day}")
    services = get_services(ctx)
    rows = export_messages(
        services.uow(),
        tz=services.settings.program_timezone,
        first_day=first_day,
        last_day=last_day,
        unmasked=unmasked,
    )
    _write(rows, MESSAGE_COLUMNS, fmt, out)


def _day(value: datetime | None) -> date | None:
    """The calendar day click parsed, if any."""
    return value.date() if value is not None else None


def _write(rows: Rows, columns: Iterable[str], fmt: str, out: Path | None) -> None:
    """Render rows to stdout, or to a temporary file renamed over `out` once all is written."""
    with contextlib.closing(rows):
        if out is None:
            _render(rows, list(columns), fmt, sys.stdout)
            return
        partial = out.with_name(f".{out.name}.part")
        try:
            with partial.open("w", encoding="utf-8", newline="") as stream:
                _render(rows, list(columns), fmt, stream)
            os.replace(partial, out)
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            partial.unlink(missing_ok=True)


def _render(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, stream: TextIO) -> None:
    """CSV (empty cells for missing values) or JSON lines (null for them)."""
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])


def _cell(value: Any) -> Any:
    """Booleans as true/false like the JSON lines; None as an empty cell."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
