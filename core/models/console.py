"""The coordinator's console: one-time login links and the web sessions they open.

Both keep only the SHA-256 of their token; the token itself lives in the link or the cookie.
"""

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime


class StaffTokenBase(SQLModel):
    """A hashed token of a staff member, with when it was made and when it stops working."""

    staff_id: int = Field(foreign_key="staff_members.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UtcDateTime, nullable=False)  # type: ignore[call-overload]
    expires_at: datetime = Field(sa_type=UtcDateTime, nullable=False)  # type: ignore[call-overload]


class ConsoleLoginLink(StaffTokenBase, table=True):
    """A one-time link into the console for one staff member, valid for a few minutes."""

    __tablename__ = "console_login_links"

    id: int | None = Field(default=None, primary_key=True)
    used_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class ConsoleSession(StaffTokenBase, table=True):
    """A signed-in browser: kept server-side so every gunicorn worker sees a logout at once."""

    __tablename__ = "console_sessions"

    id: int | None = Field(default=None, primary_key=True)
    ended_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
