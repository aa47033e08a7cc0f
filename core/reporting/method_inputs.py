"""What the methodology options read from the database: KPT days, visited stoves' cohorts,
households served. Small reads beside the report's aggregates (a sample, a campaign)."""

from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import distinct, func, select
from sqlmodel import Session, col

from core.models import KptMeasurement, Stove, Visit, stove_active_during
from core.mrv.methods.kpt import KptDay
from core.mrv.options import NO_OPTIONS
from core.mrv.parameters import Parameters
from core.periods import Period


@dataclass(frozen=True)
class MethodInputs:
    """KPT days of the configured campaigns, each visited stove's cohort, households served."""

    kpt_days: tuple[KptDay, ...] = ()
    stove_cohorts: dict[int, int] = field(default_factory=dict)
    households_served: int | None = None


def read_method_inputs(session: Session, *, params: Parameters, period: Period) -> MethodInputs:
    """Read what the chosen methodology needs, in the report's snapshot."""
    period_start, period_end = period
    options = params.options or NO_OPTIONS
    kpt_days: tuple[KptDay, ...] = ()
    if options.kpt is not None:
        k = KptMeasurement
        campaigns = [options.kpt.baseline_campaign, options.kpt.project_campaign]
        rows = session.connection().execute(
            select(
                col(k.campaign),
                col(k.phase),
                col(k.household),
                col(k.day),
                col(k.wood_kg),
                col(k.charcoal_kg),
                col(k.household_size),
            )
            .where(col(k.campaign).in_(campaigns))
            .order_by(col(k.campaign), col(k.phase), col(k.household), col(k.day))
        )
        kpt_days = tuple(KptDay(*row) for row in rows)
    cohorts = session.connection().execute(
        select(col(Stove.id), col(Stove.installed_on)).where(
            col(Stove.id).in_(
                select(col(Visit.stove_id)).where(
                    col(Visit.visited_on) >= period_start, col(Visit.visited_on) <= period_end
                )
            )
        )
    )
    served = (
        session.connection()
        .execute(
            select(func.count(distinct(col(Stove.household_id)))).where(
                stove_active_during(period_start, period_end)
            )
        )
        .scalar_one()
    )
    return MethodInputs(
        kpt_days=kpt_days,
        stove_cohorts={cast(int, stove_id): day.year for stove_id, day in cohorts},
        households_served=int(served),
    )
