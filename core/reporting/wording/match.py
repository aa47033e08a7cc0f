"""Read a sentence back against the English templates and say it in another language.

A template's placeholders become regular-expression groups: free-text ones (a reason, a
source, a list of names) match anything but a semicolon, the others one token (a number,
a date, a code). What a group captured is itself translated when a template or a term
matches it (a nested reason), else kept as written. A text no template matches whole is
split at its separators ("; " then ", ") and each longest matching part translated.
"""

import re
from collections.abc import Mapping
from string import Formatter

# Placeholders that hold free text (which may contain spaces and commas).
FREE_TEXT = frozenset(
    {"reason", "source", "names", "campaigns", "what", "basis", "area", "vintage", "until",
     "problem", "side", "status"}
)  # fmt: skip
_SEPARATORS = ("; ", ", ")


def placeholders(template: str) -> list[str]:
    """The names of a template's placeholders, in order."""
    return [name for _, name, _, _ in Formatter().parse(template) if name]


def _pattern(template: str) -> re.Pattern[str]:
    """The regular expression an English template's instances match."""
    parts = []
    for literal, name, _, _ in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>[^;]+?)" if name in FREE_TEXT else rf"(?P<{name}>\S+?)")
    return re.compile("".join(parts), re.DOTALL)


class Sentences:
    """The catalogue's sentences and terms, compiled once."""

    def __init__(
        self, sentences: Mapping[str, tuple[str, str]], terms: Mapping[str, tuple[str, str]]
    ) -> None:
        self._compiled = [(_pattern(en), (en, es)) for en, es in sentences.values()]
        self._terms = {en: (en, es) for en, es in terms.values()}

    def term(self, text: str, index: int) -> str:
        """A term in the language at `index`, or the text itself when it is no term."""
        entry = self._terms.get(text)
        return entry[index] if entry else text

    def _whole(self, text: str, index: int) -> str | None:
        """The text translated by the first template it matches whole, or None."""
        if text in self._terms:
            return self._terms[text][index]
        for pattern, texts in self._compiled:
            found = pattern.fullmatch(text)
            if found:
                values = {k: self.translate(v, index) for k, v in found.groupdict().items()}
                return texts[index].format(**values)
        return None

    def translate(self, text: str, index: int, separators: tuple[str, ...] = _SEPARATORS) -> str:
        """The text in the language at `index`: whole, or part by part at its separators."""
        whole = self._whole(text, index)
        if whole is not None or not separators:
            return text if whole is None else whole
        separator, finer = separators[0], separators[1:]
        parts = text.split(separator)
        if len(parts) == 1:
            return self.translate(text, index, finer)
        for end in range(len(parts) - 1, 0, -1):
            head = self._whole(separator.join(parts[:end]), index)
            if head is not None:
                return head + separator + self.translate(separator.join(parts[end:]), index)
        rest = self.translate(separator.join(parts[1:]), index, separators)
        return self.translate(parts[0], index, finer) + separator + rest
