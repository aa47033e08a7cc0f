"""Stove-days also claimed by another mitigation activity, taken out of the ER's cells.

A claim names a stove, or every stove of a household, from one day to another; its share
(`discount`, 1 when excluded) of those stove-days is removed from the cells the ER is
computed over. Where claims overlap on a day, the largest share counts, once. A stove-day
is removed with the weight it was credited with: 1/k on the days its household holds k
operating stoves (core/mrv/methods/households.py), so the share applies to that weight.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from fractions import Fraction

from sqlalchemy import func, select
from sqlmodel import Session, col

from core.models import Household, OverlapClaim, OverlapImport, Stove
from core.mrv.integrity import OverlapFacts
from core.mrv.methods.cells import DayCell, split_days
from core.mrv.methods.households import SharedPiece
from core.periods import Period, local_date
from core.reporting.plain import day_count

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class OverlapStove:
    """One claim on one stove, with what the stove's cells are keyed by (count 1)."""

    stove_id: int
    district: str
    baseline_stove: str
    installed_on: date
    decommissioned_on: date | None
    model: str
    from_day: date
    to_day: date
    share: Fraction  # of the stove-days removed (exact: 0.3 is 3/10)
    count: int = 1


@dataclass(frozen=True)
class OverlapInputs:
    """The claims touching the period, by stove, and when the list was last checked."""

    stoves: tuple[OverlapStove, ...] = ()
    claims: int = 0
    last_imported_on: date | None = None


# Over 60 lines: one query and the folding of its claims per stove-day, read together.
def read_overlap(
    session: Session,
    *,
    period: Period,
    as_of: datetime | None,
    tz: str,
    by_model: bool,
) -> OverlapInputs:
    """The claims touching the period and the last complete import (by `as_of`, if given)."""
    period_start, period_end = period
    c = OverlapClaim
    touching = [col(c.from_day) <= period_end, col(c.to_day) >= period_start]
    stoves: list[OverlapStove] = []
    claims = 0
    for target, stove_key in (("stove", Stove.id), ("household", Stove.household_id)):
        statement = (
            select(
                col(Stove.id),
                col(Household.district),
                col(Stove.baseline_stove),
                col(Stove.installed_on),
                col(Stove.decommissioned_on),
                col(Stove.stove_model),
                col(c.from_day),
                col(c.to_day),
                col(c.discount),
                col(c.id),
            )  # fmt: skip
            .select_from(c)
            .join(Stove, col(stove_key) == col(c.target_id))
            .join(Household, col(Household.id) == col(Stove.household_id))
            .where(col(c.target) == target, *touching)
            .order_by(col(Stove.id), col(c.from_day))
        )
        seen = set()
        for row in session.connection().execute(statement):
            (
                stove_id,
                district,
                baseline,
                installed,
                retired,
                model,
                first,
                last,
                discount,
                claim,
            ) = row
            seen.add(claim)
            stoves.append(
                OverlapStove(
                    stove_id=int(stove_id or 0),
                    district=district,
                    baseline_stove=baseline,
                    installed_on=installed,
                    decommissioned_on=retired,
                    model=model if by_model else "",
                    from_day=first,
                    to_day=last,
                    share=Fraction(1) if discount is None else Fraction(repr(float(discount))),
                )
            )
        claims += len(seen)
    imports = select(func.max(col(OverlapImport.imported_at)))
    if as_of is not None:
        imports = imports.where(col(OverlapImport.imported_at) <= as_of)
    last_at = session.connection().execute(imports).scalar_one()
    return OverlapInputs(
        stoves=tuple(stoves),
        claims=claims,
        last_imported_on=None if last_at is None else local_date(last_at, tz),
    )


def _spans(claims: Sequence[OverlapStove]) -> list[tuple[date, date, Fraction]]:
    """One stove's claims as disjoint spans, each with the largest share claimed on it."""
    cuts = sorted({c.from_day for c in claims} | {c.to_day + _DAY for c in claims})
    spans = []
    for first, after in zip(cuts, cuts[1:], strict=False):
        shares = [c.share for c in claims if c.from_day <= first and after - _DAY <= c.to_day]
        if shares:
            spans.append((first, after - _DAY, max(shares)))
    return spans


def remove_overlap(
    cells: Sequence[DayCell],
    overlap: OverlapInputs | None,
    *,
    segments: Sequence[tuple[date, date, float]],
    life_years: int,
    pieces: Iterable[SharedPiece] = (),
) -> tuple[list[DayCell], OverlapFacts]:
    """The cells less the claimed stove-days, and what was removed, for the report.

    `pieces` are the household weights the cells were split with; a claimed stove's own
    pieces weigh its claimed days the same way.
    """
    by_stove: dict[int, list[OverlapStove]] = defaultdict(list)
    for claim in overlap.stoves if overlap else ():
        by_stove[claim.stove_id].append(claim)
    weights: dict[int, list[SharedPiece]] = defaultdict(list)
    for piece in pieces:
        if piece.stove_id in by_stove:
            weights[piece.stove_id].append(piece)
    removed: dict[tuple[object, ...], Fraction] = defaultdict(Fraction)
    excluded = discounted = Fraction(0)
    affected = 0
    for stove_id, claims in by_stove.items():
        days_before = excluded + discounted
        for first, last, share in _spans(claims):
            parts = [
                (max(first, a), min(last, b), fnrb)
                for a, b, fnrb in segments
                if max(first, a) <= min(last, b)
            ]
            claimed = split_days(
                claims[:1], segments=parts, life_years=life_years, pieces=weights[stove_id]
            )
            for cell in claimed:
                removed[_key(cell)] += cell.days * share
                if share == 1:
                    excluded += cell.days
                else:
                    discounted += cell.days
        affected += excluded + discounted > days_before
    kept = [_less(c, removed.get(_key(c), Fraction(0))) for c in cells]
    facts = OverlapFacts(
        last_imported_on=overlap.last_imported_on if overlap else None,
        claims=overlap.claims if overlap else 0,
        stoves=affected,
        stove_days_excluded=day_count(excluded),
        stove_days_discounted=day_count(discounted),
        stove_days_removed=day_count(sum(removed.values(), Fraction(0))),
    )
    return [c for c in kept if c.days > 0], facts


def _less(cell: DayCell, taken: Fraction) -> DayCell:
    """The cell less the days taken (weighted days are exact fractions)."""
    if not taken:
        return cell
    return replace(cell, days=max(Fraction(0), cell.days - taken))


def _key(cell: DayCell) -> tuple[object, ...]:
    """What a cell is, apart from its days."""
    return (cell.district, cell.baseline, cell.cohort, cell.model, cell.year, cell.fnrb)
