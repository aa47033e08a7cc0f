"""The report's `integrity` section: the facts the ICVCM conditions are judged on, gathered
from what the methodology computed (core/mrv/integrity.py decides)."""

from datetime import date

from core.mrv.integrity import Integrity, IntegrityFacts, assess
from core.mrv.methods.kpt import Campaign, KptDay
from core.mrv.parameters import Parameters
from core.reporting.inputs import ReportInputs
from core.reporting.method_figures import MethodOutcome
from core.reporting.method_inputs import MethodInputs


def _charcoal_weighed(days: tuple[KptDay, ...], campaigns: tuple[Campaign, ...]) -> bool:
    """Whether a campaign the figures rest on weighed charcoal."""
    used = {(c.campaign, c.phase) for c in campaigns}
    return any(d.charcoal_kg > 0 and (d.campaign, d.phase) in used for d in days)


def integrity_section(
    inputs: ReportInputs, params: Parameters, outcome: MethodOutcome
) -> Integrity:
    """Judge every integrity condition of mrv.md on this period's figures.

    The KPT campaigns are those the method read through mrv.md's evidence limits: credited
    under a KPT method, the efficiency ratio's cross-check otherwise; a refusal is a problem.
    """
    uses_kpt = outcome.figures.kpt_savings_kg_per_stove_day is not None
    kpt = outcome.kpt
    problem = "; ".join(kpt.refusals) if kpt is not None and kpt.refusals else None
    savings = kpt.savings_t if kpt is not None and problem is None else None
    campaigns = kpt.campaigns if kpt is not None else ()
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
