"""CSV that a spreadsheet opens as data: no cell of text can start a formula (OWASP's rule).

Exports carry what households and staff typed (`=HYPERLINK(...)`, `@SUM(...)`, `+1+1`), and a
spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula.
Such text gets a leading `'`, which spreadsheets show as text. Only text is changed: numbers,
dates and booleans are written by qoncha itself (`-2.5` cannot carry a formula) and stay
numbers a spreadsheet can add up.
"""

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula, prefixed with a single quote; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """`csv.writer` whose every text cell passes through `safe_cell`: the one way exports write."""

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row, each cell made spreadsheet-safe."""
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write many rows, each cell made spreadsheet-safe."""
        for row in rows:
            self.writerow(row)
