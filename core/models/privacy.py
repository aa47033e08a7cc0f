"""Personal data on record: who read or changed it, the consents given, and the erasures done.

None of these rows holds a phone, name or coordinate: a household is named by its id and
pseudonym, so the log and the erasure record survive the erasure they describe.
"""

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime

PERSONAL_KINDS = ("phone", "name", "location", "message_body", "photo")
# What else the access log records: console actions on aggregate figures (no one's data).
LOGGED_KINDS = (*PERSONAL_KINDS, "figures")
CONSENT_CHANNELS = ("sms", "bot", "import")


class AccessLogEntry(SQLModel, table=True):
    """One read or change of a kind of personal data by a person (kept at least two years)."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_household_at", "household_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=200)  # "staff 7 (Rosa)" or the CLI login name / --by
    kind: str = Field(max_length=20)  # one of LOGGED_KINDS
    action: str = Field(default="read", max_length=10)  # read | change
    # No foreign key: the entry outlives any change to the household row. None: many at once.
    household_id: int | None = None
    pseudonym: str | None = Field(default=None, max_length=20)
    purpose: str = Field(default="", max_length=300)  # the channel and command, e.g. cli:export


class Consent(SQLModel, table=True):
    """How and when a household was told of the processing and agreed, and who recorded it."""

    __tablename__ = "consents"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="households.id", index=True)
    channel: str = Field(max_length=10)  # one of CONSENT_CHANNELS
    notice_version: str = Field(max_length=40)
    consented_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    recorded_by: str = Field(default="", max_length=200)
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class Erasure(SQLModel, table=True):
    """An erasure done: who, when and why, never what was erased."""

    __tablename__ = "erasures"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # request (households forget) | retention (scheduled job)
    household_id: int | None = None  # None for a retention run over many households
    pseudonym: str | None = Field(default=None, max_length=20)
    reason: str = Field(max_length=500)
    erased_by: str = Field(max_length=200)
    erased_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
