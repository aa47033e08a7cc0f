"""Self-reported usage figures from SMS aggregates: shown beside the verified U, never credited."""

from collections.abc import Iterable

from core.reporting.inputs import UsageCounts
from core.reporting.model import SelfReport, WeekFigures
from core.reporting.weeks import ReportWeek

DAYS_PER_WEEK = 7


def _share(part: int, whole: int) -> float | None:
    """A ratio of counts, or None when there is nothing to divide by."""
    return part / whole if whole else None


def total_counts(weeks: Iterable[UsageCounts]) -> UsageCounts:
    """Add up weeks of usage counts (integer sums, so the result never depends on order)."""
    total = UsageCounts(week="")
    for week in weeks:
        total = total.plus(week)
    return total


def self_report_figures(
    counts: UsageCounts, *, active_stove_weeks: int, stoves_reporting: int, verified_p: float | None
) -> SelfReport:
    """Derive the self-report block; the ratio compares mean share of days used with verified p."""
    mean_days = _share(counts.days_sum, counts.answered)
    ratio = None
    if mean_days is not None and verified_p:
        ratio = (mean_days / DAYS_PER_WEEK) / verified_p
    return SelfReport(
        households_reporting=stoves_reporting,
        response_rate=_share(counts.reports, active_stove_weeks),
        share_reporting_use=_share(counts.using, counts.answered),
        mean_days_used=mean_days,
        ratio_to_verified=ratio,
        stacking_share_sms=_share(counts.fogon_positive, counts.fogon_answered),
    )


def week_figures(week: ReportWeek, counts: UsageCounts, *, active_stoves: int) -> WeekFigures:
    """One point of the weekly charts: who reported and how much use they reported."""
    return WeekFigures(
        week=week.label,
        week_start=week.monday,
        active_stoves=active_stoves,
        households_reporting=counts.reports,
        response_rate=_share(counts.reports, active_stoves),
        mean_days_used=_share(counts.days_sum, counts.answered),
        share_reporting_use=_share(counts.using, counts.answered),
    )
