"""KPT evidence guarded (mrv.md "KPT evidence"): what a campaign must show to be credited.

The limits come from the parameters file's `[kpt]` table. A weight above `max_kg_per_day`,
a phase with fewer than `min_households` households weighed on at least `min_days` days, or
a campaign older than its age limit (counted back from the period's end) refuses the KPT
savings for the whole period, with the reason: nothing is credited from them, never a mean
or a bound of zero. A negative saving credits 0 with a plain statement.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from core.mrv.methods.kpt import (
    BASELINE,
    PROJECT,
    Campaign,
    KptDay,
    summarise_campaign,
    years_before,
)
from core.mrv.options import KPT_LIMITS, KptOptions
from core.reporting.wording.english import say


@dataclass(frozen=True)
class KptSavings:
    """The savings credited per operating stove-day (t), the campaigns and why any is not."""

    savings_t: float
    campaigns: tuple[Campaign, ...]
    refusals: tuple[str, ...]
    statements: tuple[str, ...]


def implausible(day: KptDay, max_kg_per_day: float) -> bool:
    """Whether a weighed day is beyond what a household burns (a typo or a unit slip)."""
    return not all(
        math.isfinite(kg) and 0 <= kg <= max_kg_per_day for kg in (day.wood_kg, day.charcoal_kg)
    )


def _phase(
    options: KptOptions, phase: str, campaign: str, rows: list[KptDay], common: dict[str, float]
) -> tuple[Campaign | None, list[str]]:
    """One phase summarised on its plausible days, and the reasons it cannot be credited."""
    mine = [r for r in rows if r.campaign == campaign and r.phase == phase]
    bad = [r for r in mine if implausible(r, options.max_kg_per_day)]
    refusals = []
    if bad:
        first = min(bad, key=lambda r: (r.day, r.household))
        refusals.append(
            say(
                "kpt.implausible",
                phase=phase,
                campaign=campaign,
                n=len(bad),
                limit=f"{options.max_kg_per_day:g}",
                household=first.household,
                day=first.day,
            )
        )
    good = [r for r in mine if not implausible(r, options.max_kg_per_day)]
    try:
        summary = summarise_campaign(
            campaign,
            phase,
            good,
            min_days=options.min_days,
            cap_kg_per_capita_year=options.cap_kg_per_capita_year if phase == BASELINE else None,
            **common,
        )
    except ValueError:
        summary = None
    counted = summary.households if summary else 0
    if counted < options.min_households:
        refusals.append(
            say(
                "kpt.few_households",
                phase=phase,
                campaign=campaign,
                n=counted,
                days=options.min_days,
                limit=options.min_households,
            )
        )
    return summary, refusals


def _age(options: KptOptions, c: Campaign, period_end: date) -> str | None:
    """Why a campaign is too old for a period ending on `period_end`, or None."""
    limit = options.max_baseline_age_years if c.phase == BASELINE else options.max_project_age_years
    name = "max_baseline_age_years" if c.phase == BASELINE else "max_project_age_years"
    if c.last_day >= years_before(period_end, limit):
        return None
    return say(
        "kpt.too_old",
        phase=c.phase,
        campaign=c.campaign,
        day=c.last_day,
        limit=limit,
        name=name,
        end=period_end,
    )


def guarded_kpt_savings(
    options: KptOptions,
    days: Iterable[KptDay],
    *,
    period_end: date,
    confidence: float,
    target_precision: float,
    wood_per_charcoal: float,
) -> KptSavings:
    """Savings per operating stove-day (t) from the configured campaigns, 0 when refused."""
    rows = list(days)
    common = {
        "confidence": confidence,
        "target_precision": target_precision,
        "wood_per_charcoal": wood_per_charcoal,
    }
    campaigns, refusals = [], []
    for phase, name in ((BASELINE, options.baseline_campaign), (PROJECT, options.project_campaign)):
        summary, reasons = _phase(options, phase, name, rows, common)
        refusals += reasons
        if summary is not None:
            campaigns.append(summary)
            refusals += [r for r in [_age(options, summary, period_end)] if r]
    statements = [_listing(c) for c in campaigns if c.excluded_households or c.outliers]
    changed = [
        f"{key} {getattr(options, key):g}"
        for key, default in KPT_LIMITS.items()
        if getattr(options, key) != default
    ]
    if changed:
        limits = say("kpt.limits", names=", ".join(changed), source=options.limits_source)
        statements.insert(0, limits)
    if refusals:
        return KptSavings(0.0, tuple(campaigns), tuple(refusals), tuple(statements))
    baseline, project = campaigns
    assert baseline.applied_kg is not None and project.applied_kg is not None
    saving_kg = baseline.applied_kg - project.applied_kg
    if saving_kg < 0:
        statements.append(
            say(
                "kpt.negative",
                project=f"{project.applied_kg:.4f}",
                baseline=f"{baseline.applied_kg:.4f}",
                saving=f"{saving_kg:.4f}",
            )
        )
        saving_kg = 0.0
    return KptSavings(saving_kg / 1000.0, tuple(campaigns), (), tuple(statements))


def _listing(c: Campaign) -> str:
    """The households a campaign left out or flagged, for the report's notes."""
    outliers = ", ".join(c.outliers)
    if not c.excluded_households:
        return say("kpt.outliers_only", phase=c.phase, campaign=c.campaign, names=outliers)
    names = ", ".join(c.excluded_households)
    listing = say("kpt.left_out", phase=c.phase, campaign=c.campaign, names=names)
    return listing + ("; " + say("kpt.outliers", names=outliers) if c.outliers else "")
