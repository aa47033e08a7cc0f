"""Stove-days split by everything a methodology may vary on, and sums that add up exactly.

A cell is the stove-days of one district, baseline stove, cohort (installation year),
stove model, calendar year and fNRB value. Every method computes one ER per cell; the
cells' ERs are floored onto one binary grid fine enough to be invisible (2^-53 of their
total magnitude), so that district, cohort and grand totals are exact sums in any order.
"""

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol, TypeVar

from core.mrv.calc import days_by_year, stove_days_by_year
from core.mrv.options import FnrbPeriod

if TYPE_CHECKING:
    from core.mrv.methods.households import SharedPiece

_DAY = timedelta(days=1)
K = TypeVar("K", bound=Hashable)


class Group(Protocol):
    """Stoves sharing the dates and attributes their stove-days depend on.

    The cohort is the year of `installed_on` (a folded date keeps its year).
    """

    @property
    def district(self) -> str: ...

    @property
    def baseline_stove(self) -> str: ...

    @property
    def installed_on(self) -> date: ...

    @property
    def decommissioned_on(self) -> date | None: ...

    @property
    def count(self) -> int: ...

    @property
    def model(self) -> str: ...


@dataclass(frozen=True)
class DayCell:
    """Stove-days sharing every input of the ER equations (a fraction where households
    hold several stoves: each counts 1/k of a stove-day on the days k share a household)."""

    district: str
    baseline: str
    cohort: int
    model: str
    year: int
    fnrb: float
    days: int | Fraction


def fnrb_segments(
    period_start: date, period_end: date, periods: Iterable[FnrbPeriod], default: float
) -> list[tuple[date, date, float]]:
    """Cover the period with fNRB values: dated ones where valid, the base value elsewhere."""
    segments, cursor = [], period_start
    for p in sorted(periods, key=lambda p: p.valid_from):
        first, last = max(p.valid_from, period_start), min(p.valid_to, period_end)
        if first > last:
            continue
        if cursor < first:
            segments.append((cursor, first - _DAY, default))
        segments.append((first, last, p.value))
        cursor = last + _DAY
    if cursor <= period_end:
        segments.append((cursor, period_end, default))
    return segments


def split_days(
    groups: Iterable[Group],
    *,
    segments: list[tuple[date, date, float]],
    life_years: int,
    pieces: Iterable["SharedPiece"] = (),
) -> list[DayCell]:
    """The stove-days of every group, split by calendar year and fNRB segment, merged by key.

    Groups are taken by their pair of dates first, so each pair's split is computed once.
    `pieces` (households with several stoves, core/mrv/methods/households.py) add their
    weighted, negative days to the same keys.
    """
    by_dates: dict[tuple[date, date | None], list[tuple[str, str, str, int]]] = defaultdict(list)
    for g in groups:
        by_dates[(g.installed_on, g.decommissioned_on)].append(
            (g.district, g.baseline_stove, g.model, g.count)
        )
    days: dict[tuple[str, str, int, str, int, float], int | Fraction] = defaultdict(int)
    for (installed_on, decommissioned_on), members in by_dates.items():
        cohort = installed_on.year
        for first, last, fnrb in segments:
            split = stove_days_by_year(
                installed_on=installed_on,
                decommissioned_on=decommissioned_on,
                period_start=first,
                period_end=last,
                life_years=life_years,
            )
            for year, n in split.items():
                for district, baseline, model, count in members:
                    days[(district, baseline, cohort, model, year, fnrb)] += n * count
    for p in pieces:
        for first, last, fnrb in segments:
            for year, n in days_by_year(max(p.first, first), min(p.last, last)).items():
                days[(p.district, p.baseline_stove, p.cohort, p.model, year, fnrb)] += n * p.weight
    return [DayCell(*key, n) for key, n in sorted(days.items()) if n]


def floor_to_common_grid(values: list[float]) -> list[float]:
    """Floor values onto multiples of 2^(k-53), 2^k > the sum of their magnitudes.

    Every sum of any subset is then an integer multiple of the grid below 2^53 of it,
    hence exact in binary floating point whatever the order: district and cohort ERs add
    up to the total exactly. Flooring never credits more than the equations give.
    """
    bound = math.fsum(abs(v) for v in values)
    if bound == 0 or not math.isfinite(bound):
        return [0.0 if v == 0 else v for v in values]
    grid = math.ldexp(1.0, max(math.frexp(bound)[1] - 53, -1074))  # never below subnormals
    return [math.floor(v / grid) * grid for v in values]


def exact_sums(values: Iterable[tuple[K, float]]) -> dict[K, float]:
    """Sum values by key (values on a common grid, so the sums are exact)."""
    sums: dict[K, list[float]] = defaultdict(list)
    for key, value in values:
        sums[key].append(value)
    return {key: math.fsum(parts) for key, parts in sums.items()}


def weighted_mean(pairs: Iterable[tuple[float, int | Fraction]]) -> float | None:
    """The day-weighted mean of a per-day quantity; None over no days."""
    items = list(pairs)
    total = sum(days for _, days in items)
    return math.fsum(value * days for value, days in items) / total if total else None


def totals(cells: Iterable[DayCell], attribute: str) -> Mapping[object, int | Fraction]:
    """Stove-days by one attribute of the cells (district, cohort, ...)."""
    result: dict[object, int | Fraction] = defaultdict(int)
    for cell in cells:
        result[getattr(cell, attribute)] += cell.days
    return dict(sorted(result.items()))
