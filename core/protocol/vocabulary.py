"""The words the household protocol knows, read once from lexicon.toml (data, not code).

The lexicon is a small file shipped inside the package; it is read when this module is first
imported, because every other module of the parser is built on these sets.
"""

import tomllib
from importlib import resources
from typing import Any

from core.protocol.command import Intent


def _load() -> dict[str, Any]:
    """The lexicon file as a dictionary."""
    text = resources.files("core.protocol").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_LEXICON = _load()


def _words(section: str, key: str) -> frozenset[str]:
    return frozenset(_LEXICON[section][key])


def _phrases(section: str, key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(phrase.split()) for phrase in _LEXICON[section][key])


def _with_suffixes(words: frozenset[str]) -> frozenset[str]:
    """A list with its Quechua nouns also in their suffixed forms ("cocinapi", "tullpawan")."""
    table = _LEXICON["quechua_nouns"]
    nouns = words.intersection(table["nouns"])
    return words | {noun + suffix for noun in nouns for suffix in table["suffixes"]}


def _numbers(section: str) -> dict[str, int]:
    table = _LEXICON[section]
    return {word: int(value) for value, words in table.items() if value.isdigit() for word in words}


_INTENTS = {
    "usage": Intent.USAGE,
    "open_fire": Intent.OPEN_FIRE,
    "register": Intent.REGISTER,
    "problem": Intent.PROBLEM,
    "help": Intent.HELP,
    "start": Intent.START,
}
STOP_WORDS = _words("stop", "words")
START_WORDS = frozenset(_LEXICON["keywords"]["start"])
ALTA = "alta"  # START alone, REGISTER when a stove code follows
# Keywords that lead a message ("USO 5", "FALLA no prende").
KEYWORDS: dict[str, Intent] = {
    word: intent for name, intent in _INTENTS.items() for word in _LEXICON["keywords"][name]
}
FIRE_WORDS = _with_suffixes(
    frozenset(k for k, i in KEYWORDS.items() if i is Intent.OPEN_FIRE)
    | _words("subjects", "fire_extra")
)
USAGE_WORDS = frozenset(k for k, i in KEYWORDS.items() if i is Intent.USAGE)
USAGE_VERBS = _words("subjects", "usage_verbs")
STOVE_NAMES = _with_suffixes(_words("subjects", "stove_names"))
COOKING_WORDS = _with_suffixes(_words("subjects", "cooking"))
GLUEABLE_REGISTER = tuple(_LEXICON["codes"]["glueable"])

YES = _words("answers", "yes")
NO = _words("answers", "no")
NEGATIONS = _words("answers", "negations")
ZERO_AFTER = _words("answers", "zero_after")
ABSENCE = _words("answers", "absence")

NUMBER_WORDS = _numbers("numbers")
QUECHUA_NUMBER_WORDS = _numbers("quechua_numbers")
NUMBERS: dict[str, int] = {
    **{
        word + suffix: value
        for word, value in QUECHUA_NUMBER_WORDS.items()
        for suffix in _LEXICON["quechua_numbers"]["suffixes"]
    },
    **QUECHUA_NUMBER_WORDS,
    **NUMBER_WORDS,
}
ARTICLES = _words("counts", "articles")
ONE_UNITS = _words("counts", "one_units")
DAY_UNITS = _with_suffixes(_words("counts", "day_units"))
TIME_UNITS = _words("counts", "time_units")
OTHER_UNITS = _words("counts", "other_units")
TIMES = _words("counts", "times")
PEOPLE_BEFORE = _words("counts", "people_before")
REASONS = _words("counts", "reasons")
MONTHS = _words("counts", "months")
CLOCK = _words("counts", "clock")
FRACTION_WORDS = _words("counts", "fractions")
FULL_WEEK = _phrases("counts", "full_week")
NO_DAY = _phrases("counts", "no_day")
CLAUSE_WORDS = _words("counts", "clause_words")
PARTIAL_WEEK = _words("counts", "partial_week")

LEADING_FILLERS = _words("context", "leading")
COURTESY = _words("context", "courtesy")
DAY_CONTEXT = _with_suffixes(_words("context", "days"))
NO_CONTEXT = (DAY_CONTEXT | _words("context", "no_extra")) - _words("context", "not_after_no")
CLITICS = _words("context", "clitics")
CODE_FILLERS = _words("codes", "fillers")
CODE_TRAILERS = _words("codes", "trailers")

PROBLEM_WORDS = _words("problems", "words")
PROBLEM_DENIALS = _words("problems", "denials")
FAILING_NEGATIONS = _words("problems", "negations")
FAILING_VERBS = _words("problems", "failing_verbs")
FAILING_PHRASES = frozenset(_phrases("problems", "failing_phrases"))
STOVE_NOUNS = _with_suffixes(_words("problems", "stove_nouns"))
OTHER_NOUNS = _words("problems", "other_nouns")
STOP_PHRASE_WORDS = _words("stop", "phrase_words")
STOP_VERBS = _words("stop", "verbs")


def _every_word() -> frozenset[str]:
    """Every word the lexicon names, so a count followed by anything else is no sure count."""
    found: set[str] = (
        set(NUMBERS) | FIRE_WORDS | STOVE_NAMES | COOKING_WORDS | DAY_UNITS | DAY_CONTEXT
    )
    for section in _LEXICON.values():
        for words in section.values():
            for phrase in words:
                found.update(phrase.split())
    return frozenset(found)


KNOWN = _every_word()
