"""Several stoves in one household: savings are credited once per household-day.

Baseline wood and KPT measurements are per household and day, so on each day each of a
household's k operating stoves (installed, not decommissioned, within its technical life)
counts as 1/k of a stove-day. The stove-days are counted per stove as before; the days a
household shares between k >= 2 stoves give negative pieces (weight 1/k - 1) that keep each
stove's district, baseline, model and cohort, so that every breakdown still adds up.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from core.mrv.calc import creditable_span

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class HouseholdStove:
    """A stove of a household that holds several, as the report's query reads it."""

    household_id: int
    district: str
    baseline_stove: str
    installed_on: date
    decommissioned_on: date | None
    model: str = ""
    stove_id: int = 0  # lets a claim on one stove find its weight (core/reporting/overlap.py)


@dataclass(frozen=True)
class SharedPiece:
    """Days first..last on which a stove shares its household with others: weight 1/k - 1."""

    district: str
    baseline_stove: str
    model: str
    cohort: int
    first: date
    last: date
    weight: Fraction
    stove_id: int = 0


@dataclass(frozen=True)
class SharedHouseholds:
    """What the weighting removed: households and stoves concerned, stove-days removed."""

    pieces: tuple[SharedPiece, ...]
    households: int
    stoves: int
    stove_days_removed: Fraction


def _pieces_of_household(
    spans: Sequence[tuple[HouseholdStove, date, date]],
) -> list[SharedPiece]:
    """Cut a household's stove spans where the number of operating stoves changes."""
    edges = sorted({first for _, first, _ in spans} | {last + _DAY for _, _, last in spans})
    pieces: list[SharedPiece] = []
    for start, stop in zip(edges, edges[1:], strict=False):
        present = [s for s, first, last in spans if first <= start and stop - _DAY <= last]
        if len(present) < 2:
            continue
        weight = Fraction(1, len(present)) - 1
        pieces.extend(
            SharedPiece(
                s.district, s.baseline_stove, s.model, s.installed_on.year, start, stop - _DAY,
                weight, s.stove_id,
            )
            for s in present
        )  # fmt: skip
    return pieces


def shared_households(
    stoves: Iterable[HouseholdStove], *, period_start: date, period_end: date, life_years: int
) -> SharedHouseholds:
    """The negative pieces of every household with several stoves operating on a same day."""
    by_household: dict[int, list[tuple[HouseholdStove, date, date]]] = defaultdict(list)
    for stove in stoves:
        span = creditable_span(
            stove.installed_on, stove.decommissioned_on, period_start, period_end, life_years
        )
        if span is not None:
            by_household[stove.household_id].append((stove, *span))
    pieces: list[SharedPiece] = []
    households = stoves_concerned = 0
    for household_id in sorted(by_household):
        spans = by_household[household_id]
        found = _pieces_of_household(spans)
        if found:
            households += 1
            stoves_concerned += len(spans)
            pieces.extend(found)
    removed = -sum((p.weight * ((p.last - p.first).days + 1) for p in pieces), Fraction(0))
    return SharedHouseholds(tuple(pieces), households, stoves_concerned, removed)
