"""The household SMS protocol: turns whatever a household texts into one command.

Households write on feature phones, in Spanish or Quechua, with typos, accents, glued words
and stray punctuation. Precision comes before forgiveness: opting out takes the keyword
alone, a common word is never a keyword's typo, a problem anywhere beats a number, and a
number that is no whole count of days is refused rather than rounded. The parser never
raises and runs in linear time, so any body (even 1600 characters of junk) is safe.
"""

import functools

from core.protocol.command import Command, Intent
from core.protocol.keywords import courteous, match_keyword, near_stop_word
from core.protocol.numbers import digits, number_word, stove_code
from core.protocol.problems import mentions_problem
from core.protocol.report import FIRE, counted, read_report, subject
from core.protocol.text import Token, chunks, clauses, collapse, tokens
from core.protocol.vocabulary import (
    ABSENCE,
    ALTA,
    COURTESY,
    DAY_CONTEXT,
    GLUEABLE_REGISTER,
    KEYWORDS,
    LEADING_FILLERS,
    NO,
    NO_CONTEXT,
    STOP_PHRASE_WORDS,
    STOP_VERBS,
    STOP_WORDS,
    YES,
)

_HELP_ONLY = frozenset("?¿")
# Leading separators trimmed from a problem description ("FALLA: no prende").
_DESCRIPTION_LEAD = " \t\r\n:;,.-=_/"
_ANSWERS = YES | NO
# Most traffic is a few short bodies ("USO 5"): their commands (immutable) are remembered.
_CACHED_LENGTH = 40
UNREADABLE = Command(Intent.UNREADABLE)


def _wants_out(words: list[str]) -> bool:
    """An opt-out keyword in a sentence, a near miss of one, or "no quiero mas mensajes" and
    "dejen de mandarme sms" (a NO or a stopping verb with the messages)."""
    if any(near_stop_word(w) for w in words):
        return True
    asks = NO.intersection(words) or STOP_VERBS.intersection(words)
    return bool(asks) and bool(STOP_PHRASE_WORDS.intersection(words))


def _description(body: str, after: int) -> str:
    """The household's own words after a keyword, trimmed, as the problem description."""
    return body[after:].strip().lstrip(_DESCRIPTION_LEAD).strip()


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
        return read_report(body, content)
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
    """An answer such as "si", "no gracias", "No, estuve de viaje", "si, 5 dias"; else None."""
    answer = collapse(content[0].text)
    words = [t.text for t in content[1:]]
    if counted(words) or any(subject(w) for w in words):
        report = read_report(body, content)  # "si, 5 dias", "no use la cocina", "no, 0"
        if report is not None and (report.number is not None or report.refused):
            return report
    if answer in YES and all(
        courteous(w) or w in DAY_CONTEXT or w in YES or subject(w) not in (None, FIRE)
        for w in words
    ):
        return Command(Intent.ANSWER_YES)
    if answer in NO and all(courteous(w) or w in NO_CONTEXT for w in words):
        return Command(Intent.ANSWER_NO)
    if answer in NO and _reason(body, content):
        return Command(Intent.ANSWER_NO)
    return None


def _reason(body: str, content: list[Token]) -> bool:
    """A NO followed by why the stove was not used ("No, estuve de viaje"), nothing else."""
    words = [t.text for t in content[1:]]
    if "?" in body or not ABSENCE.intersection(words) or _wants_out(words):
        return False
    if any(subject(w) or digits(w) is not None for w in words):
        return False
    clause = clauses(body, content)
    return len(clause) > 1 and (clause[1] != clause[0] or words[0] in ABSENCE)


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
        if keyword is not None:  # a typo ("USSO 5") is read as the keyword it stands for
            first = content[0]
            content = [Token(keyword, first.start, first.end, first.glued), *content[1:]]
            words = [keyword, *words[1:]]
    intent = KEYWORDS[keyword] if keyword else None
    if intent is not Intent.REGISTER and mentions_problem(words, clauses(body, content)):
        if intent is Intent.PROBLEM:
            return Command(intent, text=_description(body, content[0].end))
        return Command(Intent.PROBLEM, text=body.strip())
    if intent is Intent.PROBLEM:
        return None  # "malogrado mi celular": a problem word about something else
    if keyword is not None:
        return _parse_keyword(keyword, body, content)
    if answer:
        return _yes_no(body, content)
    return read_report(body, content)
