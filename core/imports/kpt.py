"""Importing kitchen performance test (KPT) measurements: one household's weighed day a row.

Each row is checked completely (every fault in one message, by line); the rest are imported
in one transaction. A measurement is its campaign, phase, household and day: importing the
same file twice changes nothing, and a corrected row updates its measurement.
"""

import math
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from core.db.uow import UnitOfWork
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
    row_shape_problems,
)
from core.ledger.adjustments import Issued, parameters_of
from core.models import KPT_PHASES, KptMeasurement, LedgerIssuance
from core.mrv.options import KPT_LIMITS
from core.periods import DEFAULT_EARLIEST_DAY, local_date
from core.stove_codes import normalise_stove_code

REQUIRED_COLUMNS = ("campaign", "phase", "day", "wood_kg", "household_size")
OPTIONAL_COLUMNS = ("stove_code", "household", "charcoal_kg")
_FIELDS = ("wood_kg", "charcoal_kg", "household_size")
_MAX_HOUSEHOLD = 50


def _kg(value: str, name: str, problems: list[str], required: bool, most: float) -> float:
    """Kilograms weighed: a number 0 to `most` (max_kg_per_day of the parameters file: beyond
    it, a typo or a unit slip); a decimal comma is accepted; empty is 0 if optional."""
    if not value:
        if required:
            problems.append(f"{name} is empty")
        return 0.0
    try:
        number = float(value.replace(",", ".") if value.count(",") == 1 else value)
    except ValueError:
        problems.append(f"{name} {value!r} is not a number")
        return 0.0
    if not math.isfinite(number) or number < 0:
        problems.append(f"{name} {value} is not a weight of 0 kg or more")
    elif number > most:
        problems.append(
            f"{name} {value} is above max_kg_per_day {most:g} kg per household-day "
            "(the [kpt] table of the parameters file)"
        )
    return number


def _size(value: str, problems: list[str]) -> int:
    """Household size: a whole number of people, 1 to 50."""
    if not value.isdigit() or not 1 <= int(value) <= _MAX_HOUSEHOLD:
        shown = repr(value) if value else "empty"
        problems.append(f"household_size is {shown}, not a whole number 1 to {_MAX_HOUSEHOLD}")
        return 0
    return int(value)


def check_kpt_row(
    raw: RawRow, *, today: date, earliest: date = DEFAULT_EARLIEST_DAY,
    max_kg_per_day: float = KPT_LIMITS["max_kg_per_day"],
) -> tuple[dict[str, Any], list[str]]:
    """The measurement's fields converted, and every problem found in the row."""
    most = max_kg_per_day
    problems: list[str] = []
    problems.extend(row_shape_problems(raw))
    campaign = cell(raw, "campaign")
    if not campaign or len(campaign) > 100:
        problems.append("campaign is empty" if not campaign else "campaign is over 100 characters")
    phase = parse_choice(cell(raw, "phase"), "phase", KPT_PHASES, problems)
    code, household = cell(raw, "stove_code"), cell(raw, "household")
    if code and household:
        problems.append("give stove_code or household, not both")
    key = normalise_stove_code(code) if code else household
    if not key:
        problems.append("stove_code and household are both empty")
    elif len(key) > 50:
        problems.append("household is over 50 characters")
    day = parse_date(cell(raw, "day"), "day", problems, required=True, earliest=earliest)
    if day is not None and day > today:
        problems.append(f"day {day} is in the future")
    values = {
        "campaign": campaign,
        "phase": phase,
        "household": key,
        "day": day,
        "wood_kg": _kg(cell(raw, "wood_kg"), "wood_kg", problems, True, most),
        "charcoal_kg": _kg(cell(raw, "charcoal_kg"), "charcoal_kg", problems, False, most),
        "household_size": _size(cell(raw, "household_size"), problems),
    }
    return values, problems


def _campaigns_issued(issued: Issued) -> dict[str, list[LedgerIssuance]]:
    """The issuances whose parameters credited each KPT campaign (baseline or project)."""
    by_campaign: dict[str, list[LedgerIssuance]] = defaultdict(list)
    for issuance in issued.issuances:
        parameters = parameters_of(issuance)
        kpt = parameters.options.kpt if parameters and parameters.options else None
        if kpt is not None:
            for campaign in {kpt.baseline_campaign, kpt.project_campaign}:
                by_campaign[campaign].append(issuance)
    return by_campaign


# Over 60 lines: one batch transaction with the frozen-period rule applied row by row.
def import_kpt(
    uow: UnitOfWork,
    rows: NumberedRows,
    *,
    now: datetime,
    tz: str,
    earliest: date = DEFAULT_EARLIEST_DAY,
    max_kg_per_day: float = KPT_LIMITS["max_kg_per_day"],
    adjustment: str | None = None,
    actor: str = "",
) -> ImportReport:
    """Create or update the KPT measurement of each (line number, CSV row); idempotent.

    A day before `earliest` or after today is refused with its row. A row that adds or
    changes a measurement of a campaign an issued period was credited from is refused,
    unless `adjustment` gives the reason (the same rule as visits).
    """
    freeze = FreezePolicy(adjustment, actor, tz, now)
    report = ImportReport()
    today = local_date(now, tz)
    checked: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    for line, raw in rows:
        if is_blank(raw):
            continue
        values, problems = check_kpt_row(raw, today=today, earliest=earliest,
                                         max_kg_per_day=max_kg_per_day)
        key = (values["campaign"], values["phase"], values["household"], values["day"])
        if not problems and key in checked:
            first = checked[key][0]
            problems.append(f"the same campaign, phase, household and day as line {first}")
        if problems:
            report.errors.append(RowError(line, "; ".join(problems)))
        else:
            checked[key] = (line, values)
    with uow:
        freeze.load(uow.session)
        frozen = _campaigns_issued(freeze.issued)
        campaigns = sorted({key[0] for key in checked})
        stored = {
            (m.campaign, m.phase, m.household, m.day): m
            for m in uow.session.exec(
                select(KptMeasurement).where(col(KptMeasurement.campaign).in_(campaigns))
            )
        }
        for key, (line, values) in sorted(checked.items(), key=lambda item: item[1][0]):
            existing = stored.get(key)
            changed = existing is None or any(getattr(existing, f) != values[f] for f in _FIELDS)
            what = f"KPT measurement {key[0]}/{key[1]}/{key[2]} on {key[3]}"
            if changed and not freeze.admit(frozen.get(key[0], []), line, what, report):
                continue
            if existing is None:
                uow.session.add(KptMeasurement(**values, imported_at=now))
                report.count("created")
            elif changed:
                for f in _FIELDS:
                    setattr(existing, f, values[f])
                uow.session.add(existing)
                report.count("updated")
            else:
                report.count("unchanged")
        uow.session.flush()
        freeze.record(uow.session, "kpt")
        uow.commit()
    report.errors.sort(key=lambda error: error.line)
    return report
