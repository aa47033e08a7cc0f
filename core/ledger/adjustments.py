"""Issued periods are frozen: late evidence is refused, or recorded as a post-issuance adjustment.

Nothing issued is ever silently recomputed. Evidence that falls into an issued period (a
visit on one of its days, a stove change touching its days) is refused unless the operator
gives a reason; then the period's report is recomputed with the parameters it was issued
with, and the change in ER is appended to the ledger (`ledger_adjustments`, hash-chained).
A reduction is carried into the next issuance as a correction: the first issuance written
after it in the ledger's hash chain whose period starts after the adjusted one ends. SMS
usage reports are never refused (nothing inbound is lost) and never enter ER; an issued
period's report counts only the SMS received before its issuance, so they cannot change it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from core.ledger.chain import append_link, lock_ledger
from core.models import LedgerAdjustment, LedgerChainEntry, LedgerIssuance
from core.mrv.parameters import Parameters, parameters_from_json
from core.reporting.model import Correction, MonitoringReport

# Recomputes an issued period's report inside the caller's session (core.monitoring.report).
Recompute = Callable[
    [Session, LedgerIssuance, Parameters, tuple[Correction, ...]], MonitoringReport
]


class PeriodFrozen(ValueError):
    """Evidence for an issued period given without an adjustment reason; nothing stored."""


@dataclass(frozen=True)
class Issued:
    """The issued periods, read once per import."""

    issuances: tuple[LedgerIssuance, ...]

    def covering(self, day: date) -> LedgerIssuance | None:
        """The issuance whose period holds this day, if any."""
        return next((i for i in self.issuances if i.period_start <= day <= i.period_end), None)

    def touching(self, first: date, last: date | None) -> list[LedgerIssuance]:
        """The issuances whose period shares a day with first..last (open-ended if None)."""
        return [
            i
            for i in self.issuances
            if i.period_end >= first and (last is None or i.period_start <= last)
        ]


def issued_periods(session: Session) -> Issued:
    """Every issuance, in period order."""
    rows = session.exec(select(LedgerIssuance).order_by(col(LedgerIssuance.period_start)))
    return Issued(tuple(rows))


def frozen_message(issuance: LedgerIssuance, what: str) -> str:
    """Why a piece of evidence was refused, and how to record it anyway."""
    return (
        f"{what} falls in issued period {issuance.period_start}..{issuance.period_end} "
        f"(issuance {issuance.id}), whose figures are frozen; to record it as a "
        'post-issuance adjustment, run again with --adjustment "reason"'
    )


def parameters_of(issuance: LedgerIssuance) -> Parameters | None:
    """The parameter set an issuance was computed with, or None if it was not recorded."""
    return parameters_from_json(issuance.parameters_json) if issuance.parameters_json else None


def expected_state(session: Session, issuance: LedgerIssuance) -> tuple[float, str]:
    """The ER and report digest the issued period must show now: after its last adjustment."""
    latest = session.exec(
        select(LedgerAdjustment)
        .where(LedgerAdjustment.issuance_id == issuance.id)
        .order_by(col(LedgerAdjustment.recorded_at).desc(), col(LedgerAdjustment.id).desc())
    ).first()
    if latest is None:
        return issuance.er_tco2e, issuance.report_digest
    return latest.er_after, latest.digest_after


def _chain_order(session: Session) -> dict[tuple[str, int], int]:
    """Where each issuance and adjustment sits in the hash chain: the ledger's write order."""
    rows = session.exec(
        select(LedgerChainEntry.kind, LedgerChainEntry.row_id, LedgerChainEntry.seq).where(
            col(LedgerChainEntry.kind).in_(("issuance", "adjustment"))
        )
    )
    return {(kind, row_id): seq for kind, row_id, seq in rows}


def _carrier(
    adjustment: LedgerAdjustment,
    adjusted: LedgerIssuance,
    issuances: Iterable[LedgerIssuance],
    order: dict[tuple[str, int], int],
) -> LedgerIssuance | None:
    """The issuance that carries an adjustment: the first written after it, for a later period."""
    written = order.get(("adjustment", adjustment.id or 0), 0)
    later = [
        (order[("issuance", i.id or 0)], i)
        for i in issuances
        if order.get(("issuance", i.id or 0), 0) > written and i.period_start > adjusted.period_end
    ]
    return min(later, key=lambda pair: pair[0])[1] if later else None


def corrections_for(
    session: Session, period_start: date, issued: LedgerIssuance | None
) -> tuple[Correction, ...]:
    """The adjustments a period's report carries: those its issuance carried, or, for a
    period not yet issued, those no issuance has carried yet of periods ending before it."""
    issuances = {i.id: i for i in session.exec(select(LedgerIssuance))}
    adjustments = session.exec(
        select(LedgerAdjustment).order_by(
            col(LedgerAdjustment.recorded_at), col(LedgerAdjustment.id)
        )
    )
    order = _chain_order(session)
    carried = []
    for adjustment in adjustments:
        adjusted = issuances[adjustment.issuance_id]
        carrier = _carrier(adjustment, adjusted, issuances.values(), order)
        if issued is not None:
            if carrier is None or carrier.id != issued.id:
                continue
        elif carrier is not None or adjusted.period_end >= period_start:
            continue
        change = adjustment.er_after - adjustment.er_before
        carried.append(
            Correction(
                adjustment_id=adjustment.id or 0,
                issuance_id=adjusted.id or 0,
                period_start=adjusted.period_start,
                period_end=adjusted.period_end,
                reason=adjustment.reason,
                er_change_tco2e=change,
                credited_tco2e=min(0.0, change),
            )
        )
    return tuple(carried)


def record_adjustments(
    session: Session,
    issuance_ids: Iterable[int],
    *,
    kind: str,
    reason: str,
    details: dict[int, list[str]],
    actor: str,
    now: datetime,
    recompute: Recompute,
) -> list[LedgerAdjustment]:
    """Recompute each touched issued period and append what the new evidence changed.

    Runs in the caller's transaction after the evidence is written (and flushed).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise PeriodFrozen("an adjustment needs a reason")
    lock_ledger(session)
    recorded = []
    for issuance_id in sorted(set(issuance_ids)):
        issuance = session.get(LedgerIssuance, issuance_id)
        assert issuance is not None
        parameters = parameters_of(issuance)
        if parameters is None:
            raise PeriodFrozen(
                f"issuance {issuance_id} recorded no parameter set; its period cannot be adjusted"
            )
        carried = corrections_for(session, issuance.period_start, issuance)
        report = recompute(session, issuance, parameters, carried)
        er_before, digest_before = expected_state(session, issuance)
        adjustment = LedgerAdjustment(
            issuance_id=issuance_id,
            kind=kind,
            reason=reason,
            detail="; ".join(details.get(issuance_id, [])),
            er_before=er_before,
            er_after=report.er_tco2e,
            digest_before=digest_before,
            digest_after=report.digest,
            recorded_by=actor,
            recorded_at=now,
        )
        session.add(adjustment)
        append_link(session, "adjustment", adjustment)
        recorded.append(adjustment)
    return recorded
