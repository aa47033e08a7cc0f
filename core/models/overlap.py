"""Stoves or households also claimed by another mitigation activity, and when that was checked."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime

OVERLAP_TARGETS = ("stove", "household")


class OverlapClaimBase(SQLModel):
    # A claim on one stove, or on every stove of one household (ids, not codes: codes change).
    target: str = Field(max_length=10)  # stove | household
    target_id: int
    activity: str = Field(max_length=200)
    from_day: date
    to_day: date
    # The share of the stove-days removed from the ER; None: excluded entirely.
    discount: float | None = None


class OverlapClaim(OverlapClaimBase, table=True):
    """One claim by another activity; importing the same target, activity and start updates it."""

    __tablename__ = "overlap_claims"
    __table_args__ = (
        UniqueConstraint("target", "target_id", "activity", "from_day", name="uq_overlap_claim"),
        CheckConstraint("to_day >= from_day", name="ck_overlap_claim_days"),
    )

    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class OverlapImport(SQLModel, table=True):
    """One `overlap import` run: when the list was checked, so a report can say it was."""

    __tablename__ = "overlap_imports"

    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    imported_by: str = Field(default="", max_length=100)
    rows: int = 0  # claims in the file
