"""Which keyword a word means: exact, stretched, or one edit away, unless it is a real word.

A common Spanish word is never a typo of a keyword ("rato" is not ROTA, "talla" is not
FALLA): the word list comes from `wordfreq` and the edit distance from `rapidfuzz`, both
loaded on the first near miss of a process, never at import.
"""

import functools
import math
import unicodedata

from core.protocol.text import collapse
from core.protocol.vocabulary import ALTA, COURTESY, KEYWORDS, KNOWN, STOP_WORDS

# Typos are tolerated only on words (and keywords) of this many letters or more.
TYPO_MIN_LENGTH = 4
# Zipf frequency (log10 of uses per billion words) from which a Spanish word is "common":
# 3.0 is once per million words. Tuned on the corpus's tuning part (see tests/corpus).
COMMON_ZIPF = 3.0
_TYPO_KEYWORDS = tuple(sorted(k for k in KEYWORDS if len(k) >= TYPO_MIN_LENGTH))
# Courtesy words long enough that one typo cannot make them another word ("inginiero").
_COURTESY_TYPO_LENGTH = 7
_TYPO_COURTESY = tuple(sorted(w for w in COURTESY if len(w) >= _COURTESY_TYPO_LENGTH))


def _plain(word: str) -> str:
    """A word list entry in the parser's normal form: lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def common_words() -> frozenset[str]:
    """Spanish words used at least COMMON_ZIPF, as the parser spells them (once per process)."""
    from wordfreq import get_frequency_dict  # 0.5 s of data: only when a near miss needs it

    floor = 10 ** (COMMON_ZIPF - 9)
    wordlist = "small" if COMMON_ZIPF >= 3 else "large"  # "small" holds zipf >= 3 only
    return frozenset(
        _plain(word)
        for word, frequency in get_frequency_dict("es", wordlist=wordlist).items()
        if frequency >= floor and word.isalpha()
    )


def zipf(word: str) -> float:
    """The word's Zipf frequency in Spanish, for the corpus tools."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "es")) if word else -math.inf


@functools.cache
def _by_collapsed_form() -> dict[str, tuple[str, ...]]:
    """Keywords by their squeezed form, so "ayudaaa" finds "ayuda" in one look-up."""
    index: dict[str, list[str]] = {}
    for word in (*_TYPO_KEYWORDS, *sorted(STOP_WORDS)):
        index.setdefault(collapse(word), []).append(word)
    return {key: tuple(words) for key, words in index.items()}


def near_keywords(word: str, pool: tuple[str, ...]) -> list[str]:
    """Keywords of the pool one edit (or a stretched letter) away from a word, exact aside."""
    if len(word) < TYPO_MIN_LENGTH or not word.isalpha():
        return []
    stretched = [k for k in _by_collapsed_form().get(collapse(word), ()) if k in pool]
    if stretched:
        return stretched
    return _one_edit(word, pool)


def _one_edit(word: str, pool: tuple[str, ...]) -> list[str]:
    """Words of the pool one edit away from a word."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # Optimal string alignment: one substitution, insertion, deletion or swap of neighbours.
    return [
        k
        for k, _, _ in process.extract(word, pool, scorer=OSA.distance, score_cutoff=1, limit=None)
    ]


@functools.lru_cache(maxsize=8192)
def match_keyword(word: str) -> str | None:
    """The keyword a word means: exact, else one unambiguous typo that is no common word."""
    if word in KEYWORDS:
        return word
    candidates = near_keywords(word, _TYPO_KEYWORDS)
    if not candidates or word in common_words():
        return None
    intents = {KEYWORDS[k] for k in candidates}
    if len(intents) != 1 or (ALTA in candidates and len(candidates) > 1):
        return None  # ambiguous is better unreadable than wrong
    return candidates[0]


@functools.lru_cache(maxsize=8192)
def near_stop_word(word: str) -> bool:
    """A word that looks like an opt-out keyword without being one ("stopp", "bajaa")."""
    if word in STOP_WORDS:
        return True
    return bool(near_keywords(word, tuple(sorted(STOP_WORDS)))) and word not in common_words()


@functools.lru_cache(maxsize=8192)
def courteous(word: str) -> bool:
    """A courtesy word, stretched ("graciass") or with one typo ("inginiero") when it is long
    and the typo is no word the reader or Spanish already knows."""
    if word in COURTESY or collapse(word) in COURTESY:
        return True
    if len(word) < _COURTESY_TYPO_LENGTH or not word.isalpha() or word in KNOWN:
        return False
    return bool(_one_edit(word, _TYPO_COURTESY)) and word not in common_words()
