"""Reading counts with their units, refusing what is no whole count, and reading stove codes.

A count is digits, a Spanish or Quechua number word, a fraction (refused) or a phrase such as
"toda la semana" (7) or "ni un dia" (0). It counts days unless the word after it is a unit that
is not days: hours, weeks, times a day, soles, people, a month ("el 5 de mayo"), or a word the
lexicon does not know ("tengo 5 hijos"); a number after "las" is a clock time.

Number words are a lexicon look-up rather than text2num: only 0 to 10 matter, households
misspell them ("sinco", "seys") and write Quechua (pitsqa, chusku), which no package reads.
"""

import re
import unicodedata
from typing import NamedTuple

from core.protocol.text import Token, collapse
from core.protocol.vocabulary import (
    ARTICLES,
    CLOCK,
    CODE_FILLERS,
    CODE_TRAILERS,
    DAY_UNITS,
    FRACTION_WORDS,
    FULL_WEEK,
    KNOWN,
    MONTHS,
    NO_DAY,
    NUMBERS,
    ONE_UNITS,
    OTHER_UNITS,
    PEOPLE_BEFORE,
    TIME_UNITS,
    TIMES,
)

# More digits than this is no count of days (and would make int() slow on huge bodies).
_MAX_NUMBER_DIGITS = 9
_CODE_RE = re.compile(r"[A-Z0-9]{3,12}")
_SIGNS = frozenset("-+\u2212\u2013")
_DECIMAL_MARKS = frozenset(".,")
REFUSED = -1  # a number was written, but it is no whole count of days
_PHRASES: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _phrase, _value in [*((p, 7) for p in FULL_WEEK), *((p, 0) for p in NO_DAY)]:
    _PHRASES.setdefault(_phrase[0], []).append((_phrase, _value))
PHRASE_STARTS = frozenset(_PHRASES)
_DAY = frozenset(("dia", "dias"))


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


class Count(NamedTuple):
    """A number in a message: its value (REFUSED if not whole) and whether it counts days."""

    at: int  # the token it starts at
    value: int
    days: bool


def _is_days(words: list[str], clause: list[int], index: int) -> bool:
    """Whether the number at index counts days, judging by the unit after it."""
    if index and (words[index - 1] in CLOCK or words[index - 1] in PEOPLE_BEFORE):
        return False  # "a las 6", "somos 6"
    following = zip(words[index + 1 : index + 4], clause[index + 1 : index + 4], strict=True)
    after = [w for w, c in following if c == clause[index]]
    if not after:
        return True
    unit = after[0]
    if unit in TIME_UNITS or unit in TIMES or unit in OTHER_UNITS or unit in MONTHS:
        return False
    if unit == "de" and after[1:2] and after[1] in MONTHS:
        return False  # "el 5 de mayo"
    return unit in KNOWN or collapse(unit) in DAY_UNITS or digits(unit) is not None


def counts(body: str, found: list[Token], clause: list[int]) -> list[Count]:
    """Every count of the message: digits, number words, fractions and "toda la semana"."""
    words = [t.text for t in found]
    out: list[Count] = []
    index = 0
    while index < len(words):
        phrase = _phrase_at(words, index)
        if phrase is not None:
            said, length = phrase
            if not (out and not out[-1].days and index - out[-1].at <= 2):
                out.append(Count(index, said, True))  # else "3 horas diario": the hours' period
            index += length
            continue
        word = words[index]
        value = digits(word)
        if value is None:
            value = number_word(word)
            following = words[index + 1] if index + 1 < len(words) else None
            if word in ARTICLES and following is not None and following not in ONE_UNITS:
                value = None  # "la cocina una semana": an article
        if word in FRACTION_WORDS:
            out.append(Count(index, REFUSED, True))
        elif value is not None and not (value == 7 and _of_seven(words, out, index)):
            refused = digits(word) is not None and is_refused(body, found[index])
            days = _is_days(words, clause, index)
            out.append(Count(index, REFUSED if refused else value, days))
        index += 1
    return out


def _of_seven(words: list[str], before: list[Count], index: int) -> bool:
    """ "5 de 7 dias", "4 de los 7": the seven is the week, not a second count."""
    return bool(before) and "de" in words[max(0, index - 2) : index]


def _phrase_at(words: list[str], index: int) -> tuple[int, int] | None:
    """A phrase that is a count ("toda la semana" 7, "ni un dia" 0): its value and length. Any
    spelling of "dia" stands for it ("todos los diitas", "ni un punchaw")."""
    for phrase, value in _PHRASES.get(words[index], ()):
        said = words[index : index + len(phrase)]
        if len(said) == len(phrase) and all(
            w == p or (p in _DAY and w in DAY_UNITS) for w, p in zip(said, phrase, strict=True)
        ):
            return value, len(phrase)
    return None


def stove_code(words: list[str], need_digit: bool) -> str | None:
    """Pull a stove code out of the words after the keyword ("mi codigo es abc-123 ok")."""
    index = 0
    while index < len(words) and words[index] in CODE_FILLERS:
        index += 1
    rest = words[index:]
    while rest and rest[-1] in CODE_TRAILERS:
        rest = rest[:-1]  # "ABC123 ok" is ABC123, never ABC123OK
    upper = [w.upper() for w in rest]
    numbered = next((i for i, w in enumerate(upper) if any(map(str.isdigit, w))), None)
    if numbered is not None:  # "HUA640 soy Juana": the code ends at the first word without digits
        end = next((i for i in range(numbered + 1, len(upper)) if upper[i].isalpha()), len(upper))
        upper = upper[:end]

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
