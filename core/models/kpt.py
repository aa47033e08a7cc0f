"""Kitchen performance tests: fuel weighed in households over several days, per campaign."""

from datetime import date, datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime, utcnow

KPT_PHASES = ("baseline", "project")


class KptMeasurementBase(SQLModel):
    campaign: str = Field(max_length=100, index=True)
    phase: str = Field(max_length=10)  # baseline | project
    # The stove code when the household has one, else the campaign's own household id.
    household: str = Field(max_length=50)
    day: date
    wood_kg: float
    charcoal_kg: float = 0.0
    household_size: int


class KptMeasurement(KptMeasurementBase, table=True):
    """One household's weighed day; re-importing the same campaign, household and day updates it."""

    __tablename__ = "kpt_measurements"
    __table_args__ = (
        UniqueConstraint("campaign", "phase", "household", "day", name="uq_kpt_household_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
