"""The English of the report's explanations, written from the catalogue's templates.

The report's computation (core/mrv, core/reporting) writes every explanation it puts into a
report with `say`, so the English template `Wording.sentence` reads a sentence back against
is the very text that wrote it: one copy of each sentence's wording, and editing it changes
what is written and what is read back together. This module and the catalogue import
nothing else of the project, so the methodology (core/mrv) may use them without a circle.
"""

from functools import cache

from core.reporting.wording.match import placeholders
from core.reporting.wording.sentences import SENTENCES


def say(key: str, **params: object) -> str:
    """The catalogue's English sentence `key`, its placeholders filled with `params`.

    Figures come formatted by the caller (their precision is the report's, not the words');
    a placeholder missing or one too many is a mistake in the caller, refused.
    """
    expected = _placeholders(key)
    if set(params) != expected:
        raise TypeError(f"sentence {key!r} takes {sorted(expected)}, got {sorted(params)}")
    return SENTENCES[key][0].format(**params)


@cache
def _placeholders(key: str) -> frozenset[str]:
    return frozenset(placeholders(SENTENCES[key][0]))
