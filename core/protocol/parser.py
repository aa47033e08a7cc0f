"""The household SMS protocol: turns whatever a household texts into one command.

Households write on feature phones, in Spanish or Quechua, with typos, accents, glued words
and stray punctuation. Precision comes before forgiveness: opting out takes the keyword
alone, a common word is never a keyword's typo, a problem anywhere beats a number, and a
number that is no whole count of days is refused rather than rounded. The parser never
raises and runs in linear time, so any body (even 1600 characters of junk) is safe.
"""

import functools

from core.protocol.command import Command, Intent
from core.protocol.keywords import match_keyword, near_stop_word
from core.protocol.numbers import REFUSED, digits, number_word, segment_number, stove_code
from core.protocol.text import Token, chunks, collapse, tokens
from core.protocol.vocabulary import (
    ALTA,
    CLITICS,
    COURTESY,
    DAY_CONTEXT,
    FAILING_PHRASES,
    FAILING_VERBS,
    FIRE_WORDS,
    FRACTION_WORDS,
    GLUEABLE_REGISTER,
    KEYWORDS,
    LEADING_FILLERS,
    NEGATIONS,
    NO,
    NO_CONTEXT,
    PROBLEM_DENIALS,
    PROBLEM_WORDS,
    STOP_PHRASE_WORDS,
    STOP_WORDS,
    USAGE_WORDS,
    YES,
)

_HELP_ONLY = frozenset("?¿")
# Leading separators trimmed from a problem description ("FALLA: no prende").
_DESCRIPTION_LEAD = " \t\r\n:;,.-=_/"
_REPORT_CONTEXT = DAY_CONTEXT | COURTESY | LEADING_FILLERS | NO | YES | FRACTION_WORDS
_ANSWERS = YES | NO
# Most traffic is a few short bodies ("USO 5"): their commands (immutable) are remembered.
_CACHED_LENGTH = 40
UNREADABLE = Command(Intent.UNREADABLE)


def mentions_problem(words: list[str]) -> bool:
    """Spot a problem report anywhere: a problem word not denied, or "no (me) funciona"."""
    for index, word in enumerate(words):
        before = words[max(0, index - 2) : index]
        if word in PROBLEM_WORDS and not PROBLEM_DENIALS.intersection(before):
            return True
        if word in NEGATIONS:
            following = words[index + 1 : index + 3]
            if following and following[0] in CLITICS:
                following = following[1:]
            if following and following[0] in FAILING_VERBS:
                return True
        if tuple(words[index : index + 2]) in FAILING_PHRASES:
            return True
    return False


def _wants_out(words: list[str]) -> bool:
    """An opt-out keyword in a sentence, a near miss of one, or "no quiero mas mensajes"."""
    if any(near_stop_word(w) for w in words):
        return True
    return bool(NO.intersection(words)) and bool(STOP_PHRASE_WORDS.intersection(words))


def _description(body: str, after: int) -> str:
    """The household's own words after a keyword, trimmed, as the problem description."""
    return body[after:].strip().lstrip(_DESCRIPTION_LEAD).strip()


def _kind(word: str) -> str | None:
    if word in USAGE_WORDS:
        return "usage"
    return "fire" if word in FIRE_WORDS else None


def _report(body: str, content: list[Token], head_kind: str | None) -> Command | None:
    """Days of use and of open fire, each number owned by the keyword before it.

    Without a keyword in front, every other word must be one that can surround a count of
    days ("la use 5 dias"), else the message is no report (None).
    """
    segments: list[tuple[str | None, list[Token]]] = [(head_kind, [])]
    for token in content[1:] if head_kind else content:
        kind = _kind(token.text)
        if kind is not None:
            segments.append((kind, []))
        else:
            segments[-1][1].append(token)
    if head_kind is None:
        for token in content:
            word = token.text
            if _kind(word) or word in _REPORT_CONTEXT:
                continue
            if digits(word) is None and number_word(word) is None:
                return None
    figures: dict[str, int | None] = {}
    lead: int | None = None
    for kind, found in segments:
        value = segment_number(body, found)
        if kind is None:
            lead = value
        elif figures.get(kind) is None:
            figures[kind] = value
        elif value is not None and value != figures[kind]:
            figures[kind] = REFUSED
    if lead is not None:
        first = next((k for k, _ in segments if k is not None), None)
        if first is None:
            return _answer(lead)
        if figures[first] is None:
            figures[first] = lead  # "3 dias con fogon"
        elif figures.get("usage") is None:
            figures["usage"] = lead  # "5, fogon 2"
    if not figures:
        return None
    usage, fire = figures.get("usage"), figures.get("fire")
    if REFUSED in (usage, fire):
        intent = Intent.USAGE if "usage" in figures else Intent.OPEN_FIRE
        return Command(intent, refused=True)
    if "usage" in figures and (usage is not None or fire is None):
        return Command(Intent.USAGE, number=usage, open_fire=fire)
    return Command(Intent.OPEN_FIRE, number=fire)


def _answer(value: int) -> Command:
    if value == REFUSED:
        return Command(Intent.ANSWER_NUMBER, refused=True)
    return Command(Intent.ANSWER_NUMBER, number=value)


def _parse_keyword(keyword: str, body: str, content: list[Token]) -> Command | None:
    """Build the command for a message that starts with a keyword."""
    head, rest = content[0], content[1:]
    intent = KEYWORDS[keyword]
    if intent is Intent.REGISTER:
        return Command(intent, code=stove_code(chunks(rest), need_digit=False))
    if intent is Intent.START:
        code = stove_code(chunks(rest), need_digit=True) if keyword == ALTA else None
        if code:
            return Command(Intent.REGISTER, code=code)
        # "ALTA por favor" resumes; "volver a casa" is no command.
        return Command(Intent.START) if all(t.text in COURTESY for t in rest) else None
    if intent is Intent.PROBLEM:
        return Command(intent, text=_description(body, head.end))
    if intent in (Intent.USAGE, Intent.OPEN_FIRE):
        return _report(body, content, "usage" if intent is Intent.USAGE else "fire")
    return Command(intent)


def _glued_register(content: list[Token]) -> Command | None:
    """A code glued to REGISTRO ("REGISTROABC123"), only when it is whole and has a digit."""
    head = content[0]
    for prefix in GLUEABLE_REGISTER:
        if head.text.startswith(prefix) and len(head.text) > len(prefix):
            remainder = Token(head.text[len(prefix) :], head.start, head.end, False)
            glued = chunks([remainder, *content[1:]])[:1]
            code = stove_code(glued, need_digit=True)
            if code is not None:
                return Command(Intent.REGISTER, code=code)
    return None


def _yes_no(body: str, content: list[Token]) -> Command | None:
    """An answer such as "si", "no gracias", "si, 5 dias"; None if it is no answer."""
    answer = collapse(content[0].text)
    rest = content[1:]
    words = [t.text for t in rest]
    if any(digits(w) is not None or number_word(w) is not None for w in words):
        return _report(body, rest, None)  # "si, 5 dias", "no, 3 dias con fogon"
    if answer in YES and all(w in COURTESY or w in DAY_CONTEXT for w in words):
        return Command(Intent.ANSWER_YES)
    if answer in NO and all(w in COURTESY or w in NO_CONTEXT for w in words):
        return Command(Intent.ANSWER_NO)
    return None


def parse(body: str) -> Command:
    """Read a household's SMS as one command, never failing: unknown input is UNREADABLE."""
    if len(body) <= _CACHED_LENGTH:
        return _parse_short(body)
    return _parse(body)


@functools.lru_cache(maxsize=4096)
def _parse_short(body: str) -> Command:
    return _parse(body)


def _parse(body: str) -> Command:
    stripped = "".join(body.split())
    if stripped and set(stripped) <= _HELP_ONLY:
        return Command(Intent.HELP)
    found = tokens(body)
    if len(found) == 1 and found[0].text in STOP_WORDS:
        return Command(Intent.STOP)  # the keyword alone, and nothing else, opts out
    skip = 0
    while skip < len(found) - 1 and found[skip].text in LEADING_FILLERS:
        skip += 1
    content = found[skip:]
    words = [t.text for t in content]
    command = _interpret(body, content, words) if content else None
    if command is not None:
        return command
    if _wants_out([t.text for t in found]):
        return Command(Intent.STOP_UNCLEAR)
    return UNREADABLE


def _interpret(body: str, content: list[Token], words: list[str]) -> Command | None:
    """The command of a message past its greetings, or None when it is none of them."""
    head = content[0].text
    if head in LEADING_FILLERS:
        return None
    keyword = head if head in KEYWORDS else None
    glued = _glued_register(content) if keyword is None else None
    if glued is not None:
        return glued
    is_number = digits(head) is not None or number_word(head) is not None
    answer = collapse(head) in _ANSWERS
    if keyword is None and not is_number and not answer:
        keyword = match_keyword(head)
    intent = KEYWORDS[keyword] if keyword else None
    if intent is not Intent.REGISTER and mentions_problem(words):
        if intent is Intent.PROBLEM:
            return Command(intent, text=_description(body, content[0].end))
        return Command(Intent.PROBLEM, text=body.strip())
    if keyword is not None:
        return _parse_keyword(keyword, body, content)
    if answer:
        return _yes_no(body, content)
    return _report(body, content, None)
