"""Field staff: invites, linking a Telegram account, revoking, and the rights each role has.

Rights are decided here, for the bot, the CLI and the SMS side alike: a technician acts in
their districts, a coordinator sees theirs, an admin everything. Invite codes are stored only
as their SHA-256 and expire after INVITE_VALIDITY.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.models import STAFF_ROLES, OutboundMessage, StaffDistrict, StaffInvite, StaffMember
from core.outbox.queue import queue_chat_message
from core.refusals import Refused

INVITE_VALIDITY = timedelta(days=7)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


class StaffError(Refused):
    """A staff request that cannot be done: a code the catalogues word for staff and the CLI."""


@dataclass(frozen=True)
class Staff:
    """A linked, active staff member as the bot sees them."""

    id: int
    name: str
    role: str
    districts: tuple[str, ...]
    chat_id: int | None

    def can_act_in(self, district: str) -> bool:
        """Technicians and coordinators act in their districts; admins everywhere."""
        return self.role == "admin" or district in self.districts

    def scope(self) -> tuple[str, ...] | None:
        """The districts this member sees; None means all of them (admins)."""
        return None if self.role == "admin" else self.districts


@dataclass(frozen=True)
class StaffListing:
    """One line of `qoncha staff list`."""

    id: int
    name: str
    role: str
    districts: tuple[str, ...]
    linked: bool
    revoked: bool


def hash_code(code: str) -> str:
    """SHA-256 of a normalised invite code: what the table keeps."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def invite_staff(
    uow: UnitOfWork, *, role: str, districts: list[str], name: str, now: datetime
) -> str:
    """Create a staff member and return their one-time code (only its hash is stored)."""
    if role not in STAFF_ROLES:
        raise StaffError("role_unknown", roles=", ".join(STAFF_ROLES))
    districts = sorted({d.strip() for d in districts if d.strip()})
    if role != "admin" and not districts:
        raise StaffError("needs_district", role=role)
    with uow:
        member = StaffMember(name=name.strip()[:200], role=role, created_at=now)
        uow.session.add(member)
        uow.session.flush()
        assert member.id is not None
        for district in districts:
            uow.session.add(StaffDistrict(staff_id=member.id, district=district[:100]))
        code = _add_invite(uow.session, member.id, now)
        uow.commit()
    return code


def reissue_invite(uow: UnitOfWork, *, staff_id: int, now: datetime) -> str:
    """A fresh one-time code for a member not linked yet (earlier codes stay valid)."""
    with uow:
        member = uow.session.get(StaffMember, staff_id)
        if member is None or member.revoked_at is not None or member.linked_at is not None:
            raise StaffError("not_waiting", staff_id=staff_id)
        code = _add_invite(uow.session, staff_id, now)
        uow.commit()
    return code


def _add_invite(session: Session, staff_id: int, now: datetime) -> str:
    """Store a new code's hash for the member; return the code (never stored)."""
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    session.add(StaffInvite(
        staff_id=staff_id, code_hash=hash_code(code), created_at=now,
        expires_at=now + INVITE_VALIDITY,
    ))
    return code


def invited_member(uow: UnitOfWork, *, code: str) -> int | None:
    """The staff member an invite code was made for (used or not), or None."""
    with uow:
        return uow.session.exec(
            select(StaffInvite.staff_id).where(StaffInvite.code_hash == hash_code(code))
        ).first()


def redeem_invite(
    uow: UnitOfWork, *, code: str, telegram_user_id: int, chat_id: int, now: datetime
) -> Staff:
    """Link a Telegram account with a valid, unused code; StaffError says why not."""
    with uow:
        session = uow.session
        invite = session.exec(
            select(StaffInvite).where(StaffInvite.code_hash == hash_code(code)).with_for_update()
        ).first()
        if invite is None or invite.used_at is not None or invite.expires_at <= now:
            raise StaffError("invite")
        member = session.get(StaffMember, invite.staff_id)
        if member is None or member.revoked_at is not None:
            raise StaffError("invite")
        holder = session.exec(  # a revoked member keeps the account only as history
            select(StaffMember).where(StaffMember.telegram_user_id == telegram_user_id,
                                      col(StaffMember.revoked_at).is_(None))
        ).first()
        if holder is not None and holder.id != member.id:
            raise StaffError("linked")
        invite.used_at = now
        member.telegram_user_id, member.telegram_chat_id, member.linked_at = (
            telegram_user_id, chat_id, now)
        session.add_all([invite, member])
        uow.commit()
        return _staff(session, member)


def staff_for_user(uow: UnitOfWork, *, telegram_user_id: int) -> Staff | None:
    """The active staff member behind a Telegram account, or None (unknown or revoked)."""
    with uow:
        member = uow.session.exec(
            select(StaffMember).where(
                StaffMember.telegram_user_id == telegram_user_id,
                col(StaffMember.revoked_at).is_(None),
            )
        ).first()
        return None if member is None else _staff(uow.session, member)


def account_revoked(uow: UnitOfWork, *, telegram_user_id: int) -> bool:
    """Whether this account was linked to a member since revoked: told so, not "unknown"."""
    with uow:
        revoked = uow.session.exec(
            select(StaffMember.id).where(
                StaffMember.telegram_user_id == telegram_user_id,
                col(StaffMember.revoked_at).is_not(None),
            )
        ).first()
        return revoked is not None


def list_staff(uow: UnitOfWork) -> list[StaffListing]:
    """Every staff member, oldest first, with districts and whether linked or revoked."""
    with uow:
        members = uow.session.exec(select(StaffMember).order_by(col(StaffMember.id))).all()
        return [
            StaffListing(
                m.id or 0, m.name, m.role, _districts(uow.session, m.id or 0),
                m.linked_at is not None, m.revoked_at is not None,
            )
            for m in members
        ]


def revoke_staff(uow: UnitOfWork, *, staff_id: int, now: datetime) -> None:
    """End a member's access now; their unused invites die with it."""
    with uow:
        member = uow.session.get(StaffMember, staff_id)
        if member is None:
            raise StaffError("staff_unknown", staff_id=staff_id)
        if member.revoked_at is None:
            member.revoked_at = now
            uow.session.add(member)
            for invite in uow.session.exec(
                select(StaffInvite).where(
                    StaffInvite.staff_id == staff_id, col(StaffInvite.used_at).is_(None))
            ):
                invite.expires_at = now
                uow.session.add(invite)
        uow.commit()


def chats_in_district(session: Session, *, district: str, roles: tuple[str, ...]) -> list[int]:
    """Telegram chats of the active, linked members of these roles acting in a district."""
    rows = session.exec(
        select(StaffMember.telegram_chat_id)
        .join(StaffDistrict, col(StaffDistrict.staff_id) == col(StaffMember.id))
        .where(
            StaffDistrict.district == district,
            col(StaffMember.role).in_(roles),
            col(StaffMember.revoked_at).is_(None),
            col(StaffMember.telegram_chat_id).is_not(None),
        )
        .order_by(col(StaffMember.id))
    ).all()
    return [int(chat) for chat in rows if chat is not None]


def queue_staff_message(
    session: Session, *, chat_id: int, body: str, now: datetime, purpose: str = "staff",
    payload: str | None = None,
) -> OutboundMessage:
    """Queue a Telegram message to a staff chat in the outbox; its dispatcher sends it."""
    return queue_chat_message(
        session, channel="telegram", recipient=str(chat_id), body=body[:4096], purpose=purpose,
        now=now, payload=payload,
    )


def escalate_to_coordinators(session: Session, *, district: str, body: str,
                             now: datetime) -> None:
    """Queue an escalation to every coordinator of a district: what is left waiting too
    long (a repair ticket, an unread SMS) goes up to the people who answer for it."""
    for chat in chats_in_district(session, district=district, roles=("coordinator",)):
        queue_staff_message(session, chat_id=chat, body=body, now=now, purpose="escalation")


def staff_by_id(session: Session, staff_id: int) -> Staff | None:
    """The active staff member with this id, with their districts, or None (unknown, revoked)."""
    member = session.get(StaffMember, staff_id)
    if member is None or member.revoked_at is not None:
        return None
    return _staff(session, member)


def _staff(session: Session, member: StaffMember) -> Staff:
    assert member.id is not None
    return Staff(member.id, member.name, member.role, _districts(session, member.id),
                 member.telegram_chat_id)


def _districts(session: Session, staff_id: int) -> tuple[str, ...]:
    return tuple(session.exec(
        select(StaffDistrict.district).where(StaffDistrict.staff_id == staff_id)
        .order_by(col(StaffDistrict.district))
    ).all())
