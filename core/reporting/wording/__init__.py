"""The monitoring report's words in English and Spanish (es-PE): one catalogue, two languages.

The report's figures are language-free; its words are not. Every heading, row label and
explanation a renderer prints comes from here: `labels` holds the texts the renderers
write themselves, `sentences` the explanations the report's computation writes into the
report (its notes, why U is what it is, the integrity conditions' evidence). Those stay
English in the report's JSON (its content digest, which the ledger records, must not
depend on who reads it), and `Wording.sentence` reads each one back against its English
template and says it in the reader's language, so no second copy of a rule's wording is
kept. Numbers are written the same in both languages (a point for decimals, as in Peru).
"""

from collections.abc import Mapping

from core.reporting.wording.labels import LABELS
from core.reporting.wording.match import Sentences
from core.reporting.wording.sentences import SENTENCES, TERMS

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

_SENTENCES = Sentences(SENTENCES, TERMS)


class Wording:
    """The report's words in one language: `w("key", name=value)` and `w.sentence(text)`."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._index = LANGUAGES.index(lang)

    def __call__(self, key: str, **params: object) -> str:
        """A label of the catalogue in this language, its placeholders filled in."""
        return LABELS[key][self._index].format(**params)

    def sentence(self, text: str | None) -> str:
        """A sentence the report's computation wrote (in English), said in this language.

        Text no template matches (a reason a person typed, a source title) stays as written.
        """
        if text is None:
            return ""
        return text if self.lang == "en" else _SENTENCES.translate(text, self._index)

    def term(self, text: object) -> str:
        """A one-word value of the report (a result, a phase, a status) in this language."""
        return _SENTENCES.term(str(text), self._index)


def catalogue() -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """Every entry of the catalogue by kind, for the completeness tests."""
    return {"labels": LABELS, "sentences": SENTENCES, "terms": TERMS}
