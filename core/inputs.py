"""Making what a provider sends storable, once, where it enters: text, JSON, times, numbers.

A provider retries whatever it is not given a 2xx for, so a value the database refuses must
never become an outage: text is repaired (U+FFFD for what no backend stores), and what cannot
be repaired — JSON nested beyond reason, a time or number out of range — is refused with a
reason a person can read, before any transaction starts.
"""

import json
import re
from datetime import UTC, datetime
from typing import Any

# PostgreSQL refuses NUL in text; a lone UTF-16 surrogate (JSON's "\ud83d") is no Unicode
# scalar value, so neither backend's driver can encode it.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Strings are skipped whole (an unterminated one runs to the end, so nothing is rescanned).
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"?|[\[\]{}]', re.DOTALL)

# Far deeper than any webhook (Telegram's deepest update is about ten levels), far shallower
# than the recursion that would crash the parser.
MAX_JSON_DEPTH = 64
# A receive time a phone can report: its clock counts from the Unix epoch, and every
# conversion (time zones, the week three days earlier) stays far inside Python's years 1-9999.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
INT32_MAX = 2**31 - 1


class InputError(ValueError):
    """An authenticated payload that cannot be stored as what it claims to be; says why."""


def storable_text(value: str) -> str:
    """The text with NUL and lone surrogates replaced by U+FFFD, so every backend accepts it."""
    if value.isascii():
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    return _UNSTORABLE.sub("\ufffd", value)


def storable_tree(value: Any) -> Any:
    """Parsed JSON with every string (keys too) made storable; depth is bounded by the parser."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable_text(key): storable_tree(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [storable_tree(inner) for inner in value]
    return value


def parse_json(raw: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse a JSON body nested at most `max_depth` deep, its strings made storable."""
    depth = 0
    for token in _JSON_TOKENS.findall(raw):
        if token in "[{":
            depth += 1
            if depth > max_depth:
                raise InputError(f"JSON nested deeper than {max_depth} levels")
        elif token in "]}":
            depth -= 1
    try:
        return storable_tree(json.loads(raw))
    except ValueError as exc:
        raise InputError("body is not JSON") from exc


def storable_time(value: Any, *, field: str) -> datetime:
    """An ISO 8601 time with its offset, within the years a phone's clock can report."""
    if not isinstance(value, str):
        raise InputError(f"{field} must be an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise InputError(f"{field} has no UTC offset")
        utc = moment.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{field} is not an ISO 8601 time") from exc
    if not EARLIEST <= utc < LATEST:
        raise InputError(f"{field} is outside {EARLIEST.year}-{LATEST.year - 1}")
    return moment


def storable_int(value: Any, *, field: str, maximum: int = INT32_MAX) -> int:
    """A JSON integer (not 1.5, not 1e23, not true) between 0 and `maximum`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{field} must be an integer")
    if not 0 <= value <= maximum:
        raise InputError(f"{field} is outside 0-{maximum}")
    return value
