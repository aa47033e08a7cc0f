"""Reading a report: each count with its unit and its subject, each negation within its clause.

A message is cut into clauses at punctuation and at words such as "y", "pero", "porque". In a
clause a count belongs to the stove word before it ("uso 5", "fogon 2"), else to the one after
it ("3 dias con fogon"), else to the subject of the clause before. A count followed by a unit
that is not days (hours, weeks, times a day, soles, people, a month) is no count of days; a
negation before a stove word makes that stove's figure zero ("no use la cocina", "sin fogon").
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from core.protocol.command import Command, Intent
from core.protocol.numbers import REFUSED, digits, is_refused, number_word
from core.protocol.text import Token, collapse
from core.protocol.vocabulary import (
    ARTICLES,
    CLAUSE_WORDS,
    CLITICS,
    CLOCK,
    COOKING_WORDS,
    COURTESY,
    DAY_CONTEXT,
    DAY_UNITS,
    FIRE_WORDS,
    FRACTION_WORDS,
    FULL_WEEK,
    KNOWN,
    LEADING_FILLERS,
    MONTHS,
    NEGATIONS,
    NO,
    NO_DAY,
    ONE_UNITS,
    OTHER_UNITS,
    PER_DAY,
    STOVE_NAMES,
    TIME_UNITS,
    USAGE_VERBS,
    USAGE_WORDS,
    YES,
    ZERO_AFTER,
)

USAGE, FIRE, COOK, NAME = "usage", "fire", "cook", "name"
_SEPARATORS = frozenset(",.;:!?\n¿¡")
_TIMES = frozenset(("vez", "veces", "ves", "beses", "kuti", "kutita"))
_DAILY = frozenset(("diario", "diarias", "diarios", "diaria"))
_PHRASES: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _phrase, _value in [*((p, 7) for p in FULL_WEEK), *((p, 0) for p in NO_DAY)]:
    _PHRASES.setdefault(_phrase[0], []).append((_phrase, _value))
PHRASE_STARTS = frozenset(_PHRASES)
_CONTEXT = (
    DAY_CONTEXT | DAY_UNITS | COURTESY | LEADING_FILLERS | NO | YES | FRACTION_WORDS | ZERO_AFTER
) | {word for phrase in (*FULL_WEEK, *NO_DAY) for word in phrase}


class Count(NamedTuple):
    """A number in a message: its value (REFUSED if not whole) and whether it counts days."""

    index: int
    value: int
    days: bool


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


def subject(word: str) -> str | None:
    """Which stove a word speaks of: the improved one (a keyword, its name, a cooking verb) or
    the open fire."""
    if word in USAGE_WORDS or word in USAGE_VERBS:
        return USAGE
    if word in FIRE_WORDS:
        return FIRE
    if word in STOVE_NAMES:
        return NAME
    return COOK if word in COOKING_WORDS else None


def _is_days(words: list[str], clause: list[int], index: int) -> bool:
    """Whether the number at index counts days, judging by the unit after it."""
    if index and words[index - 1] in CLOCK:
        return False  # "a las 6"
    following = zip(words[index + 1 : index + 4], clause[index + 1 : index + 4], strict=True)
    after = [w for w, c in following if c == clause[index]]
    if not after:
        return True
    unit = after[0]
    if unit in _TIMES:
        per_day = after[1:2] and (
            after[1] in _DAILY or (after[1] in PER_DAY and after[2:3] and after[2] in DAY_UNITS)
        )
        return not per_day
    if unit in TIME_UNITS or unit in OTHER_UNITS or unit in MONTHS:
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
            value, length = phrase
            if not (out and not out[-1].days and index - out[-1].index <= 2):
                out.append(Count(index, value, True))  # else "3 horas diario": the hours' period
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
    """A phrase that is a count ("toda la semana" 7, "ni un dia" 0): its value and length."""
    for phrase, value in _PHRASES.get(words[index], ()):
        if tuple(words[index : index + len(phrase)]) == phrase:
            return value, len(phrase)
    return None


@dataclass
class Figures:
    """What a message says of each stove: counts, zero words, and which words it used."""

    values: dict[str, list[int]] = field(default_factory=lambda: {USAGE: [], FIRE: []})
    zero: set[str] = field(default_factory=set)
    negated_count: set[str] = field(default_factory=set)
    lead: list[int] = field(default_factory=list)
    other_units: bool = False


def _kinds(words: list[str], clause: list[int]) -> list[str | None]:
    """Each word's stove. A verb whose object is the open fire ("use el fogon") and a cooking
    word in a clause that names the open fire name none: the open fire word speaks."""
    kinds = [subject(w) for w in words]
    fire_clauses = {c for k, c in zip(kinds, clause, strict=True) if k == FIRE}
    out: list[str | None] = []
    for index, kind in enumerate(kinds):
        if kind == NAME:
            kind = USAGE
        elif kind == COOK:
            kind = USAGE if clause[index] not in fire_clauses else None
        elif kind == USAGE and _object_is_fire(words, clause, index):
            kind = None
        out.append(kind)
    return out


def _object_is_fire(words: list[str], clause: list[int], index: int) -> bool:
    """Whether the open fire is a verb's object ("use el fogon", "la tullpa use")."""
    near = [
        i
        for i in (*range(index + 1, index + 3), *range(index - 1, index - 3, -1))
        if 0 <= i < len(words) and clause[i] == clause[index] and words[i] not in CLITICS
    ]
    after = [i for i in near if i > index][:1]
    before = [i for i in near if i < index][:1]
    return any(subject(words[i]) == FIRE for i in (*after, *before))


def _nearest(kinds: list[str | None], clause: list[int], at: int, step: int) -> str | None:
    """The first stove named from a word on, going back (-1) or forward (1) in its clause."""
    index = at + step
    while 0 <= index < len(kinds) and clause[index] == clause[at]:
        if kinds[index]:
            return kinds[index]
        index += step
    return None


def _owners(words: list[str], clause: list[int], found: list[Count]) -> dict[int, str | None]:
    """The stove each count belongs to: the stove word before it in its clause unless that one
    already has a count ("5 dias cocina 2 dias fogon"), else the one after it in its clause,
    else the last one named before it."""
    kinds = _kinds(words, clause)
    owners: dict[int, str | None] = {}
    claimed: set[tuple[int, str]] = set()
    for count in found:
        at, here = count.index, clause[count.index]
        before, after = _nearest(kinds, clause, at, -1), _nearest(kinds, clause, at, 1)
        earlier = next((kinds[i] for i in range(at - 1, -1, -1) if kinds[i]), None)
        free = before if before and (here, before) not in claimed else None
        owner = free or after or before or earlier
        owners[at] = owner
        if owner is not None and count.days:
            claimed.add((here, owner))
    return owners


def _negated(words: list[str], clause: list[int]) -> dict[str, int]:
    """Stoves a negation denies, with the clause it sits in ("no la use", "sin fogon")."""
    out: dict[str, int] = {}
    for index, word in enumerate(words):
        if word not in NEGATIONS:
            continue
        after = index + 1
        while after < len(words) and after - index <= 3 and words[after] in CLITICS:
            after += 1
        if after >= len(words) or clause[after] != clause[index]:
            continue
        kind = subject(words[after])
        if kind is None:
            continue
        if kind != FIRE and _object_is_fire(words, clause, after):
            kind = FIRE  # "no use el fogon"
        out[FIRE if kind == FIRE else USAGE] = clause[index]
    return out


def figures(body: str, found: list[Token]) -> Figures:
    """Gather the counts of a message under their subjects."""
    words = [t.text for t in found]
    clause = clauses(body, found)
    result = Figures()
    found_counts = counts(body, found, clause)
    owners = _owners(words, clause, found_counts)
    for count in found_counts:
        if not count.days:
            result.other_units = True
            continue
        owner = owners[count.index]
        if owner is None:
            result.lead.append(count.value)
        else:
            result.values[owner].append(count.value)
    for kind, where in _negated(words, clause).items():
        result.zero.add(kind)
        if any(owners[c.index] == kind and clause[c.index] == where and c.value
               for c in found_counts if c.days):  # fmt: skip
            result.negated_count.add(kind)
    for index, word in enumerate(words[:-1]):
        kind = subject(word)
        following = words[index + 1]
        if kind in (USAGE, FIRE) and following in ZERO_AFTER and clause[index + 1] == clause[index]:
            result.zero.add(kind)  # "fogon nada", "fogon no"
    return result


def _one(values: list[int], zero: bool, refused: bool) -> int | None:
    """The single figure among a stove's counts: REFUSED when they disagree or are not whole."""
    if refused:
        return REFUSED
    distinct = set(values) | ({0} if zero else set())
    if not distinct:
        return None
    return distinct.pop() if len(distinct) == 1 else REFUSED


def read_report(body: str, found: list[Token]) -> Command | None:
    """The report a message makes, or None when it is no report ("5 personas en casa")."""
    words = [t.text for t in found]
    kinds = {subject(w) for w in words}
    strong, fire_named = USAGE in kinds, FIRE in kinds
    plain = all(w in _CONTEXT or digits(w) is not None or number_word(w) is not None for w in words)
    named = strong or fire_named or COOK in kinds or NAME in kinds
    if not (named or plain):
        return None
    got = figures(body, found)
    usage = _one(got.values[USAGE], USAGE in got.zero, USAGE in got.negated_count)
    fire = _one(got.values[FIRE], FIRE in got.zero, FIRE in got.negated_count)
    if got.lead:
        lead = _one(got.lead, False, False)
        if fire is None and fire_named and usage is None and not strong:
            fire = lead if not got.values[FIRE] else fire
        elif usage is None:
            usage = lead
        elif lead != usage:
            usage = REFUSED
    if usage is None and fire is None:
        if got.other_units and named:
            return Command(Intent.USAGE if strong else Intent.ANSWER_NUMBER, refused=True)
        if strong:
            return Command(Intent.USAGE)
        return Command(Intent.OPEN_FIRE) if fire_named else None
    return _command(usage, fire, strong)


def _command(usage: int | None, fire: int | None, strong: bool) -> Command:
    """The command for the figures read: both, one stove, or the answer to the question."""
    if usage is None:
        intent = Intent.OPEN_FIRE
        return Command(intent, refused=True) if fire == REFUSED else Command(intent, number=fire)
    intent = Intent.USAGE if strong or fire is not None else Intent.ANSWER_NUMBER
    if REFUSED in (usage, fire):
        return Command(intent, refused=True)
    return Command(intent, number=usage, open_fire=fire)
