"""Field verification: visits to stoves, and the random samples that say which visits count."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime, utcnow

VISIT_CONDITIONS = ("good", "needs_repair", "broken", "removed")


class VisitBase(SQLModel):
    visited_on: date = Field(index=True)
    # A sampled stove the surveyor could not find (household away, moved) is recorded too:
    # only stoves recorded as not found may be replaced by reserves.
    found: bool = True
    not_found_reason: str = Field(default="", max_length=200)
    in_use: bool
    condition: str = Field(max_length=20)
    open_fire_in_use: bool | None = None
    surveyor: str = Field(default="", max_length=100)
    latitude: float | None = None
    longitude: float | None = None
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))


class Visit(VisitBase, table=True):
    """One verification visit; the same stove, day and surveyor is the same visit (re-imports)."""

    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("stove_id", "visited_on", "surveyor", name="uq_visit_stove_day_surveyor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    stove_id: int = Field(foreign_key="stoves.id", index=True)
    source: str = Field(default="import", max_length=20)  # import | telegram
    # Evidence from the bot: who recorded it, the photo kept under MEDIA_ROOT by its SHA-256,
    # and whether it was recorded far from the stove's registered location.
    staff_id: int | None = Field(default=None, foreign_key="staff_members.id")
    photo_sha256: str | None = Field(default=None, max_length=64)
    distance_m: float | None = None
    far_from_stove: bool = False
    recorded_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )


class SampleDraw(SQLModel, table=True):
    """A verification sample drawn for a period; replaced draws stay on record."""

    __tablename__ = "sample_draws"
    __table_args__ = (
        # One draw in force per period, even if two coordinators draw at once.
        Index(
            "uq_sample_draw_current",
            "period_start",
            "period_end",
            unique=True,
            sqlite_where=text("replaced_at IS NULL"),
            postgresql_where=text("replaced_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    period_start: date
    period_end: date
    seed: int = Field(sa_column=Column(BigInteger, nullable=False))  # 63-bit, reproducible
    size: int
    method: str = Field(max_length=20)  # "fixed" or "auto"
    expected_usage_rate: float | None = None
    drawn_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    drawn_by: str = Field(default="", max_length=100)
    replaced_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    replaced_by_id: int | None = Field(default=None, foreign_key="sample_draws.id")


class SampleMember(SQLModel, table=True):
    """A stove drawn into a sample, in draw order (reserves come last)."""

    __tablename__ = "sample_members"
    __table_args__ = (UniqueConstraint("draw_id", "stove_id", name="uq_sample_member"),)

    id: int | None = Field(default=None, primary_key=True)
    draw_id: int = Field(foreign_key="sample_draws.id", index=True)
    stove_id: int = Field(foreign_key="stoves.id", index=True)
    district: str = Field(max_length=100)
    rank: int
    is_reserve: bool = False
