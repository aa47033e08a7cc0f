"""The monitoring report's shape: frozen values whose `as_dict()` gives the JSON of mrv.md."""

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.mrv.integrity import Integrity, OverlapFacts
    from core.mrv.methods.kpt import Campaign
    from core.reporting.method_parts import CohortFigures, MethodFigures, SensitivityRow

SAMPLE_QONCHA = "qoncha"
SAMPLE_EXTERNAL = "external"


def plain(value: Any) -> Any:
    """Turn report values into JSON-ready ones (dates as ISO text, tuples as lists)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def day_count(days: int | Fraction) -> int | float:
    """Stove-days as a JSON number: weighted ones may be fractions, whole ones stay integers."""
    return int(days) if days == int(days) else float(days)


class _Plain:
    """Gives every report part the same `as_dict()`."""

    def as_dict(self) -> dict[str, Any]:
        """Give this part as JSON-ready values, keys in declaration order."""
        result: dict[str, Any] = plain(self)
        return result


@dataclass(frozen=True)
class SampleAccount(_Plain):
    """What became of a sample qoncha drew: drawn, visited, not found, replaced by reserves.

    `visited` counts the stoves whose visit counts for U (found, main or called-up reserve);
    `reserves_called` the reserves called in drawn order for not-found stoves;
    `not_visited` the main and called-up reserve stoves with no visit yet;
    `reserve_visits_ignored` reserves visited with no not-found stove to replace (not counted).
    """

    drawn: int
    reserve_drawn: int
    visited: int
    not_found: int
    replaced: int
    reserves_called: int
    not_visited: int
    not_found_unreplaced: int
    reserve_visits_ignored: int


@dataclass(frozen=True)
class Verification(_Plain):
    """The verified usage rate of mrv.md, with why it is what it is and where the sample came from.

    `u_applied` is the U the emission reductions use (after the stacking discount, when the
    parameters apply one); `reason` says why it differs from `p`, if it does.
    """

    n: int
    in_use: int
    p: float | None
    half_width: float | None
    precision: float | None
    passes_90_10: bool
    u_applied: float
    n_needed_90_10: int | None
    reason: str | None
    sample_source: str
    visits_outside_sample: int
    interval: str
    lower_bound: float | None
    upper_bound: float | None
    n_min: int
    sample: SampleAccount | None


@dataclass(frozen=True)
class SelfReport(_Plain):
    """What households texted: the continuous picture beside the verified U, never credited.

    Over the observations in force of the period's weeks: `households_reporting` counts the
    stoves with one; `response_rate` is reporting stove-weeks over stove-weeks in place
    (installed by the Sunday, not decommissioned by the Monday); `share_reporting_use` and
    `mean_days_used` are over USO answers; `ratio_to_verified` is mean_days_used / 7 over
    the verified p. FOGON answers enter only `stacking_share_sms`: the share of stove-weeks
    with a FOGON answer that report at least one day of open fire. It is shown beside the
    visits' stacking share; only the visits' share can discount U.
    """

    households_reporting: int
    response_rate: float | None
    share_reporting_use: float | None
    mean_days_used: float | None
    ratio_to_verified: float | None
    stacking_share_sms: float | None


@dataclass(frozen=True)
class DistrictFigures(_Plain):
    """One district's share of the figures; its ER is part of an exact sum to the total.

    Self-reported rates are programme-wide only (by week): a district split would need
    every observation attributed to a district, several times the cost of the whole report.
    """

    district: str
    stoves_installed: int
    stove_days: int | float  # weighted per household-day, like the total
    verification: Verification
    households_reporting: int
    stacking_share: float | None
    savings_t_per_stove_day: float | None
    er_tco2e: float


@dataclass(frozen=True)
class WeekFigures(_Plain):
    """Self-reported use in one ISO week, for the report's charts."""

    week: str
    week_start: date
    active_stoves: int
    households_reporting: int
    response_rate: float | None
    mean_days_used: float | None
    share_reporting_use: float | None


@dataclass(frozen=True)
class Evidence(_Plain):
    """How many messages, visits and stoves the figures rest on, for a verifier to trace."""

    usage_messages: int
    usage_observations: int
    visits_in_period: int
    visits_counted: int
    stoves_installed: int
    stoves_credited: int
    stoves_reporting: int
    stoves_visited: int
    stoves_verified: int
    stoves_verified_broken: int
    weeks: int
    # Visits recorded in the bot farther from the stove's registered location than the
    # VISIT_FLAG_DISTANCE_KM setting: counted, not excluded, for the verifier to look at.
    visits_far_from_stove: int = 0
    # Observations a person read in a flagged household message (the review inbox), among
    # usage_observations: self-report like the rest, never credited.
    usage_read_by_staff: int = 0


@dataclass(frozen=True)
class SeveralStoves(_Plain):
    """Households with several stoves on a same day, and the stove-days their weighting removed."""

    households: int
    stoves: int
    stove_days_removed: int | float


@dataclass(frozen=True)
class Correction(_Plain):
    """A post-issuance adjustment of an earlier issued period, carried into this report.

    `er_change_tco2e` is what the late evidence did to that period's ER; only a reduction is
    credited (subtracted here): tonnes of an issued vintage are never re-issued later.
    """

    adjustment_id: int
    issuance_id: int
    period_start: date
    period_end: date
    reason: str
    er_change_tco2e: float
    credited_tco2e: float


@dataclass(frozen=True)
class MonitoringReport(_Plain):
    """A period's monitored emission reductions with every figure they rest on (mrv.md)."""

    period_start: date
    period_end: date
    parameters: dict[str, dict[str, Any]]
    stoves_installed: int
    stove_days: int | float  # per household-day: the figure the ER uses
    stove_days_raw: int  # every stove's days, unweighted
    households_with_several_stoves: "SeveralStoves"
    verification: Verification
    self_report: SelfReport
    stacking_share: float | None
    savings_t_per_stove_day: float | None
    er_tco2e: float
    er_issuable_tco2e: int
    by_district: tuple[DistrictFigures, ...]
    evidence: Evidence
    # The methodology's sections (core/reporting/method_figures.py).
    wood_saved_t: float
    households_served: int | None
    method: "MethodFigures"
    cohorts: tuple["CohortFigures", ...]
    kpt_campaigns: tuple["Campaign", ...]
    sensitivity: tuple["SensitivityRow", ...]
    stove_days_by_year: dict[int, int | float]
    weekly: tuple[WeekFigures, ...]
    notes: tuple[str, ...]
    stacking_treatment: str
    corrections: tuple[Correction, ...]
    correction_tco2e: float  # the sum credited: er_issuable_tco2e = floor(er_tco2e + this)
    # The ICVCM integrity conditions (mrv.md) and the stove-days other activities claim.
    integrity: "Integrity"
    overlap: "OverlapFacts"
    generated_with: dict[str, str]

    @property
    def digest(self) -> str:
        """The sha256 (hex) of the report's content, which the ITMO ledger records."""
        return self.generated_with["digest"]
