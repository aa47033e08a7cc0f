"""Operational share by cohort: stoves installed in the same year, and how many still work.

A cohort's share comes from its own verification visits (the usage rate of calc.py, with
its interval and the 90/10 rule: the lower bound when precision fails), else from a
commissioning check given in the parameters file, else it is 0. It multiplies the cohort's
stove-days: operating stove-days = Σ_cohort stove_days × share.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.mrv.calc import stacking_adjusted_usage, usage_estimate
from core.mrv.options import CohortOptions
from core.reporting.wording.english import say

FROM_VISITS = "visits"
FROM_COMMISSIONING = "commissioning check"
FROM_PROGRAMME = "programme usage rate"
NO_EVIDENCE = "none"


@dataclass(frozen=True)
class CohortShare:
    """The share of a cohort credited as operating, and the evidence behind it."""

    cohort: int
    n: int
    in_use: int
    share: float
    source: str
    reason: str | None


def cohort_shares(
    cohorts: Iterable[int],
    visited: Mapping[int, tuple[int, int]],
    *,
    options: CohortOptions | None,
    programme_u: float,
    confidence: float,
    target_precision: float,
    n_min: int = 30,
    stacking: float | None = None,
    stacking_discount: bool = False,
) -> dict[int, CohortShare]:
    """The share of each cohort; programme-wide U for all when usage is not by cohort.

    `visited` maps a cohort to (stoves verified, of them in use).
    """
    shares: dict[int, CohortShare] = {}
    for cohort in sorted(set(cohorts) | set(visited)):
        n, in_use = visited.get(cohort, (0, 0))
        if options is None or not options.usage_by_cohort:
            shares[cohort] = CohortShare(cohort, n, in_use, programme_u, FROM_PROGRAMME, None)
        elif n > 0:
            estimate = usage_estimate(
                n=n,
                in_use=in_use,
                confidence=confidence,
                target_precision=target_precision,
                n_min=n_min,
            )
            u = estimate.u_applied
            if stacking_discount and stacking is not None:
                u = stacking_adjusted_usage(u, stacking, True)
            shares[cohort] = CohortShare(cohort, n, in_use, u, FROM_VISITS, estimate.reason)
        elif cohort in options.commissioning:
            share, source = options.commissioning[cohort]
            shares[cohort] = CohortShare(cohort, 0, 0, share, FROM_COMMISSIONING, source)
        else:
            reason = say("cohort.no_evidence")
            shares[cohort] = CohortShare(cohort, 0, 0, 0.0, NO_EVIDENCE, reason)
    return shares
