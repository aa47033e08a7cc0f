"""A staff member's e-mail address, verified by a one-time code sent to it before use.

Digests go only to `StaffMember.email`, which is set only when the code sent to the address
comes back (through `qoncha staff set --email-code` or the bot's /correo). The code is six
digits, kept as a SHA-256 bound to the member and the address, valid EMAIL_CODE_VALIDITY,
and burnt after EMAIL_CODE_TRIES wrong tries; asking again replaces it. The e-mail leaves
through the outbox's e-mail channel like every other message.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import StaffEmailCode, StaffMember
from core.outbox.delivery import queue_chat_message
from core.outbox.payload import Payload
from core.staffbot import texts
from core.staffbot.members import StaffError, hash_code

EMAIL_CODE_VALIDITY = timedelta(minutes=30)
EMAIL_CODE_TRIES = 5
_ADDRESS = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}")


class EmailRefused(StaffError):
    """Why an address or a code was refused: `reason` is a key of texts.EMAIL_REFUSED."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class EmailState:
    """The address digests go to, and one waiting for its code."""

    verified: str | None
    pending: str | None


def normalise_address(address: str) -> str:
    """The address as stored (domain in lower case); EmailRefused("address") if unreadable."""
    address = address.strip()
    if len(address) > 254 or not _ADDRESS.fullmatch(address):
        raise EmailRefused("address")
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _hash(staff_id: int, address: str, code: str) -> str:
    return hash_code(f"{staff_id}:{address}:{code}")


def request_email_code(uow: UnitOfWork, *, staff_id: int, address: str, now: datetime) -> str:
    """Queue a one-time code to `address` for this member; returns the address as stored."""
    address = normalise_address(address)
    code = f"{secrets.randbelow(10**6):06d}"
    with uow:
        session = uow.session
        member = session.get(StaffMember, staff_id, with_for_update=True)
        if member is None or member.revoked_at is not None:
            raise EmailRefused("staff")
        for earlier in session.exec(
            select(StaffEmailCode).where(
                StaffEmailCode.staff_id == staff_id, col(StaffEmailCode.used_at).is_(None)
            )
        ):
            earlier.expires_at = min(earlier.expires_at, now)  # replaced by the new code
            session.add(earlier)
        session.add(
            StaffEmailCode(
                staff_id=staff_id, email=address, code_hash=_hash(staff_id, address, code),
                created_at=now, expires_at=now + EMAIL_CODE_VALIDITY,
            )
        )  # fmt: skip
        minutes = int(EMAIL_CODE_VALIDITY.total_seconds() // 60)
        queue_chat_message(
            session,
            channel="email",
            recipient=address,
            body=texts.EMAIL_BODY.format(name=member.name or "", code=code, minutes=minutes),
            purpose="email_code",
            now=now,
            payload=Payload(subject=texts.EMAIL_SUBJECT).to_json(),
        )
        uow.commit()
    return address


def confirm_email_code(uow: UnitOfWork, *, staff_id: int, code: str, now: datetime) -> str:
    """Make the pending address the member's when `code` is right; returns the address."""
    with uow:
        session = uow.session
        pending = session.exec(
            select(StaffEmailCode)
            .where(
                StaffEmailCode.staff_id == staff_id,
                col(StaffEmailCode.used_at).is_(None),
                StaffEmailCode.expires_at > now,
            )
            .order_by(col(StaffEmailCode.id).desc())
            .with_for_update()
        ).first()
        member = session.get(StaffMember, staff_id)
        if member is None or member.revoked_at is not None:
            raise EmailRefused("staff")
        if pending is None:
            raise EmailRefused("none")
        if pending.attempts >= EMAIL_CODE_TRIES:
            raise EmailRefused("tries")
        if not secrets.compare_digest(
            pending.code_hash, _hash(staff_id, pending.email, code.strip())
        ):
            pending.attempts += 1
            session.add(pending)
            uow.commit()  # a wrong try counts even though the request is refused
            raise EmailRefused("tries" if pending.attempts >= EMAIL_CODE_TRIES else "wrong")
        pending.used_at = now
        member.email = pending.email
        session.add_all([pending, member])
        uow.commit()
        return pending.email


def email_state(uow: UnitOfWork, *, staff_id: int, now: datetime) -> EmailState:
    """The member's verified address and the one waiting for its code, if any."""
    with uow:
        member = uow.session.get(StaffMember, staff_id)
        pending = uow.session.exec(
            select(StaffEmailCode.email)
            .where(
                StaffEmailCode.staff_id == staff_id,
                col(StaffEmailCode.used_at).is_(None),
                StaffEmailCode.expires_at > now,
            )
            .order_by(col(StaffEmailCode.id).desc())
        ).first()
    return EmailState(member.email if member else None, pending)
