"""Year-end holdings frozen in the ledger: the Article 6.2 agreed electronic format's
"Holdings as at 31 December", appended to the hash chain, corrected only by a new record.

Records are stamped when written, so the holdings as at a day already over never change;
what may change is the authorization version the export states. Freezing again with the
same holdings and version appends nothing; with a difference it appends a correction that
names the snapshot it corrects.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.ledger.chain import append_link, canonical, lock_ledger
from core.ledger.itmo import LedgerError
from core.ledger.query import BlockView, LedgerSnapshot, load_ledger
from core.models import LedgerHoldingsSnapshot, LedgerReportReference
from core.periods import day_bounds_utc


@dataclass(frozen=True)
class FrozenHoldings:
    """The snapshot in force for a 31 December: new or already there, and what it holds."""

    snapshot_id: int
    created: bool
    corrects_id: int | None
    sha256: str
    blocks: list[BlockView]


_NO_REPORTS = ("", "", "")


def _references(session: Session) -> dict[int, tuple[str, str, str]]:
    """Each issuance's latest monitoring report id and digest and verification report."""
    rows = session.exec(select(LedgerReportReference).order_by(col(LedgerReportReference.id)))
    return {
        r.issuance_id: (r.monitoring_report_id, r.monitoring_report_sha256, r.verification_report)
        for r in rows
    }


def _rows(session: Session, views: list[BlockView]) -> list[dict[str, Any]]:
    """The holdings as canonical rows: one per live block, identity, range, state, holder,
    and the monitoring and verification reports its issuance rests on (the annual report)."""
    references = _references(session)
    rows = []
    for v in views:
        report_id, report_sha256, verification = references.get(v.issuance_id, _NO_REPORTS)
        rows.append(
            {
                "cooperative_approach_id": v.identity.cooperative_approach_id,
                "originating_registry": v.identity.originating_registry,
                "first_transferring_party": v.identity.first_transferring_party,
                "vintage": v.vintage,
                "first_identifier": v.first_identifier,
                "last_identifier": v.last_identifier,
                "quantity": v.quantity,
                "state": v.state,
                "holder": v.holder,
                "monitoring_report_id": report_id,
                "monitoring_report_sha256": report_sha256,
                "verification_report": verification,
            }
        )
    return rows


def _content(
    session: Session, as_at: date, authorization_version: str, views: list[BlockView]
) -> str:
    """The snapshot's canonical JSON."""
    document = {
        "as_at": as_at.isoformat(),
        "authorization_version": authorization_version,
        "holdings": _rows(session, views),
    }
    return canonical(document)


def latest_snapshots(session: Session) -> dict[date, LedgerHoldingsSnapshot]:
    """The snapshot in force for each frozen day: the last one recorded."""
    rows = session.exec(select(LedgerHoldingsSnapshot).order_by(col(LedgerHoldingsSnapshot.id)))
    return {row.as_at: row for row in rows}


def freeze_holdings(
    uow: UnitOfWork,
    *,
    as_at: date,
    tz: str,
    authorization_version: str,
    actor: str,
    now: datetime,
    note: str = "",
) -> FrozenHoldings:
    """Append the holdings as at the end of 31 December `as_at` to the chain, once per change."""
    if (as_at.month, as_at.day) != (12, 31):
        raise LedgerError(f"holdings are frozen as at 31 December, not {as_at}")
    instant = day_bounds_utc(as_at, as_at, tz)[1]
    if instant > now:
        raise LedgerError(f"{as_at} is not over yet in {tz}; freeze its holdings afterwards")
    with uow:
        session = uow.session
        lock_ledger(session)  # one ledger writer at a time: the chain never forks
        views = load_ledger(session).views(before=instant)
        content = _content(session, as_at, authorization_version, views)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        previous = latest_snapshots(session).get(as_at)
        if previous is not None and previous.sha256 == digest:
            return FrozenHoldings(previous.id or 0, False, previous.corrects_id, digest, views)
        snapshot = LedgerHoldingsSnapshot(
            as_at=as_at,
            as_at_instant=instant,
            authorization_version=authorization_version,
            content=content,
            sha256=digest,
            corrects_id=previous.id if previous is not None else None,
            note=note,
            recorded_by=actor,
            recorded_at=now,
        )
        session.add(snapshot)
        append_link(session, "holdings", snapshot)
        uow.commit()
        return FrozenHoldings(snapshot.id or 0, True, snapshot.corrects_id, digest, views)


def check_snapshots(session: Session, ledger: LedgerSnapshot, problems: list[str]) -> None:
    """Each frozen day's snapshot in force holds what the ledger's records give for that day."""
    for as_at, snapshot in sorted(latest_snapshots(session).items()):
        stored = json.loads(snapshot.content)
        if hashlib.sha256(snapshot.content.encode("utf-8")).hexdigest() != snapshot.sha256:
            problems.append(f"holdings snapshot {snapshot.id} ({as_at}): digest does not match")
        if stored.get("holdings") != _rows(session, ledger.views(before=snapshot.as_at_instant)):
            problems.append(
                f"holdings snapshot {snapshot.id} ({as_at}) differs from the holdings the "
                "ledger's records give for that day"
            )
