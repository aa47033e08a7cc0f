"""Stove codes: one normal form shared by the CSV import and the SMS parser.

A code is printed on the stove and copied by hand into spreadsheets and text messages, so
"abc-123", "ABC 123" and "Abc.123" must all find the same stove.
"""

import re
import unicodedata

# What the SMS parser can read back out of "REGISTRO abc-123": 3 to 12 letters and digits.
# A digit is required because "ALTA <word>" without one means "resume messages", not a code.
STOVE_CODE_RE = re.compile(r"(?=.*[0-9])[A-Z0-9]{3,12}")
_MARKS = frozenset(("Mn", "Mc", "Me"))
# Answers a member may type out of turn; none of them is ever read as a stove code.
ANSWER_WORDS = frozenset(("SI", "NO", "OK", "OKEY", "OKAY", "YA", "VALE", "CLARO", "LISTO",
                          "DALE", "BUENO", "CONFIRMAR", "CANCELAR", "CORREGIR", "CONTINUAR"))


def normalise_stove_code(text: str) -> str:
    """Upper-case letters and digits only, accents dropped, so every spelling finds one stove."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    # Dropping combining marks turns "Ñ" into "N", as the parser's folding does.
    bare = "".join(c for c in decomposed if unicodedata.category(c) not in _MARKS)
    return "".join(c for c in bare.upper() if c.isalnum())


def is_valid_stove_code(code: str) -> bool:
    """Whether a normalised code is one a household can text back (see STOVE_CODE_RE)."""
    return STOVE_CODE_RE.fullmatch(code) is not None


def is_answer_word(text: str) -> bool:
    """Whether the text is a yes/no or button word ("Sí", "ok") rather than a code."""
    return normalise_stove_code(text) in ANSWER_WORDS
