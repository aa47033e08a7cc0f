"""The review inbox's records: how a person read a household message the parser could not."""

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime


class ReviewResolution(SQLModel, table=True):
    """One flagged message, read by a person: what they chose and what it recorded.

    One row per message (a unique key), so two staff pressing at once record once. The
    observation, ticket or stove it produced is linked, so the audit trail shows that a
    person, not the parser, read the message.
    """

    __tablename__ = "review_resolutions"
    __table_args__ = (UniqueConstraint("message_id", name="uq_review_resolution_message"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="inbound_messages.id")
    # usage | open_fire | both | problem | register | stop | nothing
    reading: str = Field(max_length=20)
    days_used: int | None = None
    open_fire_days: int | None = None
    stove_id: int | None = Field(default=None, foreign_key="stoves.id")
    observation_id: int | None = Field(default=None, foreign_key="usage_observations.id")
    ticket_id: int | None = Field(default=None, foreign_key="repair_tickets.id")
    resolved_by_id: int | None = Field(default=None, foreign_key="staff_members.id")
    resolved_by: str = Field(default="", max_length=200)  # a staff name, or the CLI's --by
    resolved_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
