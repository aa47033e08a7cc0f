"""Reading a count of days, refusing what is no whole count, and reading stove codes."""

import re
import unicodedata

from core.protocol.text import Token, collapse
from core.protocol.vocabulary import (
    ARTICLES,
    CODE_FILLERS,
    CODE_TRAILERS,
    FRACTION_WORDS,
    NUMBERS,
)

# More digits than this is no count of days (and would make int() slow on huge bodies).
_MAX_NUMBER_DIGITS = 9
_CODE_RE = re.compile(r"[A-Z0-9]{3,12}")
_SIGNS = frozenset("-+\u2212\u2013")
_DECIMAL_MARKS = frozenset(".,")
# "un dia", "una vez", "uso una": the only places an article is the number one.
_ONE_UNITS = frozenset(("dia", "dias", "vez", "punchaw", "punchawlla"))
REFUSED = -1  # a number was written, but it is no whole count of days


def digits(word: str) -> int | None:
    """Value of a digit run, unless it is too long to be a count of days."""
    if not word.isdigit():
        return None
    significant = word.lstrip("0") or "0"
    return int(significant) if len(significant) <= _MAX_NUMBER_DIGITS else None


def number_word(word: str) -> int | None:
    """Value of a Spanish or Quechua number word, tolerating stretched letters ("doos")."""
    if word in NUMBERS:
        return NUMBERS[word]
    return NUMBERS.get(collapse(word))


def _fractional(char: str) -> bool:
    """A character such as ½ or ¾ that that stands for a number that is not whole."""
    value = unicodedata.numeric(char, None)
    return value is not None and value != int(value)


def is_refused(body: str, token: Token) -> bool:
    """A digit run that is part of a fraction, a decimal or a signed number ("-1", "5.5")."""
    start, end = token.start, token.end
    span = body[start : end + 1]
    if not span.isascii() and any(_fractional(c) for c in span):
        return True
    after = body[end : end + 2]
    if len(after) == 2 and (after[0] in _DECIMAL_MARKS or after[0] == "/") and after[1].isdigit():
        return True
    before = body[max(0, start - 2) : start]
    if before[-1:] in _SIGNS and (len(before) < 2 or not before[0].isalnum()):
        return True
    return before[-1:] in _DECIMAL_MARKS | {"/"} and before[:1].isdigit()


def segment_number(body: str, found: list[Token]) -> int | None:
    """The one count of days among some words: digits first, then number words, else None.

    Two different counts, a fraction ("tres y medio") or a refused digit run give REFUSED.
    "5 de 7" is five.
    """
    values: list[int] = []
    for index, token in enumerate(found):
        value = digits(token.text)
        if value is None:
            continue
        if value == 7 and index and found[index - 1].text == "de" and values:
            continue  # "5 de 7 dias"
        if is_refused(body, token):
            return REFUSED
        values.append(value)
    if not values:
        for index, token in enumerate(found):
            value = number_word(token.text)
            if value is None:
                continue
            following = found[index + 1].text if index + 1 < len(found) else None
            if token.text in ARTICLES and following is not None and following not in _ONE_UNITS:
                continue  # "la cocina una semana": an article
            if value == 7 and index and found[index - 1].text == "de" and values:
                continue
            values.append(value)
    if any(t.text in FRACTION_WORDS for t in found) and values:
        return REFUSED
    if len(set(values)) > 1:
        return REFUSED
    return values[0] if values else None


def stove_code(words: list[str], need_digit: bool) -> str | None:
    """Pull a stove code out of the words after the keyword ("mi codigo es abc-123 ok")."""
    index = 0
    while index < len(words) and words[index] in CODE_FILLERS:
        index += 1
    rest = words[index:]
    while rest and rest[-1] in CODE_TRAILERS:
        rest = rest[:-1]  # "ABC123 ok" is ABC123, never ABC123OK
    upper = [w.upper() for w in rest]

    def valid(code: str) -> bool:
        return bool(_CODE_RE.fullmatch(code)) and (not need_digit or any(map(str.isdigit, code)))

    joined = "".join(upper)
    if valid(joined):
        return joined
    best = None
    prefix = ""
    # "abc 123 muchas gracias senorita": the longest run of leading words that is a code.
    for word in upper:
        prefix += word
        if len(prefix) > 12:
            break
        if valid(prefix) and any(map(str.isdigit, prefix)):
            best = prefix
    return best
