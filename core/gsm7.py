"""GSM 03.38 (3GPP TS 23.038) character set and SMS segment counting.

Households pay per segment and many feature phones show UCS-2 texts badly, so every
outgoing text is checked (and, if needed, transliterated) against the GSM-7 alphabet.
"""

import unicodedata
from dataclasses import dataclass

# The basic table in code order, 16 code points per row; None marks 0x1B (ESC), which
# introduces the extension table and is never a character of its own.
_BASIC_ROWS: tuple[tuple[str | None, ...], ...] = (
    ("@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å"),
    ("Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", None, "Æ", "æ", "ß", "É"),
    (" ", "!", '"', "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/"),
    ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?"),
    ("¡", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O"),
    ("P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü", "§"),
    ("¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"),
    ("p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "ä", "ö", "ñ", "ü", "à"),
)

# Characters of the basic table: one septet each.
BASIC_CHARS: frozenset[str] = frozenset(c for row in _BASIC_ROWS for c in row if c is not None)

# Characters of the default extension table: ESC plus one septet, so two septets each.
EXTENSION_CHARS: frozenset[str] = frozenset("\f^{}\\[]~|€")

GSM7_CHARS: frozenset[str] = BASIC_CHARS | EXTENSION_CHARS

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# Capacities in septets (GSM-7) or UTF-16 code units (UCS-2); a concatenated message
# loses 7 septets / 3 code units per segment to the user data header.
GSM7_SINGLE = 160
GSM7_MULTI = 153
UCS2_SINGLE = 70
UCS2_MULTI = 67

# Look-alikes that phones and word processors slip into texts, mapped to GSM-7.
_SUBSTITUTES: dict[str, str] = {
    "\t": " ",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": ".",
    "\u02c6": "^",
    "\u02dc": "~",
    "\u00d7": "x",
}


@dataclass(frozen=True)
class SegmentInfo:
    """What a text will cost on the air, so callers can keep household texts to one SMS."""

    encoding: str
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Tell whether a text can go out in GSM-7, i.e. without dropping to 70-character UCS-2."""
    return all(c in GSM7_CHARS for c in text)


def _septet_cost(char: str) -> int:
    """Septets one GSM-7 character takes, because extension characters need an ESC first."""
    return 2 if char in EXTENSION_CHARS else 1


def septet_length(text: str) -> int:
    """Count septets, because extension characters silently eat twice the room."""
    for position, char in enumerate(text):
        if char not in GSM7_CHARS:
            raise ValueError(f"character {char!r} at position {position} is not in GSM-7")
    return sum(_septet_cost(c) for c in text)


def _utf16_cost(char: str) -> int:
    """UTF-16 code units of one character, since astral characters (emoji) need a pair."""
    return 2 if ord(char) > 0xFFFF else 1


def _segments(costs: list[int], single: int, multi: int) -> int:
    """Fill segments greedily so that no multi-unit character is split across two of them."""
    if sum(costs) <= single:
        return 1
    segments, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            segments += 1
            used = 0
        used += cost
    return segments


def segment_info(text: str) -> SegmentInfo:
    """Work out encoding and segment count the way a handset does, to price and trim texts."""
    if is_gsm7(text):
        costs = [_septet_cost(c) for c in text]
        return SegmentInfo(GSM7, sum(costs), _segments(costs, GSM7_SINGLE, GSM7_MULTI))
    costs = [_utf16_cost(c) for c in text]
    return SegmentInfo(UCS2, sum(costs), _segments(costs, UCS2_SINGLE, UCS2_MULTI))


def segment_count(text: str) -> int:
    """Number of SMS segments a text is billed as."""
    return segment_info(text).segments


def fits_one_segment(text: str) -> bool:
    """Tell whether a text arrives as one plain GSM-7 SMS, the budget for household texts."""
    return is_gsm7(text) and septet_length(text) <= GSM7_SINGLE


def _transliterate(char: str) -> str:
    """Closest GSM-7 spelling of one character, or '?' so that nothing is silently lost."""
    if char in GSM7_CHARS:
        return char
    if char in _SUBSTITUTES:
        return _SUBSTITUTES[char]
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        # Stray combining marks and zero-width characters are invisible: drop them.
        return ""
    if category == "Zs":
        return " "
    upper = char.upper()
    if char.islower() and upper in BASIC_CHARS:
        # ç -> Ç and Greek lower case -> the capitals the table has.
        return upper
    decomposed = "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    )
    if decomposed.strip():
        mapped = [c if c in GSM7_CHARS else _SUBSTITUTES.get(c) for c in decomposed]
        if all(m is not None for m in mapped):
            return "".join(m for m in mapped if m is not None)
    return "?"


def to_gsm7(text: str) -> str:
    """Rewrite a text into GSM-7 so it keeps 160 characters per segment on every phone."""
    # NFC first so that a decomposed e + acute becomes the GSM-7 character é.
    composed = unicodedata.normalize("NFC", text)
    return "".join(_transliterate(c) for c in composed)
