"""One-time login links and the web sessions they open, both kept as token hashes."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import ConsoleLoginLink, ConsoleSession, StaffMember
from core.staffbot.members import Staff, StaffError, staff_by_id

LINK_VALIDITY = timedelta(minutes=15)


class LoginRefused(ValueError):
    """A link that cannot sign in: `code` is unknown, used, expired or revoked."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class SignedIn:
    """A session just opened: the cookie's token (never stored), its expiry, and who."""

    token: str
    expires_at: datetime
    staff: Staff


def token_hash(token: str) -> str:
    """SHA-256 of a token: what the tables keep."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(session_token: str) -> str:
    """The form token of a session: derived from its secret cookie, so no page can guess it."""
    return hmac.new(session_token.encode(), b"console-csrf", hashlib.sha256).hexdigest()


def csrf_matches(session_token: str, given: str) -> bool:
    """Whether a form carried its session's token (compared in constant time)."""
    return hmac.compare_digest(csrf_token(session_token), given or "")


def create_login_link(uow: UnitOfWork, *, staff_id: int, now: datetime) -> str:
    """A fresh one-time token for an active staff member (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with uow:
        member = uow.session.get(StaffMember, staff_id)
        if member is None or member.revoked_at is not None:
            raise StaffError("staff_unknown", staff_id=staff_id)
        uow.session.add(ConsoleLoginLink(staff_id=staff_id, token_hash=token_hash(token),
                                         created_at=now, expires_at=now + LINK_VALIDITY))
        uow.commit()
    return token


def redeem_login_link(
    uow: UnitOfWork, *, token: str, now: datetime, session_hours: float
) -> SignedIn:
    """Spend a link once and open a session; LoginRefused says why not."""
    with uow:
        session = uow.session
        link = session.exec(select(ConsoleLoginLink)
                            .where(ConsoleLoginLink.token_hash == token_hash(token))
                            .with_for_update()).first()
        if link is None:
            raise LoginRefused("unknown")
        if link.used_at is not None:
            raise LoginRefused("used")
        if link.expires_at <= now:
            raise LoginRefused("expired")
        staff = staff_by_id(session, link.staff_id)
        if staff is None:
            raise LoginRefused("revoked")
        link.used_at = now
        cookie = secrets.token_urlsafe(32)
        expires = now + timedelta(hours=session_hours)
        session.add_all([link, ConsoleSession(staff_id=staff.id, token_hash=token_hash(cookie),
                                              created_at=now, expires_at=expires)])
        uow.commit()
    return SignedIn(cookie, expires, staff)


def session_staff(uow: UnitOfWork, *, token: str, now: datetime) -> Staff | None:
    """The active staff member of a live session, or None (unknown, ended, expired, revoked)."""
    with uow.reading():
        row = uow.session.exec(select(ConsoleSession).where(
            ConsoleSession.token_hash == token_hash(token),
            col(ConsoleSession.ended_at).is_(None))).first()
        if row is None or row.expires_at <= now:
            return None
        return staff_by_id(uow.session, row.staff_id)


def end_session(uow: UnitOfWork, *, token: str, now: datetime) -> None:
    """Sign a browser out: its session ends for every worker at once."""
    with uow:
        row = uow.session.exec(select(ConsoleSession)
                               .where(ConsoleSession.token_hash == token_hash(token))).first()
        if row is not None and row.ended_at is None:
            row.ended_at = now
            uow.session.add(row)
        uow.commit()


def login_url(public_base_url: str, token: str) -> str:
    """The link to hand out: on PUBLIC_BASE_URL, or a path for the local server when unset."""
    return f"{public_base_url.rstrip('/')}/console/entrar/{token}"
