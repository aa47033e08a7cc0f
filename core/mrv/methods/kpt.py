"""Fuel savings measured by kitchen performance tests (KPT), conservative where imprecise.

For each campaign (baseline or project) over its n households, each household's
consumption is its mean over the days weighed, in kg of wood (charcoal converted, see
`MethodOptions.charcoal`), baseline households capped at `cap x household size / 365`
when a per-capita cap is given:

    mean, sd                     over the n household means
    half_width = t(1 - (1 - c)/2, n - 1) x sd / sqrt(n)          (Student t, c = 0.90)
    precision  = half_width / mean
    B_adj = mean              if precision <= 0.10, else mean - half_width   (baseline)
    P_adj = mean              if precision <= 0.10, else mean + half_width   (project)
    S     = (B_adj - P_adj) / 1000          (t of wood saved per operating stove-day)

The conservative side never credits more than the mean: the lower bound for baseline
consumption, the upper bound for project consumption.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BASELINE, PROJECT = "baseline", "project"
PHASES = (BASELINE, PROJECT)
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class KptDay:
    """One household's weighed day of a campaign, as stored."""

    campaign: str
    phase: str
    household: str
    day: date
    wood_kg: float
    charcoal_kg: float
    household_size: int


@dataclass(frozen=True)
class Campaign:
    """A campaign's mean daily consumption with its interval and the value credited.

    Households weighed on fewer than `min_days` days are left out (`excluded_households`);
    those whose mean lies more than 3 standard deviations from the phase's mean are kept
    and listed (`outliers`). `applied_kg` is None when fewer than 2 households are left.
    """

    campaign: str
    phase: str
    households: int
    days: int
    first_day: date
    last_day: date
    mean_kg: float
    sd_kg: float | None
    half_width_kg: float | None
    precision: float | None
    passes_90_10: bool
    lower_kg: float | None
    upper_kg: float | None
    applied_kg: float | None
    side: str  # mean, or the conservative bound credited when 90/10 fails
    capped_households: int
    excluded_households: tuple[str, ...] = ()
    outliers: tuple[str, ...] = ()


def student_half_width(sd: float, n: int, confidence: float) -> float:
    """Half-width of the two-sided Student-t interval of a mean of n >= 2 values."""
    from scipy.stats import t as student_t  # slow to import; only reports need it

    return float(student_t.ppf(1.0 - (1.0 - confidence) / 2.0, n - 1)) * sd / math.sqrt(n)


def household_means(
    days: Iterable[KptDay], *, wood_per_charcoal: float, cap_kg_per_capita_year: float | None
) -> tuple[dict[str, float], int, list[date]]:
    """Each household's mean daily wood-equivalent kg (capped if asked), count capped, days."""
    per_household: dict[str, list[KptDay]] = defaultdict(list)
    for row in days:
        per_household[row.household].append(row)
    means: dict[str, float] = {}
    seen: list[date] = []
    capped = 0
    for household in sorted(per_household):
        rows = per_household[household]
        seen.extend(r.day for r in rows)
        mean = math.fsum(r.wood_kg + wood_per_charcoal * r.charcoal_kg for r in rows) / len(rows)
        if cap_kg_per_capita_year is not None:
            cap = cap_kg_per_capita_year * max(r.household_size for r in rows) / DAYS_PER_YEAR
            if mean > cap:
                mean, capped = cap, capped + 1
        means[household] = mean
    return means, capped, seen


def summarise_campaign(
    campaign: str,
    phase: str,
    days: Iterable[KptDay],
    *,
    confidence: float,
    target_precision: float,
    wood_per_charcoal: float,
    cap_kg_per_capita_year: float | None = None,
    min_days: int = 1,
) -> Campaign:
    """Mean, interval, 90/10 test and the conservative side of one campaign's phase."""
    if phase not in PHASES:
        raise ValueError(f"phase must be baseline or project, got {phase!r}")
    rows = [d for d in days if d.campaign == campaign and d.phase == phase]
    weighed = Counter(r.household for r in rows)
    excluded = tuple(sorted(h for h, n in weighed.items() if n < min_days))
    rows = [r for r in rows if weighed[r.household] >= min_days]
    if not rows:
        raise ValueError(f"KPT campaign {campaign!r} has no {phase} measurements")
    cap = cap_kg_per_capita_year if phase == BASELINE else None
    by_household, capped, seen = household_means(
        rows, wood_per_charcoal=wood_per_charcoal, cap_kg_per_capita_year=cap
    )
    means = list(by_household.values())
    n = len(means)
    mean = math.fsum(means) / n
    sd = hw = precision = low = high = applied = None
    passes, outliers = False, tuple[str, ...]()
    side = "not credited"
    if n >= 2:
        sd = math.sqrt(math.fsum((m - mean) ** 2 for m in means) / (n - 1))
        hw = student_half_width(sd, n, confidence)
        low, high = mean - hw, mean + hw
        precision = hw / mean if mean > 0 else None
        passes = precision is not None and precision <= target_precision
        side = "mean" if passes else ("lower bound" if phase == BASELINE else "upper bound")
        applied = mean if passes else (max(0.0, low) if phase == BASELINE else high)
        outliers = tuple(h for h, m in by_household.items() if abs(m - mean) > 3 * sd)
    return Campaign(
        campaign, phase, n, len(rows), min(seen), max(seen), mean, sd, hw, precision, passes,
        low, high, applied, side, capped, excluded, outliers,
    )  # fmt: skip


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)
