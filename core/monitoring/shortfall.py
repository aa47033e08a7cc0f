"""What the 90/10 rule costs a period: the tonnes U = p would give against the U credited.

When too few stoves were verified, the report credits the lower confidence bound L instead
of the observed rate p. This computes the same period with the same report machinery at
U = p, so a coordinator sees the tonnes forgone and how many more verified stoves would
recover them, before issuing freezes the period (`ledger issue`, the console).
"""

from dataclasses import dataclass
from datetime import datetime

from core.db.uow import UnitOfWork
from core.monitoring.report import compute_report
from core.mrv.parameters import Parameters
from core.reporting.model import MonitoringReport


@dataclass(frozen=True)
class UsageShortfall:
    """A period's credited figures beside those at U = p, and the visits that close the gap."""

    u_applied: float
    p: float | None
    issuable_tonnes: int
    issuable_at_p: int
    er_tco2e: float
    er_at_p: float
    verified: int
    needed_90_10: int | None

    @property
    def tonnes(self) -> int:
        """Whole tonnes the period forgoes by crediting U instead of p."""
        return max(0, self.issuable_at_p - self.issuable_tonnes)

    @property
    def more_stoves(self) -> int:
        """Verified stoves still missing for the 90/10 rule at the observed p."""
        return max(0, (self.needed_90_10 or 0) - self.verified)


def usage_shortfall(
    uow: UnitOfWork,
    report: MonitoringReport,
    *,
    parameters: Parameters,
    tz: str,
    now: datetime,
    as_of: datetime | None = None,
) -> UsageShortfall:
    """Compare `report` with the same period computed at U = p (no second read when U = p)."""
    v = report.verification
    at_p = report
    if v.p is not None and not v.passes_90_10:
        at_p = compute_report(
            uow,
            period_start=report.period_start,
            period_end=report.period_end,
            parameters=parameters,
            tz=tz,
            now=now,
            as_of=as_of,
            credit_p=True,
        )
    return UsageShortfall(
        u_applied=v.u_applied,
        p=v.p,
        issuable_tonnes=report.er_issuable_tco2e,
        issuable_at_p=at_p.er_issuable_tco2e,
        er_tco2e=report.er_tco2e,
        er_at_p=at_p.er_tco2e,
        verified=v.n,
        needed_90_10=v.n_needed_90_10,
    )
