"""Reading a report: each count with its unit and its subject, each negation within its clause.

A message is cut into clauses at punctuation and at words such as "y", "pero", "porque". In a
clause a count belongs to the stove word before it ("uso 5", "fogon 2"), else to the one after
it ("3 dias con fogon"), else to the subject of the clause before. A count followed by a unit
that is not days (hours, weeks, times a day, soles, people, a month) is no count of days; a
negation before a stove word makes that stove's figure zero ("no use la cocina", "sin fogon").
"""

from dataclasses import dataclass, field

from core.protocol.command import Command, Intent
from core.protocol.keywords import courteous
from core.protocol.numbers import (
    PHRASE_STARTS,
    REFUSED,
    Count,
    counts,
    digits,
    is_refused,
    number_word,
)
from core.protocol.text import Token, clauses
from core.protocol.vocabulary import (
    ARTICLES,
    CLITICS,
    COOKING_WORDS,
    COURTESY,
    DAY_CONTEXT,
    DAY_UNITS,
    FIRE_WORDS,
    FRACTION_WORDS,
    FULL_WEEK,
    LEADING_FILLERS,
    NEGATIONS,
    NO,
    NO_DAY,
    ONE_UNITS,
    PARTIAL_WEEK,
    REASONS,
    STOVE_NAMES,
    USAGE_VERBS,
    USAGE_WORDS,
    YES,
    ZERO_AFTER,
)

USAGE, FIRE, COOK, NAME = "usage", "fire", "cook", "name"
_DAYS_ONLY = frozenset(("dia", "dias", "d", "punchaw"))
_CONTEXT = (
    DAY_CONTEXT | DAY_UNITS | COURTESY | LEADING_FILLERS | NO | YES | FRACTION_WORDS | ZERO_AFTER
) | {word for phrase in (*FULL_WEEK, *NO_DAY) for word in phrase}


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


def _nearest(kinds: list[str | None], clause: list[int], step: int) -> list[str | None]:
    """For each word, the first stove named before it (step -1) or after it (1) in its clause."""
    out: list[str | None] = [None] * len(kinds)
    order = range(len(kinds)) if step < 0 else range(len(kinds) - 1, -1, -1)
    seen: str | None = None
    previous = None
    for index in order:
        if clause[index] != previous:
            seen, previous = None, clause[index]
        out[index] = seen
        seen = kinds[index] or seen
    return out


def _owners(words: list[str], clause: list[int], found: list[Count]) -> dict[int, str | None]:
    """The stove each count belongs to: the stove word before it in its clause unless that one
    already has a count ("5 dias cocina 2 dias fogon"), else the one after it in its clause,
    else the last one named before it."""
    kinds = _kinds(words, clause)
    before, after = _nearest(kinds, clause, -1), _nearest(kinds, clause, 1)
    earlier: list[str | None] = []
    last: str | None = None
    for kind in kinds:
        earlier.append(last)
        last = kind or last
    owners: dict[int, str | None] = {}
    claimed: set[tuple[int, str]] = set()
    for count in found:
        at, here = count.at, clause[count.at]
        free = before[at] if before[at] and (here, before[at]) not in claimed else None
        owner = free or after[at] or before[at] or earlier[at]
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
        owner = owners[count.at]
        if owner is None:
            result.lead.append(count.value)
        else:
            result.values[owner].append(count.value)
    partial = {c for w, c in zip(words, clause, strict=True) if w in PARTIAL_WEEK}
    for kind, where in _negated(words, clause).items():
        result.zero.add(kind)
        if where in partial:
            result.negated_count.add(kind)  # "solo el lunes no use": some days, not the week
        elif any(owners[c.at] == kind and clause[c.at] == where and c.value
               for c in found_counts if c.days):  # fmt: skip
            result.negated_count.add(kind)
    for index, word in enumerate(words[:-1]):
        named = subject(word)
        following = words[index + 1]
        if (
            named in (USAGE, FIRE)
            and following in ZERO_AFTER
            and clause[index + 1] == clause[index]
        ):
            result.zero.add(named)  # "fogon nada", "fogon no"
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
    simple = _simple(body, found)
    if simple is not None:
        return simple
    words = [t.text for t in found]
    kinds = {subject(w) for w in words}
    clause = clauses(body, found)
    strong = any(
        subject(w) == USAGE and not _object_is_fire(words, clause, i) for i, w in enumerate(words)
    )
    fire_named = FIRE in kinds
    named = USAGE in kinds or fire_named or COOK in kinds or NAME in kinds
    if not (named or _plain(words)):
        reason = next((i for i, w in enumerate(words) if w in REASONS), 0)
        if reason and _plain(words[:reason]) and counted(words[:reason]):
            return read_report(body, found[:reason])  # "cinco dias nomas porque me fui ..."
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


def _plain(words: list[str]) -> bool:
    """Only counts and the words that may surround one (days, courtesy, greetings)."""
    return all(
        w in _CONTEXT or digits(w) is not None or number_word(w) is not None or courteous(w)
        for w in words
    )


def counted(words: list[str]) -> bool:
    """Whether some word is a count, a fraction or the start of "toda la semana"."""
    return any(
        digits(w) is not None
        or number_word(w) is not None
        or w in FRACTION_WORDS
        or w in PHRASE_STARTS
        for w in words
    )


def _simple(body: str, found: list[Token]) -> Command | None:
    """The common shapes ("USO 5", "FOGON 2 dias", "4") without the clause machinery; None
    for anything else, which the full reading handles."""
    words = [t.text for t in found]
    head = words[0] if len(words) > 1 else None
    if len(words) > 3 or (len(words) == 3 and words[2] not in _DAYS_ONLY):
        return None
    if head is not None and head not in USAGE_WORDS and head not in FIRE_WORDS:
        return None
    at = 0 if head is None else 1
    value = digits(words[at])
    if value is None:
        value = number_word(words[at])
    elif is_refused(body, found[at]):
        return None
    if value is None or words[at] in FRACTION_WORDS or words[at] in PHRASE_STARTS:
        return None
    if words[at] in ARTICLES and words[at + 1 :] and words[at + 1] not in ONE_UNITS:
        return None  # "una d": let the full reading judge the article
    if head is None:
        return Command(Intent.ANSWER_NUMBER, number=value)
    return Command(Intent.USAGE if head in USAGE_WORDS else Intent.OPEN_FIRE, number=value)


def _command(usage: int | None, fire: int | None, strong: bool) -> Command:
    """The command for the figures read: both, one stove, or the answer to the question."""
    if usage is None:
        intent = Intent.OPEN_FIRE
        return Command(intent, refused=True) if fire == REFUSED else Command(intent, number=fire)
    intent = Intent.USAGE if strong or fire is not None else Intent.ANSWER_NUMBER
    if REFUSED in (usage, fire):
        return Command(intent, refused=True)
    return Command(intent, number=usage, open_fire=fire)
