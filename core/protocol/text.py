"""Folding a body into lower-case ASCII words and digit runs, keeping where each sat."""

import functools
import re
import unicodedata
from typing import NamedTuple

from core.protocol.vocabulary import CLAUSE_WORDS

_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u02bb`\u00b4")
_DROPPED_CATEGORIES = frozenset(("Mn", "Mc", "Me", "Cf"))


@functools.lru_cache(maxsize=4096)
def fold(char: str) -> str:
    """Fold one character to lower-case letters/ASCII digits, '' (invisible) or ' ' (separator)."""
    if char in _APOSTROPHES:
        # Apostrophes are letters of Quechua spelling (ch'usaq, p'unchaw): join, don't split.
        return ""
    folded = char
    for _ in range(4):  # a compatibility decomposition may yield new upper case: repeat
        step = unicodedata.normalize("NFKD", folded).casefold()
        step = "".join(c for c in step if unicodedata.category(c) not in _DROPPED_CATEGORIES)
        if step == folded:
            break
        folded = step
    out = []
    for c in folded:
        if c in _APOSTROPHES:
            continue  # a decomposition may yield one ("ŉ" -> "ʼn")
        if c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        elif c.isalpha():
            out.append(c)
        else:
            out.append(" ")
    return "".join(out)


def normalise(body: str) -> str:
    """Reduce a body to lower-case words so case, accents and punctuation never matter."""
    return " ".join("".join(fold(c) for c in body).split())


class Token(NamedTuple):
    """A run of letters or of digits, with where it sits in the original body."""

    text: str
    start: int
    end: int
    glued: bool  # True when nothing separates it from the previous token ("uso5", "abc123")


def tokens(body: str) -> list[Token]:
    """Split a body into letter runs and digit runs, remembering spans for the problem text."""
    found: list[Token] = []
    chars: list[str] = []
    start = end = 0
    separated = True  # whether a separator came before the token being built
    glued = False

    def close() -> None:
        if chars:
            found.append(Token("".join(chars), start, end, glued))
            chars.clear()

    for index, char in enumerate(body):
        folded = fold(char)
        if not folded:
            if chars:
                end = index + 1  # an accent or apostrophe belongs to the word it is in
            continue
        for c in folded:
            if c == " ":
                close()
                separated = True
                continue
            if chars and c.isdigit() != chars[-1].isdigit():
                close()
                separated = False
            if not chars:
                start, glued = index, not separated and bool(found)
            chars.append(c)
            end = index + 1
            separated = False
    close()
    return found


# Punctuation that ends a clause: numbers and their stove never reach across it.
_SEPARATORS = frozenset(",.;:!?\n¿¡")


def clauses(body: str, found: list[Token]) -> list[int]:
    """The clause number of each token: punctuation and joining words start a new clause."""
    out, current = [], 0
    for index, token in enumerate(found):
        if index and (
            token.text in CLAUSE_WORDS
            or _SEPARATORS.intersection(body[found[index - 1].end : token.start])
        ):
            current += 1
        out.append(current)
    return out


_REPEATS = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=8192)
def collapse(word: str) -> str:
    """Squeeze repeated letters ("siii" -> "si") the way people stress a word."""
    return _REPEATS.sub(r"\1", word)


def chunks(found: list[Token]) -> list[str]:
    """Re-join glued tokens ("abc" + "123") into the words the household typed."""
    out: list[str] = []
    for token in found:
        if token.glued and out:
            out[-1] += token.text
        else:
            out.append(token.text)
    return out
