"""Phone numbers: normalised to E.164 (Peru by default) and masked wherever people can read them."""

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "PE"


@dataclass(frozen=True)
class ParsedPhone:
    """A sender as read: E.164 when it is a valid number, otherwise the raw text kept for review."""

    e164: str | None
    raw: str

    @property
    def valid(self) -> bool:
        """Whether the number could be normalised and may receive replies."""
        return self.e164 is not None

    @property
    def key(self) -> str:
        """What to store as the sender: E.164 when known, the raw text otherwise."""
        return self.e164 or self.raw[:64]


@lru_cache(maxsize=8192)
def parse_phone(raw: str, region: str = DEFAULT_REGION) -> ParsedPhone:
    """Read a number in national ('987654321') or international form; invalid input is kept raw.

    Cached: a programme's phones text every week, and parsing costs more than storing a message.
    """
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ParsedPhone(None, text)
    if not phonenumbers.is_valid_number(number):
        return ParsedPhone(None, text)
    return ParsedPhone(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), text
    )


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form of a number, or ValueError with a message a CSV importer can show."""
    parsed = parse_phone(raw, region)
    if parsed.e164 is None:
        raise ValueError(f"not a valid phone number: {mask_phone(raw)}")
    return parsed.e164


def mask_phone(number: str | None) -> str:
    """Keep the country code and the last three digits: enough to tell phones apart, not to call."""
    if not number:
        return ""
    digits = [c for c in number if c.isdigit()]
    if len(digits) <= 4:
        return "*" * len(digits)
    prefix = "+" + "".join(digits[:2]) if number.startswith("+") else ""
    shown = len(prefix) - 1 if prefix else 0
    return prefix + "*" * (len(digits) - shown - 3) + "".join(digits[-3:])


def national_number(number: str) -> str:
    """The digits a person dials at home ('987654321' of '+51987654321'); '' when unreadable."""
    parsed = parse_phone(number)
    if parsed.e164 is None:
        return ""
    return str(phonenumbers.parse(parsed.e164).national_number)
