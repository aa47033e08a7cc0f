"""The report's `integrity` section: the facts the ICVCM conditions are judged on, gathered
from what the methodology computed (core/mrv/integrity.py decides)."""

from datetime import date

from core.mrv.integrity import Integrity, IntegrityFacts, assess
from core.mrv.methods import method_for
from core.mrv.methods.context import Context
from core.mrv.methods.kpt import Campaign, KptDay, kpt_savings_t
from core.mrv.parameters import Parameters
from core.reporting.inputs import ReportInputs
from core.reporting.method_figures import MethodOutcome
from core.reporting.method_inputs import MethodInputs
from core.reporting.method_parts import wood_per_charcoal


def _cross_check(
    inputs: ReportInputs, ctx: Context
) -> tuple[float | None, tuple[Campaign, ...], str | None]:
    """The KPT saving that cross-checks efficiency-ratio defaults, when campaigns are named."""
    kpt = ctx.options.kpt
    if kpt is None:
        return None, (), None
    days = (inputs.method or MethodInputs()).kpt_days
    try:
        savings, campaigns = kpt_savings_t(
            kpt,
            days,
            period_start=inputs.period_start,
            confidence=float(ctx.params.confidence.value),
            target_precision=float(ctx.params.target_precision.value),
            wood_per_charcoal=wood_per_charcoal(ctx, method_for(ctx)),
        )
    except ValueError as exc:
        return None, (), str(exc)
    return savings, campaigns, None


def _charcoal_weighed(days: tuple[KptDay, ...], campaigns: tuple[Campaign, ...]) -> bool:
    """Whether a campaign the figures rest on weighed charcoal."""
    used = {(c.campaign, c.phase) for c in campaigns}
    return any(d.charcoal_kg > 0 and (d.campaign, d.phase) in used for d in days)


def integrity_section(
    inputs: ReportInputs, params: Parameters, outcome: MethodOutcome
) -> Integrity:
    """Judge every integrity condition of mrv.md on this period's figures."""
    ctx = Context(params)
    uses_kpt = outcome.figures.kpt_savings_kg_per_stove_day is not None
    if uses_kpt:
        measured = outcome.figures.kpt_savings_kg_per_stove_day
        savings = None if measured is None else measured / 1000
        campaigns, problem = outcome.kpt_campaigns, None
    else:
        savings, campaigns, problem = _cross_check(inputs, ctx)
    segments = tuple(
        (date.fromisoformat(str(s["from"])), date.fromisoformat(str(s["to"])), float(s["fnrb"]))
        for s in outcome.figures.fnrb_by_days
    )
    facts = IntegrityFacts(
        period_start=inputs.period_start,
        period_end=inputs.period_end,
        fnrb_by_days=segments,
        uses_kpt=uses_kpt,
        campaigns=campaigns,
        kpt_savings_t=savings,
        default_savings_t=None if uses_kpt else outcome.result.savings_t_per_stove_day,
        kpt_problem=problem,
        charcoal_weighed=_charcoal_weighed((inputs.method or MethodInputs()).kpt_days, campaigns),
        overlap=outcome.overlap,
        transport_tco2e=outcome.result.transport_tco2e,
    )
    return assess(params, facts)
