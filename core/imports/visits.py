"""Importing field verification visits exported from a survey app, row by row.

Each row is checked on its own (`parse_visit_row`, no database) and then against its stove
(`record_visit`); bad rows are reported with their line number and the rest are imported.
Importing the same file twice changes nothing; a corrected row updates its visit.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.field.visits import VisitRejected, record_visit
from core.imports.freeze import FreezePolicy
from core.imports.rows import (
    ImportReport,
    NumberedRows,
    RawRow,
    RowError,
    cell,
    is_blank,
    parse_choice,
    parse_date,
    parse_position,
    row_shape_problems,
)
from core.models import Stove, VisitBase
from core.models.verification import VISIT_CONDITIONS
from core.periods import DEFAULT_EARLIEST_DAY
from core.stove_codes import normalise_stove_code

REQUIRED_COLUMNS = ("stove_code", "visited_on", "in_use", "condition")
OPTIONAL_COLUMNS = (
    "open_fire_in_use",
    "surveyor",
    "latitude",
    "longitude",
    "notes",
    "found",
    "not_found_reason",
)
_LOOKUP_CHUNK = 500  # stove codes per IN (...) query, well under every backend's limit

_TRUE = frozenset({"yes", "si", "sí", "true", "1"})
_FALSE = frozenset({"no", "false", "0"})
_SURVEYOR_MAX = 100
_REASON_MAX = 200


class RowProblems(ValueError):
    """Everything wrong with one row, joined into the message shown after its line number."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ParsedVisit:
    """A row that passed the checks needing no database: its stove code and the visit."""

    stove_code: str
    visit: VisitBase


def parse_yes_no(value: str, column: str, *, required: bool) -> bool | None:
    """Read yes/no in the spellings survey apps export (English, Spanish, boolean, 1/0)."""
    word = value.strip().lower()
    if not word and not required:
        return None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    shown = repr(value.strip()) if word else "empty"
    raise RowProblems([f"{column} is {shown}, not yes/no (si/no, true/false, 1/0)"])


def parse_visit_row(raw: RawRow, *, earliest: date = DEFAULT_EARLIEST_DAY) -> ParsedVisit:
    """Check and convert one CSV row without the database; raise RowProblems listing all faults."""
    problems = row_shape_problems(raw)

    def text(column: str) -> str:
        return cell(raw, column)

    code = normalise_stove_code(text("stove_code"))
    if not code:
        problems.append("stove_code is empty")
    visited_on = parse_date(
        text("visited_on"), "visited_on", problems, required=True, earliest=earliest
    )
    # A stove recorded as not found (found = no) has no in_use or condition to report.
    found = _collect(problems, parse_yes_no, text("found"), "found", required=False) is not False
    reason = " ".join(text("not_found_reason").split())
    in_use = _collect(problems, parse_yes_no, text("in_use"), "in_use", required=found)
    open_fire = _collect(
        problems, parse_yes_no, text("open_fire_in_use"), "open_fire_in_use", required=False
    )
    condition = ""
    if found or text("condition").strip():
        condition = parse_choice(text("condition"), "condition", VISIT_CONDITIONS, problems)
    if not found and in_use:
        problems.append("in_use is yes but found is no")
    if found and reason:
        problems.append("not_found_reason is given but found is not no")
    if len(reason) > _REASON_MAX:
        problems.append(f"not_found_reason is longer than {_REASON_MAX} characters")
    surveyor = " ".join(text("surveyor").split())
    if len(surveyor) > _SURVEYOR_MAX:
        problems.append(f"surveyor is longer than {_SURVEYOR_MAX} characters")
    latitude, longitude = parse_position(text("latitude"), text("longitude"), problems)
    if problems:
        raise RowProblems(problems)
    assert visited_on is not None
    visit = VisitBase(
        visited_on=visited_on,
        found=found,
        not_found_reason=reason,
        in_use=bool(in_use),
        condition=condition,
        open_fire_in_use=open_fire,
        surveyor=surveyor,
        latitude=latitude,
        longitude=longitude,
        notes=text("notes"),
    )
    return ParsedVisit(stove_code=code, visit=visit)


def _collect(problems: list[str], parse: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a parser, appending its problems instead of stopping at the first one."""
    try:
        return parse(*args, **kwargs)
    except RowProblems as exc:
        problems.extend(exc.problems)
        return None


# Over 60 lines: one batch transaction with the frozen-period rule applied row by row.
def import_visits(
    uow: UnitOfWork,
    rows: NumberedRows,
    *,
    now: datetime,
    tz: str,
    adjustment: str | None = None,
    actor: str = "",
    earliest: date = DEFAULT_EARLIEST_DAY,
) -> ImportReport:
    """Record the visit of each (line number, CSV row) in one transaction; idempotent.

    A row that would add or change a visit on a day of an issued period is refused, unless
    `adjustment` gives the reason: then it is written and the period's post-issuance
    adjustment recorded. A row whose fields are all empty (`;;;;`) is skipped silently; a
    visit before `earliest` is refused.
    """
    freeze = FreezePolicy(adjustment, actor, tz, now)
    report = ImportReport()
    parsed: list[tuple[int, ParsedVisit]] = []
    first_line: dict[tuple[str, date, str], int] = {}
    for line, raw in rows:
        if is_blank(raw):
            continue
        try:
            row = parse_visit_row(raw, earliest=earliest)
        except RowProblems as exc:
            report.errors.append(RowError(line, str(exc)))
            continue
        key = (row.stove_code, row.visit.visited_on, row.visit.surveyor)
        if key in first_line:
            message = f"same stove, visited_on and surveyor as line {first_line[key]}"
            report.errors.append(RowError(line, message))
            continue
        first_line[key] = line
        parsed.append((line, row))
    with uow:
        session = uow.session
        freeze.load(session)
        stoves = _stoves_by_code(uow, {row.stove_code for _, row in parsed})
        for line, row in parsed:
            stove = stoves.get(row.stove_code)
            if stove is None:
                report.errors.append(RowError(line, f"unknown stove_code {row.stove_code}"))
                continue
            day = row.visit.visited_on
            issued = freeze.issued.covering(day)
            savepoint = session.begin_nested()
            try:
                outcome = record_visit(
                    session,
                    stove=stove,
                    visit=row.visit,
                    source="import",
                    now=now,
                    tz=tz,
                    issued_ok=True,  # checked here, where an adjustment can be recorded
                )
            except VisitRejected as exc:
                savepoint.rollback()
                report.errors.append(RowError(line, str(exc)))
                continue
            what = f"visit of {stove.code} on {day} ({outcome})"
            if outcome != "unchanged" and not freeze.admit(
                [issued] if issued else [], line, what, report
            ):
                savepoint.rollback()
                continue
            savepoint.commit()
            report.count(outcome)
        freeze.record(session, "visits")
        uow.commit()
    report.errors.sort(key=lambda error: error.line)
    return report


def _stoves_by_code(uow: UnitOfWork, codes: set[str]) -> dict[str, Stove]:
    """The stoves carrying these normalised codes, looked up in a few queries."""
    ordered = sorted(codes)
    found: dict[str, Stove] = {}
    for start in range(0, len(ordered), _LOOKUP_CHUNK):
        chunk = ordered[start : start + _LOOKUP_CHUNK]
        for stove in uow.session.exec(select(Stove).where(col(Stove.code).in_(chunk))):
            found[stove.code] = stove
    return found
