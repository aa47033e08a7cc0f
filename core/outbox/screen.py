"""Who must not get a claimed message: opted-out phones, invalid numbers, blocked chats,
revoked staff, loops."""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from core.messaging import texts
from core.models import OutboundMessage, Phone, StaffMember
from core.ports import CHAT_BLOCKED, INVALID_NUMBER, OPTED_OUT

# More than LOOP_LIMIT identical messages to one recipient within LOOP_WINDOW are held: a
# bug or an auto-responder ping-pong must not drain the budget or anger a household.
LOOP_LIMIT = 5
LOOP_WINDOW = timedelta(minutes=10)


def _sms_blocks(session: Session, numbers: set[str]) -> dict[str, str]:
    if not numbers:
        return {}
    rows = session.exec(
        select(Phone.number, Phone.opted_out, Phone.invalid_at).where(
            col(Phone.number).in_(numbers)
        )
    )
    blocks = {}
    for number, opted_out, invalid_at in rows:
        if invalid_at is not None:
            blocks[number] = "number invalid"
        elif opted_out:
            blocks[number] = "phone opted out"
    return blocks


def _blocked_chats(session: Session, chats: set[str]) -> set[str]:
    ids = {int(c) for c in chats if c.lstrip("-").isdigit()}
    if not ids:
        return set()
    rows = session.exec(
        select(StaffMember.telegram_chat_id).where(
            col(StaffMember.telegram_chat_id).in_(ids),
            col(StaffMember.telegram_blocked_at).is_not(None),
        )
    )
    return {str(r) for r in rows}


# Held, not suppressed: `qoncha outbox status` shows them, and the rows stay if access returns.
REVOKED = "staff member revoked"


def _revoked_staff(session: Session, chats: set[str], emails: set[str]) -> set[str]:
    """Chats and addresses that belong to revoked staff and to no active member."""
    ids = {int(c) for c in chats if c.lstrip("-").isdigit()}
    if not ids and not emails:
        return set()
    rows = session.exec(
        select(StaffMember.telegram_chat_id, StaffMember.email, StaffMember.revoked_at).where(
            col(StaffMember.telegram_chat_id).in_(ids) | col(StaffMember.email).in_(emails)
        )
    )
    revoked: set[str] = set()
    active: set[str] = set()
    for chat, email, revoked_at in rows:
        found = ({str(chat)} & chats) | ({email or ""} & emails)
        (revoked if revoked_at is not None else active).update(found)
    return revoked - active


def _recent_counts(
    session: Session, recipients: set[str], now: datetime
) -> Counter[tuple[str, str]]:
    rows = session.exec(
        select(OutboundMessage.recipient, OutboundMessage.body, func.count())
        .where(
            col(OutboundMessage.recipient).in_(recipients),
            col(OutboundMessage.sent_at) >= now - LOOP_WINDOW,
        )
        .group_by(col(OutboundMessage.recipient), col(OutboundMessage.body))
    )
    return Counter({(recipient, body): n for recipient, body, n in rows})


def screen_claimed(
    session: Session, rows: Sequence[OutboundMessage], *, now: datetime
) -> list[OutboundMessage]:
    """Mark rows that must not go out (suppressed or held); return the ones that may."""
    if not rows:
        return []
    sms = _sms_blocks(session, {r.recipient for r in rows if r.channel == "sms"})
    chats = _blocked_chats(session, {r.recipient for r in rows if r.channel == "telegram"})
    revoked = _revoked_staff(
        session,
        {r.recipient for r in rows if r.channel == "telegram"},
        {r.recipient for r in rows if r.channel == "email"},
    )
    recent = _recent_counts(session, {r.recipient for r in rows}, now)
    allowed = []
    for row in rows:
        reason = sms.get(row.recipient) if row.channel == "sms" else None
        if reason == "phone opted out" and row.body == texts.STARTED:
            reason = None  # the confirmation of ALTA is the one message an opted-out phone gets
        if row.channel == "telegram" and row.recipient in chats:
            reason = "chat blocked the bot"
        status = "suppressed"
        if reason is None and row.channel in ("telegram", "email") and row.recipient in revoked:
            reason, status = REVOKED, "held"
        if reason is None and recent[(row.recipient, row.body)] >= LOOP_LIMIT:
            reason, status = f"loop guard: over {LOOP_LIMIT} identical in 10 min", "held"
        if reason is None:
            recent[(row.recipient, row.body)] += 1
            allowed.append(row)
            continue
        row.status, row.last_error = status, reason
        session.add(row)
    return allowed


def mark_recipient(
    session: Session, *, channel: str, recipient: str, state: str, now: datetime
) -> None:
    """Record what a permanent failure says about the recipient, so nothing more is sent to it."""
    if channel == "sms" and state == OPTED_OUT:
        session.execute(
            update(Phone)
            .where(col(Phone.number) == recipient)
            .values(opted_out=True, opted_out_at=now)
        )
    elif channel == "sms" and state == INVALID_NUMBER:
        session.execute(update(Phone).where(col(Phone.number) == recipient).values(invalid_at=now))
    elif channel == "telegram" and state == CHAT_BLOCKED and recipient.lstrip("-").isdigit():
        session.execute(
            update(StaffMember)
            .where(col(StaffMember.telegram_chat_id) == int(recipient))
            .values(telegram_blocked_at=now)
        )
