"""Registering an installation from the field: the bot's /instalar, through the CSV import's rules.

The household, stove and phone are written by `import_households`, the service behind
`qoncha households import`, so both paths check and store the same way; the bot adds that a
stove code already in use is refused (an import would update it) and that a technician
installs only in their districts. The household then gets a welcome SMS telling it how to report.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from core.db.uow import UnitOfWork
from core.imports.households import import_households
from core.messaging import texts
from core.models import Stove
from core.outbox.queue import queue_sms
from core.periods import local_date
from core.phones import parse_phone
from core.privacy.access import staff_actor
from core.privacy.consent import record_consent
from core.prompts.weekly import welcome_key
from core.refusals import Refused
from core.staffbot.members import Staff
from core.stove_codes import is_answer_word, is_valid_stove_code, normalise_stove_code


class InstallationRefused(Refused):
    """An answer that cannot be accepted: a code the staff texts word for the technician."""


@dataclass(frozen=True)
class Installation:
    """The answers of /instalar, checked one by one as they arrive."""

    code: str
    household_name: str
    phone: str  # E.164
    district: str
    community: str
    latitude: float | None
    longitude: float | None
    baseline_stove: str
    consent: bool = False  # the technician confirmed the household was told and agreed
    photo_sha256: str | None = None  # the installed stove's photo, kept under MEDIA_ROOT


def check_new_stove_code(uow: UnitOfWork, text: str) -> str:
    """The normalised code if it is well formed and not on any stove yet."""
    code = normalise_stove_code(text)
    if is_answer_word(text):
        raise InstallationRefused("answer_not_code", answer=text.strip()[:20])
    if not is_valid_stove_code(code):
        raise InstallationRefused("install_code_format")
    with uow:
        if uow.session.exec(select(Stove.id).where(Stove.code == code)).first() is not None:
            raise InstallationRefused("install_code_taken", stove=code)
    return code


def check_household_phone(text: str) -> str:
    """The phone in E.164 (Peru when no country code is given), or a refusal."""
    parsed = parse_phone(text)
    if parsed.e164 is None:
        raise InstallationRefused("install_phone_invalid")
    return parsed.e164


def check_district(staff: Staff, text: str) -> str:
    """A district the member installs in."""
    district = text.strip()[:100]
    if not district or not staff.can_act_in(district):
        raise InstallationRefused("install_district")
    return district


def register_installation(
    uow: UnitOfWork, staff: Staff, installation: Installation, *, sms_provider: str,
    now: datetime, tz: str,
) -> None:
    """Create household, stove and phone, record the consent, queue the household's welcome SMS."""
    if not installation.consent:
        raise InstallationRefused("install_no_consent")
    check_district(staff, installation.district)
    check_new_stove_code(uow, installation.code)
    row = {
        "stove_code": installation.code, "household_name": installation.household_name,
        "phone": installation.phone, "district": installation.district,
        "community": installation.community, "installed_on": local_date(now, tz).isoformat(),
        "latitude": "" if installation.latitude is None else str(installation.latitude),
        "longitude": "" if installation.longitude is None else str(installation.longitude),
        "baseline_stove": installation.baseline_stove,
    }
    actor = staff_actor(staff.id, staff.name)
    report = import_households(uow, [(1, row)], now=now, tz=tz, actor=actor)
    if report.errors:
        raise InstallationRefused("install_failed", detail=report.errors[0].message)
    with uow:
        stove = uow.session.exec(select(Stove).where(Stove.code == installation.code)).one()
        stove.photo_sha256 = installation.photo_sha256
        uow.session.add(stove)
        record_consent(uow.session, household_id=stove.household_id, channel="bot",
                       recorded_by=actor, now=now)
        # Keyed like the weekly job's welcome, so the household is welcomed once, not twice.
        queue_sms(uow.session, to=installation.phone, now=now, provider=sms_provider,
                  purpose="welcome", dedupe_key=welcome_key(stove.household_id),
                  body=texts.WELCOME_INSTALLED.format(code=installation.code))
        uow.commit()
