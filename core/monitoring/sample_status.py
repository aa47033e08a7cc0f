"""Where a verification sample stands: which sampled stoves have been visited in its period."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.models import Household, SampleDraw, SampleMember, Stove, Visit
from core.monitoring.sampling import draw_in_force
from core.periods import Period


@dataclass(frozen=True)
class SampledStove:
    """A stove of the sample with its household and its latest visit in the period, if any."""

    rank: int
    code: str
    district: str
    community: str
    household: str
    is_reserve: bool
    visited_on: date | None
    in_use: bool | None


@dataclass(frozen=True)
class DistrictProgress:
    """Per district: stoves drawn, sampled stoves visited, and visits still needed."""

    district: str
    main: int
    reserve: int
    visited: int  # main or reserve stoves with a visit in the period
    remaining: int  # visits still needed to reach the main size: max(0, main - visited)


@dataclass(frozen=True)
class SampleStatus:
    """A draw in force and the fieldwork done on it so far."""

    draw_id: int
    period_start: date
    period_end: date
    seed: int
    size: int
    method: str
    expected_usage_rate: float | None
    drawn_at: datetime
    drawn_by: str
    replaced_ids: list[int]  # earlier draws for the period that this one replaced
    districts: list[DistrictProgress]
    stoves: list[SampledStove]

    @property
    def main(self) -> int:
        """Number of main (non-reserve) stoves in the sample."""
        return sum(d.main for d in self.districts)

    @property
    def reserve(self) -> int:
        """Number of reserve stoves in the sample."""
        return sum(d.reserve for d in self.districts)


def sample_status(
    uow: UnitOfWork, *, period: Period | tuple[date, date] | None = None
) -> SampleStatus | None:
    """The draw in force for `period` (default: the latest drawn) and its progress; None if none."""
    with uow.reading():
        return status_in_session(uow.session, period=period)


def status_in_session(
    session: Session, *, period: Period | tuple[date, date] | None = None
) -> SampleStatus | None:
    """`sample_status` within the caller's transaction (a page's one snapshot)."""
    if period is None:
        draw = session.exec(
            select(SampleDraw)
            .where(col(SampleDraw.replaced_at).is_(None))
            .order_by(col(SampleDraw.drawn_at).desc(), col(SampleDraw.id).desc())
        ).first()
    else:
        draw = draw_in_force(session, *period)
    if draw is None or draw.id is None:
        return None
    stoves = _sampled_stoves(session, draw)
    replaced = session.exec(
        select(SampleDraw.id)
        .where(SampleDraw.replaced_by_id == draw.id)
        .order_by(col(SampleDraw.id))
    ).all()
    return SampleStatus(
        draw_id=draw.id,
        period_start=draw.period_start,
        period_end=draw.period_end,
        seed=draw.seed,
        size=draw.size,
        method=draw.method,
        expected_usage_rate=draw.expected_usage_rate,
        drawn_at=draw.drawn_at,
        drawn_by=draw.drawn_by,
        replaced_ids=[draw_id for draw_id in replaced if draw_id is not None],
        districts=_progress(stoves),
        stoves=stoves,
    )


def _sampled_stoves(session: Session, draw: SampleDraw) -> list[SampledStove]:
    """The draw's stoves in district and rank order, each with its latest visit in the period."""
    members = session.exec(
        select(SampleMember, Stove, Household)
        .join(Stove, col(SampleMember.stove_id) == col(Stove.id))
        .join(Household, col(Stove.household_id) == col(Household.id))
        .where(SampleMember.draw_id == draw.id)
        .order_by(col(SampleMember.district), col(SampleMember.rank))
    ).all()
    visits = session.exec(
        select(Visit)
        .join(SampleMember, col(SampleMember.stove_id) == col(Visit.stove_id))
        .where(
            SampleMember.draw_id == draw.id,
            col(Visit.visited_on) >= draw.period_start,
            col(Visit.visited_on) <= draw.period_end,
        )
        .order_by(col(Visit.visited_on), col(Visit.recorded_at), col(Visit.id))
    ).all()
    latest = {visit.stove_id: visit for visit in visits}  # ordered: the last one wins
    result = []
    for member, stove, household in members:
        visit = latest.get(member.stove_id)
        result.append(
            SampledStove(
                rank=member.rank,
                code=stove.code,
                district=member.district,
                community=household.community,
                household=household.name,
                is_reserve=member.is_reserve,
                visited_on=visit.visited_on if visit else None,
                in_use=visit.in_use if visit else None,
            )
        )
    return result


def _progress(stoves: list[SampledStove]) -> list[DistrictProgress]:
    """Count drawn and visited stoves per district, in district order."""
    progress = []
    for district in sorted({s.district for s in stoves}):
        here = [s for s in stoves if s.district == district]
        main = sum(1 for s in here if not s.is_reserve)
        visited = sum(1 for s in here if s.visited_on is not None)
        progress.append(
            DistrictProgress(
                district=district,
                main=main,
                reserve=len(here) - main,
                visited=visited,
                remaining=max(0, main - visited),
            )
        )
    return progress
