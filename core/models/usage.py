"""What households tell us: weekly usage observations and repair tickets."""

from datetime import datetime

from sqlalchemy import Column, Index, Text, text
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime, utcnow


class UsageObservation(SQLModel, table=True):
    """Days of use in one ISO week for one stove; corrections supersede, they never overwrite."""

    __tablename__ = "usage_observations"
    __table_args__ = (
        # At most one observation in force per stove and week, even with concurrent workers.
        Index(
            "uq_usage_current",
            "stove_id",
            "week",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
        # A household's last report (the one definition of silent) read from the index alone.
        Index("ix_usage_observations_stove_reported", "stove_id", "reported_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    stove_id: int = Field(foreign_key="stoves.id", index=True)
    week: str = Field(max_length=8, index=True)  # ISO week, programme time zone: 2026-W48
    days_used: int | None = None
    open_fire_days: int | None = None
    source: str = Field(default="sms", max_length=20)
    source_message_id: int | None = Field(
        default=None, foreign_key="inbound_messages.id", index=True
    )
    reported_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    superseded_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    superseded_by_id: int | None = Field(default=None, foreign_key="usage_observations.id")


class RepairTicket(SQLModel, table=True):
    """A stove problem a household reported; staff work it until closed."""

    __tablename__ = "repair_tickets"

    id: int | None = Field(default=None, primary_key=True)
    stove_id: int | None = Field(default=None, foreign_key="stoves.id", index=True)
    household_id: int | None = Field(default=None, foreign_key="households.id", index=True)
    phone_id: int | None = Field(default=None, foreign_key="phones.id")
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", max_length=20, index=True)
    source_message_id: int | None = Field(default=None, foreign_key="inbound_messages.id")
    opened_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    taken_by_id: int | None = Field(default=None, foreign_key="staff_members.id")
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    resolution: str = Field(default="", sa_column=Column(Text, nullable=False))
    escalated_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
