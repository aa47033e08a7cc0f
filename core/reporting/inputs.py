"""What the report's queries return: small aggregates, never observation rows."""

from dataclasses import dataclass
from datetime import date

from core.models import stove_dates_active_during
from core.mrv.methods.households import HouseholdStove
from core.reporting.method_inputs import MethodInputs
from core.reporting.model import Correction
from core.reporting.overlap import OverlapInputs
from core.reporting.sample_rule import SampleSlot
from core.reporting.verification import VisitRow
from core.reporting.weeks import ReportWeek


@dataclass(frozen=True)
class StoveGroup:
    """Stoves sharing district, baseline and dates, so stove-days are computed once per group.

    `reporting` of them have an SMS observation in force in the period's weeks.
    """

    district: str
    baseline_stove: str
    installed_on: date
    decommissioned_on: date | None
    count: int
    reporting: int = 0
    # The stove model, for an efficiency per model (core/mrv/methods); '' when not split.
    model: str = ""

    def in_period(self, period_start: date, period_end: date) -> bool:
        """In use on at least one day of the period (the one rule, core.models)."""
        return stove_dates_active_during(
            self.installed_on, self.decommissioned_on, period_start, period_end
        )


_COUNTS = (
    "reports",
    "answered",
    "days_sum",
    "using",
    "fogon_answered",
    "fogon_positive",
    "messages",
    "reviewed",
)


@dataclass(frozen=True)
class UsageCounts:
    """Sums over one week's in-force SMS observations of active stoves.

    `reports` counts stove-weeks with an observation; `answered` those with days_used;
    `using` those with days_used >= 1; `fogon_*` likewise for open_fire_days; `messages`
    the inbound messages the observations point to (one message makes one observation);
    `reviewed` the observations a person read in a flagged message (source "review").
    """

    week: str
    reports: int = 0
    answered: int = 0
    days_sum: int = 0
    using: int = 0
    fogon_answered: int = 0
    fogon_positive: int = 0
    messages: int = 0
    reviewed: int = 0

    def plus(self, other: "UsageCounts") -> "UsageCounts":
        """Add another week's counts (integers, so the order never matters)."""
        return UsageCounts(self.week, *(getattr(self, n) + getattr(other, n) for n in _COUNTS))

    def minus(self, other: "UsageCounts") -> "UsageCounts":
        """Take away counts that must not count (reports of stoves inactive that week)."""
        return UsageCounts(self.week, *(getattr(self, n) - getattr(other, n) for n in _COUNTS))


@dataclass(frozen=True)
class ReportInputs:
    """Everything the database contributes to one report, already aggregated."""

    period_start: date
    period_end: date
    weeks: tuple[ReportWeek, ...]
    stove_groups: tuple[StoveGroup, ...]
    usage: tuple[UsageCounts, ...]
    visits: tuple[VisitRow, ...]
    open_ticket_stoves: frozenset[int]
    sample: tuple[SampleSlot, ...] | None  # the draw in force for the period, if any
    corrections: tuple[Correction, ...] = ()  # adjustments of earlier issued periods
    far_visits: int = 0  # visits flagged as recorded far from the stove
    method: MethodInputs | None = None  # what the methodology options read beyond these
    overlap: OverlapInputs | None = None  # claims by other mitigation activities
    # Stoves of households holding several in the period, credited per household-day.
    shared_stoves: tuple[HouseholdStove, ...] = ()
