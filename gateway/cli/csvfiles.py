"""Reading the spreadsheets staff export: UTF-8 (with or without BOM), comma or semicolon.

Every import command reads its file through `csv_rows`, so the conventions are the same
everywhere: the header names the columns (case and surrounding spaces do not matter), a
spreadsheet saved in a Spanish locale (`;` between fields) is read like a comma file, and
each row comes with the line of the file where it starts, for error messages.
"""

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from gateway.cli.context import CliError

# Rows are dicts like csv.DictReader's: a row with more fields than the header keeps the
# extra ones under the key None, so the service can report an unquoted delimiter.
CsvRow = tuple[int, dict[str | None, str | list[str]]]


class _Reader(Protocol):
    """What `csv.reader` returns: lists of fields and the physical line reached."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def sniff_delimiter(header_line: str) -> str:
    """Pick `;` when the header has more semicolons than commas (Excel in a Spanish locale)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


@contextmanager
def csv_rows(path: Path, *, required: Sequence[str]) -> Iterator[Iterator[CsvRow]]:
    """Open a CSV file and yield its rows lazily as (line number, {column: text}).

    A missing file, a missing column or text that is not UTF-8 becomes a one-line CliError,
    also when it is met halfway through the file while the caller iterates. Columns beyond
    `required` are passed through untouched (optional ones, or a survey app's own).
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        try:
            first = handle.readline()
            handle.seek(0)
            reader = csv.reader(handle, delimiter=sniff_delimiter(first))
            header = _header(path, next(reader, []), required)
            yield _rows(reader, header)
        except UnicodeDecodeError as exc:
            raise CliError(f"{path} is not UTF-8 text (save it as 'CSV UTF-8'): {exc}") from exc
        except csv.Error as exc:
            raise CliError(f"{path} is not a readable CSV file: {exc}") from exc


def _header(path: Path, fields: list[str], required: Sequence[str]) -> list[str]:
    """Normalised column names, refusing a file that lacks a required one or repeats one."""
    header = [name.strip().lower() for name in fields]
    if not any(header):
        raise CliError(f"{path} is empty: the first line must name the columns")
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise CliError(f"{path} names a column twice: {', '.join(repeated)}")
    missing = [name for name in required if name not in header]
    if missing:
        raise CliError(
            f"{path} lacks column(s) {', '.join(missing)} (it has: {', '.join(header)})"
        )
    return header


def _rows(reader: _Reader, header: list[str]) -> Iterator[CsvRow]:
    """Rows keyed by the header, numbered by the line they start on; blank lines skipped."""
    start = reader.line_num + 1
    for fields in reader:
        line, start = start, reader.line_num + 1
        if not fields:
            continue
        row: dict[str | None, str | list[str]] = dict(zip(header, fields, strict=False))
        for name in header[len(fields) :]:
            row[name] = ""  # a spreadsheet drops trailing empty cells
        if len(fields) > len(header):
            row[None] = fields[len(header) :]
        yield line, row
