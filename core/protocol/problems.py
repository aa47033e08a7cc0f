"""Spotting a broken stove: a problem word about the stove or standing alone, and not denied.

"la ropa rota del niño" and "mi celular esta malogrado" are about other things; "no esta
rota" and "ya no bota humo" deny the problem; "bota mucho humo", "no quiere prender" and "se
partio la plancha" report one without a keyword.
"""

from core.protocol.vocabulary import (
    CLITICS,
    COOKING_WORDS,
    FAILING_NEGATIONS,
    FAILING_PHRASES,
    FAILING_VERBS,
    OTHER_NOUNS,
    PROBLEM_DENIALS,
    PROBLEM_WORDS,
    STOVE_NOUNS,
    USAGE_VERBS,
    USAGE_WORDS,
)

# How many words before a problem word a denial reaches ("no hay ninguna falla").
_DENIAL_REACH = 3


def _about_stove(words: list[str], clause: list[int], index: int) -> bool:
    """False only when the nearest thing named in the clause is not the stove."""
    best: tuple[int, bool] | None = None
    for other, word in enumerate(words):
        if clause[other] != clause[index] or other == index:
            continue
        if word in STOVE_NOUNS or word in OTHER_NOUNS:
            candidate = (abs(other - index), word in STOVE_NOUNS)
            if best is None or candidate[0] < best[0] or (candidate[0] == best[0] and candidate[1]):
                best = candidate
    return best is None or best[1]


def _denied(words: list[str], clause: list[int], index: int) -> bool:
    """A denial shortly before the problem word in the same clause ("sin problemas")."""
    start = max(0, index - _DENIAL_REACH)
    return any(
        words[i] in PROBLEM_DENIALS for i in range(start, index) if clause[i] == clause[index]
    )


def _fails(words: list[str], clause: list[int], index: int) -> bool:
    """A negation followed by a failing verb ("no funciona", "no quiere prender"), unless that
    verb is the stove's name and a use or cooking verb follows ("manam cocina usarqachu")."""
    after = index + 1
    while after < len(words) and after - index <= 3 and words[after] in CLITICS:
        after += 1
    if after >= len(words) or clause[after] != clause[index] or words[after] not in FAILING_VERBS:
        return False
    return words[after] not in STOVE_NOUNS or not any(
        (w in USAGE_VERBS or w in USAGE_WORDS or w in COOKING_WORDS) and c == clause[index]
        for w, c in zip(words[after + 1 :], clause[after + 1 :], strict=True)
    )


def mentions_problem(words: list[str], clause: list[int]) -> bool:
    """Whether a message reports a stove problem anywhere in it (it beats any number)."""
    for index, word in enumerate(words):
        problem = word in PROBLEM_WORDS and not _denied(words, clause, index)
        failing = word in FAILING_NEGATIONS and _fails(words, clause, index)
        if (problem or failing) and _about_stove(words, clause, index):
            return True
        if (
            tuple(words[index : index + 2]) in FAILING_PHRASES
            and not _denied(words, clause, index)
            and _about_stove(words, clause, index + 1)
        ):
            return True
    return False
