"""Assemble the monitoring report from aggregates: pure, deterministic, full precision."""

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from importlib import metadata

from core.mrv.calc import (
    allocate_by_district,
    issuable_tonnes,
    savings_t_per_stove_day,
    stove_days,
    stove_days_by_year,
)
from core.mrv.parameters import Parameters
from core.reporting.inputs import ReportInputs
from core.reporting.model import SAMPLE_EXTERNAL, DistrictFigures, Evidence, MonitoringReport
from core.reporting.self_report import self_report_figures, total_counts, week_figures
from core.reporting.verification import (
    district_verification,
    programme_verification,
    stacking_share,
    verified_sample,
)
from core.reporting.weeks import active_week_range


@dataclass(frozen=True)
class StoveDays:
    """Stove-days by district and baseline, by vintage, and the stoves behind them."""

    by_district: dict[str, dict[str, int]]
    by_year: dict[int, int]
    installed: dict[str, int]
    credited_stoves: int
    active_by_district: dict[str, list[int]]


def count_stove_days(inputs: ReportInputs, *, life_years: int) -> StoveDays:
    """Apply the stove-day rules once per group of identical stoves, and count active weeks."""
    days: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    years: dict[int, int] = defaultdict(int)
    installed: dict[str, int] = defaultdict(int)
    active: dict[str, list[int]] = defaultdict(lambda: [0] * len(inputs.weeks))
    credited = 0
    for group in inputs.stove_groups:
        span = {
            "installed_on": group.installed_on,
            "decommissioned_on": group.decommissioned_on,
            "period_start": inputs.period_start,
            "period_end": inputs.period_end,
            "life_years": life_years,
        }
        sd = stove_days(**span)
        installed[group.district] += group.count
        days[group.district][group.baseline_stove] += sd * group.count
        credited += group.count if sd else 0
        for year, n in stove_days_by_year(**span).items():
            years[year] += n * group.count
        weeks = active_week_range(
            inputs.weeks,
            installed_on=group.installed_on,
            decommissioned_on=group.decommissioned_on,
            life_years=life_years,
        )
        counts = active[group.district]
        for index in weeks:
            counts[index] += group.count
    return StoveDays(
        by_district={d: dict(sorted(days[d].items())) for d in sorted(days)},
        by_year=dict(sorted(years.items())),
        installed=dict(sorted(installed.items())),
        credited_stoves=credited,
        active_by_district={d: active[d] for d in sorted(active)},
    )


def weighted_savings(days_by_baseline: Mapping[str, int], params: Parameters) -> float | None:
    """Stove-day-weighted mean wood saved per stove-day, since eta_old depends on the baseline."""
    total = sum(days_by_baseline.values())
    if total == 0:
        return None
    eta_new, b_old = float(params.eta_new.value), float(params.b_old_kg_per_day.value)
    parts = [
        savings_t_per_stove_day(
            b_old_kg_per_day=b_old, eta_old=params.eta_old_for(baseline), eta_new=eta_new
        )
        * days
        for baseline, days in sorted(days_by_baseline.items())
    ]
    return math.fsum(parts) / total


def _software() -> str:
    """The qoncha version that computed a report, for its provenance line."""
    try:
        return f"qoncha {metadata.version('qoncha')}"
    except metadata.PackageNotFoundError:
        return "qoncha (version unknown)"


def content_digest(report: MonitoringReport) -> str:
    """Hash the report's content (all but `generated_with`) canonically, as the ledger records it."""
    content = report.as_dict()
    content.pop("generated_with", None)
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def assemble_report(inputs: ReportInputs, *, params: Parameters, today: date) -> MonitoringReport:
    """Turn a period's aggregates into the monitoring report of mrv.md."""
    life = int(params.technical_life_years.value)
    sd = count_stove_days(inputs, life_years=life)
    sample = verified_sample(
        inputs.visits, sampled=inputs.sampled, open_ticket_stoves=inputs.open_ticket_stoves
    )
    stacking = stacking_share(sample.stoves)
    verification = programme_verification(sample, params=params, stacking=stacking)
    districts = sorted(
        set(sd.installed)
        | {u.district for u in inputs.usage}
        | set(inputs.stoves_reporting)
        | {s.district for s in sample.stoves}
        | set(sample.outside_by_district)
    )
    allocation = allocate_by_district(
        {d: sd.by_district.get(d, {}) for d in districts},
        usage_rate=verification.u_applied,
        params=params,
    )
    no_weeks = [0] * len(inputs.weeks)
    by_district = []
    for district in districts:
        stoves = [s for s in sample.stoves if s.district == district]
        dv = district_verification(
            stoves,
            params=params,
            programme=verification,
            visits_outside_sample=sample.outside_by_district.get(district, 0),
        )
        by_district.append(
            DistrictFigures(
                district=district,
                stoves_installed=sd.installed.get(district, 0),
                stove_days=allocation.stove_days_by_district[district],
                verification=dv,
                self_report=self_report_figures(
                    total_counts(u for u in inputs.usage if u.district == district),
                    active_stove_weeks=sum(sd.active_by_district.get(district, no_weeks)),
                    stoves_reporting=inputs.stoves_reporting.get(district, 0),
                    verified_p=dv.p,
                ),
                stacking_share=stacking_share(stoves),
                savings_t_per_stove_day=weighted_savings(sd.by_district.get(district, {}), params),
                er_tco2e=allocation.er_by_district[district],
            )
        )
    by_baseline: dict[str, int] = defaultdict(int)
    for baselines in sd.by_district.values():
        for baseline, days in baselines.items():
            by_baseline[baseline] += days
    weekly = []
    for index, week in enumerate(inputs.weeks):
        weekly.append(
            week_figures(
                week,
                total_counts((u for u in inputs.usage if u.week == week.label), week=week.label),
                active_stoves=sum(counts[index] for counts in sd.active_by_district.values()),
            )
        )
    usage = total_counts(inputs.usage)
    installed = sum(sd.installed.values())
    report = MonitoringReport(
        period_start=inputs.period_start,
        period_end=inputs.period_end,
        parameters=params.as_report(),
        stoves_installed=installed,
        stove_days=allocation.stove_days,
        verification=verification,
        self_report=self_report_figures(
            usage,
            active_stove_weeks=sum(w.active_stoves for w in weekly),
            stoves_reporting=sum(inputs.stoves_reporting.values()),
            verified_p=verification.p,
        ),
        stacking_share=stacking,
        savings_t_per_stove_day=weighted_savings(by_baseline, params),
        er_tco2e=allocation.er_tco2e,
        er_issuable_tco2e=issuable_tonnes(allocation.er_tco2e),
        by_district=tuple(by_district),
        evidence=Evidence(
            usage_messages=usage.messages,
            usage_observations=usage.reports,
            visits_in_period=sample.visits_in_period,
            visits_counted=len(sample.stoves),
            stoves_installed=installed,
            stoves_credited=sd.credited_stoves,
            stoves_reporting=sum(inputs.stoves_reporting.values()),
            stoves_visited=sample.stoves_visited,
            stoves_verified=len(sample.stoves),
            stoves_verified_broken=sum(1 for s in sample.stoves if s.broken),
            weeks=len(inputs.weeks),
        ),
        stove_days_by_year=sd.by_year,
        weekly=tuple(weekly),
        notes=tuple(_notes(inputs, params, installed, sample.source, today)),
        generated_with={},
    )
    provenance = {
        "methodology": params.methodology,
        "methodology_version": params.methodology_version,
        "software": _software(),
        "digest": content_digest(report),
    }
    return replace(report, generated_with=provenance)


def _notes(
    inputs: ReportInputs, params: Parameters, installed: int, source: str, today: date
) -> list[str]:
    """Plain-language labels a reader needs before trusting the figures."""
    notes = list(params.advisories())
    if installed == 0:
        notes.append("no stove was installed and in service in the period: all figures are zero")
    if source == SAMPLE_EXTERNAL:
        notes.append(
            "no verification sample was drawn in qoncha for this period: every visited stove "
            "counts (the sample was drawn outside qoncha)"
        )
    if not inputs.weeks:
        notes.append("the period holds no ISO week (none of its days is a Thursday): "
                     "no self-reported figures")
    if inputs.period_end >= today:
        notes.append("provisional: the period had not ended when this report was computed")
    notes.append("self-reported SMS figures are shown beside the verified usage, never credited")
    return notes
