"""What the report's queries return: small aggregates, never observation rows."""

from dataclasses import dataclass, fields
from datetime import date

from core.reporting.verification import VisitRow
from core.reporting.weeks import ReportWeek


@dataclass(frozen=True)
class StoveGroup:
    """Stoves sharing district, baseline and dates, so stove-days are computed once per group."""

    district: str
    baseline_stove: str
    installed_on: date
    decommissioned_on: date | None
    count: int


@dataclass(frozen=True)
class UsageCounts:
    """Sums over in-force weekly SMS observations of active stove-weeks (one week, one district).

    `reports` counts stove-weeks with an observation; `answered` those with days_used;
    `using` those with days_used >= 1; `fogon_*` likewise for open_fire_days; `messages`
    the inbound messages the observations point to (one message makes one observation).
    """

    week: str
    district: str
    reports: int = 0
    answered: int = 0
    days_sum: int = 0
    using: int = 0
    fogon_answered: int = 0
    fogon_positive: int = 0
    messages: int = 0

    def plus(self, other: "UsageCounts") -> "UsageCounts":
        """Add another cell's counts to these (integers, so the order never matters)."""
        sums = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in fields(self)
            if f.name not in ("week", "district")
        }
        return UsageCounts(week=self.week, district=self.district, **sums)


@dataclass(frozen=True)
class ReportInputs:
    """Everything the database contributes to one report, already aggregated."""

    period_start: date
    period_end: date
    weeks: tuple[ReportWeek, ...]
    stove_groups: tuple[StoveGroup, ...]
    usage: tuple[UsageCounts, ...]
    stoves_reporting: dict[str, int]
    visits: tuple[VisitRow, ...]
    open_ticket_stoves: frozenset[int]
    sampled: frozenset[int] | None
