"""Reading the spreadsheets staff export (UTF-8 with or without BOM; comma, semicolon or tab),
and telling them what became of each row.

Every import command reads its file through `csv_rows` and ends with `finish_import`, so the
conventions are the same everywhere: the header names the columns (case and surrounding
spaces do not matter), a spreadsheet saved in a Spanish locale (`;` between fields) or
tab-separated is read like a comma file, each row comes with the line of the file where it
starts, and problems are reported as "line N: reason" on stderr with a summary on stdout.
"""

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import click
from sqlalchemy.exc import SQLAlchemyError

from core.imports.rows import ImportReport
from gateway.cli.context import CliError, get_services

_DELIMITERS = ",;\t"  # ties go to the comma
# A byte that is not UTF-8, as `errors="surrogateescape"` leaves it in the decoded text.
_UNDECODED = re.compile("[\udc80-\udcff]")
_NOT_UTF8 = "is not UTF-8 text (in Excel choose 'CSV UTF-8' when saving)"

# Rows are dicts like csv.DictReader's: a row with more fields than the header keeps the
# extra ones under the key None, so the service can report an unquoted delimiter.
CsvRow = tuple[int, dict[str | None, str | list[str]]]


class _Reader(Protocol):
    """What `csv.reader` returns: lists of fields and the physical line reached."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header uses most: `;` from Excel in a Spanish locale, tab, else `,`."""
    return max(_DELIMITERS, key=header_line.count)


@contextmanager
def csv_rows(path: Path, *, required: Sequence[str]) -> Iterator[Iterator[CsvRow]]:
    """Open a CSV file and yield its rows lazily as (line number, {column: text}).

    A missing file, a missing column or text that is not UTF-8 becomes a one-line CliError,
    also when it is met halfway through the file while the caller iterates (a byte that is
    not UTF-8 refuses the whole file, naming its line: the file was saved in another
    encoding). Columns beyond `required` are passed through untouched (optional ones, or a
    survey app's own).
    """
    try:
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise CliError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    with handle:
        reader = None
        try:
            first = handle.readline()
            handle.seek(0)
            reader = csv.reader(handle, delimiter=sniff_delimiter(first))
            fields = next(reader, [])
            _refuse_undecoded(path, 1, fields)
            header = _header(path, fields, required)
            yield _rows(path, reader, header)
        except csv.Error as exc:
            where = f"line {reader.line_num}: " if reader is not None else ""
            raise CliError(f"{where}not readable as CSV: {exc}") from exc


def count_rows(path: Path, *, required: Sequence[str]) -> int:
    """Read the whole file once, as `csv_rows` would, and count its non-blank records.

    For an import that commits as it goes: a file that is unreadable anywhere is refused
    before anything is written, and the count sizes a progress bar.
    """
    with csv_rows(path, required=required) as rows:
        return sum(1 for _ in rows)


def import_in_one_transaction(
    ctx: click.Context,
    file: Path,
    *,
    required: Sequence[str],
    run: Callable[..., ImportReport],
    command: str,
    **options: Any,
) -> None:
    """Import FILE with a service that writes it in one transaction, and report as all do.

    `run(uow, rows, now=..., tz=..., **options)` is the service; a database failure, or a
    period frozen by issuance, leaves nothing.
    """
    from core.imports.freeze import PeriodFrozen
    from gateway.dberrors import describe_database_error

    services = get_services(ctx)
    with csv_rows(file, required=required) as rows:
        try:
            report = run(
                services.uow(),
                rows,
                now=services.clock(),
                tz=services.settings.program_timezone,
                earliest=services.settings.program_earliest_date,
                **options,
            )
        except PeriodFrozen as exc:
            raise CliError(str(exc)) from exc
        except SQLAlchemyError as exc:
            reason = describe_database_error(exc, services.database_url) or repr(exc)
            raise CliError(f"{reason}; nothing was imported") from exc
    finish_import(ctx, command, report)


def finish_import(ctx: click.Context, command: str, report: ImportReport) -> None:
    """Print each problem as "line N: ..." on stderr in line order, then the one-line summary.

    Exits with status 1 when some row was not imported; warnings alone leave it at 0.
    """
    notes = [(error.line, error.message) for error in report.errors]
    notes += [(warning.line, f"warning: {warning.message}") for warning in report.warnings]
    for line, message in sorted(notes, key=lambda note: note[0]):
        click.echo(f"line {line}: {message}", err=True)
    click.echo(
        f"{command}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} errors"
    )
    if report.errors:
        ctx.exit(1)


def _header(path: Path, fields: list[str], required: Sequence[str]) -> list[str]:
    """Normalised column names, refusing a file that lacks a required one or repeats one."""
    header = [name.strip().lower() for name in fields]
    if not any(header):
        raise CliError(f"{path.name} is empty: expected a header line")
    missing = [name for name in required if name not in header]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise CliError(f"missing column{plural}: {', '.join(missing)}")
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise CliError(f"column given twice: {', '.join(repeated)}")
    return header


def _refuse_undecoded(path: Path, line: int, fields: list[str]) -> None:
    """Refuse the file at the first field holding a byte that is not UTF-8, naming its line."""
    if any(_UNDECODED.search(value) for value in fields):
        raise CliError(f"{path.name} line {line} {_NOT_UTF8}")


def _rows(path: Path, reader: _Reader, header: list[str]) -> Iterator[CsvRow]:
    """Rows keyed by the header, numbered by the line they start on; blank lines skipped."""
    start = reader.line_num + 1
    for fields in reader:
        line, start = start, reader.line_num + 1
        if not fields:
            continue
        _refuse_undecoded(path, line, fields)
        row: dict[str | None, str | list[str]] = dict(zip(header, fields, strict=False))
        for name in header[len(fields) :]:
            row[name] = ""  # a spreadsheet drops trailing empty cells
        if len(fields) > len(header):
            row[None] = fields[len(header) :]
        yield line, row
