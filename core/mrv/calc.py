"""The AMS-II.G equations as pure functions, conservative at every rounding step."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from core.mrv.proportion import (
    proportion_interval,
    smallest_passing_n,
)
from core.periods import Period
from core.reporting.wording.english import say

_DAY = timedelta(days=1)


def end_of_life(installed_on: date, life_years: int) -> date:
    """Give the last creditable day, so no ER is claimed from a stove past its technical life.

    The life ends the day before the `life_years`-th anniversary of installation. A stove
    installed on 29 February whose anniversary falls in a common year has its anniversary on
    28 February (the earlier, conservative choice), so its life ends on 27 February.
    """
    if isinstance(life_years, bool) or not isinstance(life_years, int) or life_years < 1:
        raise ValueError(f"life_years must be a positive integer, got {life_years!r}")
    year = installed_on.year + life_years
    try:
        anniversary = installed_on.replace(year=year)
    except ValueError:  # 29 February into a common year
        anniversary = date(year, 2, 28)
    return anniversary - _DAY


def creditable_span(
    installed_on: date,
    decommissioned_on: date | None,
    period_start: date,
    period_end: date,
    life_years: int,
) -> tuple[date, date] | None:
    """Clip a stove's creditable days to the period (first and last day); None when none is left."""
    Period(period_start, period_end)  # refuses an end before the start
    first = max(installed_on, period_start)
    last = min(period_end, end_of_life(installed_on, life_years))
    if decommissioned_on is not None:
        last = min(last, decommissioned_on - _DAY)
    return (first, last) if first <= last else None


def stove_days(
    *,
    installed_on: date,
    decommissioned_on: date | None,
    period_start: date,
    period_end: date,
    life_years: int,
) -> int:
    """Count the days a stove can be credited in a period, both ends inclusive."""
    span = creditable_span(installed_on, decommissioned_on, period_start, period_end, life_years)
    return 0 if span is None else (span[1] - span[0]).days + 1


def stove_days_by_year(
    *,
    installed_on: date,
    decommissioned_on: date | None,
    period_start: date,
    period_end: date,
    life_years: int,
) -> dict[int, int]:
    """Split a stove's creditable days by calendar year, because ITMOs are issued per vintage.

    Only years with at least one day appear; the values add up to `stove_days`.
    """
    span = creditable_span(installed_on, decommissioned_on, period_start, period_end, life_years)
    return {} if span is None else days_by_year(*span)


def days_by_year(first: date, last: date) -> dict[int, int]:
    """Split the days first..last (both inclusive) by calendar year; {} when last < first."""
    return {
        year: (min(last, date(year, 12, 31)) - max(first, date(year, 1, 1))).days + 1
        for year in range(first.year, last.year + 1)
    }


@dataclass(frozen=True)
class UsageEstimate:
    """The verified usage rate with the evidence a verifier needs to accept or question it.

    `half_width` is the lower side of the interval, p - L (the Wilson interval is not
    symmetric about p, and only its lower side decides precision and the credited U).
    """

    n: int
    in_use: int
    p: float | None
    lower_bound: float | None
    upper_bound: float | None
    half_width: float | None
    precision: float | None
    passes_90_10: bool
    u_applied: float
    n_needed_90_10: int | None
    n_min: int
    reason: str | None


def usage_estimate(
    *, n: int, in_use: int, confidence: float, target_precision: float, n_min: int = 30
) -> UsageEstimate:
    """Derive the credited usage rate from field visits, falling back to the lower bound.

    U = p only when the precision target is met and at least max(n_min, the size the
    observed rate needs) stoves were verified (the 90/10 rule); otherwise U = L.
    """
    if n < 0 or not 0 <= in_use <= n:
        raise ValueError(f"need 0 <= in_use <= n, got in_use={in_use}, n={n}")
    if not 0 < confidence < 1 or not 0 < target_precision < 1:
        raise ValueError("confidence and target_precision must lie strictly between 0 and 1")
    if n_min < 1:
        raise ValueError(f"n_min must be at least 1, got {n_min}")
    if n == 0:
        return UsageEstimate(
            0, 0, None, None, None, None, None, False, 0.0, None, n_min,
            say("u.no_visits"),
        )  # fmt: skip
    p = in_use / n
    low, high = proportion_interval(in_use, n, confidence)
    precision = (p - low) / p if p > 0 else None
    needed = max(n_min, smallest_passing_n(p, confidence, target_precision)) if p else None
    passes = precision is not None and precision <= target_precision and n >= (needed or 0)
    u, reason = (p, None) if passes else (low, None)
    if p == 0:
        reason = say("u.none_in_use")
    elif n < n_min:
        reason = say("u.below_n_min", n=n, n_min=n_min, low=f"{low:.4f}")
    elif not passes:
        reason = say(
            "u.imprecise",
            precision=f"{precision:.1%}",
            target=f"{target_precision:.0%}",
            needed=needed,
            p=f"{p:.3f}",
            low=f"{low:.4f}",
        )
    return UsageEstimate(
        n=n,
        in_use=in_use,
        p=p,
        lower_bound=low,
        upper_bound=high,
        half_width=p - low,
        precision=precision,
        passes_90_10=passes,
        u_applied=u,
        n_needed_90_10=needed,
        n_min=n_min,
        reason=reason,
    )


def sample_size_for(
    *,
    expected_p: float,
    confidence: float,
    target_precision: float,
    reserve: float = 0.0,
    n_min: int = 1,
) -> int:
    """Size a verification sample so that the expected usage would pass the precision rule.

    The reserve for households not found is applied as ceil(n * (1 + reserve)), computed on
    the decimal value of `reserve` so that 50 * 1.1 gives 55, not 56 from binary noise.
    """
    if not (math.isfinite(reserve) and reserve >= 0):
        raise ValueError(f"reserve must be a finite share >= 0, got {reserve!r}")
    n = max(n_min, smallest_passing_n(expected_p, confidence, target_precision))
    return math.ceil(n * (1 + Fraction(str(reserve))))


def savings_t_per_stove_day(*, b_old_kg_per_day: float, eta_old: float, eta_new: float) -> float:
    """Give the wood saved per stove-day (t) under the efficiency-ratio option."""
    if eta_new <= 0:
        raise ValueError(f"eta_new must be positive, got {eta_new!r}")
    return b_old_kg_per_day / 1000.0 * (1.0 - eta_old / eta_new)


def emission_reductions(
    *,
    stove_days: float,
    usage_rate: float,
    savings_t_per_stove_day: float,
    fnrb: float,
    ncv_tj_per_t: float,
    ef_tco2_per_tj: float,
    leakage_factor: float,
) -> float:
    """Compute ER (tCO2e) at full precision; rounding happens only at issuance."""
    # Multiplied left to right in the order of the equation, at full float precision.
    factors = (stove_days, usage_rate, savings_t_per_stove_day, fnrb, ncv_tj_per_t)
    return math.prod((*factors, ef_tco2_per_tj, leakage_factor))


def issuable_tonnes(er_tco2e: float) -> int:
    """Round ER down to whole tonnes, because only whole, never over-stated tonnes are issued.

    The floor is strict: float noise such as 41.99999999999 yields 41, never 42, accepting
    a possible one-tonne loss rather than any over-issuance. Negative ER yields 0.
    """
    if not math.isfinite(er_tco2e):
        raise ValueError(f"emission reductions must be finite, got {er_tco2e!r}")
    return max(0, math.floor(er_tco2e))


def stacking_adjusted_usage(u: float, stacking_share: float, apply: bool) -> float:
    """Discount usage by the stacking share when the parameters say to, for conservativeness."""
    if not 0 <= stacking_share <= 1:
        raise ValueError(f"stacking_share must lie in [0, 1], got {stacking_share!r}")
    return u * (1.0 - stacking_share) if apply else u


def proportional_allocation(counts: Mapping[str, int], total: int) -> dict[str, int]:
    """Split a sample across strata in proportion to their size (largest remainder method).

    Deterministic: equal remainders are broken by stratum name. No stratum gets more than
    its count; the result is keyed by every stratum, in name order.
    """
    if total < 0 or any(c < 0 for c in counts.values()):
        raise ValueError("counts and total must be non-negative")
    population = sum(counts.values())
    if total > population:
        raise ValueError(f"cannot draw {total} from {population} units")
    if population == 0:
        return {name: 0 for name in sorted(counts)}
    quotas = {name: Fraction(total * c, population) for name, c in counts.items()}
    shares = {name: math.floor(q) for name, q in quotas.items()}
    left = total - sum(shares.values())
    # Only strata with a fractional quota (hence quota < count) can take an extra unit.
    order = sorted(
        (n for n in quotas if quotas[n] != shares[n]), key=lambda n: (-(quotas[n] - shares[n]), n)
    )
    for name in order[:left]:
        shares[name] += 1
    return {name: shares[name] for name in sorted(shares)}
