"""The report's methodology parts: the method and its equations, cohorts, KPT campaigns,
wood saved and the sensitivity table, computed through core/mrv/methods (pure)."""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from core.mrv.evidence import refuse_stale_fnrb
from core.mrv.integrity import OverlapFacts
from core.mrv.methods import Method, MethodResult, compute_er, method_for
from core.mrv.methods.cells import fnrb_segments, split_days
from core.mrv.methods.cohorts import NO_EVIDENCE, cohort_shares
from core.mrv.methods.context import Context
from core.mrv.methods.households import SharedHouseholds
from core.mrv.methods.kpt import Campaign
from core.mrv.methods.kpt_evidence import KptSavings, guarded_kpt_savings
from core.mrv.options import GOLD_STANDARD, SENSITIVITY_NAMES
from core.reporting.inputs import ReportInputs
from core.reporting.method_inputs import MethodInputs
from core.reporting.method_parts import (
    CohortFigures,
    MethodFigures,
    SensitivityRow,
    options_report,
    wood_per_charcoal,
)
from core.reporting.model import Verification
from core.reporting.overlap import remove_overlap
from core.reporting.plain import day_count
from core.reporting.verification import VerifiedSample, stacking_share
from core.reporting.wording.english import say


@dataclass(frozen=True)
class MethodOutcome:
    """The ER by district the report prints, and the sections the methodology adds."""

    result: MethodResult
    figures: MethodFigures
    cohorts: tuple[CohortFigures, ...]
    kpt_campaigns: tuple[Campaign, ...]
    sensitivity: tuple[SensitivityRow, ...]
    households_served: int | None
    notes: tuple[str, ...]
    overlap: OverlapFacts
    kpt: KptSavings | None  # the [kpt] campaigns, guarded: credited, or the cross-check


# Over 60 lines: the three methods' figures from one set of inputs, side by side on purpose.
def method_outcome(
    inputs: ReportInputs,
    *,
    sample: VerifiedSample,
    verification: Verification,
    ctx: Context,
    districts: Sequence[str],
    shared: SharedHouseholds | None = None,
) -> MethodOutcome:
    """Compute the period's ER under the chosen methodology, with what a verifier asks for."""
    params, options = ctx.params, ctx.options
    extra = inputs.method or MethodInputs()
    method = method_for(ctx)
    kpt = kpt_evidence(inputs, ctx, method)
    campaigns: tuple[Campaign, ...] = ()
    kpt_notes: tuple[str, ...] = ()
    if method.uses_kpt:
        assert kpt is not None
        campaigns, kpt_notes = kpt.campaigns, kpt.refusals + kpt.statements
        ctx = Context(params, kpt.savings_t)
    groups = [g for g in inputs.stove_groups if g.in_period(inputs.period_start, inputs.period_end)]
    segments = fnrb_segments(
        inputs.period_start, inputs.period_end, options.fnrb_periods, float(params.fnrb.value)
    )
    refuse_stale_fnrb(
        options.fnrb_evidence, options.fnrb_periods, inputs.period_start, inputs.period_end
    )
    life_years = int(params.technical_life_years.value)
    pieces = shared.pieces if shared else ()
    # Per household-day first, then the claimed stove-days with the same weights.
    cells, overlap = remove_overlap(
        split_days(groups, segments=segments, life_years=life_years, pieces=pieces),
        inputs.overlap,
        segments=segments,
        life_years=life_years,
        pieces=pieces,
    )
    visited: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for stove in sample.stoves:
        cohort = extra.stove_cohorts.get(stove.stove_id)
        if cohort is not None:
            visited[cohort][0] += 1
            visited[cohort][1] += stove.in_use
    installed: dict[int, int] = defaultdict(int)
    for group in groups:
        installed[group.installed_on.year] += group.count  # the cohort
    shares = cohort_shares(
        installed,
        {c: (n, k) for c, (n, k) in visited.items()},
        options=options.cohorts,
        programme_u=verification.u_applied,
        confidence=float(params.confidence.value),
        target_precision=float(params.target_precision.value),
        n_min=int(params.n_min.value),
        stacking=stacking_share(sample.stoves),
        stacking_discount=bool(params.stacking_discount.value),
    )
    usage = {c: s.share for c, s in shares.items()}
    result = compute_er(cells, usage, ctx, districts=districts)
    days: dict[int, int | Fraction] = defaultdict(int)
    for cell in cells:
        days[cell.cohort] += cell.days
    all_days = sum(days.values())
    cohorts = tuple(
        CohortFigures(
            cohort=c,
            stoves_installed=installed.get(c, 0),
            stove_days=day_count(days.get(c, 0)),
            share_of_stove_days=float(days.get(c, 0) / all_days) if all_days else None,
            visits_counted=s.n,
            in_use=s.in_use,
            operational_share=s.share,
            share_source=s.source,
            reason=s.reason,
            operating_stove_days=days.get(c, 0) * s.share,
            wood_saved_t=result.wood_saved_by_cohort.get(c, 0.0),
            er_tco2e=result.er_by_cohort.get(c, 0.0),
        )
        for c, s in shares.items()
    )
    return MethodOutcome(
        result=result,
        figures=_figures(
            method,
            ctx,
            by_cohort=bool(options.cohorts and options.cohorts.usage_by_cohort),
            segments=segments,
            wood=result.wood_saved_t,
            operating=math.fsum(c.operating_stove_days for c in cohorts),
            stove_days=all_days,
        ),
        cohorts=cohorts,
        kpt_campaigns=campaigns,
        sensitivity=tuple(_sensitivity(method, ctx, cells, usage, result.er_tco2e)),
        households_served=extra.households_served,
        notes=kpt_notes + tuple(_notes(shares.values(), campaigns)),
        overlap=overlap,
        kpt=kpt,
    )


def kpt_evidence(inputs: ReportInputs, ctx: Context, method: Method) -> KptSavings | None:
    """The [kpt] campaigns through mrv.md's evidence limits; None when none are named."""
    if ctx.options.kpt is None:
        return None
    return guarded_kpt_savings(
        ctx.options.kpt,
        (inputs.method or MethodInputs()).kpt_days,
        period_end=inputs.period_end,
        confidence=float(ctx.params.confidence.value),
        target_precision=float(ctx.params.target_precision.value),
        wood_per_charcoal=wood_per_charcoal(ctx, method),
    )


def _notes(shares: Any, campaigns: Sequence[Campaign]) -> list[str]:
    """What a reader must know about the cohorts and campaigns before trusting the figures."""
    notes = []
    for share in shares:
        if share.source == NO_EVIDENCE and share.cohort:
            notes.append(say("note.cohort_uncredited", cohort=share.cohort, reason=share.reason))
    for c in campaigns:
        if not c.passes_90_10 and c.applied_kg is not None:
            notes.append(say("note.kpt_side", phase=c.phase, campaign=c.campaign, side=c.side))
    return notes


def _figures(
    method: Method,
    ctx: Context,
    *,
    by_cohort: bool,
    segments: Sequence[Any],
    wood: float,
    operating: float,
    stove_days: int | Fraction,
) -> MethodFigures:
    """The method's name, equations and the varying values it used.

    `usage_credited` is the usage the ER actually applied: operating over all stove-days
    (by cohort, this differs from the programme-wide verified U).
    """
    return MethodFigures(
        name=method.name,
        version=ctx.params.methodology_version,
        equation=method.equation,
        savings_equation=method.savings_equation,
        usage="operational share by cohort" if by_cohort else "programme-wide verified U",
        usage_by_cohort=by_cohort,
        kpt_savings_kg_per_stove_day=(
            None if ctx.kpt_savings_t is None else ctx.kpt_savings_t * 1000
        ),
        operating_stove_days=operating,
        usage_credited=float(operating / stove_days) if stove_days else None,
        wood_saved_t=wood,
        fnrb_by_days=tuple({"from": a, "to": b, "fnrb": f} for a, b, f in segments),
        options=options_report(ctx.options),
    )


def _current(method: Method, ctx: Context, name: str) -> float | None:
    """The value a sensitivity row replaces, or None if the method does not use it."""
    options = ctx.options
    if name == "ef_co2_tco2_per_tj":
        gold = options.ef_co2 is not None and method.name == GOLD_STANDARD
        return float(options.ef_co2.value) if gold and options.ef_co2 else None
    if name == "ef_tco2_per_tj" and method.name == GOLD_STANDARD:
        return None
    if name in ("eta_new", "eta_old") and method.uses_kpt:
        return None
    return float(getattr(ctx.params, name).value)


def _sensitivity(
    method: Method, ctx: Context, cells: Sequence[Any], usage: dict[int, float], er: float
) -> list[SensitivityRow]:
    """The ER under each other documented value, one parameter at a time."""
    rows = []
    wanted = dict(ctx.options.sensitivity)
    # The parameters file's documented fNRB alternatives (national, regional, MoFuSS).
    documented = {
        a.value: f"{a.basis}, {a.area or 'area not stated'}, vintage {a.vintage or 'not stated'}: "
        f"{a.source}"
        for a in ctx.options.fnrb_alternatives
    }
    for name in SENSITIVITY_NAMES:
        current = _current(method, ctx, name)
        if current is None:
            continue
        values = list(wanted.get(name, ()))
        if name == "fnrb":
            values += [v for v in documented if v not in values]
        for value in values:
            other = compute_er(cells, usage, ctx.with_override(name, value)).er_tco2e
            change = other / er - 1.0 if er else None
            source = documented.get(value) if name == "fnrb" else None
            source = source or ctx.options.sensitivity_source
            rows.append(SensitivityRow(name, current, value, other, change, source))
    return rows
