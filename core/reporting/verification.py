"""Which visits count for U, and the verified usage and stacking they give (pure functions)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.mrv.calc import UsageEstimate, stacking_adjusted_usage, usage_estimate
from core.mrv.parameters import Parameters
from core.reporting.model import SAMPLE_EXTERNAL, SAMPLE_QONCHA, Verification

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


def verified_sample(
    visits: Iterable[VisitRow],
    *,
    sampled: frozenset[int] | None,
    open_ticket_stoves: frozenset[int],
) -> VerifiedSample:
    """Keep one observation per stove, the latest visit, from the sampled stoves only if any.

    A stove with a repair ticket open at the period end, or whose latest visit found it
    broken or removed, counts as not in use: it was not repaired by the period end.
    """
    rows = sorted(visits, key=lambda v: (v.stove_id, v.visited_on, v.visit_id))
    latest: dict[int, VisitRow] = {}
    for row in rows:
        latest[row.stove_id] = row  # sorted, so the last one seen is the latest
    outside: dict[str, int] = {}
    for row in rows:
        if sampled is not None and row.stove_id not in sampled:
            outside[row.district] = outside.get(row.district, 0) + 1
    stoves = []
    for stove_id in sorted(latest):
        if sampled is not None and stove_id not in sampled:
            continue
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
        source=SAMPLE_EXTERNAL if sampled is None else SAMPLE_QONCHA,
        visits_in_period=len(rows),
        visits_outside_sample=sum(outside.values()),
        stoves_visited=len(latest),
        outside_by_district=dict(sorted(outside.items())),
    )


def stacking_share(stoves: Sequence[VerifiedStove]) -> float | None:
    """Share of verified stoves whose latest visit saw the old fire in use; unknowns left out."""
    known = [s.open_fire_in_use for s in stoves if s.open_fire_in_use is not None]
    return sum(known) / len(known) if known else None


def programme_verification(
    sample: VerifiedSample, *, params: Parameters, stacking: float | None
) -> Verification:
    """Estimate the programme-wide U from the whole sample, with the optional stacking discount."""
    estimate = _estimate(sample.stoves, params)
    u, reasons = estimate.u_applied, [estimate.reason] if estimate.reason else []
    if bool(params.stacking_discount.value) and u > 0:
        if stacking is None:
            reasons.append("stacking discount not applied: no visit recorded the old fire")
        else:
            u = stacking_adjusted_usage(u, stacking, True)
            reasons.append(
                f"usage discounted by the stacking share {stacking!r} "
                f"(U before the discount {estimate.u_applied!r})"
            )
    return _verification(
        estimate,
        u_applied=u,
        reason="; ".join(reasons) or None,
        sample_source=sample.source,
        visits_outside_sample=sample.visits_outside_sample,
    )


def district_verification(
    stoves: Sequence[VerifiedStove],
    *,
    params: Parameters,
    programme: Verification,
    visits_outside_sample: int,
) -> Verification:
    """Describe one district's part of the sample; informative only, U stays programme-wide."""
    reason = "informative only: emission reductions use the programme-wide U"
    if not stoves:
        reason = "no verified stove in this district; " + reason
    return _verification(
        _estimate(stoves, params),
        u_applied=programme.u_applied,
        reason=reason,
        sample_source=programme.sample_source,
        visits_outside_sample=visits_outside_sample,
    )


def _estimate(stoves: Sequence[VerifiedStove], params: Parameters) -> UsageEstimate:
    """The usage estimate of these stoves at the parameters' confidence and target precision."""
    return usage_estimate(
        n=len(stoves),
        in_use=sum(1 for s in stoves if s.in_use),
        confidence=float(params.confidence.value),
        target_precision=float(params.target_precision.value),
    )


def _verification(
    estimate: UsageEstimate,
    *,
    u_applied: float,
    reason: str | None,
    sample_source: str,
    visits_outside_sample: int,
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
    )
