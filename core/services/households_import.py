"""Importing households and their stoves from the installation spreadsheet, row by row.

The stove code is the key: a row whose code exists updates that stove and its household, any
other row creates both. Each row is checked completely before any of it is written; bad rows
are reported with their line number and the rest are imported. Rows are written in batches,
each one transaction, so that a 60,000-row file neither holds one giant transaction nor leaves
half a batch behind.
"""

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

import phonenumbers
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.models import Household, Phone, Stove
from core.models.households import BASELINE_STOVES
from core.phones import mask_phone, normalise_phone
from core.stove_codes import is_valid_stove_code, normalise_stove_code
from core.uow import UnitOfWork

REQUIRED_COLUMNS = (
    "stove_code", "household_name", "phone", "district", "community", "installed_on",
    "latitude", "longitude", "baseline_stove",
)  # fmt: skip
OPTIONAL_COLUMNS = ("decommissioned_on",)
BATCH_SIZE = 500

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SMS_CAPABLE = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)
_MAX_LENGTHS = {"household_name": 200, "district": 100, "community": 100}


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


@dataclass(frozen=True)
class _Row:
    """A row that passed every check, in the types the tables store."""

    line: int
    code: str
    phone: str | None
    household: dict[str, Any]
    stove: dict[str, Any]


def import_households(
    uow: UnitOfWork,
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    now: datetime,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update the household and stove of each (line number, CSV row); idempotent.

    `on_progress` is called after each committed batch with the number of rows it held.
    A row whose fields are all empty (a spreadsheet's trailing `;;;;`) is skipped silently.
    """
    report = ImportReport()
    seen_codes: dict[str, int] = {}  # code -> first line, over the whole file
    seen_phones: dict[str, int] = {}
    today = now.astimezone(UTC).date()
    with uow:
        for batch in _batches(rows, BATCH_SIZE):
            valid = [
                row
                for line, raw in batch
                if (row := _screen(line, raw, today, seen_codes, seen_phones, report))
            ]
            _write_batch(uow, valid, now, report)
            if on_progress is not None:
                on_progress(len(batch))
    return report


def _screen(
    line: int,
    raw: dict[str, str],
    today: date,
    seen_codes: dict[str, int],
    seen_phones: dict[str, int],
    report: ImportReport,
) -> _Row | None:
    """A row ready to write, or None after noting why not; rules across rows are checked here."""
    if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
        return None
    problems: list[str] = []
    row = _check_row(line, raw, today, problems)
    if row is not None and row.code in seen_codes:
        problems.append(f"stove_code {row.code} already given on line {seen_codes[row.code]}")
    if row is None or problems:
        report.errors.append(RowError(line, "; ".join(problems)))
        return None
    seen_codes[row.code] = line
    if row.phone is not None and row.phone in seen_phones:
        message = f"phone {mask_phone(row.phone)} already given on line {seen_phones[row.phone]}"
        report.warnings.append(RowError(line, f"{message}; not linked to this household"))
        return _Row(row.line, row.code, None, row.household, row.stove)
    if row.phone is not None:
        seen_phones[row.phone] = line
    return row


def _batches(
    rows: Iterable[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    """Successive lists of at most `size` rows, read lazily from the file."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


# --- Checking a row (no database) ---------------------------------------------------------


def _check_row(line: int, raw: dict[str, str], today: date, problems: list[str]) -> _Row | None:
    """Every field of a row converted, or None with the reasons appended to `problems`."""
    if raw.get(None) is not None:  # type: ignore[call-overload]  # csv.DictReader's restkey
        problems.append("more fields than the header has columns (an unquoted delimiter?)")

    def text(column: str) -> str:
        return (raw.get(column) or "").strip()

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
    latitude = _coordinate(text("latitude"), "latitude", 90.0, problems)
    longitude = _coordinate(text("longitude"), "longitude", 180.0, problems)
    if bool(text("latitude")) != bool(text("longitude")):
        problems.append("latitude and longitude must be given together")
    installed_on = _date(text("installed_on"), "installed_on", problems, required=True)
    if installed_on is not None and installed_on > today:
        problems.append(f"installed_on {installed_on} is in the future")
    stove: dict[str, Any] = {"installed_on": installed_on}
    if "decommissioned_on" in raw:
        stove["decommissioned_on"] = ended = _date(
            text("decommissioned_on"), "decommissioned_on", problems, required=False
        )
        if ended is not None and installed_on is not None and ended < installed_on:
            problems.append("decommissioned_on is before installed_on")
    baseline = re.sub(r"[\s-]+", "_", text("baseline_stove").lower())
    if baseline not in BASELINE_STOVES:
        shown = repr(text("baseline_stove")) if text("baseline_stove") else "empty"
        problems.append(f"baseline_stove is {shown}, not one of {', '.join(BASELINE_STOVES)}")
    stove["baseline_stove"] = baseline
    phone = _phone(text("phone"), problems)
    if problems:
        return None
    household = {
        "name": text("household_name"),
        "district": text("district"),
        "community": text("community"),
        "latitude": latitude,
        "longitude": longitude,
    }
    return _Row(line, code, phone, household, stove)


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


def _date(value: str, name: str, problems: list[str], *, required: bool) -> date | None:
    """A calendar date written YYYY-MM-DD, the only form that no spreadsheet locale misreads."""
    if not value:
        if required:
            problems.append(f"{name} is empty")
        return None
    if not _ISO_DATE.fullmatch(value):
        problems.append(f"{name} {value!r} is not a date in YYYY-MM-DD form")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} {value} is not a real date")
        return None


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


# --- Writing a batch ----------------------------------------------------------------------


def _write_batch(uow: UnitOfWork, rows: list[_Row], now: datetime, report: ImportReport) -> None:
    """Write one batch atomically; a unique-key race with a concurrent writer is retried once."""
    for attempt in (1, 2):
        outcome = ImportReport()
        try:
            _write(uow.session, rows, now, outcome)
            uow.commit()
        except IntegrityError:
            uow.rollback()
            if attempt == 2:
                raise
            continue
        break
    report.created += outcome.created
    report.updated += outcome.updated
    report.unchanged += outcome.unchanged
    report.warnings.extend(outcome.warnings)
    report.warnings.sort(key=lambda warning: warning.line)
    uow.session.expunge_all()  # keep memory flat over a long file


def _write(session: Session, rows: list[_Row], now: datetime, outcome: ImportReport) -> None:
    """Apply checked rows: two lookups for the whole batch, then inserts and updates."""
    if not rows:
        return
    found = session.exec(
        select(Stove, Household)
        .join(Household, col(Stove.household_id) == col(Household.id))
        .where(col(Stove.code).in_([row.code for row in rows]))
    ).all()
    existing = {stove.code: (stove, household) for stove, household in found}
    numbers = [row.phone for row in rows if row.phone is not None]
    phones = {
        phone.number: phone
        for phone in session.exec(select(Phone).where(col(Phone.number).in_(numbers)))
    }
    plans: list[tuple[_Row, Household, bool]] = []  # row, its household, whether it is new
    for row in rows:
        if row.code in existing:
            stove, household = existing[row.code]
            changed = _assign(household, row.household) | _assign(stove, row.stove)
            plans.append((row, household, changed))
        else:
            household = Household(**row.household, created_at=now)
            session.add(household)
            plans.append((row, household, True))
    session.flush()  # new households get their ids, in one statement per batch
    for row, household, changed in plans:
        assert household.id is not None
        is_new = row.code not in existing
        if is_new:
            session.add(
                Stove(code=row.code, household_id=household.id, created_at=now, **row.stove)
            )
        relinked = _link_phone(session, row, household.id, phones, now, outcome)
        if is_new:
            outcome.created += 1
        elif changed or relinked:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    session.flush()


def _assign(target: Household | Stove, values: dict[str, Any]) -> bool:
    """Set the fields that differ; report whether any did, so unchanged rows stay unwritten."""
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def _link_phone(
    session: Session,
    row: _Row,
    household_id: int,
    phones: dict[str, Phone],
    now: datetime,
    outcome: ImportReport,
) -> bool:
    """Link the row's phone to its household; a phone taken from another one is a warning."""
    if row.phone is None:
        return False
    phone = phones.get(row.phone)
    if phone is None:
        phones[row.phone] = Phone(number=row.phone, household_id=household_id, created_at=now)
        session.add(phones[row.phone])
        return True
    if phone.household_id == household_id:
        return False
    if phone.household_id is not None:
        codes = session.exec(
            select(Stove.code).where(Stove.household_id == phone.household_id).order_by(Stove.code)
        ).all()
        previous = f"stove {', '.join(codes)}" if codes else f"household {phone.household_id}"
        moved = f"phone {mask_phone(phone.number)} moved here from the household of {previous}"
        outcome.warnings.append(RowError(row.line, moved))
    phone.household_id = household_id
    session.add(phone)
    return True
