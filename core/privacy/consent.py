"""Consent on record: how and when each household was told of the processing and agreed.

Three paths record it: REGISTRO by SMS (the household then gets the one-segment notice,
once), /instalar in the bot (the technician confirms the household agreed) and the
households import, only from a `consent_on` column (the day the paper form was signed).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.models import Consent, Erasure, Household, OutboundMessage, Stove
from core.privacy.access import log_access

# The version of the notice a household received; bump it whenever the notice text changes.
NOTICE_VERSION = "aviso-2026-12"
PAPER_FORM_VERSION = "formulario-papel"


def notice_key(household_id: int) -> str:
    """The outbox key of a household's one privacy notice."""
    return f"privacy-notice:{household_id}"


def record_consent(
    session: Session, *, household_id: int, channel: str, recorded_by: str, now: datetime,
    consented_at: datetime | None = None, notice_version: str = NOTICE_VERSION,
) -> Consent:
    """Add a consent record in the caller's transaction (a change of personal data, logged)."""
    consent = Consent(household_id=household_id, channel=channel, notice_version=notice_version,
                      consented_at=consented_at or now, recorded_by=recorded_by[:200],
                      recorded_at=now)
    session.add(consent)
    log_access(session, actor=recorded_by, kind="name", household_id=household_id,
               purpose=f"consent recorded ({channel})", now=now, action="change")
    return consent


def has_consent(session: Session, household_id: int) -> bool:
    """Whether the household has any consent on record."""
    found = session.exec(select(Consent.id).where(Consent.household_id == household_id)).first()
    return found is not None


def consent_on_paper(session: Session, *, household_id: int, signed_on: date, actor: str,
                     now: datetime) -> None:
    """The import's `consent_on`: recorded once per household and signing day."""
    at = datetime.combine(signed_on, time(12), tzinfo=UTC)  # a day, not a moment: its noon
    known = session.exec(select(Consent.id).where(
        Consent.household_id == household_id, Consent.channel == "import",
        Consent.consented_at == at)).first()
    if known is None:
        record_consent(session, household_id=household_id, channel="import", recorded_by=actor,
                       now=now, consented_at=at, notice_version=PAPER_FORM_VERSION)


def consent_by_sms(session: Session, *, household_id: int, phone_id: int, now: datetime) -> bool:
    """REGISTRO: record consent if the household has none; True if the notice is still due."""
    if not has_consent(session, household_id):
        record_consent(session, household_id=household_id, channel="sms",
                       recorded_by=f"sms phone {phone_id}", now=now)
    sent = session.exec(select(OutboundMessage.id).where(
        OutboundMessage.dedupe_key == notice_key(household_id))).first()
    return sent is None


@dataclass(frozen=True)
class PrivacyStatus:
    """What `qoncha privacy status` shows: who has no consent, and the erasures done."""

    without_consent: list[tuple[str, str, str]]  # pseudonym, stove codes, district
    erasures: list[Erasure]


def privacy_status(uow: UnitOfWork) -> PrivacyStatus:
    """Households with no consent record (by pseudonym and stove codes), and every erasure."""
    with uow.reading():
        session = uow.session
        consented = select(Consent.household_id)
        households = session.exec(select(Household).where(
            col(Household.id).not_in(consented)).order_by(col(Household.id))).all()
        codes: dict[int, list[str]] = {}
        for household_id, code in session.exec(select(Stove.household_id, Stove.code).where(
                col(Stove.household_id).in_([h.id for h in households])).order_by(col(Stove.code))):
            codes.setdefault(household_id, []).append(code)
        erasures = list(session.exec(select(Erasure).order_by(col(Erasure.erased_at),
                                                               col(Erasure.id))))
    return PrivacyStatus(
        [(h.pseudonym, ", ".join(codes.get(h.id or 0, [])), h.district) for h in households],
        erasures)
