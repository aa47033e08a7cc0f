"""Erasure that keeps verification intact: `qoncha households forget`.

A household's phone numbers, name, home coordinates, message bodies and senders, visit notes
and coordinates, and photo files (core.privacy.registry) are blanked; its stoves,
observations, visits with their photo hashes, KPT figures and the ledger stay, under its id
and pseudonym, so `ledger verify` and every issued report recompute as before. Each phone
number becomes a random tombstone: the same number texting again is a new, unknown phone.
The erasure is recorded (who, when, why), never what was erased.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from core.db.uow import UnitOfWork
from core.media import media_path
from core.models import ConversationState, Erasure, Household, Phone, Stove
from core.phones import national_number, parse_phone
from core.privacy.access import log_access
from core.privacy.pseudonyms import is_tombstone, phone_tombstone
from core.privacy.registry import ERASED, MENTIONS, SCOPES, fields_of, scoped, tables
from core.stove_codes import normalise_stove_code

log = logging.getLogger(__name__)


class ErasureRefused(ValueError):
    """The household to forget cannot be found; the message says why."""


@dataclass(frozen=True)
class Forgotten:
    """What `households forget` reports: the pseudonym evidence now stands under."""

    household_id: int
    pseudonym: str
    phones: int
    photos: int


def find_household(session: Session, *, stove_code: str | None, phone: str | None) -> Household:
    """The household of a stove code or a phone number (the way a request names it)."""
    if stove_code:
        code = normalise_stove_code(stove_code)
        stove = session.exec(select(Stove).where(Stove.code == code)).first()
        household_id = stove.household_id if stove else None
        missing = f"no stove with code {code}"
    else:
        number = parse_phone(phone or "").key
        found = session.exec(select(Phone).where(Phone.number == number)).first()
        household_id = found.household_id if found else None
        missing = "no household has that phone number"
    household = session.get(Household, household_id) if household_id is not None else None
    if household is None:
        raise ErasureRefused(missing)
    return household


def forget_household(
    uow: UnitOfWork, *, stove_code: str | None = None, phone: str | None = None, reason: str,
    actor: str, media_root: str | Path, now: datetime,
) -> Forgotten:
    """Erase one household's personal data, keep its evidence, record the erasure."""
    if not reason.strip():
        raise ErasureRefused("a reason is required")
    with uow:
        session = uow.session
        household = find_household(session, stove_code=stove_code, phone=phone)
        assert household.id is not None
        numbers = list(session.exec(select(Phone.number).where(
            Phone.household_id == household.id)))
        _scrub_mentions(session, household.name, numbers)
        photos = blank_personal_fields(session, household.id)
        phones = _tombstone_phones(session, household.id, now)
        session.add(Erasure(kind="request", household_id=household.id,
                            pseudonym=household.pseudonym, reason=reason.strip()[:500],
                            erased_by=actor[:200], erased_at=now))
        for kind in ("phone", "name", "location", "message_body", "photo"):
            log_access(session, actor=actor, kind=kind, household_id=household.id,
                       purpose="erasure (households forget)", now=now, action="change")
        uow.commit()
        forgotten = Forgotten(household.id, household.pseudonym, phones, len(photos))
    delete_photos(media_root, photos)  # after the commit: a failed erasure keeps its files
    return forgotten


def blank_personal_fields(session: Session, household_id: int) -> set[str]:
    """Blank every registry field of the household's rows; give the photo hashes to delete."""
    numbers = list(session.exec(select(Phone.number).where(Phone.household_id == household_id)))
    params = {"household_id": household_id, "numbers": numbers or ["-"]}
    photos: set[str] = set()
    for table in tables():
        scope = scoped(f"SELECT * FROM {table} WHERE {SCOPES[table]}")
        for f in fields_of(table):
            if f.photo_hash:
                rows = session.execute(scope, params).mappings()
                photos |= {row[f.column] for row in rows if row[f.column]}
        assignments = ", ".join(f"{f.column} = :blank_{f.column}" for f in fields_of(table)
                                if not f.photo_hash)
        if not assignments:  # a table holding only photo hashes (stoves): the files go
            continue
        blanks = {f"blank_{f.column}": f.blank for f in fields_of(table)}
        statement = scoped(f"UPDATE {table} SET {assignments} WHERE {SCOPES[table]}")
        session.execute(statement, {**params, **blanks})
    return photos


SHORTEST_MENTION = 6  # shorter values would blank ordinary words


def _scrub_mentions(session: Session, name: str, numbers: list[str]) -> None:
    """Replace the household's name and numbers inside free text that mentions it."""
    values = {name.strip(), *numbers, *(national_number(n) for n in numbers)}
    values |= {json.dumps(v)[1:-1] for v in values}  # as JSON payloads escape them
    for value in sorted((v for v in values if len(v) >= SHORTEST_MENTION), key=len, reverse=True):
        like = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for table, column, where in MENTIONS:
            session.execute(text(
                f"UPDATE {table} SET {column} = REPLACE({column}, :value, :erased)"
                f" WHERE {where} AND {column} LIKE :pattern ESCAPE '\\'"),
                {"value": value, "erased": ERASED, "pattern": f"%{like}%"})


def _tombstone_phones(session: Session, household_id: int, now: datetime) -> int:
    """Replace each phone's number by a tombstone; it is never sent to again."""
    phones = session.exec(select(Phone).where(Phone.household_id == household_id)).all()
    for phone in phones:
        if not is_tombstone(phone.number):
            phone.number = phone_tombstone()
        phone.opted_out, phone.opted_out_at = True, phone.opted_out_at or now
        phone.invalid_at = phone.invalid_at or now
        session.add(phone)
        state = session.get(ConversationState, phone.id)
        if state is not None:
            session.delete(state)
    return len(phones)


def delete_photos(media_root: str | Path, hashes: set[str]) -> int:
    """Delete the photo files of these hashes under MEDIA_ROOT; the hashes stay as evidence."""
    deleted = 0
    for digest in sorted(hashes):
        path = media_path(media_root, digest)
        if path.exists():
            path.unlink()
            deleted += 1
    if deleted:
        log.info("deleted %d photo file(s) of an erasure", deleted)
    return deleted
