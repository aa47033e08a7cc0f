"""The one list of personal fields: where a household's phone, name, location, words and photos are.

Erasure blanks these, the access-request export reads them, and a test scans the ledger and
the issued reports for their values. A field missing here is a field an erasure would miss,
so a new column holding personal data is added here first.
"""

from dataclasses import dataclass

from sqlalchemy import TextClause, bindparam, text

ERASED = "[borrado]"  # what a blanked text says, in Spanish like everything staff read
HIDDEN = "[oculto]"  # what a de-identified export shows instead of a message body


@dataclass(frozen=True)
class PersonalField:
    """One column that can hold personal data, the kind logged when it is read, its blank value.

    `blank` None means SQL NULL; `photo_hash` marks a column naming a file under MEDIA_ROOT
    (the file is deleted, the hash is evidence and stays).
    """

    table: str
    column: str
    kind: str
    blank: str | None
    photo_hash: bool = False


# How each table's rows of one household are found; :household_id and :numbers (its phones'
# numbers, before they are replaced) are bound by the caller.
SCOPES: dict[str, str] = {
    "households": "id = :household_id",
    "inbound_messages": (
        "phone_id IN (SELECT id FROM phones WHERE household_id = :household_id)"
        " OR sender IN :numbers"
    ),
    "outbound_messages": "channel = 'sms' AND recipient IN :numbers",
    "delivery_events": (
        "outbound_id IN (SELECT id FROM outbound_messages"
        " WHERE channel = 'sms' AND recipient IN :numbers)"
    ),
    "visits": "stove_id IN (SELECT id FROM stoves WHERE household_id = :household_id)",
    "repair_tickets": "household_id = :household_id",
    "stoves": "household_id = :household_id",  # the installation photo
}

# What an access request shows besides: the rows that hold the household's own data.
SUBJECT_SCOPES: dict[str, str] = {
    **SCOPES,
    "phones": "household_id = :household_id",
    "usage_observations": (
        "stove_id IN (SELECT id FROM stoves WHERE household_id = :household_id)"
    ),
    "consents": "household_id = :household_id",
    "erasures": "household_id = :household_id",
    "access_log": "household_id = :household_id",
}

PERSONAL_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("households", "name", "name", ""),
    PersonalField("households", "latitude", "location", None),
    PersonalField("households", "longitude", "location", None),
    # phones.number is replaced by a tombstone per row (core.privacy.pseudonyms), last of all.
    PersonalField("inbound_messages", "sender", "phone", ERASED),
    PersonalField("inbound_messages", "body", "message_body", ERASED),
    PersonalField("inbound_messages", "raw_payload", "message_body", ""),
    PersonalField("inbound_messages", "content_key", "phone", None),  # a hash of phone and text
    # Delivery events are found through their message's recipient: blanked before it.
    PersonalField("delivery_events", "raw_payload", "phone", ""),
    PersonalField("outbound_messages", "recipient", "phone", ERASED),
    # Visits are taken at the home: their coordinates are the home's (the distance stays).
    PersonalField("visits", "latitude", "location", None),
    PersonalField("visits", "longitude", "location", None),
    PersonalField("visits", "notes", "message_body", ""),
    PersonalField("visits", "photo_sha256", "photo", None, photo_hash=True),
    PersonalField("stoves", "photo_sha256", "photo", None, photo_hash=True),
    PersonalField("repair_tickets", "description", "message_body", ERASED),
)
PHONE_NUMBER = PersonalField("phones", "number", "phone", None)

# Free text that may mention a household among others (digests to staff, what staff typed to
# the bot): an erasure replaces the household's name and numbers inside it, not the whole text.
MENTIONS: tuple[tuple[str, str, str], ...] = (
    ("outbound_messages", "body", "channel <> 'sms'"),
    ("outbound_messages", "payload", "channel <> 'sms'"),
    ("telegram_updates", "payload", "1 = 1"),
    ("bot_states", "data", "1 = 1"),
)


def fields_of(table: str) -> list[PersonalField]:
    """The personal fields of one table, in registry order."""
    return [f for f in PERSONAL_FIELDS if f.table == table]


def tables() -> list[str]:
    """The tables holding personal fields (phones aside), in registry order."""
    return list(dict.fromkeys(f.table for f in PERSONAL_FIELDS))


def scoped(sql: str) -> TextClause:
    """A statement over a scope; :numbers, where used, takes the list of the phones' numbers."""
    statement = text(sql)
    return statement.bindparams(bindparam("numbers", expanding=True)) if ":numbers" in sql else (
        statement)
