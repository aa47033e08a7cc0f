"""Stable pseudonymous household ids, and the tombstone that replaces a forgotten phone number.

A household's pseudonym is random (not derived from its name, phone or id), made once when
the household is created and never changed, so evidence shown under it cannot be traced back
without the households table. A forgotten phone's number is replaced by a random tombstone:
nothing of the number survives, and the same number texting again is a new, unknown phone.
"""

import secrets

PSEUDONYM_PREFIX = "H-"
TOMBSTONE_PREFIX = "forgotten:"


def new_pseudonym() -> str:
    """A fresh household pseudonym: H- and 16 random hex digits (64 bits, collisions negligible)."""
    return PSEUDONYM_PREFIX + secrets.token_hex(8)


def phone_tombstone() -> str:
    """What a forgotten phone's number becomes: unique, random, never a valid number (20 chars)."""
    return TOMBSTONE_PREFIX + secrets.token_hex(5)


def is_tombstone(number: str) -> bool:
    """Whether a phone number field holds a tombstone rather than a number."""
    return number.startswith(TOMBSTONE_PREFIX)
