"""CSV that a spreadsheet opens as data: no cell of text can start a formula (OWASP's rule).

Exports carry what households and staff typed (`=HYPERLINK(...)`, `@SUM(...)`, `+1+1`), and a
spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula.
Such text gets a leading `'`, which spreadsheets show as text. A spreadsheet may also split
the file on another separator than ours (`;` in a Spanish locale, tab), so `a;=HYPERLINK(...)`
becomes a cell `=HYPERLINK(...)` there: a formula start right after `,` `;` tab or a line
break inside a cell gets its `'` too. Only text is changed: numbers, dates and booleans are
written by qoncha itself (`-2.5` cannot carry a formula) and stay numbers a spreadsheet can
add up.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet splitting on a separator of any locale would start a new cell.
_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])(?=[=+\-@\t\r])")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula in any cell it splits into, quoted; the rest unchanged."""
    if not isinstance(value, str):
        return value
    value = _AFTER_SEPARATOR.sub("'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


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
