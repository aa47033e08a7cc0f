"""Receiving a household SMS: store it, then interpret it, in one transaction per message."""

import dataclasses
import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlmodel import Session, or_, select

from core.db.driver_sql import DriverSql
from core.db.uow import UnitOfWork
from core.gsm7 import segment_info
from core.inputs import storable_text
from core.messaging import texts
from core.messaging.conversation import Context, Outcome, Sender, interpret
from core.messaging.receipt import attribute_receipt
from core.messaging.usage import STOVE_IN_USE
from core.models import InboundMessage, OutboundMessage
from core.models.base import utcnow
from core.periods import local_date
from core.phones import ParsedPhone, mask_phone, parse_phone
from core.privacy.consent import notice_key
from core.protocol import parse

log = logging.getLogger(__name__)

# Two workers racing on the same stove-week or phone lose one insert to a unique key; the
# loser retries once and then sees the winner's rows.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class InboundSms:
    """An SMS as a provider delivered it, before anything is decided about it.

    `received_at` is the provider's receive time (None when it gave none); the core decides
    whether to believe it (core.messaging.receipt) and notes why when it does not. Its text is made
    storable as it enters the core (NUL and lone surrogates become U+FFFD), so the message,
    the ticket a `FALLA` opens and every reply see the same storable text.
    """

    provider: str
    provider_id: str
    sender: str
    recipient: str
    body: str
    raw_payload: str
    received_at: datetime | None
    content_key: str | None = None
    receipt_note: str | None = None

    def __post_init__(self) -> None:
        for name in ("provider_id", "sender", "recipient", "body", "raw_payload"):
            object.__setattr__(self, name, storable_text(getattr(self, name)))


@dataclass(frozen=True)
class InboundResult:
    """What became of an inbound SMS: its stored id, the reply, and whether it was a repeat."""

    message_id: int
    interpretation: str
    reply: str | None
    duplicate: bool
    outbound_id: int | None = None


def content_key(sender: str, body: str, provider_received_at: str) -> str:
    """A stable identity for providers whose own message ids are not unique."""
    digest = hashlib.sha256(f"{sender}\x1f{body}\x1f{provider_received_at}".encode())
    return digest.hexdigest()[:64]


def receive_sms(
    uow: UnitOfWork, sms: InboundSms, *, now: datetime, tz: str, reply_via: str | None = None
) -> InboundResult:
    """Store, interpret and answer one SMS; a repeat gets the stored answer and changes nothing.

    `reply_via` names the provider to queue the reply through (providers that cannot answer
    in the HTTP response); None means the caller answers inline (TwiML).
    """
    receipt = attribute_receipt(sms.received_at, now)
    sms = dataclasses.replace(sms, received_at=receipt.at, receipt_note=receipt.note)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        failed = False
        with uow:
            try:
                result = _store_and_interpret(uow.session, sms, now=now, tz=tz, reply_via=reply_via)
                uow.commit()
                return result
            except IntegrityError:
                uow.rollback()
                existing = _find_existing(uow.session, sms)
                if existing is not None:
                    return _repeat(uow.session, existing)
                log.info(
                    "inbound %s/%s lost a race (attempt %d)", sms.provider, sms.provider_id, attempt
                )
            except DataError:
                # A value the database refuses is bad input, not an outage: keep the message.
                log.exception("inbound %s/%s: a value was refused", sms.provider, sms.provider_id)
                failed = True
            except DBAPIError:
                raise  # the database itself is unavailable: the caller answers 503
            except Exception:
                log.exception("interpreting inbound %s/%s failed", sms.provider, sms.provider_id)
                failed = True
        if failed:
            return _store_unexplained(uow, sms, now=now, reply_via=reply_via)
    raise RuntimeError(f"inbound {sms.provider}/{sms.provider_id} could not be stored")


def _store_and_interpret(
    session: Session, sms: InboundSms, *, now: datetime, tz: str, reply_via: str | None
) -> InboundResult:
    # Pure work first: the transaction (and SQLite's single write lock) starts at the first query.
    sender = parse_phone(sms.sender)
    command = parse(sms.body) if sender.e164 is not None else None
    today = local_date(now, tz)
    sql = DriverSql(session)
    phone = _phone_for(sql, sender, today=today, now=now)
    # The message is stored before anything reads it; duplicates fail here.
    values = _message_values(sms, sender, phone_id=phone.id if phone else None)
    message_id = _insert_message(sql, values)
    if phone is None or command is None:
        log.warning(
            "inbound %s/%s from an invalid sender %s",
            sms.provider,
            sms.provider_id,
            mask_phone(sms.sender),
        )
        outcome = Outcome("invalid_sender", None, needs_review=True)
    else:
        outcome = interpret(Context(sql, phone, message_id, now, tz, sms.received_at), command)
    session.flush()  # rare paths change ORM objects; they go out before the outcome
    sql.run(
        RECORD_OUTCOME,
        {
            "message_id": message_id,
            "interpretation": outcome.interpretation,
            "needs_review": outcome.needs_review,
            "reply": outcome.reply,
        },
    )
    outbound_id = None
    if outcome.reply and reply_via and sender.e164:
        outbound = queue_sms(
            session,
            to=sender.e164,
            body=outcome.reply,
            provider=reply_via,
            now=now,
            in_reply_to_id=message_id,
        )
        session.flush()
        outbound_id = outbound.id
        if outcome.notice_for is not None:  # after the reply, once per household
            queue_sms(session, to=sender.e164, body=texts.PRIVACY_NOTICE, provider=reply_via,
                      now=now, purpose="notice", dedupe_key=notice_key(outcome.notice_for))
    return InboundResult(message_id, outcome.interpretation, outcome.reply, False, outbound_id)


# The hot path's SQL, run through the driver (see core.db.driver_sql). One read tells all a
# message from a known phone needs: the phone, its household's stove in use today (the most
# recently installed active one) and whether a question is pending.
SENDER = f"""
SELECT p.id, p.household_id, p.opted_out,
  ({STOVE_IN_USE.format(household="p.household_id")}),
  EXISTS (SELECT 1 FROM conversation_states c WHERE c.phone_id = p.id)
FROM phones p WHERE p.number = :number
"""
INSERT_PHONE = """
INSERT INTO phones (number, household_id, opted_out, opted_out_at, created_at)
VALUES (:number, NULL, :opted_out, NULL, :created_at) RETURNING id
"""
INSERT_MESSAGE = """
INSERT INTO inbound_messages (provider, provider_id, content_key, sender, sender_valid,
  recipient, body, raw_payload, received_at, receipt_note, stored_at, phone_id,
  interpretation, needs_review, reply)
VALUES (:provider, :provider_id, :content_key, :sender, :sender_valid, :recipient, :body,
  :raw_payload, :received_at, :receipt_note, :stored_at, :phone_id, 'pending', :needs_review,
  NULL)
RETURNING id
"""
RECORD_OUTCOME = """
UPDATE inbound_messages SET interpretation = :interpretation, needs_review = :needs_review,
  reply = :reply WHERE id = :message_id
"""


def _phone_for(sql: DriverSql, sender: ParsedPhone, *, today: date, now: datetime) -> Sender | None:
    """The sender's phone as a plain row, created on first contact so opt-outs can stick."""
    if sender.e164 is None:
        return None
    row = sql.one(SENDER, {"number": sender.e164, "today": today})
    if row is not None:
        return Sender(row[0], row[1], bool(row[2]), row[3], bool(row[4]))
    created = sql.one(INSERT_PHONE, {"number": sender.e164, "opted_out": False, "created_at": now})
    assert created is not None
    return Sender(created[0], None, False, None, False)


def _insert_message(sql: DriverSql, values: dict[str, Any]) -> int:
    """INSERT a message as `InboundMessage(**values)` would be stored, returning its id."""
    row = sql.one(INSERT_MESSAGE, {**values, "stored_at": utcnow(), "needs_review": False})
    assert row is not None
    return int(row[0])


def _new_message(sms: InboundSms, sender: ParsedPhone, *, phone_id: int | None) -> InboundMessage:
    return InboundMessage(**_message_values(sms, sender, phone_id=phone_id))


def _message_values(
    sms: InboundSms, sender: ParsedPhone, *, phone_id: int | None
) -> dict[str, Any]:
    return dict(
        provider=sms.provider,
        provider_id=sms.provider_id[:64],
        content_key=sms.content_key,
        sender=sender.key,
        sender_valid=sender.valid,
        recipient=sms.recipient[:64],
        body=sms.body,
        raw_payload=sms.raw_payload,
        received_at=sms.received_at,
        receipt_note=sms.receipt_note,
        phone_id=phone_id,
    )


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


def _find_existing(session: Session, sms: InboundSms) -> InboundMessage | None:
    keys = [InboundMessage.provider_id == sms.provider_id[:64]]
    if sms.content_key:
        keys.append(InboundMessage.content_key == sms.content_key)
    statement = select(InboundMessage).where(InboundMessage.provider == sms.provider, or_(*keys))
    return session.exec(statement).first()


def _repeat(session: Session, message: InboundMessage) -> InboundResult:
    assert message.id is not None
    outbound = session.exec(
        select(OutboundMessage.id).where(OutboundMessage.in_reply_to_id == message.id)
    ).first()
    return InboundResult(message.id, message.interpretation, message.reply, True, outbound)


def _store_unexplained(
    uow: UnitOfWork, sms: InboundSms, *, now: datetime, reply_via: str | None
) -> InboundResult:
    """Keep a message whose interpretation failed: flagged for review, answered with help."""
    sender = parse_phone(sms.sender)
    with uow:
        message = _new_message(sms, sender, phone_id=None)
        message.interpretation, message.needs_review = "error", True
        message.reply = texts.HELP_UNREADABLE if sender.valid else None
        uow.session.add(message)
        try:
            uow.session.flush()
            outbound = None
            if message.reply and reply_via and sender.e164:
                outbound = queue_sms(
                    uow.session,
                    to=sender.e164,
                    body=message.reply,
                    provider=reply_via,
                    now=now,
                    in_reply_to_id=message.id,
                )
                uow.session.flush()
            uow.commit()
        except IntegrityError:
            uow.rollback()
            existing = _find_existing(uow.session, sms)
            if existing is None:
                raise
            return _repeat(uow.session, existing)
        assert message.id is not None
        return InboundResult(
            message.id, "error", message.reply, False, outbound.id if outbound else None
        )
