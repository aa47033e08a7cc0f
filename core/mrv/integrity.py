"""The ICVCM's integrity conditions for cookstove credits (mrv.md), each checked with its evidence.

Pure: the report gathers the facts (core/reporting/integrity.py) and this module decides
pass, fail or not assessed for each condition; core/mrv/ccp.py holds the methodology's
status and the label an issuance may carry.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.mrv.ccp import FAIL, NOT_ASSESSED, PASS, MethodologyStatus, methodology_status
from core.mrv.evidence import base_fnrb_days_past
from core.mrv.methods.kpt import BASELINE, Campaign, years_before  # one rule for ages
from core.mrv.option_types import MethodOptions
from core.mrv.parameters import Parameters
from core.reporting.wording.english import say

MOFUSS, CDM_DEFAULT = "MoFuSS", "CDM default"
CDM_DEFAULT_CEILING = 0.3  # ICVCM: the CDM default, 0.3, passes (for a limited period)
BASELINE_MAX_AGE_YEARS = 5  # ICVCM: reassessed at least once within 5 years


@dataclass(frozen=True)
class Condition:
    """One integrity condition: pass, fail or not_assessed, and the evidence behind it."""

    name: str
    result: str
    evidence: str


@dataclass(frozen=True)
class Integrity:
    """The report's `integrity` section (mrv.md)."""

    methodology_status: MethodologyStatus
    conditions: tuple[Condition, ...]
    all_passed: bool


@dataclass(frozen=True)
class OverlapFacts:
    """The overlap list in force for the period and what it removed from the ER."""

    last_imported_on: date | None
    claims: int
    stoves: int
    stove_days_excluded: float
    stove_days_discounted: float
    stove_days_removed: float


@dataclass(frozen=True)
class IntegrityFacts:
    """What the report computed that the conditions are judged on."""

    period_start: date
    period_end: date
    fnrb_by_days: Sequence[tuple[date, date, float]]
    uses_kpt: bool
    campaigns: Sequence[Campaign]  # credited (KPT) or the cross-check's, baseline first
    kpt_savings_t: float | None  # measured saving per stove-day (t), unless refused
    default_savings_t: float | None  # the efficiency ratio's, when it is credited
    kpt_problem: str | None  # why the KPT campaigns are refused (mrv.md "KPT evidence"), if so
    charcoal_weighed: bool
    overlap: OverlapFacts
    transport_tco2e: float


def _fnrb(params: Parameters, facts: IntegrityFacts) -> Condition:
    """fNRB from MoFuSS, or the CDM default 0.3 only until its stated valid_until."""
    options = params.options or MethodOptions()
    evidence, results = options.fnrb_evidence, []
    parts = []
    for first, last, value in facts.fnrb_by_days:
        period = next(
            (p for p in options.fnrb_periods if p.valid_from <= first and last <= p.valid_to),
            None,
        )
        basis = period.basis if period else (evidence.basis if evidence else None)
        source = period.source if period else str(params.fnrb.source)
        area = period.area if period else (evidence.area if evidence else None)
        vintage = period.vintage if period else (evidence.vintage if evidence else None)
        until = period.valid_to if period else (evidence.valid_until if evidence else None)
        text = say(
            "fnrb.segment",
            first=first,
            last=last,
            value=value,
            basis=basis or "basis not stated",
            area=area or "not stated",
            vintage=vintage or "not stated",
            until=until or "not stated",
            source=source,
        )
        if basis is None:
            results.append(NOT_ASSESSED)
        elif (
            basis == MOFUSS
            or basis == CDM_DEFAULT
            and value <= CDM_DEFAULT_CEILING
            and until is not None
            and last <= until
        ):
            results.append(PASS)
        elif basis == CDM_DEFAULT and value <= CDM_DEFAULT_CEILING and until is not None:
            results.append(FAIL)
            reason = evidence.past_valid_until_reason if evidence else None
            text += "; " + say("fnrb.stale", reason=reason)
        else:
            results.append(FAIL)
            text += "; " + say("fnrb.rule")
        parts.append(text)
    return Condition("fnrb", _worst(results), "; ".join(parts))


def _worst(results: Sequence[str]) -> str:
    """Fail if any failed, else not assessed if any was, else pass."""
    if FAIL in results:
        return FAIL
    return NOT_ASSESSED if NOT_ASSESSED in results or not results else PASS


def _campaigns(facts: IntegrityFacts) -> str:
    return ", ".join(
        say(
            "fuel.campaign",
            campaign=c.campaign,
            phase=c.phase,
            households=c.households,
            first=c.first_day,
            last=c.last_day,
        )
        for c in facts.campaigns
    )


def _baseline_campaigns(facts: IntegrityFacts) -> list[Campaign]:
    """The KPT baseline campaign summarised, if any (a refused one may lack either phase)."""
    return [c for c in facts.campaigns if c.phase == BASELINE]


def _fuel_use(facts: IntegrityFacts) -> Condition:
    """Fuel use measured by KPT, or efficiency-ratio defaults with a KPT cross-check."""
    if facts.uses_kpt:
        text = say("fuel.kpt", campaigns=_campaigns(facts) or "none usable")
        if facts.kpt_problem is not None:
            refused = say("fuel.refused", problem=facts.kpt_problem)
            return Condition("fuel_use", FAIL, f"{text}; {refused}")
        return Condition("fuel_use", PASS, text)
    route = "efficiency-ratio defaults"
    if facts.kpt_problem is not None:
        unusable = say("fuel.unusable", problem=facts.kpt_problem)
        return Condition("fuel_use", FAIL, f"{route}; {unusable}")
    if facts.kpt_savings_t is None or facts.default_savings_t is None:
        return Condition("fuel_use", FAIL, say("fuel.no_check"))
    baseline = _baseline_campaigns(facts)[0]
    oldest = years_before(facts.period_end, BASELINE_MAX_AGE_YEARS)
    measured, default = facts.kpt_savings_t * 1000, facts.default_savings_t * 1000
    text = say(
        "fuel.checked",
        default=f"{default:.4f}",
        campaigns=_campaigns(facts),
        measured=f"{measured:.4f}",
    )
    if baseline.last_day < oldest:
        return Condition("fuel_use", FAIL, f"{text}; " + say("fuel.too_old", oldest=oldest))
    if measured < default:
        return Condition("fuel_use", FAIL, f"{text}, below the default's")
    return Condition("fuel_use", PASS, f"{text}, at least the default's")


def _baseline(options: MethodOptions, facts: IntegrityFacts) -> Condition:
    """The baseline reassessed within 5 years before the period's end."""
    dates = [
        (c.last_day, say("baseline.kpt", campaign=c.campaign)) for c in _baseline_campaigns(facts)
    ]
    if options.baseline is not None:
        assessment = say("baseline.assessment", source=options.baseline.source)
        dates.append((options.baseline.assessed_on, assessment))
    if not dates:
        return Condition("baseline_reassessed", NOT_ASSESSED, say("baseline.none"))
    day, what = max(dates)
    oldest = years_before(facts.period_end, BASELINE_MAX_AGE_YEARS)
    text = say("baseline.last", day=day, what=what, oldest=oldest)
    return Condition("baseline_reassessed", PASS if day >= oldest else FAIL, text)


def _technical_life(params: Parameters) -> Condition:
    life = params.technical_life_years
    return Condition("technical_life", PASS, say("life", years=life.value, source=life.source))


def _transport(options: MethodOptions, facts: IntegrityFacts) -> Condition:
    t = options.transport
    if t is None:
        return Condition("transport_emissions", NOT_ASSESSED, say("transport.none"))
    if t.negligible:
        return Condition("transport_emissions", PASS, say("transport.negligible", reason=t.reason))
    deducted = say(
        "transport.deducted",
        rate=t.tco2e_per_stove_year,
        source=t.source,
        total=f"{facts.transport_tco2e:.4f}",
    )
    return Condition("transport_emissions", PASS, deducted)


def _overlap(facts: IntegrityFacts) -> Condition:
    o = facts.overlap
    counts = say(
        "overlap.counts",
        claims=o.claims,
        stoves=o.stoves,
        excluded=f"{o.stove_days_excluded:g}",
        discounted=f"{o.stove_days_discounted:g}",
        removed=f"{o.stove_days_removed:g}",
    )
    if o.last_imported_on is None:
        return Condition("overlap", NOT_ASSESSED, say("overlap.none"))
    text = say("overlap.imported", day=o.last_imported_on) + "; " + counts
    if o.last_imported_on <= facts.period_end:
        early = say("overlap.early", end=facts.period_end)
        return Condition("overlap", FAIL, f"{text}; {early}")
    return Condition("overlap", PASS, text)


def _charcoal(options: MethodOptions, facts: IntegrityFacts) -> Condition:
    c = options.charcoal
    if c is None:
        if facts.charcoal_weighed:
            return Condition("charcoal", PASS, say("charcoal.kpt"))
        return Condition("charcoal", PASS, say("charcoal.none"))
    if c.mode == "direct_ef":
        direct = say("charcoal.direct", ncv=c.ncv_tj_per_t, ef=c.ef_tco2_per_tj, source=c.source)
        return Condition("charcoal", PASS, direct)
    ratio = c.wood_per_charcoal
    result = PASS if ratio == 4.0 else FAIL
    return Condition("charcoal", result, say("charcoal.ratio", ratio=ratio, source=c.source))


def assess(params: Parameters, facts: IntegrityFacts) -> Integrity:
    """Every condition of mrv.md with its evidence, and the methodology's CCP status."""
    options = params.options or MethodOptions()
    conditions = (
        _fnrb(params, facts),
        _fuel_use(facts),
        _baseline(options, facts),
        _technical_life(params),
        _transport(options, facts),
        _overlap(facts),
        _charcoal(options, facts),
    )
    return Integrity(
        methodology_status=methodology_status(params.methodology, params.methodology_version),
        conditions=conditions,
        all_passed=all(c.result == PASS for c in conditions),
    )


def stale_fnrb_note(params: Parameters, period_start: date, period_end: date) -> str | None:
    """The report's note when the base fNRB is credited past its valid_until, with the reason."""
    options = params.options or MethodOptions()
    first = base_fnrb_days_past(
        options.fnrb_evidence, options.fnrb_periods, period_start, period_end
    )
    if first is None or options.fnrb_evidence is None:
        return None
    e = options.fnrb_evidence
    return say(
        "note.stale_fnrb",
        value=params.fnrb.value,
        first=first,
        until=e.valid_until,
        reason=e.past_valid_until_reason,
    )
