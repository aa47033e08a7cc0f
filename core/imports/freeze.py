"""How an import treats evidence for an issued period: refuse it, or admit it as an adjustment."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from core.imports.rows import ImportReport, RowError
from core.ledger.adjustments import (
    PeriodFrozen,
    frozen_message,
    issued_periods,
    record_adjustments,
)
from core.models import LedgerAdjustment, LedgerIssuance
from core.monitoring.report import issued_report
from core.mrv.parameters import Parameters
from core.reporting.model import Correction, MonitoringReport

__all__ = ["FreezePolicy", "PeriodFrozen"]


@dataclass
class FreezePolicy:
    """One import's stance on issued periods: `adjustment` None refuses, a reason admits."""

    adjustment: str | None
    actor: str
    tz: str
    now: datetime
    touched: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.adjustment is not None and not self.adjustment.strip():
            raise PeriodFrozen("--adjustment needs a reason")

    def load(self, session: Session) -> None:
        """Read the issued periods once for the import's transaction."""
        self.issued = issued_periods(session)

    def admit(
        self, periods: list[LedgerIssuance], line: int, what: str, report: ImportReport
    ) -> bool:
        """Whether a change may be written; a refusal is added to the report by line."""
        if not periods:
            return True
        if self.adjustment is None:
            report.errors.append(RowError(line, frozen_message(periods[0], what)))
            return False
        for period in periods:
            self.touched.setdefault(period.id or 0, []).append(f"line {line}: {what}")
        return True

    def record(self, session: Session, kind: str) -> list[LedgerAdjustment]:
        """Append the adjustments of the periods this transaction touched (caller commits)."""
        if not self.touched:
            return []
        assert self.adjustment is not None
        touched, self.touched = self.touched, {}

        def recompute(
            session: Session,
            issuance: LedgerIssuance,
            parameters: Parameters,
            carried: tuple[Correction, ...],
        ) -> MonitoringReport:
            return issued_report(session, issuance, parameters, carried, tz=self.tz, now=self.now)

        return record_adjustments(
            session,
            touched,
            kind=kind,
            reason=self.adjustment,
            details=touched,
            actor=self.actor,
            now=self.now,
            recompute=recompute,
        )
