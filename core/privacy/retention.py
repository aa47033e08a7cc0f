"""Retention: raw message bodies and photos are redacted once the period they support is done with.

By default they are kept until the end of the programme's crediting period (the parameters'
`crediting_end`) plus the buyer's retention (BUYER_RETENTION_YEARS); MESSAGE_BODY_RETENTION_DAYS and
PHOTO_RETENTION_DAYS, when set, count instead from the issuance of the period. Only issued
periods are redacted: evidence of an unissued period is still needed. Each run that redacts
anything is recorded like an erasure; a second run finds nothing left and records nothing.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import bindparam, text
from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.media import media_path
from core.models import Erasure, LedgerIssuance, Visit
from core.models.base import UtcDateTime
from core.periods import day_bounds_utc
from core.privacy.erasure import delete_photos
from core.privacy.registry import ERASED

REDACT_BODIES = text(
    "UPDATE inbound_messages SET body = :erased, raw_payload = ''"
    " WHERE received_at >= :start AND received_at < :end AND body <> :erased"
).bindparams(bindparam("start", type_=UtcDateTime()), bindparam("end", type_=UtcDateTime()))


@dataclass(frozen=True)
class RetentionPolicy:
    """How long bodies and photos outlive the issuance of their period (see the module doc)."""

    crediting_period_end: date | None
    buyer_retention_years: int
    message_body_days: int | None = None
    photo_days: int | None = None

    def deadline(self, issued_at: datetime, days: int | None) -> datetime | None:
        """When evidence of a period issued at `issued_at` is due for redaction (None: never)."""
        if days:
            return issued_at + timedelta(days=days)
        if self.crediting_period_end is None:
            return None
        end = self.crediting_period_end
        try:
            kept = end.replace(year=end.year + self.buyer_retention_years)
        except ValueError:  # 29 February
            kept = end.replace(year=end.year + self.buyer_retention_years, day=28)
        return datetime.combine(kept + timedelta(days=1), time.min, UTC)


@dataclass(frozen=True)
class RetentionRun:
    """What one run redacted."""

    bodies: int
    photos: int


def redact_expired(
    uow: UnitOfWork, policy: RetentionPolicy, *, media_root: str | Path, tz: str, now: datetime
) -> RetentionRun:
    """Redact bodies and photos of issued periods past their retention; idempotent."""
    bodies, photos, periods = 0, set[str](), list[str]()
    with uow:
        session = uow.session
        for issuance in session.exec(select(LedgerIssuance).order_by(
                col(LedgerIssuance.period_start))):
            start, end = day_bounds_utc(issuance.period_start, issuance.period_end, tz)
            body_due = policy.deadline(issuance.issued_at, policy.message_body_days)
            done = 0
            if body_due is not None and now >= body_due:
                result = session.execute(REDACT_BODIES,
                                         {"erased": ERASED, "start": start, "end": end})
                done = result.rowcount or 0  # type: ignore[attr-defined]
            photo_due = policy.deadline(issuance.issued_at, policy.photo_days)
            found: set[str] = set()
            if photo_due is not None and now >= photo_due:
                found = {h for h in session.exec(select(Visit.photo_sha256).where(
                    col(Visit.visited_on) >= issuance.period_start,
                    col(Visit.visited_on) <= issuance.period_end,
                    col(Visit.photo_sha256).is_not(None))) if h and media_path(
                        media_root, h).exists()}
            if done or found:
                periods.append(f"{issuance.period_start}..{issuance.period_end}")
            bodies, photos = bodies + done, photos | found
        if periods:
            session.add(Erasure(
                kind="retention", reason=f"retention period over for {', '.join(periods)}"[:500],
                erased_by="scheduler", erased_at=now))
        uow.commit()
    delete_photos(media_root, photos)
    return RetentionRun(bodies, len(photos))
