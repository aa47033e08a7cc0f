"""Assemble the monitoring report from aggregates: pure, deterministic, full precision."""

import hashlib
import json
import math
from dataclasses import replace
from datetime import date
from importlib import metadata

from core.mrv.calc import issuable_tonnes
from core.mrv.integrity import stale_fnrb_note
from core.mrv.methods.context import Context
from core.mrv.methods.households import shared_households
from core.mrv.parameters import Parameters
from core.reporting.inputs import ReportInputs
from core.reporting.integrity import integrity_section
from core.reporting.method_figures import method_outcome
from core.reporting.model import (
    SAMPLE_EXTERNAL,
    DistrictFigures,
    Evidence,
    MonitoringReport,
    SeveralStoves,
)
from core.reporting.plain import day_count
from core.reporting.self_report import self_report_figures, total_counts, week_figures
from core.reporting.stove_days import count_stove_days
from core.reporting.verification import (
    district_verification,
    programme_verification,
    stacking_share,
    stacking_statement,
    verified_sample,
)
from core.reporting.wording.english import say


def _software() -> str:
    """The qoncha version that computed a report, for its provenance line."""
    try:
        return f"qoncha {metadata.version('qoncha')}"
    except metadata.PackageNotFoundError:
        return "qoncha (version unknown)"


def content_digest(report: MonitoringReport) -> str:
    """Hash the report's content (all but `generated_with`) canonically, for the ledger."""
    content = report.as_dict()
    content.pop("generated_with", None)
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Over 60 lines: fills the report's one frozen record field by field, in mrv.md's order.
def assemble_report(
    inputs: ReportInputs, *, params: Parameters, today: date, credit_p: bool = False
) -> MonitoringReport:
    """Turn a period's aggregates into the monitoring report of mrv.md (`credit_p`: at U = p)."""
    life_years = int(params.technical_life_years.value)
    shared = shared_households(
        inputs.shared_stoves,
        period_start=inputs.period_start,
        period_end=inputs.period_end,
        life_years=life_years,
    )
    sd = count_stove_days(inputs, life_years=life_years, shared=shared)
    params.check_baselines(b for days in sd.by_district.values() for b, n in days.items() if n)
    sample = verified_sample(
        inputs.visits, sample=inputs.sample, open_ticket_stoves=inputs.open_ticket_stoves
    )
    stacking = stacking_share(sample.stoves)
    verification = programme_verification(
        sample, params=params, stacking=stacking, credit_p=credit_p
    )
    districts = sorted(
        set(sd.installed)
        | set(sd.reporting)
        | {s.district for s in sample.stoves}
        | set(sample.outside_by_district)
    )
    outcome = method_outcome(
        inputs,
        sample=sample,
        verification=verification,
        ctx=Context(params),
        districts=districts,
        shared=shared,
    )
    er_by_district = outcome.result.er_by_district
    by_district = []
    for district in districts:
        stoves = [s for s in sample.stoves if s.district == district]
        by_district.append(
            DistrictFigures(
                district=district,
                stoves_installed=sd.installed.get(district, 0),
                stove_days=day_count(sum(sd.by_district.get(district, {}).values())),
                verification=district_verification(
                    stoves,
                    params=params,
                    programme=verification,
                    visits_outside_sample=sample.outside_by_district.get(district, 0),
                ),
                households_reporting=sd.reporting.get(district, 0),
                stacking_share=stacking_share(stoves),
                savings_t_per_stove_day=outcome.result.savings_by_district[district],
                er_tco2e=er_by_district[district],
            )
        )
    weekly = tuple(
        week_figures(week, counts, active_stoves=active)
        for week, counts, active in zip(inputs.weeks, inputs.usage, sd.active_by_week, strict=True)
    )
    usage = total_counts(inputs.usage)
    correction = math.fsum(c.credited_tco2e for c in inputs.corrections)
    installed = sum(sd.installed.values())
    reporting = sum(sd.reporting.values())
    report = MonitoringReport(
        period_start=inputs.period_start,
        period_end=inputs.period_end,
        parameters=params.as_report(),
        stoves_installed=installed,
        stove_days=day_count(sum(sum(b.values()) for b in sd.by_district.values())),
        stove_days_raw=sd.raw,
        households_with_several_stoves=SeveralStoves(
            shared.households, shared.stoves, day_count(shared.stove_days_removed)
        ),
        verification=verification,
        self_report=self_report_figures(
            usage,
            active_stove_weeks=sum(sd.active_by_week),
            stoves_reporting=reporting,
            verified_p=verification.p,
        ),
        stacking_share=stacking,
        savings_t_per_stove_day=outcome.result.savings_t_per_stove_day,
        er_tco2e=outcome.result.er_tco2e,
        er_issuable_tco2e=issuable_tonnes(outcome.result.er_tco2e + correction),
        by_district=tuple(by_district),
        evidence=Evidence(
            usage_messages=usage.messages,
            usage_observations=usage.reports,
            usage_read_by_staff=usage.reviewed,
            visits_in_period=sample.visits_in_period,
            visits_counted=len(sample.stoves),
            stoves_installed=installed,
            stoves_credited=sd.credited_stoves,
            stoves_reporting=reporting,
            stoves_visited=sample.stoves_visited,
            stoves_verified=len(sample.stoves),
            stoves_verified_broken=sum(1 for s in sample.stoves if s.broken),
            weeks=len(inputs.weeks),
            visits_far_from_stove=inputs.far_visits,
        ),
        wood_saved_t=outcome.result.wood_saved_t,
        households_served=outcome.households_served,
        method=outcome.figures,
        cohorts=outcome.cohorts,
        kpt_campaigns=outcome.kpt_campaigns,
        sensitivity=outcome.sensitivity,
        stove_days_by_year={year: day_count(n) for year, n in sd.by_year.items()},
        weekly=weekly,
        notes=tuple(_notes(inputs, params, installed, sample.source, today))
        + outcome.notes
        + tuple(filter(None, [stale_fnrb_note(params, inputs.period_start, inputs.period_end)])),
        stacking_treatment=stacking_statement(verification, stacking, params),
        corrections=inputs.corrections,
        correction_tco2e=correction,
        integrity=integrity_section(inputs, params, outcome),
        overlap=outcome.overlap,
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
    defaulted = params.defaulted()
    if defaulted:
        notes.append(say("note.defaulted", names=", ".join(defaulted)))
    if installed == 0:
        notes.append(say("note.no_stoves"))
    if source == SAMPLE_EXTERNAL:
        notes.append(say("note.external_sample"))
    if not inputs.weeks:
        notes.append(say("note.no_week"))
    notes.extend(_correction_notes(inputs))
    if inputs.period_end >= today:
        notes.append(say("note.provisional"))
    notes.append(say("note.self_report"))
    return notes


def _correction_notes(inputs: ReportInputs) -> list[str]:
    """Explain each post-issuance adjustment carried into this period's issuable tonnes."""
    return [
        say(
            "note.correction_reduced" if c.credited_tco2e < 0 else "note.correction_kept",
            adjustment=c.adjustment_id,
            first=c.period_start,
            last=c.period_end,
            issuance=c.issuance_id,
            reason=c.reason,
            change=f"{c.er_change_tco2e:+.4f}",
        )
        for c in inputs.corrections
    ]
