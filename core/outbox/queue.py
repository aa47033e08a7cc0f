"""Queueing an SMS in the outbox: the row a transport sends once the dispatcher claims it."""

from datetime import datetime

from sqlmodel import Session

from core.gsm7 import segment_info
from core.models import OutboundMessage


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
    info = segment_info(body)
    outbound = OutboundMessage(
        recipient=to,
        body=body,
        segments=info.segments,
        encoding=info.encoding,
        provider=provider,
        purpose=purpose,
        in_reply_to_id=in_reply_to_id,
        dedupe_key=dedupe_key,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(outbound)
    return outbound
