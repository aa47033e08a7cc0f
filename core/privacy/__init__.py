"""Households' personal data under Peru's law (Ley 29733, DS 016-2024-JUS): what it is, who saw it.

This package owns the one list of personal fields (`registry`), the stable pseudonymous id of
a household and the tombstone that replaces a forgotten phone (`pseudonyms`), the access log
every staff read of personal data writes (`access.log_access`), consent on record
(`consent`), erasure that keeps the stove-level evidence verifiable (`erasure`), the
retention job that redacts raw message bodies and photos (`retention`) and the answer to an
access request (`subject`). Evidence rows (stoves, observations, visits, the ledger) point
to a household by its id and pseudonym, never by its phone, name or home coordinates.
"""
