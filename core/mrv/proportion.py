"""The confidence interval of a proportion (the usage rate), honest at p = 0 and p = 1.

Its own module so that every methodology option (core/mrv) calls the same interval for the
90/10 rule and the conservative lower bound.
"""

import math
from statistics import NormalDist

INTERVAL_METHOD = "Wilson score"


def _z(confidence: float) -> float:
    """The standard normal quantile of a two-sided interval at this confidence."""
    return NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)


def proportion_interval(successes: float, n: float, confidence: float) -> tuple[float, float]:
    """Give the two-sided Wilson score interval of a proportion, honest at p = 0 and p = 1.

    Wilson (1927); recommended by Brown, Cai & DasGupta (2001, Statistical Science 16(2),
    101-133) over the Wald form, which has zero width when all or none succeed, and over
    Clopper-Pearson, whose coverage sits well above the nominal level. `successes` may be
    fractional, so that sample sizes can be planned at an expected rate. The bounds are
    clamped so that L <= p <= H holds exactly despite float rounding.
    """
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"need n > 0 and 0 <= successes <= n, got {successes}/{n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    p, z = successes / n, _z(confidence)
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    spread = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else min(p, max(0.0, centre - spread))
    high = 1.0 if successes == n else max(p, min(1.0, centre + spread))
    return low, high


def _precision(p: float, n: float, confidence: float) -> float:
    """Relative precision of the interval's lower side, (p - L) / p, for p > 0."""
    low, _ = proportion_interval(p * n, n, confidence)
    return (p - low) / p


def smallest_passing_n(p: float, confidence: float, target_precision: float) -> int:
    """Find the smallest n >= 1 whose interval at rate p meets the precision target."""
    if not 0 < p <= 1:
        raise ValueError(f"a sample can only be sized for 0 < p <= 1, got {p!r}")

    def ok(n: int) -> bool:
        return _precision(p, n, confidence) <= target_precision

    if ok(1):
        return 1
    low, high = 1, 2  # invariant: ok(low) is False, ok(high) is to be found True
    while not ok(high):
        low, high = high, high * 2
    # The interval narrows as n grows at a fixed rate, so bisection finds the threshold.
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if ok(mid) else (mid, high)
    return high
