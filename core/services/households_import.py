"""Importing households and their stoves from the installation spreadsheet, row by row.

The stove code is the key: a row whose code exists updates that stove and its household, any
other row creates both. Each row is checked completely before any of it is written
(`household_rows`); bad rows are reported with their line number and the rest are imported.
Rows are written in batches, each one transaction, so that a 60,000-row file neither holds
one giant transaction nor leaves half a batch behind.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.models import Household, Phone, Stove
from core.periods import local_date
from core.phones import mask_phone
from core.services.household_rows import HouseholdRow, RowScreen
from core.services.imports import ImportReport, NumberedRows, RawRow, RowError
from core.uow import UnitOfWork

BATCH_SIZE = 500


def import_households(
    uow: UnitOfWork,
    rows: NumberedRows,
    *,
    now: datetime,
    tz: str,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create or update the household and stove of each (line number, CSV row); idempotent.

    An installation after the calendar day of `now` in the programme time zone `tz` is
    refused as in the future. `on_progress` is called after each committed batch with the
    number of rows it held. A row whose fields are all empty (a spreadsheet's trailing
    `;;;;`) is skipped silently.
    """
    report = ImportReport()
    screen = RowScreen(today=local_date(now, tz), report=report)
    with uow:
        for batch in _batches(rows, BATCH_SIZE):
            valid = [row for line, raw in batch if (row := screen.screen(line, raw))]
            _write_batch(uow, valid, now, report)
            if on_progress is not None:
                on_progress(len(batch))
    return report


def _batches(rows: NumberedRows, size: int) -> Iterator[list[tuple[int, RawRow]]]:
    """Successive lists of at most `size` rows, read lazily from the file."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


# --- Writing a batch ----------------------------------------------------------------------


def _write_batch(
    uow: UnitOfWork, rows: list[HouseholdRow], now: datetime, report: ImportReport
) -> None:
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
    report.add(outcome)
    uow.session.expunge_all()  # keep memory flat over a long file


def _write(
    session: Session, rows: list[HouseholdRow], now: datetime, outcome: ImportReport
) -> None:
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
    shared = [row.household["code"] for row in rows if "code" in row.household]
    by_code = {
        h.code: h for h in session.exec(select(Household).where(col(Household.code).in_(shared)))
    }
    plans: list[tuple[HouseholdRow, Household, bool]] = []  # row, its household, if changed
    for row in rows:
        if row.code in existing:
            stove, household = existing[row.code]
            changed = _assign(household, row.household) | _assign(stove, row.stove)
            plans.append((row, household, changed))
            continue
        known = by_code.get(row.household.get("code"))
        if known is not None:  # another stove of a household already known
            _assign(known, row.household)
            plans.append((row, known, True))
            continue
        household = Household(**row.household, created_at=now)
        session.add(household)
        if "code" in row.household:
            by_code[row.household["code"]] = household
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
            outcome.count("created")
        else:
            outcome.count("updated" if changed or relinked else "unchanged")
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
    row: HouseholdRow,
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
