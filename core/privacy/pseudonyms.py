"""Stable pseudonymous ids of households and stoves, and the tombstone of a forgotten phone.

A household's pseudonym (H-...) and a stove's (S-...) are random, not derived from a name,
phone, stove code or database id, made once when the row is created and never changed. The
access log, erasure records, privacy exports and the buyer's de-identified data all name
things by them, so nothing shown under one can be traced back without the database. A
forgotten phone's number is replaced by a random tombstone: nothing of the number survives,
and the same number texting again is a new, unknown phone.
"""

import secrets

HOUSEHOLD_PREFIX = "H-"
STOVE_PREFIX = "S-"
TOMBSTONE_PREFIX = "forgotten:"


def new_pseudonym(prefix: str = HOUSEHOLD_PREFIX) -> str:
    """A fresh pseudonym: the prefix and 16 random hex digits (64 bits, collisions negligible)."""
    return prefix + secrets.token_hex(8)


def phone_tombstone() -> str:
    """What a forgotten phone's number becomes: unique, random, never a valid number (20 chars)."""
    return TOMBSTONE_PREFIX + secrets.token_hex(5)


def is_tombstone(number: str) -> bool:
    """Whether a phone number field holds a tombstone rather than a number."""
    return number.startswith(TOMBSTONE_PREFIX)
