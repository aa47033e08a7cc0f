"""Drawing the verification sample: which stoves staff visit to measure the usage rate U.

The sample is stratified by district in proportion to the active stoves of each, and drawn
with a stored seed, so anyone holding the seed and the stove table can redraw it bit for bit:
within each district (in name order) the stoves are sorted by code and shuffled by one
`random.Random(seed)`; the first ones drawn form the main sample, the next the reserve.
"""

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.models import (
    Household,
    LedgerIssuance,
    SampleDraw,
    SampleMember,
    Stove,
    stove_active_during,
)
from core.mrv import calc
from core.mrv.parameters import Parameters
from core.periods import Period, PeriodError
from core.reporting.sample_rule import SampleSlot

# Seeds are stored in a BIGINT: 63 bits, drawn fresh unless the coordinator gives one.
SEED_BITS = 63
MAX_SEED = 2**SEED_BITS - 1


class SampleRefused(ValueError):
    """A draw that must not happen (no active stove, a bad period or seed); nothing stored."""


class SampleInForce(SampleRefused):
    """A draw for a period that already has one in force, asked for without replacing it."""

    def __init__(self, draw: SampleDraw) -> None:
        self.draw = draw
        super().__init__(
            f"a sample is already in force for {draw.period_start}..{draw.period_end} "
            f"(#{draw.id}, drawn {draw.drawn_at:%Y-%m-%d %H:%M} UTC"
            + (f" by {draw.drawn_by})" if draw.drawn_by else ")")
        )


@dataclass(frozen=True)
class PlannedMember:
    """One stove of a planned sample, in draw order within its district."""

    stove_id: int
    district: str
    rank: int
    is_reserve: bool


@dataclass(frozen=True)
class DrawResult:
    """A stored draw and what a coordinator needs to know about it."""

    draw_id: int
    period_start: date
    period_end: date
    seed: int
    method: str
    main: int
    reserve: int
    requested: int  # main + reserve asked for, before capping at the population
    population: int
    by_district: dict[str, tuple[int, int, int]]  # district -> (active stoves, main, reserve)
    replaced_id: int | None

    @property
    def whole_population(self) -> bool:
        """Whether the sample asked for was at least as large as the active stoves."""
        return self.requested >= self.population


def sample_sizes(parameters: Parameters, size: int | None) -> tuple[int, int]:
    """Main and reserve sizes: the 90/10 size plus its reserve when `size` is None, else size."""
    if size is not None:
        if size < 1:
            raise SampleRefused(f"sample size must be at least 1, got {size}")
        return size, 0
    size_for = partial(
        calc.sample_size_for,
        expected_p=float(parameters.expected_usage_rate.value),
        confidence=float(parameters.confidence.value),
        target_precision=float(parameters.target_precision.value),
        n_min=int(parameters.n_min.value),
    )
    main = size_for()
    return main, size_for(reserve=float(parameters.sample_reserve.value)) - main


def plan_sample(
    population: Mapping[str, Sequence[tuple[str, int]]], *, main: int, reserve: int, seed: int
) -> list[PlannedMember]:
    """Draw main and reserve stoves by district from {district: [(code, stove id)]}; pure.

    Main stoves are allocated in proportion to each district's stoves, reserve stoves in
    proportion to the stoves left after the main draw (largest remainder both times).
    """
    if seed < 0:
        raise SampleRefused(f"seed must be a non-negative integer, got {seed}")
    counts = {district: len(stoves) for district, stoves in population.items()}
    main_by = calc.proportional_allocation(counts, main)
    left = {district: counts[district] - main_by[district] for district in counts}
    reserve_by = calc.proportional_allocation(left, reserve)
    rng = random.Random(seed)
    members: list[PlannedMember] = []
    for district in sorted(population):
        order = sorted(population[district])
        rng.shuffle(order)
        taken = order[: main_by[district] + reserve_by[district]]
        members.extend(
            PlannedMember(stove_id, district, rank, rank > main_by[district])
            for rank, (_code, stove_id) in enumerate(taken, start=1)
        )
    return members


def active_stoves(
    session: Session, period_start: date, period_end: date, life_years: int
) -> dict[str, list[tuple[str, int]]]:
    """Stoves with creditable days in the period, as {district: [(code, stove id)]}."""
    rows = session.exec(
        select(Stove, Household.district)
        .join(Household, col(Stove.household_id) == col(Household.id))
        .where(stove_active_during(period_start, period_end))
    ).all()
    found: dict[str, list[tuple[str, int]]] = {}
    for stove, district in rows:
        days = calc.stove_days(
            installed_on=stove.installed_on,
            decommissioned_on=stove.decommissioned_on,
            period_start=period_start,
            period_end=period_end,
            life_years=life_years,
        )
        if days > 0 and stove.id is not None:
            found.setdefault(district, []).append((stove.code, stove.id))
    return found


def draw_in_force(
    session: Session, period_start: date, period_end: date, *, lock: bool = False
) -> SampleDraw | None:
    """The draw in force for exactly this period; `lock` holds it against a replacement."""
    statement = select(SampleDraw).where(
        SampleDraw.period_start == period_start,
        SampleDraw.period_end == period_end,
        col(SampleDraw.replaced_at).is_(None),
    )
    return session.exec(statement.with_for_update() if lock else statement).first()


def sample_slots(
    session: Session, period_start: date, period_end: date
) -> tuple[SampleSlot, ...] | None:
    """The stoves (main and reserve) of the period's draw in force, in order; None with no draw."""
    draw = draw_in_force(session, period_start, period_end)
    if draw is None:
        return None
    members = session.exec(
        select(SampleMember)
        .where(SampleMember.draw_id == draw.id)
        .order_by(col(SampleMember.district), col(SampleMember.rank))
    )
    return tuple(SampleSlot(m.stove_id, m.district, m.rank, m.is_reserve) for m in members)


# Over 60 lines: one transaction: lock, refuse, draw and store must read as one unit.
def draw_sample(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    parameters: Parameters,
    now: datetime,
    size: int | None = None,
    seed: int | None = None,
    replace: bool = False,
    drawn_by: str = "",
) -> DrawResult:
    """Draw and store the period's sample (auto-sized when `size` is None); raise SampleRefused.

    A period with a draw in force is refused unless `replace`, which keeps the old draw on
    record as replaced by the new one. The seed, random when not given, is stored with it.
    """
    try:
        Period(period_start, period_end)
    except PeriodError as refused:
        raise SampleRefused(str(refused)) from refused
    if seed is None:
        seed = secrets.randbits(SEED_BITS)
    elif not 0 <= seed <= MAX_SEED:
        raise SampleRefused(f"seed must be an integer from 0 to {MAX_SEED}, got {seed}")
    main, reserve = sample_sizes(parameters, size)
    requested = main + reserve
    life = int(parameters.technical_life_years.value)
    with uow:
        session = uow.session
        current = draw_in_force(session, period_start, period_end, lock=True)
        if current is not None and not replace:
            raise SampleInForce(current)
        issued = session.exec(
            select(LedgerIssuance.id).where(
                LedgerIssuance.period_start == period_start, LedgerIssuance.period_end == period_end
            )
        ).first()
        if issued is not None:
            # The sample decides which visits count: a new one would change the issued report.
            raise SampleRefused(
                f"period {period_start}..{period_end} was issued (issuance {issued}); "
                "its sample is frozen"
            )
        population = active_stoves(session, period_start, period_end, life)
        total = sum(len(stoves) for stoves in population.values())
        if total == 0:
            raise SampleRefused(f"no stove is active between {period_start} and {period_end}")
        main = min(main, total)
        reserve = min(reserve, total - main)
        members = plan_sample(population, main=main, reserve=reserve, seed=seed)
        draw = SampleDraw(
            period_start=period_start,
            period_end=period_end,
            seed=seed,
            size=len(members),
            method="auto" if size is None else "fixed",
            expected_usage_rate=(
                float(parameters.expected_usage_rate.value) if size is None else None
            ),
            drawn_at=now,
            drawn_by=drawn_by,
        )
        try:
            if current is not None:
                # Leave the partial unique index before the new draw enters it.
                current.replaced_at = now
                session.add(current)
                session.flush()
            session.add(draw)
            session.flush()
            assert draw.id is not None
            if current is not None:
                current.replaced_by_id = draw.id
                session.add(current)
            session.add_all(SampleMember(draw_id=draw.id, **asdict(member)) for member in members)
            uow.commit()
        except IntegrityError as exc:
            raise SampleRefused(
                f"another sample for {period_start}..{period_end} was drawn at the same time; "
                "nothing was stored"
            ) from exc
    by_district = {
        district: (
            len(population[district]),
            sum(1 for m in members if m.district == district and not m.is_reserve),
            sum(1 for m in members if m.district == district and m.is_reserve),
        )
        for district in sorted(population)
    }
    return DrawResult(
        draw_id=draw.id,
        period_start=period_start,
        period_end=period_end,
        seed=seed,
        method=draw.method,
        main=main,
        reserve=reserve,
        requested=requested,
        population=total,
        by_district=by_district,
        replaced_id=current.id if current is not None else None,
    )
