"""Importing households and their stoves from the installation spreadsheet, row by row.

The stove code is the key: a row whose code exists updates that stove and its household, any
other row creates both. Each row is checked completely before any of it is written
(`household_rows`); bad rows are reported with their line number and the rest are imported.
Rows are written in batches, each one transaction, so that a 60,000-row file neither holds
one giant transaction nor leaves half a batch behind.
"""

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.field.household_rows import HouseholdRow, RowScreen
from core.imports.freeze import FreezePolicy
from core.imports.rows import ImportReport, NumberedRows, RawRow, RowError
from core.models import Household, LedgerIssuance, Phone, Stove
from core.periods import DEFAULT_EARLIEST_DAY, local_date
from core.phones import mask_phone
from core.privacy.access import log_access
from core.privacy.consent import consent_on_paper

BATCH_SIZE = 500


def import_households(
    uow: UnitOfWork,
    rows: NumberedRows,
    *,
    now: datetime,
    tz: str,
    on_progress: Callable[[int], None] | None = None,
    adjustment: str | None = None,
    actor: str = "",
    earliest: date = DEFAULT_EARLIEST_DAY,
) -> ImportReport:
    """Create or update the household and stove of each (line number, CSV row); idempotent.

    An installation after the calendar day of `now` in the programme time zone `tz` is
    refused as in the future, and any date before `earliest`. `on_progress` is called after
    each committed batch with the number of rows it held. A row whose fields are all empty
    (a spreadsheet's trailing `;;;;`) is skipped silently. A new stove, or a change of a
    stove's dates, baseline or district, that touches an issued period is refused unless
    `adjustment` gives the reason (then recorded as that period's post-issuance adjustment).
    """
    report = ImportReport()
    screen = RowScreen(today=local_date(now, tz), report=report, earliest=earliest)
    freeze = FreezePolicy(adjustment, actor, tz, now)
    with uow:
        for batch in _batches(rows, BATCH_SIZE):
            valid = [row for line, raw in batch if (row := screen.screen(line, raw))]
            _write_batch(uow, valid, now, report, freeze)
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
    uow: UnitOfWork,
    rows: list[HouseholdRow],
    now: datetime,
    report: ImportReport,
    freeze: FreezePolicy,
) -> None:
    """Write one batch atomically; a unique-key race with a concurrent writer is retried once."""
    for attempt in (1, 2):
        outcome = ImportReport()
        try:
            freeze.load(uow.session)
            freeze.touched = {}
            known = _existing(uow.session, rows) if rows else {}
            rows_in = [r for r in rows if _admitted(r, known.get(r.code), freeze, outcome)]
            _write(uow.session, rows_in, now, outcome, freeze.actor)
            freeze.record(uow.session, "households")
            uow.commit()
        except IntegrityError:
            uow.rollback()
            if attempt == 2:
                raise
            continue
        break
    report.add(outcome)
    uow.session.expunge_all()  # keep memory flat over a long file


_DAY = timedelta(days=1)


def _clip(first: date, gone: date | None, period: LedgerIssuance) -> tuple[date, date] | None:
    """A stove's days in service within an issued period (None if none)."""
    start = max(first, period.period_start)
    end = period.period_end if gone is None else min(period.period_end, gone - _DAY)
    return (start, end) if start <= end else None


def _admitted(
    row: HouseholdRow,
    found: tuple[Stove, Household] | None,
    freeze: FreezePolicy,
    outcome: ImportReport,
) -> bool:
    """Whether a row may be written: it changes no issued period's figures, or is adjusted.

    A period is touched when the stove's days in it change, or when its baseline or
    district changes while it has days in it.
    """
    if not freeze.issued.issuances:
        return True
    new: dict[str, Any] = dict(row.stove)
    what = f"new stove {row.code} installed on {new['installed_on']}"
    old: dict[str, Any] = {}
    if found is not None:
        stove, household = found
        old = {
            f: getattr(stove, f) for f in ("installed_on", "decommissioned_on", "baseline_stove")
        }
        old["district"] = household.district
        new = {**old, **new, "district": row.household["district"]}
        changed = [name for name in old if old[name] != new[name]]
        if not changed:
            return True
        what = f"change of stove {row.code} ({', '.join(changed)})"
    touched = []
    for period in freeze.issued.issuances:
        before = _clip(old["installed_on"], old["decommissioned_on"], period) if old else None
        after = _clip(new["installed_on"], new.get("decommissioned_on"), period)
        recast = old and (old["baseline_stove"], old["district"]) != (
            new["baseline_stove"],
            new["district"],
        )
        if before != after or (recast and (before or after)):
            touched.append(period)
    return freeze.admit(touched, row.line, what, outcome)


def _existing(session: Session, rows: list[HouseholdRow]) -> dict[str, tuple[Stove, Household]]:
    """The stoves (with households) of a batch's codes, in one query."""
    found = session.exec(
        select(Stove, Household)
        .join(Household, col(Stove.household_id) == col(Household.id))
        .where(col(Stove.code).in_([row.code for row in rows]))
    ).all()
    return {stove.code: (stove, household) for stove, household in found}


def _write(
    session: Session, rows: list[HouseholdRow], now: datetime, outcome: ImportReport,
    actor: str,
) -> None:
    """Apply checked rows: two lookups for the whole batch, then inserts and updates."""
    if not rows:
        return
    existing = _existing(session, rows)
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
        _log_changes(session, household.id, is_new or changed, relinked, actor, now)
        if row.consent_on is not None:
            consent_on_paper(session, household_id=household.id, signed_on=row.consent_on,
                             actor=actor or "import", now=now)
        if is_new:
            outcome.count("created")
        else:
            outcome.count("updated" if changed or relinked else "unchanged")
    session.flush()


def _log_changes(
    session: Session, household_id: int, named: bool, linked: bool, actor: str, now: datetime
) -> None:
    """A row that wrote a household's name and home, or linked its phone, is a change logged."""
    for kind, changed in (("name", named), ("phone", linked)):
        if changed:
            log_access(session, actor=actor or "import", kind=kind, household_id=household_id,
                       purpose="households import", now=now, action="change")


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
