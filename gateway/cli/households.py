"""`qoncha households import`: the installation spreadsheet into households, stoves and phones."""

import contextlib
import csv
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from core.services.households_import import REQUIRED_COLUMNS, ImportReport, import_households
from gateway.cli import main
from gateway.cli.context import CliError, get_services

# Below this many rows an import takes a moment and a bar would only flicker.
PROGRESS_MIN_ROWS = 1000
_DELIMITERS = ",;\t"


@main.group()
def households() -> None:
    """Households, their stoves and the phones that report for them."""


@households.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_(ctx: click.Context, file: Path) -> None:
    """Create or update households and stoves from FILE (CSV, UTF-8, comma or semicolon).

    \b
    Columns: stove_code, household_name, phone, district, community,
    installed_on, latitude, longitude, baseline_stove (open_fire,
    traditional_stove or other) and, optionally, decommissioned_on.
    Dates are YYYY-MM-DD; a phone without country code is Peruvian and is
    linked to the household. Other columns are ignored.

    The stove code is the key (case, spaces, dashes and dots do not matter):
    importing the same file twice changes nothing.

    Each bad row is reported on stderr as "line N: reason" and the other rows
    are imported; notes on imported rows read "line N: warning: ...". A summary
    goes to stdout.

    \b
    Exit status:
      0  every row was imported
      1  some rows were not imported (all the others were), or the file
         could not be read at all (nothing was imported)
    """
    delimiter, rows = _survey(file)
    services = get_services(ctx)
    stderr = sys.stderr
    show_bar = rows > PROGRESS_MIN_ROWS and stderr.isatty()
    with file.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        reader.fieldnames = _columns(reader.fieldnames)
        bar = (
            click.progressbar(length=rows, label="importing households", file=stderr)
            if show_bar
            else contextlib.nullcontext()
        )
        with bar as progress:
            try:
                report = import_households(
                    services.uow(),
                    _numbered(reader),
                    now=services.clock(),
                    on_progress=progress.update if progress is not None else None,
                )
            except SQLAlchemyError as exc:
                raise CliError(
                    f"database error ({exc.__class__.__name__}); batches before it were imported"
                ) from exc
    _print(report)
    if report.errors:
        ctx.exit(1)


def _survey(file: Path) -> tuple[str, int]:
    """Read the whole file once before writing anything: delimiter, row count, readability."""
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            header = handle.readline()
            delimiter = max(_DELIMITERS, key=header.count)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                columns = next(reader, None)
                rows = sum(1 for record in reader if record)
            except csv.Error as exc:
                raise CliError(f"line {reader.line_num}: not readable as CSV: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(
            f"{file.name} is not UTF-8 text (in Excel choose 'CSV UTF-8' when saving)"
        ) from exc
    except OSError as exc:
        raise CliError(f"cannot read {file.name}: {exc.strerror or exc}") from exc
    if not columns:
        raise CliError(f"{file.name} is empty: expected a header line")
    _columns(columns)
    return delimiter, rows


def _columns(names: Sequence[str] | None) -> list[str]:
    """Header names compared without case or surrounding spaces; a missing column stops here."""
    columns = [(name or "").strip().lower() for name in names or ()]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise CliError(f"missing column{plural}: {', '.join(missing)}")
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise CliError(f"column given twice: {', '.join(repeated)}")
    return columns


def _numbered(reader: "csv.DictReader[str]") -> Iterator[tuple[int, dict[str, str]]]:
    """Each row with the file line it ends on, as a spreadsheet user would count it."""
    for row in reader:
        yield reader.line_num, row


def _print(report: ImportReport) -> None:
    """Problems on stderr in line order, then the one-line summary on stdout."""
    notes = [(error.line, error.message) for error in report.errors]
    notes += [(warning.line, f"warning: {warning.message}") for warning in report.warnings]
    for line, message in sorted(notes, key=lambda note: note[0]):
        click.echo(f"line {line}: {message}", err=True)
    click.echo(
        f"households import: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} errors"
    )
