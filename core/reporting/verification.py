"""Which visits count for U, and the verified usage and stacking they give (pure functions)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from core.mrv.calc import UsageEstimate, stacking_adjusted_usage, usage_estimate
from core.mrv.parameters import Parameters
from core.mrv.proportion import INTERVAL_METHOD
from core.reporting.model import SAMPLE_EXTERNAL, SAMPLE_QONCHA, SampleAccount, Verification
from core.reporting.sample_rule import SampleSlot, account_sample, sample_words
from core.reporting.wording.english import say

# A stove found in one of these conditions is not in use, whatever the surveyor ticked.
BROKEN_CONDITIONS = ("broken", "removed")


@dataclass(frozen=True)
class VisitRow:
    """One visit in the period, as the report query returns it."""

    stove_id: int
    district: str
    visited_on: date
    visit_id: int
    in_use: bool
    condition: str
    open_fire_in_use: bool | None
    found: bool = True


@dataclass(frozen=True)
class VerifiedStove:
    """A stove of the verified sample, judged on its latest visit in the period."""

    stove_id: int
    district: str
    in_use: bool
    broken: bool
    open_fire_in_use: bool | None


@dataclass(frozen=True)
class VerifiedSample:
    """The stoves whose latest visit counts for U, and the visits left out of it."""

    stoves: tuple[VerifiedStove, ...]
    source: str
    visits_in_period: int
    visits_outside_sample: int
    stoves_visited: int
    outside_by_district: dict[str, int]
    account: SampleAccount | None = None


def verified_sample(
    visits: Iterable[VisitRow],
    *,
    sample: Sequence[SampleSlot] | None,
    open_ticket_stoves: frozenset[int],
) -> VerifiedSample:
    """Keep one observation per stove, the latest visit that found it, from the sample if any.

    With a sample drawn in qoncha, only its main stoves and the reserves called up in drawn
    order for stoves recorded as not found count (`sample_rule`). A stove with a repair
    ticket open at the period end, or whose latest visit found it broken or removed, counts
    as not in use: it was not repaired by the period end.
    """
    rows = sorted(visits, key=lambda v: (v.stove_id, v.visited_on, v.visit_id))
    latest: dict[int, VisitRow] = {}
    for row in rows:
        if row.found:
            latest[row.stove_id] = row  # sorted, so the last one seen is the latest
    account, counted = None, frozenset(latest)
    members: frozenset[int] | None = None
    if sample is not None:
        members = frozenset(slot.stove_id for slot in sample)
        found = {row.stove_id: row.stove_id in latest for row in rows}
        account, counted = account_sample(sample, found)
    outside: dict[str, int] = {}
    for row in rows:
        if members is not None and row.stove_id not in members:
            outside[row.district] = outside.get(row.district, 0) + 1
    stoves = []
    for stove_id in sorted(counted):
        visit = latest[stove_id]
        broken = visit.condition in BROKEN_CONDITIONS or stove_id in open_ticket_stoves
        stoves.append(
            VerifiedStove(
                stove_id=stove_id,
                district=visit.district,
                in_use=visit.in_use and not broken,
                broken=broken,
                open_fire_in_use=visit.open_fire_in_use,
            )
        )
    return VerifiedSample(
        stoves=tuple(stoves),
        source=SAMPLE_EXTERNAL if sample is None else SAMPLE_QONCHA,
        visits_in_period=len(rows),
        visits_outside_sample=sum(outside.values()),
        stoves_visited=len(latest),
        outside_by_district=dict(sorted(outside.items())),
        account=account,
    )


def stacking_share(stoves: Sequence[VerifiedStove]) -> float | None:
    """Share of verified stoves whose latest visit saw the old fire in use; unknowns left out."""
    known = [s.open_fire_in_use for s in stoves if s.open_fire_in_use is not None]
    return sum(known) / len(known) if known else None


def programme_verification(
    sample: VerifiedSample, *, params: Parameters, stacking: float | None, credit_p: bool = False
) -> Verification:
    """Estimate the programme-wide U from the whole sample, with the optional stacking discount.

    `credit_p` credits p even where the 90/10 rule credits the lower bound: never issued, it
    says what the period forgoes (the `ledger issue` warning, the console's "why not more").
    """
    estimate = _estimate(sample.stoves, params)
    if credit_p and estimate.p is not None:
        estimate = replace(estimate, u_applied=estimate.p, reason=say("u.as_if_p"))
    u, reasons = estimate.u_applied, [estimate.reason] if estimate.reason else []
    unfinished = sample_words(sample.account) if sample.account is not None else None
    if unfinished:
        reasons.insert(0, unfinished)
    if bool(params.stacking_discount.value) and u > 0:
        if stacking is None:
            reasons.append(say("u.no_stacking_seen"))
        else:
            u = stacking_adjusted_usage(u, stacking, True)
            reasons.append(
                say(
                    "u.stacking_discounted",
                    share=repr(stacking),
                    before=repr(estimate.u_applied),
                )
            )
    return _verification(
        estimate,
        u_applied=u,
        reason="; ".join(reasons) or None,
        sample_source=sample.source,
        visits_outside_sample=sample.visits_outside_sample,
        account=sample.account,
    )


def stacking_statement(
    verification: Verification, stacking: float | None, params: Parameters
) -> str:
    """Say how the visits' stacking share enters U, or why not, naming the deciding parameter."""
    applied = bool(params.stacking_discount.value)
    flag = "true" if applied else "false"
    if stacking is None:
        return say("stacking.unknown", flag=flag)
    if not applied:
        with_discount = stacking_adjusted_usage(verification.u_applied, stacking, True)
        return say(
            "stacking.not_applied",
            flag=flag,
            share=f"{stacking:.4f}",
            discounted=f"{with_discount:.4f}",
            u=f"{verification.u_applied:.4f}",
        )
    return say("stacking.applied", flag=flag, share=f"{stacking:.4f}")


def district_verification(
    stoves: Sequence[VerifiedStove],
    *,
    params: Parameters,
    programme: Verification,
    visits_outside_sample: int,
) -> Verification:
    """Describe one district's part of the sample; informative only, U stays programme-wide."""
    reason = say("u.district_informative")
    if not stoves:
        reason = say("u.district_unverified") + "; " + reason
    return _verification(
        _estimate(stoves, params),
        u_applied=programme.u_applied,
        reason=reason,
        sample_source=programme.sample_source,
        visits_outside_sample=visits_outside_sample,
        account=None,
    )


def _estimate(stoves: Sequence[VerifiedStove], params: Parameters) -> UsageEstimate:
    """The usage estimate of these stoves at the parameters' confidence and target precision."""
    return usage_estimate(
        n=len(stoves),
        in_use=sum(1 for s in stoves if s.in_use),
        confidence=float(params.confidence.value),
        target_precision=float(params.target_precision.value),
        n_min=int(params.n_min.value),
    )


def _verification(
    estimate: UsageEstimate,
    *,
    u_applied: float,
    reason: str | None,
    sample_source: str,
    visits_outside_sample: int,
    account: SampleAccount | None,
) -> Verification:
    """The estimate's evidence as the report shows it, with the U applied and why."""
    return Verification(
        n=estimate.n,
        in_use=estimate.in_use,
        p=estimate.p,
        half_width=estimate.half_width,
        precision=estimate.precision,
        passes_90_10=estimate.passes_90_10,
        u_applied=u_applied,
        n_needed_90_10=estimate.n_needed_90_10,
        reason=reason,
        sample_source=sample_source,
        visits_outside_sample=visits_outside_sample,
        interval=INTERVAL_METHOD,
        lower_bound=estimate.lower_bound,
        upper_bound=estimate.upper_bound,
        n_min=estimate.n_min,
        sample=account,
    )
