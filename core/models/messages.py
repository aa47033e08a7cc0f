"""The message audit trail: every inbound message, every outbound one and its delivery history."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime, utcnow


class InboundMessage(SQLModel, table=True):
    """Stored before it is interpreted, whatever it says: the raw evidence behind every figure."""

    __tablename__ = "inbound_messages"
    # Every index is written by every message, inside the one write transaction SQLite lets
    # run at a time, so the table keeps only those something reads, and partial ones cover
    # only the rows they are for: content keys (Twilio rows have none) and the review queue
    # (the few per cent of messages flagged for staff).
    __table_args__ = (
        UniqueConstraint("provider", "provider_id", name="uq_inbound_provider_id"),
        Index(
            "uq_inbound_content_key",
            "provider",
            "content_key",
            unique=True,
            sqlite_where=text("content_key IS NOT NULL"),
            postgresql_where=text("content_key IS NOT NULL"),
        ),
        Index(
            "ix_inbound_review_queue",
            "received_at",
            sqlite_where=text("needs_review"),
            postgresql_where=text("needs_review"),
        ),
        # A phone's last message (the silent-household rule) read from the index alone.
        Index("ix_inbound_phone_received", "phone_id", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    provider_id: str = Field(max_length=64)
    # A second identity for providers whose ids are not stable across retries (Android app):
    # a hash of sender, text and the provider's receive time.
    content_key: str | None = Field(default=None, max_length=64)
    sender: str = Field(max_length=64)  # messages of a known phone are found by phone_id
    sender_valid: bool = True
    recipient: str = Field(default="", max_length=64)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    raw_payload: str = Field(default="", sa_column=Column(Text, nullable=False))
    # When the SMS was received: the provider's own time (the Android phone's) when it is
    # plausible, else arrival here; receipt_note says why arrival was used (core.messaging.receipt).
    received_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    receipt_note: str | None = Field(default=None, max_length=200)
    stored_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    phone_id: int | None = Field(default=None, foreign_key="phones.id", index=True)
    interpretation: str = Field(default="pending", max_length=30)
    needs_review: bool = False
    reply: str | None = Field(default=None, sa_column=Column(Text))
    # When a flagged message left unresolved for a week was raised to the coordinators.
    review_escalated_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class OutboundMessage(SQLModel, table=True):
    """A message qoncha sends; queued by the core, claimed and sent by a transport."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        UniqueConstraint("provider", "provider_id", name="uq_outbound_provider_id"),
        Index("ix_outbound_status_next", "status", "next_attempt_at"),
        # Scheduled jobs name what they queue (prompt:2026-W48:phone 17): running a job twice
        # for the same week queues nothing more, even from two processes at once.
        UniqueConstraint("dedupe_key", name="uq_outbound_dedupe_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # sms (recipient: E.164 number), telegram (recipient: chat id), email (recipient: address)
    channel: str = Field(default="sms", max_length=20)
    recipient: str = Field(max_length=254, index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    segments: int = 1
    encoding: str = Field(default="GSM-7", max_length=8)
    purpose: str = Field(default="reply", max_length=30)
    provider: str = Field(max_length=20)
    provider_id: str | None = Field(default=None, max_length=64)
    in_reply_to_id: int | None = Field(default=None, foreign_key="inbound_messages.id", index=True)
    status: str = Field(default="queued", max_length=20)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    sent_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    dedupe_key: str | None = Field(default=None, max_length=120)
    # What a plain text cannot carry (e-mail subject and HTML, attached chart and CSV), as JSON.
    payload: str | None = Field(default=None, sa_column=Column(Text))


class DeliveryEvent(SQLModel, table=True):
    """One provider status report; appended, never edited, because callbacks arrive out of order."""

    __tablename__ = "delivery_events"

    id: int | None = Field(default=None, primary_key=True)
    outbound_id: int = Field(foreign_key="outbound_messages.id", index=True)
    status: str = Field(max_length=20)
    error: str | None = Field(default=None, max_length=500)
    occurred_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    received_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    raw_payload: str = Field(default="", sa_column=Column(Text, nullable=False))


class ConversationState(SQLModel, table=True):
    """What the service last asked a phone, so that a bare '5' or 'SI' can be understood."""

    __tablename__ = "conversation_states"

    phone_id: int = Field(foreign_key="phones.id", primary_key=True)
    awaiting: str = Field(max_length=30)
    asked_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class TelegramUpdate(SQLModel, table=True):
    """A raw Telegram update, stored before it is handled; `update_id` makes retries harmless."""

    __tablename__ = "telegram_updates"
    __table_args__ = (Index("ix_telegram_updates_status_next", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    update_id: int = Field(unique=True, index=True)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UtcDateTime(), nullable=False)
    )
    handled: bool = False  # true once handled or ignored: nothing more will be done with it
    # pending -> processing -> handled | ignored | failed (retried from this stored copy)
    status: str = Field(default="pending", max_length=20)
    # The chat it came from: one chat's updates are handled in order, one at a time.
    chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    handled_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class BotState(SQLModel, table=True):
    """The bot's conversation state and per-user/chat data, so any worker can continue a chat."""

    __tablename__ = "bot_states"

    kind: str = Field(max_length=20, primary_key=True)  # conversation | user | chat
    name: str = Field(default="", max_length=50, primary_key=True)  # the conversation's name
    key: str = Field(max_length=100, primary_key=True)  # JSON of the PTB key
    data: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    updated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
