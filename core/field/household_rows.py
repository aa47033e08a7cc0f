"""Checking the rows of the installation spreadsheet before any of them is written.

A row is checked completely on its own (every fault in one message), then against the rows
before it in the same file: a stove code given twice is refused, a phone given twice stays
with the first household and the later row is imported with a warning.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import phonenumbers

from core.imports.rows import (
    ImportReport,
    RawRow,
    RowError,
    cell,
    is_blank,
    parse_choice,
    parse_date,
    parse_position,
    row_shape_problems,
)
from core.models.households import BASELINE_STOVES
from core.periods import DEFAULT_EARLIEST_DAY
from core.phones import mask_phone, normalise_phone
from core.stove_codes import is_valid_stove_code, normalise_stove_code

REQUIRED_COLUMNS = (
    "stove_code", "household_name", "phone", "district", "community", "installed_on",
    "latitude", "longitude", "baseline_stove",
)  # fmt: skip
OPTIONAL_COLUMNS = ("decommissioned_on", "stove_model", "household_code", "consent_on")

_SMS_CAPABLE = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)
_MAX_LENGTHS = {
    "household_name": 200,
    "district": 100,
    "community": 100,
    "stove_model": 50,
    "household_code": 50,
}


@dataclass(frozen=True)
class HouseholdRow:
    """A row that passed every check, in the types the tables store."""

    line: int
    code: str
    phone: str | None
    household: dict[str, Any]
    stove: dict[str, Any]
    consent_on: date | None = None  # the day the paper consent form was signed, if given


@dataclass
class RowScreen:
    """The checks of one file's rows, remembering the codes and phones of earlier lines.

    `today` is the programme's calendar day: an installation after it is refused, as is any
    date before `earliest` (PROGRAM_EARLIEST_DATE).
    """

    today: date
    report: ImportReport
    earliest: date = DEFAULT_EARLIEST_DAY
    _codes: dict[str, int] = field(default_factory=dict, init=False)  # code -> first line
    _phones: dict[str, int] = field(default_factory=dict, init=False)

    def screen(self, line: int, raw: RawRow) -> HouseholdRow | None:
        """A row ready to write, or None after noting in the report why not."""
        if is_blank(raw):
            return None
        problems: list[str] = []
        row = check_household_row(
            line, raw, today=self.today, problems=problems, earliest=self.earliest
        )
        if row is not None and row.code in self._codes:
            problems.append(f"stove_code {row.code} already given on line {self._codes[row.code]}")
        if row is None or problems:
            self.report.errors.append(RowError(line, "; ".join(problems)))
            return None
        self._codes[row.code] = line
        if row.phone is not None and row.phone in self._phones:
            first = self._phones[row.phone]
            message = f"phone {mask_phone(row.phone)} already given on line {first}"
            self.report.warnings.append(RowError(line, f"{message}; not linked to this household"))
            return replace(row, phone=None)
        if row.phone is not None:
            self._phones[row.phone] = line
        return row


# Over 60 lines: one check per CSV column, in the column order of the import's documentation.
def check_household_row(
    line: int,
    raw: RawRow,
    *,
    today: date,
    problems: list[str],
    earliest: date = DEFAULT_EARLIEST_DAY,
) -> HouseholdRow | None:
    """Every field of a row converted, or None with the reasons appended to `problems`."""
    problems.extend(row_shape_problems(raw))

    def text(column: str) -> str:
        return cell(raw, column)

    code = normalise_stove_code(text("stove_code"))
    if not text("stove_code"):
        problems.append("stove_code is empty")
    elif not is_valid_stove_code(code):
        problems.append(
            f"stove_code {text('stove_code')!r} is not 3 to 12 letters and digits with a digit"
        )
    for column in ("household_name", "district"):
        if not text(column):
            problems.append(f"{column} is empty")
    for column, limit in _MAX_LENGTHS.items():
        if len(text(column)) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    latitude, longitude = parse_position(text("latitude"), text("longitude"), problems)
    installed_on = parse_date(
        text("installed_on"), "installed_on", problems, required=True, earliest=earliest
    )
    if installed_on is not None and installed_on > today:
        problems.append(f"installed_on {installed_on} is in the future")
    stove: dict[str, Any] = {"installed_on": installed_on}
    if "decommissioned_on" in raw:
        stove["decommissioned_on"] = ended = parse_date(
            text("decommissioned_on"),
            "decommissioned_on",
            problems,
            required=False,
            earliest=earliest,
        )
        if ended is not None and installed_on is not None and ended < installed_on:
            problems.append("decommissioned_on is before installed_on")
    if "stove_model" in raw:  # optional: a file without the column leaves models as they are
        stove["stove_model"] = text("stove_model")
    stove["baseline_stove"] = parse_choice(
        text("baseline_stove"), "baseline_stove", BASELINE_STOVES, problems
    )
    phone = _phone(text("phone"), problems)
    consent_on = parse_date(text("consent_on"), "consent_on", problems, required=False)
    if consent_on is not None and consent_on > today:
        problems.append(f"consent_on {consent_on} is in the future")
    if problems:
        return None
    household = {
        "name": text("household_name"),
        "district": text("district"),
        "community": text("community"),
        "latitude": latitude,
        "longitude": longitude,
    }
    if text("household_code"):  # several rows with one code: several stoves of one household
        household["code"] = text("household_code")
    return HouseholdRow(line, code, phone, household, stove, consent_on)


def _phone(value: str, problems: list[str]) -> str | None:
    """The E.164 form of a number that can receive SMS (Peru when no country code is given)."""
    if not value:
        return None
    try:
        number = normalise_phone(value)
    except ValueError as exc:
        problems.append(f"phone: {exc}")
        return None
    if phonenumbers.number_type(phonenumbers.parse(number)) not in _SMS_CAPABLE:
        problems.append(f"phone {mask_phone(number)} is not a mobile number (it cannot get SMS)")
        return None
    return number
