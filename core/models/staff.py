"""Field staff: technicians, coordinators and admins, the districts they act in, and invites."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, text
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime, utcnow

STAFF_ROLES = ("technician", "coordinator", "admin")


class StaffMember(SQLModel, table=True):
    """A person of the programme; linked to a Telegram account once their invite is redeemed."""

    __tablename__ = "staff_members"
    # One account is one active person; a revoked member keeps theirs as history, and the
    # account may be linked again to a new member.
    __table_args__ = (Index(
        "ux_staff_members_active_telegram_user", "telegram_user_id", unique=True,
        sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL"),
    ),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=200)
    role: str = Field(max_length=20)  # one of STAFF_ROLES
    telegram_user_id: int | None = Field(  # Telegram ids exceed 32 bits
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    telegram_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    linked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    # Telegram answered 403 (the person blocked the bot): nothing more is sent to the chat.
    telegram_blocked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class StaffDistrict(SQLModel, table=True):
    """A district a staff member acts in (admins act everywhere and need none)."""

    __tablename__ = "staff_districts"

    staff_id: int = Field(foreign_key="staff_members.id", primary_key=True)
    district: str = Field(max_length=100, primary_key=True, index=True)


class StaffInvite(SQLModel, table=True):
    """A one-time code, stored only as its SHA-256, that links a Telegram account to a member."""

    __tablename__ = "staff_invites"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff_members.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class StaffEmailCode(SQLModel, table=True):
    """A one-time code sent to an address a staff member gave; the address is theirs once the
    code comes back (only its SHA-256 is kept, with a few tries and a short validity)."""

    __tablename__ = "staff_email_codes"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff_members.id", index=True)
    email: str = Field(max_length=254)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    attempts: int = Field(default=0)
    used_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
