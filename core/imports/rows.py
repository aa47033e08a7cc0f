"""What every spreadsheet import reports, and how it reads the cells of one row.

The households and visits imports take rows as a CSV reader gives them: (line number,
{column: text}), a row with more fields than the header keeping the extra ones under the key
None. The cells are read here the same way for both, so that a date, a coordinate or a choice
is accepted or refused with the same words whichever file it is in.
"""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from core.periods import DEFAULT_EARLIEST_DAY, day_out_of_range

# A row as a CSV reader gives it; values are text, or the list of surplus fields under None.
RawRow = Mapping[Any, object]
NumberedRows = Iterable[tuple[int, RawRow]]
Outcome = Literal["created", "updated", "unchanged"]

TOO_MANY_FIELDS = "more fields than the header has columns (an unquoted delimiter?)"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file, phrased for the person who edits the spreadsheet."""

    line: int
    message: str


@dataclass
class ImportReport:
    """What an import did; `errors` are rows not imported, `warnings` rows imported with a note."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Count one imported row under what became of it."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other: "ImportReport") -> None:
        """Fold in the report of one part of the file (a batch), keeping notes in line order."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.errors = sorted([*self.errors, *other.errors], key=lambda error: error.line)
        self.warnings = sorted([*self.warnings, *other.warnings], key=lambda note: note.line)


def is_blank(raw: RawRow) -> bool:
    """Whether every cell is empty, like the `;;;;` lines a spreadsheet leaves at the end."""
    return not any(isinstance(value, str) and value.strip() for value in raw.values())


def has_too_many_fields(raw: RawRow) -> bool:
    """Whether the row had fields beyond the header's columns (kept by the reader under None)."""
    return raw.get(None) is not None


def row_shape_problems(raw: RawRow) -> list[str]:
    """What makes a row unreadable whatever its columns mean: surplus fields, NUL characters.

    PostgreSQL stores no NUL in text (SQLite would), so a cell holding one is refused here,
    with its row alone, on both backends alike.
    """
    problems = [TOO_MANY_FIELDS] if has_too_many_fields(raw) else []
    problems += [
        f"{column} holds a NUL character (a damaged file?)"
        for column, value in raw.items()
        if isinstance(column, str) and isinstance(value, str) and "\0" in value
    ]
    return problems


def cell(raw: RawRow, column: str) -> str:
    """The text of a cell without surrounding spaces; a missing cell reads as empty."""
    value = raw.get(column)
    return value.strip() if isinstance(value, str) else ""


def parse_date(
    value: str,
    name: str,
    problems: list[str],
    *,
    required: bool,
    earliest: date = DEFAULT_EARLIEST_DAY,
) -> date | None:
    """A date written YYYY-MM-DD (no spreadsheet locale misreads it), from `earliest` on."""
    if not value:
        if required:
            problems.append(f"{name} is empty")
        return None
    if not _ISO_DATE.fullmatch(value):
        problems.append(f"{name} {value!r} is not a date in YYYY-MM-DD form")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} {value} is not a real date")
        return None
    outside = day_out_of_range(day, earliest)
    if outside is not None:
        problems.append(f"{name} {day} {outside}")
        return None
    return day


def parse_choice(value: str, name: str, choices: Sequence[str], problems: list[str]) -> str:
    """One of `choices`, however spaced or cased ("Needs repair" is needs_repair)."""
    word = re.sub(r"[\s-]+", "_", value.lower())
    if word not in choices:
        shown = repr(value) if value else "empty"
        problems.append(f"{name} is {shown}, not one of {', '.join(choices)}")
    return word


def parse_decimal(value: str, name: str, problems: list[str]) -> float | None:
    """A finite decimal number; a decimal comma (Spanish spreadsheets) is accepted."""
    try:
        number = float(value.replace(",", ".") if value.count(",") == 1 else value)
    except ValueError:
        problems.append(f"{name} {value!r} is not a number")
        return None
    if not math.isfinite(number):
        problems.append(f"{name} {value} is not a finite number")
        return None
    return number


def parse_position(
    latitude: str, longitude: str, problems: list[str]
) -> tuple[float | None, float | None]:
    """Latitude and longitude in decimal degrees, both given or both empty."""
    position = (
        _coordinate(latitude, "latitude", 90.0, problems),
        _coordinate(longitude, "longitude", 180.0, problems),
    )
    if bool(latitude) != bool(longitude):
        problems.append("latitude and longitude must be given together")
    return position


def _coordinate(value: str, name: str, limit: float, problems: list[str]) -> float | None:
    """A decimal degree within ±limit; a decimal comma (Spanish spreadsheets) is accepted."""
    if not value:
        return None
    try:
        number = float(value.replace(",", ".") if value.count(",") == 1 else value)
    except ValueError:
        problems.append(f"{name} {value!r} is not a number")
        return None
    if not math.isfinite(number) or abs(number) > limit:
        problems.append(f"{name} {value} is outside -{limit:g}..{limit:g}")
        return None
    return number
