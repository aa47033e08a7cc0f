"""Importing the overlap list: stoves or households also claimed by another mitigation activity.

Their stove-days in the claim's dates are excluded from the ER, or discounted by the claim's
share (mrv.md, integrity condition 6). A claim is its stove or household, activity and first
day: importing the same file twice changes nothing, and a corrected row updates its claim.
A claim touching an issued period is refused unless imported as an adjustment, like visits.
Each complete import (no row refused) is recorded, so the report can say when the list was
last checked.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.imports.freeze import FreezePolicy
from core.imports.rows import (
    TOO_MANY_FIELDS,
    ImportReport,
    NumberedRows,
    RawRow,
    RowError,
    cell,
    has_too_many_fields,
    is_blank,
    parse_date,
    parse_decimal,
)
from core.models import Household, OverlapClaim, OverlapImport, Stove
from core.periods import DEFAULT_EARLIEST_DAY
from core.stove_codes import normalise_stove_code

REQUIRED_COLUMNS = ("activity", "from", "to")
OPTIONAL_COLUMNS = ("stove_code", "household_code", "discount")
_ACTIVITY_LENGTH = 200


def _discount(value: str, problems: list[str]) -> float | None:
    """The share of the stove-days removed, above 0 and at most 1; empty means excluded."""
    if not value:
        return None
    share = parse_decimal(value, "discount", problems)
    if share is None:
        return None
    if not 0 < share <= 1:
        problems.append(f"discount {value} is not a share above 0 and at most 1")
    return share


def check_overlap_row(
    raw: RawRow, *, earliest: date = DEFAULT_EARLIEST_DAY
) -> tuple[dict[str, Any], list[str]]:
    """The claim's fields (the target still as a code), and every problem found in the row."""
    problems: list[str] = []
    if has_too_many_fields(raw):
        problems.append(TOO_MANY_FIELDS)
    stove, household = cell(raw, "stove_code"), cell(raw, "household_code")
    if stove and household:
        problems.append("give stove_code or household_code, not both")
    elif not stove and not household:
        problems.append("stove_code and household_code are both empty")
    activity = cell(raw, "activity")
    if not activity or len(activity) > _ACTIVITY_LENGTH:
        problems.append(
            "activity is empty"
            if not activity
            else f"activity is over {_ACTIVITY_LENGTH} characters"
        )
    first = parse_date(cell(raw, "from"), "from", problems, required=True, earliest=earliest)
    last = parse_date(cell(raw, "to"), "to", problems, required=True, earliest=earliest)
    if first is not None and last is not None and last < first:
        problems.append(f"to {last} is before from {first}")
    values = {
        "target": "stove" if stove else "household",
        "code": normalise_stove_code(stove) if stove else household,
        "activity": activity,
        "from_day": first,
        "to_day": last,
        "discount": _discount(cell(raw, "discount"), problems),
    }
    return values, problems


def _target_ids(session: Session, values: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """The ids of the stoves and households the rows name, by (target, code)."""
    stoves = sorted({v["code"] for v in values if v["target"] == "stove"})
    households = sorted({v["code"] for v in values if v["target"] == "household"})
    found: dict[tuple[str, str], int] = {}
    for code, stove_id in session.exec(
        select(Stove.code, Stove.id).where(col(Stove.code).in_(stoves))
    ):
        found[("stove", code)] = stove_id or 0
    for household_code, household_id in session.exec(
        select(Household.code, Household.id).where(col(Household.code).in_(households))
    ):
        found[("household", household_code or "")] = household_id or 0
    return found


def import_overlap(
    uow: UnitOfWork,
    rows: NumberedRows,
    *,
    now: datetime,
    tz: str,
    adjustment: str | None = None,
    actor: str = "",
    earliest: date = DEFAULT_EARLIEST_DAY,
) -> ImportReport:
    """Create or update the claim of each (line number, CSV row) in one transaction; idempotent.

    A date before `earliest` (PROGRAM_EARLIEST_DATE) is refused with its row, as in every import.
    """
    freeze = FreezePolicy(adjustment, actor, tz, now)
    report = ImportReport()
    checked: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    for line, raw in rows:
        if is_blank(raw):
            continue
        values, problems = check_overlap_row(raw, earliest=earliest)
        key = (values["target"], values["code"], values["activity"], values["from_day"])
        if not problems and key in checked:
            problems.append(f"the same target, activity and from as line {checked[key][0]}")
        if problems:
            report.errors.append(RowError(line, "; ".join(problems)))
        else:
            checked[key] = (line, values)
    with uow:
        session = uow.session
        freeze.load(session)
        ids = _target_ids(session, [v for _, v in checked.values()])
        for line, values in sorted(checked.values(), key=lambda item: item[0]):
            target_id = ids.get((values["target"], values["code"]))
            if target_id is None:
                what = "stove_code" if values["target"] == "stove" else "household_code"
                report.errors.append(RowError(line, f"unknown {what} {values['code']}"))
                continue
            _store(session, line, values, target_id, freeze=freeze, report=report, now=now)
        freeze.record(session, "overlap")
        if not report.errors:
            session.add(OverlapImport(imported_at=now, imported_by=actor, rows=len(checked)))
        uow.commit()
    report.errors.sort(key=lambda error: error.line)
    return report


def _store(
    session: Session,
    line: int,
    values: dict[str, Any],
    target_id: int,
    *,
    freeze: FreezePolicy,
    report: ImportReport,
    now: datetime,
) -> None:
    """Create, update or leave one claim, unless it touches an issued period unadmitted."""
    c = OverlapClaim
    existing = session.exec(
        select(c).where(
            c.target == values["target"],
            c.target_id == target_id,
            c.activity == values["activity"],
            c.from_day == values["from_day"],
        )
    ).first()
    first: date = values["from_day"]
    last: date = values["to_day"]
    if existing is not None:
        if (existing.to_day, existing.discount) == (last, values["discount"]):
            report.count("unchanged")
            return
        last = max(last, existing.to_day)
    what = f"overlap claim on {values['target']} {values['code']} from {first}"
    if not freeze.admit(freeze.issued.touching(first, last), line, what, report):
        return
    if existing is None:
        fields = {k: v for k, v in values.items() if k != "code"}
        session.add(OverlapClaim(**fields, target_id=target_id, imported_at=now))
        report.count("created")
    else:
        existing.to_day, existing.discount = values["to_day"], values["discount"]
        existing.imported_at = now
        session.add(existing)
        report.count("updated")
    session.flush()
