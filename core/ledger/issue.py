"""Issuing a monitored period as ITMO serial blocks, one per vintage, each period once.

Issuance locks the serial counter row first, which serialises ledger writers: the overlap
check and the serial allotment then see every committed issuance, even with several
PostgreSQL workers (SQLite's BEGIN IMMEDIATE serialises writers anyway). Every row written
is linked into the hash chain.
"""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.ledger.chain import append_link, lock_ledger
from core.ledger.itmo import ISSUE, ISSUED, ItmoIdentity, LedgerError
from core.ledger.moves import append_record
from core.ledger.query import BlockView
from core.models import LedgerBlock, LedgerIssuance, LedgerReportReference
from core.mrv.ccp import issuance_record
from core.mrv.vintage import split_by_vintage
from core.periods import Period, PeriodError

_SHA256 = re.compile(r"[0-9a-f]{64}")
# A period is issued only once its last day is over in every time zone (the last to end a
# day is UTC-12), so issuance needs no time zone and never credits a day still running.
_LATEST_OFFSET = timedelta(hours=12)


@dataclass(frozen=True)
class ReportReferences:
    """The reports an issuance rests on (ledger for the annual report); empty: not given."""

    monitoring_report_id: str = ""
    monitoring_report_sha256: str = ""
    verification_report: str = ""


@dataclass(frozen=True)
class IssuanceResult:
    """What an issuance created: its id and one block per vintage with tonnes."""

    issuance_id: int
    period_start: date
    period_end: date
    issuable_tonnes: int
    blocks: list[BlockView]
    ccp_label: str = ""


# Over 60 lines: one locked ledger transaction from the checks to the chain link.
def issue_period(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    issuable_tonnes: int,
    er_tco2e: float,
    stove_days_by_year: Mapping[int, float],
    report_digest: str,
    methodology_version: str,
    identity: ItmoIdentity,
    actor: str,
    now: datetime,
    parameters_json: str = "",
    integrity: Mapping[str, Any] | None = None,
    references: ReportReferences | None = None,
) -> IssuanceResult:
    """Turn a monitored period's issuable tonnes into vintage blocks with fresh serials, once.

    `integrity` is the report's section: the label recorded is derived from it here, so an
    issuance never carries a label its methodology and conditions did not earn.
    """
    try:
        period = Period(period_start, period_end)
    except PeriodError as refused:
        raise LedgerError(str(refused)) from refused
    if period_end >= (now - _LATEST_OFFSET).date():
        raise LedgerError(f"period {period_start}..{period_end} has not ended yet; issue it later")
    if issuable_tonnes <= 0:
        raise LedgerError(f"nothing to issue: {period_start}..{period_end} has 0 issuable tonnes")
    if issuable_tonnes > er_tco2e:
        raise LedgerError(f"{issuable_tonnes} t to issue exceeds the reduction ({er_tco2e} tCO2e)")
    if not _SHA256.fullmatch(report_digest):
        raise LedgerError("report digest must be a lowercase hex sha256")
    given = references.monitoring_report_sha256 if references is not None else ""
    if given and not _SHA256.fullmatch(given):
        raise LedgerError("monitoring report digest must be a lowercase hex sha256")
    outside = [y for y in stove_days_by_year if not period_start.year <= y <= period_end.year]
    if outside:
        raise LedgerError(f"stove-days given for years outside the period: {sorted(outside)}")
    try:
        shares = split_by_vintage(issuable_tonnes, stove_days_by_year)
    except ValueError as exc:  # the ledger refuses it, like every other doubtful issuance
        raise LedgerError(str(exc)) from exc
    label, record = issuance_record(integrity)
    with uow:
        session = uow.session
        counter = lock_ledger(session)
        _refuse_overlap(session, period)
        # The counter is a cursor, not a record: never allot below the highest serial on record.
        highest = session.exec(select(func.max(LedgerBlock.serial_last))).one() or 0
        counter.next_serial = max(counter.next_serial, highest + 1)
        issuance = LedgerIssuance(
            period_start=period_start,
            period_end=period_end,
            er_tco2e=er_tco2e,
            issuable_tonnes=issuable_tonnes,
            report_digest=report_digest,
            methodology_version=methodology_version,
            cooperative_approach_id=identity.cooperative_approach_id,
            originating_registry=identity.originating_registry,
            first_transferring_party=identity.first_transferring_party,
            issued_by=actor,
            issued_at=now,
            parameters_json=parameters_json,
            ccp_label=label,
            integrity_json=record,
        )
        session.add(issuance)
        append_link(session, "issuance", issuance)
        if references is not None:
            reference = LedgerReportReference(
                issuance_id=issuance.id or 0, recorded_at=now, **asdict(references)
            )
            session.add(reference)
            append_link(session, "references", reference)
        views = []
        for vintage, tonnes in shares.items():
            if tonnes == 0:
                continue  # a vintage without whole tonnes gets no block
            block = LedgerBlock(
                issuance_id=issuance.id or 0,
                vintage=vintage,
                serial_first=counter.next_serial,
                serial_last=counter.next_serial + tonnes - 1,
                created_at=now,
            )
            counter.next_serial += tonnes
            session.add(block)
            append_link(session, "block", block)
            holder = identity.first_transferring_party
            append_record(session, block, 1, ISSUE, ISSUED, tonnes, actor, holder, now)
            views.append(BlockView.of(block, state=ISSUED, holder=holder, identity=identity))
        session.add(counter)
        uow.commit()
        return IssuanceResult(
            issuance.id or 0, period_start, period_end, issuable_tonnes, views, label
        )


def _refuse_overlap(session: Session, period: Period) -> None:
    """Refuse a period sharing any day with an issued one (both ends inclusive)."""
    period_start, period_end = period
    clash = session.exec(
        select(LedgerIssuance)
        .where(LedgerIssuance.period_start <= period_end, LedgerIssuance.period_end >= period_start)
        .order_by(col(LedgerIssuance.period_start))
    ).first()
    if clash is not None:
        raise LedgerError(
            f"period {period_start}..{period_end} overlaps issuance {clash.id} "
            f"({clash.period_start}..{clash.period_end}); a period is issued once"
        )
