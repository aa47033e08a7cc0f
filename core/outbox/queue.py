"""The one writer of outbox rows: every message qoncha sends is queued here, whatever its channel.

`outbox_values` builds a row's values (GSM-7 segments for SMS, UTF-8 for chat and e-mail,
channel, recipient, purpose, dedupe key, payload, times); `queue_message` adds one row,
`insert_outbox_rows` inserts many at once (the weekly prompt). The thin wrappers keep the
names their callers already use.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from core.gsm7 import segment_info
from core.models import OutboundMessage

CHUNK = 5000  # rows per executemany, to bound memory


def outbox_values(
    *,
    channel: str,
    recipient: str,
    body: str,
    purpose: str,
    provider: str,
    now: datetime,
    send_at: datetime | None = None,
    dedupe_key: str | None = None,
    payload: str | None = None,
    in_reply_to_id: int | None = None,
) -> dict[str, Any]:
    """The values of one outbox row, so a row queued alone and one queued in bulk agree."""
    if channel == "sms":
        info = segment_info(body)
        segments, encoding = info.segments, info.encoding
    else:
        segments, encoding = 1, "UTF-8"  # Telegram and e-mail carry UTF-8 in one part
    return {
        "channel": channel,
        "recipient": recipient,
        "body": body,
        "segments": segments,
        "encoding": encoding,
        "purpose": purpose,
        "provider": provider,
        "in_reply_to_id": in_reply_to_id,
        "status": "queued",
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": send_at or now,
        "dedupe_key": dedupe_key,
        "payload": payload,
    }


def queue_message(session: Session, **values: Any) -> OutboundMessage:
    """Add one outbox row (the arguments of `outbox_values`); the channel's dispatcher sends it."""
    message = OutboundMessage(**outbox_values(**values))
    session.add(message)
    return message


def insert_outbox_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows built by `outbox_values` (a Core executemany: no ORM object per row)."""
    # Core, not the ORM's bulk path or a multi-row VALUES: compiling either costs more than
    # the database's own work for 60,000 rows.
    table = OutboundMessage.__table__  # type: ignore[attr-defined]
    for i in range(0, len(rows), CHUNK):
        session.execute(table.insert(), list(rows[i : i + CHUNK]))


def queue_sms(
    session: Session,
    *,
    to: str,
    body: str,
    provider: str,
    now: datetime,
    in_reply_to_id: int | None = None,
    purpose: str = "reply",
    dedupe_key: str | None = None,
) -> OutboundMessage:
    """Queue one SMS for a transport to send; the dispatcher claims it.

    `dedupe_key` names a message that must go out once (a household's welcome): the bulk
    jobs look for it before queueing their own."""
    return queue_message(
        session, channel="sms", recipient=to, body=body, purpose=purpose, provider=provider,
        now=now, in_reply_to_id=in_reply_to_id, dedupe_key=dedupe_key,
    )


def queue_chat_message(
    session: Session,
    *,
    channel: str,
    recipient: str,
    body: str,
    purpose: str,
    now: datetime,
    dedupe_key: str | None = None,
    payload: str | None = None,
) -> OutboundMessage:
    """Queue a Telegram or e-mail message (UTF-8, one part) for the channel's dispatcher."""
    return queue_message(
        session, channel=channel, recipient=recipient, body=body, purpose=purpose,
        provider=channel, now=now, dedupe_key=dedupe_key, payload=payload,
    )
